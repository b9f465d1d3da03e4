/* report.h - the compliance report as a view (:report). */
#ifndef DOCKET_TUI_VIEWS_REPORT_H
#define DOCKET_TUI_VIEWS_REPORT_H

#include "tui/tui.h"

/* from/to: the period (DK_TIME_NONE: from the beginning / up to now). */
struct view *report_view_new(dk_time from, dk_time to);

#endif
