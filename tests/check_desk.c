/* check_desk.c - what the desk records about changes: the audit row of a
 * change of a non-personal field holds its old and new value (and the
 * ticket's timeline shows it), personal data never enters the audit
 * trail; a customer's email is unique ignoring case. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/desk.h"
#include "core/facts.h"
#include "core/init.h"
#include "core/rights.h"
#include "core/timeline.h"
#include "data/store.h"
#include "lib/err.h"
#include "lib/util.h"

#define FIXTURE_WORKSPACE
#include "tests/fixture.h"

#define NOW "2026-03-01T10:00:00Z"

static char dir[64];
static struct workspace *ws;
static dk_time now;

static void setup(void)
{
	ws = fx_ws_at(dir, sizeof(dir), "check-desk", NOW, 100, &now);
}

static void teardown(void)
{
	ws_close(ws);
	ws = NULL;
	fx_rm_tree(dir);
}

static int64_t customer(const char *name, const char *email, const char *jur, dk_time at)
{
	return fx_customer(ws, name, email, jur, at);
}

static int64_t ticket(int64_t cust, const char *kind, dk_time at)
{
	return fx_ticket(ws, cust, "A request", kind, "Hello", at);
}

/* The detail of the newest audit row of action on object. */
static char *last_detail(const char *object, const char *action)
{
	struct audit_row *r;
	size_t n;
	ck_assert_int_eq(store_audit_list(ws->store, object, 1, 0, &r, &n), 0);
	char *d = NULL;
	for (size_t i = 0; i < n && !d; i++)
		if (!strcmp(r[i].object, object) && !strcmp(r[i].action, action))
			d = xstrdup(r[i].detail);
	audit_rows_free(r, n);
	ck_assert_msg(d != NULL, "no %s row on %s", action, object);
	return d;
}

/* 1 when any audit row's detail, actor or object contains s. */
static int audit_mentions(const char *s)
{
	struct audit_row *r;
	size_t n;
	ck_assert_int_eq(store_audit_list(ws->store, NULL, 0, 0, &r, &n), 0);
	int found = 0;
	for (size_t i = 0; i < n; i++)
		if (strstr(r[i].detail, s) || strstr(r[i].object, s) || strstr(r[i].actor, s))
			found = 1;
	audit_rows_free(r, n);
	return found;
}

/* The timeline's change lines, joined by '\n'. */
static char *changes(int64_t tid, dk_time at)
{
	struct timeline tl;
	ck_assert_int_eq(timeline_build(ws, tid, at, &tl), 0);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < tl.n; i++)
		if (tl.items[i].kind == TL_CHANGE)
			buf_printf(&b, "%s\n", tl.items[i].text);
	timeline_clear(&tl);
	return buf_detach(&b);
}

START_TEST(test_ticket_changes_record_old_and_new_values)
{
	ck_assert_int_eq(desk_agent_add(ws, "maria", "agent", now), 0);
	int64_t c = customer("Zebulon Quartermaine", "zeb@example.org", "DE", now - 10 * 86400);
	int64_t t = ticket(c, "question", now - 9 * 86400);
	char obj[32];
	snprintf(obj, sizeof(obj), "ticket:%lld", (long long)t);
	struct {
		const char *field, *value, *detail;
	} steps[] = {
		{ "status", "pending", "field=status old=new new=pending" },
		{ "kind", "complaint", "field=kind old=question new=complaint" },
		{ "priority", "1", "field=priority old=3 new=1" },
		{ "assignee", "maria", "field=assignee old=- new=maria" },
		{ "assignee", "none", "field=assignee old=maria new=-" },
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(*steps); i++) {
		ck_assert_int_eq(desk_ticket_set(ws, t, steps[i].field, steps[i].value, 0, now), 0);
		char *d = last_detail(obj, "ticket.set");
		ck_assert_str_eq(d, steps[i].detail);
		free(d);
	}
	/* a status change through an event says what it was */
	int64_t t2 = ticket(c, "question", now - 86400);
	char obj2[32];
	snprintf(obj2, sizeof(obj2), "ticket:%lld", (long long)t2);
	ck_assert_msg(desk_ticket_event(ws, t2, "acknowledged", NULL, 0, now) == 0, "%s", err_msg());
	char *d = last_detail(obj2, "ticket.event");
	ck_assert_str_eq(d, "type=acknowledged status=open detail_bytes=0 old_status=new");
	free(d);
	/* a refused change records nothing */
	ck_assert_int_eq(desk_ticket_set(ws, t, "priority", "9", 0, now), DK_EINVAL);
	d = last_detail(obj, "ticket.set");
	ck_assert_str_eq(d, "field=assignee old=maria new=-");
	free(d);

	char *ch = changes(t, now);
	/* audit rows carry the time they were written (all now, day 9 since
	 * receipt here), in the order written */
	ck_assert_str_eq(ch, "day 9   status new -> pending (by root)\n"
			     "day 9   kind question -> complaint (by root)\n"
			     "day 9   priority 3 -> 1 (by root)\n"
			     "day 9   assignee (none) -> maria (by root)\n"
			     "day 9   assignee maria -> (none) (by root)\n");
	free(ch);
	/* the JSON says which items are changes */
	struct timeline tl;
	ck_assert_int_eq(timeline_build(ws, t, now, &tl), 0);
	json_t *j = timeline_json(&tl);
	char *s = json_dumps(j, JSON_COMPACT);
	ck_assert_ptr_nonnull(strstr(s, "{\"kind\":\"change\",\"at\":"));
	ck_assert_ptr_nonnull(strstr(s, "\"type\":\"priority\",\"label\":\"priority 3 -> 1 (by root)\""));
	free(s);
	json_decref(j);
	timeline_clear(&tl);
	/* no personal data in any of it */
	ck_assert(!audit_mentions("Zebulon"));
	ck_assert(!audit_mentions("zeb@example.org"));
}
END_TEST

