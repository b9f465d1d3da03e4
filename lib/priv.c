/* priv.c - privilege separation for a docket installed setgid (priv.h). */
#include "lib/priv.h"

#include "lib/util.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

static int secure;       /* started with AT_SECURE */
static gid_t group;      /* the effective gid docket was started with */
static gid_t user_gid;   /* the real gid it was started with */
static int dropped;      /* priv_drop() done */
static int user_depth;   /* priv_user_begin() nesting */
static char **saved_env; /* the environment as started, for children */

/* Variables whose name starts with one of these are removed while
 * privileged: docket's own (but DOCKET_WORKSPACE, which only names the
 * workspace), SQLite's (SQLITE_TMPDIR, SQLITE_*), libgit2's (GIT_*, and it
 * reads its global configuration from HOME/XDG_CONFIG_HOME), ncurses'
 * (TERMINFO, TERMINFO_DIRS, TERMCAP, TERMPATH, NCURSES_*, LINES, COLUMNS,
 * ESCDELAY, TABSIZE) and the temp folder both use (TMPDIR). */
static const char *const strip_prefix[] = {
	"DOCKET_", "SQLITE_", "GIT_", "NCURSES_", "TERMINFO", "TERMCAP", "TERMPATH", "XDG_",
};
static const char *const strip_exact[] = {
	"HOME", "TMPDIR", "TMP", "TEMP", "LINES", "COLUMNS", "ESCDELAY", "TABSIZE", "CC", "EMAIL",
};

static int stripped(const char *entry)
{
	const char *eq = strchr(entry, '=');
	size_t n = eq ? (size_t)(eq - entry) : strlen(entry);
	if (n == 16 && !strncmp(entry, "DOCKET_WORKSPACE", 16))
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(strip_prefix); i++)
		if (!strncmp(entry, strip_prefix[i], strlen(strip_prefix[i])))
			return 1;
	for (size_t i = 0; i < ARRAY_SIZE(strip_exact); i++)
		if (strlen(strip_exact[i]) == n && !strncmp(entry, strip_exact[i], n))
			return 1;
	return 0;
}

static int start_umask = 022;

int priv_user_umask(void)
{
	return start_umask;
}

void priv_init(void)
{
	/* the user's umask, before main sets the workspace's */
	mode_t um = umask(022);
	umask(um);
	start_umask = (int)um;
	secure = getauxval(AT_SECURE) != 0;
	group = getegid();
	if (!secure || group == getgid()) {
		/* setgid to a group the user already has: nothing to guard */
		secure = 0;
		return;
	}
	size_t n = 0;
	while (environ && environ[n])
		n++;
	saved_env = xcalloc(n + 1, sizeof(char *));
	char **keep = xcalloc(n + 1, sizeof(char *));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		saved_env[i] = xstrdup(environ[i]);
		if (!stripped(environ[i]))
			keep[k++] = xstrdup(environ[i]);
		else if (!strncmp(environ[i], "DOCKET_NOW=", 11))
			fprintf(stderr, "docket: DOCKET_NOW ignored: docket runs setgid for a shared workspace\n");
	}
	environ = keep;
	/* The group becomes the real gid too while docket works on the
	 * workspace, the user's own gid kept as the saved one: libgit2 tests
	 * paths with access(2), which judges by the real ids. */
	user_gid = getgid();
	if (setresgid(group, group, user_gid) != 0)
		die("cannot take the workspace group: setresgid failed");
}

int priv_active(void) { return secure && !dropped; }

void priv_drop(void)
{
	if (!priv_active())
		return;
	gid_t g = user_gid;
	if (setresgid(g, g, g) != 0)
		die("cannot drop the group: setresgid failed");
	dropped = 1;
}

void priv_user_begin(void)
{
	if (!priv_active())
		return;
	if (user_depth++ == 0 && setresgid(user_gid, user_gid, group) != 0)
		die("cannot act with your own rights: setegid failed");
}

void priv_user_end(void)
{
	if (!priv_active() || user_depth == 0)
		return;
	if (--user_depth == 0 && setresgid(group, group, user_gid) != 0)
		die("cannot take the workspace group back: setegid failed");
}

char **priv_child_env(void) { return saved_env ? saved_env : environ; }

void priv_test_kill_at(const char *point)
{
	const char *e = getenv("DOCKET_TEST_KILL_AT");
	if (e && !strcmp(e, point) && !secure)
		raise(SIGKILL);
}
