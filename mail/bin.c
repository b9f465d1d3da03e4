/* bin.c - `docket-mail`, the mail front end as its own program: GMime,
 * GLib and libxml2 (with ICU) would double the start-up time and the
 * memory of every other docket command, so ./docket links none of them
 * and runs this program for `docket mail ...` and to send what a reply
 * queued (main.c). Takes the same global options. */
#include "mail/front.h"

#include "lib/priv.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	/* Run by a setgid docket, this program is started AT_SECURE with the
	 * user's gid as the real one (priv_exec_helper): it guards itself the
	 * same way, before anything reads the environment. */
	priv_init();
	setlocale(LC_ALL, "");
	umask(007);
	const char *ws_dir = NULL, *as = NULL;
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if ((!strcmp(a, "--workspace") || !strcmp(a, "--as")) && i + 1 < argc) {
			if (!strcmp(a, "--as"))
				as = argv[++i];
			else
				ws_dir = argv[++i];
		} else if (!strncmp(a, "--workspace=", 12)) {
			ws_dir = a + 12;
		} else if (!strncmp(a, "--as=", 5)) {
			as = a + 5;
		} else {
			break;
		}
	}
	if (i >= argc || strcmp(argv[i], "mail")) {
		fprintf(stderr, "usage: docket-mail [--workspace DIR] [--as LOGIN] mail SUBCOMMAND ... (see docket mail --help)\n");
		return 64;
	}
	int rc = mail_main(ws_dir, as, argc - i, argv + i);
	fflush(stdout);
	if (ferror(stdout)) {
		fprintf(stderr, "docket: stdout: write error\n");
		return rc ? rc : 1;
	}
	return rc;
}
