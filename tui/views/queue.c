/* queue.c - the queue: open tickets, most urgent obligation first (or by
 * priority, age, last update: o), with filters (f), full-text search, and
 * work on the ticket under the cursor or on tagged ones (t tags, ; applies
 * a, s, p or K to them). Columns use the width: at 80 as before; wider,
 * the customer and the kind grow first, then priority, assignee, age and
 * last update appear. A priority-1 ticket carries a '!' after its number
 * (in colour too), a tagged one a '*' there instead. It only ever reads the rows on screen:
 * a page around the cursor through store_ticket_list (limit/offset) and
 * the total through store_ticket_count, so a million tickets open and
 * scroll as fast as sixty. */
#include "tui/views/queue.h"

#include "lib/err.h"
#include "lib/text.h"
#include "lib/util.h"
#include "data/store.h"
#include "core/desk.h"
#include "core/views.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SEARCH_FIRST 100    /* search results read at first... */
#define SEARCH_MAX 10000    /* ...growing fourfold near the end, up to this */
#define SLOW_COUNT_MS 50    /* a count slower than this is not redone... */
#define RECOUNT_EVERY_S 15  /* ...on other agents' changes more often than this */

struct queue {
	/* filters (owned strings) */
	char *status;  /* NULL = open tickets */
	char *kind;
	char *jur;
	int mine, unassigned, overdue;
	/* full-text search: the result ids replace the filtered list */
	char *query;
	int64_t *ids;
	size_t nids;
	size_t search_limit; /* matches read (grows as the cursor nears the end) */
	int search_more;     /* the index may hold more matches than were read */
	int search_order;    /* enum search_order (core/desk.h): o cycles it */
	int64_t total;
	/* the total is counted again only when it may have changed */
	char *count_key;     /* the filter it was counted for */
	unsigned count_gen;  /* tui.generation when counted */
	int64_t count_ms;    /* how long it took */
	int64_t counted_at;  /* monotonic seconds */
	int64_t counted;     /* the count */
	dk_time now;
	/* the cached page: rows [off, off + n) */
	struct ticket *rows;
	size_t nrows;
	size_t off;
	int valid;
	int sort;            /* enum ticket_sort */
	char *view;          /* the saved view applied (config view.NAME), or NULL */
	int64_t *tags;       /* tagged ticket ids */
	size_t ntags, tags_cap;
	/* column widths (0 = hidden) */
	int w_id, w_due, w_status, w_kind, w_jur, w_cust, w_prio, w_asg, w_age, w_upd, w_subj;
};

/* A search shows open tickets unless the status filter asks for all
 * (s: all), as the queue does. */
static int search_open_only(const struct queue *q)
{
	return !(q->status && !strcmp(q->status, "all")) && !(q->status && (!strcmp(q->status, "resolved") ||
									    !strcmp(q->status, "closed")));
}

static int is_tagged(const struct queue *q, int64_t id)
{
	for (size_t i = 0; i < q->ntags; i++)
		if (q->tags[i] == id)
			return 1;
	return 0;
}

static void toggle_tag(struct queue *q, int64_t id)
{
	for (size_t i = 0; i < q->ntags; i++)
		if (q->tags[i] == id) {
			memmove(q->tags + i, q->tags + i + 1, (q->ntags - i - 1) * sizeof(*q->tags));
			q->ntags--;
			return;
		}
	ARRAY_GROW(q->tags, q->tags_cap, q->ntags + 1);
	q->tags[q->ntags++] = id;
}

static void queue_filter(struct queue *q, struct ticket_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->status = q->status;
	f->kind = q->kind;
	f->jurisdiction = q->jur;
	if (q->mine)
		f->assignee = tui.ws->login;
	else if (q->unassigned)
		f->assignee = "";
	f->overdue = q->overdue;
	f->now = q->now;
	f->sort = q->sort;
}

static void cache_drop(struct queue *q)
{
	tickets_free(q->rows, q->nrows);
	q->rows = NULL;
	q->nrows = 0;
	q->off = 0;
	q->valid = 0;
}

/* Make sure rows [first, first + count) are in the cache: read a page of
 * three screens around them. */
