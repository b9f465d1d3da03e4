/* ws_rules.c - the workspace's legal repository, opened on first use, and
 * its rule pack, read from the legal repository
 * at HEAD (or at the revision an obligation was created under). A pack
 * with mistakes is not used: docket says so on stderr and keeps working
 * with the last good pack. */
#include "core/workspace.h"
#include "core/workspace_impl.h"

#include "lib/err.h"
#include "core/legal_cache.h"
#include "core/rules.h"
#include "lib/util.h"
#include "data/store.h"
#include "terms/legal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rule pack's files cached for HEAD, framed for a cheap read (every
 * command that evaluates duties starts here: mail in, ticket new):
 *   "docket-pack 1\n" then per file  PATH "\n" LEN "\n" LEN bytes.
 * Anything else (an older JSON cache, a damaged row) is not used and the
 * pack is read from the repository again. */
#define PACK_CACHE_MAGIC "docket-pack 1\n"

static char *pack_cache_encode(const struct pack_file *pf, size_t n)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, PACK_CACHE_MAGIC);
	for (size_t i = 0; i < n; i++) {
		if (strchr(pf[i].path, '\n') || memchr(pf[i].data, '\0', pf[i].len)) {
			buf_release(&b);
			return NULL; /* not framable: no cache */
		}
		buf_printf(&b, "%s\n%zu\n", pf[i].path, pf[i].len);
		buf_add(&b, pf[i].data, pf[i].len);
	}
	return buf_detach(&b);
}

/* Split payload in place into files; 0 or DK_ERR when it is not a cache. */
static int pack_cache_decode(char *payload, struct pack_file **out, size_t *nout)
{
	size_t ml = strlen(PACK_CACHE_MAGIC);
	if (strncmp(payload, PACK_CACHE_MAGIC, ml))
		return DK_ERR;
	char *p = payload + ml, *end = payload + strlen(payload);
	struct pack_file *pf = NULL;
	size_t n = 0, cap = 0;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			goto bad;
		*nl = '\0';
		char *path = p, *num = nl + 1, *stop;
		errno = 0;
		unsigned long long len = strtoull(num, &stop, 10);
		if (stop == num || *stop != '\n' || errno || len > (unsigned long long)(end - stop - 1))
			goto bad;
		ARRAY_GROW(pf, cap, n + 1);
		pf[n].path = path;
		pf[n].data = stop + 1;
		pf[n].len = (size_t)len;
		n++;
		p = stop + 1 + len;
	}
	*out = pf;
	*nout = n;
	return 0;
bad:
	free(pf);
	return DK_ERR;
}

static int load_cached(char *payload, struct rule_pack **out)
{
	struct pack_file *pf;
	size_t n;
	if (pack_cache_decode(payload, &pf, &n))
		return DK_ERR;
	int rc = rule_pack_load_files(pf, n, out, NULL);
	free(pf);
	return rc;
}

/* Load the pack at rev (NULL = HEAD) into *out; commit receives the id.
 * At HEAD, cache_name (may be NULL) names the cache entry to fill. */
static int load_at(struct workspace *ws, const char *rev, struct rule_pack **out, char commit[41],
		   struct buf *errors)
{
	struct legal_repo *repo;
	int rc = ws_legal(ws, &repo);
	if (rc)
		return rc;
	char peek[41] = "";
	if (!rev && legal_head_peek(ws->legal_dir, peek))
		peek[0] = '\0';
	struct legal_file *files;
	size_t n;
	if ((rc = legal_read_files(repo, rev, NULL, &files, &n, commit)))
		return rc;
	struct pack_file *pf = xcalloc(n + 1, sizeof(*pf));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = files[i].path;
		if (!strncmp(p, "rules/", 6) || !strncmp(p, "calendars/", 10) || !strcmp(p, "jurisdictions.ini")) {
			pf[k].path = p;
			pf[k].data = files[i].data;
			pf[k].len = files[i].len;
			k++;
		}
	}
	rc = rule_pack_load_files(pf, k, out, errors);
	if (!rc && !rev && !strcmp(peek, commit)) {
		char *payload = pack_cache_encode(pf, k);
		if (payload)
			legal_cache_put(ws, "rules", commit, payload);
		free(payload);
	}
	free(pf);
	legal_files_free(files, n);
	return rc;
}

int ws_rules(struct workspace *ws, struct rule_pack **out)
{
	if (ws->rules) {
		*out = ws->rules;
		return 0;
	}
	char commit[41] = "";
	char *cached = legal_cache_get(ws, "rules", commit);
	if (cached) {
		int crc = load_cached(cached, &ws->rules);
		free(cached);
		if (!crc) {
			ws->rules_rev = xstrdup(commit);
			*out = ws->rules;
			return 0;
		}
	}
	struct buf errors = BUF_INIT;
	int rc = load_at(ws, NULL, &ws->rules, commit, &errors);
	if (rc == DK_EINVAL && errors.len) {
		char *good = NULL;
		store_meta_get(ws->store, "rules_good_rev", &good);
		fprintf(stderr, "docket: the rule pack at legal revision %.10s has errors:\n%s", commit, buf_str(&errors));
		if (good) {
			fprintf(stderr, "docket: using the last good rule pack (legal revision %.10s)\n", good);
			buf_reset(&errors);
			rc = load_at(ws, good, &ws->rules, commit, &errors);
		} else {
			rc = err_set(DK_EINVAL, "rule pack: it has errors and there is no earlier good pack (run `docket rules check`)");
		}
		free(good);
	} else if (!rc) {
		char *good = NULL;
		if (!store_meta_get(ws->store, "rules_good_rev", &good) && (!good || strcmp(good, commit)))
			store_meta_set(ws->store, "rules_good_rev", commit);
		free(good);
	}
	buf_release(&errors);
	if (rc)
		return rc;
	ws->rules_rev = xstrdup(commit);
	*out = ws->rules;
	return 0;
}

int ws_rules_at(struct workspace *ws, const char *rev, struct rule_pack **out)
{
	int rc = ws_rules(ws, out);
	if (rc || !rev || !strcmp(rev, ws->rules_rev))
		return rc;
	if (ws->old_rules && !strcmp(ws->old_rules_rev, rev)) {
		*out = ws->old_rules;
		return 0;
	}
	rule_pack_free(ws->old_rules);
	free(ws->old_rules_rev);
	ws->old_rules = NULL;
	ws->old_rules_rev = NULL;
	char commit[41];
	if ((rc = load_at(ws, rev, &ws->old_rules, commit, NULL)))
		return err_prefix(rc, "rule pack at %.10s", rev);
	ws->old_rules_rev = xstrdup(rev);
	*out = ws->old_rules;
	return 0;
}

static void ws_rules_close(struct workspace *ws)
{
	rule_pack_free(ws->rules);
	rule_pack_free(ws->old_rules);
	free(ws->rules_rev);
	free(ws->old_rules_rev);
	ws->rules = ws->old_rules = NULL;
	ws->rules_rev = ws->old_rules_rev = NULL;
}

int ws_legal(struct workspace *ws, struct legal_repo **out)
{
	if (!ws->legal) {
		int rc = legal_open(ws->legal_dir, &ws->legal);
		if (rc)
			return rc;
		legal_set_tz(ws->legal, ws->tz);
	}
	*out = ws->legal;
	return 0;
}

void ws_legal_close(struct workspace *ws)
{
	ws_rules_close(ws);
	legal_free(ws->legal);
	ws->legal = NULL;
}
