/* main.c - the entry point: the global options (--workspace, --as, --help,
 * --version), then `docket` opens the TUI (tui/front.h), `docket mail ...`
 * runs docket-mail, and `docket <command>` runs a subcommand (cli/cli.h).
 * No front end includes another; each opens the workspace itself. */
#include "cli/cli.h"
#include "tui/front.h"

#include "lib/buf.h"
#include "lib/priv.h"
#include "lib/util.h"
#include "core/mail.h"
#include "core/workspace.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <malloc.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DOCKET_VERSION "0.1.0"

/* A revision of a long document is rebuilt from packed deltas, each step a
 * fresh copy of the whole text: a diff of two revisions of a 200 KB
 * document touched ~2,000 new pages, a fault each. The heap grows in 32 MB
 * steps here and its first step is marked for transparent huge pages (what
 * glibc's glibc.malloc.hugetlb=1 tunable does), so those are a few 2 MB
 * faults. Address space never touched costs nothing; where THP is off,
 * madvise changes nothing. */
static void heap_hugepages(void)
{
	const uintptr_t huge = 2u << 20;
	if (mallopt(M_TOP_PAD, 32 << 20) != 1)
		return;
	void *p = malloc(1);
	uintptr_t start = ((uintptr_t)p + huge - 1) & ~(huge - 1), end = (uintptr_t)sbrk(0);
	if (p && end > start + huge)
		madvise((void *)start, end - start, MADV_HUGEPAGE);
	free(p);
}

/* The mail front end is its own program (mail/bin.c: GMime and libxml2
 * would double every command's start-up): docket-mail beside this
 * binary, else on PATH. Caller frees. */
static char *mail_program(void)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = 0;
		char *slash = strrchr(self, '/');
		if (slash) {
			char *p = xasprintf("%.*s/docket-mail", (int)(slash - self), self);
			if (access(p, X_OK) == 0)
				return p;
			free(p);
		}
	}
	return xstrdup("docket-mail");
}

/* `docket ... mail SUB`: the same arguments to docket-mail. */
static int run_mail(char **argv, const char *sub)
{
	char *prog = mail_program();
	argv[0] = prog;
	fflush(NULL);
	execvp(prog, argv);
	fprintf(stderr, "docket: mail: cannot run %s: %s\n", prog, strerror(errno));
	free(prog);
	/* an MTA keeps the message and retries (sysexits.h EX_TEMPFAIL) */
	return sub && !strcmp(sub, "in") ? 75 : 1;
}

/* After a reply's commit queued mail: docket-mail sends it (quiet in the
 * TUI: nothing reaches the screen). */
static void send_queued(struct workspace *ws, int quiet)
{
	char *prog = mail_program();
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(quiet ? null : 2, 1);
			if (quiet)
				dup2(null, 2);
		}
		execl(prog, prog, "--workspace", ws->dir, "mail", "send-queued", quiet ? "--quiet" : (char *)NULL,
		      (char *)NULL);
		if (!quiet)
			fprintf(stderr, "docket: mail: cannot run %s: %s\n", prog, strerror(errno));
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	free(prog);
}

/* The TUI's mail actions (tui/front.h): `docket mail ARGS...` as a child,
 * its output collected. */
static int mail_capture(const char *ws_dir, const char *const *args, char **out, char **err)
{
	*out = *err = NULL;
	int po[2], pe[2];
	if (pipe(po))
		return -1;
	if (pipe(pe)) {
		close(po[0]);
		close(po[1]);
		return -1;
	}
	char *prog = mail_program();
	size_t n = 0;
	while (args[n])
		n++;
	/* execv takes char *const[]: copies, not casts */
	char **argv = xcalloc(n + 5, sizeof(*argv));
	argv[0] = xstrdup(prog);
	argv[1] = xstrdup("--workspace");
	argv[2] = xstrdup(ws_dir);
	argv[3] = xstrdup("mail");
	for (size_t i = 0; i < n; i++)
		argv[4 + i] = xstrdup(args[i]);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		execv(prog, argv);
		fprintf(stderr, "cannot run %s: %s\n", prog, strerror(errno));
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	int status = -1;
	if (pid > 0) {
		/* both pipes drained together: neither side can block the other */
		struct buf bo = BUF_INIT, be = BUF_INIT;
		struct pollfd fds[2] = { { .fd = po[0], .events = POLLIN }, { .fd = pe[0], .events = POLLIN } };
		int open_fds = 2;
		while (open_fds) {
			if (poll(fds, 2, -1) < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			for (int k = 0; k < 2; k++) {
				if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
					continue;
				char tmp[4096];
				ssize_t r = read(fds[k].fd, tmp, sizeof(tmp));
				if (r > 0) {
					buf_add(k ? &be : &bo, tmp, (size_t)r);
				} else if (r == 0 || errno != EINTR) {
					fds[k].fd = -1;
					open_fds--;
				}
			}
		}
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		*out = buf_detach(&bo);
		*err = buf_detach(&be);
	}
	close(po[0]);
	close(pe[0]);
	for (size_t i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
	free(prog);
	return pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
	/* Before anything reads the environment (docs/security.md). */
	priv_init();
	heap_hugepages();
	setlocale(LC_ALL, "");
	/* Workspaces are shared by a group: nothing for others. */
	umask(007);
	const char *ws_dir = NULL, *as_login = NULL;
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			cli_global_usage(stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			puts("docket " DOCKET_VERSION);
			return 0;
		} else if (!strcmp(a, "--workspace") || !strcmp(a, "--as")) {
			if (i + 1 >= argc)
				return cli_usage("%s needs a value", a);
			if (!strcmp(a, "--as"))
				as_login = argv[++i];
			else
				ws_dir = argv[++i];
		} else if (!strncmp(a, "--workspace=", 12)) {
			ws_dir = a + 12;
		} else if (!strncmp(a, "--as=", 5)) {
			as_login = a + 5;
		} else if (a[0] == '-' && strcmp(a, "--keys") && strncmp(a, "--keys=", 7)) {
			return cli_usage("unknown option %s", a);
		} else {
			break;
		}
	}
	int rc;
	/* a reply that queued mail hands it to the MTA after its commit */
	mail_set_after_commit(send_queued, i >= argc || argv[i][0] == '-');
	if (i >= argc || argv[i][0] == '-') {
		tui_set_mail_runner(mail_capture);
		rc = tui_main(ws_dir, as_login, argc - i, argv + i);
	} else if (!strcmp(argv[i], "mail"))
		rc = run_mail(argv, i + 1 < argc ? argv[i + 1] : NULL);
	else
		rc = cli_main(ws_dir, as_login, argc - i, argv + i);
	fflush(stdout);
	if (ferror(stdout)) {
		fprintf(stderr, "docket: stdout: write error\n");
		return 1;
	}
	return rc;
}
