/* check_classify.c - the request classifier (issue 12 item 5): the
 * normalisation of case, accents, punctuation and simple inflections, the
 * phrase match with gaps, the explanation, and the corpus targets (recall
 * >= 95% per request kind, false suggestions <= 5% on ordinary questions). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/classify.h"
#include "core/rules.h"
#include "lib/buf.h"
#include "lib/err.h"

static struct rule_pack *starter;

static void same_norm(const char *a, const char *b)
{
	char *x = classify_normalise(a), *y = classify_normalise(b);
	ck_assert_msg(!strcmp(x, y), "'%s' -> '%s' but '%s' -> '%s'", a, x, b, y);
	free(x);
	free(y);
}

START_TEST(test_normalise_case_accents_punctuation_inflections)
{
	same_norm("Please DELETE my data!", "please delete my data");
	same_norm("Löschung", "loschung");
	same_norm("données", "DONNEES");
	same_norm("l’accès", "l'acces");
	same_norm("réclamation", "reclamation");
	same_norm("deleted", "delete");
	same_norm("deleting", "deletes");
	same_norm("löschen", "lösche");
	same_norm("Straße", "strasse");
	same_norm("e\xcc\x81t\xc3\xa9", "ete"); /* combining and precomposed accents */
	char *n = classify_normalise("  ,,, ");
	ck_assert_str_eq(n, "");
	free(n);
}
END_TEST

START_TEST(test_match_allows_small_gaps_in_order)
{
	char *t = classify_normalise("Please delete all of my data"), *p = classify_normalise("delete my data");
	size_t s, e;
	ck_assert(classify_match_norm(t, p, &s, &e)); /* two words between */
	ck_assert_uint_eq(s, 1);
	ck_assert_uint_eq(e, 5);
	free(t);
	t = classify_normalise("delete the order and then send all my saved data");
	ck_assert(!classify_match_norm(t, p, NULL, NULL)); /* too far apart */
	free(t);
	t = classify_normalise("my data delete");
	ck_assert(!classify_match_norm(t, p, NULL, NULL)); /* order counts */
	free(t);
	free(p);
}
END_TEST

START_TEST(test_suggestions_explain_and_are_deterministic)
{
	const char *text = "Bitte löschen Sie alle meine Daten.";
	struct classification *a, *b;
	size_t na, nb;
	ck_assert_int_eq(classify_text(starter, text, &a, &na), 0);
	ck_assert_int_eq(classify_text(starter, text, &b, &nb), 0);
	ck_assert_uint_ge(na, 1);
	ck_assert_uint_eq(na, nb);
	ck_assert_str_eq(a[0].kind, "data-erasure");
	ck_assert_str_eq(a[0].phrase, "löschen Sie meine Daten"); /* the pack's phrase, as written */
	ck_assert_str_eq(a[0].matched, "losch sie all mein dat"); /* the words it matched, normalised */
	for (size_t i = 0; i < na; i++) {
		ck_assert_str_eq(a[i].kind, b[i].kind);
		ck_assert_str_eq(a[i].phrase, b[i].phrase);
	}
	classifications_free(a, na);
	classifications_free(b, nb);
	/* the README's example and the issue's */
	const char *cases[][2] = { { "Please send me a copy of all my personal data.", "data-access" },
				   { "Please delete my data", "data-erasure" },
				   { "I want to complain about your service", "complaint" } };
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_eq(classify_text(starter, cases[i][0], &a, &na), 0);
		ck_assert_msg(na && !strcmp(a[0].kind, cases[i][1]), "%s: %s", cases[i][0], na ? a[0].kind : "nothing");
		classifications_free(a, na);
	}
}
END_TEST

/* the kind and the phrase of the best suggestion, or "nothing" */
static const char *best(const char *text, char *phrase, size_t n)
{
	static char kind[64];
	struct classification *c;
	size_t nc;
	classify_text(starter, text, &c, &nc);
	snprintf(kind, sizeof(kind), "%s", nc ? c[0].kind : "nothing");
	if (phrase)
		snprintf(phrase, n, "%s", nc ? c[0].phrase : "");
	classifications_free(c, nc);
	return kind;
}

/* concepts (@NAME), prefixes (pre*), exact words (=word): the words of an
 * idea in seven languages, in every form */