static int cache_ensure(struct view *v, size_t first, size_t count)
{
	struct queue *q = v->priv;
	if (first >= v->nlines)
		return 0;
	if (first + count > v->nlines)
		count = v->nlines - first;
	if (q->valid && first >= q->off && first + count <= q->off + q->nrows)
		return 0;
	size_t h = v->height > 0 ? (size_t)v->height : 1;
	size_t start = first > h ? first - h : 0;
	size_t want = count + 2 * h;
	cache_drop(q);
	int rc = 0;
	if (q->query && first + count + h > q->nids && q->search_more && q->search_limit < SEARCH_MAX) {
		/* near the end of what was read: read more results */
		int64_t *ids = NULL;
		size_t n = 0;
		size_t lim = q->search_limit * 4 < SEARCH_MAX ? q->search_limit * 4 : SEARCH_MAX;
		if (desk_search(tui.ws, q->query, q->search_order, search_open_only(q), (int64_t)lim, &ids, &n,
				&q->search_more) == 0) {
			free(q->ids);
			q->ids = ids;
			q->nids = n;
			q->search_limit = lim;
			q->total = (int64_t)n;
			v->nlines = n;
		}
		if (first >= v->nlines)
			return 0;
		if (first + count > v->nlines)
			count = v->nlines - first;
	}
	if (q->query) {
		size_t end = start + want < q->nids ? start + want : q->nids;
		q->rows = xcalloc(end - start + 1, sizeof(*q->rows));
		for (size_t i = start; i < end; i++) {
			struct ticket *t = &q->rows[i - start];
			if (store_ticket_get(tui.ws->store, q->ids[i], t)) {
				memset(t, 0, sizeof(*t));
				t->id = q->ids[i];
				t->next_due_at = DK_TIME_NONE;
			}
		}
		q->nrows = end - start;
		err_clear();
	} else {
		struct ticket_filter f;
		queue_filter(q, &f);
		f.limit = (int64_t)want;
		f.offset = (int64_t)start;
		/* a page in the second half is read from the end (G on a million
		 * tickets must not walk past them all) */
		size_t total = v->nlines;
		if (total && start > total / 2 && start < total) {
			size_t end = start + want < total ? start + want : total;
			f.from_end = 1;
			f.offset = (int64_t)(total - end);
			f.limit = (int64_t)(end - start);
		}
		rc = store_ticket_list(tui.ws->store, &f, &q->rows, &q->nrows);
		/* the total was counted a while ago: the list has the last word */
		if (rc == 0 && q->nrows < want && start + q->nrows < v->nlines) {
			v->nlines = start + q->nrows;
			q->total = q->counted = (int64_t)v->nlines;
			view_move_to(v, v->lineno); /* clamped to the shorter list */
		}
	}
	q->off = start;
	q->valid = rc == 0;
	return rc;
}

static struct ticket *row_at(struct view *v, size_t lineno)
{
	struct queue *q = v->priv;
	if (cache_ensure(v, lineno, 1) || !q->valid)
		return NULL;
	if (lineno < q->off || lineno >= q->off + q->nrows)
		return NULL;
	return &q->rows[lineno - q->off];
}

static void queue_title(struct view *v)
{
	struct queue *q = v->priv;
	struct buf b = BUF_INIT;
	if (q->query) {
		char *safe = text_visible_dup(q->query, 0);
		int more = q->search_more;
		buf_printf(&b, "Search \"%s\": %lld%s %sticket%s, %s", safe, (long long)q->total, more ? "+" : "",
			   search_open_only(q) ? "open " : "", q->total == 1 && !more ? "" : "s",
			   q->search_order == SEARCH_NEWEST ? "newest first"
			   : q->search_order == SEARCH_RELEVANCE ? "by relevance" : "most urgent first");
		free(safe);
	} else {
		if (q->view)
			buf_printf(&b, "[%s] ", q->view);
		buf_printf(&b, "Queue: %lld %s ticket%s", (long long)q->total, q->status ? q->status : "open",
			   q->total == 1 ? "" : "s");
		if (q->mine)
			buf_adds(&b, ", mine");
		if (q->unassigned)
			buf_adds(&b, ", unassigned");
		if (q->overdue)
			buf_adds(&b, ", overdue");
		if (q->kind)
			buf_printf(&b, ", kind %s", q->kind);
		if (q->jur)
			buf_printf(&b, ", %s", q->jur);
		static const char *const order[TICKET_SORT_COUNT] = { "most urgent first", "by priority", "oldest first",
								      "latest update first" };
		buf_printf(&b, ", %s", order[q->sort]);
	}
	if (q->ntags)
		buf_printf(&b, "  [%zu tagged]", q->ntags);
	snprintf(v->title, sizeof(v->title), "%s", buf_str(&b));
	buf_release(&b);
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->nlines ? v->lineno + 1 : 0, v->nlines);
}

static char *filter_key(struct queue *q)
{
	return xasprintf("%s|%s|%s|%d|%d|%d", q->status ? q->status : "", q->kind ? q->kind : "", q->jur ? q->jur : "",
			 q->mine, q->unassigned, q->overdue);
}

