/* editor.h - let the user edit text in $VISUAL / $EDITOR / vi. */
#ifndef DOCKET_LIB_EDITOR_H
#define DOCKET_LIB_EDITOR_H

#include <sys/types.h>

/* Edit text in $VISUAL / $EDITOR / vi (run without a shell, with the
 * user's own rights) on a private temp file (0600, removed afterwards)
 * seeded with initial (may be NULL). before/after (may be NULL) run just
 * before the editor starts and after it ends (the TUI suspends and
 * restores the screen). Returns 0 with *out (caller frees), 1 when the
 * file came back blank (cancelled), 2 when the editor exited with a
 * failure status (text not taken), or a DK_ code. */
int edit_text(const char *initial, char **out, void (*before)(void), void (*after)(void));
/* Run argv (argv[0] looked up on PATH) without docket's privileges
 * (priv_drop) and with the user's environment, SIGINT/SIGQUIT ignored
 * meanwhile; before/after as above. Returns the child's pid (-1 when fork
 * failed) and its wait status in *status (127: not run). */
pid_t edit_run_program(char **argv, int *status, void (*before)(void), void (*after)(void));
/* cmd split on spaces (no shell) into a NULL-terminated argv with room for
 * one more argument before the NULL; free(argv) and free(*storage). */
char **edit_split_command(const char *cmd, char **storage);

#endif
