/* front.h - the TUI as the entry point (main.c) sees it: no curses here. */
#ifndef DOCKET_TUI_FRONT_H
#define DOCKET_TUI_FRONT_H

/* Open the workspace (ws_dir NULL: the default one) as the real user, or
 * as as_login (admins), and run the TUI until the agent quits. argv holds
 * the TUI's own options (--keys FILE). Returns the process exit code,
 * after printing "docket: <what>: <why>" on failure. */
int tui_main(const char *ws_dir, const char *as_login, int argc, char **argv);

#endif
