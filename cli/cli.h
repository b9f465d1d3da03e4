/* cli.h - the scriptable front end: one handler per subcommand.
 *
 * Contract (../shared/CLI.md): exit 0 done; 1 the action failed, with one
 * line "docket: <what>: <why>" on stderr; 2 usage error. */
#ifndef DOCKET_CLI_H
#define DOCKET_CLI_H

#include <stdio.h>

struct workspace;

struct cli {
	const char *ws_dir;   /* --workspace, or NULL */
	const char *as_login; /* --as, or NULL */
	struct workspace *ws; /* opened by cli_ws() */
};

/* Open the workspace (once). On failure prints the error and returns 1. */
int cli_ws(struct cli *c, struct workspace **out);
/* The same without the database (ws_open_files): for commands that only
 * read the legal repository. */
int cli_ws_files(struct cli *c, struct workspace **out);

/* Print "docket: <err_msg()>" and return the exit code for rc (2 for
 * DK_EUSAGE, 1 otherwise, 0 for rc == 0). */
int cli_fail(int rc);
/* Print "docket: <msg>" plus a hint to --help; return 2. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Option parsing for subcommands. Options are long (--name, --name=value,
 * --name value); a one-letter name also matches "-x". Anything else is a
 * positional argument ("--" ends options). Unknown options -> usage error.
 * For has_arg options *val is set; for flags *flag is set to 1. */
struct cli_opt {
	const char *name;
	int has_arg;
	const char **val;
	int *flag;
};
/* Returns 0, or 2 after printing the usage error. pos receives the
 * positional arguments (argv pointers; free the array only). */
int cli_parse(int argc, char **argv, const struct cli_opt *opts, char ***pos, int *npos);

/* Read all of stdin (the body of a reply/note/ticket). 0 or exit code 1. */
int cli_read_stdin(char **out);

/* Print a jansson value (json_t *) to stdout, indented, with a newline. */
void cli_print_json(void *json);

/* Subcommand handlers; argv[0] is the subcommand's own name. Each returns
 * the process exit code. */
int cli_init(struct cli *c, int argc, char **argv);
int cli_demo(struct cli *c, int argc, char **argv);
int cli_agent(struct cli *c, int argc, char **argv);
int cli_customer(struct cli *c, int argc, char **argv);
/* customer rectify/erase/hold/restrict/export (cli_rights.c), from cli_customer */
int cli_customer_rights(struct cli *c, int argc, char **argv);
int cli_ticket(struct cli *c, int argc, char **argv);
int cli_search(struct cli *c, int argc, char **argv);
int cli_obligations(struct cli *c, int argc, char **argv);
int cli_obligation(struct cli *c, int argc, char **argv);
int cli_retention(struct cli *c, int argc, char **argv);
int cli_rules(struct cli *c, int argc, char **argv);
int cli_terms(struct cli *c, int argc, char **argv);
int cli_report(struct cli *c, int argc, char **argv);
int cli_audit(struct cli *c, int argc, char **argv);
int cli_backup(struct cli *c, int argc, char **argv);
int cli_restore(struct cli *c, int argc, char **argv);

#endif
