/* check_obligations.c - obligations from the starter rule pack: creation,
 * events, pauses, extensions, reclassification, rule changes, AI
 * disclosure, suggestions, timeline and the compliance report's figures. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/desk.h"
#include "core/facts.h"
#include "lib/err.h"
#include "core/init.h"
#include "core/obligations.h"
#include "core/report.h"
#include "core/ticketview.h"
#include "core/timeline.h"
#include "lib/util.h"
#include "core/workspace.h"
#include "data/store.h"
#include "terms/legal.h"

static char dir[64];
static struct workspace *ws;

static dk_time T(const char *s)
{
	dk_time t;
	ck_assert_msg(dk_time_parse(s, NULL, &t) == 0, "%s", s);
	return t;
}

static const char *F(dk_time t)
{
	static char b[4][DK_TIME_BUFSZ];
	static int i;
	i = (i + 1) % 4;
	return dk_time_format(t, b[i]);
}

static void setup(void)
{
	strcpy(dir, "/tmp/docket-obl-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *w = xasprintf("%s/ws", dir);
	ck_assert_int_eq(ws_init(w, T("2025-01-01"), &ws), 0);
	free(w);
}

static void teardown(void)
{
	ws_close(ws);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cleanup failed\n");
	free(cmd);
}

/* The workspace is regulated by facts (config regulated, as an admin). */
static void regulated(const char *facts)
{
	ck_assert_msg(ws_config_set(ws, WS_REGULATED_KEY, facts, NULL, NULL) == 0, "%s", err_msg());
}

static int64_t customer(const char *jur)
{
	static int k;
	char email[64];
	snprintf(email, sizeof(email), "c%d@example.com", ++k);
	int64_t id;
	ck_assert_msg(desk_customer_new(ws, "Test Customer", email, jur, T("2025-01-02"), &id) == 0, "%s", err_msg());
	return id;
}

static int64_t ticket(int64_t cust, const char *kind, const char *at, const char *body)
{
	struct ticket_new req = { .customer_id = cust, .subject = "Subject", .kind = kind, .body = body ? body : "hello" };
	int64_t id;
	ck_assert_msg(desk_ticket_new(ws, &req, T(at), &id) == 0, "%s", err_msg());
	return id;
}

/* Reply at `at` and resolve the ticket with that reply as the evidence
 * that met its duties; returns the reply's message id. */
static int64_t resolve_by_reply(int64_t tid, const char *at)
{
	struct message m = { 0 };
	ck_assert_msg(desk_ticket_reply(ws, tid, "Here is our answer.", 0, 0, T(at), &m) == 0, "%s", err_msg());
	int64_t id = m.id;
	message_clear(&m);
	struct resolve_plan plan = { .met_by = id };
	ck_assert_msg(desk_ticket_resolve(ws, tid, NULL, &plan, 0, T(at)) == 0, "%s", err_msg());
	return id;
}

/* The ticket's obligation for rule (and duty), loaded fresh. */
static struct obligation get(int64_t tid, const char *rule, const char *duty)
{
	struct obligation *ob, found = { 0 };
	size_t n;
	ck_assert_int_eq(store_obligation_list_ticket(ws->store, tid, &ob, &n), 0);
	int hit = 0;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(ob[i].rule_id, rule) && !strcmp(ob[i].duty, duty)) {
			found = ob[i];
			memset(&ob[i], 0, sizeof(ob[i]));
			hit = 1;
		}
	}
	obligations_free(ob, n);
	ck_assert_msg(hit, "ticket %lld has no %s/%s obligation", (long long)tid, rule, duty);
	return found;
}

static size_t count_obligations(int64_t tid)
{
	struct obligation *ob;
	size_t n;
	ck_assert_int_eq(store_obligation_list_ticket(ws->store, tid, &ob, &n), 0);
	obligations_free(ob, n);
	return n;
}

START_TEST(test_gdpr_access_is_due_by_regulation_1182_71)
{
	int64_t t = ticket(customer("DE"), "data-access", "2026-01-31T09:00:00Z", NULL);
	struct obligation o = get(t, "gdpr-access", "final");
	/* 28 Feb 2026 is a Saturday: next working day, Monday 2 March */
	ck_assert_str_eq(F(o.due_at), "2026-03-02T23:59:59Z");
	ck_assert_str_eq(o.status, "open");
	ck_assert_uint_eq(strlen(o.rules_rev), 40);
	ck_assert_str_eq(o.rules_rev, ws->rules_rev);
	ck_assert_str_eq(o.regime, "GDPR");
	ck_assert_ptr_nonnull(strstr(o.source, "Art 12(3)"));
	ck_assert_uint_ge(o.nsteps, 3);
	ck_assert_str_eq(o.extension, "2 months");
	obligation_clear(&o);
	struct ticket tk;
	ck_assert_int_eq(store_ticket_get(ws->store, t, &tk), 0);
	ck_assert_str_eq(F(tk.next_due_at), "2026-03-02T23:59:59Z");
	ticket_clear(&tk);
	int64_t t2 = ticket(customer("FR"), "data-access", "2026-05-15T10:00:00Z", NULL);
	o = get(t2, "gdpr-access", "final");
	ck_assert_str_eq(F(o.due_at), "2026-06-15T23:59:59Z");
	obligation_clear(&o);
}
END_TEST

START_TEST(test_questions_and_uncovered_jurisdictions_have_no_obligations)
{
	ck_assert_uint_eq(count_obligations(ticket(customer("DE"), "question", "2026-03-02", NULL)), 0);
	ck_assert_uint_eq(count_obligations(ticket(customer("JP"), "data-access", "2026-03-02", NULL)), 0);
}
END_TEST

