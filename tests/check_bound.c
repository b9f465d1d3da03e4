/* check_bound.c - the TUI's customers-per-revision pass (core/bound.c)
 * gives every customer the answer `terms which` gives (core/inforce.c):
 * acceptances, and the notices of new terms accepted for delivery, from
 * which an existing customer's notice period runs. */
#define FIXTURE_WORKSPACE
#include "core/init.h"
#include "tests/fixture.h"

#include "core/bound.h"
#include "core/inforce.h"
#include "core/which.h"
#include "data/store.h"
#include "data/store_letters.h"
#include "data/store_mail.h"
#include "model/model.h"

static char dir[64];
static struct workspace *ws;
static dk_time now;

#define ID1 "1111111111111111111111111111111111111111"
#define ID2 "2222222222222222222222222222222222222222"
#define ID3 "3333333333333333333333333333333333333333"

static dk_time D(const char *s)
{
	dk_time t;
	ck_assert_int_eq(dk_time_parse(s, NULL, &t), 0);
	return t;
}

static void setup(void) { ws = fx_ws_at(dir, sizeof(dir), "docket-bound", "2025-09-01T12:00:00Z", 700, &now); }

static void teardown(void)
{
	ws_close(ws);
	fx_rm_tree(dir);
}

/* Revision 1 from 2024, 2 without notice, 3 with 30 days' notice. */
static struct which_model *model(void)
{
	struct which_rev revs[] = {
		{ ID1, D("2024-01-10T12:00:00Z"), D("2024-01-10"), 0 },
		{ ID2, D("2025-01-15T09:00:00Z"), D("2025-02-01"), 0 },
		{ ID3, D("2025-05-20T10:00:00Z"), D("2025-06-01"), 30 },
	};
	return which_model_new(revs, 3, "UTC");
}

static void accept(int64_t cust, const char *rev, const char *at)
{
	struct acceptance a = { .customer_id = cust, .document = xstrdup("terms-of-service"), .revision = xstrdup(rev),
				.accepted_at = D(at), .channel = xstrdup("web") };
	ck_assert_int_eq(ws_begin(ws), 0);
	ck_assert_int_eq(store_acceptance_insert(ws->store, &a), 0);
	ck_assert_int_eq(ws_commit(ws), 0);
	free(a.document);
	free(a.revision);
	free(a.channel);
}

/* A notice of revision 3 to cust, its outbox row in state status at `at`. */
static void notice(int64_t cust, const char *status, const char *at)
{
	static int k;
	char mid[64];
	snprintf(mid, sizeof(mid), "notice.%d@desk.example", ++k);
	struct outbox_row o = { .message_id = xstrdup(mid), .sender = xstrdup("support@desk.example"),
				.rcpt = xstrdup("c@example.org"), .subject = xstrdup("New terms"),
				.body = xstrdup("Our terms change."), .created_at = D(at), .updated_at = D(at),
				.status = xstrdup(status) };
	ck_assert_int_eq(ws_begin(ws), 0);
	ck_assert_msg(store_outbox_insert(ws->store, &o) == 0, "%s", err_msg());
	struct letter_row l = { .tpl = xstrdup("terms-notice"), .revision = xstrdup(ID3), .purpose = xstrdup("terms"),
				.customer_id = cust, .outbox_id = o.id, .document = xstrdup("terms-of-service"),
				.doc_revision = xstrdup(ID3), .created_at = D(at) };
	ck_assert_msg(store_letter_insert(ws->store, &l) == 0, "%s", err_msg());
	ck_assert_int_eq(ws_commit(ws), 0);
	outbox_row_clear(&o);
	letter_row_clear(&l);
}

/* At `at`, the pass and `terms which` agree on every customer; returns
 * how many the pass puts under revision rev_index. */
static int64_t agree(const struct which_model *m, const char *at, size_t rev_index)
{
	struct terms_bound b;
	ck_assert_int_eq(terms_bound_scan(ws, m, NULL, D(at), &b), 0);
	int64_t n;
	ck_assert_int_eq(store_customer_count(ws->store, &n), 0);
	ck_assert_int_eq(b.total, n);
	for (int64_t id = 1; id <= n; id++) {
		struct customer c;
		ck_assert_int_eq(store_customer_get(ws->store, id, &c), 0);
		struct which_answer a;
		ck_assert_int_eq(terms_which_customer(ws, m, &c, NULL, D(at), &a), 0);
		customer_clear(&c);
		long where = -1;
		for (size_t r = 0; r < b.nrevs && where < 0; r++)
			for (size_t i = b.start[r]; i < b.start[r + 1]; i++)
				if (b.ids[i] == id)
					where = (long)r;
		ck_assert_msg(where == (a.found ? (long)a.rev_index : -1), "customer %lld at %s: pass %ld, which %ld",
			      (long long)id, at, where, a.found ? (long)a.rev_index : -1L);
	}
	int64_t count = b.count[rev_index];
	terms_bound_clear(&b);
	return count;
}

START_TEST(test_bound_pass_counts_notice_from_the_customers_notice)
{
	struct which_model *m = model();
	/* 1, 2 accepted revision 2; 3 joined before 3 was published; 4
	 * joined after */
	int64_t c1 = fx_customer(ws, "Ada", "ada@example.org", "GB", D("2024-03-01"));
	int64_t c2 = fx_customer(ws, "Bo", "bo@example.org", "DE", D("2024-04-01"));
	int64_t c3 = fx_customer(ws, "Cy", "cy@example.org", "FR", D("2025-03-01"));
	fx_customer(ws, "Di", "di@example.org", "DE", D("2025-07-01"));
	accept(c1, ID2, "2025-02-02T10:00:00Z");
	accept(c2, ID2, "2025-02-03T10:00:00Z");
	/* Ada's notice accepted for delivery on 06-10, Bo's bounced, Cy's
	 * still queued: only Ada's counts */
	notice(c1, "accepted", "2025-06-10T08:00:00Z");
	notice(c2, "bounced", "2025-06-10T08:00:00Z");
	notice(c3, "queued", "2025-06-10T08:00:00Z");
	/* 06-25: the notice from publication (05-20) has run out, Ada's
	 * (06-10) has not: Bo and Cy are bound by 3, Ada not yet, Di not a
	 * customer yet */
	ck_assert_int_eq(agree(m, "2025-06-25T12:00:00Z", 2), 2);
	/* 07-15: Ada's has run too, and Di joined under 3 */
	ck_assert_int_eq(agree(m, "2025-07-15T12:00:00Z", 2), 4);
	ck_assert_int_eq(agree(m, "2025-05-25T12:00:00Z", 2), 0);
	which_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bound");
	TCase *tc = tcase_create("bound");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_bound_pass_counts_notice_from_the_customers_notice);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
