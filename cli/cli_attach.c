/* cli_attach.c - `docket ticket attachment ID ATT [--out FILE]`: one
 * attachment of a ticket's mail, to stdout or to a file (core/attach.h);
 * `docket mail attachments ID` lists them. */
#include "cli/cli_impl.h"

#include "core/attach.h"
#include "lib/err.h"
#include "lib/util.h"

#include <stdio.h>
#include <stdlib.h>

CLI_HANDLER(cli_ticket_attachment)
{
	int64_t tid, aid;
	if (parse_int64(a->pos[0], 1, INT64_MAX, &tid))
		return cli_fail(err_set(DK_EINVAL, "ticket: %s: not a ticket number", a->pos[0]));
	if (parse_int64(a->pos[1], 1, INT64_MAX, &aid))
		return cli_fail(err_set(DK_EINVAL, "attachment: %s: not an attachment number (`docket mail attachments "
						   "%lld` lists them)",
					a->pos[1], (long long)tid));
	const char *out = cli_arg(a, "out");
	if (out) {
		size_t len = 0;
		int rc = attach_save(c->ws, tid, aid, out, cli_flag(a, "replace"), &len);
		if (rc)
			return cli_fail(rc);
		printf("attachment %lld of ticket %lld: %zu bytes written to %s\n", (long long)aid, (long long)tid, len,
		       out);
		return 0;
	}
	struct mail_attachment m;
	char *bytes;
	size_t len;
	int rc = attach_get(c->ws, tid, aid, &m, &bytes, &len);
	if (rc)
		return cli_fail(rc);
	attach_clear(&m);
	size_t w = fwrite(bytes, 1, len, stdout);
	free(bytes);
	if (w != len || fflush(stdout))
		return cli_fail(err_set(DK_EIO, "attachment: cannot write to standard output"));
	return 0;
}
