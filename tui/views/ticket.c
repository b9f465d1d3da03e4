/* ticket.c - the ticket view. The first screen (80x24) shows what the
 * agent needs first: the header, one line per open duty (countdown, rule
 * title, next step; Enter expands it into its prompt, checklist, cited
 * source and extension), rule suggestions, the customer in one line, and
 * the thread, which starts with what the customer wrote (today the only
 * inbound message: no command adds a later one); then the terms in force
 * and the events. Every action goes through the same
 * core call as the CLI, with the ticket's version as expect_version so a
 * stale write is refused and the fresh ticket shown. */
#include "tui/views/ticket.h"
#include "tui/views/compose.h"
#include "tui/views/terms.h"

#include "core/desk.h"
#include "lib/err.h"
#include "core/obligations.h"
#include "lib/text.h"
#include "core/ticketview.h"
#include "lib/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct tview {
	int64_t id;
	struct ticket_view tv;
	int loaded;
	int64_t seen_version;
	int self_write; /* our own write: no "changed by another agent" */
	int goto_last_msg; /* after our reply or note: show it */
	int placed;        /* the cursor was put on the first duty */
	int64_t *expanded; /* obligation ids whose details are shown */
	size_t nexpanded, expanded_cap;
};

static int is_expanded(const struct tview *t, int64_t ob_id)
{
	for (size_t i = 0; i < t->nexpanded; i++)
		if (t->expanded[i] == ob_id)
			return 1;
	return 0;
}

static void toggle_expanded(struct tview *t, int64_t ob_id)
{
	for (size_t i = 0; i < t->nexpanded; i++)
		if (t->expanded[i] == ob_id) {
			t->expanded[i] = t->expanded[--t->nexpanded];
			return;
		}
	ARRAY_GROW(t->expanded, t->expanded_cap, t->nexpanded + 1);
	t->expanded[t->nexpanded++] = ob_id;
}

static int tview_open(struct view *v)
{
	struct tview *t = v->priv;
	struct ticket_view fresh;
	int rc = ticket_view_load(tui.ws, t->id, dk_now(), &fresh);
	if (rc)
		return rc;
	if (t->loaded) {
		if (fresh.ticket.version != t->seen_version && !t->self_write && !v->own_change)
			tui_message("ticket #%lld was changed by another agent: showing the fresh version",
				    (long long)t->id);
		ticket_view_clear(&t->tv);
	}
	t->tv = fresh;
	t->loaded = 1;
	t->seen_version = fresh.ticket.version;
	t->self_write = 0;
	if (v->own_change == 2)
		t->goto_last_msg = 1;
	v->own_change = 0;
	char *subj = text_visible_dup(fresh.ticket.subject ? fresh.ticket.subject : "", 0);
	snprintf(v->title, sizeof(v->title), "Ticket #%lld  %s", (long long)t->id, subj);
	free(subj);
	return 0;
}

static const char *sym(const char *uni, const char *ascii)
{
	return tui.utf8 ? uni : ascii;
}

struct hang {
	struct lines *L;
	const char *first; /* prefix of the first line */
	int indent;        /* of the following lines */
	enum style st;
	enum line_kind kind;
	int64_t a;
	int b, done, n;
};

static void hang_piece(const char *p, size_t n, void *ctx)
{
	struct hang *h = ctx;
	if (h->n++ == 0)
		lines_add(h->L, h->st, h->kind, "%s%.*s", h->first, (int)n, p);
	else
		lines_add(h->L, h->st, h->kind, "%*s%.*s", h->indent, "", (int)n, p);
	struct line *ln = &h->L->v[h->L->n - 1];
	ln->a = h->a;
	ln->b = h->b;
	ln->done = h->done;
}

/* prefix + text (already safe), wrapped to W with a hanging indent */
static void add_hanging(struct lines *L, enum style st, enum line_kind kind, const char *prefix, const char *text,
			int W, int64_t a, int b, int done)
{
	int pw = text_width(prefix);
	struct hang h = { L, prefix, pw, st, kind, a, b, done, 0 };
	text_wrap(text, W - pw > 10 ? W - pw : 10, hang_piece, &h);
}

/* One open duty: a line with the countdown, the rule's title and the
 * next step; expanded, its prompt, checklist, source and extension. */
