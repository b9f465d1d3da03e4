/* bound.c - customers per revision in one streamed pass (see bound.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "lib/util.h"
#include "core/inforce.h"
#include "core/which.h"
#include "core/workspace.h"
#include "data/store.h"
#include "data/store_letters.h"
#include "core/bound.h"

#define DEFAULT_DOC "terms-of-service"

struct scan {
	const struct which_model *m;
	dk_time at;
	struct acceptance *acc; /* sorted by customer, then time */
	size_t nacc, next;
	struct letter_row *nt; /* notices of new terms, by customer */
	size_t nnt, nnext;
	struct which_acceptance *wa;
	size_t wcap;
	int64_t *cid;   /* customer ids in scan order */
	int32_t *rev;   /* their revision index, -1 none */
	size_t n, cap, rcap;
};

static int scan_cb(const struct customer *c, void *p)
{
	struct scan *x = p;
	struct which_answer a;
	size_t k = 0;
	while (x->next < x->nacc && x->acc[x->next].customer_id < c->id)
		x->next++;
	while (x->next < x->nacc && x->acc[x->next].customer_id == c->id) {
		ARRAY_GROW(x->wa, x->wcap, k + 1);
		const struct acceptance *s = &x->acc[x->next++];
		x->wa[k++] = (struct which_acceptance){ s->revision, s->accepted_at, s->channel, 0 };
	}
	/* the notices accepted for delivery, as terms_which_customer */
	while (x->nnext < x->nnt && x->nt[x->nnext].customer_id < c->id)
		x->nnext++;
	for (; x->nnext < x->nnt && x->nt[x->nnext].customer_id == c->id; x->nnext++) {
		ARRAY_GROW(x->wa, x->wcap, k + 1);
		k += (size_t)terms_notice_given(&x->nt[x->nnext], &x->wa[k]);
	}
	/* only the revision is kept, not the reason: no label to format */
	which_answer_for(x->m, c->created_at, x->wa, k, x->at, "customer", &a);
	ARRAY_GROW(x->cid, x->cap, x->n + 1);
	ARRAY_GROW(x->rev, x->rcap, x->n + 1);
	x->cid[x->n] = c->id;
	x->rev[x->n] = a.found ? (int32_t)a.rev_index : -1;
	x->n++;
	return 0;
}

static int by_customer(const void *a, const void *b)
{
	const struct letter_row *x = a, *y = b;
	if (x->customer_id != y->customer_id)
		return x->customer_id < y->customer_id ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

int terms_bound_scan(struct workspace *ws, const struct which_model *m, const char *doc, dk_time at,
		     struct terms_bound *out)
{
	struct scan x = { 0 };
	memset(out, 0, sizeof(*out));
	x.m = m;
	x.at = at;
	int rc = store_acceptance_list(ws->store, 0, doc ? doc : DEFAULT_DOC, &x.acc, &x.nacc);
	if (!rc)
		rc = store_letter_list(ws->store, 0, 0, "terms", doc ? doc : DEFAULT_DOC, &x.nt, &x.nnt);
	if (!rc) {
		if (x.nnt)
			qsort(x.nt, x.nnt, sizeof(*x.nt), by_customer);
		rc = store_customer_foreach_created(ws->store, scan_cb, &x);
	}
	acceptances_free(x.acc, x.nacc);
	letter_rows_free(x.nt, x.nnt);
	free(x.wa);
	if (rc) {
		free(x.cid);
		free(x.rev);
		return rc;
	}
	size_t nr = which_model_count(m);
	out->nrevs = nr;
	out->count = xcalloc(nr ? nr : 1, sizeof(*out->count));
	out->start = xcalloc(nr + 1, sizeof(*out->start));
	out->total = (int64_t)x.n;
	for (size_t i = 0; i < x.n; i++) {
		if (x.rev[i] >= 0 && (size_t)x.rev[i] < nr)
			out->count[x.rev[i]]++;
		else
			out->none++;
	}
	/* counting sort: ids grouped per revision, ascending within each */
	size_t acc = 0;
	for (size_t r = 0; r < nr; r++) {
		out->start[r] = acc;
		acc += (size_t)out->count[r];
	}
	out->start[nr] = acc;
	out->ids = xcalloc(acc ? acc : 1, sizeof(*out->ids));
	size_t *fill = xcalloc(nr ? nr : 1, sizeof(*fill));
	for (size_t i = 0; i < x.n; i++)
		if (x.rev[i] >= 0 && (size_t)x.rev[i] < nr) {
			size_t r = (size_t)x.rev[i];
			out->ids[out->start[r] + fill[r]++] = x.cid[i];
		}
	free(fill);
	free(x.cid);
	free(x.rev);
	return 0;
}

void terms_bound_clear(struct terms_bound *b)
{
	if (!b)
		return;
	free(b->count);
	free(b->ids);
	free(b->start);
	memset(b, 0, sizeof(*b));
}
