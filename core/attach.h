/* attach.h - the attachments of a ticket's mail, for the agent: listed,
 * read, saved to a file the agent names (with the agent's own rights,
 * never the workspace group's). The CLI (`docket ticket attachment`) and
 * the TUI (:attachments) call these. Attachment names come from mail and
 * are hostile: text_safe_filename (lib/text.h) makes one fit to offer. */
#ifndef DOCKET_ATTACH_H
#define DOCKET_ATTACH_H

#include <stddef.h>
#include <stdint.h>

#include "core/workspace.h"
#include "data/store_mail.h"

/* The attachments of ticket_id (oldest first); DK_ENOTFOUND when there is
 * no such ticket. *out: mail_attachments_free. */
int attach_list(struct workspace *ws, int64_t ticket_id, struct mail_attachment **out, size_t *n);

/* Frees the fields of one attachment row (not the row itself). */
void attach_clear(struct mail_attachment *m);

/* Attachment att_id of ticket_id: its row in *meta (attach_clear) and its bytes in *bytes (caller frees). DK_ENOTFOUND naming
 * the ticket's attachments when att_id is not one of them. */
int attach_get(struct workspace *ws, int64_t ticket_id, int64_t att_id, struct mail_attachment *meta, char **bytes,
	       size_t *len);

/* Write attachment att_id of ticket_id to path (mode 0600, atomically,
 * with the user's own rights); replace: 0 refuses an existing file
 * (DK_ECONFLICT naming it). *len gets the size written. */
int attach_save(struct workspace *ws, int64_t ticket_id, int64_t att_id, const char *path, int replace,
		size_t *len);

#endif