static int64_t now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

/* Count the tickets the filter selects, unless the count in hand is still
 * right: same filter, and nothing written since, or (for a slow count on
 * a big workspace) other agents' writes only, recounted every 15 s. */
static int queue_count(struct queue *q)
{
	char *key = filter_key(q);
	int same = q->count_key && !strcmp(q->count_key, key);
	if (same && (q->count_gen == tui.generation ||
		     (tui.generation_remote && q->count_ms > SLOW_COUNT_MS &&
		      now_s() - q->counted_at < RECOUNT_EVERY_S))) {
		free(key);
		q->total = q->counted;
		return 0;
	}
	struct ticket_filter f;
	queue_filter(q, &f);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = store_ticket_count(tui.ws->store, &f, &q->total);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	q->counted = q->total;
	free(q->count_key);
	q->count_key = rc ? NULL : key;
	if (rc)
		free(key);
	q->count_gen = tui.generation;
	q->count_ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	q->counted_at = now_s();
	return rc;
}

static int queue_open(struct view *v)
{
	struct queue *q = v->priv;
	int64_t keep_id = 0;
	if (q->valid && v->lineno >= q->off && v->lineno < q->off + q->nrows)
		keep_id = q->rows[v->lineno - q->off].id;
	cache_drop(q);
	q->now = dk_now();
	int rc;
	if (q->query) {
		free(q->ids);
		q->ids = NULL;
		q->nids = 0;
		size_t lim = q->search_limit ? q->search_limit : SEARCH_FIRST;
		rc = desk_search(tui.ws, q->query, q->search_order, search_open_only(q), (int64_t)lim, &q->ids, &q->nids,
				 &q->search_more);
		q->search_limit = lim;
		q->total = (int64_t)q->nids;
	} else {
		rc = queue_count(q);
	}
	if (rc) {
		q->total = 0;
		v->nlines = 0;
		return rc;
	}
	v->nlines = (size_t)q->total;
	if (v->lineno >= v->nlines)
		v->lineno = v->nlines ? v->nlines - 1 : 0;
	/* keep the cursor on the same ticket when it moved a little */
	if (keep_id && v->nlines) {
		size_t h = v->height > 0 ? (size_t)v->height : 1;
		cache_ensure(v, v->lineno, h);
		for (size_t i = 0; i < q->nrows; i++)
			if (q->rows[i].id == keep_id) {
				v->lineno = q->off + i;
				break;
			}
	}
	queue_title(v);
	return 0;
}

static void queue_layout(struct view *v)
{
	struct queue *q = v->priv;
	int W = v->width;
	/* the id column fits the largest id on the page */
	int64_t maxid = 999;
	cache_ensure(v, v->offset, (size_t)v->height);
	if (q->valid)
		for (size_t i = 0; i < q->nrows; i++)
			if (q->rows[i].id > maxid)
				maxid = q->rows[i].id;
	int idw = 1;
	for (int64_t x = maxid; x; x /= 10)
		idw++;
	q->w_id = idw; /* one more than the digits: the mark, '*' tagged or else '!' priority 1 */
	q->w_due = 11;
	q->w_status = q->status ? 8 : 7; /* open statuses fit in 7 */
	q->w_kind = 13;
	q->w_jur = 5;
	q->w_cust = 12;
	q->w_prio = q->w_asg = q->w_age = q->w_upd = 0;
	/* wider than 80: the customer and the kind grow before the subject,
	 * then priority, assignee, age and last update appear */
	int extra = W - 80;
	if (extra > 0) {
		int g = extra < 8 ? extra : 8;
		q->w_cust += g, extra -= g;
		g = extra < 5 ? extra : 5; /* data-rectification */
		q->w_kind += g, extra -= g;
		int *add[] = { &q->w_prio, &q->w_asg, &q->w_age, &q->w_upd };
		int want[] = { 2, 10, 5, 5 };
		for (size_t i = 0; i < ARRAY_SIZE(add) && extra >= want[i] + 1; i++)
			*add[i] = want[i], extra -= want[i] + 1;
	}
	int *drop[] = { &q->w_cust, &q->w_jur, &q->w_kind, &q->w_status };
	for (size_t i = 0;; i++) {
		int used = 0;
		int cols[] = { q->w_id, q->w_due, q->w_status, q->w_kind, q->w_jur, q->w_cust,
			       q->w_prio, q->w_asg, q->w_age, q->w_upd };
		for (size_t k = 0; k < ARRAY_SIZE(cols); k++)
			if (cols[k])
				used += cols[k] + 1;
		q->w_subj = W - used;
		if (q->w_subj >= 16 || i >= ARRAY_SIZE(drop))
			break;
		*drop[i] = 0;
	}
	if (q->w_subj < 0)
		q->w_subj = 0;
	queue_title(v);
}

