/* front.h - the TUI as the entry point (main.c) sees it: no curses here. */
#ifndef DOCKET_TUI_FRONT_H
#define DOCKET_TUI_FRONT_H

/* Open the workspace (ws_dir NULL: the default one) as the real user, or
 * as as_login (admins), and run the TUI until the agent quits. argv holds
 * the TUI's own options (--keys FILE). Returns the process exit code,
 * after printing "docket: <what>: <why>" on failure. */
int tui_main(const char *ws_dir, const char *as_login, int argc, char **argv);

/* Runs the mail front end (docket-mail, its own program) on the
 * workspace ws_dir with args (e.g. { "ticket", "12", NULL } for `docket
 * mail ticket 12`): its standard output in *out and its standard error in
 * *err (caller frees both); returns its exit code. main.c provides it,
 * so that the TUI's mail actions are the CLI's commands. */
typedef int (*tui_mail_runner)(const char *ws_dir, const char *const *args, char **out, char **err);
void tui_set_mail_runner(tui_mail_runner fn);

#endif
