/* cli_desk.c - agent, customer, ticket, search and obligation commands. */
#include "cli/cli_impl.h"

#include "core/desk.h"
#include "lib/err.h"
#include "core/json.h"
#include "core/obligations.h"
#include "lib/text.h"
#include "core/ticketview.h"
#include "core/timeline.h"
#include "core/digest.h"
#include "core/views.h"
#include "lib/dtime.h"
#include "lib/editor.h"
#include "lib/util.h"
#include "core/workspace.h"
#include "data/store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

/* Print customer text safely: escapes made visible. */
static void put_safe(const char *s, int keep_newlines)
{
	char *v = text_visible_dup(s ? s : "", keep_newlines);
	fputs(v, stdout);
	free(v);
}

static int parse_id(const char *s, const char *what, int64_t *id)
{
	if (!s || parse_int64(s, 1, INT64_MAX, id))
		return err_set(DK_EINVAL, "%s: %s: not an id (a positive number)", what, s ? s : "");
	return 0;
}

static int parse_limit(const char *s, int64_t def, int64_t *out)
{
	*out = def;
	if (s && parse_int64(s, 0, INT64_MAX, out))
		return err_set(DK_EINVAL, "--limit: %s: expected a number (0 = all)", s);
	return 0;
}


/* "3d", "OVERDUE 2h", "-" */
static void fmt_due(dk_time due, dk_time now, char *out, size_t n)
{
	char d[32];
	if (due == DK_TIME_NONE)
		snprintf(out, n, "-");
	else if (due < now)
		snprintf(out, n, "OVERDUE %s", dk_duration_short(now - due, d, sizeof(d)));
	else
		snprintf(out, n, "%s", dk_duration_short(due - now, d, sizeof(d)));
}

/* ---- agent */