static void col(WINDOW *w, const char *s, int width, enum style st)
{
	if (!width)
		return;
	draw_field(w, s, width, st);
	draw_field(w, " ", 1, S_NORMAL);
}

/* the notices line (what changed since the last session), then the
 * column names */
static int queue_header_rows(struct view *v)
{
	(void)v;
	return tui_notices_line() ? 2 : 1;
}

static void queue_header(struct view *v, WINDOW *w)
{
	struct queue *q = v->priv;
	draw_set_extra(A_NORMAL);
	const char *nl = tui_notices_line();
	if (nl) {
		draw_field(w, nl, v->width, S_SOON);
		wmove(w, 2, 0);
	}
	col(w, "#", q->w_id, S_SECTION);
	col(w, "DUE", q->w_due, S_SECTION);
	col(w, "STATUS", q->w_status, S_SECTION);
	col(w, "KIND", q->w_kind, S_SECTION);
	col(w, "JUR", q->w_jur, S_SECTION);
	col(w, "CUSTOMER", q->w_cust, S_SECTION);
	col(w, "P", q->w_prio, S_SECTION);
	col(w, "ASSIGNEE", q->w_asg, S_SECTION);
	col(w, "AGE", q->w_age, S_SECTION);
	col(w, "UPDT", q->w_upd, S_SECTION);
	if (q->w_subj)
		draw_field(w, "SUBJECT", q->w_subj, S_SECTION);
}

static void queue_draw_line(struct view *v, WINDOW *w, size_t lineno, int y, int selected)
{
	struct queue *q = v->priv;
	/* read the whole screen's rows at once */
	cache_ensure(v, v->offset, (size_t)v->height);
	struct ticket *t = row_at(v, lineno);
	if (!t) {
		draw_text(w, "?", v->width, S_DIM);
		return;
	}
	char buf[64], due[32];
	enum style dst;
	int urgent = t->priority == 1;
	snprintf(buf, sizeof(buf), "%lld%s", (long long)t->id, is_tagged(q, t->id) ? "*" : urgent ? "!" : "");
	col(w, buf, q->w_id, urgent ? S_OVERDUE : S_NORMAL);
	/* next_due_at comes from unsettled duties only, also on a resolved
	 * ticket that stays in the queue for one */
	tui_countdown(t->next_due_at, q->now, due, sizeof(due), &dst);
	col(w, due, q->w_due, dst);
	col(w, t->status ? t->status : "?", q->w_status, S_NORMAL);
	col(w, t->kind ? t->kind : "", q->w_kind, S_NORMAL);
	char *jur = text_visible_dup(t->jurisdiction ? t->jurisdiction : "", 0);
	col(w, jur, q->w_jur, S_NORMAL);
	free(jur);
	if (q->w_cust) {
		char *c = text_visible_dup(t->customer_name ? t->customer_name : "", 0);
		col(w, c, q->w_cust, S_NORMAL);
		free(c);
	}
	if (q->w_prio) {
		snprintf(buf, sizeof(buf), "%d", t->priority);
		col(w, buf, q->w_prio, urgent ? S_OVERDUE : S_NORMAL);
	}
	if (q->w_asg) {
		char *a = text_visible_dup(t->assignee ? t->assignee : "-", 0);
		col(w, a, q->w_asg, t->assignee ? S_NORMAL : S_DIM);
		free(a);
	}
	if (q->w_age) {
		dk_duration_short(q->now > t->created_at ? q->now - t->created_at : 0, buf, sizeof(buf));
		col(w, buf, q->w_age, S_NORMAL);
	}
	if (q->w_upd) {
		dk_duration_short(q->now > t->updated_at ? q->now - t->updated_at : 0, buf, sizeof(buf));
		col(w, buf, q->w_upd, S_DIM);
	}
	if (q->w_subj) {
		/* what the queue must say first: needs triage, a suggestion, a
		 * paused clock, a resolved ticket with an open duty */
		char mark[160];
		if (desk_queue_mark(tui.ws, t, q->now, mark, sizeof(mark))) {
			err_clear();
			*mark = '\0';
		}
		char *s = text_visible_dup(t->subject ? t->subject : "(no subject: erased or missing)", 0);
		if (*mark) {
			char *m = xasprintf("[%s] %s", mark, s);
			draw_text(w, m, q->w_subj, S_SOON);
			free(m);
		} else {
			draw_text(w, s, q->w_subj, t->subject ? S_NORMAL : S_DIM);
		}
		free(s);
	}
}

