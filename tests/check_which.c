/* check_which.c - the "which revision bound this customer" model, case by case. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/dtime.h"
#include "core/which.h"

static dk_time D(const char *s)
{
	dk_time t;
	ck_assert_int_eq(dk_time_parse(s, NULL, &t), 0);
	return t;
}

#define ID1 "1111111111111111111111111111111111111111"
#define ID2 "2222222222222222222222222222222222222222"
#define ID3 "3333333333333333333333333333333333333333"

/* Three revisions:
 *   1: published 2024-01-10, effective 2024-01-10
 *   2: published 2025-01-15, effective 2025-02-01, no notice
 *   3: published 2025-05-20, effective 2025-06-01, 30 days' notice */
static struct which_model *model3(void)
{
	struct which_rev revs[] = {
		{ ID1, D("2024-01-10T12:00:00Z"), D("2024-01-10"), 0 },
		{ ID2, D("2025-01-15T09:00:00Z"), D("2025-02-01"), 0 },
		{ ID3, D("2025-05-20T10:00:00Z"), D("2025-06-01"), 30 },
	};
	return which_model_new(revs, 3, NULL);
}

START_TEST(test_which_none_before_customer_existed)
{
	struct which_model *m = model3();
	struct which_answer a;
	which_answer_for(m, D("2025-03-01"), NULL, 0, D("2025-02-01"), "customer 7", &a);
	ck_assert_int_eq(a.found, 0);
	ck_assert_int_eq(a.why, WHICH_NONE_NO_CUSTOMER);
	ck_assert_str_eq(a.reason, "none: customer 7 did not exist yet (joined 2025-03-01)");
	ck_assert_str_eq(a.revision, "");
	which_model_free(m);
}
END_TEST

START_TEST(test_which_none_before_any_revision)
{
	struct which_model *m = model3();
	struct which_answer a;
	which_answer_for(m, D("2023-01-01"), NULL, 0, D("2023-06-01"), "customer 1", &a);
	ck_assert_int_eq(a.found, 0);
	ck_assert_int_eq(a.why, WHICH_NONE_NO_REVISION);
	ck_assert_str_eq(a.reason, "none: no revision published yet (first on 2024-01-10)");
	which_model_free(m);
	/* a document without revisions */
	m = which_model_new(NULL, 0, NULL);
	which_answer_for(m, D("2023-01-01"), NULL, 0, D("2026-06-01"), NULL, &a);
	ck_assert_int_eq(a.found, 0);
	ck_assert_str_eq(a.reason, "none: the document has no revision");
	which_model_free(m);
}
END_TEST

START_TEST(test_which_joined_after_publication_bound_from_effective)
{
	struct which_model *m = model3();
	struct which_answer a;
	/* joined 2025-05-25: after rev 3 was published, before it took effect */
	which_answer_for(m, D("2025-05-25"), NULL, 0, D("2025-05-28"), NULL, &a);
	ck_assert_int_eq(a.found, 1);
	ck_assert_str_eq(a.revision, ID2); /* rev 3 not effective yet; rev 2 binds (joined after it too) */
	ck_assert_int_eq(a.why, WHICH_JOINED_AFTER);
	which_answer_for(m, D("2025-05-25"), NULL, 0, D("2025-06-01"), NULL, &a);
	ck_assert_str_eq(a.revision, ID3);
	ck_assert_int_eq(a.why, WHICH_JOINED_AFTER);
	ck_assert_int_eq(a.binding_from, D("2025-06-01"));
	ck_assert_str_eq(a.reason, "published 2025-05-20, effective 2025-06-01, customer joined 2025-05-25 after "
				   "publication");
	which_model_free(m);
}
END_TEST

START_TEST(test_which_joined_before_publication_waits_for_notice)
{
	struct which_model *m = model3();
	struct which_answer a;
	/* joined 2024-06-01: existing customer for revs 2 and 3 */
	which_answer_for(m, D("2024-06-01"), NULL, 0, D("2025-06-10"), NULL, &a);
	ck_assert_str_eq(a.revision, ID2); /* notice for rev 3 runs until 2025-06-19 */
	ck_assert_int_eq(a.why, WHICH_EFFECTIVE);
	ck_assert_str_eq(a.reason, "published 2025-01-15, effective 2025-02-01, binding from 2025-02-01");
	which_answer_for(m, D("2024-06-01"), NULL, 0, D("2025-06-19T10:00:00Z"), NULL, &a);
	ck_assert_str_eq(a.revision, ID3);
	ck_assert_int_eq(a.why, WHICH_NOTICE);
	ck_assert_str_eq(a.reason,
			 "published 2025-05-20, effective 2025-06-01, binding after 30 days' notice from 2025-06-19");
	ck_assert_int_eq(a.binding_from, D("2025-06-19T10:00:00Z"));
	/* one second before the notice ends */
	which_answer_for(m, D("2024-06-01"), NULL, 0, D("2025-06-19T09:59:59Z"), NULL, &a);
	ck_assert_str_eq(a.revision, ID2);
	which_model_free(m);
}
END_TEST

