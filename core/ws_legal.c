/* ws_legal.c - the workspace's legal repository, opened on first use. */
#include "core/workspace.h"

#include "lib/err.h"
#include "terms/legal.h"

int ws_legal(struct workspace *ws, struct legal_repo **out)
{
	if (!ws->legal) {
		int rc = legal_open(ws->legal_dir, &ws->legal);
		if (rc)
			return rc;
		legal_set_tz(ws->legal, ws->tz);
	}
	*out = ws->legal;
	return 0;
}

void ws_rules_close(struct workspace *ws);

void ws_legal_close(struct workspace *ws)
{
	ws_rules_close(ws);
	legal_free(ws->legal);
	ws->legal = NULL;
}
