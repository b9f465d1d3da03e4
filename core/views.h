/* views.h - saved views of the ticket list (issue 16): config
 * `view.NAME = WORDS`, the words of the TUI's :filter:
 *   overdue  mine  unassigned  kind K  jurisdiction J  status S
 *   sort urgency|priority|age|updated
 * The TUI's :view NAME and `docket ticket list --view NAME` apply one. */
#ifndef DOCKET_CORE_VIEWS_H
#define DOCKET_CORE_VIEWS_H

#include "core/workspace.h"

struct saved_view {
	char *status, *kind, *jurisdiction; /* NULL: any (status NULL: open) */
	int mine, unassigned, overdue;
	int sort;                           /* enum ticket_sort */
};

/* Parse words; DK_EINVAL naming the bad word. */
int saved_view_parse(const char *words, struct saved_view *out);
/* The view NAME from config; DK_ENOTFOUND when there is none. */
int saved_view_get(struct workspace *ws, const char *name, struct saved_view *out);
void saved_view_clear(struct saved_view *v);

#endif