START_TEST(test_which_notice_counts_from_the_customers_recorded_notice)
{
	struct which_model *m = model3();
	struct which_answer a;
	/* rev 3 (published 2025-05-20 10:00, effective 06-01, 30 days): its
	 * notice reached this customer only on 2025-05-25 12:00 */
	struct which_acceptance n = { ID3, D("2025-05-25T12:00:00Z"), "email", 1 };
	which_answer_for(m, D("2024-06-01"), &n, 1, D("2025-06-19T10:00:00Z"), NULL, &a);
	ck_assert_str_eq(a.revision, ID2); /* bound from publication + 30 days without it */
	which_answer_for(m, D("2024-06-01"), &n, 1, D("2025-06-24T12:00:00Z"), NULL, &a);
	ck_assert_str_eq(a.revision, ID3);
	ck_assert_int_eq(a.why, WHICH_NOTICE_SENT);
	ck_assert_int_eq(a.binding_from, D("2025-06-24T12:00:00Z"));
	ck_assert_str_eq(a.reason, "published 2025-05-20, effective 2025-06-01, binding after 30 days' notice from "
				   "2025-06-24 (notice sent to the customer 2025-05-25)");
	/* a notice is no acceptance: it never binds before the period ends */
	which_answer_for(m, D("2024-06-01"), &n, 1, D("2025-06-24T11:59:59Z"), NULL, &a);
	ck_assert_str_eq(a.revision, ID2);
	/* a customer who joined after publication needs no notice */
	which_answer_for(m, D("2025-05-22"), &n, 1, D("2025-06-01"), NULL, &a);
	ck_assert_str_eq(a.revision, ID3);
	ck_assert_int_eq(a.why, WHICH_JOINED_AFTER);
	/* an early notice never binds before the effective date */
	struct which_acceptance early = { ID3, D("2025-04-01"), "email", 1 };
	which_answer_for(m, D("2024-06-01"), &early, 1, D("2025-06-01"), NULL, &a);
	ck_assert_str_eq(a.revision, ID3);
	ck_assert_int_eq(a.binding_from, D("2025-06-01"));
	which_model_free(m);
}
END_TEST

START_TEST(test_which_superseded_while_notice_still_running)
{
	/* rev B published with 60 days' notice, rev C 10 days later with 30:
	 * for an existing customer, A binds until B's notice ends, then B;
	 * C takes over when its own notice ends, even though B's came later. */
	struct which_rev revs[] = {
		{ ID1, D("2025-01-01"), D("2025-01-01"), 0 },
		{ ID2, D("2025-03-01"), D("2025-03-01"), 60 },
		{ ID3, D("2025-03-11"), D("2025-03-11"), 30 },
	};
	struct which_model *m = which_model_new(revs, 3, NULL);
	struct which_answer a;
	dk_time joined = D("2024-12-01");
	which_answer_for(m, joined, NULL, 0, D("2025-04-05"), NULL, &a);
	ck_assert_str_eq(a.revision, ID1); /* B's notice until 04-30, C's until 04-10 */
	which_answer_for(m, joined, NULL, 0, D("2025-04-10"), NULL, &a);
	ck_assert_str_eq(a.revision, ID3);
	which_answer_for(m, joined, NULL, 0, D("2025-05-15"), NULL, &a);
	ck_assert_str_eq(a.revision, ID3); /* B never binds: superseded by C */
	which_model_free(m);
}
END_TEST

START_TEST(test_which_acceptance_binds_from_acceptance)
{
	struct which_model *m = model3();
	struct which_answer a;
	struct which_acceptance acc[] = { { ID3, D("2025-06-05T08:30:00Z"), "web", 0 } };
	which_answer_for(m, D("2024-06-01"), acc, 1, D("2025-06-06"), NULL, &a);
	ck_assert_str_eq(a.revision, ID3);
	ck_assert_int_eq(a.why, WHICH_ACCEPTED);
	ck_assert_str_eq(a.reason, "accepted 2025-06-05 via web");
	ck_assert_int_eq(a.binding_from, D("2025-06-05T08:30:00Z"));
	/* before the acceptance the old revision still binds */
	which_answer_for(m, D("2024-06-01"), acc, 1, D("2025-06-05T08:29:59Z"), NULL, &a);
	ck_assert_str_eq(a.revision, ID2);
	/* once the default binding is earlier than the acceptance, it is the reason */
	struct which_acceptance late[] = { { ID3, D("2025-08-01"), "email", 0 } };
	which_answer_for(m, D("2024-06-01"), late, 1, D("2025-09-01"), NULL, &a);
	ck_assert_int_eq(a.why, WHICH_NOTICE);
	which_model_free(m);
}
END_TEST