START_TEST(test_ccpa_request_has_acknowledgement_and_response)
{
	int64_t t = ticket(customer("US-CA"), "data-access", "2026-03-02T15:00:00Z", NULL);
	struct obligation ack = get(t, "ccpa-ack", "ack"), resp = get(t, "ccpa-response", "final");
	ck_assert_str_eq(F(ack.due_at), "2026-03-16T23:59:59Z"); /* 10 business days */
	ck_assert_str_eq(F(resp.due_at), "2026-04-16T23:59:59Z"); /* 45 calendar days */
	obligation_clear(&ack);
	obligation_clear(&resp);
	ck_assert_int_eq(desk_ticket_event(ws, t, "acknowledged", NULL, 0, T("2026-03-05T10:00:00Z")), 0);
	ack = get(t, "ccpa-ack", "ack");
	resp = get(t, "ccpa-response", "final");
	ck_assert_str_eq(ack.status, "met");
	ck_assert_str_eq(F(ack.met_at), "2026-03-05T10:00:00Z");
	ck_assert_str_eq(resp.status, "open");
	obligation_clear(&ack);
	obligation_clear(&resp);
	/* resolving without evidence is refused, naming the open duty */
	ck_assert_int_eq(desk_ticket_event(ws, t, "resolved", NULL, 0, T("2026-03-20T10:00:00Z")), DK_EPERM);
	ck_assert_ptr_nonnull(strstr(err_msg(), "cannot resolve: 1 open duty"));
	ck_assert_ptr_nonnull(strstr(err_msg(), "ccpa-response"));
	resp = get(t, "ccpa-response", "final");
	ck_assert_str_eq(resp.status, "open");
	obligation_clear(&resp);
	int64_t msg = resolve_by_reply(t, "2026-03-20T10:00:00Z");
	resp = get(t, "ccpa-response", "final");
	ck_assert_str_eq(resp.status, "met");
	ck_assert_str_eq(F(resp.met_at), "2026-03-20T10:00:00Z");
	ck_assert_int_eq(store_obligation_evidence_load(ws->store, &resp, 1), 0);
	char want[32];
	snprintf(want, sizeof(want), "message:%lld", (long long)msg);
	ck_assert_str_eq(resp.met_by, want);
	obligation_clear(&resp);
	struct ticket tk;
	ck_assert_int_eq(store_ticket_get(ws->store, t, &tk), 0);
	ck_assert_str_eq(tk.status, "resolved");
	ck_assert_int_eq(tk.next_due_at, DK_TIME_NONE);
	ticket_clear(&tk);
}
END_TEST

START_TEST(test_extension_once_only_and_never_after_the_deadline)
{
	int64_t t = ticket(customer("US-CA"), "data-access", "2026-03-02T15:00:00Z", NULL);
	ck_assert_int_eq(desk_ticket_event(ws, t, "extended", "many requests", 0, T("2026-03-10T10:00:00Z")), 0);
	struct obligation o = get(t, "ccpa-response", "final");
	ck_assert_int_eq(o.extended, 1);
	ck_assert_str_eq(F(o.extended_due_at), "2026-05-31T23:59:59Z"); /* 45 + 45 days */
	obligation_clear(&o);
	ck_assert_int_eq(desk_ticket_event(ws, t, "extended", NULL, 0, T("2026-03-11T10:00:00Z")), DK_EPERM);
	ck_assert_ptr_nonnull(strstr(err_msg(), "already used"));
	/* a refused event leaves no trace */
	struct event *ev;
	size_t n;
	ck_assert_int_eq(store_event_list(ws->store, t, &ev, &n), 0);
	int extended_events = 0;
	for (size_t i = 0; i < n; i++)
		extended_events += !strcmp(ev[i].type, "extended");
	events_free(ev, n);
	ck_assert_int_eq(extended_events, 1);

	/* ASIC RG 271 complaints have no extension (a GB complaint now has
	 * the DISP 1.6.2A payments rule, which has one); RG 271 binds only
	 * AFS and credit licensees (requires = asic), and this one is */
	regulated("asic");
	int64_t c = ticket(customer("AU"), "complaint", "2026-03-02T10:00:00Z", NULL);
	ck_assert_int_eq(desk_ticket_event(ws, c, "extended", NULL, 0, T("2026-03-03T10:00:00Z")), DK_EPERM);
	ck_assert_ptr_nonnull(strstr(err_msg(), "allows no extension"));

	int64_t late = ticket(customer("US-CA"), "data-erasure", "2026-01-02T10:00:00Z", NULL);
	ck_assert_int_eq(desk_ticket_event(ws, late, "extended", NULL, 0, T("2026-03-01T10:00:00Z")), DK_EPERM);
	ck_assert_ptr_nonnull(strstr(err_msg(), "has passed"));
}
END_TEST

