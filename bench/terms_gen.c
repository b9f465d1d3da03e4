/* terms_gen.c - benchmark data for `docket terms`: a long history of a big
 * terms-of-service document and many customers with acceptances.
 *
 * usage: build/bench/terms_gen DIR [--revisions N] [--kb K] [--customers M] [--seed S]
 *
 * DIR must be a fresh workspace (`docket init DIR`). Revisions are
 * published on terms/terms-of-service.md one hour apart, each a few
 * random edits (words changed, lines added, removed, moved); every third
 * carries a Notice-Days trailer. Customers join over the same period and
 * accept the revision in force when they join (half of them also a later
 * one). Writes through terms/ and data/ directly, in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/util.h"
#include "core/workspace.h"
#include "data/store.h"
#include "terms/legal.h"

static uint64_t rs = 88172645463325252ull;
static uint64_t rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return rs;
}

static const char *const words[] = { "the", "customer", "may", "cancel", "refund", "within", "days", "notice",
				     "Company", "shall", "not", "be", "liable", "for", "any", "loss", "data",
				     "personal", "process", "terms", "apply", "law", "court", "and", "or", "of",
				     "services", "account", "payment", "reasonable", "written", "consent" };
#define NW (sizeof(words) / sizeof(words[0]))

struct lines {
	char **l;
	size_t n, cap;
};

static char *para_line(void)
{
	struct buf b = BUF_INIT;
	unsigned n = 6 + (unsigned)(rnd() % 8);
	for (unsigned i = 0; i < n; i++) {
		if (i)
			buf_addc(&b, ' ');
		buf_adds(&b, words[rnd() % NW]);
	}
	buf_addc(&b, '.');
	return buf_detach(&b);
}

static void ins(struct lines *L, size_t at, char *s)
{
	ARRAY_GROW(L->l, L->cap, L->n + 1);
	memmove(&L->l[at + 1], &L->l[at], (L->n - at) * sizeof(char *));
	L->l[at] = s;
	L->n++;
}

static char *del(struct lines *L, size_t at)
{
	char *s = L->l[at];
	memmove(&L->l[at], &L->l[at + 1], (L->n - at - 1) * sizeof(char *));
	L->n--;
	return s;
}

static void edit(struct lines *L)
{
	for (unsigned k = 1 + (unsigned)(rnd() % 4); k; k--) {
		size_t at = rnd() % L->n;
		switch (rnd() % 4) {
		case 0:
			if (*L->l[at] && *L->l[at] != '#') {
				free(L->l[at]);
				L->l[at] = para_line();
			}
			break;
		case 1:
			ins(L, at, para_line());
			break;
		case 2:
			if (L->n > 100 && *L->l[at] != '#')
				free(del(L, at));
			break;
		case 3: {
			char *x = del(L, at);
			ins(L, rnd() % L->n, x);
			break;
		}
		}
	}
}

int main(int argc, char **argv)
{
	int64_t nrev = 5000, kb = 200, ncust = 100000, seed = 1;
	if (argc < 2) {
		fprintf(stderr, "usage: terms_gen DIR [--revisions N] [--kb K] [--customers M] [--seed S]\n");
		return 2;
	}
	for (int i = 2; i + 1 < argc; i += 2) {
		int64_t *p = !strcmp(argv[i], "--revisions") ? &nrev
			     : !strcmp(argv[i], "--kb")        ? &kb
			     : !strcmp(argv[i], "--customers") ? &ncust
			     : !strcmp(argv[i], "--seed")      ? &seed
							       : NULL;
		if (!p || parse_int64(argv[i + 1], 0, INT64_MAX, p)) {
			fprintf(stderr, "terms_gen: bad option %s\n", argv[i]);
			return 2;
		}
	}
	rs ^= (uint64_t)seed * 0x9e3779b97f4a7c15ull;
	struct workspace *ws;
	struct legal_repo *r;
	int rc = ws_open_anonymous(argv[1], &ws);
	if (!rc)
		rc = ws_legal(ws, &r);
	if (rc) {
		fprintf(stderr, "terms_gen: %s\n", err_msg());
		return 1;
	}
	/* the document: numbered sections of paragraphs, about kb KB */
	struct lines L = { 0 };
	ins(&L, 0, xstrdup("# Terms of Service"));
	size_t bytes = 0;
	for (int s = 1; bytes < (size_t)kb * 1024; s++) {
		ins(&L, L.n, xstrdup(""));
		ins(&L, L.n, xasprintf("## %d. %s %s", s, words[rnd() % NW], words[rnd() % NW]));
		ins(&L, L.n, xstrdup(""));
		for (int p = 0; p < 12; p++) {
			char *l = para_line();
			bytes += strlen(l) + 1;
			ins(&L, L.n, l);
		}
	}
	dk_time t0 = dk_now() - (dk_time)nrev * 3600 - 86400 * 40;
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	struct buf doc = BUF_INIT;
	char (*ids)[41] = xcalloc((size_t)nrev, 41);
	dk_time *times = xcalloc((size_t)nrev, sizeof(dk_time));
	for (int64_t v = 0; v < nrev; v++) {
		if (v)
			edit(&L);
		buf_reset(&doc);
		for (size_t i = 0; i < L.n; i++) {
			buf_adds(&doc, L.l[i]);
			buf_addc(&doc, '\n');
		}
		char msg[64];
		snprintf(msg, sizeof(msg), "Revision %lld", (long long)v + 1);
		times[v] = t0 + v * 3600;
		struct legal_publish p = { "terms/terms-of-service.md", doc.data, doc.len, v % 2 ? "anna" : "omar",
					   times[v], msg, times[v] + 86400 * (v % 10), v % 3 ? 0 : 30, NULL };
		rc = legal_publish_file(r, &p, ids[v]);
		if (rc == DK_ECONFLICT) { /* identical after random edits: try again */
			v--;
			continue;
		}
		if (rc) {
			fprintf(stderr, "terms_gen: revision %lld: %s\n", (long long)v, err_msg());
			return 1;
		}
		if ((v + 1) % 500 == 0)
			fprintf(stderr, "  %lld revisions\n", (long long)v + 1);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	fprintf(stderr, "terms_gen: %lld revisions of %zu bytes in %.1f s\n", (long long)nrev, doc.len,
		(double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
	if ((rc = store_begin(ws->store)))
		goto fail;
	for (int64_t i = 0; i < ncust; i++) {
		char name[32], email[48];
		snprintf(name, sizeof(name), "Customer %lld", (long long)i + 1);
		snprintf(email, sizeof(email), "c%lld@example.com", (long long)i + 1);
		struct customer c = { 0 };
		c.name = xstrdup(name);
		c.email = xstrdup(email);
		c.jurisdiction = xstrdup("DE");
		c.created_at = t0 + (dk_time)(rnd() % (uint64_t)(nrev * 3600 + 86400 * 30));
		c.erased_at = DK_TIME_NONE;
		rc = store_customer_insert(ws->store, &c);
		int64_t cid = c.id;
		dk_time created = c.created_at;
		customer_clear(&c);
		if (rc)
			goto fail;
		int64_t k = (created - t0) / 3600;
		if (k >= nrev)
			k = nrev - 1;
		struct acceptance ac = { 0, cid, xstrdup("terms-of-service"), xstrdup(ids[k]), created, xstrdup("web") };
		rc = store_acceptance_insert(ws->store, &ac);
		acceptance_clear(&ac);
		if (rc)
			goto fail;
		if (rnd() % 2 && k + 1 < nrev) {
			int64_t later = k + 1 + (int64_t)(rnd() % (uint64_t)(nrev - k - 1));
			struct acceptance ac2 = { 0, cid, xstrdup("terms-of-service"), xstrdup(ids[later]),
						  times[later] + 600, xstrdup("email") };
			rc = store_acceptance_insert(ws->store, &ac2);
			acceptance_clear(&ac2);
			if (rc)
				goto fail;
		}
	}
	if ((rc = audit_append(ws->store, dk_now(), "bench", "bench.terms_gen", "workspace", "generated")) ||
	    (rc = store_commit(ws->store)))
		goto fail;
	fprintf(stderr, "terms_gen: %lld customers with acceptances\n", (long long)ncust);
	ws_close(ws);
	return 0;
fail:
	fprintf(stderr, "terms_gen: %s\n", err_msg());
	return 1;
}
