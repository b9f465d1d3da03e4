/* cli_desk.c - agent, customer, ticket, search and obligation commands. */
#include "cli/cli.h"

#include "core/desk.h"
#include "lib/err.h"
#include "core/json.h"
#include "core/obligations.h"
#include "lib/text.h"
#include "core/ticketview.h"
#include "core/timeline.h"
#include "lib/util.h"
#include "core/workspace.h"
#include "data/store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

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

int cli_agent(struct cli *c, int argc, char **argv)
{
	int json = 0;
	const struct cli_opt opts[] = { { "json", 0, NULL, &json }, { 0 } };
	char **pos;
	int npos, rc;
	if ((rc = cli_parse(argc, argv, opts, &pos, &npos)))
		return rc;
	struct workspace *ws;
	const char *sub = npos > 0 ? pos[0] : NULL;
	if (!sub) {
		free(pos);
		return cli_usage("agent: expected add, set, remove or list");
	}
	if ((rc = cli_ws(c, &ws))) {
		free(pos);
		return rc;
	}
	dk_time now = dk_now();
	if (!strcmp(sub, "list")) {
		struct agent *a;
		size_t n;
		if ((rc = store_agent_list(ws->store, &a, &n))) {
			free(pos);
			return cli_fail(rc);
		}
		if (json) {
			json_t *arr = json_array();
			for (size_t i = 0; i < n; i++)
				json_array_append_new(arr, json_agent(&a[i]));
			cli_print_json(arr);
			json_decref(arr);
		} else {
			for (size_t i = 0; i < n; i++)
				printf("%-20s %s\n", a[i].login, role_name(a[i].role));
		}
		agents_free(a, n);
	} else if (!strcmp(sub, "add") || !strcmp(sub, "set")) {
		if (npos != 3) {
			free(pos);
			return cli_usage("agent %s: expected LOGIN ROLE", sub);
		}
		rc = !strcmp(sub, "add") ? desk_agent_add(ws, pos[1], pos[2], now) : desk_agent_set(ws, pos[1], pos[2], now);
		if (!rc)
			printf("%s: %s\n", pos[1], pos[2]);
	} else if (!strcmp(sub, "remove")) {
		if (npos != 2) {
			free(pos);
			return cli_usage("agent remove: expected LOGIN");
		}
		rc = desk_agent_remove(ws, pos[1], now);
	} else {
		free(pos);
		return cli_usage("agent: %s: expected add, set, remove or list", sub);
	}
	free(pos);
	return cli_fail(rc);
}

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

