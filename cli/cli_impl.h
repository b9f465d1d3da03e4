/* cli_impl.h - what the files of cli/ share: the command table's types,
 * the parsed arguments a handler receives, and the common helpers.
 *
 * A command is one entry of the table in cli/commands.c: its name ("ticket
 * show"), what it needs (CLI_WS: the workspace with its database and an
 * agent; CLI_FILES: only the workspace's folders and config, for commands
 * that read the legal repository; neither: no workspace), the minimum role,
 * its positional arguments, its own options and its usage text. The
 * dispatcher parses argv against the entry, opens the workspace, checks the
 * role, and only then calls the handler, so handlers neither parse options
 * nor open the workspace. */
#ifndef DOCKET_CLI_IMPL_H
#define DOCKET_CLI_IMPL_H

#include "cli/cli.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct workspace;

struct cli {
	const char *ws_dir;   /* --workspace, or NULL */
	const char *as_login; /* --as, or NULL */
	struct workspace *ws; /* opened by the dispatcher (CLI_WS, CLI_FILES) */
};

/* One option of a command: --name VALUE when arg (the value's name in the
 * usage) is set, else the flag --name; letter (0: none) also matches -x.
 * A required option missing is a usage error before anything is opened. */
struct cli_option {
	const char *name;
	char letter;
	const char *arg;
	const char *help;
	int required;
};

#define CLI_MAX_OPTS 16

struct cli_command;

/* What a handler receives: the positional arguments and the options. */
struct cli_args {
	const struct cli_command *cmd;
	char **pos;
	int npos;
	const char *val[CLI_MAX_OPTS]; /* by index in cmd->opts; "" for a flag given */
	/* every value given, in order (for repeatable options) */
	const char **all;
	int *all_opt; /* the option index of all[i] */
	int nall;
};

enum cli_needs {
	CLI_NONE = 0,      /* no workspace (init, demo, restore, rules check) */
	CLI_WS = 1 << 0,   /* the workspace with its database and an agent */
	CLI_FILES = 1 << 1 /* the workspace's files only (legal repository) */
};

struct cli_command {
	const char *name;     /* "ticket show", or "search" */
	int (*fn)(struct cli *c, const struct cli_args *a);
	unsigned needs;       /* enum cli_needs */
	int min_role;         /* enum role; ROLE_NONE: any agent */
	int min_args, max_args; /* positional arguments; max_args -1: any */
	const char *args;     /* their names in the usage ("ID FIELD VALUE") */
	const char *synopsis; /* the options in the usage ("[--json]") */
	const char *summary;  /* one line for --help */
	const struct cli_option *opts; /* { 0 }-terminated, or NULL */
	const char *section;  /* heading of the global usage */
};

/* The table (cli/commands.c), terminated by an entry with name NULL. The
 * entries of one command ("ticket ...") are next to each other. */
extern const struct cli_command cli_commands[];
/* The length of the first word of a command's name ("ticket show": 6). */
size_t cli_group_len(const char *name);

/* The value of option name, or NULL if it was not given (for a flag: ""
 * when given). name must be one of the command's options. */
const char *cli_arg(const struct cli_args *a, const char *name);
/* Every value given for option name, in order (a repeatable option):
 * returns the count and sets *out to an array to free (NULL when none). */
size_t cli_arg_all(const struct cli_args *a, const char *name, const char ***out);
/* 1 if the flag (or option) name was given. */
int cli_flag(const struct cli_args *a, const char *name);
/* Release what cli_parse() allocated. */
void cli_args_release(struct cli_args *a);

/* Parse argv (argv[0] is the command's last word) against cmd's options
 * into a; returns 0, 2 after printing a usage error naming the option and
 * the command, or -1 for --help (nothing printed). Free a->pos only. */
int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_args *a);

/* The command ("ticket show", "ticket") whose usage cli_usage() points
 * to (NULL: the global usage). */
void cli_usage_context(const char *name);

/* Print "docket: <err_msg()>" and return the exit code for rc (2 for
 * DK_EUSAGE, 1 otherwise, 0 for rc == 0). */
int cli_fail(int rc);

/* Read all of stdin (the body of a reply/note/ticket). 0 or exit code 1. */
int cli_read_stdin(char **out);

