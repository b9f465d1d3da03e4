/* timeline.c - the complaint timeline: a horizontal bar from receipt to
 * the final due date with today marked and every duty on it (met, missed,
 * pending), then the events and deadlines as a vertical list with the
 * day since receipt. Data from timeline_build (core/timeline.h). */
#include "tui/views/timeline.h"

#include "lib/err.h"
#include "lib/text.h"
#include "core/timeline.h"
#include "lib/util.h"
#include "data/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct tlview {
	int64_t id;
	struct timeline t;
	int loaded;
	size_t bar_line;      /* index of the bar in the lines */
	char **cells;         /* the bar: one UTF-8 character per column */
	enum style *styles;
	int ncells;
};

static void free_cells(struct tlview *t)
{
	for (int i = 0; i < t->ncells; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->styles);
	t->cells = NULL;
	t->styles = NULL;
	t->ncells = 0;
}

static int tl_open(struct view *v)
{
	struct tlview *t = v->priv;
	struct timeline fresh;
	int rc = timeline_build(tui.ws, t->id, dk_now(), &fresh);
	if (rc)
		return rc;
	if (t->loaded)
		timeline_clear(&t->t);
	t->t = fresh;
	t->loaded = 1;
	snprintf(v->title, sizeof(v->title), "Timeline of ticket #%lld", (long long)t->id);
	return 0;
}

static enum style state_style(enum timeline_state s)
{
	switch (s) {
	case TL_MET: return S_OK;
	case TL_MISSED:
	case TL_OVERDUE: return S_OVERDUE;
	case TL_PENDING: return S_SOON;
	case TL_WAIVED: return S_DIM;
	default: return S_NORMAL;
	}
}

static const char *state_mark(enum timeline_state s)
{
	int u = tui.utf8;
	switch (s) {
	case TL_MET: return u ? "✓" : "+";
	case TL_MISSED: return u ? "✗" : "x";
	case TL_OVERDUE: return "!";
	case TL_PENDING: return u ? "○" : "o";
	case TL_WAIVED: return u ? "·" : ".";
	default: return u ? "•" : "*";
	}
}

static void set_cell(struct tlview *t, int col, const char *s, enum style st)
{
	if (col < 0 || col >= t->ncells)
		return;
	free(t->cells[col]);
	t->cells[col] = xstrdup(s);
	t->styles[col] = st;
}

