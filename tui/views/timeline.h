/* timeline.h - the complaint timeline of a ticket. */
#ifndef DOCKET_TUI_VIEWS_TIMELINE_H
#define DOCKET_TUI_VIEWS_TIMELINE_H

#include "tui/tui.h"

struct view *timeline_view_new(int64_t id);

#endif
