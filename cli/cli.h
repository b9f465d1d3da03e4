/* cli.h - the scriptable front end as the entry point (main.c) sees it.
 *
 * Contract (docs/cli.md): exit 0 done; 1 the action failed, with one line
 * "docket: <what>: <why>" on stderr; 2 usage error. */
#ifndef DOCKET_CLI_H
#define DOCKET_CLI_H

#include <stdio.h>

/* Run the command in argv[0..argc-1] ("ticket", "show", "5", "--json") on
 * the workspace ws_dir (NULL: the default one) as the real user, or as
 * as_login. Looks the command up in the command table (cli/commands.c),
 * parses its options, opens the workspace as the entry says and calls its
 * handler. Returns the process exit code. */
int cli_main(const char *ws_dir, const char *as_login, int argc, char **argv);

/* `docket --help`: the global usage, generated from the command table. */
void cli_global_usage(FILE *f);

/* Print "docket: <msg>" plus a hint to --help on stderr; return 2. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