static void tl_layout(struct view *v)
{
	struct tlview *t = v->priv;
	struct timeline *tl = &t->t;
	struct lines *L = &v->lines;
	int W = v->width;
	lines_clear(L);
	free_cells(t);

	dk_time start = tl->received, end = tl->final_due;
	if (end == DK_TIME_NONE || end < tl->now)
		end = tl->now;
	for (size_t i = 0; i < tl->n; i++)
		if (tl->items[i].at > end)
			end = tl->items[i].at;
	if (end <= start)
		end = start + 1;
	char d0[32], d1[32], dn[32];
	tui_fmt_time(start, "%Y-%m-%d", d0, sizeof(d0));
	tui_fmt_time(tl->final_due, "%Y-%m-%d", d1, sizeof(d1));
	tui_fmt_time(tl->now, "%Y-%m-%d", dn, sizeof(dn));

	/* labels above the bar */
	{
		char left[64], right[64];
		snprintf(left, sizeof(left), "received %s", d0);
		snprintf(right, sizeof(right), tl->final_due != DK_TIME_NONE ? "final due %s" : "no final deadline%s",
			 tl->final_due != DK_TIME_NONE ? d1 : "");
		int gap = W - 1 - (int)strlen(left) - (int)strlen(right);
		if (gap >= 1)
			lines_add(L, S_NORMAL, L_TEXT, "%s%*s%s", left, gap, "", right);
		else {
			lines_add(L, S_NORMAL, L_TEXT, "%s", left);
			lines_add(L, S_NORMAL, L_TEXT, "%s", right);
		}
	}
	/* the bar */
	int bw = W - 1;
	if (bw < 4)
		bw = 4;
	t->ncells = bw;
	t->cells = xcalloc((size_t)bw, sizeof(*t->cells));
	t->styles = xcalloc((size_t)bw, sizeof(*t->styles));
#define POS(at) ((int)(((double)((at) - start) * (bw - 1)) / (double)(end - start)))
	int today = POS(tl->now);
	for (int i = 0; i < bw; i++) {
		t->cells[i] = xstrdup(i <= today ? (tui.utf8 ? "━" : "=") : (tui.utf8 ? "─" : "-"));
		t->styles[i] = i <= today ? S_NORMAL : S_DIM;
	}
	for (size_t i = 0; i < tl->n; i++) {
		const struct timeline_item *it = &tl->items[i];
		if (it->kind == TL_EVENT)
			set_cell(t, POS(it->at), tui.utf8 ? "•" : "*", S_NORMAL);
	}
	for (size_t i = 0; i < tl->n; i++) {
		const struct timeline_item *it = &tl->items[i];
		if (it->kind == TL_DUE)
			set_cell(t, POS(it->at), state_mark(it->state), state_style(it->state));
	}
	t->bar_line = L->n;
	lines_add(L, S_NORMAL, L_TEXT, "%s", ""); /* drawn from the cells */
	{
		char mark[64];
		snprintf(mark, sizeof(mark), "%s today %s", tui.utf8 ? "▲" : "^", dn);
		int mw = text_width(mark);
		int col = today;
		if (col + mw > W - 1) {
			snprintf(mark, sizeof(mark), "today %s %s", dn, tui.utf8 ? "▲" : "^");
			col = today - mw + 1;
		}
		if (col < 0)
			col = 0;
		lines_add(L, S_KEY, L_TEXT, "%*s%s", col, "", mark);
	}
	lines_add(L, S_DIM, L_TEXT, "%s met  %s missed  %s pending  ! overdue  %s event", state_mark(TL_MET),
		  state_mark(TL_MISSED), state_mark(TL_PENDING), state_mark(TL_NONE));
#undef POS

	/* the vertical list */
	lines_add(L, S_SECTION, L_SECTION, "Events and deadlines");
	if (!tl->n)
		lines_add(L, S_DIM, L_TEXT, "  nothing recorded yet");
	int today_shown = 0;
	for (size_t i = 0; i < tl->n; i++) {
		const struct timeline_item *it = &tl->items[i];
		if (!today_shown && it->at > tl->now) {
			lines_add(L, S_KEY, L_TEXT, "%s today (%s) %s", tui.utf8 ? "──" : "--", dn, tui.utf8 ? "──" : "--");
			today_shown = 1;
		}
		char d[32];
		tui_fmt_time(it->at, "%Y-%m-%d", d, sizeof(d));
		char *label = text_visible_dup(it->label ? it->label : (it->type ? it->type : ""), 0);
		if (it->kind == TL_DUE) {
			char met[48] = "";
			if (it->met_at != DK_TIME_NONE) {
				char md[32];
				tui_fmt_time(it->met_at, "%Y-%m-%d", md, sizeof(md));
				snprintf(met, sizeof(met), " %s", md);
			}
			lines_add(L, state_style(it->state), L_TEXT, "day %3d  %s  %s %s%s  %s", it->day, d,
				  state_mark(it->state), timeline_state_name(it->state), met, label);
		} else {
			lines_add(L, S_NORMAL, L_TEXT, "day %3d  %s  %s %s", it->day, d, state_mark(TL_NONE), label);
		}
		free(label);
	}
	if (!today_shown && tl->n)
		lines_add(L, S_KEY, L_TEXT, "%s today (%s) %s", tui.utf8 ? "──" : "--", dn, tui.utf8 ? "──" : "--");
	v->nlines = L->n;
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
}

static void tl_draw_line(struct view *v, WINDOW *w, size_t lineno, int y, int selected)
{
	struct tlview *t = v->priv;
	if (lineno != t->bar_line || !t->cells) {
		lines_draw_line(v, w, lineno, y, selected);
		return;
	}
	int col = 0;
	for (int i = 0; i < t->ncells && col < v->width; i++)
		col += draw_text(w, t->cells[i], v->width - col, t->styles[i]);
}

static int tl_request(struct view *v, enum request req)
{
	struct tlview *t = v->priv;
	if (req == REQ_CUSTOMER) {
		struct ticket tk;
		if (store_ticket_get(tui.ws->store, t->id, &tk) == 0) {
			int64_t cid = tk.customer_id;
			ticket_clear(&tk);
			tui_open_customer(cid);
		} else {
			tui_report(DK_ERR);
		}
		return 1;
	}
	return view_lines_request(v, req);
}

static int64_t tl_ticket(struct view *v)
{
	return ((struct tlview *)v->priv)->id;
}

static void tl_done(struct view *v)
{
	struct tlview *t = v->priv;
	if (t->loaded)
		timeline_clear(&t->t);
	free_cells(t);
	free(t);
}

static const struct view_ops timeline_ops = {
	.name = "timeline",
	.kind = VK_TIMELINE,
	.open = tl_open,
	.layout = tl_layout,
	.draw_line = tl_draw_line,
	.request = tl_request,
	.grep = lines_grep,
	.ticket = tl_ticket,
	.done = tl_done,
};

struct view *timeline_view_new(int64_t id)
{
	struct tlview *t = xcalloc(1, sizeof(*t));
	t->id = id;
	return view_new(&timeline_ops, t);
}
