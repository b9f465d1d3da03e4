/* check_legal_cache.c - HEAD read without libgit2, and the cache of legal
 * derivatives that follows it. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/err.h"
#include "core/init.h"
#include "core/legal_cache.h"
#include "lib/util.h"
#include "core/workspace.h"
#include "core/inforce.h"
#include "core/calendar.h"
#include "core/rules.h"
#include "terms/legal.h"

static char dir[64];
static struct workspace *ws;

static void setup(void)
{
	strcpy(dir, "/tmp/docket-lc-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *w = xasprintf("%s/ws", dir);
	ck_assert_int_eq(ws_init(w, 1767225600, &ws), 0);
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

START_TEST(test_head_peek_matches_libgit2_loose_and_packed)
{
	struct legal_repo *r;
	ck_assert_int_eq(ws_legal(ws, &r), 0);
	char a[41], b[41];
	ck_assert_int_eq(legal_resolve(r, "HEAD", a), 0);
	ck_assert_int_eq(legal_head_peek(ws->legal_dir, b), 0);
	ck_assert_str_eq(a, b);
	/* after git packs its refs the loose file is gone */
	char *cmd = xasprintf("git -C '%s' pack-refs --all --prune", ws->legal_dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	char *loose = xasprintf("%s/.git/refs/heads/main", ws->legal_dir);
	ck_assert_int_ne(access(loose, F_OK), 0);
	free(loose);
	ck_assert_int_eq(legal_head_peek(ws->legal_dir, b), 0);
	ck_assert_str_eq(a, b);
	ck_assert_int_eq(legal_head_peek("/nonexistent", b), DK_ENOTFOUND);
}
END_TEST

START_TEST(test_cache_entries_live_only_while_head_stays)
{
	char head[41];
	ck_assert_ptr_null(legal_cache_get(ws, "x", head));
	ck_assert_uint_eq(strlen(head), 40);
	legal_cache_put(ws, "x", head, "payload");
	char *v = legal_cache_get(ws, "x", head);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v, "payload");
	free(v);
	/* HEAD moves: the entry is stale */
	struct legal_repo *r;
	ck_assert_int_eq(ws_legal(ws, &r), 0);
	struct legal_publish p = { .path = "terms/terms-of-service.md", .data = "# Terms\n\nNew.\n", .len = 14,
				   .author = "lena", .when = 1767312000, .effective = DK_TIME_NONE };
	char id[41];
	ck_assert_int_eq(legal_publish_file(r, &p, id), 0);
	ck_assert_ptr_null(legal_cache_get(ws, "x", head));
	ck_assert_str_eq(head, id);
}
END_TEST

START_TEST(test_terms_log_ignores_a_cache_entry_of_another_shape)
{
	struct legal_rev *want, *got;
	size_t nw, ng;
	struct legal_repo *r;
	ck_assert_int_eq(ws_legal(ws, &r), 0);
	/* a subject with the characters the cache escapes */
	struct legal_publish p = { .path = "terms/terms-of-service.md", .data = "# Terms\n\nTabs.\n", .len = 15,
				   .author = "lena", .when = 1767312000, .effective = DK_TIME_NONE,
				   .message = "Say \\ and\ttab" };
	char id[41];
	ck_assert_msg(legal_publish_file(r, &p, id) == 0, "%s", err_msg());
	ck_assert_int_eq(legal_log(r, "terms/terms-of-service.md", &want, &nw), 0);
	ck_assert_str_eq(want[0].subject, "Say \\ and\ttab");
	char head[41];
	char *v = legal_cache_get(ws, "termslog.3:terms-of-service", head);
	free(v);
	/* entries written by an older docket (JSON), or damaged */
	const char *bad[] = { "[[\"abc\", 1, 2, 3]]", "abc\t1\t2\t0\t0\ta\tb\tc\n",
			      "0123456789012345678901234567890123456789\t1\t2\t7\t0\ta\tb\tc\n",
			      "0123456789012345678901234567890123456789\t1\t2\t0\t0\ta\\q\tb\tc\n",
			      "0123456789012345678901234567890123456789\t1\t2\t0\t0\ta\tb" };
	for (size_t k = 0; k < sizeof(bad) / sizeof(*bad); k++) {
		legal_cache_put(ws, "termslog.3:terms-of-service", head, bad[k]);
		ck_assert_int_eq(terms_log(ws, NULL, &got, &ng), 0);
		ck_assert_uint_eq(ng, nw);
		ck_assert_str_eq(got[0].id, want[0].id);
		ck_assert_str_eq(got[0].subject, want[0].subject);
		legal_revs_free(got, ng);
	}
	/* now cached properly, and served from the cache the same */
	v = legal_cache_get(ws, "termslog.3:terms-of-service", head);
	ck_assert_ptr_nonnull(v);
	ck_assert_ptr_nonnull(strstr(v, "Say \\\\ and\\ttab\n"));
	free(v);
	ck_assert_int_eq(terms_log(ws, NULL, &got, &ng), 0);
	ck_assert_uint_eq(ng, nw);
	for (size_t i = 0; i < ng; i++) {
		ck_assert_str_eq(got[i].id, want[i].id);
		ck_assert_str_eq(got[i].author, want[i].author);
		ck_assert_str_eq(got[i].author_email, want[i].author_email);
		ck_assert_str_eq(got[i].subject, want[i].subject);
		ck_assert_int_eq(got[i].committed_at, want[i].committed_at);
		ck_assert_int_eq(got[i].effective, want[i].effective);
		ck_assert_int_eq(got[i].has_effective, want[i].has_effective);
		ck_assert_int_eq(got[i].notice_days, want[i].notice_days);
	}
	legal_revs_free(got, ng);
	legal_revs_free(want, nw);
}
END_TEST

