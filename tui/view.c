/* view.c - the stack of views, generic movement, in-view search, and the
 * drawing of the title bar and the body. */
#include "tui/tui.h"

#include "lib/util.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

struct view *view_new(const struct view_ops *ops, void *priv)
{
	struct view *v = xcalloc(1, sizeof(*v));
	v->ops = ops;
	v->priv = priv;
	return v;
}

static void view_free(struct view *v)
{
	if (!v)
		return;
	if (v->ops->done)
		v->ops->done(v);
	lines_clear(&v->lines);
	free(v);
}

/* The stack's invariants: depth within bounds, every slot below it a
 * view, each view's parent the one below it (the first has none). */
static void stack_check(void)
{
	assert(tui.depth >= 0 && tui.depth <= (int)ARRAY_SIZE(tui.stack));
	for (int i = 0; i < tui.depth; i++) {
		assert(tui.stack[i] && tui.stack[i]->ops);
		assert(tui.stack[i]->parent == (i ? tui.stack[i - 1] : NULL));
	}
}

/* The cursor's invariants: on a line (line 0 of an empty view), and on
 * the screen: offset <= cursor < offset + height. */
static void cursor_check(const struct view *v)
{
	size_t h = v->height > 0 ? (size_t)v->height : 1;
	if (!v->nlines) {
		assert(v->lineno == 0 && v->offset == 0);
		return;
	}
	assert(v->lineno < v->nlines);
	assert(v->offset <= v->lineno && v->lineno < v->offset + h);
}

struct view *view_top(void)
{
	stack_check();
	return tui.depth ? tui.stack[tui.depth - 1] : NULL;
}

static void view_clamp(struct view *v)
{
	if (v->lineno >= v->nlines)
		v->lineno = v->nlines ? v->nlines - 1 : 0;
	int h = v->height > 0 ? v->height : 1;
	if (v->lineno < v->offset)
		v->offset = v->lineno;
	if (v->lineno >= v->offset + (size_t)h)
		v->offset = v->lineno - (size_t)h + 1;
	/* do not leave empty rows below the end when scrolled */
	if (v->offset + (size_t)h > v->nlines)
		v->offset = v->nlines > (size_t)h ? v->nlines - (size_t)h : 0;
	cursor_check(v);
}

int view_header_rows(struct view *v)
{
	return !v->ops->draw_header ? 0 : v->ops->header_rows ? v->ops->header_rows(v) : 1;
}

void view_layout(struct view *v)
{
	v->height = LINES - 3 - view_header_rows(v);
	v->width = COLS;
	if (v->height < 1)
		v->height = 1;
	if (v->width < 1)
		v->width = 1;
	if (v->ops->layout)
		v->ops->layout(v);
	view_clamp(v);
}

int view_push(struct view *v)
{
	assert(v && v->ops);
	stack_check();
	if (tui.depth >= (int)ARRAY_SIZE(tui.stack)) {
		/* a very deep stack: drop the oldest view above the first (the
		 * one above it now sits on the first) */
		view_free(tui.stack[1]);
		memmove(&tui.stack[1], &tui.stack[2], sizeof(tui.stack[0]) * (size_t)(tui.depth - 2));
		tui.depth--;
		tui.stack[1]->parent = tui.stack[0];
	}
	v->parent = view_top();
	v->height = LINES - 3;
	v->width = COLS;
	int rc = v->ops->open ? v->ops->open(v) : 0;
	if (rc) {
		tui_report(rc);
		view_free(v);
		return rc;
	}
	v->loaded_at = dk_now();
	tui.stack[tui.depth++] = v;
	stack_check();
	view_layout(v);
	return 0;
}

void view_pop(void)
{
	assert(tui.depth > 0);
	stack_check();
	struct view *v = tui.stack[--tui.depth];
	view_free(v);
	struct view *top = view_top();
	if (top) {
		top->parent = tui.depth > 1 ? tui.stack[tui.depth - 2] : NULL;
		view_layout(top);
		if (top->stale)
			view_reload(top);
	}
}