static int queue_grep(struct view *v, size_t lineno, const char *needle)
{
	struct ticket *t = row_at(v, lineno);
	return t && t->subject && strcasestr_ascii(t->subject, needle);
}

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s && *s ? xstrdup(s) : NULL;
}

static int input_filter(const char *prompt, char **slot, int (*valid)(const char *), int upper)
{
	char *s = NULL;
	if (tui_input(prompt, *slot, &s))
		return 0;
	char *p = s;
	while (*p == ' ')
		p++;
	size_t n = strlen(p);
	while (n && p[n - 1] == ' ')
		p[--n] = 0;
	if (upper)
		for (char *c = p; *c; c++)
			*c = (char)toupper((unsigned char)*c);
	if (*p && valid && !valid(p)) {
		char *safe = text_visible_dup(p, 0);
		tui_error("%s: not a valid value", safe);
		free(safe);
		free(s);
		return 0;
	}
	set_str(slot, p);
	free(s);
	return 1;
}

static int status_filter_valid(const char *s)
{
	return !strcmp(s, "open") || !strcmp(s, "all") || ticket_status_valid(s);
}

static void queue_changed(struct view *v)
{
	struct queue *q = v->priv;
	free(q->view); /* a change of filter leaves the saved view */
	q->view = NULL;
	if (q->status && !strcmp(q->status, "open"))
		set_str(&q->status, NULL);
	cache_drop(q);
	v->lineno = 0;
	v->offset = 0;
	int rc = view_reload(v);
	if (rc)
		tui_report(rc);
}

static int queue_request(struct view *v, enum request req);

static const char *req_field(enum request req)
{
	switch (req) {
	case REQ_SET_STATUS: return "status";
	case REQ_SET_PRIORITY: return "priority";
	case REQ_SET_KIND: return "kind";
	case REQ_SET_ASSIGNEE: return "assignee";
	default: return NULL;
	}
}

static void after_change(struct view *v, int rc, const char *okmsg)
{
	if (rc == DK_ECONFLICT) {
		/* the row on screen was stale: show the fresh one, change nothing */
		char msg[400];
		snprintf(msg, sizeof(msg), "%s", err_msg());
		tui_changed(1);
		view_reload(v);
		tui_error("%s: reloaded, nothing was changed; try again", msg);
		return;
	}
	if (rc) {
		tui_report(rc);
		return;
	}
	tui_changed(1);
	int rc2 = view_reload(v);
	if (rc2)
		tui_report(rc2);
	else
		tui_message("%s", okmsg);
	tui_counts_refresh();
}

/* s, p, K, a on the ticket under the cursor (the same core call as
 * `ticket set`, with the version on screen: a stale write is refused) */
static void set_one(struct view *v, const struct ticket *t, enum request req)
{
	const char *field = req_field(req);
	int64_t id = t->id, version = t->version;
	char *cur = xstrdup(!strcmp(field, "kind") ? (t->kind ? t->kind : "") : t->assignee ? t->assignee : "");
	char *value = NULL;
	if (tui_ask_field(field, cur, &value) == 0) {
		char msg[200];
		snprintf(msg, sizeof(msg), "#%lld: %s set to %s", (long long)id, field, *value ? value : "nobody");
		after_change(v, desk_ticket_set(tui.ws, id, field, value, version, dk_now()), msg);
	}
	free(value);
	free(cur);
}

/* ; then a, s, p or K: the change on every tagged ticket, in one
 * transaction (`ticket set ID,ID,... FIELD VALUE`); the tags are cleared
 * when it is done */
static void apply_tagged(struct view *v)
{
	struct queue *q = v->priv;
	if (!q->ntags) {
		tui_error("no tagged tickets: t tags the ticket under the cursor");
		return;
	}
	char question[160];
	snprintf(question, sizeof(question), "%zu tagged: a assign, s status, p priority, K kind, t untag all (Esc cancels)",
		 q->ntags);
	int k = tui_ask(question, "aspKt");
	if (!k)
		return;
	if (k == 't') {
		q->ntags = 0;
		queue_title(v);
		tui_message("tags cleared");
		return;
	}
	enum request req = keys_lookup(VK_QUEUE, k);
	const char *field = req_field(req);
	char *value = NULL;
	if (!field || tui_ask_field(field, NULL, &value))
		return;
	char msg[200];
	snprintf(msg, sizeof(msg), "%zu tickets: %s set to %s (tags cleared)", q->ntags, field, *value ? value : "nobody");
	int rc = desk_tickets_set(tui.ws, q->tags, q->ntags, field, value, dk_now());
	if (!rc)
		q->ntags = 0;
	after_change(v, rc, msg);
	free(value);
}

