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

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The pack from the files cached for HEAD (a JSON object path -> text). */
static int load_cached(const char *payload, struct rule_pack **out)
{
	json_t *j = json_loads(payload, 0, NULL);
	if (!j || !json_is_object(j)) {
		json_decref(j);
		return DK_ERR;
	}
	size_t n = json_object_size(j), k = 0;
	struct pack_file *pf = xcalloc(n + 1, sizeof(*pf));
	const char *key;
	json_t *v;
	json_object_foreach(j, key, v)
	{
		pf[k].path = key;
		pf[k].data = json_string_value(v);
		pf[k].len = json_string_length(v);
		k++;
	}
	int rc = rule_pack_load_files(pf, k, out, NULL);
	free(pf);
	json_decref(j);
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
		json_t *j = json_object();
		for (size_t i = 0; i < k; i++)
			json_object_set_new(j, pf[i].path, json_stringn(pf[i].data, pf[i].len));
		char *payload = json_dumps(j, JSON_COMPACT);
		if (payload)
			legal_cache_put(ws, "rules", commit, payload);
		free(payload);
		json_decref(j);
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