START_TEST(test_which_acceptance_of_older_revision_does_not_override_newer)
{
	struct which_model *m = model3();
	struct which_answer a;
	/* accepted rev 1 in 2025-03: rev 2 already binds, and is newer */
	struct which_acceptance acc[] = { { ID1, D("2025-03-02"), "paper", 0 } };
	which_answer_for(m, D("2024-06-01"), acc, 1, D("2025-04-01"), NULL, &a);
	ck_assert_str_eq(a.revision, ID2);
	ck_assert_int_eq(a.why, WHICH_EFFECTIVE);
	/* an acceptance by prefix, and an unknown revision, are handled */
	struct which_acceptance pre[] = { { "deadbeef", D("2025-01-20"), "web", 0 }, { "2222222", D("2025-01-20"), NULL, 0 } };
	which_answer_for(m, D("2024-06-01"), pre, 2, D("2025-01-21"), NULL, &a);
	ck_assert_str_eq(a.revision, ID2);
	ck_assert_str_eq(a.reason, "accepted 2025-01-20 via unknown channel");
	which_model_free(m);
}
END_TEST

START_TEST(test_which_none_when_nothing_binds_yet)
{
	/* the only revision was published before the customer joined but is
	 * effective later */
	struct which_rev revs[] = { { ID1, D("2025-01-01"), D("2025-03-01"), 0 } };
	struct which_model *m = which_model_new(revs, 1, NULL);
	struct which_answer a;
	which_answer_for(m, D("2025-02-01"), NULL, 0, D("2025-02-10"), "customer 3", &a);
	ck_assert_int_eq(a.found, 0);
	ck_assert_int_eq(a.why, WHICH_NONE_NOT_YET);
	ck_assert_str_eq(a.reason, "none: no revision binding on 2025-02-10 yet (first binds 2025-03-01)");
	which_model_free(m);
}
END_TEST

START_TEST(test_which_unpublished_revision_never_binds)
{
	struct which_model *m = model3();
	struct which_answer a;
	/* an acceptance dated before rev 3 was committed is ignored until then */
	struct which_acceptance acc[] = { { ID3, D("2025-05-01"), "web", 0 } };
	which_answer_for(m, D("2024-06-01"), acc, 1, D("2025-05-10"), NULL, &a);
	ck_assert_str_eq(a.revision, ID2);
	which_model_free(m);
}
END_TEST

START_TEST(test_which_find_by_id_and_prefix)
{
	struct which_model *m = model3();
	ck_assert_int_eq(which_model_find(m, ID3), 2);
	ck_assert_int_eq(which_model_find(m, "1111111"), 0);
	ck_assert_int_eq(which_model_find(m, "44444444"), -1);
	ck_assert_int_eq(which_model_find(m, "11"), -1);
	ck_assert_uint_eq(which_model_count(m), 3);
	which_model_free(m);
}
END_TEST

START_TEST(test_which_100k_customers_in_one_pass_is_fast)
{
	/* 5,000 revisions, 100,000 customers with one acceptance each. */
	size_t nrev = 5000;
	struct which_rev *revs = calloc(nrev, sizeof(*revs));
	char (*ids)[41] = calloc(nrev, 41);
	dk_time t0 = D("2020-01-01");
	for (size_t i = 0; i < nrev; i++) {
		snprintf(ids[i], 41, "%040zx", i + 1);
		revs[i].id = ids[i];
		revs[i].published = t0 + (dk_time)i * 20000;
		revs[i].effective = revs[i].published + 86400 * 7;
		revs[i].notice_days = i % 3 ? 30 : 0;
	}
	struct which_model *m = which_model_new(revs, nrev, NULL);
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	size_t found = 0;
	dk_time now = t0 + (dk_time)nrev * 20000 + 86400;
	for (size_t c = 0; c < 100000; c++) {
		dk_time created = t0 + (dk_time)(c * 997 % (nrev * 20000));
		struct which_acceptance acc = { ids[(c * 31) % nrev], created + 3600, "web", 0 };
		struct which_answer ans;
		which_answer_for(m, created, &acc, 1, now, NULL, &ans);
		found += ans.found;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	ck_assert_uint_eq(found, 100000);
	ck_assert_msg(secs < 1.0, "which for 100k customers took %.3f s", secs);
	which_model_free(m);
	free(revs);
	free(ids);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("which");
	TCase *tc = tcase_create("model");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_which_none_before_customer_existed);
	tcase_add_test(tc, test_which_none_before_any_revision);
	tcase_add_test(tc, test_which_joined_after_publication_bound_from_effective);
	tcase_add_test(tc, test_which_joined_before_publication_waits_for_notice);
	tcase_add_test(tc, test_which_notice_counts_from_the_customers_recorded_notice);
	tcase_add_test(tc, test_which_superseded_while_notice_still_running);
	tcase_add_test(tc, test_which_acceptance_binds_from_acceptance);
	tcase_add_test(tc, test_which_acceptance_of_older_revision_does_not_override_newer);
	tcase_add_test(tc, test_which_none_when_nothing_binds_yet);
	tcase_add_test(tc, test_which_unpublished_revision_never_binds);
	tcase_add_test(tc, test_which_find_by_id_and_prefix);
	tcase_add_test(tc, test_which_100k_customers_in_one_pass_is_fast);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