START_TEST(test_pauses_move_the_deadline_only_where_the_rule_allows)
{
	/* UK: the clock stops while waiting for identity; it arrives: a new start */
	int64_t t = ticket(customer("GB"), "data-access", "2026-03-02T10:00:00Z", NULL);
	struct obligation o = get(t, "ukgdpr-access", "final");
	ck_assert_str_eq(F(o.due_at), "2026-04-02T23:59:59Z");
	obligation_clear(&o);
	ck_assert_int_eq(desk_ticket_event(ws, t, "clock-paused", "identity", 0, T("2026-03-05T10:00:00Z")), 0);
	o = get(t, "ukgdpr-access", "final");
	ck_assert_str_eq(F(o.paused_since), "2026-03-05T10:00:00Z");
	obligation_clear(&o);
	struct ticket tk;
	ck_assert_int_eq(store_ticket_get(ws->store, t, &tk), 0);
	ck_assert_str_eq(tk.status, "on-hold");
	ticket_clear(&tk);
	ck_assert_int_eq(desk_ticket_event(ws, t, "identity-verified", NULL, 0, T("2026-03-12T16:00:00Z")), 0);
	o = get(t, "ukgdpr-access", "final");
	ck_assert_int_eq(o.paused_since, DK_TIME_NONE);
	/* the identity information received on 12 Mar is the "relevant
	 * time" (DPA 2018 s.54(3), UK GDPR Art 12A): a new month from then,
	 * 12 Apr is a Sunday -> Mon 13 Apr (was: the paused days added) */
	ck_assert_str_eq(F(o.due_at), "2026-04-13T23:59:59Z");
	obligation_clear(&o);
	/* EU: no pause in the text, the deadline stands */
	int64_t e = ticket(customer("DE"), "data-access", "2026-03-02T10:00:00Z", NULL);
	/* ...so a pause is refused, saying which pauses the rule allows and
	 * its source, and changes nothing */
	ck_assert_int_eq(desk_ticket_event(ws, e, "clock-paused", "identity", 0, T("2026-03-05T10:00:00Z")), DK_EPERM);
	ck_assert_ptr_nonnull(strstr(err_msg(), "gdpr-access allows no pause (GDPR Art 12(3)"));
	ck_assert_int_eq(desk_ticket_event(ws, e, "clock-paused", NULL, 0, T("2026-03-05T10:00:00Z")), DK_EPERM);
	ck_assert_int_eq(store_ticket_get(ws->store, e, &tk), 0);
	ck_assert_str_eq(tk.status, "new");
	ticket_clear(&tk);
	o = get(e, "gdpr-access", "final");
	ck_assert_int_eq(o.paused_since, DK_TIME_NONE);
	obligation_clear(&o);
	ck_assert_int_eq(desk_ticket_event(ws, e, "clock-resumed", NULL, 0, T("2026-03-12T10:00:00Z")), 0);
	o = get(e, "gdpr-access", "final");
	ck_assert_str_eq(F(o.due_at), "2026-04-02T23:59:59Z");
	obligation_clear(&o);
}
END_TEST

/* GDPR Art 33: 72 hours from becoming aware. The clock runs from receipt
 * until an "aware" event says the business knew earlier; the earliest
 * such moment counts; other rules keep receipt; the future is refused. */
START_TEST(test_breach_clock_runs_from_awareness)
{
	int64_t c = customer("DE");
	int64_t t = ticket(c, "breach", "2026-03-02T10:00:00Z", "Our customer list was sent to the wrong person.");
	struct obligation o = get(t, "gdpr-breach-authority", "final");
	ck_assert_str_eq(F(o.started_at), "2026-03-02T10:00:00Z");
	ck_assert_str_eq(F(o.due_at), "2026-03-05T10:00:00Z");
	obligation_clear(&o);
	dk_time now = T("2026-03-02T12:00:00Z");
	ck_assert_msg(desk_ticket_event_at(ws, t, "aware", "found in the mail logs", 0, T("2026-03-01T08:30:00Z"), now) ==
			      0,
		      "%s", err_msg());
	o = get(t, "gdpr-breach-authority", "final");
	ck_assert_str_eq(F(o.started_at), "2026-03-01T08:30:00Z");
	ck_assert_str_eq(F(o.due_at), "2026-03-04T08:30:00Z");
	obligation_clear(&o);
	/* a later "aware" does not move the clock: the first moment counts */
	ck_assert_int_eq(desk_ticket_event_at(ws, t, "aware", NULL, 0, T("2026-03-02T11:00:00Z"), now), 0);
	o = get(t, "gdpr-breach-authority", "final");
	ck_assert_str_eq(F(o.due_at), "2026-03-04T08:30:00Z");
	obligation_clear(&o);
	/* refused: the future, and a time for any other event; nothing changes */
	ck_assert_int_eq(desk_ticket_event_at(ws, t, "aware", NULL, 0, T("2026-03-03T00:00:00Z"), now), DK_EINVAL);
	ck_assert_ptr_nonnull(strstr(err_msg(), "in the future"));
	ck_assert_int_eq(desk_ticket_event_at(ws, t, "escalated", NULL, 0, T("2026-03-01T00:00:00Z"), now), DK_EINVAL);
	ck_assert_ptr_nonnull(strstr(err_msg(), "only \"aware\", \"identity-verified\" and \"fee-paid\" take a time"));
	ck_assert_int_eq(obligations_aware_at(ws, t), T("2026-03-01T08:30:00Z"));
	/* a rule that starts at receipt ignores awareness */
	int64_t a = ticket(c, "data-access", "2026-03-02T10:00:00Z", "Send me my data.");
	ck_assert_int_eq(desk_ticket_event_at(ws, a, "aware", NULL, 0, T("2026-02-20T10:00:00Z"), now), 0);
	o = get(a, "gdpr-access", "final");
	ck_assert_str_eq(F(o.started_at), "2026-03-02T10:00:00Z");
	obligation_clear(&o);
	/* awareness recorded before the ticket became a breach ticket counts
	 * when the duty appears */
	int64_t q = ticket(c, "question", "2026-03-02T10:00:00Z", "Someone saw my order on your site.");
	ck_assert_int_eq(desk_ticket_event_at(ws, q, "aware", NULL, 0, T("2026-03-02T09:00:00Z"), now), 0);
	ck_assert_int_eq(desk_ticket_set(ws, q, "kind", "breach", 0, now), 0);
	o = get(q, "gdpr-breach-authority", "final");
	ck_assert_str_eq(F(o.started_at), "2026-03-02T09:00:00Z");
	ck_assert_str_eq(F(o.due_at), "2026-03-05T09:00:00Z");
	obligation_clear(&o);
}
END_TEST

