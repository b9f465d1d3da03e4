/* inforce.c - which terms revision bound a customer, from repository and database. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/legal_cache.h"
#include "core/ticketview.h"
#include "core/util.h"
#include "core/workspace.h"
#include "data/store.h"
#include "terms/inforce.h"
#include "terms/legal.h"

#define DEFAULT_DOC "terms-of-service"

/* A document's log from the cache for HEAD: a JSON array, newest first,
 * of [id, committed_at, effective, has_effective, notice_days, author,
 * author_email, subject]. */
static int log_cached(const char *payload, struct legal_rev **out, size_t *n)
{
	json_t *j = json_loads(payload, 0, NULL);
	size_t nv = json_is_array(j) ? json_array_size(j) : 0;
	if (!nv) {
		json_decref(j);
		return DK_ERR;
	}
	struct legal_rev *v = xcalloc(nv, sizeof(*v));
	for (size_t i = 0; i < nv; i++) {
		json_t *e = json_array_get(j, i);
		const char *id = json_string_value(json_array_get(e, 0));
		/* anything but this exact shape (an entry from an older docket,
		 * say) is not used: the log is read from the repository */
		if (!id || strlen(id) != LEGAL_ID_LEN || json_array_size(e) != 8 || !json_is_integer(json_array_get(e, 1)) ||
		    !json_is_integer(json_array_get(e, 2)) || !json_is_boolean(json_array_get(e, 3)) ||
		    !json_is_integer(json_array_get(e, 4)) || !json_is_string(json_array_get(e, 5)) ||
		    !json_is_string(json_array_get(e, 6)) || !json_is_string(json_array_get(e, 7))) {
			legal_revs_free(v, i);
			json_decref(j);
			return DK_ERR;
		}
		memcpy(v[i].id, id, LEGAL_ID_LEN + 1);
		v[i].committed_at = (dk_time)json_integer_value(json_array_get(e, 1));
		v[i].effective = (dk_time)json_integer_value(json_array_get(e, 2));
		v[i].has_effective = json_is_true(json_array_get(e, 3));
		v[i].notice_days = (int)json_integer_value(json_array_get(e, 4));
		v[i].author = xstrdup(json_string_value(json_array_get(e, 5)));
		v[i].author_email = xstrdup(json_string_value(json_array_get(e, 6)));
		v[i].subject = xstrdup(json_string_value(json_array_get(e, 7)));
	}
	json_decref(j);
	*out = v;
	*n = nv;
	return 0;
}

int terms_log(struct workspace *ws, const char *doc, struct legal_rev **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	char head[41] = "", *cache_name = xasprintf("termslog.2:%s", doc ? doc : DEFAULT_DOC);
	char *cached = legal_cache_get(ws, cache_name, head);
	if (cached) {
		int crc = log_cached(cached, out, n);
		free(cached);
		if (!crc) {
			free(cache_name);
			return 0;
		}
	}
	struct legal_repo *r;
	char *path = NULL;
	int rc;
	if ((rc = legal_doc_path(doc ? doc : DEFAULT_DOC, &path)) || (rc = ws_legal(ws, &r)) ||
	    (rc = legal_log(r, path, out, n)))
		goto out;
	char now_head[41];
	/* cached only when HEAD did not move while we read */
	if (*head && *n && !legal_head_peek(ws->legal_dir, now_head) && !strcmp(now_head, head)) {
		json_t *arr = json_array();
		for (size_t i = 0; i < *n; i++) {
			const struct legal_rev *e = &(*out)[i];
			json_array_append_new(arr, json_pack("[s, I, I, b, i, s, s, s]", e->id, (json_int_t)e->committed_at,
							     (json_int_t)e->effective, e->has_effective, e->notice_days,
							     e->author ? e->author : "", e->author_email ? e->author_email : "",
							     e->subject ? e->subject : ""));
		}
		char *payload = json_dumps(arr, JSON_COMPACT);
		if (payload)
			legal_cache_put(ws, cache_name, head, payload);
		free(payload);
		json_decref(arr);
	}
out:
	free(path);
	free(cache_name);
	return rc;
}

int terms_model(struct workspace *ws, const char *doc, struct which_model **out, struct legal_rev **revs,
		size_t *n)
{
	struct legal_rev *v = NULL;
	size_t nv = 0;
	*out = NULL;
	if (revs) {
		*revs = NULL;
		*n = 0;
	}
	int rc = terms_log(ws, doc, &v, &nv);
	if (rc)
		return rc;
	if (!nv) {
		char *path = NULL;
		legal_doc_path(doc ? doc : DEFAULT_DOC, &path);
		rc = err_set(DK_ENOTFOUND, "%s: no such document", path ? path : "document");
		free(path);
		return rc;
	}
	struct which_rev *wr = xcalloc(nv, sizeof(*wr));
	for (size_t i = 0; i < nv; i++) { /* oldest first */
		const struct legal_rev *e = &v[nv - 1 - i];
		wr[i] = (struct which_rev){ e->id, e->committed_at, e->effective, e->notice_days };
	}
	*out = which_model_new(wr, nv, ws->tz);
	free(wr);
	if (revs) {
		*revs = v;
		*n = nv;
	} else {
		legal_revs_free(v, nv);
	}
	return 0;
}

int terms_which_customer(struct workspace *ws, const struct which_model *m, const struct customer *c,
			 const char *doc, dk_time at, struct which_answer *out)
{
	struct acceptance *a = NULL;
	size_t na = 0;
	char label[48];
	int rc = store_acceptance_list(ws->store, c->id, doc ? doc : DEFAULT_DOC, &a, &na);
	if (rc)
		return rc;
	struct which_acceptance *wa = na ? xcalloc(na, sizeof(*wa)) : NULL;
	for (size_t i = 0; i < na; i++)
		wa[i] = (struct which_acceptance){ a[i].revision, a[i].accepted_at, a[i].channel };
	snprintf(label, sizeof(label), "customer %lld", (long long)c->id);
	which_answer_for(m, c->created_at, wa, na, at, label, out);
	free(wa);
	acceptances_free(a, na);
	return 0;
}

int terms_customer_in_force(struct workspace *ws, int64_t customer_id, const char *doc, dk_time at,
			    struct which_answer *out)
{
	struct customer c = { 0 };
	struct which_model *m = NULL;
	int rc = store_customer_get(ws->store, customer_id, &c);
	if (!rc)
		rc = terms_model(ws, doc, &m, NULL, NULL);
	if (!rc)
		rc = terms_which_customer(ws, m, &c, doc, at, out);
	which_model_free(m);
	customer_clear(&c);
	return rc;
}

/* core/ticketview.h: the ticket view's terms line. */
int terms_in_force(struct workspace *ws, const struct customer *c, const char *doc, dk_time at,
		   struct terms_in_force *out)
{
	struct which_model *m = NULL;
	struct which_answer a;
	memset(out, 0, sizeof(*out));
	out->effective = DK_TIME_NONE;
	int rc = terms_model(ws, doc, &m, NULL, NULL);
	if (!rc)
		rc = terms_which_customer(ws, m, c, doc, at, &a);
	which_model_free(m);
	if (rc)
		return rc;
	out->revision = a.found ? xstrdup(a.revision) : NULL;
	out->effective = a.found ? a.effective : DK_TIME_NONE;
	out->reason = xstrdup(a.reason);
	return 0;
}