CLI_HANDLER(cli_agent_list)
{
	struct agent *ag;
	size_t n;
	int rc = store_agent_list(c->ws->store, &ag, &n);
	if (rc)
		return cli_fail(rc);
	if (cli_flag(a, "json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_agent(&ag[i]));
		cli_print_json(arr);
		json_decref(arr);
	} else {
		for (size_t i = 0; i < n; i++)
			printf("%-20s %s\n", ag[i].login, role_name(ag[i].role));
	}
	agents_free(ag, n);
	return 0;
}

CLI_HANDLER(cli_agent_add)
{
	int rc = desk_agent_add(c->ws, a->pos[0], a->pos[1], dk_now());
	if (!rc)
		printf("%s: %s\n", a->pos[0], a->pos[1]);
	return cli_fail(rc);
}

CLI_HANDLER(cli_agent_set)
{
	int rc = desk_agent_set(c->ws, a->pos[0], a->pos[1], dk_now());
	if (!rc)
		printf("%s: %s\n", a->pos[0], a->pos[1]);
	return cli_fail(rc);
}

CLI_HANDLER(cli_agent_remove) { return cli_fail(desk_agent_remove(c->ws, a->pos[0], dk_now())); }

/* ---- customer */


static void print_customer(const struct customer *cu)
{
	char t[DK_TIME_BUFSZ];
	printf("Customer #%lld\n", (long long)cu->id);
	printf("  name:         ");
	put_safe(cu->name ? cu->name : "(erased)", 0);
	printf("\n  email:        ");
	put_safe(cu->email ? cu->email : "(erased)", 0);
	printf("\n  jurisdiction: %s\n", cu->jurisdiction);
	printf("  created:      %s\n", dk_time_format(cu->created_at, t));
	if (cu->erased_at != DK_TIME_NONE)
		printf("  erased:       %s\n", dk_time_format(cu->erased_at, t));
	if (cu->legal_hold) {
		printf("  legal hold:   on (");
		put_safe(cu->hold_reason, 0);
		printf(")\n");
	}
	if (cu->restricted) {
		printf("  RESTRICTED:   processing restricted, GDPR Art 18 (");
		put_safe(cu->restrict_reason, 0);
		printf(")\n");
	}
}

CLI_HANDLER(cli_customer_new)
{
	int64_t id;
	int rc = desk_customer_new(c->ws, cli_arg(a, "name"), cli_arg(a, "email"), cli_arg(a, "jurisdiction"), dk_now(), &id);
	if (rc)
		return cli_fail(rc);
	printf("%lld\n", (long long)id);
	return 0;
}

CLI_HANDLER(cli_customer_show)
{
	int64_t id;
	struct customer cu;
	int rc = parse_id(a->pos[0], "customer", &id);
	if (rc || (rc = store_customer_get(c->ws->store, id, &cu)))
		return cli_fail(rc);
	if (cli_flag(a, "json")) {
		json_t *j = json_customer(&cu);
		cli_print_json(j);
		json_decref(j);
	} else {
		print_customer(&cu);
	}
	customer_clear(&cu);
	return 0;
}

CLI_HANDLER(cli_customer_list)
{
	const char *limit_s = cli_arg(a, "limit"), *offset_s = cli_arg(a, "offset");
	struct customer_filter f = { .jurisdiction = cli_arg(a, "jurisdiction"), .search = cli_arg(a, "search") };
	int64_t off = 0;
	int rc;
	if ((rc = parse_limit(limit_s, 100, &f.limit)) ||
	    (offset_s && parse_int64(offset_s, 0, INT64_MAX, &off) &&
	     (rc = err_set(DK_EINVAL, "--offset: %s: expected a number", offset_s))))
		return cli_fail(rc);
	f.offset = off;
	struct customer *cs;
	size_t n;
	if ((rc = store_customer_list(c->ws->store, &f, &cs, &n)))
		return cli_fail(rc);
	if (cli_flag(a, "json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_customer(&cs[i]));
		cli_print_json(arr);
		json_decref(arr);
	} else {
		for (size_t i = 0; i < n; i++) {
			printf("%-7lld %-6s ", (long long)cs[i].id, cs[i].jurisdiction);
			put_safe(cs[i].name ? cs[i].name : "(erased)", 0);
			printf(" <");
			put_safe(cs[i].email ? cs[i].email : "", 0);
			printf(">\n");
		}
	}
	customers_free(cs, n);
	return 0;
}

/* ---- ticket */

static int ticket_new(struct workspace *ws, const char *cust, const char *subject, const char *kind,
		      const char *channel, const char *prio)
{
	struct ticket_new req = { .subject = subject, .kind = kind, .channel = channel };
	int rc = parse_id(cust, "customer", &req.customer_id);
	if (rc)
		return cli_fail(rc);
	if (prio) {
		int64_t p;
		if (parse_int64(prio, 1, 4, &p))
			return cli_fail(err_set(DK_EINVAL, "priority: %s: expected 1 (urgent) to 4 (low)", prio));
		req.priority = (int)p;
	}
	char *body;
	if ((rc = cli_read_stdin(&body)))
		return rc;
	req.body = body;
	int64_t id;
	rc = desk_ticket_new(ws, &req, dk_now(), &id);
	free(body);
	if (rc)
		return cli_fail(rc);
	printf("%lld\n", (long long)id);
	return 0;
}

/* Customer text made visible, cut to at most width columns and padded to
 * exactly width (the locale's character widths). */
static void put_cols(const char *s, int width)
{
	char *v = text_visible_dup(s ? s : "", 0);
	const char *p = v;
	size_t left = strlen(v);
	mbstate_t st;
	int used = 0;
	memset(&st, 0, sizeof(st));
	while (left) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, left, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			n = 1;
			wc = L'?';
			memset(&st, 0, sizeof(st));
		}
		int w = wcwidth(wc);
		if (w < 0)
			w = 1;
		if (used + w > width)
			break;
		fwrite(p, 1, n, stdout);
		used += w;
		p += n;
		left -= n;
	}
	printf("%*s", width - used, "");
	free(v);
}

#define CUSTOMER_COLS 20

/* One line per ticket. On a terminal (wide: 1) the customer's name joins
 * the columns and print_ticket_header() names them; piped, the columns
 * stay what scripts read. */
static void print_ticket_row(struct workspace *ws, const struct ticket *t, dk_time now, int wide)
{
	char due[32], mark[160];
	fmt_due(t->next_due_at, now, due, sizeof(due));
	if (desk_queue_mark(ws, t, now, mark, sizeof(mark)))
		*mark = '\0';
	printf("%-7lld %-12s %-8s %-16s %-6s ", (long long)t->id, due, t->status, t->kind,
	       t->jurisdiction ? t->jurisdiction : "");
	if (wide) {
		put_cols(t->customer_name ? t->customer_name : "(erased)", CUSTOMER_COLS);
		putchar(' ');
	}
	put_safe(t->subject, 0);
	if (*mark)
		printf("  [%s]", mark);
	putchar('\n');
}