START_TEST(test_reclassification_creates_new_duties_and_waives_old_ones)
{
	int64_t t = ticket(customer("DE"), "question", "2026-03-02T10:00:00Z", "Please delete my account and all my data.");
	ck_assert_uint_eq(count_obligations(t), 0);
	struct suggestion *sg;
	size_t n;
	ck_assert_int_eq(obligations_suggest(ws, t, &sg, &n), 0);
	ck_assert_uint_ge(n, 1);
	ck_assert_str_eq(sg[0].kind, "data-erasure");
	ck_assert_str_eq(sg[0].rule_id, "gdpr-erasure");
	suggestions_free(sg, n);
	ck_assert_int_eq(desk_ticket_set(ws, t, "kind", "data-erasure", 0, T("2026-03-03T10:00:00Z")), 0);
	struct obligation o = get(t, "gdpr-erasure", "final");
	/* the clock ran from receipt, not from the reclassification */
	ck_assert_str_eq(F(o.started_at), "2026-03-02T10:00:00Z");
	ck_assert_str_eq(F(o.due_at), "2026-04-02T23:59:59Z");
	obligation_clear(&o);
	ck_assert_int_eq(obligations_suggest(ws, t, &sg, &n), 0);
	ck_assert_uint_eq(n, 0); /* the kind now matches */
	suggestions_free(sg, n);
	ck_assert_int_eq(desk_ticket_set(ws, t, "kind", "question", 0, T("2026-03-04T10:00:00Z")), 0);
	o = get(t, "gdpr-erasure", "final");
	ck_assert_str_eq(o.status, "waived");
	ck_assert_ptr_nonnull(strstr(o.note, "no longer applies"));
	obligation_clear(&o);
}
END_TEST

START_TEST(test_a_rule_changed_later_does_not_change_existing_obligations)
{
	int64_t c = customer("US-CA");
	int64_t t1 = ticket(c, "data-access", "2026-03-02T15:00:00Z", NULL);
	struct obligation before = get(t1, "ccpa-response", "final");
	/* legal staff change the rule: 30 days, extension 10 days */
	struct legal_repo *repo;
	ck_assert_int_eq(ws_legal(ws, &repo), 0);
	char *data;
	size_t len;
	char *path = xasprintf("%s/legal/rules/ccpa.ini", ws->dir);
	ck_assert_int_eq(read_file(path, &data, &len), 0);
	char *p = strstr(data, "deadline = 45 days\nroll = no\ncalendar = US-CA\nextension = 45 days");
	ck_assert_ptr_nonnull(p);
	const char *repl = "deadline = 30 days\nroll = no\ncalendar = US-CA\nextension = 10 days";
	memcpy(p, repl, strlen(repl));
	struct legal_publish pub = { .path = "rules/ccpa.ini", .data = data, .len = strlen(data), .author = "lena",
				     .when = T("2026-03-03T10:00:00Z"), .message = "Shorter CCPA period (test)",
				     .effective = DK_TIME_NONE };
	char id[41];
	ck_assert_msg(legal_publish_file(repo, &pub, id) == 0, "%s", err_msg());
	free(data);
	free(path);
	/* a fresh workspace handle reads the new pack */
	char *dirw = xstrdup(ws->dir);
	ws_close(ws);
	ck_assert_int_eq(ws_open(dirw, NULL, &ws), 0);
	free(dirw);
	int64_t t2 = ticket(c, "data-access", "2026-03-04T15:00:00Z", NULL);
	struct obligation after = get(t2, "ccpa-response", "final");
	ck_assert_str_eq(F(after.due_at), "2026-04-03T23:59:59Z");
	ck_assert_str_ne(after.rules_rev, before.rules_rev);
	struct obligation again = get(t1, "ccpa-response", "final");
	ck_assert_str_eq(F(again.due_at), F(before.due_at));
	/* and its extension still follows the rule it was created under */
	ck_assert_int_eq(desk_ticket_event(ws, t1, "extended", NULL, 0, T("2026-03-10T10:00:00Z")), 0);
	obligation_clear(&again);
	again = get(t1, "ccpa-response", "final");
	ck_assert_str_eq(F(again.extended_due_at), "2026-05-31T23:59:59Z");
	obligation_clear(&before);
	obligation_clear(&after);
	obligation_clear(&again);
}
END_TEST

