/* draw.c - width-aware, safe text drawing (cchar_t, wcwidth), styles
 * that fall back to attributes without colour, and the line buffers of
 * the text views. */
#include "tui/tui.h"

#include "lib/buf.h"
#include "lib/text.h"
#include "lib/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

struct style_def {
	short fg, bg;
	attr_t color_attr; /* with colours */
	attr_t mono_attr;  /* without (NO_COLOR, monochrome terminals) */
};

static struct style_def styles[S_COUNT] = {
	[S_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[S_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD },
	[S_STATUS] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[S_CURSOR] = { -1, -1, A_REVERSE, A_REVERSE },
	[S_OVERDUE] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[S_SOON] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[S_OK] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[S_DIM] = { COLOR_BLUE, -1, A_BOLD, A_DIM },
	[S_SECTION] = { COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[S_INBOUND] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[S_OUTBOUND] = { COLOR_GREEN, -1, A_BOLD, A_NORMAL },
	[S_NOTE] = { COLOR_MAGENTA, -1, A_NORMAL, A_UNDERLINE },
	[S_AUTO] = { COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[S_MATCH] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_STANDOUT },
	[S_WARN] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[S_KEY] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[S_DIFF_DEL] = { COLOR_RED, -1, A_NORMAL, A_DIM },
	[S_DIFF_ADD] = { COLOR_GREEN, -1, A_NORMAL, A_BOLD },
	/* redline: deleted words struck through as a reverse block, added
	 * words bold (and underlined without colour) */
	[S_WORD_DEL] = { COLOR_RED, -1, A_REVERSE, A_REVERSE },
	[S_WORD_ADD] = { COLOR_GREEN, -1, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE },
};

static attr_t extra_attr; /* OR-ed into every style (the cursor line) */

static const char *const style_names[S_COUNT] = {
	[S_NORMAL] = "normal",	       [S_TITLE] = "title",	  [S_STATUS] = "status",     [S_CURSOR] = "cursor",
	[S_OVERDUE] = "overdue",     [S_SOON] = "soon",	  [S_OK] = "ok",	     [S_DIM] = "dim",
	[S_SECTION] = "section",     [S_INBOUND] = "inbound", [S_OUTBOUND] = "outbound", [S_NOTE] = "note",
	[S_AUTO] = "auto",	       [S_MATCH] = "match",	  [S_WARN] = "warn",	     [S_KEY] = "key",
	[S_DIFF_DEL] = "diff-del",   [S_DIFF_ADD] = "diff-add", [S_WORD_DEL] = "word-del", [S_WORD_ADD] = "word-add",
};

int style_parse(const char *name)
{
	for (int i = 0; i < S_COUNT; i++)
		if (style_names[i] && !strcmp(style_names[i], name))
			return i;
	return -1;
}

void style_set(enum style s, short fg, short bg, attr_t a)
{
	if (s >= S_COUNT)
		return;
	styles[s].fg = fg;
	styles[s].bg = bg;
	styles[s].color_attr = a;
	styles[s].mono_attr = a;
}

void draw_init_colors(void)
{
	tui.colors = 0;
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		return;
	if (!has_colors() || start_color() == ERR || COLORS < 8)
		return;
	use_default_colors();
	tui.colors = 1;
	for (int i = 0; i < S_COUNT; i++)
		init_pair((short)(i + 1), styles[i].fg, styles[i].bg);
}

attr_t style_attr(enum style s, short *pair)
{
	if (s >= S_COUNT)
		s = S_NORMAL;
	if (tui.colors) {
		*pair = (short)(s + 1);
		return styles[s].color_attr | extra_attr;
	}
	*pair = 0;
	return styles[s].mono_attr | extra_attr;
}

void draw_set_extra(attr_t a)
{
	extra_attr = a;
}

/* Decode the next character; unsafe ones become '?' (text_visible has
 * normally made them visible already: this is the last line of defence). */
static size_t next_char(const char *s, size_t n, wchar_t *wc, int *width)
{
	uint32_t cp;
	size_t len = utf8_decode(s, n, &cp);
	int w = -1;
	if (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) && !text_cp_unsafe(cp))
		w = wcwidth((wchar_t)cp);
	if (w < 0) {
		cp = '?';
		w = 1;
	}
	*wc = (wchar_t)cp;
	*width = w;
	return len;
}

static void flush_cc(WINDOW *w, wchar_t *wch, int *nwch, attr_t a, short pair)
{
	if (!*nwch)
		return;
	wch[*nwch] = 0;
	cchar_t cc;
	setcchar(&cc, wch, a, pair, NULL);
	wadd_wch(w, &cc);
	*nwch = 0;
}

int draw_text(WINDOW *w, const char *s, int maxcols, enum style st)
{
	if (!s || maxcols <= 0)
		return 0;
	short pair;
	attr_t a = style_attr(st, &pair);
	wchar_t wch[CCHARW_MAX + 1];
	int nwch = 0, col = 0;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		wchar_t wc;
		int cw;
		i += next_char(s + i, n - i, &wc, &cw);
		if (cw == 0) {
			/* combining: joins the pending base character */
			if (nwch > 0 && nwch < CCHARW_MAX)
				wch[nwch++] = wc;
			continue;
		}
		flush_cc(w, wch, &nwch, a, pair);
		if (col + cw > maxcols)
			break;
		wch[nwch++] = wc;
		col += cw;
	}
	flush_cc(w, wch, &nwch, a, pair);
	return col;
}

