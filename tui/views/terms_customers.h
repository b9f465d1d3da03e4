/* terms_customers.h - the customers a revision of a document binds now,
 * paged through the store. */
#ifndef DOCKET_TUI_VIEWS_TERMS_CUSTOMERS_H
#define DOCKET_TUI_VIEWS_TERMS_CUSTOMERS_H

#include "tui/tui.h"

/* The customers bound by revision id of doc now: ids (ascending, copied)
 * paged through the store. */
struct view *terms_customers_view_new(const char *doc, const char *id, const int64_t *ids, size_t n);

#endif