START_TEST(test_automated_replies_carry_the_disclosure_where_a_rule_requires_it)
{
	int64_t de = customer("DE");
	int64_t t = ticket(de, "question", "2026-09-01T10:00:00Z", NULL);
	struct message m;
	ck_assert_int_eq(desk_ticket_reply(ws, t, "Your parcel ships today.", 1, 0, T("2026-09-01T11:00:00Z"), &m), 0);
	ck_assert_int_eq(m.disclosed, 1);
	ck_assert_str_eq(m.disclosure_rule, "ai-disclosure-eu");
	ck_assert_ptr_nonnull(strstr(m.body, DESK_DEFAULT_DISCLOSURE));
	message_clear(&m);
	/* a body that already carries it is not doubled */
	char *body = xasprintf("Hello.\n\n%s", DESK_DEFAULT_DISCLOSURE);
	ck_assert_int_eq(desk_ticket_reply(ws, t, body, 1, 0, T("2026-09-01T12:00:00Z"), &m), 0);
	ck_assert_str_eq(m.body, body);
	ck_assert_int_eq(m.disclosed, 1);
	message_clear(&m);
	free(body);
	/* before Art 50 applies, and for a human reply, nothing is added */
	int64_t early = ticket(de, "question", "2026-07-01T10:00:00Z", NULL);
	ck_assert_int_eq(desk_ticket_reply(ws, early, "Hi", 1, 0, T("2026-07-01T11:00:00Z"), &m), 0);
	ck_assert_int_eq(m.disclosed, 0);
	ck_assert_str_eq(m.body, "Hi");
	message_clear(&m);
	ck_assert_int_eq(desk_ticket_reply(ws, t, "Hi", 0, 0, T("2026-09-02T11:00:00Z"), &m), 0);
	ck_assert_int_eq(m.disclosed, 0);
	message_clear(&m);
	/* California's BOT Act applies since 2019 */
	int64_t ca = ticket(customer("US-CA"), "question", "2026-03-01T10:00:00Z", NULL);
	ck_assert_int_eq(desk_ticket_reply(ws, ca, "Hi", 1, 0, T("2026-03-01T11:00:00Z"), &m), 0);
	ck_assert_str_eq(m.disclosure_rule, "bot-disclosure-ca");
	message_clear(&m);
	/* without a configured text the reply is refused, naming the rule */
	char *cfg = xasprintf("%s/config", ws->dir);
	FILE *fp = fopen(cfg, "w");
	fputs("ai_disclosure =\n", fp);
	fclose(fp);
	char *dirw = xstrdup(ws->dir);
	ws_close(ws);
	ck_assert_int_eq(ws_open(dirw, NULL, &ws), 0);
	ck_assert_int_eq(desk_ticket_reply(ws, t, "Hi", 1, 0, T("2026-09-03T11:00:00Z"), NULL), DK_EPERM);
	ck_assert_ptr_nonnull(strstr(err_msg(), "ai-disclosure-eu"));
	free(cfg);
	free(dirw);
	/* the report counts automated replies without a required disclosure */
	struct report r;
	ck_assert_int_eq(report_build(ws, DK_TIME_NONE, DK_TIME_NONE, T("2026-09-05"), &r), 0);
	ck_assert_int_eq(r.automated_replies, 4);
	ck_assert_int_eq(r.automated_disclosed, 3);
	ck_assert_int_eq(r.automated_without_disclosure, 0);
	report_clear(&r);
}
END_TEST

START_TEST(test_checklist_steps_and_waivers)
{
	int64_t t = ticket(customer("DE"), "data-access", "2026-03-02T10:00:00Z", NULL);
	struct obligation o = get(t, "gdpr-access", "final");
	int64_t oid = o.id;
	obligation_clear(&o);
	ck_assert_int_eq(obligation_step(ws, oid, 1, 1, T("2026-03-03T10:00:00Z")), 0);
	o = get(t, "gdpr-access", "final");
	ck_assert_str_eq(F(o.steps[0].done_at), "2026-03-03T10:00:00Z");
	ck_assert_str_eq(o.steps[0].done_by, ws->login);
	ck_assert_int_eq(o.steps[1].done_at, DK_TIME_NONE);
	obligation_clear(&o);
	ck_assert_int_eq(obligation_step(ws, oid, 1, 0, T("2026-03-03T11:00:00Z")), 0);
	ck_assert_int_eq(obligation_step(ws, oid, 99, 1, T("2026-03-03T11:00:00Z")), DK_EINVAL);
	ck_assert_int_eq(desk_agent_add(ws, "maria", "agent", T("2026-03-01")), 0);
	struct workspace *maria;
	ck_assert_int_eq(ws_open(ws->dir, "maria", &maria), 0);
	ck_assert_int_eq(obligation_waive(maria, oid, "duplicate", T("2026-03-04")), DK_EPERM);
	ws_close(maria);
	ck_assert_int_eq(obligation_waive(ws, oid, "duplicate of ticket 1", T("2026-03-04")), 0);
	o = get(t, "gdpr-access", "final");
	ck_assert_str_eq(o.status, "waived");
	obligation_clear(&o);
	ck_assert_int_eq(obligation_waive(ws, oid, "again", T("2026-03-04")), DK_EINVAL);
}
END_TEST

START_TEST(test_timeline_lists_events_and_due_markers_with_days)
{
	int64_t t = ticket(customer("US-CA"), "data-access", "2026-03-02T15:00:00Z", NULL);
	ck_assert_int_eq(desk_ticket_event(ws, t, "acknowledged", NULL, 0, T("2026-03-04T10:00:00Z")), 0);
	struct timeline tl;
	ck_assert_int_eq(timeline_build(ws, t, T("2026-04-04T12:00:00Z"), &tl), 0);
	ck_assert_uint_eq(tl.n, 3);
	ck_assert_str_eq(tl.items[0].text, "day 0   received");
	ck_assert_str_eq(tl.items[1].text, "day 2   acknowledged (ccpa-ack: due day 14, met by event #2)");
	ck_assert_ptr_nonnull(strstr(tl.items[2].text, "day 45"));
	ck_assert_ptr_nonnull(strstr(tl.items[2].text, "12 days left"));
	ck_assert_int_eq(tl.items[2].state, TL_PENDING);
	ck_assert_str_eq(F(tl.final_due), "2026-04-16T23:59:59Z");
	timeline_clear(&tl);
	ck_assert_int_eq(timeline_build(ws, t, T("2026-04-20T12:00:00Z"), &tl), 0);
	ck_assert_int_eq(tl.items[2].state, TL_OVERDUE);
	ck_assert_ptr_nonnull(strstr(tl.items[2].text, "OVERDUE"));
	timeline_clear(&tl);
}
END_TEST

