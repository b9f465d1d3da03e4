/* terms_customers.c - the customers a revision binds now, a page at a
 * time: the ids come from the terms view's one pass (terms/bound.h); only
 * the page shown is read from the store, each with the reason it binds
 * (the same answer as `docket terms which`). ] and [ turn pages, Enter
 * opens the customer. */
#include "tui/views/terms_customers.h"

#include "lib/err.h"
#include "lib/text.h"
#include "lib/util.h"
#include "core/which.h"
#include "core/workspace.h"
#include "data/store.h"
#include "core/inforce.h"
#include "terms/legal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 100

struct tcust {
	char *doc;
	char id[LEGAL_ID_LEN + 1];
	int64_t *ids;
	size_t n;
	size_t page; /* first index shown */
};

static int tcust_open(struct view *v)
{
	struct tcust *c = v->priv;
	size_t last = c->page + PAGE < c->n ? c->page + PAGE : c->n;
	snprintf(v->title, sizeof(v->title), "Bound by %.7s of %s now: %zu customer%s (%zu-%zu shown, ] [ pages)",
		 c->id, c->doc, c->n, c->n == 1 ? "" : "s", c->n ? c->page + 1 : 0, last);
	return 0;
}

static void tcust_layout(struct view *v)
{
	struct tcust *c = v->priv;
	struct lines *L = &v->lines;
	struct which_model *m = NULL;
	lines_clear(L);
	int rc = terms_model(tui.ws, c->doc, &m, NULL, NULL);
	if (rc) {
		lines_add(L, S_WARN, L_TEXT, "%s", err_msg());
		v->nlines = L->n;
		return;
	}
	dk_time now = dk_now();
	size_t last = c->page + PAGE < c->n ? c->page + PAGE : c->n;
	for (size_t i = c->page; i < last; i++) {
		struct customer cu = { 0 };
		struct which_answer a;
		if (store_customer_get(tui.ws->store, c->ids[i], &cu)) {
			lines_add(L, S_DIM, L_TEXT, "#%-7lld (gone: %s)", (long long)c->ids[i], err_msg());
			continue;
		}
		char *name = text_visible_dup(cu.name ? cu.name : "", 0);
		const char *why = "";
		if (!terms_which_customer(tui.ws, m, &cu, c->doc, now, &a))
			why = a.reason;
		int nw = text_width(name);
		size_t fit = text_fit(name, 22);
		lines_add(L, cu.erased_at != DK_TIME_NONE ? S_DIM : S_NORMAL, L_TICKET, "#%-7lld %.*s%*s %-6s %s",
			  (long long)cu.id, (int)fit, name, nw > 22 ? 0 : 22 - nw, "",
			  cu.jurisdiction ? cu.jurisdiction : "?", why);
		L->v[L->n - 1].a = cu.id;
		free(name);
		customer_clear(&cu);
	}
	which_model_free(m);
	err_clear();
	v->nlines = L->n;
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", c->page + v->lineno + 1, c->n);
}

static void tcust_header(struct view *v, WINDOW *w)
{
	draw_text(w, "CUSTOMER NAME                   JURIS. WHY BOUND", v->width, S_DIM);
}

static int tcust_request(struct view *v, enum request req)
{
	struct tcust *c = v->priv;
	switch (req) {
	case REQ_ENTER:
		if (v->nlines && v->lines.v[v->lineno].a > 0)
			tui_open_customer(v->lines.v[v->lineno].a);
		return 1;
	case REQ_NEXT_CHANGE:
	case REQ_PREV_CHANGE:
		if (req == REQ_NEXT_CHANGE ? c->page + PAGE >= c->n : c->page == 0) {
			tui_error(req == REQ_NEXT_CHANGE ? "last page" : "first page");
			return 1;
		}
		c->page = req == REQ_NEXT_CHANGE ? c->page + PAGE : c->page - PAGE;
		v->lineno = v->offset = 0;
		tcust_open(v);
		view_layout(v);
		return 1;
	case REQ_TERMS:
		view_pop();
		return 1;
	default:
		if (view_generic_request(v, req)) {
			snprintf(v->pos, sizeof(v->pos), "%zu/%zu", c->page + v->lineno + 1, c->n);
			return 1;
		}
		return 0;
	}
}

static void tcust_done(struct view *v)
{
	struct tcust *c = v->priv;
	free(c->ids);
	free(c->doc);
	free(c);
}

static const struct view_ops tcust_ops = {
	.name = "bound-customers",
	.kind = VK_TERMS_CUSTOMERS,
	.open = tcust_open,
	.layout = tcust_layout,
	.draw_header = tcust_header,
	.draw_line = lines_draw_line,
	.request = tcust_request,
	.grep = lines_grep,
	.done = tcust_done,
};

struct view *terms_customers_view_new(const char *doc, const char *id, const int64_t *ids, size_t n)
{
	struct tcust *c = xcalloc(1, sizeof(*c));
	c->doc = xstrdup(doc);
	snprintf(c->id, sizeof(c->id), "%s", id);
	c->ids = xcalloc(n ? n : 1, sizeof(*ids));
	memcpy(c->ids, ids, n * sizeof(*ids));
	c->n = n;
	return view_new(&tcust_ops, c);
}