static void add_prompt(struct lines *L, const struct prompt *p, dk_time now, int W, int expanded)
{
	const struct obligation *o = p->ob;
	char cd[32], due[32];
	enum style st;
	tui_countdown(p->due, now, cd, sizeof(cd), &st);
	tui_fmt_time(p->due, "%Y-%m-%d %H:%M", due, sizeof(due));
	char *title = text_visible_dup(o->title ? o->title : o->rule_id, 0);
	char *next = p->next_step ? text_visible_dup(p->next_step, 0) : NULL;
	lines_add(L, st, L_DUTY, "%s %s%s  %s%s%s%s%s", expanded ? sym("▼", "v") : sym("▶", ">"),
		  p->left < 0 ? "" : "due in ", cd, title, !strcmp(o->status, "breached") ? " [BREACHED]" : "",
		  o->paused_since != DK_TIME_NONE ? " [PAUSED]" : "", next ? "  Next: " : "", next ? next : "");
	L->v[L->n - 1].a = o->id;
	free(next);
	free(title);
	if (!expanded)
		return;
	lines_add(L, S_NORMAL, L_TEXT, "    due %s%s%s (%s)", due, o->extended_due_at != DK_TIME_NONE ? " (extended)" : "",
		  o->paused_since != DK_TIME_NONE ? "  CLOCK PAUSED" : "", o->regime ? o->regime : "");
	if (p->calendar_note)
		lines_add(L, S_SOON, L_TEXT, "    %s", p->calendar_note);
	if (o->prompt && *o->prompt)
		lines_add_wrapped(L, S_NORMAL, o->prompt, 4, W);
	if (p->next_step) {
		char *ns = text_visible_dup(p->next_step, 0);
		add_hanging(L, S_KEY, L_TEXT, "    Next: ", ns, W, 0, 0, 0);
		free(ns);
	}
	for (size_t k = 0; k < o->nsteps; k++) {
		const struct obligation_step *s = &o->steps[k];
		int done = s->done_at != DK_TIME_NONE;
		char *txt = text_visible_dup(s->text ? s->text : "", 0);
		struct buf b = BUF_INIT;
		buf_adds(&b, txt);
		if (done) {
			char when[32];
			tui_fmt_time(s->done_at, "%Y-%m-%d %H:%M", when, sizeof(when));
			buf_printf(&b, "  (%s %s)", s->done_by ? s->done_by : "", when);
		}
		char prefix[32];
		snprintf(prefix, sizeof(prefix), "    [%s] %d. ", done ? "x" : " ", s->n);
		add_hanging(L, done ? S_DIM : S_NORMAL, L_STEP, prefix, buf_str(&b), W, o->id, s->n, done);
		buf_release(&b);
		free(txt);
	}
	if (o->source && *o->source) {
		char *src = text_visible_dup(o->source, 0);
		add_hanging(L, S_DIM, L_TEXT, "    Source: ", src, W, 0, 0, 0);
		free(src);
	}
	if (o->extension && *o->extension && !o->extended)
		lines_add(L, S_DIM, L_TEXT, "    Extension possible: %s (X)", o->extension);
	/* duties fulfilled by a data-rights action link to it */
	const char *rid = o->rule_id ? o->rule_id : "";
	if (strstr(rid, "access") || strstr(rid, "portability"))
		lines_add(L, S_KEY, L_TEXT, "    Fulfil: c opens the customer, x exports all data held (Art 15/20)");
	else if (strstr(rid, "erasure"))
		lines_add_wrapped(L, S_KEY, "Fulfil: c opens the customer, then :erase anonymises them (legal or admin role, "
				  "or agents where config erasure_by_agents allows)", 4, W);
	else if (strstr(rid, "rectification"))
		lines_add(L, S_KEY, L_TEXT, "    Fulfil: c opens the customer, C corrects a field");
	lines_add(L, S_DIM, L_TEXT, "    Does not apply? :waive (legal or admin role) with the reason");
	lines_add(L, S_DIM, L_TEXT, "    Rule %s at %.10s", o->rule_id ? o->rule_id : "?", o->rules_rev ? o->rules_rev : "-");
}

