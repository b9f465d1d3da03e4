/* check_letters.c - letter templates (core/letters.c): the starter pack's
 * templates load against the starter rule pack, each mistake is reported
 * with its file:line, placeholders are filled (optional paragraphs left
 * out, missing values refused), templates match duties by rule and kind,
 * and the authority table falls back from a subdivision to its country
 * and to "*". */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/letters.h"
#include "core/rules.h"
#include "lib/buf.h"
#include "lib/embed.h"
#include "lib/err.h"
#include "lib/util.h"

/* the compiled-in starter files as a pack (rules) and templates */
static struct pack_file *starter_files_all(size_t *n)
{
	size_t k = 0;
	for (const struct embedded_file *f = starter_files; f->path; f++)
		k++;
	struct pack_file *pf = xcalloc(k + 1, sizeof(*pf));
	for (size_t i = 0; i < k; i++) {
		pf[i].path = starter_files[i].path;
		pf[i].data = starter_files[i].data;
		pf[i].len = starter_files[i].len;
	}
	*n = k;
	return pf;
}

START_TEST(test_letters_starter_pack_loads)
{
	size_t n;
	struct pack_file *pf = starter_files_all(&n);
	struct rule_pack *p;
	struct buf e = BUF_INIT;
	ck_assert_int_eq(rule_pack_load_files(pf, n, &p, &e), 0);
	struct letter_set *s;
	ck_assert_msg(letters_load_files(pf, n, p, &s, &e) == 0, "%s", buf_str(&e));
	ck_assert_uint_eq(s->n, 10);
	const char *names[] = { "acknowledgement", "identity-request", "extension-notice", "refusal",
				"access-response", "erasure-confirmation", "fca-final-response",
				"fca-summary-resolution", "breach-notice", "terms-change" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_msg(letter_find(s, names[i]) != NULL, "starter template %s", names[i]);
	ck_assert_str_eq(letter_find(s, "extension-notice")->meets, "notice");
	ck_assert_ptr_null(letter_find(s, "identity-request")->meets);
	ck_assert_str_eq(letter_find(s, "breach-notice")->use, LETTER_USE_BREACH);
	/* the authority table: own entry, the country's, the fallback */
	ck_assert_str_eq(letter_authority(s, "GB")->url, "https://ico.org.uk/make-a-complaint/");
	ck_assert_str_eq(letter_authority(s, "US-CA")->code, "US-CA");
	ck_assert_str_eq(letter_authority(s, "US-NY")->code, "US");
	ck_assert_str_eq(letter_authority(s, "DE-BY")->code, "DE");
	ck_assert_str_eq(letter_authority(s, "unknown")->code, "*");
	/* every jurisdiction of the EEA group has its own authority */
	size_t ng;
	const char *const *eea = rule_pack_group(p, "EEA", &ng);
	ck_assert_uint_eq(ng, 30);
	for (size_t i = 0; i < ng; i++)
		ck_assert_msg(strcmp(letter_authority(s, eea[i])->code, "*"), "no authority for %s", eea[i]);
	/* matching duties */
	const struct letter_tpl *fca = letter_find(s, "fca-final-response");
	ck_assert(letter_matches(fca, "fca-complaint-final", "complaint"));
	ck_assert(!letter_matches(fca, "gdpr-access", "data-access"));
	const struct letter_tpl *era = letter_find(s, "erasure-confirmation");
	ck_assert(letter_matches(era, "gdpr-erasure", "data-erasure"));
	ck_assert(!letter_matches(era, "gdpr-access", "data-access"));
	letter_set_free(s);
	rule_pack_free(p);
	buf_release(&e);
	free(pf);
}
END_TEST

static int load_one(const char *path, const char *text, struct buf *e, struct letter_set **s)
{
	struct pack_file f = { path, text, strlen(text) };
	return letters_load_files(&f, 1, NULL, s, e);
}

START_TEST(test_letters_errors_have_file_and_line)
{
	struct buf e = BUF_INIT;
	struct letter_set *s = NULL;
	ck_assert_int_eq(load_one("templates/x.md", "---\ntitle: X\nuse: sometimes\n---\n\nHi {{customr_name}}\n", &e, &s),
			 DK_EINVAL);
	ck_assert_ptr_null(s);
	ck_assert_ptr_nonnull(strstr(buf_str(&e), "templates/x.md:1: use: 'sometimes' is not reply, terms or breach"));
	ck_assert_ptr_nonnull(strstr(buf_str(&e), "templates/x.md:6: unknown placeholder {{customr_name}}"));
	ck_assert_str_eq(err_msg(), "templates: 2 errors");
	buf_reset(&e);
	ck_assert_int_eq(load_one("templates/y.md", "---\ntitle: Y\n\nHi\n", &e, &s), DK_EINVAL);
	ck_assert_ptr_nonnull(strstr(buf_str(&e), "templates/y.md:4: the header has no closing '---'"));
	buf_reset(&e);
	ck_assert_int_eq(load_one("templates/z.md", "---\nmeets: ack\n---\n   \n", &e, &s), DK_EINVAL);
	ck_assert_ptr_nonnull(strstr(buf_str(&e), "templates/z.md:1: the header has no 'title'"));
	ck_assert_ptr_nonnull(strstr(buf_str(&e), "templates/z.md:4: the letter has no text"));
	buf_reset(&e);
	ck_assert_int_eq(load_one("templates/authorities.ini", "[GB]\nurl = x\n[FR]\nname = A\nname = B\n", &e, &s),
			 DK_EINVAL);
	ck_assert_ptr_nonnull(strstr(buf_str(&e), "templates/authorities.ini:5: duplicate key 'name'"));
	ck_assert_ptr_nonnull(strstr(buf_str(&e), "templates/authorities.ini:1: [GB] has no 'name'"));
	buf_release(&e);
	/* other files of the folder are ignored; no templates is no error */
	ck_assert_int_eq(load_one("templates/notes.txt", "anything", NULL, &s), 0);
	ck_assert_uint_eq(s->n, 0);
	letter_set_free(s);
}
END_TEST

START_TEST(test_letters_fill)
{
	struct letter_vars v = { 0 };
	letter_vars_set(&v, "customer_name", "Ada");
	letter_vars_set(&v, "due", "2026-04-01");
	letter_vars_set(&v, "due", "2026-04-02"); /* replaced */
	char *out;
	struct buf miss = BUF_INIT;
	ck_assert_int_eq(letter_fill("Dear {{ customer_name }},\n\nby {{due}}.\n", &v, 0, &out, &miss), 0);
	ck_assert_str_eq(out, "Dear Ada,\n\nby 2026-04-02.\n");
	free(out);
	/* an optional placeholder without a value drops its paragraph */
	ck_assert_int_eq(letter_fill("Dear {{customer_name}},\n\nWe answer by\n{{response_due?}}.\n\nBye\n", &v, 0, &out,
				     &miss),
			 0);
	ck_assert_str_eq(out, "Dear Ada,\n\nBye\n");
	free(out);
	letter_vars_set(&v, "response_due", "2026-05-01");
	ck_assert_int_eq(letter_fill("A\n\nby {{response_due?}}.\n", &v, 0, &out, &miss), 0);
	ck_assert_str_eq(out, "A\n\nby 2026-05-01.\n");
	free(out);
	/* a missing one: refused, named; kept for the editor on request */
	ck_assert_int_eq(letter_fill("{{refusal_reasons}} and {{decision}}", &v, 0, &out, &miss), DK_EINVAL);
	ck_assert_str_eq(buf_str(&miss), "refusal_reasons, decision");
	ck_assert_ptr_nonnull(strstr(err_msg(), "refusal_reasons, decision have no value"));
	buf_reset(&miss);
	ck_assert_int_eq(letter_fill("{{refusal_reasons}}!", &v, 1, &out, &miss), 0);
	ck_assert_str_eq(out, "{{refusal_reasons}}!");
	ck_assert_ptr_nonnull(letter_unfilled(out));
	free(out);
	ck_assert_ptr_null(letter_unfilled("no {{ placeholder"));
	/* the customer's quoted message may hold braces */
	ck_assert_ptr_null(letter_unfilled("Dear Ada,\n\nOn 2026-03-01, Ada wrote:\n> my {{template}} broke\n"));
	ck_assert_ptr_nonnull(letter_unfilled("Dear {{customer_name}},\n> x\n"));
	buf_release(&miss);
	letter_vars_release(&v);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("letters");
	TCase *tc = tcase_create("templates");
	tcase_add_test(tc, test_letters_starter_pack_loads);
	tcase_add_test(tc, test_letters_errors_have_file_and_line);
	tcase_add_test(tc, test_letters_fill);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