START_TEST(test_report_figures_match_known_outcomes)
{
	int64_t de = customer("DE");
	/* gdpr-access: one met on time (10 days), one met late (40 days), one
	 * open and overdue, one open not yet due, one waived */
	int64_t a = ticket(de, "data-access", "2026-01-05T10:00:00Z", NULL);
	int64_t b = ticket(de, "data-access", "2026-01-05T10:00:00Z", NULL);
	int64_t c = ticket(de, "data-access", "2026-01-05T10:00:00Z", NULL);
	int64_t d = ticket(de, "data-access", "2026-03-10T10:00:00Z", NULL);
	int64_t e = ticket(de, "data-access", "2026-01-05T10:00:00Z", NULL);
	resolve_by_reply(a, "2026-01-15T10:00:00Z");
	resolve_by_reply(b, "2026-02-14T10:00:00Z");
	struct obligation o = get(e, "gdpr-access", "final");
	ck_assert_int_eq(obligation_waive(ws, o.id, "duplicate", T("2026-01-06")), 0);
	obligation_clear(&o);
	(void)c;
	(void)d;
	/* a GB complaint acknowledged in time (fca-complaint-summary and -final:
	 * the business is FCA-regulated, requires = fca) */
	regulated("fca");
	int64_t g = ticket(customer("GB"), "complaint", "2026-03-09T10:00:00Z", NULL);
	ck_assert_int_eq(desk_ticket_event(ws, g, "acknowledged", NULL, 0, T("2026-03-09T12:00:00Z")), 0);
	struct report r;
	ck_assert_int_eq(report_build(ws, DK_TIME_NONE, DK_TIME_NONE, T("2026-03-11T12:00:00Z"), &r), 0);
	struct report_group *ga = NULL;
	for (size_t i = 0; i < r.nrule; i++)
		if (!strcmp(r.by_rule[i].key, "gdpr-access"))
			ga = &r.by_rule[i];
	ck_assert_ptr_nonnull(ga);
	ck_assert_int_eq(ga->total, 5);
	ck_assert_int_eq(ga->met, 2);
	ck_assert_int_eq(ga->met_on_time, 1);
	ck_assert_int_eq(ga->breached, 1);
	ck_assert_int_eq(ga->open, 1);
	ck_assert_int_eq(ga->waived, 1);
	ck_assert(report_rate(ga) > 0.333 && report_rate(ga) < 0.334);
	/* median of 10 and 40 days = 25 days = 600 hours */
	ck_assert(ga->median_hours > 599.9 && ga->median_hours < 600.1);
	ck_assert_int_eq(r.open_overdue, 1);
	ck_assert_int_eq(r.breached, 1);
	{ /* the screen's layout (:report): width 0 is the CLI's text; narrower,
	   * every line within width - 1 columns and the same figures */
		struct buf full = BUF_INIT, same = BUF_INIT, narrow = BUF_INIT;
		report_text(&r, &full);
		report_text_fit(&r, 0, &same);
		ck_assert_str_eq(buf_str(&full), buf_str(&same));
		ck_assert_ptr_nonnull(strstr(buf_str(&full), "  rule                           started in time"));
		report_text_fit(&r, 80, &narrow);
		const char *p = buf_str(&narrow);
		int lines = 0;
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			ck_assert_msg(n <= 79, "line of %zu columns: %.*s", n, (int)n, p);
			lines++;
			p += n + (nl ? 1 : 0);
		}
		ck_assert_int_gt(lines, 20);
		/* gdpr-access: 5 started, 1 in time, 1 late, 1 breached, 1 open,
		 * 1 waived, 33%, median 25.0 days */
		ck_assert_ptr_nonnull(strstr(buf_str(&narrow), "gdpr-access                         5     1    1    1     1    1  33%  25.0d\n"));
		ck_assert_ptr_nonnull(strstr(buf_str(&narrow), "start  in-t late brch  open waiv rate median\n"));
		ck_assert_ptr_nonnull(strstr(buf_str(&narrow), r.audit_head));
		buf_release(&full);
		buf_release(&same);
		buf_release(&narrow);
	}
	/* the complaint's duties are open and not yet due */
	ck_assert_int_ge(r.open_due_week + r.open_later + r.open_due_today, 2);
	/* GDPR regime = the gdpr-access figures */
	struct report_group *gr = NULL;
	for (size_t i = 0; i < r.nregime; i++)
		if (!strcmp(r.by_regime[i].key, "GDPR"))
			gr = &r.by_regime[i];
	ck_assert_ptr_nonnull(gr);
	ck_assert_int_eq(gr->total, 5);
	report_clear(&r);
	/* the period selects by the clock's start */
	ck_assert_int_eq(report_build(ws, T("2026-03-01"), T("2026-04-01"), T("2026-03-11T12:00:00Z"), &r), 0);
	for (size_t i = 0; i < r.nrule; i++)
		if (!strcmp(r.by_rule[i].key, "gdpr-access"))
			ck_assert_int_eq(r.by_rule[i].total, 1);
	report_clear(&r);
}
END_TEST