static void add_terms(struct lines *L, const char *label, const struct terms_in_force *t, int W)
{
	char eff[32];
	tui_fmt_time(t->effective, "%Y-%m-%d %H:%M", eff, sizeof(eff));
	struct buf b = BUF_INIT;
	if (t->revision)
		buf_printf(&b, "%s %.10s (effective %.10s): %s", label, t->revision, eff, t->reason ? t->reason : "");
	else
		buf_printf(&b, "%s none: %s", label, t->reason ? t->reason : "");
	lines_add_wrapped(L, S_NORMAL, buf_str(&b), 2, W);
	buf_release(&b);
}

static void tview_layout(struct view *v)
{
	struct tview *t = v->priv;
	struct ticket_view *tv = &t->tv;
	struct lines *L = &v->lines;
	int W = v->width;
	lines_clear(L);
	char created[32], updated[32];
	tui_fmt_time(tv->ticket.created_at, "%Y-%m-%d %H:%M", created, sizeof(created));
	tui_fmt_time(tv->ticket.updated_at, "%Y-%m-%d %H:%M", updated, sizeof(updated));

	lines_add(L, S_NORMAL, L_TEXT, "#%lld [%s] %s  priority %d  assignee %s  v%lld", (long long)tv->ticket.id,
		  tv->ticket.status, tv->ticket.kind, tv->ticket.priority,
		  tv->ticket.assignee ? tv->ticket.assignee : "-", (long long)tv->ticket.version);
	lines_add(L, S_DIM, L_TEXT, "received %s via %s, updated %s", created,
		  tv->ticket.channel ? tv->ticket.channel : "?", updated);

	/* legal prompts: one line per open duty */
	if (tv->nprompts)
		lines_add(L, S_SECTION, L_SECTION, "Legal prompts (%zu open; Enter on one shows its steps)", tv->nprompts);
	else
		lines_add(L, S_SECTION, L_SECTION, "Legal prompts (none open)");
	if (!tv->nobligations)
		lines_add_wrapped(L, S_DIM, tv->no_rule_note ? tv->no_rule_note : "no legal obligations on this ticket", 2, W);
	size_t first_duty = L->n;
	for (size_t i = 0; i < tv->nprompts; i++)
		add_prompt(L, &tv->prompts[i], tv->now, W, is_expanded(t, tv->prompts[i].ob->id));
	for (size_t i = 0; i < tv->nobligations; i++) {
		const struct obligation *o = &tv->obligations[i];
		if (obligation_unsettled(o))
			continue;
		char when[32], by[48];
		tui_fmt_time(o->met_at, "%Y-%m-%d %H:%M", when, sizeof(when));
		char *title = text_visible_dup(o->title ? o->title : o->rule_id, 0);
		int met = o->met_at != DK_TIME_NONE && strcmp(o->status, "waived");
		lines_add(L, !strcmp(o->status, "met") ? S_OK : S_DIM, L_TEXT, "%s %s  %s%s%s%s%s",
			  !strcmp(o->status, "met") ? sym("✓", "+") : sym("–", "-"),
			  !strcmp(o->status, "breached") ? "met late" : o->status, title, met ? "  " : "", met ? when : "",
			  met ? " by " : "", met ? obligation_evidence_label(o->met_by, by, sizeof(by)) : "");
		free(title);
	}
	/* rules that bind only regulated firms, skipped here (config regulated) */
	for (size_t i = 0; i < tv->nskipped; i++)
		lines_add_wrapped(L, S_DIM, tv->skipped[i].note, 2, W);
	for (size_t i = 0; i < tv->nsuggestions; i++) {
		const struct suggestion *s = &tv->suggestions[i];
		char *ph = text_visible_dup(s->phrase ? s->phrase : "", 0);
		char *ti = text_visible_dup(s->title ? s->title : s->rule_id, 0);
		/* wrapped, never cut: the matched phrase explains it */
		char *txt = xasprintf("\"%s\" suggests %s: kind %s (y accepts)", ph, ti, s->kind ? s->kind : "?");
		char prefix[32];
		snprintf(prefix, sizeof(prefix), "%s Suggestion: ", sym("★", "*"));
		add_hanging(L, S_SOON, L_SUGGEST, prefix, txt, W, (int64_t)i, 0, 0);
		free(txt);
		free(ph);
		free(ti);
	}

	/* the customer in one line (c opens the card) */
	const struct customer *c = &tv->customer;
	{
		char *name = text_visible_dup(c->name ? c->name : "", 0);
		char *email = text_visible_dup(c->email ? c->email : "", 0);
		lines_add(L, S_SECTION, L_TEXT, "Customer #%lld %s <%s>  %s%s%s%s", (long long)c->id, name, email,
			  c->jurisdiction ? c->jurisdiction : "?", c->restricted ? "  [RESTRICTED]" : "",
			  c->legal_hold ? "  [LEGAL HOLD]" : "", c->erased_at != DK_TIME_NONE ? "  [ERASED]" : "");
		free(name);
		free(email);
	}

	/* thread, oldest first */
	lines_add(L, S_SECTION, L_SECTION, "Thread (%zu)", tv->nmessages);
	for (size_t i = 0; i < tv->nmessages; i++) {
		const struct message *m = &tv->messages[i];
		char when[32];
		tui_fmt_time(m->created_at, "%Y-%m-%d %H:%M", when, sizeof(when));
		char *author = text_visible_dup(m->author ? m->author : "", 0);
		enum style hs, bs = S_NORMAL;
		const char *label;
		int in = !strcmp(m->direction, "in"), note = !strcmp(m->direction, "note");
		if (in) {
			hs = S_INBOUND;
			label = sym("◀ IN  ", "< IN  ");
		} else if (note) {
			hs = bs = S_NOTE;
			label = sym("■ NOTE", "# NOTE");
		} else {
			hs = m->automated ? S_AUTO : S_OUTBOUND;
			label = sym("▶ OUT ", "> OUT ");
		}
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s #%lld %s  %s", label, (long long)m->id, when, author);
		if (note)
			buf_adds(&b, "  (internal, not sent)");
		if (m->automated)
			buf_adds(&b, "  [AUTOMATED]");
		if (m->disclosed)
			buf_printf(&b, "  [AI disclosure%s%s]", m->disclosure_rule ? ": " : "",
				   m->disclosure_rule ? m->disclosure_rule : "");
		if (tv->delivery && tv->delivery[i])
			buf_printf(&b, "  [mail %s]", tv->delivery[i]);
		lines_add(L, hs, L_MSG, "%s", buf_str(&b));
		buf_release(&b);
		free(author);
		lines_add_wrapped(L, bs, m->body, note ? 4 : 2, W);
		lines_add(L, S_NORMAL, L_TEXT, "%s", "");
	}
	/* the terms that bind the customer */
	lines_add(L, S_SECTION, L_SECTION, "Terms (w: the revision in force, and why)");
	if (tv->terms_error) {
		lines_add_wrapped(L, S_WARN, tv->terms_error, 2, W);
	} else {
		add_terms(L, "Terms now:", &tv->terms_now, W);
		add_terms(L, "Terms at creation:", &tv->terms_created, W);
	}
	if (tv->nevents) {
		lines_add(L, S_SECTION, L_SECTION, "Events (l: timeline)");
		for (size_t i = 0; i < tv->nevents; i++) {
			const struct event *e = &tv->events[i];
			char when[32];
			tui_fmt_time(e->at, "%Y-%m-%d %H:%M", when, sizeof(when));
			char *det = text_visible_dup(e->detail ? e->detail : "", 0);
			lines_add(L, S_DIM, L_TEXT, "  %s  %s  %s%s%s", when, e->type, e->actor ? e->actor : "",
				  *det ? ": " : "", det);
			free(det);
		}
	}
	v->nlines = L->n;
	if (!t->placed) {
		/* first shown: the cursor on the first open duty, so that Enter
		 * expands it */
		t->placed = 1;
		if (tv->nprompts && first_duty < L->n)
			v->lineno = first_duty;
	}
	if (t->goto_last_msg) {
		t->goto_last_msg = 0;
		for (size_t i = L->n; i-- > 0;)
			if (L->v[i].kind == L_MSG) {
				/* the message at the top of the screen */
				v->lineno = i;
				v->offset = i;
				break;
			}
	}
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
}