/* u: the most urgent open ticket nobody has, opened (a takes it) */
static void next_unassigned(void)
{
	struct ticket_filter f = { .assignee = "", .limit = 1, .now = dk_now() };
	struct ticket *ts = NULL;
	size_t n = 0;
	int rc = store_ticket_list(tui.ws->store, &f, &ts, &n);
	if (rc) {
		tui_report(rc);
		return;
	}
	if (!n) {
		tui_message("no unassigned open ticket");
		return;
	}
	int64_t id = ts[0].id;
	tickets_free(ts, n);
	if (tui_open_ticket(id) == 0)
		tui_message("#%lld: the most urgent unassigned ticket; a assigns it (to you: Enter)", (long long)id);
}

/* f: one filter menu (the keys inside it are answers, not bindings) */
static void filter_menu(struct view *v)
{
	struct queue *q = v->priv;
	int k = tui_ask("filter: o overdue, u unassigned, m mine, k kind, j jurisdiction, s status, c clear (Esc cancels)",
			"oumkjsc");
	switch (k) {
	case 'o':
		q->overdue = !q->overdue;
		queue_changed(v);
		break;
	case 'u':
		q->unassigned = !q->unassigned;
		q->mine = 0;
		queue_changed(v);
		break;
	case 'm':
		q->mine = !q->mine;
		q->unassigned = 0;
		queue_changed(v);
		break;
	case 'k':
		if (input_filter("kind (empty: any): ", &q->kind, ticket_kind_valid, 0))
			queue_changed(v);
		break;
	case 'j':
		if (input_filter("jurisdiction (e.g. DE, US-CA; empty: any): ", &q->jur, NULL, 1))
			queue_changed(v);
		break;
	case 's':
		if (input_filter("status (open, all, new, pending, on-hold, resolved, closed): ", &q->status,
				 status_filter_valid, 0))
			queue_changed(v);
		break;
	case 'c':
		queue_request(v, REQ_FILTER_CLEAR);
		break;
	default:
		break;
	}
}

static int queue_request(struct view *v, enum request req)
{
	struct queue *q = v->priv;
	struct ticket *t = v->nlines ? row_at(v, v->lineno) : NULL;
	switch (req) {
	case REQ_ENTER:
		if (t) {
			/* the words found are marked in the ticket it opens */
			tui_highlight_set(q->query);
			tui_open_ticket(t->id);
		}
		return 1;
	case REQ_TIMELINE:
		if (t)
			tui_open_timeline(t->id);
		return 1;
	case REQ_CUSTOMER:
		if (t)
			tui_open_customer(t->customer_id);
		return 1;
	case REQ_FILTER_MINE:
		q->mine = !q->mine;
		q->unassigned = 0;
		queue_changed(v);
		tui_message(q->mine ? "my tickets (m again: everyone's)" : "everyone's tickets");
		return 1;
	case REQ_NEXT_UNASSIGNED:
		next_unassigned();
		return 1;
	case REQ_FILTER:
		filter_menu(v);
		return 1;
	case REQ_FILTER_CLEAR:
		set_str(&q->status, NULL);
		set_str(&q->kind, NULL);
		set_str(&q->jur, NULL);
		set_str(&q->query, NULL);
		tui_highlight_set(NULL);
		q->mine = q->unassigned = q->overdue = 0;
		queue_changed(v);
		tui_message("filters and search cleared");
		return 1;
	case REQ_SORT:
		if (q->query) {
			/* a search orders its matches: newest, relevance, urgency */
			q->search_order = (q->search_order + 1) % SEARCH_ORDER_COUNT;
			q->search_limit = 0;
			queue_changed(v);
			tui_message("matches %s (o: next order)", q->search_order == SEARCH_NEWEST ? "newest first"
								   : q->search_order == SEARCH_RELEVANCE ? "by relevance"
													       : "most urgent first");
			return 1;
		}
		q->sort = (q->sort + 1) % TICKET_SORT_COUNT;
		queue_changed(v);
		tui_message("sorted by %s (o: next order)", ticket_sort_name(q->sort));
		return 1;
	case REQ_TAG:
		if (!t)
			return 1;
		toggle_tag(q, t->id);
		if (v->lineno + 1 < v->nlines)
			view_move_to(v, v->lineno + 1);
		queue_title(v);
		tui_message("%zu tagged: ; then a, s, p or K changes them all", q->ntags);
		return 1;
	case REQ_APPLY_TAGGED:
		apply_tagged(v);
		return 1;
	case REQ_SET_STATUS:
	case REQ_SET_PRIORITY:
	case REQ_SET_KIND:
	case REQ_SET_ASSIGNEE:
		if (t)
			set_one(v, t, req);
		return 1;
	case REQ_SEARCH: {
		char *s = NULL;
		if (tui_input("search tickets: ", NULL, &s) == 0) {
			queue_search(s);
			free(s);
		}
		return 1;
	}
	case REQ_FIND_NEXT:
	case REQ_FIND_PREV:
		if (!q->query) {
			tui_error("no search: press / to search the tickets");
			return 1;
		}
		if (!v->nlines)
			return 1;
		{
			/* the counter follows: "match K of N" and the corner */
			const char *wrapped = NULL;
			if (req == REQ_FIND_NEXT && v->lineno + 1 >= v->nlines)
				wrapped = " (search wrapped)", view_move_to(v, 0);
			else if (req == REQ_FIND_PREV && v->lineno == 0)
				wrapped = " (search wrapped)", view_move_to(v, v->nlines - 1);
			else
				view_move_to(v, req == REQ_FIND_NEXT ? v->lineno + 1 : v->lineno - 1);
			queue_title(v);
			tui_message("match %zu of %lld%s%s", v->lineno + 1, (long long)q->total, q->search_more ? "+" : "",
				    wrapped ? wrapped : "");
		}
		return 1;
	case REQ_BACK:
		if (q->query) {
			set_str(&q->query, NULL);
			tui_highlight_set(NULL);
			queue_changed(v);
			tui_message("search closed");
			return 1;
		}
		return 0;
	default:
		if (view_generic_request(v, req)) {
			queue_title(v);
			return 1;
		}
		return 0;
	}
}

