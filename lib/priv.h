/* priv.h - privilege separation for a docket installed setgid.
 *
 * A shared workspace belongs to a group (`docket`) that agents are not
 * members of; docket is installed setgid to it, so the only way to write
 * the workspace is through docket, which knows the agent from the real uid
 * (docs/security.md). While privileged (the kernel's AT_SECURE), docket
 * takes nothing from the environment that would change its decisions,
 * holds the group only while it works on the workspace itself, and drops
 * it for good before it starts another program. Unprivileged (a personal
 * workspace, `make run`) every call here is a no-op. */
#ifndef DOCKET_PRIV_H
#define DOCKET_PRIV_H

/* First thing in main: note whether docket runs privileged, keep a copy
 * of the environment for the programs it starts, and remove from its own
 * environment what would change its decisions (DOCKET_NOW and the other
 * DOCKET_ variables but DOCKET_WORKSPACE, what SQLite, libgit2 and ncurses
 * read, HOME, TMPDIR, XDG_*). A variable removed that the user had set is
 * named once on stderr. */
void priv_init(void);

/* 1 while docket holds a group it was not started with (setgid, not yet
 * dropped). */
int priv_active(void);

/* Drop the group for good (real, effective and saved gid = the real gid):
 * before exec of an editor, pager, viewer or mail program, and for
 * commands that make a workspace of the user's own (init, demo, restore)
 * or that work on a workspace not owned by the group. */
void priv_drop(void);

/* Act with the user's own rights for a moment (a path the user named:
 * an export, a backup file, a template): priv_user_begin() sets the
 * real and effective gid to the user's own, priv_user_end() takes the
 * group back (docket holds it as real and effective gid meanwhile, for
 * access(2) checks in libgit2).
 * They nest; no-ops when not privileged. */
void priv_user_begin(void);
void priv_user_end(void);

/* The umask docket was started with (main sets 007 for the workspace):
 * for files the user names and means to share, such as a redline. */
int priv_user_umask(void);

/* The environment docket was started with, for the programs it starts
 * (after priv_drop()); `environ` when not privileged. */
char **priv_child_env(void);

/* A test-only crash point: SIGKILL when DOCKET_TEST_KILL_AT names point
 * (publish-after-intent, publish-after-branch, erase-after-commit).
 * Never while privileged (priv_init removes the variable too). */
void priv_test_kill_at(const char *point);

#endif