static void tview_draw_line(struct view *v, WINDOW *w, size_t lineno, int y, int selected)
{
	lines_draw_line(v, w, lineno, y, selected);
}

static int after_write(struct view *v, int rc, const char *okmsg)
{
	struct tview *t = v->priv;
	if (rc == DK_ECONFLICT) {
		char msg[400];
		snprintf(msg, sizeof(msg), "%s", err_msg());
		t->self_write = 1;
		view_reload(v);
		tui_error("%s: reloaded, nothing was changed; check the fresh ticket and try again", msg);
		return rc;
	}
	if (rc) {
		tui_report(rc);
		return rc;
	}
	t->self_write = 1;
	tui_changed(1);
	int rc2 = view_reload(v);
	if (rc2)
		tui_report(rc2);
	else
		tui_message("%s", okmsg);
	tui_counts_refresh();
	return 0;
}

static int event(struct view *v, const char *type, const char *detail, const char *okmsg)
{
	struct tview *t = v->priv;
	int rc = desk_ticket_event(tui.ws, t->id, type, detail && *detail ? detail : NULL, t->tv.ticket.version,
				   dk_now());
	return after_write(v, rc, okmsg);
}

static int set_field(struct view *v, const char *field, const char *value)
{
	struct tview *t = v->priv;
	int rc = desk_ticket_set(tui.ws, t->id, field, value, t->tv.ticket.version, dk_now());
	char msg[256];
	snprintf(msg, sizeof(msg), "%s set to %s", field, *value ? value : "nobody");
	return after_write(v, rc, msg);
}

