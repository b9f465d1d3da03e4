/* terms_doc.c - a legal document at one revision: the text wrapped to
 * the screen with its Markdown headings emphasised, ] and [ from heading
 * to heading; O opens the clause outline (terms_outline.c). */
#include "tui/views/terms_doc.h"
#include "tui/views/terms_outline.h"

#include "lib/err.h"
#include "lib/text.h"
#include "lib/util.h"
#include "core/workspace.h"
#include "terms/legal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tdoc {
	char *doc;
	char id[LEGAL_ID_LEN + 1];
	char *label;
	char *data;
	size_t len;
	struct terms_heading *h;
	size_t nh, hcap;
	int loaded;
};

/* Level of a Markdown ATX heading line (outside code fences), or 0. */
static int heading_level(const char *ln, size_t ll)
{
	int lv = 0;
	while (lv < (int)ll && lv < 7 && ln[lv] == '#')
		lv++;
	return lv >= 1 && lv <= 6 && (size_t)lv < ll && (ln[lv] == ' ' || ln[lv] == '\t') ? lv : 0;
}

static int tdoc_open(struct view *v)
{
	struct tdoc *d = v->priv;
	if (d->loaded)
		return 0;
	struct legal_repo *r;
	char *path = NULL;
	int rc;
	if ((rc = ws_legal(tui.ws, &r)) || (rc = legal_doc_path(d->doc, &path)) ||
	    (rc = legal_show(r, d->id, path, &d->data, &d->len, NULL))) {
		free(path);
		return rc;
	}
	free(path);
	d->loaded = 1;
	return 0;
}

static void tdoc_layout(struct view *v)
{
	struct tdoc *d = v->priv;
	struct lines *L = &v->lines;
	lines_clear(L);
	for (size_t i = 0; i < d->nh; i++)
		free(d->h[i].text);
	d->nh = 0;
	int fence = 0;
	const char *p = d->data, *end = d->data + d->len;
	size_t srcno = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
		srcno++;
		if (ll >= 3 && (!strncmp(p, "```", 3) || !strncmp(p, "~~~", 3)))
			fence = !fence;
		int lv = fence ? 0 : heading_level(p, ll);
		char *raw = xstrndup(p, ll);
		size_t first = L->n;
		if (lv) {
			ARRAY_GROW(d->h, d->hcap, d->nh + 1);
			const char *t = raw + lv;
			while (*t == ' ' || *t == '\t')
				t++;
			d->h[d->nh++] = (struct terms_heading){ lv, text_visible_dup(t, 0), first };
			lines_add_wrapped(L, lv <= 2 ? S_SECTION : S_KEY, raw, 0, v->width);
		} else {
			lines_add_wrapped(L, S_NORMAL, raw, 0, v->width);
		}
		if (L->n == first) /* an empty line */
			lines_add(L, S_NORMAL, L_TEXT, "%s", "");
		for (size_t k = first; k < L->n; k++) {
			L->v[k].a = lv;               /* heading level, 0 for text */
			L->v[k].b = (int)srcno;       /* line number in the file */
		}
		free(raw);
		if (!nl)
			break;
		p = nl + 1;
	}
	v->nlines = L->n;
	snprintf(v->title, sizeof(v->title), "%s at %s, %zu sections", d->doc, d->label, d->nh);
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
}

static void set_pos(struct view *v)
{
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
}

void terms_doc_goto_heading(struct view *v, size_t k)
{
	struct tdoc *d = v->priv;
	if (k >= d->nh)
		return;
	size_t ln = d->h[k].line;
	v->offset = ln;
	view_move_to(v, ln);
	set_pos(v);
	tui_message("%s", d->h[k].text);
}

static int tdoc_request(struct view *v, enum request req)
{
	struct tdoc *d = v->priv;
	switch (req) {
	case REQ_OUTLINE:
		if (!d->nh)
			tui_error("this document has no headings");
		else
			view_push(terms_outline_view_new(v));
		return 1;
	case REQ_NEXT_CHANGE:
	case REQ_PREV_CHANGE: {
		size_t k;
		if (req == REQ_NEXT_CHANGE) {
			for (k = 0; k < d->nh && d->h[k].line <= v->lineno; k++)
				;
			if (k == d->nh) {
				tui_error("no more sections below");
				return 1;
			}
		} else {
			for (k = d->nh; k > 0 && d->h[k - 1].line >= v->lineno; k--)
				;
			if (k == 0) {
				tui_error("no more sections above");
				return 1;
			}
			k--;
		}
		terms_doc_goto_heading(v, k);
		return 1;
	}
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

static void tdoc_done(struct view *v)
{
	struct tdoc *d = v->priv;
	for (size_t i = 0; i < d->nh; i++)
		free(d->h[i].text);
	free(d->h);
	free(d->data);
	free(d->label);
	free(d->doc);
	free(d);
}

static const struct view_ops tdoc_ops = {
	.name = "terms-document",
	.kind = VK_TERMS_DOC,
	.open = tdoc_open,
	.layout = tdoc_layout,
	.draw_line = lines_draw_line,
	.request = tdoc_request,
	.grep = lines_grep,
	.done = tdoc_done,
};

struct view *terms_doc_view_new(const char *doc, const char *id, const char *label)
{
	struct tdoc *d = xcalloc(1, sizeof(*d));
	d->doc = xstrdup(doc);
	snprintf(d->id, sizeof(d->id), "%s", id);
	d->label = xstrdup(label);
	return view_new(&tdoc_ops, d);
}

const struct terms_heading *terms_doc_headings(struct view *v, size_t *n)
{
	struct tdoc *d = v->priv;
	*n = d->nh;
	return d->h;
}

const char *terms_doc_name(struct view *v)
{
	return ((struct tdoc *)v->priv)->doc;
}

const char *terms_doc_label(struct view *v)
{
	return ((struct tdoc *)v->priv)->label;
}
