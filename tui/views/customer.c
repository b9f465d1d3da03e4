/* customer.c - the customer view: details, terms in force, acceptances,
 * tickets (Enter opens one), and the data-rights actions (export,
 * rectify, restrict, erase, hold) through core/rights.h. */
#include "tui/views/customer.h"
#include "tui/views/terms.h"

#include "lib/err.h"
#include "core/export_render.h"
#include "core/rights.h"
#include "lib/text.h"
#include "core/ticketview.h"
#include "lib/util.h"
#include "data/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TICKETS_SHOWN 200

static const char *const documents[] = { "terms-of-service", "privacy-policy" };

struct cview {
	int64_t id;
	struct customer c;
	int loaded;
	struct ticket *tickets;
	size_t ntickets;
	int64_t total_tickets;
	struct acceptance *acc;
	size_t nacc;
	struct terms_in_force terms[2];
	char *terms_err[2];
	dk_time now;
};

static void cview_clear(struct cview *cv)
{
	if (!cv->loaded)
		return;
	customer_clear(&cv->c);
	tickets_free(cv->tickets, cv->ntickets);
	acceptances_free(cv->acc, cv->nacc);
	for (int i = 0; i < 2; i++) {
		terms_in_force_clear(&cv->terms[i]);
		free(cv->terms_err[i]);
		cv->terms_err[i] = NULL;
	}
	cv->tickets = NULL;
	cv->acc = NULL;
	cv->ntickets = cv->nacc = 0;
	cv->loaded = 0;
}

static int cview_open(struct view *v)
{
	struct cview *cv = v->priv;
	struct customer c;
	int rc = store_customer_get(tui.ws->store, cv->id, &c);
	if (rc)
		return rc;
	cview_clear(cv);
	cv->c = c;
	cv->loaded = 1;
	cv->now = dk_now();
	struct ticket_filter f = { .status = "all", .customer_id = cv->id, .limit = TICKETS_SHOWN };
	if ((rc = store_ticket_count(tui.ws->store, &f, &cv->total_tickets)) ||
	    (rc = store_ticket_list(tui.ws->store, &f, &cv->tickets, &cv->ntickets)) ||
	    (rc = store_acceptance_list(tui.ws->store, cv->id, NULL, &cv->acc, &cv->nacc)))
		return rc;
	for (int i = 0; i < 2; i++)
		if (terms_in_force(tui.ws, &cv->c, documents[i], cv->now, &cv->terms[i]))
			cv->terms_err[i] = xstrdup(err_msg());
	char *name = text_visible_dup(c.name ? c.name : "", 0);
	snprintf(v->title, sizeof(v->title), "Customer #%lld  %s", (long long)cv->id, name);
	free(name);
	return 0;
}

