/* customer.h - one customer: card, tickets, terms in force, data-rights
 * actions. */
#ifndef DOCKET_TUI_VIEWS_CUSTOMER_H
#define DOCKET_TUI_VIEWS_CUSTOMER_H

#include "tui/tui.h"

struct view *customer_view_new(int64_t id);

#endif
