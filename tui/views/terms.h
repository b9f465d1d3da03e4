/* terms.h - the terms browser: the revisions of a document with the
 * customers each binds; mark, diff, publish. */
#ifndef DOCKET_TUI_VIEWS_TERMS_H
#define DOCKET_TUI_VIEWS_TERMS_H

#include "tui/tui.h"

#define TERMS_DEFAULT_DOC "terms-of-service"

/* The terms browser on document doc (NULL: terms of service); from a
 * customer: at the revision in force for customer_id, with the reason. */
int tui_open_terms(const char *doc);
int tui_open_terms_for(int64_t customer_id);

#endif
