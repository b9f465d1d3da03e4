/* mail.h - the mail views: a ticket's attachments (:attachments [N]) and
 * the quarantine of inbound mail that could not be delivered
 * (:quarantine), with the raw message it holds. */
#ifndef DOCKET_TUI_VIEWS_MAIL_H
#define DOCKET_TUI_VIEWS_MAIL_H

#include "tui/tui.h"

struct view *attachments_view_new(int64_t ticket_id);
struct view *quarantine_view_new(void);
/* Remove the files opened for viewing this session (at the TUI's exit). */
void mail_views_cleanup(void);

#endif