static void event_with_detail(struct view *v, const char *type, const char *question, const char *okmsg)
{
	char *d = NULL;
	if (tui_input(question, NULL, &d))
		return;
	event(v, type, d, okmsg);
	free(d);
}

static int clock_paused(const struct ticket_view *tv)
{
	for (size_t i = 0; i < tv->nobligations; i++)
		if (tv->obligations[i].paused_since != DK_TIME_NONE && !strcmp(tv->obligations[i].status, "open"))
			return 1;
	return 0;
}

/* Resolve, asking for each unsettled duty whether it was met by one of
 * the ticket's outbound messages (the latest is offered), waived (with
 * a reason) or is left open. */
static void resolve(struct view *v)
{
	struct tview *t = v->priv;
	struct ticket_view *tv = &t->tv;
	int64_t last_out = 0;
	for (size_t i = 0; i < tv->nmessages; i++)
		if (!strcmp(tv->messages[i].direction, "out"))
			last_out = tv->messages[i].id;
	struct resolve_choice *ch = xcalloc(tv->nobligations + 1, sizeof(*ch));
	char **reasons = xcalloc(tv->nobligations + 1, sizeof(*reasons));
	size_t n = 0;
	int cancelled = 0;
	for (size_t i = 0; i < tv->nobligations && !cancelled; i++) {
		const struct obligation *o = &tv->obligations[i];
		if (!obligation_unsettled(o))
			continue;
		char q[300];
		/* waiving is irreversible: :waive on the duty, not a key here */
		if (last_out)
			snprintf(q, sizeof(q), "%s (%s): m met by reply #%lld, o left open (Esc cancels; :waive waives)",
				 o->rule_id, o->duty, (long long)last_out);
		else
			snprintf(q, sizeof(q), "%s (%s): no reply sent; o left open (Esc cancels; :waive waives)", o->rule_id,
				 o->duty);
		int k = tui_ask(q, last_out ? "mo" : "o");
		ch[n].obligation_id = o->id;
		if (k == 'm') {
			ch[n].action = RESOLVE_MET_BY;
			ch[n].message_id = last_out;
		} else if (k == 'w') {
			if (tui_input("waived because: ", NULL, &reasons[n]) || !*reasons[n]) {
				cancelled = 1;
				break;
			}
			ch[n].action = RESOLVE_WAIVE;
			ch[n].reason = reasons[n];
		} else if (k == 'o') {
			ch[n].action = RESOLVE_KEEP_OPEN;
		} else {
			cancelled = 1;
			break;
		}
		n++;
	}
	if (cancelled)
		tui_message("resolve cancelled: nothing changed");
	else if (n || tui_ask("resolve this ticket? y/n", "yn") == 'y') {
		struct resolve_plan plan = { .choices = ch, .nchoices = n };
		after_write(v, desk_ticket_resolve(tui.ws, t->id, NULL, &plan, tv->ticket.version, dk_now()), "resolved");
	}
	for (size_t i = 0; i <= n && i < tv->nobligations + 1; i++)
		free(reasons[i]);
	free(reasons);
	free(ch);
}