void draw_field(WINDOW *w, const char *s, int width, enum style st)
{
	int c = draw_text(w, s, width, st);
	short pair;
	attr_t a = style_attr(st, &pair);
	wattr_set(w, a, pair, NULL);
	for (; c < width; c++)
		waddch(w, ' ');
	wattr_set(w, A_NORMAL, 0, NULL);
}

int text_width(const char *s)
{
	int col = 0;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		wchar_t wc;
		int cw;
		i += next_char(s + i, n - i, &wc, &cw);
		col += cw;
	}
	return col;
}

size_t text_fit(const char *s, int cols)
{
	int col = 0;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		wchar_t wc;
		int cw;
		size_t len = next_char(s + i, n - i, &wc, &cw);
		if (col + cw > cols)
			break;
		col += cw;
		i += len;
	}
	return i;
}

void text_wrap(const char *s, int cols, void (*cb)(const char *p, size_t n, void *ctx), void *ctx)
{
	if (cols < 1)
		cols = 1;
	size_t n = strlen(s), start = 0, i = 0, brk = 0;
	int col = 0, col_at_brk = 0;
	if (!n) {
		cb(s, 0, ctx);
		return;
	}
	while (i < n) {
		wchar_t wc;
		int cw;
		size_t len = next_char(s + i, n - i, &wc, &cw);
		if (col + cw > cols && i > start) {
			if (brk > start) {
				cb(s + start, brk - start, ctx);
				start = brk + 1; /* drop the space */
				col -= col_at_brk + 1;
			} else {
				cb(s + start, i - start, ctx);
				start = i;
				col = 0;
			}
			brk = start;
			col_at_brk = 0;
			continue;
		}
		if (wc == ' ') {
			brk = i;
			col_at_brk = col;
		}
		col += cw;
		i += len;
	}
	if (start < n || start == 0)
		cb(s + start, n - start, ctx);
}

static void coarse(int64_t s, char *out, size_t n)
{
	if (s < 3600)
		snprintf(out, n, "%lldm", (long long)(s / 60));
	else if (s < 48 * 3600)
		snprintf(out, n, "%lldh", (long long)(s / 3600));
	else if (s < 100 * 86400)
		snprintf(out, n, "%lldd", (long long)(s / 86400));
	else /* "OVERDUE 61w" still fits the queue's column */
		snprintf(out, n, "%lldw", (long long)(s / (7 * 86400)));
}

void tui_countdown(dk_time due, dk_time now, char *out, size_t n, enum style *st)
{
	if (due == DK_TIME_NONE) {
		snprintf(out, n, "-");
		*st = S_DIM;
		return;
	}
	int64_t left = due - now;
	char d[32];
	if (left < 0) {
		coarse(-left, d, sizeof(d));
		snprintf(out, n, "OVERDUE %s", d);
		*st = S_OVERDUE;
	} else {
		coarse(left, d, sizeof(d));
		snprintf(out, n, "%s", d);
		*st = left < 24 * 3600 ? S_SOON : S_OK;
	}
}

/* ---- lines */

static struct line *lines_new(struct lines *l)
{
	ARRAY_GROW(l->v, l->cap, l->n + 1);
	struct line *ln = &l->v[l->n++];
	memset(ln, 0, sizeof(*ln));
	return ln;
}

void lines_add(struct lines *l, enum style st, enum line_kind kind, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	struct line *ln = lines_new(l);
	ln->text = buf_detach(&b);
	buf_release(&b);
	ln->style = st;
	ln->kind = kind;
}

struct wrap_ctx {
	struct lines *l;
	enum style st;
	int indent;
};

static void wrap_piece(const char *p, size_t n, void *ctx)
{
	struct wrap_ctx *w = ctx;
	struct line *ln = lines_new(w->l);
	ln->text = xasprintf("%*s%.*s", w->indent, "", (int)n, p);
	ln->style = w->st;
	ln->kind = L_TEXT;
}

void lines_add_wrapped(struct lines *l, enum style st, const char *text, int indent, int width)
{
	char *safe = text_visible_dup(text ? text : "", 1);
	struct wrap_ctx w = { l, st, indent };
	int cols = width - indent;
	if (cols < 8)
		cols = width > 8 ? 8 : (width > 0 ? width : 1);
	char *p = safe;
	/* drop trailing newlines */
	size_t len = strlen(p);
	while (len && (p[len - 1] == '\n' || p[len - 1] == ' '))
		p[--len] = 0;
	for (;;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		text_wrap(p, cols, wrap_piece, &w);
		if (!nl)
			break;
		p = nl + 1;
	}
	free(safe);
}

void lines_clear(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void tui_fmt_time(dk_time t, const char *fmt, char *out, size_t n)
{
	if (t == DK_TIME_NONE) {
		snprintf(out, n, "-");
		return;
	}
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(out, n, fmt, &tm);
}