static void queue_done(struct view *v)
{
	struct queue *q = v->priv;
	cache_drop(q);
	free(q->status);
	free(q->kind);
	free(q->jur);
	free(q->query);
	free(q->ids);
	free(q->count_key);
	free(q->tags);
	free(q->view);
	free(q);
}

static int64_t queue_neighbour(struct view *v, int64_t id, int dir)
{
	/* the ticket under the cursor, or else one in the rows read */
	struct ticket *t = v->nlines ? row_at(v, v->lineno) : NULL;
	if (!t || t->id != id) {
		struct queue *q = v->priv;
		size_t i;
		for (i = 0; i < q->nrows && q->rows[i].id != id; i++)
			;
		if (i == q->nrows)
			return 0;
		view_move_to(v, q->off + i);
	}
	if (dir > 0 ? v->lineno + 1 >= v->nlines : v->lineno == 0)
		return 0;
	size_t to = dir > 0 ? v->lineno + 1 : v->lineno - 1;
	t = row_at(v, to);
	if (!t)
		return 0;
	view_move_to(v, to);
	queue_title(v);
	return t->id;
}

static const struct view_ops queue_ops = {
	.name = "queue",
	.kind = VK_QUEUE,
	.open = queue_open,
	.layout = queue_layout,
	.draw_header = queue_header,
	.header_rows = queue_header_rows,
	.draw_line = queue_draw_line,
	.request = queue_request,
	.grep = queue_grep,
	.neighbour = queue_neighbour,
	.done = queue_done,
};

struct view *queue_view_new(void)
{
	struct queue *q = xcalloc(1, sizeof(*q));
	return view_new(&queue_ops, q);
}

static struct view *the_queue(void)
{
	tui_pop_to_queue();
	struct view *v = view_top();
	return v && v->ops == &queue_ops ? v : NULL;
}