/* r / i: the draft kept from the last preview, else $EDITOR on a fresh
 * one (a reply starts from core's draft: the quote, the greeting, the
 * signature; sent back unchanged it is cancelled). A reply to a resolved
 * or closed ticket asks first whether to reopen it. */
static void compose(struct view *v, int note)
{
	struct tview *t = v->priv;
	char *text = compose_take_draft(t->id, note);
	if (text) {
		view_push(compose_view_new(t->id, t->tv.ticket.version, note, text));
		tui_message("your kept %s draft: e edits it, y %s", note ? "note" : "reply", note ? "saves" : "sends");
		return;
	}
	if (!note && !ticket_status_is_open(t->tv.ticket.status)) {
		char q[160];
		snprintf(q, sizeof(q), "ticket #%lld is %s: reopen it? y reopen and reply, n reply and leave it %s, Esc cancel",
			 (long long)t->id, t->tv.ticket.status, t->tv.ticket.status);
		int a = tui_ask(q, "yn");
		if (!a)
			return;
		if (a == 'y') {
			if (set_field(v, "status", ticket_statuses[TS_OPEN]))
				return;
			t = v->priv;
		}
	}
	char *draft = NULL;
	int rc = note ? 0 : desk_reply_draft(tui.ws, t->id, &draft);
	if (rc) {
		tui_report(rc);
		return;
	}
	rc = tui_edit(draft, &text);
	if (rc == 0 && draft && !strcmp(text, draft)) {
		free(text);
		text = NULL;
		rc = 1;
	}
	free(draft);
	if (rc == 1 || rc == 2) {
		tui_message(rc == 1 ? "empty or unchanged text: %s cancelled" : "editor failed: %s cancelled",
			    note ? "note" : "reply");
		return;
	}
	if (rc < 0) {
		tui_report(rc);
		return;
	}
	view_push(compose_view_new(t->id, t->tv.ticket.version, note, text));
}

/* ] and [: the next or previous ticket of the list the ticket was opened
 * from (the queue, a customer's tickets), in place of this one. */
static void goto_neighbour(struct view *v, int dir)
{
	struct tview *t = v->priv;
	struct view *from = v->parent;
	if (!from || !from->ops->neighbour) {
		tui_error("no list of tickets below this one (open it from the queue or a customer)");
		return;
	}
	int64_t id = from->ops->neighbour(from, t->id, dir);
	if (!id) {
		tui_error("%s of the %s", dir > 0 ? "the last ticket" : "the first ticket", from->ops->name);
		return;
	}
	/* it must load before it replaces the one shown */
	struct ticket_view probe;
	int rc = ticket_view_load(tui.ws, id, dk_now(), &probe);
	if (rc) {
		tui_report(rc);
		return;
	}
	ticket_view_clear(&probe);
	struct tview *fresh = xcalloc(1, sizeof(*fresh));
	fresh->id = id;
	v->priv = fresh;
	v->lineno = v->offset = 0;
	v->own_change = 0;
	rc = view_reload(v);
	if (rc)
		tui_report(rc);
	if (t->loaded)
		ticket_view_clear(&t->tv);
	free(t->expanded);
	free(t);
	tui_message("ticket #%lld, %s in the %s", (long long)id, dir > 0 ? "next" : "previous", from->ops->name);
}

/* :waive: the duty under the cursor (or the only open one), after a
 * confirmation that names what goes and what stays, with a reason
 * (legal and admin only: core refuses others, as `obligation waive`) */