static void print_ticket_header(void)
{
	printf("%-7s %-12s %-8s %-16s %-6s %-*s %s\n", "ID", "DUE", "STATUS", "KIND", "JUR", CUSTOMER_COLS, "CUSTOMER",
	       "SUBJECT");
}

/* After an extension: the duty to tell the person, and by when. */
static void print_extension_notice(struct workspace *ws, int64_t id)
{
	struct obligation *ob;
	size_t n;
	if (store_obligation_list_ticket(ws->store, id, &ob, &n)) {
		err_clear();
		return;
	}
	char d[DK_TIME_BUFSZ];
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ob[i].duty, "notice") && !strcmp(ob[i].status, "open"))
			printf("extended: tell the person of the extension, with the reasons, by %s (obligation %lld; an "
			       "outbound message meets it)\n",
			       dk_time_format(ob[i].due_at, d), (long long)ob[i].id);
	obligations_free(ob, n);
}

static void print_view(const struct ticket_view *v)
{
	char a[DK_TIME_BUFSZ], due[40];
	const struct ticket *t = &v->ticket;
	printf("Ticket #%lld  [%s]  %s  priority %d  assignee %s  version %lld\n", (long long)t->id, t->status, t->kind,
	       t->priority, t->assignee ? t->assignee : "-", (long long)t->version);
	printf("Subject:  ");
	put_safe(t->subject, 0);
	printf("\nCreated:  %s via %s\n", dk_time_format(t->created_at, a), t->channel ? t->channel : "-");
	printf("Customer: #%lld ", (long long)v->customer.id);
	put_safe(v->customer.name ? v->customer.name : "(erased)", 0);
	printf(" <");
	put_safe(v->customer.email ? v->customer.email : "", 0);
	printf(">  %s\n", v->customer.jurisdiction);
	if (v->customer.restricted)
		printf("          RESTRICTED (GDPR Art 18): no export to third parties, no new automated replies\n");
	if (v->customer.legal_hold)
		printf("          LEGAL HOLD\n");
	if (v->terms_error) {
		printf("Terms:    unavailable: %s\n", v->terms_error);
	} else {
		printf("Terms now:         %.10s  %s\n", v->terms_now.revision ? v->terms_now.revision : "none",
		       v->terms_now.reason ? v->terms_now.reason : "");
		printf("Terms at creation: %.10s  %s\n", v->terms_created.revision ? v->terms_created.revision : "none",
		       v->terms_created.reason ? v->terms_created.reason : "");
	}
	if (v->nprompts) {
		printf("\nLegal prompts:\n");
		for (size_t i = 0; i < v->nprompts; i++) {
			const struct prompt *p = &v->prompts[i];
			fmt_due(p->due, v->now, due, sizeof(due));
			printf("  [%s] %s (%s, obligation %lld)\n", due, p->ob->title ? p->ob->title : p->ob->rule_id,
			       p->ob->rule_id, (long long)p->ob->id);
			printf("      due %s%s\n", dk_time_format(p->due, a), p->ob->paused_since != DK_TIME_NONE ? "  (clock paused)" : "");
			if (p->calendar_note)
				printf("      %s\n", p->calendar_note);
			if (p->next_step)
				printf("      next: %d. %s\n", p->next_step_n, p->next_step);
			if (p->ob->source)
				printf("      source: %s\n", p->ob->source);
		}
	}
	if (v->no_rule_note)
		printf("\nLegal prompts: none: %s\n", v->no_rule_note);
	if (v->nskipped)
		printf("\nRules skipped (they bind only regulated firms):\n");
	for (size_t i = 0; i < v->nskipped; i++)
		printf("  %s\n", v->skipped[i].note);
	for (size_t i = 0; i < v->nsuggestions; i++)
		printf("Suggestion: mentions '%s' - %s (%s)? set the kind to %s\n", v->suggestions[i].phrase,
		       v->suggestions[i].title, v->suggestions[i].rule_id, v->suggestions[i].kind);
	int closed = 0;
	for (size_t i = 0; i < v->nobligations; i++)
		if (!obligation_unsettled(&v->obligations[i]))
			closed++;
	if (closed) {
		printf("\nObligations done:\n");
		for (size_t i = 0; i < v->nobligations; i++) {
			const struct obligation *o = &v->obligations[i];
			if (obligation_unsettled(o))
				continue;
			char by[48];
			printf("  [%s] %s (%s)", strcmp(o->status, "breached") ? o->status : "met late",
			       o->title ? o->title : o->rule_id, o->rule_id);
			if (strcmp(o->status, "waived"))
				printf(" %s by %s", dk_time_format(o->met_at, a),
				       obligation_evidence_label(o->met_by, by, sizeof(by)));
			else if (o->note)
				printf(" %s", o->note);
			printf("\n");
		}
	}
	printf("\nThread:\n");
	for (size_t i = 0; i < v->nmessages; i++) {
		const struct message *m = &v->messages[i];
		const char *label = !strcmp(m->direction, "in") ? "inbound" : !strcmp(m->direction, "out") ? "reply" : "internal note";
		printf("--- %s #%lld  %s  ", label, (long long)m->id, dk_time_format(m->created_at, a));
		put_safe(m->author, 0);
		if (m->automated)
			printf("  [automated%s%s]", m->disclosed ? ", AI disclosure added for " : "",
			       m->disclosed && m->disclosure_rule ? m->disclosure_rule : "");
		printf("\n");
		put_safe(m->body, 1);
		if (!m->body || !*m->body || m->body[strlen(m->body) - 1] != '\n')
			putchar('\n');
	}
}

