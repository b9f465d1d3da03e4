/* compose.c - the preview of a reply or internal note before it is
 * saved: exactly what will be sent, including the AI disclosure docket
 * adds to automated replies where a rule requires it, with keys to send,
 * send as automated, edit again or discard. A stale write is refused by
 * the core (expect_version); the text stays here and the fresh thread is
 * shown below it, so nothing the agent wrote is lost. */
#include "tui/views/compose.h"

#include "core/desk.h"
#include "core/letters.h"
#include "lib/err.h"
#include "core/obligations.h"
#include "lib/text.h"
#include "core/ticketview.h"
#include "lib/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LATEST 3 /* messages of the thread shown under the preview */

/* Drafts kept by going back from a preview, one per ticket and kind
 * (for this session only: never written anywhere). */
#define DRAFTS 16
static struct {
	int64_t ticket_id;
	int note;
	char *text;
} drafts[DRAFTS];

static void draft_keep(int64_t ticket_id, int note, char *text)
{
	int slot = -1;
	for (int i = 0; i < DRAFTS; i++)
		if ((drafts[i].text && drafts[i].ticket_id == ticket_id && drafts[i].note == note) ||
		    (slot < 0 && !drafts[i].text))
			slot = i;
	if (slot < 0)
		slot = 0; /* the oldest goes */
	free(drafts[slot].text);
	drafts[slot].ticket_id = ticket_id;
	drafts[slot].note = note;
	drafts[slot].text = text;
}

char *compose_take_draft(int64_t ticket_id, int note)
{
	for (int i = 0; i < DRAFTS; i++)
		if (drafts[i].text && drafts[i].ticket_id == ticket_id && drafts[i].note == note) {
			char *t = drafts[i].text;
			drafts[i].text = NULL;
			return t;
		}
	return NULL;
}

struct compose {
	int64_t ticket_id;
	int64_t version; /* the ticket version the agent saw */
	int note;
	int automated;
	char *text;
	struct ticket_view tv;
	int loaded;
	char *rule;      /* disclosure rule for an automated reply, or NULL */
	int rule_err;
	char *conflict;  /* why the last send was refused as stale, or NULL */
	/* a letter from a template (compose_view_set_letter), or NULL */
	char *letter_tpl, *letter_rev, *letter_meets;
	int64_t letter_oid;
};

static int compose_open(struct view *v)
{
	struct compose *c = v->priv;
	struct ticket_view fresh;
	int rc = ticket_view_load(tui.ws, c->ticket_id, dk_now(), &fresh);
	if (rc)
		return rc;
	if (c->loaded)
		ticket_view_clear(&c->tv);
	c->tv = fresh;
	c->loaded = 1;
	free(c->rule);
	c->rule = NULL;
	c->rule_err = 0;
	if (!c->note && obligations_disclosure_rule(tui.ws, &c->tv.customer, dk_now(), &c->rule)) {
		c->rule = NULL;
		c->rule_err = 1;
	}
	snprintf(v->title, sizeof(v->title), "%s #%lld: preview", c->note ? "Internal note on" : "Reply to",
		 (long long)c->ticket_id);
	return 0;
}