static void waive(struct view *v, const struct line *cur)
{
	struct tview *t = v->priv;
	struct ticket_view *tv = &t->tv;
	const struct obligation *o = NULL;
	int64_t want = cur && (cur->kind == L_DUTY || cur->kind == L_STEP) ? cur->a : 0;
	for (size_t i = 0; i < tv->nprompts; i++)
		if (tv->prompts[i].ob->id == want || (!want && tv->nprompts == 1))
			o = tv->prompts[i].ob;
	if (!o) {
		tui_error(":waive: move the cursor onto the open duty to waive (the lines under Legal prompts)");
		return;
	}
	if (tui.ws->role < ROLE_LEGAL) {
		tui_error(":waive: needs the legal or admin role (you are %s)", role_name(tui.ws->role));
		return;
	}
	char *title = text_visible_dup(o->title ? o->title : o->rule_id, 0);
	char *q = xasprintf("Waive \"%s\" (%s) on ticket #%lld? Goes: the duty's deadline and its open steps; it is "
			    "never counted as met or breached. Stays: the duty, its steps ticked so far, the thread and "
			    "the audit row with your reason. It cannot be undone. y waive, n keep it",
			    title, o->rule_id ? o->rule_id : "?", (long long)t->id);
	free(title);
	int a = tui_ask(q, "yn");
	free(q);
	if (a != 'y') {
		tui_message("waive cancelled; nothing changed");
		return;
	}
	char *reason = NULL;
	if (tui_input("waived because (required): ", NULL, &reason) || tui_isblank_str(reason)) {
		free(reason);
		tui_message("waive cancelled (a reason is required); nothing changed");
		return;
	}
	char msg[200];
	snprintf(msg, sizeof(msg), "duty %s waived", o->rule_id ? o->rule_id : "");
	after_write(v, obligation_waive(tui.ws, o->id, reason, dk_now()), msg);
	free(reason);
}