START_TEST(test_jurisdiction_and_role_changes_say_what_changed_names_never)
{
	int64_t c = customer("Philippa Ostrowski", "pip@example.org", "DE", now - 10 * 86400);
	int64_t t = ticket(c, "data-access", now - 9 * 86400);
	char obj[32];
	snprintf(obj, sizeof(obj), "customer:%lld", (long long)c);
	ck_assert_int_eq(rights_rectify(ws, c, "jurisdiction", "fr", now, NULL), 0);
	char *d = last_detail(obj, "customer.rectify");
	ck_assert_ptr_nonnull(strstr(d, "field=jurisdiction "));
	ck_assert_ptr_nonnull(strstr(d, " old=DE new=FR"));
	free(d);
	ck_assert_int_eq(rights_rectify(ws, c, "name", "Philippa Ostrowska", now, NULL), 0);
	ck_assert_int_eq(rights_rectify(ws, c, "email", "pip@example.net", now, NULL), 0);
	d = last_detail(obj, "customer.rectify");
	ck_assert_ptr_null(strstr(d, " old="));
	ck_assert_ptr_nonnull(strstr(d, "old_sha256="));
	free(d);
	ck_assert(!audit_mentions("Ostrow"));
	ck_assert(!audit_mentions("pip@"));
	/* the ticket's timeline shows the customer's new jurisdiction */
	char *ch = changes(t, now);
	ck_assert_str_eq(ch, "day 9   customer jurisdiction DE -> FR (by root)\n");
	free(ch);

	ck_assert_int_eq(desk_agent_add(ws, "lena", "agent", now), 0);
	d = last_detail("agent", "agent.add");
	ck_assert_str_eq(d, "login=lena role=agent");
	free(d);
	ck_assert_int_eq(desk_agent_set(ws, "lena", "legal", now), 0);
	d = last_detail("agent", "agent.set");
	ck_assert_str_eq(d, "login=lena role=legal old_role=agent");
	free(d);
}
END_TEST

START_TEST(test_email_is_unique_ignoring_case)
{
	int64_t a = customer("Quentin Abernathy", "Quentin@Example.org", "DE", now - 3 * 86400);
	int64_t n0, rows0, n1, rows1, bad;
	ck_assert_int_eq(store_customer_count(ws->store, &n0), 0);
	ck_assert_int_eq(audit_verify(ws->store, &bad, &rows0), 0);
	int64_t id = 0;
	ck_assert_int_eq(desk_customer_new(ws, "Someone Else", "quentin@example.ORG", "FR", now, &id), DK_ECONFLICT);
	char want[128];
	snprintf(want, sizeof(want), "email: quentin@example.ORG: already the address of customer %lld (Quentin Abernathy)",
		 (long long)a);
	ck_assert_str_eq(err_msg(), want);
	/* nothing changed */
	ck_assert_int_eq(store_customer_count(ws->store, &n1), 0);
	ck_assert_int_eq(audit_verify(ws->store, &bad, &rows1), 0);
	ck_assert_int_eq(n1, n0);
	ck_assert_int_eq(rows1, rows0);
	/* a rectification onto a taken address is refused the same way */
	int64_t b = customer("Rosalind Pemberton", "ros@example.org", "FR", now - 86400);
	ck_assert_int_eq(rights_rectify(ws, b, "email", "QUENTIN@example.org", now, NULL), DK_ECONFLICT);
	ck_assert_ptr_nonnull(strstr(err_msg(), "already the address of customer"));
	/* the customer's own address in another case is not taken */
	ck_assert_int_eq(rights_rectify(ws, a, "email", "quentin@example.org", now, NULL), 0);
	/* and the schema holds the line for writers that bypass the desk */
	ck_assert_int_eq(store_begin(ws->store), 0);
	struct customer c = { .name = xstrdup("Bypass"), .email = xstrdup("ROS@EXAMPLE.ORG"), .jurisdiction = xstrdup("DE"),
			      .created_at = now, .erased_at = DK_TIME_NONE };
	ck_assert_int_ne(store_customer_insert(ws->store, &c), 0);
	ck_assert_ptr_nonnull(strstr(err_msg(), "belongs to another customer"));
	customer_clear(&c);
	store_rollback(ws->store);
}
END_TEST