/* The rule pack's files are cached framed (not JSON) for the commands
 * that start by evaluating duties; any other payload is read again from
 * the repository and the cache rewritten. */
START_TEST(test_rule_pack_cache_framed_and_damage_ignored)
{
	struct rule_pack *p;
	ck_assert_msg(ws_rules(ws, &p) == 0, "%s", err_msg());
	size_t want = rule_pack_count(p);
	ck_assert_uint_gt(want, 10);
	const char *first = rule_pack_get(p, 0)->id;
	char *first_id = xstrdup(first);
	size_t ncal = calendar_set_count(rule_pack_calendars(p));
	char head[41];
	char *v = legal_cache_get(ws, "rules", head);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(strncmp(v, "docket-pack 1\n", 14), 0);
	ck_assert_ptr_nonnull(strstr(v, "\nrules/"));
	free(v);
	const char *bad[] = { "{\"rules/gdpr.ini\": \"[rule x]\\n\"}", "docket-pack 1\nrules/x.ini\n99999\n[r",
			      "docket-pack 1\nrules/x.ini\n-1\n", "docket-pack 1\nrules/x.ini", "docket-pack 2\n" };
	char *dirws = xstrdup(ws->dir);
	for (size_t k = 0; k < sizeof(bad) / sizeof(*bad); k++) {
		legal_cache_put(ws, "rules", head, bad[k]);
		ws_close(ws);
		ck_assert_int_eq(ws_open_anonymous(dirws, &ws), 0);
		ck_assert_msg(ws_rules(ws, &p) == 0, "payload %zu: %s", k, err_msg());
		ck_assert_uint_eq(rule_pack_count(p), want);
		ck_assert_str_eq(rule_pack_get(p, 0)->id, first_id);
		ck_assert_uint_eq(calendar_set_count(rule_pack_calendars(p)), ncal);
		v = legal_cache_get(ws, "rules", head);
		ck_assert_ptr_nonnull(v);
		ck_assert_int_eq(strncmp(v, "docket-pack 1\n", 14), 0);
		free(v);
	}
	/* and served from the good cache the same: a title changed in the
	 * cached text (same length, the framing holds) is what loads */
	v = legal_cache_get(ws, "rules", head);
	ck_assert_ptr_nonnull(v);
	char *t = strstr(v, "\ntitle = ");
	ck_assert_ptr_nonnull(t);
	memcpy(t + 9, "Zq", 2);
	legal_cache_put(ws, "rules", head, v);
	free(v);
	ws_close(ws);
	ck_assert_int_eq(ws_open_anonymous(dirws, &ws), 0);
	ck_assert_int_eq(ws_rules(ws, &p), 0);
	ck_assert_uint_eq(rule_pack_count(p), want);
	ck_assert_uint_eq(calendar_set_count(rule_pack_calendars(p)), ncal);
	size_t tampered = 0;
	for (size_t i = 0; i < rule_pack_count(p); i++)
		tampered += rule_pack_get(p, i)->title && !strncmp(rule_pack_get(p, i)->title, "Zq", 2);
	ck_assert_uint_eq(tampered, 1);
	free(dirws);
	free(first_id);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("legal_cache");
	TCase *tc = tcase_create("legal_cache");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_head_peek_matches_libgit2_loose_and_packed);
	tcase_add_test(tc, test_cache_entries_live_only_while_head_stays);
	tcase_add_test(tc, test_terms_log_ignores_a_cache_entry_of_another_shape);
	tcase_add_test(tc, test_rule_pack_cache_framed_and_damage_ignored);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
