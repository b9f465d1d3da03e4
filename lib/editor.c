/* editor.c - the $EDITOR hand-off: $VISUAL, then $EDITOR, then vi run
 * without a shell (the variable split on spaces) on a private temp file
 * (0600, removed afterwards). The TUI suspends curses around it (hooks);
 * the CLI (`ticket reply --edit`) runs it as is. */
#include "lib/editor.h"

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/priv.h"
#include "lib/util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *editor_command(void)
{
	const char *e = getenv("VISUAL");
	if (!e || !*e)
		e = getenv("EDITOR");
	if (!e || !*e)
		e = "vi";
	return e;
}

char **edit_split_command(const char *cmd, char **storage)
{
	*storage = xstrdup(cmd);
	size_t n = 0, cap = 0;
	char **argv = NULL;
	char *save = NULL;
	for (char *w = strtok_r(*storage, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		ARRAY_GROW(argv, cap, n + 3);
		argv[n++] = w;
	}
	ARRAY_GROW(argv, cap, n + 3);
	argv[n] = NULL;
	return argv;
}

static int is_blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
			return 0;
	return 1;
}

pid_t edit_run_program(char **argv, int *status, void (*before)(void), void (*after)(void))
{
	if (before)
		before();
	struct sigaction ign = { 0 }, oint, oquit;
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	pid_t pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &oint, NULL);
		sigaction(SIGQUIT, &oquit, NULL);
		/* the program runs with the user's own rights and environment */
		priv_drop();
		execvpe(argv[0], argv, priv_child_env());
		fprintf(stderr, "docket: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	*status = 0;
	if (pid > 0)
		while (waitpid(pid, status, 0) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	if (after)
		after();
	return pid;
}

int edit_text(const char *initial, char **out, void (*before)(void), void (*after)(void))
{
	*out = NULL;
	const char *tmpdir = getenv("TMPDIR");
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	char *path = xasprintf("%s/docket-XXXXXX.txt", tmpdir);
	mode_t old = umask(077);
	int fd = mkstemps(path, 4);
	umask(old);
	if (fd < 0) {
		int rc = err_set(DK_EIO, "editor: %s: %s", path, strerror(errno));
		free(path);
		return rc;
	}
	fchmod(fd, 0600);
	int rc = 0;
	if (initial) {
		size_t len = strlen(initial), done = 0;
		while (done < len) {
			ssize_t w = write(fd, initial + done, len - done);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				rc = err_set(DK_EIO, "editor: %s: %s", path, strerror(errno));
				break;
			}
			done += (size_t)w;
		}
	}
	close(fd);
	if (rc)
		goto out;

	char *storage;
	char **argv = edit_split_command(editor_command(), &storage);
	size_t argc = 0;
	while (argv[argc])
		argc++;
	argv[argc] = path;
	argv[argc + 1] = NULL;

	int status = 0;
	pid_t pid = edit_run_program(argv, &status, before, after);

	if (pid < 0) {
		rc = err_set(DK_ERR, "editor: cannot start: %s", strerror(errno));
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) == 127) {
		rc = err_set(DK_ERR, "editor: %s failed to run (set $VISUAL or $EDITOR)", argv[0]);
	} else if (WEXITSTATUS(status) != 0) {
		rc = 2; /* e.g. vi's :cq: the agent gave up */
	} else {
		char *text;
		size_t len;
		if ((rc = read_file(path, &text, &len)) == 0) {
			if (is_blank(text)) {
				free(text);
				rc = 1;
			} else {
				*out = text;
			}
		}
	}
	free(argv);
	free(storage);
out:
	unlink(path);
	free(path);
	return rc;
}
