/* terms_outline.c - the clause outline of a document view: one line per
 * heading, indented by level; Enter jumps the document to it. */
#include "tui/views/terms_outline.h"
#include "tui/views/terms_doc.h"

#include "lib/err.h"
#include "lib/util.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

static void set_pos(struct view *v)
{
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
}

/* The document view below, or NULL when a very deep stack dropped it. */
static struct view *doc_of(struct view *v)
{
	return v->parent && v->parent->ops->kind == VK_TERMS_DOC ? v->parent : NULL;
}

static int toutline_open(struct view *v)
{
	struct view *doc = doc_of(v);
	if (!doc)
		return err_set(DK_ERR, "outline: the document view is gone");
	snprintf(v->title, sizeof(v->title), "Outline of %s at %s (Enter jumps)", terms_doc_name(doc),
		 terms_doc_label(doc));
	return 0;
}

static void toutline_layout(struct view *v)
{
	struct view *doc = doc_of(v);
	size_t nh = 0;
	const struct terms_heading *h = doc ? terms_doc_headings(doc, &nh) : NULL;
	lines_clear(&v->lines);
	size_t cur = 0;
	for (size_t i = 0; i < nh; i++) {
		int ind = (h[i].level - 1) * 2;
		lines_add(&v->lines, h[i].level <= 2 ? S_SECTION : S_NORMAL, L_TEXT, "%*s%s", ind, "", h[i].text);
		if (h[i].line <= doc->lineno)
			cur = i;
	}
	v->nlines = v->lines.n;
	if (!v->lineno && cur)
		v->lineno = cur; /* start on the section the document shows */
	set_pos(v);
}

static int toutline_request(struct view *v, enum request req)
{
	if (req == REQ_ENTER) {
		size_t k = v->lineno;
		struct view *doc = doc_of(v);
		view_pop(); /* frees v */
		if (doc)
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

static const struct view_ops toutline_ops = {
	.name = "outline",
	.kind = VK_TERMS_OUTLINE,
	.open = toutline_open,
	.layout = toutline_layout,
	.draw_line = lines_draw_line,
	.request = toutline_request,
	.grep = lines_grep,
};

struct view *terms_outline_view_new(struct view *doc_view)
{
	/* pushed on the document view: its parent is the document */
	assert(doc_view && doc_view == view_top() && doc_view->ops->kind == VK_TERMS_DOC);
	return view_new(&toutline_ops, NULL);
}
