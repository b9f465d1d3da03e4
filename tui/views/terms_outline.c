/* terms_outline.c - the clause outline of a document view: one line per
 * heading, indented by level; Enter jumps the document to it. */
#include "tui/views/terms_outline.h"
#include "tui/views/terms_doc.h"

#include "lib/util.h"

#include <stdio.h>
#include <stdlib.h>

static void set_pos(struct view *v)
{
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
}

struct toutline {
	struct view *doc; /* the document view below (stays on the stack) */
};

static int toutline_open(struct view *v)
{
	struct toutline *o = v->priv;
	snprintf(v->title, sizeof(v->title), "Outline of %s at %s (Enter jumps)", terms_doc_name(o->doc),
		 terms_doc_label(o->doc));
	return 0;
}

static void toutline_layout(struct view *v)
{
	struct toutline *o = v->priv;
	size_t nh;
	const struct terms_heading *h = terms_doc_headings(o->doc, &nh);
	lines_clear(&v->lines);
	size_t cur = 0;
	for (size_t i = 0; i < nh; i++) {
		int ind = (h[i].level - 1) * 2;
		lines_add(&v->lines, h[i].level <= 2 ? S_SECTION : S_NORMAL, L_TEXT, "%*s%s", ind, "", h[i].text);
		if (h[i].line <= o->doc->lineno)
			cur = i;
	}
	v->nlines = v->lines.n;
	if (!v->lineno && cur)
		v->lineno = cur; /* start on the section the document shows */
	set_pos(v);
}

static int toutline_request(struct view *v, enum request req)
{
	struct toutline *o = v->priv;
	if (req == REQ_ENTER) {
		size_t k = v->lineno;
		struct view *doc = o->doc;
		view_pop(); /* frees v */
		terms_doc_goto_heading(doc, k);
		return 1;
	}
	if (req == REQ_OUTLINE) {
		view_pop();
		return 1;
	}
	if (view_generic_request(v, req)) {
		set_pos(v);
		return 1;
	}
	return 0;
}

static void toutline_done(struct view *v)
{
	free(v->priv);
}

static const struct view_ops toutline_ops = {
	.name = "outline",
	.kind = VK_TERMS_OUTLINE,
	.open = toutline_open,
	.layout = toutline_layout,
	.draw_line = lines_draw_line,
	.request = toutline_request,
	.grep = lines_grep,
	.done = toutline_done,
};

struct view *terms_outline_view_new(struct view *doc_view)
{
	struct toutline *o = xcalloc(1, sizeof(*o));
	o->doc = doc_view;
	return view_new(&toutline_ops, o);
}
