/* letter_pick.c - L in a ticket: the letters the ticket's open duties call
 * for (core/letters.h), picked by number before $EDITOR opens on the
 * letter, filled for the ticket and with the customer's last message
 * quoted; placeholders the ticket cannot fill are left for the agent,
 * and a letter that still holds one is refused when sent. */
#include "tui/views/compose.h"

#include "core/letters.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ticket_reply_letter(int64_t ticket_id, int64_t version)
{
	struct letter_set *ls = NULL;
	struct letter_offer *o = NULL;
	size_t n = 0;
	int rc = ws_letters(tui.ws, &ls);
	if (!rc)
		rc = letters_for_ticket(tui.ws, ls, ticket_id, &o, &n);
	if (rc) {
		tui_report(rc);
		letter_set_free(ls);
		return;
	}
	if (!n) {
		tui_message("no letter: no open duty of this ticket calls for a template (r writes a reply)");
		letter_set_free(ls);
		return;
	}
	struct buf q = BUF_INIT;
	char keys[10] = "";
	size_t shown = n < 9 ? n : 9;
	buf_adds(&q, "letter:");
	for (size_t i = 0; i < shown; i++) {
		buf_printf(&q, " %zu %s", i + 1, o[i].tpl->name);
		keys[i] = (char)('1' + i);
	}
	buf_adds(&q, " (Esc cancels)");
	int k = tui_ask(buf_str(&q), keys);
	buf_release(&q);
	if (!k) {
		tui_message("letter cancelled");
		goto out;
	}
	const struct letter_offer *pick = &o[k - '1'];
	char *body = NULL, *text = NULL;
	int64_t oid = 0;
	struct buf missing = BUF_INIT;
	if ((rc = letters_compose(tui.ws, ls, pick->tpl, ticket_id, NULL, 1, &body, &oid, &missing))) {
		tui_report(rc);
		buf_release(&missing);
		goto out;
	}
	buf_release(&missing);
	rc = tui_edit(body, &text);
	free(body);
	if (rc == 1 || rc == 2) {
		tui_message(rc == 1 ? "empty text: letter cancelled" : "editor failed: letter cancelled");
		goto out;
	}
	if (rc < 0) {
		tui_report(rc);
		goto out;
	}
	struct view *cv = compose_view_new(ticket_id, version, 0, text);
	compose_view_set_letter(cv, pick->tpl->name, ls->revision, pick->tpl->meets, oid ? oid : pick->obligation_id);
	view_push(cv);
out:
	letter_offers_free(o, n);
	letter_set_free(ls);
}