START_TEST(test_concepts_prefixes_and_exact_words)
{
	ck_assert_ptr_nonnull(classify_concept("erase", 5));
	ck_assert_ptr_null(classify_concept("eras", 4));
	ck_assert_ptr_nonnull(strstr(classify_concept_names(), "erase, close, account"));
	char bad[48];
	ck_assert_int_eq(classify_phrase_check("@erase + @data", bad, sizeof(bad)), 0);
	ck_assert_int_eq(classify_phrase_check("@erase + @dat", bad, sizeof(bad)), -1);
	ck_assert_str_eq(bad, "@dat");
	ck_assert_int_eq(classify_phrase_check("send me @ once", bad, sizeof(bad)), 0); /* not a concept phrase */
	ck_assert(classify_is_concept("@complain"));
	ck_assert(classify_is_concept("a|b + c"));
	ck_assert(!classify_is_concept("delete my data"));
	/* every form of the verb through a prefix: löschen, löscht, Löschung */
	ck_assert_str_eq(best("Könnten Sie bitte mein Kundenkonto löschen?", NULL, 0), "data-erasure");
	ck_assert_str_eq(best("Mein Kundenkonto soll gelöscht werden.", NULL, 0), "data-erasure");
	ck_assert_str_eq(best("Ik wil dat u mijn account verwijdert.", NULL, 0), "data-erasure");
	/* "=profil" meets the profile, not profiling */
	ck_assert_str_eq(best("Bitte entfernen Sie mein Profil.", NULL, 0), "data-erasure");
	ck_assert_str_eq(best("I object to profiling.", NULL, 0), "objection");
}
END_TEST

/* "not a complaint", "keine Beschwerde": a denied word suggests nothing;
 * a phrase of several words carries its own negation ("do not sell") */
START_TEST(test_negation_denies_a_single_word)
{
	ck_assert_str_eq(best("This is not a complaint, I only want to know your opening hours.", NULL, 0), "nothing");
	ck_assert_str_eq(best("Keine Beschwerde, nur eine Frage zu den Öffnungszeiten.", NULL, 0), "nothing");
	ck_assert_str_eq(best("No complaints, the parcel came today.", NULL, 0), "nothing");
	ck_assert_str_eq(best("I am not happy at all and I want to make a complaint.", NULL, 0), "complaint");
	ck_assert_str_eq(best("No, I do want to complain: the courier broke my lamp.", NULL, 0), "complaint");
	ck_assert_str_eq(best("Do not sell my personal information.", NULL, 0), "opt-out");
	ck_assert_str_eq(best("Ik wil geen reclame meer ontvangen.", NULL, 0), "objection");
	/* only articles may stand between: "not yet refunded" asks for the refund */
	ck_assert_str_eq(best("Je n'ai toujours pas été remboursée.", NULL, 0), "refund");
	ck_assert_str_eq(best("Pas de réclamation, juste une question sur la livraison.", NULL, 0), "nothing");
}
END_TEST

/* "from my account": the account is where the thing is, not what goes */
START_TEST(test_an_account_named_as_a_place_is_not_the_object)
{
	ck_assert_str_eq(best("Wie kann ich eine gespeicherte Lieferadresse aus meinem Konto löschen?", NULL, 0), "nothing");
	ck_assert_str_eq(best("How do I remove a saved card from my account?", NULL, 0), "nothing");
	ck_assert_str_eq(best("Bitte löschen Sie mein Konto.", NULL, 0), "data-erasure");
	ck_assert_str_eq(best("Please remove my account.", NULL, 0), "data-erasure");
}
END_TEST

/* the score: each word of a literal phrase says 2, a concept what its
 * weight says; a breach word settles it, "have, hold" say nothing */
START_TEST(test_scores_rank_the_kinds)
{
	char ph[256];
	/* a breach word outranks "my data ... you have" */
	ck_assert_str_eq(best("Iemand anders heeft mijn gegevens ontvangen, dit is een datalek.", ph, sizeof(ph)), "breach");
	/* an action on the data outranks holding it */
	ck_assert_str_eq(best("Removam por favor todos os dados que têm sobre mim.", NULL, 0), "data-erasure");
	/* a format and a move elsewhere: portability, not access */
	ck_assert_str_eq(best("Please give me my data as a JSON file so I can switch to another app.", ph, sizeof(ph)),
			 "data-portability");
	ck_assert_str_eq(best("Can I pay by bank transfer?", NULL, 0), "nothing");
	ck_assert_str_eq(best("How can I update the app on my phone?", NULL, 0), "nothing");
}
END_TEST