/* The ticket ID (first argument) and --expect-version V (0: not given)
 * of a ticket subcommand; 0 or the exit code. */
static int ticket_args(const struct cli_args *a, int has_expect, int64_t *id, int64_t *expect)
{
	const char *expect_s = has_expect ? cli_arg(a, "expect-version") : NULL;
	*expect = 0;
	if (expect_s && parse_int64(expect_s, 1, INT64_MAX, expect))
		return cli_fail(err_set(DK_EINVAL, "--expect-version: %s: expected a version number", expect_s));
	int rc = parse_id(a->pos[0], "ticket", id);
	return rc ? cli_fail(rc) : 0;
}

/* "question, complaint, ... or other" */
static void kinds_list(struct buf *b)
{
	for (size_t i = 0; ticket_kinds[i]; i++)
		buf_printf(b, "%s%s", i == 0 ? "" : ticket_kinds[i + 1] ? ", " : " or ", ticket_kinds[i]);
}

CLI_HANDLER(cli_ticket_new)
{
	return ticket_new(c->ws, cli_arg(a, "customer"), cli_arg(a, "subject"), cli_arg(a, "kind"), cli_arg(a, "channel"),
			  cli_arg(a, "priority"));
}

CLI_HANDLER(cli_ticket_list)
{
	const char *status = cli_arg(a, "status"), *kind = cli_arg(a, "kind"), *assignee = cli_arg(a, "assignee");
	const char *limit_s = cli_arg(a, "limit"), *offset_s = cli_arg(a, "offset");
	dk_time now = dk_now();
	struct ticket_filter f = { .status = status, .kind = kind, .assignee = assignee,
				   .jurisdiction = cli_arg(a, "jurisdiction"), .overdue = cli_flag(a, "overdue"), .now = now };
	int64_t off = 0;
	int rc;
	if ((rc = parse_limit(limit_s, 100, &f.limit)))
		return cli_fail(rc);
	if (offset_s && parse_int64(offset_s, 0, INT64_MAX, &off))
		return cli_fail(err_set(DK_EINVAL, "--offset: %s: expected a number", offset_s));
	f.offset = off;
	if (status && strcmp(status, "all") && !ticket_status_valid(status))
		return cli_fail(err_set(DK_EINVAL, "status: %s: expected new, open, pending, on-hold, resolved, closed or all", status));
	if (kind && !ticket_kind_valid(kind)) {
		struct buf b = BUF_INIT;
		kinds_list(&b);
		rc = err_set(DK_EINVAL, "kind: %s: expected %s", kind, buf_str(&b));
		buf_release(&b);
		return cli_fail(rc);
	}
	if (assignee && (!strcmp(assignee, "none") || !strcmp(assignee, "-")))
		f.assignee = "";
	/* a saved view (the TUI's :view): its words first, the options over them */
	struct saved_view sv = { 0 };
	const char *view = cli_arg(a, "view");
	if (view) {
		if ((rc = saved_view_get(c->ws, view, &sv)))
			return cli_fail(rc);
		if (!status)
			f.status = sv.status;
		if (!kind)
			f.kind = sv.kind;
		if (!f.jurisdiction)
			f.jurisdiction = sv.jurisdiction;
		if (!assignee && (sv.mine || sv.unassigned))
			f.assignee = sv.mine ? c->ws->login : "";
		f.overdue |= sv.overdue;
		f.sort = sv.sort;
	}
	const char *sort = cli_arg(a, "sort");
	if (sort) {
		f.sort = -1;
		for (int i = 0; i < TICKET_SORT_COUNT; i++)
			if (!strcmp(sort, ticket_sort_name(i)))
				f.sort = i;
		if (f.sort < 0) {
			saved_view_clear(&sv);
			return cli_fail(err_set(DK_EINVAL, "--sort: %s: expected urgency, priority, age or updated", sort));
		}
	}
	struct ticket *ts;
	size_t n;
	rc = store_ticket_list(c->ws->store, &f, &ts, &n);
	if (rc) {
		saved_view_clear(&sv);
		return cli_fail(rc);
	}
	if (cli_flag(a, "json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_ticket(&ts[i]));
		cli_print_json(arr);
		json_decref(arr);
	} else {
		int wide = isatty(STDOUT_FILENO);
		if (wide && n)
			print_ticket_header();
		for (size_t i = 0; i < n; i++)
			print_ticket_row(c->ws, &ts[i], now, wide);
	}
	tickets_free(ts, n);
	saved_view_clear(&sv);
	return 0;
}

CLI_HANDLER(cli_ticket_show)
{
	int64_t id, expect;
	int rc = ticket_args(a, 0, &id, &expect);
	if (rc)
		return rc;
	struct ticket_view v;
	if ((rc = ticket_view_load(c->ws, id, dk_now(), &v)))
		return cli_fail(rc);
	if (cli_flag(a, "json")) {
		json_t *j = ticket_view_json(&v);
		cli_print_json(j);
		json_decref(j);
	} else {
		print_view(&v);
	}
	ticket_view_clear(&v);
	return 0;
}

CLI_HANDLER(cli_ticket_timeline)
{
	int64_t id, expect;
	int rc = ticket_args(a, 0, &id, &expect);
	if (rc)
		return rc;
	struct timeline tl;
	if ((rc = timeline_build(c->ws, id, dk_now(), &tl)))
		return cli_fail(rc);
	if (cli_flag(a, "json")) {
		json_t *j = timeline_json(&tl);
		cli_print_json(j);
		json_decref(j);
	} else {
		for (size_t i = 0; i < tl.n; i++) {
			put_safe(tl.items[i].text, 0);
			putchar('\n');
		}
	}
	timeline_clear(&tl);
	return 0;
}

CLI_HANDLER(cli_ticket_reply)
{
	int64_t id, expect;
	char *body;
	int rc = ticket_args(a, 1, &id, &expect);
	if (rc)
		return rc;
	if (cli_arg(a, "set") && !cli_arg(a, "template"))
		return cli_usage("ticket reply: --set is for --template");
	if (cli_arg(a, "template"))
		return cli_reply_template(c, a, id, expect);
	if (cli_flag(a, "edit")) {
		/* the TUI's draft (core/draft.c) in $EDITOR; back blank or
		 * unchanged, nothing is sent */
		char *draft;
		if ((rc = desk_reply_draft(c->ws, id, &draft)))
			return cli_fail(rc);
		rc = edit_text(draft, &body, NULL, NULL);
		if (rc == 0 && !strcmp(body, draft)) {
			free(body);
			rc = 1;
		}
		free(draft);
		if (rc == 1 || rc == 2)
			return cli_fail(err_set(DK_ERR, "ticket reply: %s; nothing was sent",
						rc == 1 ? "the text came back empty or unchanged" : "the editor failed"));
		if (rc)
			return cli_fail(rc);
	} else if ((rc = cli_read_stdin(&body))) {
		return rc;
	}
	struct reply_file *files;
	size_t nfiles;
	if ((rc = cli_attachments(c, a, &files, &nfiles))) {
		free(body);
		return cli_fail(rc);
	}
	struct message m;
	rc = desk_ticket_reply_files(c->ws, id, body, cli_flag(a, "automated"), expect, dk_now(), NULL, files, nfiles,
				     &m, NULL);
	cli_attachments_free(files, nfiles);
	if (!rc) {
		printf("%lld\n", (long long)m.id);
		if (m.disclosed)
			fprintf(stderr, "docket: AI disclosure included (rule %s)\n", m.disclosure_rule);
		message_clear(&m);
	}
	free(body);
	return cli_fail(rc);
}

CLI_HANDLER(cli_ticket_note)
{
	int64_t id, expect, mid;
	char *body;
	int rc = ticket_args(a, 1, &id, &expect);
	if (rc || (rc = cli_read_stdin(&body)))
		return rc;
	rc = desk_ticket_note(c->ws, id, body, expect, dk_now(), &mid);
	if (!rc)
		printf("%lld\n", (long long)mid);
	free(body);
	return cli_fail(rc);
}

/* "12" or "12,14,15": *ids (caller frees) */
static int parse_id_list(const char *s, int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	size_t cap = 0;
	char *dup = xstrdup(s), *save = NULL;
	int rc = 0;
	for (char *w = strtok_r(dup, ",", &save); w && !rc; w = strtok_r(NULL, ",", &save)) {
		int64_t id;
		if ((rc = parse_id(w, "ticket", &id)))
			break;
		ARRAY_GROW(*ids, cap, *n + 1);
		(*ids)[(*n)++] = id;
	}
	free(dup);
	if (!rc && !*n)
		rc = err_set(DK_EINVAL, "ticket: %s: expected a ticket id or ID,ID,...", s);
	if (rc) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return rc;
}

CLI_HANDLER(cli_ticket_set)
{
	if (strchr(a->pos[0], ',')) {
		/* several tickets at once (the TUI's tagged tickets): one
		 * transaction, each change audited */
		if (cli_arg(a, "expect-version"))
			return cli_usage("ticket set: --expect-version is for one ticket");
		int64_t *ids;
		size_t n;
		int rc = parse_id_list(a->pos[0], &ids, &n);
		if (!rc)
			rc = desk_tickets_set(c->ws, ids, n, a->pos[1], a->pos[2], dk_now());
		free(ids);
		return cli_fail(rc);
	}
	int64_t id, expect;
	int rc = ticket_args(a, 1, &id, &expect);
	return rc ? rc : cli_fail(desk_ticket_set(c->ws, id, a->pos[1], a->pos[2], expect, dk_now()));
}

CLI_HANDLER(cli_ticket_take)
{
	int64_t *ids;
	size_t n;
	int rc = parse_id_list(a->pos[0], &ids, &n);
	if (!rc)
		rc = desk_tickets_set(c->ws, ids, n, "assignee", c->ws->login, dk_now());
	free(ids);
	return cli_fail(rc);
}

CLI_HANDLER(cli_ticket_event)
{
	int64_t id, expect;
	int rc = ticket_args(a, 1, &id, &expect);
	if (rc)
		return rc;
	struct workspace *ws = c->ws;
	const char *at_s = cli_arg(a, "at"), *detail = cli_arg(a, "detail"), *type = a->pos[1];
	const char *met_by_s = cli_arg(a, "met-by"), *reason = cli_arg(a, "reason");
	int keep_open = cli_flag(a, "keep-open");
	dk_time now = dk_now(), when = now;
	if (at_s && (rc = dk_time_parse(at_s, ws->tz, &when)))
		return cli_fail(err_prefix(rc, "ticket event: --at"));
	int resolving = !strcmp(type, "resolved");
	if ((met_by_s || keep_open) && !resolving)
		return cli_usage("ticket event: --met-by and --keep-open are for `ticket event ID resolved`");
	if (reason && strcmp(type, "clock-paused"))
		return cli_usage("ticket event: --reason is for `ticket event ID clock-paused`");
	if (met_by_s && keep_open)
		return cli_usage("ticket event resolved: --met-by or --keep-open, not both");
	if (resolving) {
		struct resolve_plan plan = { .keep_open = keep_open };
		if (met_by_s && parse_int64(met_by_s, 1, INT64_MAX, &plan.met_by))
			return cli_fail(err_set(DK_EINVAL, "--met-by: %s: expected a message id", met_by_s));
		return cli_fail(desk_ticket_resolve(ws, id, detail, &plan, expect, now));
	}
	char *pd = NULL; /* clock-paused: the reason leads the detail */
	if (reason)
		pd = detail ? xasprintf("%s: %s", reason, detail) : xstrdup(reason);
	rc = desk_ticket_event_at(ws, id, type, pd ? pd : detail, expect, when, now);
	free(pd);
	if (!rc && !strcmp(type, "extended"))
		print_extension_notice(ws, id);
	return cli_fail(rc);
}

/* ---- search */

CLI_HANDLER(cli_search)
{
	const char *limit_s = cli_arg(a, "limit");
	int json = cli_flag(a, "json"), order = cli_flag(a, "rank") ? SEARCH_RELEVANCE : SEARCH_NEWEST, rc;
	if (cli_arg(a, "sort") && (rc = search_order_parse(cli_arg(a, "sort"), &order)))
		return cli_fail(rc);
	int npos = a->npos;
	char **pos = a->pos;
	struct buf query = BUF_INIT;
	for (int i = 0; i < npos; i++) {
		if (i)
			buf_addc(&query, ' ');
		buf_adds(&query, pos[i]);
	}
	struct workspace *ws = c->ws;
	int64_t limit;
	if ((rc = parse_limit(limit_s, 50, &limit))) {
		buf_release(&query);
		return cli_fail(rc);
	}
	int64_t *ids;
	size_t n;
	int more;
	rc = desk_search(ws, buf_str(&query), order, cli_flag(a, "open"), limit, &ids, &n, &more);
	buf_release(&query);
	if (rc)
		return cli_fail(rc);
	dk_time now = dk_now();
	json_t *arr = json ? json_array() : NULL;
	int wide = !json && isatty(STDOUT_FILENO);
	if (wide && n)
		print_ticket_header();
	for (size_t i = 0; i < n; i++) {
		struct ticket t;
		if (store_ticket_get(ws->store, ids[i], &t))
			continue;
		if (json)
			json_array_append_new(arr, json_ticket(&t));
		else
			print_ticket_row(ws, &t, now, wide);
		ticket_clear(&t);
	}
	if (json) {
		cli_print_json(arr);
		json_decref(arr);
	}
	free(ids);
	return 0;
}

/* ---- obligations */

CLI_HANDLER(cli_obligations)
{
	const char *ticket_s = cli_arg(a, "ticket"), *before_s = cli_arg(a, "due-before"), *status = cli_arg(a, "status");
	int json = cli_flag(a, "json"), rc;
	struct workspace *ws = c->ws;
	struct obligation_filter f = { .status = status, .due_before = DK_TIME_NONE };
	if (ticket_s && (rc = parse_id(ticket_s, "ticket", &f.ticket_id)))
		return cli_fail(rc);
	if ((rc = parse_limit(cli_arg(a, "limit"), 100, &f.limit)))
		return cli_fail(rc);
	if (status && strcmp(status, "open") && strcmp(status, "met") && strcmp(status, "breached") &&
	    strcmp(status, "waived"))
		return cli_fail(err_set(DK_EINVAL, "status: %s: expected open, met, breached or waived", status));
	if (before_s && (rc = dk_time_parse(before_s, ws->tz, &f.due_before)))
		return cli_fail(rc);
	struct obligation *os;
	size_t n;
	if ((rc = store_obligation_list(ws->store, &f, &os, &n)))
		return cli_fail(rc);
	if (json && (rc = store_obligation_evidence_load(ws->store, os, n))) {
		obligations_free(os, n);
		return cli_fail(rc);
	}
	dk_time now = dk_now();
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_obligation(&os[i]));
		cli_print_json(arr);
		json_decref(arr);
	} else {
		for (size_t i = 0; i < n; i++) {
			char due[40], t[DK_TIME_BUFSZ];
			dk_time d = os[i].extended_due_at != DK_TIME_NONE ? os[i].extended_due_at : os[i].due_at;
			if (!strcmp(os[i].status, "open") || !strcmp(os[i].status, "breached"))
				fmt_due(d, now, due, sizeof(due));
			else
				snprintf(due, sizeof(due), "%s", os[i].status);
			printf("%-6lld ticket %-7lld %-12s %s  %-22s %s\n", (long long)os[i].id, (long long)os[i].ticket_id,
			       due, dk_time_format(d, t), os[i].rule_id, os[i].title ? os[i].title : "");
		}
	}
	obligations_free(os, n);
	return 0;
}