/* 1 when the ticket has an obligation of rule (any duty). */
static int has_rule_duty(int64_t tid, const char *rule)
{
	struct obligation *ob;
	size_t n;
	ck_assert_int_eq(store_obligation_list_ticket(ws->store, tid, &ob, &n), 0);
	int hit = 0;
	for (size_t i = 0; i < n; i++)
		hit |= !strcmp(ob[i].rule_id, rule);
	obligations_free(ob, n);
	return hit;
}

static char *config_file(void)
{
	char *p = xasprintf("%s/ws/config", dir), *data = NULL;
	size_t len;
	if (read_file(p, &data, &len)) {
		err_clear();
		data = xstrdup("(none)");
	}
	free(p);
	return data;
}

/* issue 12 item 7: FCA DISP, ASIC RG 271 and payment-services rules bind
 * only businesses regulated by them (requires, config regulated) */
START_TEST(test_rules_that_require_a_fact_bind_only_a_workspace_that_has_it)
{
	/* init leaves regulated unset: a GB complaint gets the ADR duty only,
	 * and the view says which rules were skipped and why */
	ck_assert_ptr_null(ws_config(ws, WS_REGULATED_KEY, NULL));
	int64_t gb = customer("GB");
	int64_t t1 = ticket(gb, "complaint", "2026-03-02T10:00:00Z", NULL);
	ck_assert(has_rule_duty(t1, "uk-adr-information"));
	ck_assert(!has_rule_duty(t1, "fca-complaint-final"));
	ck_assert(!has_rule_duty(t1, "fca-complaint-summary"));
	ck_assert(!has_rule_duty(t1, "fca-payments-complaint"));
	struct ticket_view v;
	ck_assert_int_eq(ticket_view_load(ws, t1, T("2026-03-02T11:00:00Z"), &v), 0);
	ck_assert_uint_eq(v.nskipped, 3);
	ck_assert_str_eq(v.skipped[0].rule_id, "fca-complaint-final");
	ck_assert_str_eq(v.skipped[0].fact, "fca");
	ck_assert_str_eq(v.skipped[0].note,
			 "fca-complaint-final skipped: the workspace is not regulated by fca (config regulated)");
	ck_assert_ptr_null(v.no_rule_note); /* the ADR duty is there */
	ticket_view_clear(&v);
	int64_t au = ticket(customer("AU"), "complaint", "2026-03-02T10:00:00Z", NULL);
	ck_assert_uint_eq(count_obligations(au), 0);
	ck_assert_int_eq(ticket_view_load(ws, au, T("2026-03-02T11:00:00Z"), &v), 0);
	ck_assert_uint_eq(v.nskipped, 1);
	ck_assert_str_eq(v.skipped[0].note,
			 "asic-complaint skipped: the workspace is not regulated by asic (config regulated)");
	ck_assert_ptr_nonnull(v.no_rule_note);
	ck_assert_ptr_nonnull(strstr(v.no_rule_note, "bind only regulated firms"));
	ticket_view_clear(&v);

	/* an agent may not set it, and nothing changes */
	char *before = config_file();
	int role = ws->role;
	ws->role = ROLE_AGENT;
	ck_assert_int_eq(ws_config_set(ws, WS_REGULATED_KEY, "fca", NULL, NULL), DK_EPERM);
	ck_assert_ptr_nonnull(strstr(err_msg(), "needs the admin role"));
	ws->role = role;
	char *after = config_file();
	ck_assert_str_eq(after, before);
	free(after);
	ck_assert_ptr_null(ws_config(ws, WS_REGULATED_KEY, NULL));
	/* a malformed fact is refused too */
	ck_assert_int_eq(ws_config_set(ws, WS_REGULATED_KEY, "fca, pay ments", NULL, NULL), DK_EINVAL);
	after = config_file();
	ck_assert_str_eq(after, before);
	free(after);
	free(before);

	/* the admin sets it (normalised, the other lines kept, audited) */
	char *cfg = xasprintf("%s/ws/config", dir);
	const char keep[] = "; business settings\ntimezone = UTC\n";
	ck_assert_int_eq(write_file_atomic(cfg, keep, sizeof(keep) - 1, 0660), 0);
	ck_assert_int_eq(ws_config_set(ws, WS_REGULATED_KEY, " FCA ,fca,", NULL, NULL), 0);
	after = config_file();
	ck_assert_str_eq(after, "; business settings\ntimezone = UTC\nregulated = fca\n");
	free(after);
	ck_assert(ws_has_fact(ws, "fca"));
	ck_assert(!ws_has_fact(ws, "payment-services"));
	struct audit_row *ar;
	size_t nar;
	ck_assert_int_eq(store_audit_list(ws->store, "config:", 1, 1, &ar, &nar), 0);
	ck_assert_uint_eq(nar, 1);
	ck_assert_str_eq(ar[0].action, "config.set");
	ck_assert_str_eq(ar[0].object, "config:regulated");
	/* the open complaints (t1 and the AU one) were re-evaluated: t1, received
	 * before, now has its FCA duties, counted from its receipt */
	ck_assert_str_eq(ar[0].detail, "key=regulated old='' new='fca' reevaluated=2 duties=2");
	audit_rows_free(ar, nar);
	ck_assert(has_rule_duty(t1, "fca-complaint-final"));
	ck_assert(has_rule_duty(t1, "fca-complaint-summary"));
	struct obligation o1 = get(t1, "fca-complaint-final", "final");
	ck_assert_int_eq(o1.started_at, T("2026-03-02T10:00:00Z"));
	ck_assert_int_eq(o1.due_at, T("2026-04-27T23:59:59Z")); /* 8 weeks from receipt */
	obligation_clear(&o1);
	o1 = get(t1, "fca-complaint-summary", "final");
	ck_assert_int_eq(o1.due_at, T("2026-03-05T23:59:59Z")); /* 3 business days from receipt */
	obligation_clear(&o1);

	/* a new GB complaint gets the FCA duties; the payments rule also
	 * needs payment-services */
	int64_t t2 = ticket(gb, "complaint", "2026-03-03T10:00:00Z", NULL);
	ck_assert(has_rule_duty(t2, "fca-complaint-final"));
	ck_assert(has_rule_duty(t2, "fca-complaint-summary"));
	ck_assert(!has_rule_duty(t2, "fca-payments-complaint"));
	ck_assert_int_eq(ticket_view_load(ws, t2, T("2026-03-03T11:00:00Z"), &v), 0);
	ck_assert_uint_eq(v.nskipped, 1);
	ck_assert_str_eq(v.skipped[0].note, "fca-payments-complaint skipped: the workspace is not regulated by "
					    "payment-services (config regulated)");
	ticket_view_clear(&v);

	/* set again: the line is replaced in place, once */
	ck_assert_int_eq(ws_config_set(ws, WS_REGULATED_KEY, "fca, payment-services", NULL, NULL), 0);
	after = config_file();
	ck_assert_str_eq(after, "; business settings\ntimezone = UTC\nregulated = fca, payment-services\n");
	free(after);
	ck_assert_int_eq(store_audit_list(ws->store, "config:", 1, 1, &ar, &nar), 0);
	ck_assert_str_eq(ar[0].detail, "key=regulated old='fca' new='fca, payment-services' reevaluated=3 duties=2");
	audit_rows_free(ar, nar);
	int64_t t3 = ticket(gb, "complaint", "2026-03-04T10:00:00Z", NULL);
	ck_assert(has_rule_duty(t3, "fca-payments-complaint"));
	/* the open complaints received before got the payments duty too */
	ck_assert(has_rule_duty(t1, "fca-payments-complaint"));
	ck_assert(has_rule_duty(t2, "fca-payments-complaint"));

	/* unsetting keeps the duties a rule already created */
	ck_assert_int_eq(ws_config_set(ws, WS_REGULATED_KEY, "", NULL, NULL), 0);
	ck_assert_int_eq(ws_begin(ws), 0);
	ck_assert_int_eq(obligations_evaluate(ws, t3, T("2026-03-05T10:00:00Z"), NULL), 0);
	ck_assert_int_eq(ws_commit(ws), 0);
	struct obligation o = get(t3, "fca-complaint-final", "final");
	ck_assert_str_eq(o.status, "open");
	obligation_clear(&o);
	/* database is not a setting */
	ck_assert_int_eq(ws_config_set(ws, "database", "sqlite:other.db", NULL, NULL), DK_EPERM);
	free(cfg);
}
END_TEST

