/* terms_diff.c - the diff of two revisions of a legal document: a clause
 * summary on top, then the changes in one of three modes (v):
 * unified, word (redline: deleted words in a red reverse block, added
 * words green bold; attributes alone without colour), side by side; the
 * mode chosen stays for the next diff. ] and [ jump between changes. The data are terms/diff.h's, the same calls as
 * `docket terms diff`, so the screen shows exactly the changes the CLI
 * reports. */
#include "tui/views/terms_diff.h"

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/text.h"
#include "lib/util.h"
#include "core/workspace.h"
#include "terms/diff.h"
#include "terms/legal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum dmode { MODE_UNIFIED = 0, MODE_WORD, MODE_SBS, MODE_COUNT };
static const char *const mode_names[] = { "unified", "word", "side by side" };
/* The mode of the last diff shown: the next one opens in it. Unified at
 * first, the cheapest to open (a 200 KB document's word diff costs more
 * than the line diff it is built on). */
static enum dmode last_mode = MODE_UNIFIED;

/* One display row: text, and runs of other styles inside it. */
struct run {
	uint32_t off, len;
	enum style style;
};
#define ROW_CHANGE 1 /* first row of a change */
struct row {
	char *text;
	enum style style; /* outside the runs */
	struct run *runs;
	uint32_t nruns;
	uint32_t flags;
};

struct tdiff {
	char *doc, *path;
	char old_id[LEGAL_ID_LEN + 1], new_id[LEGAL_ID_LEN + 1];
	struct diff *d;
	struct word_diff *w;
	struct clause_list *cl;
	char **labels;    /* the clause of each hunk (terms/diff.h diff_hunk_clauses) */
	size_t nlabels;
	enum dmode mode;
	struct row *rows;
	size_t nrows, cap;
	size_t nhead;     /* rows of the clause summary */
	size_t nchanges;
	int loaded;
	size_t want_change; /* after a re-layout: put the cursor on this change (1-based), 0 none */
};

/* ---- rows */

/* n bytes of s made visible (tabs as spaces); printable ASCII, by far the
 * most text of a legal document, is copied as is. */
static char *vis_dup(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f)
		i++;
	if (i == n)
		return xstrndup(s, n);
	char *raw = xstrndup(s, n);
	char *vis = text_visible_dup(raw, 1);
	free(raw);
	return vis;
}

static struct row *row_add(struct tdiff *t, char *text, enum style st, uint32_t flags)
{
	ARRAY_GROW(t->rows, t->cap, t->nrows + 1);
	struct row *r = &t->rows[t->nrows++];
	memset(r, 0, sizeof(*r));
	r->text = text;
	r->style = st;
	r->flags = flags;
	return r;
}

static void rows_clear(struct tdiff *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		free(t->rows[i].text);
		free(t->rows[i].runs);
	}
	free(t->rows);
	t->rows = NULL;
	t->nrows = t->cap = 0;
	t->nhead = t->nchanges = 0;
}

struct wrapctx {
	struct tdiff *t;
	enum style st;
	const char *mark; /* prefix of each row ("+", "-", " ") or NULL */
	uint32_t flags;   /* for the first row only */
};

static void wrap_row(const char *p, size_t n, void *ctx)
{
	struct wrapctx *c = ctx;
	char *text = xasprintf("%s%.*s", c->mark ? c->mark : "", (int)n, p);
	row_add(c->t, text, c->st, c->flags);
	c->flags = 0;
}

/* Wrap a logical line into rows of width columns. */
static void emit(struct tdiff *t, const char *text, enum style st, const char *mark, uint32_t flags, int width)
{
	int cols = width - (mark ? text_width(mark) : 0);
	struct wrapctx c = { t, st, mark, flags };
	text_wrap(text, cols > 4 ? cols : 4, wrap_row, &c);
}

/* A hunk header names its clause (the nearest heading above its first
 * change) instead of git's function context. */
static void add_hunk(struct tdiff *t, const char *s, size_t n, size_t idx, int width)
{
	char *raw = diff_hunk_header_with(s, n, idx < t->nlabels ? t->labels[idx] : NULL);
	char *vis = text_visible_dup(raw, 0);
	free(raw);
	vis[text_fit(vis, width)] = 0;
	row_add(t, vis, S_DIM, 0);
}

static enum style span_style(enum word_kind k)
{
	return k == WORD_DEL ? S_WORD_DEL : k == WORD_ADD ? S_WORD_ADD : S_DIM;
}

/* ---- the three modes */

/* Word mode: each removed or added part between its signs ([-old-],
 * {+new+}) as well as in its attribute, so that the two read apart with
 * NO_COLOR or on a vt100; a row of a change that wraps or goes on to the
 * next line opens its sign again, continuation rows are indented. */