int cli_customer(struct cli *c, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	if (!sub)
		return cli_usage("customer: expected new, show, list, export, rectify, erase, hold or restrict");
	if (!strcmp(sub, "export") || !strcmp(sub, "rectify") || !strcmp(sub, "erase") || !strcmp(sub, "hold") ||
	    !strcmp(sub, "restrict"))
		return cli_customer_rights(c, argc - 1, argv + 1);
	const char *name = NULL, *email = NULL, *jur = NULL, *search = NULL, *limit_s = NULL, *offset_s = NULL;
	int json = 0;
	const struct cli_opt opts[] = { { "name", 1, &name, NULL },	    { "email", 1, &email, NULL },
					{ "jurisdiction", 1, &jur, NULL },  { "search", 1, &search, NULL },
					{ "limit", 1, &limit_s, NULL },	    { "offset", 1, &offset_s, NULL },
					{ "json", 0, NULL, &json },	    { 0 } };
	char **pos;
	int npos, rc;
	if ((rc = cli_parse(argc - 1, argv + 1, opts, &pos, &npos)))
		return rc;
	struct workspace *ws;
	if ((rc = cli_ws(c, &ws))) {
		free(pos);
		return rc;
	}
	if (!strcmp(sub, "new")) {
		free(pos);
		if (!name || !email || !jur)
			return cli_usage("customer new: needs --name, --email and --jurisdiction");
		int64_t id;
		if ((rc = desk_customer_new(ws, name, email, jur, dk_now(), &id)))
			return cli_fail(rc);
		printf("%lld\n", (long long)id);
		return 0;
	}
	if (!strcmp(sub, "show")) {
		int64_t id;
		if (npos != 1) {
			free(pos);
			return cli_usage("customer show: expected ID");
		}
		rc = parse_id(pos[0], "customer", &id);
		free(pos);
		struct customer cu;
		if (rc || (rc = store_customer_get(ws->store, id, &cu)))
			return cli_fail(rc);
		if (json) {
			json_t *j = json_customer(&cu);
			cli_print_json(j);
			json_decref(j);
		} else {
			print_customer(&cu);
		}
		customer_clear(&cu);
		return 0;
	}
	if (!strcmp(sub, "list")) {
		free(pos);
		struct customer_filter f = { .jurisdiction = jur, .search = search };
		int64_t off = 0;
		if ((rc = parse_limit(limit_s, 100, &f.limit)) ||
		    (offset_s && parse_int64(offset_s, 0, INT64_MAX, &off) &&
		     (rc = err_set(DK_EINVAL, "--offset: %s: expected a number", offset_s))))
			return cli_fail(rc);
		f.offset = off;
		struct customer *cs;
		size_t n;
		if ((rc = store_customer_list(ws->store, &f, &cs, &n)))
			return cli_fail(rc);
		if (json) {
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
	free(pos);
	return cli_usage("customer: %s: expected new, show, list, export, rectify, erase, hold or restrict", sub);
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

static void print_ticket_row(struct workspace *ws, const struct ticket *t, dk_time now)
{
	char due[32], mark[160];
	fmt_due(t->next_due_at, now, due, sizeof(due));
	if (desk_queue_mark(ws, t, now, mark, sizeof(mark)))
		*mark = '\0';
	printf("%-7lld %-12s %-8s %-16s %-6s ", (long long)t->id, due, t->status, t->kind,
	       t->jurisdiction ? t->jurisdiction : "");
	put_safe(t->subject, 0);
	if (*mark)
		printf("  [%s]", mark);
	putchar('\n');
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

int cli_ticket(struct cli *c, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	if (!sub)
		return cli_usage("ticket: expected new, list, show, reply, note, set, event or timeline");
	const char *cust = NULL, *subject = NULL, *kind = NULL, *channel = NULL, *status = NULL, *assignee = NULL,
		   *limit_s = NULL, *offset_s = NULL, *expect_s = NULL, *detail = NULL, *prio = NULL, *jur = NULL, *at_s = NULL,
		   *met_by_s = NULL, *reason = NULL;
	int json = 0, overdue = 0, automated = 0, keep_open = 0;
	const struct cli_opt opts[] = {
		{ "customer", 1, &cust, NULL },	      { "subject", 1, &subject, NULL },	 { "kind", 1, &kind, NULL },
		{ "channel", 1, &channel, NULL },      { "status", 1, &status, NULL },	  { "assignee", 1, &assignee, NULL },
		{ "limit", 1, &limit_s, NULL },	       { "offset", 1, &offset_s, NULL },  { "expect-version", 1, &expect_s, NULL },
		{ "detail", 1, &detail, NULL },	       { "priority", 1, &prio, NULL },	  { "jurisdiction", 1, &jur, NULL },
		{ "json", 0, NULL, &json },	       { "overdue", 0, NULL, &overdue },  { "automated", 0, NULL, &automated },
		{ "at", 1, &at_s, NULL },	       { "met-by", 1, &met_by_s, NULL },  { "keep-open", 0, NULL, &keep_open },
		{ "reason", 1, &reason, NULL },
		{ 0 }
	};
	char **pos;
	int npos, rc;
	if ((rc = cli_parse(argc - 1, argv + 1, opts, &pos, &npos)))
		return rc;
	struct workspace *ws;
	int64_t id = 0, expect = 0;
	dk_time now = dk_now();
	if (expect_s && parse_int64(expect_s, 1, INT64_MAX, &expect)) {
		free(pos);
		return cli_fail(err_set(DK_EINVAL, "--expect-version: %s: expected a version number", expect_s));
	}
	if (at_s && strcmp(sub, "event")) {
		free(pos);
		return cli_usage("ticket %s: --at is for `ticket event ID aware --at T`", sub);
	}
	int needs_id = strcmp(sub, "new") && strcmp(sub, "list");
	if (needs_id) {
		if (npos < 1) {
			free(pos);
			return cli_usage("ticket %s: expected a ticket ID", sub);
		}
		if ((rc = parse_id(pos[0], "ticket", &id))) {
			free(pos);
			return cli_fail(rc);
		}
	}
	if ((rc = cli_ws(c, &ws))) {
		free(pos);
		return rc;
	}
	if (!strcmp(sub, "new")) {
		free(pos);
		if (!cust || !subject)
			return cli_usage("ticket new: needs --customer ID and --subject S (body on stdin)");
		return ticket_new(ws, cust, subject, kind, channel, prio);
	}
	if (!strcmp(sub, "list")) {
		free(pos);
		struct ticket_filter f = { .status = status, .kind = kind, .assignee = assignee, .jurisdiction = jur,
					   .overdue = overdue, .now = now };
		int64_t off = 0;
		if ((rc = parse_limit(limit_s, 100, &f.limit)))
			return cli_fail(rc);
		if (offset_s && parse_int64(offset_s, 0, INT64_MAX, &off))
			return cli_fail(err_set(DK_EINVAL, "--offset: %s: expected a number", offset_s));
		f.offset = off;
		if (status && strcmp(status, "all") && !ticket_status_valid(status))
			return cli_fail(err_set(DK_EINVAL, "status: %s: expected new, open, pending, on-hold, resolved, closed or all", status));
		if (kind && !ticket_kind_valid(kind))
			return cli_fail(err_set(DK_EINVAL, "kind: %s: unknown ticket kind", kind));
		if (assignee && (!strcmp(assignee, "none") || !strcmp(assignee, "-")))
			f.assignee = "";
		struct ticket *ts;
		size_t n;
		if ((rc = store_ticket_list(ws->store, &f, &ts, &n)))
			return cli_fail(rc);
		if (json) {
			json_t *arr = json_array();
			for (size_t i = 0; i < n; i++)
				json_array_append_new(arr, json_ticket(&ts[i]));
			cli_print_json(arr);
			json_decref(arr);
		} else {
			for (size_t i = 0; i < n; i++)
				print_ticket_row(ws, &ts[i], now);
		}
		tickets_free(ts, n);
		return 0;
	}
	if (!strcmp(sub, "show")) {
		free(pos);
		struct ticket_view v;
		if ((rc = ticket_view_load(ws, id, now, &v)))
			return cli_fail(rc);
		if (json) {
			json_t *j = ticket_view_json(&v);
			cli_print_json(j);
			json_decref(j);
		} else {
			print_view(&v);
		}
		ticket_view_clear(&v);
		return 0;
	}
	if (!strcmp(sub, "timeline")) {
		free(pos);
		struct timeline tl;
		if ((rc = timeline_build(ws, id, now, &tl)))
			return cli_fail(rc);
		if (json) {
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
	if (!strcmp(sub, "reply") || !strcmp(sub, "note")) {
		free(pos);
		char *body;
		if ((rc = cli_read_stdin(&body)))
			return rc;
		if (!strcmp(sub, "reply")) {
			struct message m;
			rc = desk_ticket_reply(ws, id, body, automated, expect, now, &m);
			if (!rc) {
				printf("%lld\n", (long long)m.id);
				if (m.disclosed)
					fprintf(stderr, "docket: AI disclosure included (rule %s)\n", m.disclosure_rule);
				message_clear(&m);
			}
		} else {
			int64_t mid;
			rc = desk_ticket_note(ws, id, body, expect, now, &mid);
			if (!rc)
				printf("%lld\n", (long long)mid);
		}
		free(body);
		return cli_fail(rc);
	}
	if (!strcmp(sub, "set")) {
		if (npos != 3) {
			free(pos);
			return cli_usage("ticket set: expected ID FIELD VALUE");
		}
		rc = desk_ticket_set(ws, id, pos[1], pos[2], expect, now);
		free(pos);
		return cli_fail(rc);
	}
	if (!strcmp(sub, "event")) {
		if (npos != 2) {
			free(pos);
			return cli_usage("ticket event: expected ID TYPE");
		}
		dk_time when = now;
		if (at_s && (rc = dk_time_parse(at_s, ws->tz, &when))) {
			free(pos);
			return cli_fail(err_prefix(rc, "ticket event: --at"));
		}
		int resolving = !strcmp(pos[1], "resolved");
		if ((met_by_s || keep_open) && !resolving) {
			free(pos);
			return cli_usage("ticket event: --met-by and --keep-open are for `ticket event ID resolved`");
		}
		if (reason && strcmp(pos[1], "clock-paused")) {
			free(pos);
			return cli_usage("ticket event: --reason is for `ticket event ID clock-paused`");
		}
		if (met_by_s && keep_open) {
			free(pos);
			return cli_usage("ticket event resolved: --met-by or --keep-open, not both");
		}
		if (resolving) {
			struct resolve_plan plan = { .keep_open = keep_open };
			if (met_by_s && parse_int64(met_by_s, 1, INT64_MAX, &plan.met_by)) {
				free(pos);
				return cli_fail(err_set(DK_EINVAL, "--met-by: %s: expected a message id", met_by_s));
			}
			rc = desk_ticket_resolve(ws, id, detail, &plan, expect, now);
			free(pos);
			return cli_fail(rc);
		}
		char *pd = NULL; /* clock-paused: the reason leads the detail */
		if (reason)
			pd = detail ? xasprintf("%s: %s", reason, detail) : xstrdup(reason);
		rc = desk_ticket_event_at(ws, id, pos[1], pd ? pd : detail, expect, when, now);
		free(pd);
		if (!rc && !strcmp(pos[1], "extended"))
			print_extension_notice(ws, id);
		free(pos);
		return cli_fail(rc);
	}
	free(pos);
	return cli_usage("ticket: %s: expected new, list, show, reply, note, set, event or timeline", sub);
}

/* ---- search */

int cli_search(struct cli *c, int argc, char **argv)
{
	const char *limit_s = NULL;
	int json = 0, rank = 0;
	const struct cli_opt opts[] = { { "limit", 1, &limit_s, NULL }, { "json", 0, NULL, &json },
					{ "rank", 0, NULL, &rank }, { 0 } };
	char **pos;
	int npos, rc;
	if ((rc = cli_parse(argc, argv, opts, &pos, &npos)))
		return rc;
	if (npos < 1) {
		free(pos);
		return cli_usage("search: expected QUERY");
	}
	struct buf query = BUF_INIT;
	for (int i = 0; i < npos; i++) {
		if (i)
			buf_addc(&query, ' ');
		buf_adds(&query, pos[i]);
	}
	free(pos);
	struct workspace *ws;
	int64_t limit;
	if ((rc = parse_limit(limit_s, 50, &limit))) {
		buf_release(&query);
		return cli_fail(rc);
	}
	if ((rc = cli_ws(c, &ws))) {
		buf_release(&query);
		return rc;
	}
	int64_t *ids;
	size_t n;
	rc = store_search(ws->store, buf_str(&query), rank, limit, &ids, &n);
	buf_release(&query);
	if (rc)
		return cli_fail(rc);
	dk_time now = dk_now();
	json_t *arr = json ? json_array() : NULL;
	for (size_t i = 0; i < n; i++) {
		struct ticket t;
		if (store_ticket_get(ws->store, ids[i], &t))
			continue;
		if (json)
			json_array_append_new(arr, json_ticket(&t));
		else
			print_ticket_row(ws, &t, now);
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

int cli_obligations(struct cli *c, int argc, char **argv)
{
	const char *ticket_s = NULL, *before_s = NULL, *status = NULL, *limit_s = NULL;
	int json = 0;
	const struct cli_opt opts[] = { { "ticket", 1, &ticket_s, NULL }, { "due-before", 1, &before_s, NULL },
					{ "status", 1, &status, NULL },	  { "limit", 1, &limit_s, NULL },
					{ "json", 0, NULL, &json },	  { 0 } };
	char **pos;
	int npos, rc;
	if ((rc = cli_parse(argc, argv, opts, &pos, &npos)))
		return rc;
	free(pos);
	if (npos)
		return cli_usage("obligations: unexpected argument");
	struct workspace *ws;
	struct obligation_filter f = { .status = status, .due_before = DK_TIME_NONE };
	if (ticket_s && (rc = parse_id(ticket_s, "ticket", &f.ticket_id)))
		return cli_fail(rc);
	if ((rc = parse_limit(limit_s, 100, &f.limit)))
		return cli_fail(rc);
	if (status && strcmp(status, "open") && strcmp(status, "met") && strcmp(status, "breached") &&
	    strcmp(status, "waived"))
		return cli_fail(err_set(DK_EINVAL, "status: %s: expected open, met, breached or waived", status));
	if ((rc = cli_ws(c, &ws)))
		return rc;
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

int cli_obligation(struct cli *c, int argc, char **argv)
{
	const char *reason = NULL;
	const struct cli_opt opts[] = { { "reason", 1, &reason, NULL }, { 0 } };
	char **pos;
	int npos, rc;
	if ((rc = cli_parse(argc, argv, opts, &pos, &npos)))
		return rc;
	struct workspace *ws;
	int64_t oid;
	if (npos < 2) {
		free(pos);
		return cli_usage("obligation: expected step OID N done|undone, or waive OID --reason TEXT");
	}
	const char *sub = pos[0];
	if ((rc = parse_id(pos[1], "obligation", &oid))) {
		free(pos);
		return cli_fail(rc);
	}
	if (!strcmp(sub, "step")) {
		int64_t n;
		if (npos != 4 || (strcmp(pos[3], "done") && strcmp(pos[3], "undone"))) {
			free(pos);
			return cli_usage("obligation step: expected OID N done|undone");
		}
		if (parse_int64(pos[2], 1, 1000, &n)) {
			rc = err_set(DK_EINVAL, "step: %s: expected a step number", pos[2]);
			free(pos);
			return cli_fail(rc);
		}
		int done = !strcmp(pos[3], "done");
		free(pos);
		if ((rc = cli_ws(c, &ws)))
			return rc;
		return cli_fail(obligation_step(ws, oid, (int)n, done, dk_now()));
	}
	if (!strcmp(sub, "waive")) {
		free(pos);
		if (!reason || !*reason)
			return cli_usage("obligation waive: needs --reason TEXT");
		if ((rc = cli_ws(c, &ws)))
			return rc;
		return cli_fail(obligation_waive(ws, oid, reason, dk_now()));
	}
	free(pos);
	return cli_usage("obligation: %s: expected step or waive", sub);
}