int view_reload(struct view *v)
{
	v->stale = 0;
	int rc = v->ops->open ? v->ops->open(v) : 0;
	v->loaded_at = dk_now();
	view_layout(v);
	return rc;
}

void view_reload_all(void)
{
	for (int i = 0; i < tui.depth; i++)
		tui.stack[i]->stale = 1;
	struct view *top = view_top();
	if (top) {
		int rc = view_reload(top);
		if (rc)
			tui_report(rc);
	}
}

void view_move_to(struct view *v, size_t lineno)
{
	v->lineno = lineno;
	view_clamp(v);
}

static int find_match(struct view *v, int dir)
{
	if (!tui.grep || !*tui.grep) {
		tui_error("no search: press / first");
		return 1;
	}
	if (!v->ops->grep || !v->nlines) {
		tui_error("this view cannot be searched");
		return 1;
	}
	size_t n = v->nlines;
	for (size_t k = 1; k <= n; k++) {
		size_t i = dir > 0 ? (v->lineno + k) % n : (v->lineno + n - (k % n)) % n;
		if (v->ops->grep(v, i, tui.grep)) {
			int wrapped = dir > 0 ? i <= v->lineno : i >= v->lineno;
			view_move_to(v, i);
			tui_message("/%s: line %zu of %zu%s", tui.grep, i + 1, n,
				    wrapped ? " (search wrapped)" : "");
			return 1;
		}
	}
	tui_error("/%s: not found", tui.grep);
	return 1;
}

int view_lines_request(struct view *v, enum request req)
{
	if (!view_generic_request(v, req))
		return 0;
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
	return 1;
}

int view_generic_request(struct view *v, enum request req)
{
	size_t h = v->height > 0 ? (size_t)v->height : 1;
	switch (req) {
	case REQ_MOVE_UP:
		if (v->lineno > 0)
			view_move_to(v, v->lineno - 1);
		return 1;
	case REQ_MOVE_DOWN:
		if (v->lineno + 1 < v->nlines)
			view_move_to(v, v->lineno + 1);
		return 1;
	case REQ_PAGE_UP:
		v->offset = v->offset > h ? v->offset - h : 0;
		view_move_to(v, v->lineno > h ? v->lineno - h : 0);
		return 1;
	case REQ_PAGE_DOWN:
		if (v->nlines) {
			v->offset += h;
			view_move_to(v, v->lineno + h < v->nlines ? v->lineno + h : v->nlines - 1);
		}
		return 1;
	case REQ_FIRST:
		v->offset = 0;
		view_move_to(v, 0);
		return 1;
	case REQ_LAST:
		view_move_to(v, v->nlines ? v->nlines - 1 : 0);
		return 1;
	case REQ_SEARCH: {
		char *s = NULL;
		if (tui_input("/", NULL, &s) == 0) {
			if (*s) {
				free(tui.grep);
				tui.grep = s;
				s = NULL;
				/* search from the line before the cursor so the
				 * cursor line itself can match */
				size_t keep = v->lineno;
				v->lineno = keep ? keep - 1 : (v->nlines ? v->nlines - 1 : 0);
				find_match(v, 1);
				if (v->ops->grep && v->nlines && !v->ops->grep(v, v->lineno, tui.grep))
					v->lineno = keep;
			}
			free(s);
		}
		return 1;
	}
	case REQ_FIND_NEXT:
		return find_match(v, 1);
	case REQ_FIND_PREV:
		return find_match(v, -1);
	default:
		return 0;
	}
}

/* The words of the search a ticket was opened from (tui_highlight_set):
 * marked wherever they stand in the text views, like the / search. */
static char **hl_words;
static size_t nhl_words;