static void layout_word(struct tdiff *t, int width)
{
	struct word_lines *L;
	if (word_diff_lines(t->w, &L)) {
		tui_report(DK_ERR);
		return;
	}
	int prev_changed = 0;
	size_t hunk = 0;
	for (size_t i = 0; i < L->n; i++) {
		const struct word_line *l = &L->l[i];
		if (l->kind == WORD_HUNK) {
			add_hunk(t, l->text, l->len, hunk++, width);
			prev_changed = 0;
			continue;
		}
		struct mark_rows m = { 0 };
		diff_mark_line(l->text, l->len, l->spans, l->nspans, width, 2, 1, &m);
		int start = l->changed && !prev_changed;
		t->nchanges += start;
		prev_changed = l->changed;
		for (size_t k = 0; k < m.n; k++) {
			const struct mark_row *mr = &m.r[k];
			struct row *r = row_add(t, xstrndup(mr->text, mr->len), S_NORMAL, !k && start ? ROW_CHANGE : 0);
			if (mr->nspans) {
				r->runs = xcalloc(mr->nspans, sizeof(*r->runs));
				for (size_t j = 0; j < mr->nspans; j++)
					r->runs[r->nruns++] = (struct run){ (uint32_t)mr->spans[j].off,
									   (uint32_t)mr->spans[j].len,
									   span_style(mr->spans[j].kind) };
			}
		}
		mark_rows_free(&m);
	}
	word_lines_free(L);
}

static void layout_unified(struct tdiff *t, int width)
{
	int prev_changed = 0;
	size_t hunk = 0;
	for (size_t i = 0; i < t->d->n; i++) {
		const struct diff_line *dl = &t->d->lines[i];
		if (dl->kind == DIFF_HUNK) {
			add_hunk(t, dl->text, dl->len, hunk++, width);
			prev_changed = 0;
			continue;
		}
		int changed = dl->kind != DIFF_CTX;
		int start = changed && !prev_changed;
		t->nchanges += start;
		prev_changed = changed;
		char *vis = vis_dup(dl->text, dl->len);
		emit(t, vis, dl->kind == DIFF_DEL ? S_DIFF_DEL : dl->kind == DIFF_ADD ? S_DIFF_ADD : S_NORMAL,
		     dl->kind == DIFF_DEL ? "-" : dl->kind == DIFF_ADD ? "+" : " ", start ? ROW_CHANGE : 0, width);
		free(vis);
		if (dl->noeol)
			row_add(t, xstrdup("\\ No newline at end of file"), S_DIM, 0);
	}
}

/* Side by side (terms/diff.h diff_side_by_side, the rows `terms diff
 * --side-by-side` prints): the columns of a changed pair in the line
 * styles, its changed words and signs in the word styles. */
static void layout_sbs(struct tdiff *t, int width)
{
	struct sbs_rows *s;
	if (!t->w && diff_words_from(t->d, &t->w)) { /* kept for the next layout */
		tui_report(DK_ERR);
		return;
	}
	if (diff_side_by_side_words(t->d, t->w, width < 20 ? 20 : width, &s)) {
		tui_report(DK_ERR);
		return;
	}
	int prev_changed = 0;
	enum style *st = NULL;
	size_t stcap = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct sbs_row *sr = &s->r[i];
		if (!sr->mark) {
			add_hunk(t, sr->text, sr->len, sr->hunk, width);
			prev_changed = 0;
			continue;
		}
		int changed = sr->mark != ' ';
		int start = sr->first && changed && !prev_changed;
		if (sr->first)
			prev_changed = changed;
		t->nchanges += start;
		struct row *r = row_add(t, xstrndup(sr->text, sr->len), S_NORMAL, start ? ROW_CHANGE : 0);
		if (!changed && !sr->nspans)
			continue;
		/* a style per byte, then runs */
		ARRAY_GROW(st, stcap, sr->len + 1);
		for (size_t k = 0; k < sr->len; k++) {
			if (k < sr->split)
				st[k] = strchr("|<", sr->mark) ? S_DIFF_DEL : S_NORMAL;
			else if (k == sr->split + 1)
				st[k] = S_KEY;
			else if (k >= sr->split + 3)
				st[k] = strchr("|>", sr->mark) ? S_DIFF_ADD : S_NORMAL;
			else
				st[k] = S_NORMAL;
		}
		for (size_t j = 0; j < sr->nspans; j++)
			for (size_t k = sr->spans[j].off; k < sr->spans[j].off + sr->spans[j].len && k < sr->len; k++)
				st[k] = span_style(sr->spans[j].kind);
		size_t cap = 0;
		for (size_t k = 0; k < sr->len;) {
			size_t e = k;
			while (e < sr->len && st[e] == st[k])
				e++;
			if (st[k] != S_NORMAL) {
				ARRAY_GROW(r->runs, cap, r->nruns + 1);
				r->runs[r->nruns++] = (struct run){ (uint32_t)k, (uint32_t)(e - k), st[k] };
			}
			k = e;
		}
	}
	free(st);
	sbs_rows_free(s);
}