int queue_apply_filter(const char *arg)
{
	struct view *v = the_queue();
	if (!v)
		return DK_ERR;
	struct queue *q = v->priv;
	char *dup = xstrdup(arg ? arg : "");
	char *save = NULL;
	int bad = 0;
	if (!*dup) {
		tui_error(":filter overdue|mine|unassigned|kind K|jurisdiction J|status S|clear");
		free(dup);
		return DK_EINVAL;
	}
	for (char *w = strtok_r(dup, " ", &save); w && !bad; w = strtok_r(NULL, " ", &save)) {
		if (!strcmp(w, "overdue"))
			q->overdue = 1;
		else if (!strcmp(w, "mine"))
			q->mine = 1, q->unassigned = 0;
		else if (!strcmp(w, "unassigned"))
			q->unassigned = 1, q->mine = 0;
		else if (!strcmp(w, "clear") || !strcmp(w, "none")) {
			set_str(&q->status, NULL);
			set_str(&q->kind, NULL);
			set_str(&q->jur, NULL);
			set_str(&q->query, NULL);
			q->mine = q->unassigned = q->overdue = 0;
			q->sort = TICKET_SORT_URGENCY;
		} else if (!strcmp(w, "sort")) {
			char *val = strtok_r(NULL, " ", &save);
			int so = -1;
			for (int i = 0; val && i < TICKET_SORT_COUNT; i++)
				if (!strcmp(val, ticket_sort_name(i)))
					so = i;
			if (so < 0)
				tui_error(":filter sort: urgency, priority, age or updated"), bad = 1;
			else
				q->sort = so;
		} else if (!strcmp(w, "kind") || !strcmp(w, "jurisdiction") || !strcmp(w, "jur") ||
			   !strcmp(w, "status")) {
			char *val = strtok_r(NULL, " ", &save);
			if (!val) {
				tui_error(":filter %s: needs a value", w);
				bad = 1;
			} else if (w[0] == 'k') {
				if (!ticket_kind_valid(val))
					tui_error(":filter kind %s: unknown kind", val), bad = 1;
				else
					set_str(&q->kind, val);
			} else if (w[0] == 'j') {
				for (char *c = val; *c; c++)
					*c = (char)toupper((unsigned char)*c);
				set_str(&q->jur, val);
			} else {
				if (!status_filter_valid(val))
					tui_error(":filter status %s: unknown status", val), bad = 1;
				else
					set_str(&q->status, val);
			}
		} else {
			char *safe = text_visible_dup(w, 0);
			tui_error(":filter %s: unknown filter (overdue, mine, unassigned, kind K, jurisdiction J, "
				  "status S, sort BY, clear)",
				  safe);
			free(safe);
			bad = 1;
		}
	}
	free(dup);
	set_str(&q->query, NULL);
	queue_changed(v);
	return bad ? DK_EINVAL : 0;
}

int queue_search(const char *query)
{
	struct view *v = the_queue();
	if (!v)
		return DK_ERR;
	struct queue *q = v->priv;
	while (query && *query == ' ')
		query++;
	set_str(&q->query, query);
	q->search_limit = 0;
	queue_changed(v);
	if (q->query)
		tui_message("%lld ticket%s match; n/N next/previous, q closes the search", (long long)q->total,
			    q->total == 1 ? "" : "s");
	return 0;
}

int queue_apply_view(const char *name)
{
	struct workspace *ws = tui.ws;
	const char *pick = name && *name ? name : NULL;
	char **names = xcalloc(ws->ncfg + 1, sizeof(*names));
	size_t n = 0;
	for (size_t i = 0; i < ws->ncfg; i++)
		if (!strncmp(ws->cfg_keys[i], "view.", 5) && ws->cfg_keys[i][5])
			names[n++] = xasprintf("%-16s %s", ws->cfg_keys[i] + 5, ws->cfg_vals[i]);
	int rc = 0;
	char *chosen = NULL;
	if (!pick) {
		if (!n) {
			tui_error(":view: no saved views (an admin adds one: docket config set view.NAME 'mine overdue')");
			rc = DK_ENOTFOUND;
		} else {
			int k = tui_choose("Saved views (config view.NAME)", (const char *const *)names, n, 0);
			if (k >= 0) {
				chosen = xstrdup(names[k]);
				*strchr(chosen, ' ') = 0;
				pick = chosen;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (!pick)
		return rc;
	/* the same words and checks as `ticket list --view NAME` (core/views.h) */
	struct saved_view sv;
	rc = saved_view_get(ws, pick, &sv);
	if (rc) {
		tui_report(rc);
		free(chosen);
		return rc;
	}
	struct view *v = the_queue();
	if (v) {
		struct queue *q = v->priv;
		set_str(&q->status, sv.status);
		set_str(&q->kind, sv.kind);
		set_str(&q->jur, sv.jurisdiction);
		set_str(&q->query, NULL);
		q->mine = sv.mine;
		q->unassigned = sv.unassigned;
		q->overdue = sv.overdue;
		q->sort = sv.sort;
		queue_changed(v);
		q->view = xstrdup(pick);
		queue_title(v);
		char *key = xasprintf("view.%s", pick);
		tui_message("view %s: %s", pick, ws_config(ws, key, ""));
		free(key);
	}
	saved_view_clear(&sv);
	free(chosen);
	return rc;
}