START_TEST(test_corpus_meets_the_targets)
{
	FILE *f = fopen("tests/classifier/corpus.tsv", "r");
	ck_assert_ptr_nonnull(f);
	char line[4096];
	const char *kinds[] = { "data-access", "data-erasure", "data-portability", "rectification", "objection",
				"complaint", "refund", "opt-out", "breach" };
	const char *langs[] = { "en", "de", "fr", "es", "it", "nl", "pt" };
	int total[9] = { 0 }, hit[9] = { 0 }, per_lang[9][7] = { { 0 } }, questions = 0, false_s = 0, lines = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!*line || *line == '#')
			continue;
		char *lang = strchr(line, '\t'), *text = lang ? strchr(lang + 1, '\t') : NULL;
		ck_assert_ptr_nonnull(text);
		*lang++ = '\0';
		*text++ = '\0';
		lines++;
		struct classification *c;
		size_t n;
		classify_text(starter, text, &c, &n);
		if (!strcmp(line, "none")) {
			questions++;
			false_s += n > 0;
		} else {
			size_t k = 0;
			while (k < 9 && strcmp(kinds[k], line))
				k++;
			ck_assert_msg(k < 9, "unknown kind %s", line);
			for (size_t l = 0; l < 7; l++)
				if (!strcmp(langs[l], lang))
					per_lang[k][l]++;
			total[k]++;
			hit[k] += n && !strcmp(c[0].kind, line);
		}
		classifications_free(c, n);
	}
	fclose(f);
	ck_assert_int_ge(lines, 200);
	ck_assert_int_ge(questions, 50);
	for (size_t k = 0; k < 9; k++) {
		for (size_t l = 0; l < 7; l++)
			ck_assert_msg(per_lang[k][l] > 0, "%s has no %s message", kinds[k], langs[l]);
		ck_assert_msg(hit[k] * 100 >= total[k] * 95, "%s: recall %d of %d", kinds[k], hit[k], total[k]);
	}
	ck_assert_msg(false_s * 100 <= questions * 5, "false suggestions %d of %d", false_s, questions);
}
END_TEST

/* Requests found (best suggestion of the right kind) and ordinary
 * messages with a suggestion, over a set. */
static void measure(const char *path, int *req, int *hit, int *ord, int *sugg)
{
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "%s", path);
	char line[4096];
	*req = *hit = *ord = *sugg = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!*line || *line == '#')
			continue;
		char *lang = strchr(line, '\t'), *text = lang ? strchr(lang + 1, '\t') : NULL;
		ck_assert_ptr_nonnull(text);
		*lang = '\0';
		text++;
		struct classification *c;
		size_t n;
		classify_text(starter, text, &c, &n);
		if (!strcmp(line, "none")) {
			(*ord)++;
			*sugg += n > 0;
		} else {
			(*req)++;
			*hit += n && !strcmp(c[0].kind, line);
		}
		classifications_free(c, n);
	}
	fclose(f);
}

/* The sets the phrases were not written from: a floor at what the
 * classifier reaches on each (docs/rule-pack.md), so that a change that
 * loses ground there fails. fresh3.tsv was written and committed before
 * the concept rework and measured once after it: 60 of 66 requests
 * (90.9%), 2 false suggestions in 33 (6.1%), short of the targets; the
 * second round tuned on it. fresh4.tsv, committed before that round and
 * measured once after it: 57 of 60 (95.0%), 1 false in 21 (4.8%). */
START_TEST(test_held_out_sets_keep_their_figures)
{
	static const struct {
		const char *path;
		int req, hit, ord, sugg;
	} sets[] = {
		{ "tests/classifier/heldout.tsv", 50, 50, 20, 0 },
		{ "tests/classifier/fresh.tsv", 42, 41, 20, 0 },
		{ "tests/classifier/fresh2.tsv", 36, 36, 15, 0 },
		{ "tests/classifier/fresh3.tsv", 66, 66, 33, 0 }, /* 60 and 2 when it was clean */
		{ "tests/classifier/fresh4.tsv", 60, 57, 21, 1 }, /* clean: measured once */
	};
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		int req, hit, ord, sugg;
		measure(sets[i].path, &req, &hit, &ord, &sugg);
		ck_assert_msg(req == sets[i].req && ord == sets[i].ord, "%s: %d requests, %d ordinary", sets[i].path, req,
			      ord);
		ck_assert_msg(hit >= sets[i].hit, "%s: %d of %d requests found, floor %d", sets[i].path, hit, req,
			      sets[i].hit);
		ck_assert_msg(sugg <= sets[i].sugg, "%s: %d of %d ordinary messages suggested, ceiling %d", sets[i].path,
			      sugg, ord, sets[i].sugg);
	}
}
END_TEST

int main(void)
{
	struct buf errors = BUF_INIT;
	if (rule_pack_load_dir("legal-starter", &starter, &errors)) {
		fprintf(stderr, "check_classify: legal-starter: %s\n%s", err_msg(), buf_str(&errors));
		return EXIT_FAILURE;
	}
	buf_release(&errors);
	Suite *s = suite_create("classify");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_normalise_case_accents_punctuation_inflections);
	tcase_add_test(tc, test_match_allows_small_gaps_in_order);
	tcase_add_test(tc, test_suggestions_explain_and_are_deterministic);
	tcase_add_test(tc, test_concepts_prefixes_and_exact_words);
	tcase_add_test(tc, test_negation_denies_a_single_word);
	tcase_add_test(tc, test_scores_rank_the_kinds);
	tcase_add_test(tc, test_an_account_named_as_a_place_is_not_the_object);
	tcase_add_test(tc, test_corpus_meets_the_targets);
	tcase_add_test(tc, test_held_out_sets_keep_their_figures);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	rule_pack_free(starter);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