static int tview_request(struct view *v, enum request req)
{
	struct tview *t = v->priv;
	struct ticket_view *tv = &t->tv;
	const struct line *cur = v->nlines ? &v->lines.v[v->lineno] : NULL;
	switch (req) {
	case REQ_REPLY:
		compose(v, 0);
		return 1;
	case REQ_REPLY_LETTER:
		ticket_reply_letter(t->id, tv->ticket.version);
		return 1;
	case REQ_NOTE:
		compose(v, 1);
		return 1;
	case REQ_SET_STATUS: {
		int k = tui_ask("status: n new, o open, p pending, h on-hold, r resolved, c closed (Esc cancels)",
				"noprhc");
		const char *keys = "noprhc";
		if (k)
			set_field(v, "status", ticket_statuses[TS_NEW + (strchr(keys, k) - keys)]);
		return 1;
	}
	case REQ_SET_KIND: {
		char *k = NULL;
		if (tui_input("kind: ", tv->ticket.kind, &k) == 0) {
			if (*k)
				set_field(v, "kind", k);
			free(k);
		}
		return 1;
	}
	case REQ_SET_ASSIGNEE: {
		char *a = NULL;
		if (tui_pick_agent(tv->ticket.assignee, &a) == 0) {
			set_field(v, "assignee", a);
			free(a);
		}
		return 1;
	}
	case REQ_WAIVE:
		waive(v, cur);
		return 1;
	case REQ_RIGHTS_ERASE:
		/* :erase from the ticket: the customer's view, and the erasure there */
		if (tui_open_customer(tv->ticket.customer_id) == 0 && view_top()->ops->request)
			view_top()->ops->request(view_top(), REQ_RIGHTS_ERASE);
		return 1;
	case REQ_SET_PRIORITY: {
		int k = tui_ask("priority: 1 urgent, 2 high, 3 normal, 4 low", "1234");
		if (k) {
			char p[2] = { (char)k, 0 };
			set_field(v, "priority", p);
		}
		return 1;
	}
	case REQ_ACK:
		event(v, event_type_name(EV_ACKNOWLEDGED), NULL, "acknowledgement recorded");
		return 1;
	case REQ_VERIFY:
		event_with_detail(v, event_type_name(EV_IDENTITY_VERIFIED), "identity verified how (optional): ", "identity verified");
		return 1;
	case REQ_PAUSE:
		if (clock_paused(tv))
			event(v, event_type_name(EV_CLOCK_RESUMED), NULL, "clock resumed");
		else /* the first word is the reason the rule must allow */
			event_with_detail(v, event_type_name(EV_CLOCK_PAUSED),
					  "pause for (identity, clarification or fee) and a note: ", "clock paused");
		return 1;
	case REQ_EXTEND: {
		/* GDPR Art 12(3) and the like: the person is told, with the
		 * reasons, within the first period */
		char q[200], d[32];
		dk_time first = DK_TIME_NONE;
		for (size_t i = 0; i < tv->nprompts; i++) {
			const struct obligation *o = tv->prompts[i].ob;
			if (o->extension && *o->extension && !o->extended && (first == DK_TIME_NONE || o->due_at < first))
				first = o->due_at;
		}
		if (first != DK_TIME_NONE) {
			tui_fmt_time(first, "%Y-%m-%d", d, sizeof(d));
			snprintf(q, sizeof(q), "extend: tell the person why by %s (a reply meets it); reason: ", d);
		} else {
			snprintf(q, sizeof(q), "reason for the extension: ");
		}
		event_with_detail(v, event_type_name(EV_EXTENDED), q, "deadline extended: tell the person, with the reasons (notice duty)");
		return 1;
	}
	case REQ_ESCALATE:
		event_with_detail(v, event_type_name(EV_ESCALATED), "escalate: to whom / why (optional): ", "escalated");
		return 1;
	case REQ_AWARE: {
		/* when the business first knew (a breach: GDPR Art 33's 72 hours) */
		char *when_s = NULL;
		if (tui_input("became aware at (YYYY-MM-DD HH:MM:SS, empty: now): ", NULL, &when_s))
			return 1;
		dk_time now = dk_now(), when = now;
		int rc = *when_s ? dk_time_parse(when_s, tui.ws->tz, &when) : 0;
		free(when_s);
		if (rc)
			tui_report(rc);
		else
			after_write(v, desk_ticket_event_at(tui.ws, t->id, event_type_name(EV_AWARE), NULL, t->tv.ticket.version, when, now),
				    "awareness recorded: clocks that run from it restarted");
		return 1;
	}
	case REQ_RESOLVE:
		resolve(v);
		return 1;
	case REQ_ENTER:
	case REQ_TOGGLE_STEP:
		if (cur && cur->kind == L_DUTY && req == REQ_ENTER) {
			toggle_expanded(t, cur->a);
			view_layout(v); /* the lines above stay: the cursor stays on the duty */
		} else if (cur && cur->kind == L_DUTY) {
			tui_error("Enter on a duty shows its steps; Space ticks the step under the cursor");
		} else if (cur && cur->kind == L_STEP) {
			int rc = obligation_step(tui.ws, cur->a, cur->b, !cur->done, dk_now());
			char msg[64];
			snprintf(msg, sizeof(msg), "step %d %s", cur->b, cur->done ? "unticked" : "ticked");
			after_write(v, rc, msg);
		} else if (cur && cur->kind == L_SUGGEST && req == REQ_ENTER) {
			return tview_request(v, REQ_ACCEPT_SUGGESTION);
		} else if (req == REQ_TOGGLE_STEP) {
			tui_error("move the cursor onto a checklist step ([ ] lines) to tick it");
		}
		return 1;
	case REQ_ACCEPT_SUGGESTION: {
		if (!tv->nsuggestions) {
			tui_error("no suggestion for this ticket");
			return 1;
		}
		size_t i = cur && cur->kind == L_SUGGEST ? (size_t)cur->a : 0;
		const char *k = tv->suggestions[i].kind;
		if (!k) {
			tui_error("the suggestion names no kind");
			return 1;
		}
		char *kind = xstrdup(k);
		set_field(v, "kind", kind);
		free(kind);
		return 1;
	}
	case REQ_TIMELINE:
		tui_open_timeline(t->id);
		return 1;
	case REQ_CUSTOMER:
		tui_open_customer(tv->ticket.customer_id);
		return 1;
	case REQ_TERMS_WHICH:
		tui_open_terms_for(tv->ticket.customer_id);
		return 1;
	case REQ_NEXT_CHANGE:
	case REQ_PREV_CHANGE:
		goto_neighbour(v, req == REQ_NEXT_CHANGE ? 1 : -1);
		return 1;
	default:
		if (view_generic_request(v, req)) {
			snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
			return 1;
		}
		return 0;
	}
}

static int64_t tview_ticket(struct view *v)
{
	return ((struct tview *)v->priv)->id;
}

static void tview_done(struct view *v)
{
	struct tview *t = v->priv;
	if (t->loaded)
		ticket_view_clear(&t->tv);
	free(t->expanded);
	free(t);
}

static const struct view_ops ticket_ops = {
	.name = "ticket",
	.kind = VK_TICKET,
	.open = tview_open,
	.layout = tview_layout,
	.draw_line = tview_draw_line,
	.request = tview_request,
	.grep = lines_grep,
	.ticket = tview_ticket,
	.done = tview_done,
};

struct view *ticket_view_new(int64_t id)
{
	struct tview *t = xcalloc(1, sizeof(*t));
	t->id = id;
	return view_new(&ticket_ops, t);
}