static void compose_layout(struct view *v)
{
	struct compose *c = v->priv;
	struct lines *L = &v->lines;
	int W = v->width;
	lines_clear(L);
	const struct customer *cu = &c->tv.customer;
	char *name = text_visible_dup(cu->name ? cu->name : "", 0);
	char *email = text_visible_dup(cu->email ? cu->email : "", 0);
	if (c->note) {
		lines_add(L, S_NOTE, L_TEXT, "Internal note by %s: never sent to the customer", tui.ws->login);
	} else {
		lines_add(L, S_NORMAL, L_TEXT, "To: %s <%s>  %s", name, email, cu->jurisdiction ? cu->jurisdiction : "");
		lines_add(L, c->automated ? S_AUTO : S_NORMAL, L_TEXT, "As: %s",
			  c->automated ? "AUTOMATED reply (written by a bot or AI)" : "a reply by you, a person");
	}
	free(name);
	free(email);
	if (c->conflict) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "Not saved: %s. Your text is kept and the fresh thread is below: read it, then y saves.",
			   c->conflict);
		lines_add_wrapped(L, S_WARN, buf_str(&b), 0, W);
		buf_release(&b);
	}
	lines_add(L, S_SECTION, L_SECTION, "%s", c->note ? "The note" : "What will be sent");
	lines_add_wrapped(L, c->note ? S_NOTE : S_NORMAL, c->text, 2, W);
	if (!c->note && c->automated) {
		const char *disc = desk_disclosure_text(tui.ws);
		if (cu->restricted) {
			lines_add(L, S_WARN, L_TEXT, "Refused: the customer's processing is restricted (GDPR Art 18):");
			lines_add(L, S_WARN, L_TEXT, "no automated replies. Press B to send as yourself.");
		} else if (c->rule_err) {
			lines_add_wrapped(L, S_WARN, err_msg(), 2, W);
		} else if (c->rule && (!disc || !*disc)) {
			struct buf b = BUF_INIT;
			buf_printf(&b, "Refused: rule %s requires an AI disclosure and the workspace has no "
				       "ai_disclosure text configured.",
				   c->rule);
			lines_add_wrapped(L, S_WARN, buf_str(&b), 0, W);
			buf_release(&b);
		} else if (c->rule) {
			if (!strstr(c->text, disc)) {
				lines_add(L, S_NORMAL, L_TEXT, "%s", "");
				lines_add_wrapped(L, S_AUTO, disc, 2, W);
			}
			lines_add(L, S_DIM, L_TEXT, "(AI disclosure added: rule %s requires it)", c->rule);
		} else {
			lines_add(L, S_DIM, L_TEXT, "(no AI-disclosure rule applies to this customer)");
		}
	}
	/* the same keys for a note and a reply; B only means something here */
	lines_add(L, S_SECTION, L_SECTION, "Keys");
	lines_add(L, S_KEY, L_TEXT, "  y %s   e edit again   q back (keep or discard the draft)",
		  c->note ? "save note" : "send");
	if (!c->note)
		lines_add(L, S_KEY, L_TEXT, "  B %s", c->automated ? "send as yourself (not automated)" : "send as automated (bot/AI)");

	/* the fresh end of the thread */
	size_t n = c->tv.nmessages, first = n > LATEST ? n - LATEST : 0;
	lines_add(L, S_SECTION, L_SECTION, "Latest in the thread (%zu messages, version %lld)", n,
		  (long long)c->tv.ticket.version);
	for (size_t i = first; i < n; i++) {
		const struct message *m = &c->tv.messages[i];
		char when[32];
		tui_fmt_time(m->created_at, "%Y-%m-%d %H:%M", when, sizeof(when));
		char *author = text_visible_dup(m->author ? m->author : "", 0);
		int in = !strcmp(m->direction, "in"), note = !strcmp(m->direction, "note");
		lines_add(L, in ? S_INBOUND : note ? S_NOTE : S_OUTBOUND, L_MSG, "%s %s  %s%s", in ? "IN  " : note ? "NOTE" : "OUT ",
			  when, author, m->automated ? "  [AUTOMATED]" : "");
		free(author);
		lines_add_wrapped(L, note ? S_NOTE : S_NORMAL, m->body, 2, W);
	}
	v->nlines = L->n;
	snprintf(v->pos, sizeof(v->pos), "%s", c->automated ? "AUTOMATED" : "");
}

static void mark_parent_changed(struct view *v)
{
	if (v->parent) {
		v->parent->stale = 1;
		v->parent->own_change = 2; /* reloads showing the new message */
	}
}

static void compose_send(struct view *v)
{
	struct compose *c = v->priv;
	int rc;
	int64_t mid = 0;
	if (c->note) {
		rc = desk_ticket_note(tui.ws, c->ticket_id, c->text, c->version, dk_now(), &mid);
	} else {
		struct message m;
		memset(&m, 0, sizeof(m));
		struct letter_ref ref = { .tpl = c->letter_tpl, .revision = c->letter_rev, .meets = c->letter_meets,
					  .obligation_id = c->letter_oid, .purpose = LETTER_USE_REPLY };
		rc = desk_ticket_reply_letter(tui.ws, c->ticket_id, c->text, c->automated, c->version, dk_now(),
					      c->letter_tpl ? &ref : NULL, &m, NULL);
		mid = m.id;
		if (!rc)
			message_clear(&m);
	}
	if (rc == DK_ECONFLICT) {
		free(c->conflict);
		c->conflict = xstrdup(err_msg());
		tui_error("%s", c->conflict);
		compose_open(v);
		c->version = c->tv.ticket.version; /* the agent now sees the fresh thread */
		v->lineno = v->offset = 0;
		view_layout(v);
		if (v->parent)
			v->parent->stale = 1;
		return;
	}
	if (rc) {
		tui_report(rc);
		return;
	}
	mark_parent_changed(v);
	int note = c->note, automated = c->automated, letter = c->letter_tpl != NULL;
	view_pop();
	tui_changed(1);
	tui_counts_refresh();
	tui_message("%s saved (message %lld)", note ? "note" : letter ? "letter" : automated ? "automated reply" : "reply",
		    (long long)mid);
}