START_TEST(test_jurisdiction_change_reevaluates_through_evaluate)
{
	int64_t c = customer("DE");
	int64_t t = ticket(c, "data-access", "2026-03-02T10:00:00Z", NULL);
	struct customer cu;
	ck_assert_int_eq(store_customer_get(ws->store, c, &cu), 0);
	free(cu.jurisdiction);
	cu.jurisdiction = xstrdup("US-CA");
	ck_assert_int_eq(ws_begin(ws), 0);
	ck_assert_int_eq(store_customer_update(ws->store, &cu), 0);
	ck_assert_int_eq(obligations_evaluate(ws, t, T("2026-03-03T10:00:00Z"), NULL), 0);
	ck_assert_int_eq(ws_commit(ws), 0);
	customer_clear(&cu);
	struct obligation o = get(t, "gdpr-access", "final");
	ck_assert_str_eq(o.status, "waived");
	obligation_clear(&o);
	o = get(t, "ccpa-response", "final");
	ck_assert_str_eq(o.status, "open");
	obligation_clear(&o);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("obligations");
	TCase *tc = tcase_create("obligations");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_gdpr_access_is_due_by_regulation_1182_71);
	tcase_add_test(tc, test_questions_and_uncovered_jurisdictions_have_no_obligations);
	tcase_add_test(tc, test_ccpa_request_has_acknowledgement_and_response);
	tcase_add_test(tc, test_extension_once_only_and_never_after_the_deadline);
	tcase_add_test(tc, test_pauses_move_the_deadline_only_where_the_rule_allows);
	tcase_add_test(tc, test_reclassification_creates_new_duties_and_waives_old_ones);
	tcase_add_test(tc, test_breach_clock_runs_from_awareness);
	tcase_add_test(tc, test_a_rule_changed_later_does_not_change_existing_obligations);
	tcase_add_test(tc, test_automated_replies_carry_the_disclosure_where_a_rule_requires_it);
	tcase_add_test(tc, test_checklist_steps_and_waivers);
	tcase_add_test(tc, test_timeline_lists_events_and_due_markers_with_days);
	tcase_add_test(tc, test_report_figures_match_known_outcomes);
	tcase_add_test(tc, test_jurisdiction_change_reevaluates_through_evaluate);
	tcase_add_test(tc, test_rules_that_require_a_fact_bind_only_a_workspace_that_has_it);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
