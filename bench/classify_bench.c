/* classify_bench.c - recall per request kind and the false-suggestion rate
 * of the phrase classifier over a corpus (issue 12 item 5).
 *
 *   build/bench/classify_bench [PACK_DIR [CORPUS]] [-v]
 *
 * PACK_DIR defaults to legal-starter. Without CORPUS it prints the
 * figures of every set in turn: tests/classifier/corpus.tsv (what the
 * phrases were written from), then heldout.tsv, fresh.tsv, fresh2.tsv,
 * fresh3.tsv and fresh4.tsv (text they were not written from; docs/rule-pack.md says
 * which figure is clean). A set is KIND <TAB> LANGUAGE <TAB> TEXT lines;
 * KIND none: an ordinary question. A request counts as recalled when the best suggestion is its kind; an
 * ordinary question counts as a false suggestion when anything is
 * suggested. -v lists every miss and false suggestion with the phrase that
 * matched. Deterministic: same pack, same corpus, same figures. */
#include "core/classify.h"
#include "core/rules.h"
#include "lib/buf.h"
#include "lib/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tally {
	char kind[40];
	int total, hit;
};

static int run_set(const struct rule_pack *p, const char *dir, const char *corpus, int verbose)
{
	FILE *f = fopen(corpus, "r");
	if (!f) {
		perror(corpus);
		return 1;
	}
	struct tally t[32];
	int nt = 0, questions = 0, false_sugg = 0, lines = 0;
	char line[4096];
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!*line || *line == '#')
			continue;
		char *kind = line, *lang = strchr(kind, '\t'), *text;
		if (!lang || !(text = strchr(lang + 1, '\t'))) {
			fprintf(stderr, "%s: bad line: %s\n", corpus, line);
			return 1;
		}
		*lang++ = '\0';
		*text++ = '\0';
		lines++;
		struct classification *c;
		size_t n;
		classify_text(p, text, &c, &n);
		if (!strcmp(kind, "none")) {
			questions++;
			if (n) {
				false_sugg++;
				if (verbose)
					printf("false: [%s] %s  -> %s ('%s' matched '%s')\n", lang, text, c[0].kind,
					       c[0].phrase, c[0].matched);
			}
		} else {
			int k = 0;
			while (k < nt && strcmp(t[k].kind, kind))
				k++;
			if (k == nt && nt < 32) {
				snprintf(t[nt].kind, sizeof(t[nt].kind), "%.39s", kind);
				t[nt].total = t[nt].hit = 0;
				nt++;
			}
			t[k].total++;
			if (n && !strcmp(c[0].kind, kind))
				t[k].hit++;
			else if (verbose)
				printf("miss:  [%s] %s %s  -> %s%s%s%s\n", lang, kind, text, n ? c[0].kind : "nothing",
				       n ? " ('" : "", n ? c[0].phrase : "", n ? "')" : "");
		}
		classifications_free(c, n);
	}
	fclose(f);
	int req = 0, hit = 0, below = 0;
	printf("classifier: %s: %d messages (%d requests, %d ordinary questions), pack %s\n", corpus, lines,
	       lines - questions, questions, dir);
	printf("  %-18s %6s %6s %7s\n", "kind", "total", "found", "recall");
	for (int k = 0; k < nt; k++) {
		double r = t[k].total ? 100.0 * t[k].hit / t[k].total : 0;
		printf("  %-18s %6d %6d %6.1f%%\n", t[k].kind, t[k].total, t[k].hit, r);
		req += t[k].total;
		hit += t[k].hit;
		below += r < 95.0;
	}
	double fr = questions ? 100.0 * false_sugg / questions : 0;
	printf("  %-18s %6d %6d %6.1f%%\n", "all requests", req, hit, req ? 100.0 * hit / req : 0);
	printf("  false suggestions on ordinary questions: %d of %d (%.1f%%)\n", false_sugg, questions, fr);
	printf("  targets: recall >= 95%% per kind, false suggestions <= 5%%: %s\n",
	       !below && fr <= 5.0 ? "met" : "NOT met");
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir = "legal-starter", *corpus = NULL;
	int verbose = 0, pos = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (pos++ == 0)
			dir = argv[i];
		else
			corpus = argv[i];
	}
	struct rule_pack *p;
	struct buf errs = BUF_INIT;
	if (rule_pack_load_dir(dir, &p, &errs)) {
		fprintf(stderr, "classify_bench: %s: %s\n%s", dir, err_msg(), buf_str(&errs));
		return 1;
	}
	static const char *const sets[] = { "tests/classifier/corpus.tsv", "tests/classifier/heldout.tsv",
					    "tests/classifier/fresh.tsv", "tests/classifier/fresh2.tsv",
					    "tests/classifier/fresh3.tsv", "tests/classifier/fresh4.tsv" };
	int rc = 0;
	if (corpus)
		rc = run_set(p, dir, corpus, verbose);
	for (size_t i = 0; !corpus && !rc && i < sizeof(sets) / sizeof(sets[0]); i++)
		rc = run_set(p, dir, sets[i], verbose);
	rule_pack_free(p);
	buf_release(&errs);
	return rc;
}
