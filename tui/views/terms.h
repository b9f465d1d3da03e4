/* terms.h - the terms browser's views, private to tui/views/terms*.c:
 * revisions of a document (terms.c), the document at a revision with its
 * clause outline (terms_doc.c), the diff of two revisions (terms_diff.c)
 * and the customers a revision binds (terms_customers.c). */
#ifndef DOCKET_TUI_TERMS_H
#define DOCKET_TUI_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "tui/tui.h"

#define TERMS_DEFAULT_DOC "terms-of-service"

/* "2026-03-01" in the business zone into out (DK_TIME_BUFSZ). */
char *terms_day(dk_time t, char *out);

/* The document doc at revision id (full commit id); label names the
 * revision in the title ("abc1234, effective 2026-03-01"). */
struct view *terms_doc_view_new(const char *doc, const char *id, const char *label);
/* The clause outline of the document view below it. */
struct view *terms_outline_view_new(struct view *doc_view);
/* Jump the document view to heading number k of its outline. */
void terms_doc_goto_heading(struct view *doc_view, size_t k);

/* Diff of doc from old_id to new_id (full ids, old first). */
struct view *terms_diff_view_new(const char *doc, const char *old_id, const char *new_id);

/* The customers bound by revision id of doc now: ids (ascending, copied)
 * paged through the store. */
struct view *terms_customers_view_new(const char *doc, const char *id, const int64_t *ids, size_t n);

#endif
