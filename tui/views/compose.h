/* compose.h - the preview of a reply or internal note before it is
 * saved. */
#ifndef DOCKET_TUI_VIEWS_COMPOSE_H
#define DOCKET_TUI_VIEWS_COMPOSE_H

#include "tui/tui.h"

/* Compose: the preview of a reply (note == 0) or internal note before it
 * is saved. text becomes the view's. version: the ticket version the
 * agent saw (expect_version of the write). */
struct view *compose_view_new(int64_t ticket_id, int64_t version, int note, char *text);
/* The draft kept when the agent went back from the preview (q) of a
 * reply or note to ticket_id: taken (the caller frees it), or NULL. */
char *compose_take_draft(int64_t ticket_id, int note);
/* The reply is a letter from a template (tui/views/letter_pick.c): sending
 * records it (core/letters.h); strings are copied. */
void compose_view_set_letter(struct view *v, const char *tpl, const char *revision, const char *meets,
			     int64_t obligation_id);
/* L in a ticket: pick one of the letters its open duties call for; the
 * letter, filled and quoted, opens in $EDITOR, then the preview. */
void ticket_reply_letter(int64_t ticket_id, int64_t version);

#endif