void tui_highlight_set(const char *query)
{
	for (size_t i = 0; i < nhl_words; i++)
		free(hl_words[i]);
	free(hl_words);
	hl_words = NULL;
	nhl_words = 0;
	if (!query)
		return;
	char *copy = xstrdup(query), *save = NULL;
	size_t cap = 0;
	for (char *w = strtok_r(copy, " \t\"", &save); w; w = strtok_r(NULL, " \t\"", &save)) {
		if (strlen(w) < 2)
			continue;
		ARRAY_GROW(hl_words, cap, nhl_words + 1);
		hl_words[nhl_words++] = xstrdup(w);
	}
	free(copy);
}

/* The first place in t where the / search or a highlighted word stands;
 * *len gets its length. */
static const char *first_mark(const char *t, size_t *len)
{
	const char *best = NULL;
	size_t bl = 0;
	if (tui.grep && *tui.grep) {
		best = strcasestr_ascii(t, tui.grep);
		bl = strlen(tui.grep);
	}
	for (size_t i = 0; i < nhl_words; i++) {
		const char *m = strcasestr_ascii(t, hl_words[i]);
		if (m && (!best || m < best)) {
			best = m;
			bl = strlen(hl_words[i]);
		}
	}
	*len = bl;
	return best;
}

void lines_draw_line(struct view *v, WINDOW *w, size_t lineno, int y, int selected)
{
	assert(lineno < v->lines.n);
	(void)y;
	(void)selected;
	const struct line *ln = &v->lines.v[lineno];
	const char *t = ln->text ? ln->text : "";
	int width = v->width, c = 0;
	size_t ml;
	const char *m;
	/* text, match, text, match, ...: every match marked */
	while (c < width && (m = first_mark(t, &ml)) != NULL && ml) {
		char *pre = xstrndup(t, (size_t)(m - t));
		char *mid = xstrndup(m, ml);
		c += draw_text(w, pre, width - c, ln->style);
		if (c < width)
			c += draw_text(w, mid, width - c, S_MATCH);
		free(pre);
		free(mid);
		t = m + ml;
	}
	if (c < width)
		draw_text(w, t, width - c, ln->style);
}

int lines_grep(struct view *v, size_t lineno, const char *needle)
{
	assert(lineno < v->lines.n);
	const char *t = v->lines.v[lineno].text;
	return t && strcasestr_ascii(t, needle) != NULL;
}

void view_draw(struct view *v)
{
	cursor_check(v);
	WINDOW *w = stdscr;
	int cols = COLS;
	/* title bar; a ticket someone else has open says so */
	wmove(w, 0, 0);
	char pos[256];
	const char *others = v->ops->ticket ? tui_presence_others(v->ops->ticket(v)) : NULL;
	if (others)
		snprintf(pos, sizeof(pos), "also open: %s", others);
	else
		snprintf(pos, sizeof(pos), "%s", v->pos);
	int pw = text_width(pos);
	int tw = cols - pw - 1;
	if (tw < 0) {
		tw = cols;
		pw = 0;
	}
	draw_field(w, v->title, tw, S_TITLE);
	if (pw) {
		draw_field(w, " ", 1, S_TITLE);
		draw_field(w, pos, pw, others ? S_WARN : S_TITLE);
	}
	/* body */
	int top = 1;
	if (v->ops->draw_header) {
		wmove(w, 1, 0);
		v->ops->draw_header(v, w);
		wclrtoeol(w);
		top = 1 + view_header_rows(v);
	}
	for (int y = 0; y < v->height; y++) {
		size_t ln = v->offset + (size_t)y;
		int row = y + top;
		wmove(w, row, 0);
		if (ln >= v->nlines) {
			wclrtoeol(w);
			continue;
		}
		int sel = ln == v->lineno;
		draw_set_extra(sel ? A_REVERSE : A_NORMAL);
		v->ops->draw_line(v, w, ln, row, sel);
		int x = getcurx(w);
		if (getcury(w) != row)
			x = cols; /* wrapped to the next row: the row is full */
		short pair;
		attr_t a = style_attr(S_NORMAL, &pair);
		wattr_set(w, a, pair, NULL);
		for (; x < cols; x++)
			waddch(w, ' ');
		draw_set_extra(A_NORMAL);
		wattr_set(w, A_NORMAL, 0, NULL);
	}
}
