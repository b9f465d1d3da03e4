/* editor.h - let the user edit text in $VISUAL / $EDITOR / vi. */
#ifndef DOCKET_LIB_EDITOR_H
#define DOCKET_LIB_EDITOR_H

/* Edit text in $VISUAL / $EDITOR / vi (run without a shell, with the
 * user's own rights) on a private temp file (0600, removed afterwards)
 * seeded with initial (may be NULL). before/after (may be NULL) run just
 * before the editor starts and after it ends (the TUI suspends and
 * restores the screen). Returns 0 with *out (caller frees), 1 when the
 * file came back blank (cancelled), 2 when the editor exited with a
 * failure status (text not taken), or a DK_ code. */
int edit_text(const char *initial, char **out, void (*before)(void), void (*after)(void));

#endif
