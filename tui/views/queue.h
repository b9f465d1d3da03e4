/* queue.h - the queue: open tickets, most urgent first, with filters and
 * full-text search; the first view on the stack. */
#ifndef DOCKET_TUI_VIEWS_QUEUE_H
#define DOCKET_TUI_VIEWS_QUEUE_H

#include "tui/tui.h"

struct view *queue_view_new(void);
/* Filter the queue on top of the stack (or the first one). */
int queue_apply_filter(const char *arg);
int queue_search(const char *query);
/* :view [NAME]: the saved view NAME (config `view.NAME = FILTER WORDS`,
 * the words of :filter, e.g. "mine overdue sort priority"), or without a
 * name a list of them to pick from. */
int queue_apply_view(const char *name);

#endif