/* Print a jansson value (json_t *) to stdout, indented, with a newline. */
void cli_print_json(void *json);

/* `docket CMD [SUB] --help` (cli/commands.c). */
void cli_command_usage(const struct cli_command *cmd, FILE *f);
/* `docket completion bash|zsh` (cli/completion.c). */
int cli_completion(struct cli *c, const struct cli_args *a);

/* The handlers, one per entry of the table; argv is parsed already. */
#define CLI_HANDLER(fn) int fn(struct cli *c, const struct cli_args *a)
/* cli_admin.c */
CLI_HANDLER(cli_init);
CLI_HANDLER(cli_demo);
CLI_HANDLER(cli_backup);
CLI_HANDLER(cli_restore);
CLI_HANDLER(cli_audit_verify);
CLI_HANDLER(cli_audit_head);
CLI_HANDLER(cli_audit_log);
/* cli_letters.c: `ticket reply --template` (after ticket_args), and
 * the $EDITOR hand-off of `ticket reply --edit` */
int cli_reply_template(struct cli *c, const struct cli_args *a, int64_t id, int64_t expect);
int cli_edit_text(const char *initial, char **out);
CLI_HANDLER(cli_ticket_templates);
CLI_HANDLER(cli_terms_notify);
CLI_HANDLER(cli_terms_notices);
CLI_HANDLER(cli_breach_notify);
CLI_HANDLER(cli_breach_notices);
/* cli_desk.c */
CLI_HANDLER(cli_agent_add);
CLI_HANDLER(cli_agent_set);
CLI_HANDLER(cli_agent_remove);
CLI_HANDLER(cli_agent_list);
CLI_HANDLER(cli_customer_new);
CLI_HANDLER(cli_customer_show);
CLI_HANDLER(cli_customer_list);
CLI_HANDLER(cli_ticket_new);
CLI_HANDLER(cli_ticket_list);
CLI_HANDLER(cli_ticket_show);
CLI_HANDLER(cli_ticket_timeline);
CLI_HANDLER(cli_ticket_attachment);
/* `ticket reply --attach FILE` (repeatable): the files read with the
 * user's own rights, each named by its last path component and typed by
 * its extension; at most mail_max_bytes (default 25 MB) together. *files
 * and its data: cli_attachments_free. Returns 0 or a DK_ code (message
 * set, nothing printed). */
struct reply_file;
int cli_attachments(struct cli *c, const struct cli_args *a, struct reply_file **files, size_t *n);
void cli_attachments_free(struct reply_file *files, size_t n);
CLI_HANDLER(cli_ticket_reply);
CLI_HANDLER(cli_ticket_note);
CLI_HANDLER(cli_ticket_set);
CLI_HANDLER(cli_ticket_take);
CLI_HANDLER(cli_digest);
CLI_HANDLER(cli_ticket_event);
CLI_HANDLER(cli_search);
CLI_HANDLER(cli_obligations);
CLI_HANDLER(cli_obligation_step);
CLI_HANDLER(cli_obligation_waive);
/* cli_rights.c */
CLI_HANDLER(cli_customer_export);
CLI_HANDLER(cli_customer_rectify);
CLI_HANDLER(cli_customer_erase);
CLI_HANDLER(cli_customer_hold);
CLI_HANDLER(cli_customer_restrict);
CLI_HANDLER(cli_retention_run);
/* cli_rules.c */
CLI_HANDLER(cli_rules_check);
CLI_HANDLER(cli_rules_list);
CLI_HANDLER(cli_rules_due);
CLI_HANDLER(cli_rules_holidays);
/* cli_terms.c */
CLI_HANDLER(cli_terms_log);
CLI_HANDLER(cli_terms_show);
CLI_HANDLER(cli_terms_diff);
CLI_HANDLER(cli_terms_which);
CLI_HANDLER(cli_terms_publish);
CLI_HANDLER(cli_terms_accept);
/* cli_report.c */
CLI_HANDLER(cli_report);
/* cli_config.c */
CLI_HANDLER(cli_config_set);
CLI_HANDLER(cli_config_get);
CLI_HANDLER(cli_config_list);

#endif