/* ---- the view */

static int tdiff_open(struct view *v)
{
	struct tdiff *t = v->priv;
	if (t->loaded)
		return 0; /* revisions do not change: nothing to reload */
	struct legal_repo *r;
	int rc;
	struct legal_text a = { 0 }, b = { 0 };
	free(t->path);
	t->path = NULL;
	if (!(rc = ws_legal(tui.ws, &r)) && !(rc = legal_doc_path(t->doc, &t->path)) &&
	    !(rc = legal_text_read(r, t->old_id, t->path, &a)) && !(rc = legal_text_read(r, t->new_id, t->path, &b)) &&
	    !(rc = diff_lines_texts(&a, &b, 3, &t->d)) && !(rc = diff_clauses(a.data, a.len, b.data, b.len, &t->cl)) &&
	    !(rc = diff_hunk_clauses(t->d, a.data, a.len, b.data, b.len, &t->labels, &t->nlabels)))
		t->loaded = 1;
	if (rc) { /* nothing half-loaded is kept for the next try */
		diff_free(t->d);
		clause_list_free(t->cl);
		t->d = NULL;
		t->cl = NULL;
	}
	legal_text_free(&a);
	legal_text_free(&b);
	return rc;
}

static void set_pos(struct view *v)
{
	struct tdiff *t = v->priv;
	size_t k = 0;
	for (size_t i = 0; i <= v->lineno && i < t->nrows; i++)
		k += (t->rows[i].flags & ROW_CHANGE) != 0;
	if (t->nchanges)
		snprintf(v->pos, sizeof(v->pos), "change %zu/%zu  %zu/%zu", k, t->nchanges, v->lineno + 1, v->nlines);
	else
		snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
}

static void tdiff_layout(struct view *v)
{
	struct tdiff *t = v->priv;
	int W = v->width;
	/* keep the cursor on the same change across re-layouts */
	size_t cur_change = t->want_change;
	if (!cur_change && t->nrows)
		for (size_t i = 0; i <= v->lineno && i < t->nrows; i++)
			cur_change += (t->rows[i].flags & ROW_CHANGE) != 0;
	int had_rows = t->nrows > 0;
	rows_clear(t);
	if (t->mode == MODE_WORD && !t->w) {
		if (diff_words_from(t->d, &t->w)) {
			tui_report(DK_ERR);
			t->mode = MODE_UNIFIED;
		}
	}

	/* clause summary */
	struct buf b = BUF_INIT;
	buf_printf(&b, "Clauses: %zu touched", t->cl->n);
	row_add(t, buf_detach(&b), S_SECTION, 0);
	for (size_t i = 0; i < t->cl->n; i++) {
		struct clause_list one = { &t->cl->items[i], 1 };
		struct buf cb = BUF_INIT;
		diff_format_clauses(&one, &cb);
		if (cb.len && cb.data[cb.len - 1] == '\n')
			buf_truncate(&cb, cb.len - 1);
		char *vis = text_visible_dup(buf_str(&cb), 0);
		buf_release(&cb);
		enum clause_change c = t->cl->items[i].change;
		char *line = xasprintf("  %s", vis);
		free(vis);
		row_add(t, line, c == CLAUSE_ADDED ? S_DIFF_ADD : c == CLAUSE_REMOVED ? S_DIFF_DEL
							    : c == CLAUSE_CHANGED ? S_SOON : S_KEY, 0);
	}
	row_add(t, xstrdup(""), S_NORMAL, 0);
	t->nhead = t->nrows;

	if (!t->d->n)
		row_add(t, xasprintf("no changes between %.7s and %.7s", t->old_id, t->new_id), S_DIM, 0);
	else if (t->mode == MODE_WORD)
		layout_word(t, W);
	else if (t->mode == MODE_UNIFIED)
		layout_unified(t, W);
	else
		layout_sbs(t, W);
	v->nlines = t->nrows;
	snprintf(v->title, sizeof(v->title), "Diff %.7s..%.7s %s (%s)", t->old_id, t->new_id, t->doc,
		 mode_names[t->mode]);
	if (cur_change && had_rows) {
		size_t k = 0;
		for (size_t i = 0; i < t->nrows; i++)
			if ((t->rows[i].flags & ROW_CHANGE) && ++k == cur_change) {
				v->lineno = i;
				v->offset = i > 2 ? i - 2 : 0;
				break;
			}
	}
	t->want_change = 0;
	if (v->lineno >= v->nlines)
		v->lineno = v->nlines ? v->nlines - 1 : 0;
	set_pos(v);
}

