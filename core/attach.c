/* attach.c - a ticket's attachments for the agent (attach.h). */
#include "core/attach.h"

#include "data/store.h"
#include "lib/err.h"
#include "lib/priv.h"
#include "lib/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void attach_clear(struct mail_attachment *m)
{
	free(m->name);
	free(m->type);
	free(m->sha256);
	memset(m, 0, sizeof(*m));
}

int attach_list(struct workspace *ws, int64_t ticket_id, struct mail_attachment **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct ticket t;
	int rc = store_ticket_get(ws->store, ticket_id, &t);
	if (rc)
		return rc;
	ticket_clear(&t);
	return store_mail_attachment_list(ws->store, ticket_id, out, n);
}

int attach_get(struct workspace *ws, int64_t ticket_id, int64_t att_id, struct mail_attachment *meta, char **bytes,
	       size_t *len)
{
	*bytes = NULL;
	*len = 0;
	memset(meta, 0, sizeof(*meta));
	struct mail_attachment *a;
	size_t n;
	int rc = attach_list(ws, ticket_id, &a, &n);
	if (rc)
		return rc;
	size_t i = 0;
	while (i < n && a[i].id != att_id)
		i++;
	if (i == n) {
		mail_attachments_free(a, n);
		return err_set(DK_ENOTFOUND, "attachment %lld: not an attachment of ticket %lld (it has %zu; `docket mail "
					     "attachments %lld` lists them)",
			       (long long)att_id, (long long)ticket_id, n, (long long)ticket_id);
	}
	*meta = a[i];
	memset(&a[i], 0, sizeof(a[i]));
	mail_attachments_free(a, n);
	if ((rc = store_mail_blob_get(ws->store, meta->sha256, bytes, len))) {
		attach_clear(meta);
		return err_prefix(rc, "attachment %lld", (long long)att_id);
	}
	return 0;
}

int attach_save(struct workspace *ws, int64_t ticket_id, int64_t att_id, const char *path, int replace,
		size_t *len)
{
	if (!path || !*path)
		return err_set(DK_EUSAGE, "attachment: give a file to write it to");
	struct mail_attachment meta;
	char *bytes;
	size_t n;
	int rc = attach_get(ws, ticket_id, att_id, &meta, &bytes, &n);
	if (rc)
		return rc;
	attach_clear(&meta);
	/* the file is the user's: written with the user's rights */
	priv_user_begin();
	struct stat sb;
	if (!replace && lstat(path, &sb) == 0)
		rc = err_set(DK_ECONFLICT, "%s: exists (not replaced)", path);
	else
		rc = write_file_atomic(path, bytes, n, 0600);
	priv_user_end();
	free(bytes);
	if (!rc && len)
		*len = n;
	return rc;
}
