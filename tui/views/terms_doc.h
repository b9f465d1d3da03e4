/* terms_doc.h - a legal document at one revision, headings emphasised,
 * ] and [ between them. */
#ifndef DOCKET_TUI_VIEWS_TERMS_DOC_H
#define DOCKET_TUI_VIEWS_TERMS_DOC_H

#include "tui/tui.h"

/* The document doc at revision id (full commit id); label names the
 * revision in the title ("abc1234, effective 2026-03-01"). */
struct view *terms_doc_view_new(const char *doc, const char *id, const char *label);
/* Jump the document view to heading number k of its outline. */
void terms_doc_goto_heading(struct view *doc_view, size_t k);
/* The headings of a document view, in order (the view owns them). */
struct terms_heading {
	int level;      /* # = 1 */
	char *text;     /* visible heading text, without the #s */
	size_t line;    /* index into the view's lines (after layout) */
};
const struct terms_heading *terms_doc_headings(struct view *doc_view, size_t *n);
const char *terms_doc_name(struct view *doc_view);  /* "terms-of-service" */
const char *terms_doc_label(struct view *doc_view); /* the revision, as in the title */

#endif
