/* main.c - `docket` opens the TUI; `docket <command>` runs a subcommand. */
#include "cli/cli.h"
#include "tui/front.h"

#include "lib/err.h"
#include "lib/priv.h"
#include "lib/util.h"
#include "core/mail.h"
#include "core/workspace.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DOCKET_VERSION "0.1.0"


static const char usage_text[] =
	"usage: docket [--workspace DIR] [--as LOGIN] [COMMAND [ARGS]]\n"
	"\n"
	"Without a command, docket opens the agents' workspace (TUI);\n"
	"docket --keys FILE replays keys into it (benchmarks).\n"
	"\n"
	"Workspaces\n"
	"  init [DIR]                         new workspace with the starter legal repository\n"
	"  demo DIR [--tickets N] [--customers N] [--seed S]   workspace full of demo data\n"
	"  backup FILE                        one-file copy of database and legal repository\n"
	"  restore FILE DIR                   a new workspace from a backup\n"
	"  agent add LOGIN ROLE | agent set LOGIN ROLE | agent remove LOGIN | agent list\n"
	"Customers\n"
	"  customer new --name N --email E --jurisdiction J\n"
	"  customer show ID | customer list [--jurisdiction J] [--search TEXT]\n"
	"  customer export ID [--out FILE] [--recipient subject|third-party]\n"
	"  customer rectify ID FIELD VALUE | erase ID [--reason T] [--dry-run] [--json]\n"
	"  customer hold ID on|off [--reason T] | restrict ID on|off [--reason T]\n"
	"Tickets\n"
	"  ticket new --customer ID --subject S [--kind K] [--channel C]   (body on stdin)\n"
	"  ticket list [--status S] [--kind K] [--assignee A] [--overdue] [--limit N] [--offset N]\n"
	"  ticket show ID | ticket timeline ID\n"
	"  ticket reply ID [--automated] [--expect-version V] | ticket note ID   (body on stdin)\n"
	"  ticket set ID status|kind|assignee|priority VALUE [--expect-version V]\n"
	"  ticket event ID TYPE [--detail T] | ticket event ID aware [--at T] [--detail T]\n"
	"  ticket event ID clock-paused --reason R | ticket event ID resolved [--met-by MSG | --keep-open]\n"
	"  search QUERY [--limit N] [--rank]\n"
	"Legal\n"
	"  obligations [--ticket ID] [--due-before T] [--status S] | obligation step OID N done|undone\n"
	"  obligation waive OID --reason T\n"
	"  retention run [--dry-run] [--json]\n"
	"  report [--from T] [--to T] [--json | --csv]\n"
	"  rules check [DIR] | rules list | rules due RULE --from T [--jurisdiction J]\n"
	"  terms log [DOC] | terms show [DOC] [--rev REV]\n"
	"  terms diff [DOC] REV1 REV2 [--word | --side-by-side | --clauses] [--width N]\n"
	"  terms which CUSTOMER|--all [DOC] [--at T] | terms accept CUSTOMER [DOC] [--rev REV] [--channel C]\n"
	"  terms publish DOC FILE --effective DATE [--notice-days N] [-m MSG]\n"
	"  audit verify [--anchor SEQ:HASH]... [--anchors FILE|-] | audit head | audit log\n"
	"Mail\n"
	"  mail in                            one message on stdin (exit 0 taken, 75 retry later)\n"
	"  mail flush | mail queue [--all] | mail quarantine | mail show RAW | mail attachments TICKET\n"
	"\n"
	"Most commands take --json. DOCKET_NOW=2026-01-31T09:00:00Z pins the clock.\n"
	"Workspace: --workspace DIR, else $DOCKET_WORKSPACE, else $XDG_DATA_HOME/docket.\n"
	"Exit status: 0 done, 1 failed (one line `docket: what: why` on stderr), 2 usage.\n"
	"See docket(1).\n";

struct command {
	const char *name;
	int (*fn)(struct cli *c, int argc, char **argv);
};

static const struct command commands[] = {
	{ "init", cli_init },
	{ "demo", cli_demo },
	{ "agent", cli_agent },
	{ "customer", cli_customer },
	{ "ticket", cli_ticket },
	{ "search", cli_search },
	{ "obligations", cli_obligations },
	{ "obligation", cli_obligation },
	{ "retention", cli_retention },
	{ "rules", cli_rules },
	{ "terms", cli_terms },
	{ "report", cli_report },
	{ "audit", cli_audit },
	{ "backup", cli_backup },
	{ "restore", cli_restore },
};

/* `docket CMD --help`: the lines of the usage that name CMD. */
static int command_help(const char *cmd)
{
	printf("usage (see docket(1) for the details):\n");
	size_t n = strlen(cmd);
	const char *line = usage_text;
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		const char *p = line;
		while (*p == ' ')
			p++;
		int hit = 0;
		for (const char *q = p; q + n <= line + len; q++)
			if (!strncmp(q, cmd, n) && (q == p || q[-1] == ' ' || q[-1] == '|') &&
			    (q[n] == ' ' || q + n == line + len))
				hit = 1;
		if (hit)
			printf("  docket %.*s\n", (int)(len - (size_t)(p - line)), p);
		line += len + (end ? 1 : 0);
	}
	return 0;
}

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

int main(int argc, char **argv)
{
	/* Before anything reads the environment (docs/security.md). */
	priv_init();
	heap_hugepages();
	setlocale(LC_ALL, "");
	/* Workspaces are shared by a group: nothing for others. */
	umask(007);
	struct cli c = { 0 };
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h") || !strcmp(a, "help")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			puts("docket " DOCKET_VERSION);
			return 0;
		} else if (!strcmp(a, "--workspace") || !strcmp(a, "--as")) {
			if (i + 1 >= argc)
				return cli_usage("%s needs a value", a);
			if (!strcmp(a, "--as"))
				c.as_login = argv[++i];
			else
				c.ws_dir = argv[++i];
		} else if (!strncmp(a, "--workspace=", 12)) {
			c.ws_dir = a + 12;
		} else if (!strncmp(a, "--as=", 5)) {
			c.as_login = a + 5;
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
		rc = tui_main(c.ws_dir, c.as_login, argc - i, argv + i);
	} else if (!strcmp(argv[i], "mail")) {
		rc = run_mail(argv, i + 1 < argc ? argv[i + 1] : NULL);
	} else {
		const struct command *cmd = NULL;
		for (size_t k = 0; k < ARRAY_SIZE(commands); k++)
			if (!strcmp(commands[k].name, argv[i]))
				cmd = &commands[k];
		int want_help = 0;
		for (int k = i + 1; k < argc && strcmp(argv[k], "--"); k++)
			if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h"))
				want_help = 1;
		if (!cmd)
			rc = cli_usage("%s: unknown command", argv[i]);
		else if (want_help)
			rc = command_help(cmd->name);
		else
			rc = cmd->fn(&c, argc - i, argv + i);
	}
	ws_close(c.ws);
	fflush(stdout);
	if (ferror(stdout)) {
		fprintf(stderr, "docket: stdout: write error\n");
		return 1;
	}
	return rc;
}