static void cview_layout(struct view *v)
{
	struct cview *cv = v->priv;
	struct lines *L = &v->lines;
	const struct customer *c = &cv->c;
	int W = v->width;
	lines_clear(L);
	char d[32];
	char *name = text_visible_dup(c->name ? c->name : "", 0);
	char *email = text_visible_dup(c->email ? c->email : "", 0);
	lines_add(L, S_NORMAL, L_TEXT, "Name:          %s", name);
	lines_add(L, S_NORMAL, L_TEXT, "Email:         %s", email);
	free(name);
	free(email);
	lines_add(L, S_NORMAL, L_TEXT, "Jurisdiction:  %s", c->jurisdiction ? c->jurisdiction : "?");
	tui_fmt_time(c->created_at, "%Y-%m-%d", d, sizeof(d));
	lines_add(L, S_NORMAL, L_TEXT, "Customer since %s", d);
	if (c->erased_at != DK_TIME_NONE) {
		tui_fmt_time(c->erased_at, "%Y-%m-%d", d, sizeof(d));
		lines_add(L, S_WARN, L_TEXT, "ERASED %s", d);
	}
	if (c->restricted) {
		lines_add(L, S_WARN, L_TEXT, "RESTRICTED processing (GDPR Art 18)");
		if (c->restrict_reason)
			lines_add_wrapped(L, S_NORMAL, c->restrict_reason, 2, W);
	}
	if (c->legal_hold) {
		lines_add(L, S_WARN, L_TEXT, "LEGAL HOLD (blocks erasure)");
		if (c->hold_reason)
			lines_add_wrapped(L, S_NORMAL, c->hold_reason, 2, W);
	}

	lines_add(L, S_SECTION, L_SECTION, "Terms in force now");
	for (int i = 0; i < 2; i++) {
		struct buf b = BUF_INIT;
		const struct terms_in_force *t = &cv->terms[i];
		if (cv->terms_err[i]) {
			buf_printf(&b, "%s: %s", documents[i], cv->terms_err[i]);
		} else if (t->revision) {
			tui_fmt_time(t->effective, "%Y-%m-%d", d, sizeof(d));
			buf_printf(&b, "%s: %.10s (effective %s): %s", documents[i], t->revision, d, t->reason ? t->reason : "");
		} else {
			buf_printf(&b, "%s: none: %s", documents[i], t->reason ? t->reason : "");
		}
		lines_add_wrapped(L, cv->terms_err[i] ? S_DIM : S_NORMAL, buf_str(&b), 2, W);
		buf_release(&b);
	}

	lines_add(L, S_SECTION, L_SECTION, "Acceptances (%zu)", cv->nacc);
	if (!cv->nacc)
		lines_add(L, S_DIM, L_TEXT, "  none recorded");
	for (size_t i = 0; i < cv->nacc; i++) {
		const struct acceptance *a = &cv->acc[i];
		tui_fmt_time(a->accepted_at, "%Y-%m-%d", d, sizeof(d));
		lines_add(L, S_NORMAL, L_TEXT, "  %s  %s  %.10s  via %s", d, a->document, a->revision ? a->revision : "?",
			  a->channel ? a->channel : "?");
	}

	lines_add(L, S_SECTION, L_SECTION, "Tickets (%lld%s)", (long long)cv->total_tickets,
		  cv->total_tickets > (int64_t)cv->ntickets ? ", most urgent shown" : "");
	for (size_t i = 0; i < cv->ntickets; i++) {
		const struct ticket *t = &cv->tickets[i];
		char due[32];
		enum style st;
		int open = ticket_status_is_open(t->status);
		tui_countdown(open ? t->next_due_at : DK_TIME_NONE, cv->now, due, sizeof(due), &st);
		char *subj = text_visible_dup(t->subject ? t->subject : "", 0);
		lines_add(L, open ? S_NORMAL : S_DIM, L_TICKET, "  #%-6lld %-11s %-8s %-13s %s", (long long)t->id, due,
			  t->status, t->kind, subj);
		L->v[L->n - 1].a = t->id;
		free(subj);
	}

	lines_add(L, S_SECTION, L_SECTION, "Data rights");
	lines_add(L, S_KEY, L_TEXT, "  x export  C correct (rectify)  S restrict  H legal hold");
	lines_add(L, S_KEY, L_TEXT, "  :erase  erase (anonymise): asks first, names what goes and stays");
	v->nlines = L->n;
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
}

/* The data-rights actions, through the same core calls as `docket
 * customer export|rectify|restrict|erase|hold` (core/rights.h), which
 * check roles and audit; each asks before it acts and says what it did. */
static void rights_export_action(struct cview *cv)
{
	/* the default names the folder in full: nothing lands silently in
	 * whatever directory docket was started from */
	char cwd[4096];
	const char *home = getenv("HOME");
	const char *dir = home && *home == '/' ? home : getcwd(cwd, sizeof(cwd)) ? cwd : ".";
	char *def = xasprintf("%s/customer-%lld-export.json", dir, (long long)cv->id), *path = NULL;
	if (tui_input("Export (JSON + readable .html) to: ", def, &path) || tui_isblank_str(path)) {
		free(def);
		free(path);
		tui_message("export cancelled");
		return;
	}
	free(def);
	struct export_counts n;
	char *html = export_sibling_path(path, EXPORT_HTML);
	struct export_out outs[2] = { { .path = path, .format = EXPORT_JSON }, { .path = html, .format = EXPORT_HTML } };
	int same = !strcmp(path, html);
	int rc = rights_export_files(tui.ws, cv->id, RIGHTS_TO_SUBJECT, same ? outs + 1 : outs, same ? 1 : 2, dk_now(),
				     &n);
	if (rc)
		tui_report(rc);
	else
		tui_message("exported to %s%s (%lld tickets, %lld messages)%s", path, same ? "" : " and .html",
			    (long long)n.tickets, (long long)n.messages,
			    ws_config(tui.ws, "processing.controller", NULL) ? "" : "; no processing.controller set");
	free(html);
	free(path);
}

