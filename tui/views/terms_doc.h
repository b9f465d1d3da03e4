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
/* The clause outline of the document view below it. */
struct view *terms_outline_view_new(struct view *doc_view);

#endif
