/* ticket.h - one ticket: header, legal prompts, checklist, thread. */
#ifndef DOCKET_TUI_VIEWS_TICKET_H
#define DOCKET_TUI_VIEWS_TICKET_H

#include "tui/tui.h"

struct view *ticket_view_new(int64_t id);

#endif