static void rights_rectify_action(struct cview *cv)
{
	int f = tui_ask("Rectify which field? n)ame e)mail j)urisdiction", "nej");
	if (!f) {
		tui_message("rectify cancelled");
		return;
	}
	const char *field = f == 'n' ? "name" : f == 'e' ? "email" : "jurisdiction";
	const char *cur = f == 'n' ? cv->c.name : f == 'e' ? cv->c.email : cv->c.jurisdiction;
	char *prompt = xasprintf("New %s: ", field), *value = NULL;
	int got = tui_input(prompt, cur, &value);
	free(prompt);
	if (got || tui_isblank_str(value)) {
		free(value);
		tui_message("rectify cancelled");
		return;
	}
	int re = 0;
	int rc = rights_rectify(tui.ws, cv->id, field, value, dk_now(), &re);
	free(value);
	if (rc) {
		tui_report(rc);
		return;
	}
	tui_changed(1);
	if (re)
		tui_message("%s corrected; obligations of %d open ticket%s re-evaluated", field, re, re == 1 ? "" : "s");
	else
		tui_message("%s corrected", field);
}

static void rights_flag_action(struct cview *cv, int hold)
{
	int on = hold ? !cv->c.legal_hold : !cv->c.restricted;
	const char *what = hold ? "legal hold" : "restriction of processing (GDPR Art 18)";
	char *reason = NULL;
	if (on) {
		char *prompt = xasprintf("Reason for the %s: ", what);
		int got = tui_input(prompt, NULL, &reason);
		free(prompt);
		if (got || (hold && tui_isblank_str(reason))) {
			free(reason);
			tui_message("%s: cancelled%s", what, hold ? " (a reason is required)" : "");
			return;
		}
	} else {
		char *q = xasprintf("Lift the %s? (y/n)", what);
		int a = tui_ask(q, "yn");
		free(q);
		if (a != 'y') {
			tui_message("%s: unchanged", what);
			return;
		}
	}
	int rc = hold ? rights_hold(tui.ws, cv->id, on, reason, dk_now())
		      : rights_restrict(tui.ws, cv->id, on, reason, dk_now());
	free(reason);
	if (rc) {
		tui_report(rc);
		return;
	}
	tui_changed(1);
	tui_message("%s %s", what, on ? "on" : "off");
}

