/* terms_outline.h - the clause outline of a document view. */
#ifndef DOCKET_TUI_VIEWS_TERMS_OUTLINE_H
#define DOCKET_TUI_VIEWS_TERMS_OUTLINE_H

#include "tui/tui.h"

/* The clause outline of the document view below it (terms_doc.h). */
struct view *terms_outline_view_new(struct view *doc_view);

#endif
