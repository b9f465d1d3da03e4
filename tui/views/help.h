/* help.h - the keys of a view and the : commands, from the keymap
 * table. */
#ifndef DOCKET_TUI_VIEWS_HELP_H
#define DOCKET_TUI_VIEWS_HELP_H

#include "tui/tui.h"

struct view *help_view_new(enum view_kind for_kind);

#endif