static void tdiff_draw_line(struct view *v, WINDOW *w, size_t lineno, int y, int selected)
{
	struct tdiff *t = v->priv;
	const struct row *r = &t->rows[lineno];
	int left = v->width;
	if (!r->nruns) {
		draw_text(w, r->text, left, r->style);
		return;
	}
	size_t at = 0, len = strlen(r->text);
	char *tmp = xmalloc(len + 1);
	for (uint32_t i = 0; i <= r->nruns && left > 0; i++) {
		size_t s = i < r->nruns ? r->runs[i].off : len;
		if (s > at) { /* the gap before the run */
			memcpy(tmp, r->text + at, s - at);
			tmp[s - at] = 0;
			left -= draw_text(w, tmp, left, r->style);
			at = s;
		}
		if (i == r->nruns || left <= 0)
			break;
		const struct run *u = &r->runs[i];
		memcpy(tmp, r->text + u->off, u->len);
		tmp[u->len] = 0;
		left -= draw_text(w, tmp, left, u->style);
		at = u->off + u->len;
	}
	free(tmp);
}

static int tdiff_grep(struct view *v, size_t lineno, const char *needle)
{
	struct tdiff *t = v->priv;
	return strcasestr_ascii(t->rows[lineno].text, needle) != NULL;
}

static void jump_change(struct view *v, int dir)
{
	struct tdiff *t = v->priv;
	if (!t->nchanges) {
		tui_error("no changes");
		return;
	}
	if (dir > 0) {
		for (size_t i = v->lineno + 1; i < t->nrows; i++)
			if (t->rows[i].flags & ROW_CHANGE) {
				v->offset = i > 2 ? i - 2 : 0;
				view_move_to(v, i);
				set_pos(v);
				return;
			}
		tui_error("no more changes below");
	} else {
		for (size_t i = v->lineno; i-- > 0;)
			if (t->rows[i].flags & ROW_CHANGE) {
				v->offset = i > 2 ? i - 2 : 0;
				view_move_to(v, i);
				set_pos(v);
				return;
			}
		tui_error("no more changes above");
	}
}

static int tdiff_request(struct view *v, enum request req)
{
	struct tdiff *t = v->priv;
	switch (req) {
	case REQ_DIFF_MODE: {
		size_t k = 0;
		for (size_t i = 0; i <= v->lineno && i < t->nrows; i++)
			k += (t->rows[i].flags & ROW_CHANGE) != 0;
		t->mode = (t->mode + 1) % MODE_COUNT;
		last_mode = t->mode;
		t->want_change = k;
		view_layout(v);
		tui_message("diff mode: %s (v switches)", mode_names[t->mode]);
		return 1;
	}
	case REQ_NEXT_CHANGE:
		jump_change(v, 1);
		return 1;
	case REQ_PREV_CHANGE:
		jump_change(v, -1);
		return 1;
	case REQ_TERMS:
		view_pop();
		return 1;
	default:
		if (view_generic_request(v, req)) {
			set_pos(v);
			return 1;
		}
		return 0;
	}
}

static void tdiff_done(struct view *v)
{
	struct tdiff *t = v->priv;
	rows_clear(t);
	diff_free(t->d);
	word_diff_free(t->w);
	clause_list_free(t->cl);
	diff_hunk_clauses_free(t->labels, t->nlabels);
	free(t->path);
	free(t->doc);
	free(t);
}

static const struct view_ops tdiff_ops = {
	.name = "terms-diff",
	.kind = VK_TERMS_DIFF,
	.open = tdiff_open,
	.layout = tdiff_layout,
	.draw_line = tdiff_draw_line,
	.request = tdiff_request,
	.grep = tdiff_grep,
	.done = tdiff_done,
};

struct view *terms_diff_view_new(const char *doc, const char *old_id, const char *new_id)
{
	struct tdiff *t = xcalloc(1, sizeof(*t));
	t->doc = xstrdup(doc);
	snprintf(t->old_id, sizeof(t->old_id), "%s", old_id);
	snprintf(t->new_id, sizeof(t->new_id), "%s", new_id);
	t->mode = last_mode;
	return view_new(&tdiff_ops, t);
}