static int compose_request(struct view *v, enum request req)
{
	struct compose *c = v->priv;
	switch (req) {
	case REQ_SEND:
		compose_send(v);
		return 1;
	case REQ_SEND_AUTOMATED:
		if (c->note) {
			tui_error("a note is never sent");
			return 1;
		}
		c->automated = !c->automated;
		view_layout(v);
		tui_message(c->automated ? "automated (bot/AI) reply: check the disclosure, then y to send"
					 : "reply as yourself: y to send");
		return 1;
	case REQ_EDIT_AGAIN: {
		char *text = NULL;
		int rc = tui_edit(c->text, &text);
		if (rc == 1) {
			tui_message("empty text: %s discarded", c->note ? "note" : "reply");
			view_pop();
		} else if (rc == 2) {
			tui_error("the editor failed: text unchanged");
		} else if (rc < 0) {
			tui_report(rc);
		} else {
			free(c->text);
			c->text = text;
			view_layout(v);
		}
		return 1;
	}
	case REQ_BACK: {
		/* back to the ticket: the draft is kept (r or i brings it back)
		 * or discarded */
		const char *what = c->note ? "note" : c->letter_tpl ? "letter" : "reply";
		char q[160];
		int a;
		if (c->letter_tpl) {
			/* a letter is made again from its template (L), not kept */
			a = tui_ask("back to the ticket: d discard the letter (L makes it again), Esc stay", "d");
		} else {
			snprintf(q, sizeof(q), "back to the ticket: k keep the %s draft (%s resumes it), d discard it, Esc stay",
				 what, c->note ? "i" : "r");
			a = tui_ask(q, "kd");
		}
		if (a == 'k') {
			int64_t id = c->ticket_id;
			int note = c->note;
			draft_keep(id, note, c->text);
			c->text = NULL;
			view_pop();
			tui_message("%s draft kept: %s resumes it", what, note ? "i" : "r");
		} else if (a == 'd') {
			view_pop();
			tui_message("%s discarded", what);
		}
		return 1;
	}
	default:
		return 0;
	}
}

static int64_t compose_ticket(struct view *v)
{
	return ((struct compose *)v->priv)->ticket_id;
}

static void compose_done(struct view *v)
{
	struct compose *c = v->priv;
	if (c->loaded)
		ticket_view_clear(&c->tv);
	free(c->rule);
	free(c->conflict);
	free(c->text);
	free(c->letter_tpl);
	free(c->letter_rev);
	free(c->letter_meets);
	free(c);
}

static const struct view_ops compose_ops = {
	.name = "compose",
	.kind = VK_COMPOSE,
	.open = compose_open,
	.layout = compose_layout,
	.draw_line = lines_draw_line,
	.request = compose_request,
	.grep = lines_grep,
	.ticket = compose_ticket,
	.done = compose_done,
};

struct view *compose_view_new(int64_t ticket_id, int64_t version, int note, char *text)
{
	struct compose *c = xcalloc(1, sizeof(*c));
	c->ticket_id = ticket_id;
	c->version = version;
	c->note = note;
	c->text = text;
	return view_new(&compose_ops, c);
}

void compose_view_set_letter(struct view *v, const char *tpl, const char *revision, const char *meets,
			     int64_t obligation_id)
{
	struct compose *c = v->priv;
	c->letter_tpl = xstrdup(tpl);
	c->letter_rev = xstrdup(revision);
	c->letter_meets = meets ? xstrdup(meets) : NULL;
	c->letter_oid = obligation_id;
}