static int parse_oid(const struct cli_args *a, int64_t *oid)
{
	int rc = parse_id(a->pos[0], "obligation", oid);
	return rc ? cli_fail(rc) : 0;
}

CLI_HANDLER(cli_obligation_step)
{
	int64_t oid, n;
	int rc;
	if (strcmp(a->pos[2], "done") && strcmp(a->pos[2], "undone"))
		return cli_usage("obligation step: expected OID N done|undone");
	if ((rc = parse_oid(a, &oid)))
		return rc;
	if (parse_int64(a->pos[1], 1, 1000, &n))
		return cli_fail(err_set(DK_EINVAL, "step: %s: expected a step number", a->pos[1]));
	return cli_fail(obligation_step(c->ws, oid, (int)n, !strcmp(a->pos[2], "done"), dk_now()));
}

CLI_HANDLER(cli_obligation_waive)
{
	int64_t oid;
	const char *reason = cli_arg(a, "reason");
	int rc;
	if (!*reason)
		return cli_usage("obligation waive: needs --reason TEXT");
	if ((rc = parse_oid(a, &oid)))
		return rc;
	return cli_fail(obligation_waive(c->ws, oid, reason, dk_now()));
}

/* docket digest [--mine] [--since T] [--json]: what changed since T
 * (default: the last 24 hours), for cron or a daily mail */
