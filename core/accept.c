/* accept.c - terms_accept: the checks, the acceptance row and its audit row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/accept.h"
#include "core/workspace.h"
#include "data/store.h"
#include "lib/err.h"
#include "lib/util.h"
#include "model/model.h"
#include "terms/legal.h"

int terms_accept(struct workspace *ws, int64_t cid, const char *doc, const char *rev, dk_time at,
		 const char *channel, char id[41])
{
	struct legal_repo *r;
	struct customer cu = { 0 };
	struct legal_rev *v = NULL;
	size_t n = 0;
	char *path = NULL;
	int rc;

	id[0] = 0;
	if (!channel || !*channel || strlen(channel) > 32)
		return err_set(DK_EINVAL, "terms accept: channel: expected a short name such as web, email, app, paper");
	if ((rc = ws_legal(ws, &r)) || (rc = legal_doc_path(doc, &path)))
		goto out;
	if ((rc = store_customer_get(ws->store, cid, &cu)) || (rc = legal_doc_revision_at(r, path, rev, id)) ||
	    (rc = legal_log(r, path, &v, &n)))
		goto out;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].id, id) && v[i].committed_at > at) {
			char d1[DK_TIME_BUFSZ], d2[DK_TIME_BUFSZ];
			rc = err_set(DK_EINVAL, "terms accept: revision %.7s was published %s, after %s", id,
				     dk_date_format(v[i].committed_at, ws->tz, d1), dk_date_format(at, ws->tz, d2));
			goto out;
		}
	if (cu.erased_at != DK_TIME_NONE) {
		rc = err_set(DK_EINVAL, "terms accept: customer %lld: erased", (long long)cid);
		goto out;
	}
	struct acceptance a = { 0, cid, xstrdup(doc), xstrdup(id), at, xstrdup(channel) };
	char obj[48];
	snprintf(obj, sizeof(obj), "customer:%lld", (long long)cid);
	if (!(rc = ws_begin(ws))) {
		if ((rc = store_acceptance_insert(ws->store, &a)) ||
		    (rc = ws_audit(ws, "terms.accept", obj, "document=%s revision=%s channel=%s", doc, id, channel)) ||
		    (rc = ws_commit(ws)))
			ws_rollback(ws);
	}
	acceptance_clear(&a);
out:
	if (rc)
		id[0] = 0;
	legal_revs_free(v, n);
	customer_clear(&cu);
	free(path);
	return rc;
}
