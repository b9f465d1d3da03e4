/* cli_attach.c - `docket ticket attachment ID ATT [--out FILE]`: one
 * attachment of a ticket's mail, to stdout or to a file (core/attach.h);
 * `docket mail attachments ID` lists them. */
#include "cli/cli_impl.h"

#include "core/attach.h"
#include "core/desk.h"
#include "lib/priv.h"
#include "lib/text.h"
#include "lib/err.h"
#include "lib/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* ---- `ticket reply --attach FILE` */

static const char *type_by_extension(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = { { ".pdf", "application/pdf" }, { ".txt", "text/plain" },	   { ".html", "text/html" },
		      { ".htm", "text/html" },	     { ".json", "application/json" }, { ".csv", "text/csv" },
		      { ".png", "image/png" },	     { ".jpg", "image/jpeg" },	     { ".jpeg", "image/jpeg" },
		      { ".gif", "image/gif" },	     { ".zip", "application/zip" },   { ".xml", "application/xml" },
		      { ".doc", "application/msword" },
		      { ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" } };
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcasecmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

void cli_attachments_free(struct reply_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(files[i].name);
		free(files[i].data);
	}
	free(files);
}

int cli_attachments(struct cli *c, const struct cli_args *a, struct reply_file **files, size_t *n)
{
	*files = NULL;
	*n = 0;
	const char **paths;
	size_t np = cli_arg_all(a, "attach", &paths);
	if (!np) {
		free(paths);
		return 0;
	}
	int64_t max = 25 * 1024 * 1024, total = 0;
	parse_int64(ws_config(c->ws, "mail_max_bytes", "26214400"), 1, INT64_MAX, &max);
	struct reply_file *f = xcalloc(np, sizeof(*f));
	int rc = 0;
	size_t k = 0;
	for (; k < np && !rc; k++) {
		char *data = NULL;
		size_t len = 0;
		priv_user_begin(); /* the user's file, with the user's own rights */
		rc = read_file(paths[k], &data, &len);
		priv_user_end();
		if (rc) {
			rc = err_prefix(rc, "--attach");
			break;
		}
		total += (int64_t)len;
		if (total > max) {
			free(data);
			rc = err_set(DK_EINVAL, "--attach %s: the files come to more than mail_max_bytes (%lld bytes); "
						"nothing was sent",
				     paths[k], (long long)max);
			break;
		}
		const char *base = strrchr(paths[k], '/');
		f[k].name = text_safe_filename(base ? base + 1 : paths[k], "attachment");
		f[k].type = type_by_extension(f[k].name);
		f[k].data = data;
		f[k].len = len;
	}
	free(paths);
	if (rc) {
		cli_attachments_free(f, k);
		return rc;
	}
	*files = f;
	*n = np;
	return 0;
}