CLI_HANDLER(cli_digest)
{
	struct workspace *ws = c->ws;
	dk_time now = dk_now(), since = now - 86400;
	const char *since_s = cli_arg(a, "since");
	int rc;
	if (since_s && (rc = dk_time_parse(since_s, ws->tz, &since)))
		return cli_fail(err_prefix(rc, "digest: --since"));
	if (since > now)
		return cli_fail(err_set(DK_EINVAL, "digest: --since %s is in the future", since_s));
	struct digest d;
	if ((rc = digest_build(ws, since, now, cli_flag(a, "mine"), &d)))
		return cli_fail(rc);
	if (cli_flag(a, "json")) {
		json_t *j = json_object(), *arr = json_array();
		json_object_set_new(j, "since", json_time(since));
		json_object_set_new(j, "now", json_time(now));
		json_object_set_new(j, "agent", json_string(ws->login ? ws->login : ""));
		json_object_set_new(j, "mine", json_boolean(cli_flag(a, "mine")));
		json_t *cnt = json_object();
		for (int k = 0; k < NOTICE_KINDS; k++)
			json_object_set_new(cnt, notice_kind_name(k), json_integer((json_int_t)d.count[k]));
		json_object_set_new(j, "counts", cnt);
		json_object_set_new(j, "truncated", json_boolean(d.truncated));
		for (size_t i = 0; i < d.n; i++) {
			json_t *o = json_object();
			json_object_set_new(o, "kind", json_string(notice_kind_name(d.v[i].kind)));
			json_object_set_new(o, "ticket", json_integer(d.v[i].ticket_id));
			json_object_set_new(o, "at", json_time(d.v[i].at));
			json_object_set_new(o, "what", json_string(d.v[i].what));
			json_array_append_new(arr, o);
		}
		json_object_set_new(j, "notices", arr);
		cli_print_json(j);
		json_decref(j);
		digest_clear(&d);
		return 0;
	}
	struct tm tm;
	char from[32], when[32];
	dk_utc_to_local(ws->tz, since, &tm);
	strftime(from, sizeof(from), "%Y-%m-%d %H:%M", &tm);
	printf("Since %s %s%s: %zu overdue, %zu due today, %zu assigned to %s, %zu breach clock%s\n", from, ws->tz,
	       cli_flag(a, "mine") ? " (your tickets)" : "", d.count[NOTICE_OVERDUE], d.count[NOTICE_DUE_TODAY],
	       d.count[NOTICE_ASSIGNED], ws->login ? ws->login : "you", d.count[NOTICE_BREACH],
	       d.count[NOTICE_BREACH] == 1 ? "" : "s");
	for (size_t i = 0; i < d.n; i++) {
		const struct notice *x = &d.v[i];
		dk_utc_to_local(ws->tz, x->at, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		struct ticket t;
		int have = store_ticket_get(ws->store, x->ticket_id, &t) == 0;
		printf("%-10s #%-6lld %s  %s", notice_kind_name(x->kind), (long long)x->ticket_id, when, x->what);
		if (have) {
			fputs("  ", stdout);
			put_safe(t.subject, 0);
			ticket_clear(&t);
		} else {
			err_clear();
		}
		putchar('\n');
	}
	if (d.truncated)
		printf("(not everything: at most %d of a kind, from the newest %d audit rows)\n", DIGEST_MAX,
		       DIGEST_AUDIT_SCAN);
	digest_clear(&d);
	return 0;
}
