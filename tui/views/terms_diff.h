/* terms_diff.h - the diff of two revisions of a document: unified, word
 * (redline), side by side. */
#ifndef DOCKET_TUI_VIEWS_TERMS_DIFF_H
#define DOCKET_TUI_VIEWS_TERMS_DIFF_H

#include "tui/tui.h"

/* Diff of doc from old_id to new_id (full ids, old first). */
struct view *terms_diff_view_new(const char *doc, const char *old_id, const char *new_id);

#endif