/* The reply draft (core/draft.c): the last inbound message quoted line
 * by line (CRLF and blank lines kept as "> " / ">"), the greeting by name,
 * the signature with "\n" as new lines; an erased customer is not named. */
START_TEST(test_reply_draft_quotes_greets_and_signs)
{
	int64_t c = customer("Zoë Brandt", "zoe@example.de", "DE", now - 10 * 86400);
	struct ticket_new req = { .customer_id = c, .subject = "Data", .kind = "question",
				  .body = "First line\r\n\r\nSecond line\n" };
	int64_t t;
	ck_assert_int_eq(desk_ticket_new(ws, &req, now - 2 * 86400, &t), 0);
	int64_t mid;
	ck_assert_int_eq(desk_ticket_note(ws, t, "internal only", 0, now - 86400, &mid), 0);
	ck_assert_int_eq(ws_config_set(ws, "signature", "Regards,\\nThe desk", NULL, NULL), 0);
	char *d = NULL;
	ck_assert_int_eq(desk_reply_draft(ws, t, &d), 0);
	ck_assert_str_eq(d, "On 2026-02-27 10:00, Zoë Brandt wrote:\n"
			    "> First line\n"
			    ">\n"
			    "> Second line\n"
			    "\n"
			    "Hello Zoë Brandt,\n\n\n\n"
			    "Regards,\nThe desk\n");
	free(d);
	/* a follow-up is the one quoted; notes never are */
	ck_assert_int_eq(desk_ticket_inbound(ws, t, "Any news?", now - 3600, &mid), 0);
	ck_assert_int_eq(desk_reply_draft(ws, t, &d), 0);
	ck_assert_ptr_nonnull(strstr(d, "On 2026-03-01 09:00, Zoë Brandt wrote:\n> Any news?\n"));
	ck_assert_ptr_null(strstr(d, "First line"));
	ck_assert_ptr_null(strstr(d, "internal only"));
	free(d);
	ck_assert_int_eq(desk_ticket_set(ws, t, "status", "resolved", 0, now), 0);
	struct erase_result res;
	ck_assert_int_eq(rights_erase(ws, c, "Art 17 request", now, &res), 0);
	ck_assert_int_eq(desk_reply_draft(ws, t, &d), 0);
	ck_assert_ptr_null(strstr(d, "Zoë"));
	ck_assert_ptr_nonnull(strstr(d, "Hello,\n"));
	free(d);
	ck_assert_int_eq(desk_reply_draft(ws, 9999, &d), DK_ENOTFOUND);
}
END_TEST

/* Several tickets at once: each audited with its old and new value, and
 * one failure changes none of them. */
START_TEST(test_tickets_set_all_or_nothing)
{
	ck_assert_int_eq(desk_agent_add(ws, "maria", "agent", now), 0);
	int64_t c = customer("Zebulon Quartermaine", "zeb@example.org", "DE", now - 10 * 86400);
	int64_t ids[3] = { ticket(c, "question", now - 9 * 86400), ticket(c, "question", now - 8 * 86400), 0 };
	ck_assert_int_eq(desk_ticket_set(ws, ids[1], "priority", "4", 0, now), 0);
	ck_assert_int_eq(desk_tickets_set(ws, ids, 2, "priority", "1", now), 0);
	const char *want[2] = { "field=priority old=3 new=1", "field=priority old=4 new=1" };
	for (int i = 0; i < 2; i++) {
		char obj[32];
		snprintf(obj, sizeof(obj), "ticket:%lld", (long long)ids[i]);
		char *d = last_detail(obj, "ticket.set");
		ck_assert_str_eq(d, want[i]);
		free(d);
	}
	ids[2] = 9999;
	ck_assert_int_eq(desk_tickets_set(ws, ids, 3, "assignee", "maria", now), DK_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err_msg(), "ticket 9999"));
	for (int i = 0; i < 2; i++) {
		struct ticket t;
		ck_assert_int_eq(store_ticket_get(ws->store, ids[i], &t), 0);
		ck_assert_ptr_null(t.assignee);
		ck_assert_int_eq(t.priority, 1);
		ticket_clear(&t);
	}
	ck_assert_int_eq(desk_tickets_set(ws, ids, 2, "priority", "9", now), DK_EINVAL);
	ck_assert_int_eq(desk_tickets_set(ws, ids, 0, "priority", "2", now), DK_EUSAGE);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("desk");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_ticket_changes_record_old_and_new_values);
	tcase_add_test(tc, test_jurisdiction_and_role_changes_say_what_changed_names_never);
	tcase_add_test(tc, test_email_is_unique_ignoring_case);
	tcase_add_test(tc, test_reply_draft_quotes_greets_and_signs);
	tcase_add_test(tc, test_tickets_set_all_or_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