static void rights_erase_action(struct cview *cv)
{
	struct erase_preview p;
	int rc = rights_erase_preview(tui.ws, cv->id, &p);
	if (rc) {
		tui_report(rc);
		return;
	}
	if (p.blocked) {
		tui_error("erase refused: %s", p.block_reason ? p.block_reason : "blocked");
		erase_preview_clear(&p);
		return;
	}
	/* the role first: no confirmation for what core would refuse */
	if (tui.ws->role < rights_erase_role(tui.ws)) {
		tui_error("erase: needs the legal or admin role (you are %s); an admin can allow agents: config %s",
			  role_name(tui.ws->role), RIGHTS_ERASE_AGENTS_KEY);
		erase_preview_clear(&p);
		return;
	}
	/* wrapped by the message line, never cut: what goes, what stays */
	char *name = text_visible_dup(cv->c.name ? cv->c.name : "", 0);
	char *q = xasprintf("Erase customer #%lld %s? Goes: name, email, %lld ticket subjects, %lld messages "
			    "(%lld notes). Stays: %lld events, %lld obligations, %lld acceptances, the audit. "
			    "It cannot be undone. y erase, n keep",
			    (long long)cv->id, name, (long long)p.counts.tickets, (long long)p.counts.messages,
			    (long long)p.counts.notes, (long long)p.counts.kept_events, (long long)p.counts.kept_obligations,
			    (long long)p.counts.kept_acceptances);
	free(name);
	int a = tui_ask(q, "yn");
	free(q);
	erase_preview_clear(&p);
	if (a != 'y') {
		tui_message("erase cancelled; nothing changed");
		return;
	}
	char *reason = NULL;
	if (tui_input("Reason (the request, e.g. 'Art 17 request, ticket 42'; no personal data): ", NULL, &reason)) {
		free(reason);
		tui_message("erase cancelled; nothing changed");
		return;
	}
	struct erase_result res;
	rc = rights_erase(tui.ws, cv->id, tui_isblank_str(reason) ? NULL : reason, dk_now(), &res);
	free(reason);
	if (rc) {
		tui_report(rc);
		return;
	}
	tui_changed(1);
	tui_message("customer #%lld erased: %lld messages scrubbed, %lld ticket%s anonymised%s", (long long)cv->id,
		    (long long)res.counts.messages, (long long)res.counts.tickets, res.counts.tickets == 1 ? "" : "s",
		    res.scrub_complete ? "" : "; the WAL scrub finishes when other sessions close");
}

static void rights_action(struct view *v, enum request req)
{
	struct cview *cv = v->priv;
	switch (req) {
	case REQ_RIGHTS_EXPORT: rights_export_action(cv); break;
	case REQ_RIGHTS_RECTIFY: rights_rectify_action(cv); break;
	case REQ_RIGHTS_RESTRICT: rights_flag_action(cv, 0); break;
	case REQ_RIGHTS_HOLD: rights_flag_action(cv, 1); break;
	case REQ_RIGHTS_ERASE: rights_erase_action(cv); break;
	default: return;
	}
	view_reload(v);
}

static int cview_request(struct view *v, enum request req)
{
	const struct line *cur = v->nlines ? &v->lines.v[v->lineno] : NULL;
	switch (req) {
	case REQ_ENTER:
		if (cur && cur->kind == L_TICKET)
			tui_open_ticket(cur->a);
		else
			tui_error("move the cursor onto a ticket to open it");
		return 1;
	case REQ_RIGHTS_EXPORT:
	case REQ_RIGHTS_RECTIFY:
	case REQ_RIGHTS_RESTRICT:
	case REQ_RIGHTS_ERASE:
	case REQ_RIGHTS_HOLD:
		rights_action(v, req);
		return 1;
	case REQ_TERMS_WHICH:
		tui_open_terms_for(((struct cview *)v->priv)->id);
		return 1;
	default:
		if (view_generic_request(v, req)) {
			snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
			return 1;
		}
		return 0;
	}
}

static void cview_done(struct view *v)
{
	struct cview *cv = v->priv;
	cview_clear(cv);
	free(cv);
}

static int64_t cview_neighbour(struct view *v, int64_t id, int dir)
{
	size_t n = v->lines.n, i;
	for (i = 0; i < n && !(v->lines.v[i].kind == L_TICKET && v->lines.v[i].a == id); i++)
		;
	if (i == n)
		return 0;
	for (size_t k = i; dir > 0 ? k + 1 < n : k > 0;) {
		k = dir > 0 ? k + 1 : k - 1;
		if (v->lines.v[k].kind == L_TICKET) {
			view_move_to(v, k);
			snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
			return v->lines.v[k].a;
		}
	}
	return 0;
}

static const struct view_ops customer_ops = {
	.name = "customer",
	.kind = VK_CUSTOMER,
	.open = cview_open,
	.layout = cview_layout,
	.draw_line = lines_draw_line,
	.request = cview_request,
	.grep = lines_grep,
	.neighbour = cview_neighbour,
	.done = cview_done,
};

struct view *customer_view_new(int64_t id)
{
	struct cview *cv = xcalloc(1, sizeof(*cv));
	cv->id = id;
	return view_new(&customer_ops, cv);
}
