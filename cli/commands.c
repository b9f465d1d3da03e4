/* commands.c - the command table and its dispatcher.
 *
 * Every subcommand is one entry below (git's builtin table is the model):
 * what it needs opened, the minimum role, its positional arguments, its
 * own options and its usage. `docket CMD [SUB] --help`, the global usage,
 * the shell completions and the dispatch all read this table; adding a
 * subcommand is adding an entry and its handler (docs/architecture.md). */
#include "cli/cli_impl.h"

#include "lib/err.h"
#include "lib/util.h"
#include "core/workspace.h"

#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define OPT_JSON { "json", 0, NULL, "JSON output (docs/cli.md)", 0 }
#define OPT_EXPECT { "expect-version", 0, "V", "refuse if the ticket's version is no longer V", 0 }
#define OPT_LIMIT(what) { "limit", 0, "N", what, 0 }
#define OPT_END { NULL, 0, NULL, NULL, 0 }

static const struct cli_option o_none[] = { OPT_END };
static const struct cli_option o_json[] = { OPT_JSON, OPT_END };
static const struct cli_option o_demo[] = {
	{ "tickets", 0, "N", "number of tickets (default 300)", 0 },
	{ "customers", 0, "N", "number of customers (default 120)", 0 },
	{ "seed", 0, "S", "random seed (default 1)", 0 },
	OPT_END
};
static const struct cli_option o_audit_verify[] = {
	{ "anchor", 0, "SEQ:HASH", "the chain must still hold row SEQ with HASH (repeatable)", 0 },
	{ "anchors", 0, "FILE", "anchors read from FILE (-: stdin), as audit head and the system log print them (repeatable)", 0 },
	OPT_JSON,
	OPT_END
};
static const struct cli_option o_audit_log[] = {
	OPT_LIMIT("at most N rows, newest first (default: all)"),
	{ "object", 0, "O", "only the rows of object O (ticket:12, customer:3)", 0 },
	OPT_JSON,
	OPT_END
};
static const struct cli_option o_customer_new[] = {
	{ "name", 0, "N", "the customer's name", 1 },
	{ "email", 0, "E", "the customer's email address", 1 },
	{ "jurisdiction", 0, "J", "ISO 3166-1 code, optionally with a subdivision (DE, US-CA)", 1 },
	OPT_END
};
static const struct cli_option o_customer_list[] = {
	{ "jurisdiction", 0, "J", "only customers of J", 0 },
	{ "search", 0, "TEXT", "name or email contains TEXT, any case", 0 },
	OPT_LIMIT("at most N customers (default 100; 0: all)"),
	{ "offset", 0, "N", "skip the first N", 0 },
	OPT_JSON,
	OPT_END
};
static const struct cli_option o_customer_export[] = {
	{ "out", 0, "FILE", "write to FILE (mode 0600) instead of stdout; repeatable, the format by the extension "
	  "(.json, .html, .txt)", 0 },
	{ "format", 0, "F", "json (default), html or text: the readable copy (GDPR Art 12(1), 15)", 0 },
	{ "recipient", 0, "WHO", "subject (default) or third-party", 0 },
	OPT_END
};
static const struct cli_option o_ticket_attachment[] = {
	{ "out", 0, "FILE", "write it to FILE (mode 0600, with your own rights) instead of stdout", 0 },
	{ "replace", 0, NULL, "replace FILE when it exists (refused otherwise)", 0 },
	OPT_END
};
static const struct cli_option o_customer_erase[] = {
	{ "reason", 0, "TEXT", "why, for the audit row", 0 },
	{ "dry-run", 0, NULL, "show what would go and what would stay; change nothing", 0 },
	OPT_JSON,
	OPT_END
};
static const struct cli_option o_reason[] = { { "reason", 0, "TEXT", "why, for the audit row", 0 }, OPT_END };
static const struct cli_option o_ticket_new[] = {
	{ "customer", 0, "ID", "the customer", 1 },
	{ "subject", 0, "S", "the subject", 1 },
	{ "kind", 0, "K", "question (default), complaint, data-access, ...", 0 },
	{ "channel", 0, "C", "where it came from (email, phone, web, ...)", 0 },
	{ "priority", 0, "P", "1 (urgent) to 4 (low)", 0 },
	OPT_END
};
static const struct cli_option o_ticket_list[] = {
	{ "status", 0, "S", "new, open, pending, on-hold, resolved, closed or all (default: unresolved)", 0 },
	{ "kind", 0, "K", "only tickets of kind K", 0 },
	{ "assignee", 0, "A", "only tickets assigned to A (none: unassigned)", 0 },
	{ "jurisdiction", 0, "J", "only customers of J", 0 },
	{ "overdue", 0, NULL, "only tickets with an overdue obligation", 0 },
	{ "sort", 0, "BY", "urgency (default), priority, age (oldest first) or updated (latest first)", 0 },
	{ "view", 0, "NAME", "the saved view NAME (config view.NAME); the other options add to it", 0 },
	OPT_LIMIT("at most N tickets (default 100; 0: all)"),
	{ "offset", 0, "N", "skip the first N", 0 },
	OPT_JSON,
	OPT_END
};
static const struct cli_option o_terms_notify[] = {
	{ "rev", 0, "REV", "the revision to give notice of (default: the newest)", 0 },
	OPT_JSON,
	OPT_END
};
static const struct cli_option o_breach_notify[] = {
	{ "customers", 0, "IDS", "the affected customers, comma-separated", 0 },
	{ "search", 0, "TEXT", "the affected customers: name or email contains TEXT", 0 },
	{ "set", 0, "NAME=VALUE", "a placeholder's value: breach_nature, breach_consequences, breach_measures (repeatable)",
	  0 },
	OPT_JSON,
	OPT_END
};
static const struct cli_option o_ticket_reply[] = {
	{ "automated", 0, NULL, "written by a bot or AI (adds the disclosure where a rule asks)", 0 },
	{ "template", 0, "NAME", "the letter templates/NAME.md of the legal repository, filled for the ticket", 0 },
	{ "set", 0, "NAME=VALUE", "a placeholder's value for --template (repeatable)", 0 },
	{ "edit", 0, NULL, "$EDITOR instead of stdin: the filled letter, or the draft (quote, greeting, signature)", 0 },
	{ "attach", 0, "FILE", "send FILE with the reply (repeatable; read with your own rights); a copy exported for "
	  "the customer ticks the access duty's copy step", 0 },
	OPT_EXPECT,
	OPT_END
};
static const struct cli_option o_digest[] = {
	{ "mine", 0, NULL, "only tickets assigned to you", 0 },
	{ "since", 0, "T", "from T (default: the last 24 hours)", 0 },
	OPT_JSON,
	OPT_END
};
static const struct cli_option o_expect[] = { OPT_EXPECT, OPT_END };
static const struct cli_option o_ticket_event[] = {
	{ "detail", 0, "T", "free text stored with the event", 0 },
	{ "at", 0, "T", "when (only for aware: a moment before now)", 0 },
	{ "reason", 0, "R", "why the clock pauses (only for clock-paused)", 0 },
	{ "met-by", 0, "MSG", "the message that met the open duties (only for resolved)", 0 },
	{ "keep-open", 0, NULL, "resolve but leave the open duties open (only for resolved)", 0 },
	OPT_EXPECT,
	OPT_END
};
static const struct cli_option o_search[] = {
	OPT_LIMIT("at most N tickets (default 50; 0: all)"),
	{ "rank", 0, NULL, "by relevance instead of newest first (--sort relevance)", 0 },
	{ "sort", 0, "BY", "newest (default), relevance, or urgency (the queue's order, among the matches read)", 0 },
	{ "open", 0, NULL, "only tickets not resolved or closed (as the TUI's search shows them)", 0 },
	OPT_JSON,
	OPT_END
};
static const struct cli_option o_obligations[] = {
	{ "ticket", 0, "ID", "only the obligations of ticket ID", 0 },
	{ "due-before", 0, "T", "only those due before T", 0 },
	{ "status", 0, "S", "open, met, breached or waived", 0 },
	OPT_LIMIT("at most N (default 100; 0: all)"),
	OPT_JSON,
	OPT_END
};
static const struct cli_option o_waive[] = { { "reason", 0, "TEXT", "why the duty does not apply", 1 }, OPT_END };
static const struct cli_option o_retention[] = {
	{ "dry-run", 0, NULL, "count what would be anonymised; change nothing", 0 },
	OPT_JSON,
	OPT_END
};
static const struct cli_option o_report[] = {
	{ "from", 0, "T", "start of the period", 0 },
	{ "to", 0, "T", "end of the period", 0 },
	OPT_JSON,
	{ "csv", 0, NULL, "CSV tables", 0 },
	OPT_END
};
static const struct cli_option o_rules_due[] = {
	{ "from", 0, "T", "when the clock starts", 1 },
	{ "jurisdiction", 0, "J", "the customer's jurisdiction (its holiday calendar)", 0 },
	{ "establishment", 0, "E", "the business's establishment, for rules that count its holidays (default: config)", 0 },
	{ "extended", 0, NULL, "the due time after the rule's extension", 0 },
	OPT_JSON,
	OPT_END
};
static const struct cli_option o_rules_holidays[] = {
	{ "from", 0, "YEAR", "first year (default: this year)", 0 },
	{ "to", 0, "YEAR", "last year (default: --from; at most 200 years after it)", 0 },
	{ "dir", 0, "DIR", "a folder laid out like legal/ (default: the workspace's legal/)", 0 },
	OPT_END
};
static const struct cli_option o_terms_show[] = {
	{ "rev", 0, "REV", "the revision (default: the newest)", 0 },
	OPT_END
};
static const struct cli_option o_terms_diff[] = {
	{ "word", 0, NULL, "git's --word-diff=plain form: [-old-]{+new+}", 0 },
	{ "side-by-side", 0, NULL, "two columns", 0 },
	{ "clauses", 0, NULL, "the headings of the sections touched", 0 },
	{ "width", 0, "N", "columns for --side-by-side (default: $COLUMNS, the terminal, 80)", 0 },
	{ "html", 0, NULL, "a redline to circulate: one self-contained HTML file", 0 },
	{ "output", 'o', "FILE", "with --html: write FILE (atomically, with your own rights) instead of stdout", 0 },
	OPT_END
};
static const struct cli_option o_terms_which[] = {
	{ "all", 0, NULL, "every customer, one line each", 0 },
	{ "at", 0, "T", "at time T (default: now)", 0 },
	OPT_JSON,
	OPT_END
};
static const struct cli_option o_terms_publish[] = {
	{ "effective", 0, "DATE", "when the revision takes effect", 1 },
	{ "notice-days", 0, "N", "days of notice given to customers (0..3650)", 0 },
	{ "message", 'm', "MSG", "the commit subject", 0 },
	OPT_END
};
static const struct cli_option o_terms_accept[] = {
	{ "rev", 0, "REV", "the revision accepted (default: the newest)", 0 },
	{ "at", 0, "T", "when (default: now)", 0 },
	{ "channel", 0, "C", "web, email, app, paper, ... (default: agent)", 0 },
	OPT_END
};

#define WS CLI_WS
#define FILES CLI_FILES
#define NONE CLI_NONE

const struct cli_command cli_commands[] = {
	/* name, handler, needs, role, min/max args, args, options, summary, options, section */
	{ "init", cli_init, NONE, ROLE_NONE, 0, 1, "[DIR]", "",
	  "a new workspace with the starter legal repository (default DIR: the workspace path)", o_none, "Workspaces" },
	{ "demo", cli_demo, NONE, ROLE_NONE, 0, 1, "[DIR]", "[--tickets N] [--customers N] [--seed S]",
	  "a new workspace full of deterministic demo data", o_demo, "Workspaces" },
	{ "backup", cli_backup, WS, ROLE_LEGAL, 1, 1, "FILE", "",
	  "one-file copy of the database and the legal repository (legal and admin roles)", o_none, "Workspaces" },
	{ "restore", cli_restore, NONE, ROLE_NONE, 2, 2, "FILE DIR", "",
	  "a new workspace in DIR from a backup; the audit chain is verified", o_none, "Workspaces" },
	{ "agent add", cli_agent_add, WS, ROLE_ADMIN, 2, 2, "LOGIN ROLE", "",
	  "add an agent; ROLE: agent, legal or admin", o_none, "Workspaces" },
	{ "agent set", cli_agent_set, WS, ROLE_ADMIN, 2, 2, "LOGIN ROLE", "",
	  "change an agent's role", o_none, "Workspaces" },
	{ "agent remove", cli_agent_remove, WS, ROLE_ADMIN, 1, 1, "LOGIN", "",
	  "remove an agent (not the last admin)", o_none, "Workspaces" },
	{ "agent list", cli_agent_list, WS, ROLE_NONE, 0, 0, "", "[--json]",
	  "the agents and their roles", o_json, "Workspaces" },
	{ "config list", cli_config_list, WS, ROLE_NONE, 0, 0, "", "",
	  "the workspace's settings (DIR/config)", o_none, "Workspaces" },
	{ "config get", cli_config_get, WS, ROLE_NONE, 1, 1, "KEY", "",
	  "one setting; exit 1 when it is not set", o_none, "Workspaces" },
	{ "config set", cli_config_set, WS, ROLE_ADMIN, 2, 2, "KEY VALUE", "",
	  "set a setting, keeping the other lines (audited); regulated \"fca, payment-services\"", o_none,
	  "Workspaces" },

	{ "customer new", cli_customer_new, WS, ROLE_NONE, 0, 0, "", "--name N --email E --jurisdiction J",
	  "a new customer; prints its id", o_customer_new, "Customers" },
	{ "customer show", cli_customer_show, WS, ROLE_NONE, 1, 1, "ID", "[--json]",
	  "one customer", o_json, "Customers" },
	{ "customer list", cli_customer_list, WS, ROLE_NONE, 0, 0, "",
	  "[--jurisdiction J] [--search TEXT] [--limit N] [--offset N] [--json]",
	  "customers by id", o_customer_list, "Customers" },
	{ "customer export", cli_customer_export, WS, ROLE_NONE, 1, 1, "ID",
	  "[--out FILE]... [--format json|html|text] [--recipient subject|third-party]",
	  "everything held on the customer: JSON and a readable copy (GDPR Art 15, 20)", o_customer_export, "Customers" },
	{ "customer rectify", cli_customer_rectify, WS, ROLE_NONE, 3, 3, "ID FIELD VALUE", "",
	  "correct name, email or jurisdiction (GDPR Art 16)", o_none, "Customers" },
	{ "customer erase", cli_customer_erase, WS, ROLE_NONE, 1, 1, "ID", "[--reason T] [--dry-run] [--json]",
	  "erasure by anonymisation (GDPR Art 17; legal and admin roles)", o_customer_erase, "Customers" },
	{ "customer hold", cli_customer_hold, WS, ROLE_NONE, 2, 2, "ID on|off", "[--reason T]",
	  "legal hold: blocks erasure and retention", o_reason, "Customers" },
	{ "customer restrict", cli_customer_restrict, WS, ROLE_NONE, 2, 2, "ID on|off", "[--reason T]",
	  "restriction of processing (GDPR Art 18)", o_reason, "Customers" },

	{ "ticket new", cli_ticket_new, WS, ROLE_NONE, 0, 0, "",
	  "--customer ID --subject S [--kind K] [--channel C] [--priority P]",
	  "a new ticket; the first message on stdin; prints its id", o_ticket_new, "Tickets" },
	{ "ticket list", cli_ticket_list, WS, ROLE_NONE, 0, 0, "",
	  "[--status S] [--kind K] [--assignee A] [--jurisdiction J] [--overdue] [--sort BY] [--view NAME] [--limit N] [--offset N] [--json]",
	  "tickets, most urgent deadline first (--sort: by priority, age, update)", o_ticket_list, "Tickets" },
	{ "ticket show", cli_ticket_show, WS, ROLE_NONE, 1, 1, "ID", "[--json]",
	  "thread, customer card, legal prompts and the terms in force", o_json, "Tickets" },
	{ "ticket attachment", cli_ticket_attachment, WS, ROLE_NONE, 2, 2, "ID ATT", "[--out FILE [--replace]]",
	  "one attachment of the ticket's mail, to stdout or FILE (`docket mail attachments ID` lists them)",
	  o_ticket_attachment, "Tickets" },
	{ "ticket timeline", cli_ticket_timeline, WS, ROLE_NONE, 1, 1, "ID", "[--json]",
	  "events and due markers with the days since receipt", o_json, "Tickets" },
	{ "ticket reply", cli_ticket_reply, WS, ROLE_NONE, 1, 1, "ID",
	  "[--template NAME [--set NAME=VALUE]...] [--edit] [--attach FILE]... [--automated] [--expect-version V]",
	  "a reply to the customer; the body on stdin, from a letter template or $EDITOR; prints the message id",
	  o_ticket_reply, "Tickets" },
	{ "ticket templates", cli_ticket_templates, WS, ROLE_NONE, 1, 1, "ID", "[--json]",
	  "the letter templates the ticket's open duties call for", o_json, "Tickets" },
	{ "ticket note", cli_ticket_note, WS, ROLE_NONE, 1, 1, "ID", "[--expect-version V]",
	  "an internal note; the body on stdin; prints the message id", o_expect, "Tickets" },
	{ "ticket set", cli_ticket_set, WS, ROLE_NONE, 3, 3, "ID[,ID...] status|kind|assignee|priority VALUE",
	  "[--expect-version V]", "change a field of the ticket (or of several at once)", o_expect, "Tickets" },
	{ "ticket take", cli_ticket_take, WS, ROLE_NONE, 1, 1, "ID[,ID...]", "",
	  "assign the ticket(s) to yourself", o_none, "Tickets" },
	{ "ticket event", cli_ticket_event, WS, ROLE_NONE, 2, 2, "ID TYPE",
	  "[--detail T] [--at T] [--reason R] [--met-by MSG | --keep-open] [--expect-version V]",
	  "record an event (acknowledged, clock-paused, ..., aware [--at T])", o_ticket_event, "Tickets" },
	{ "digest", cli_digest, WS, ROLE_NONE, 0, 0, "", "[--mine] [--since T] [--json]",
	  "what changed: duties overdue or due today, tickets assigned to you, breach clocks", o_digest, "Tickets" },
	{ "search", cli_search, WS, ROLE_NONE, 1, -1, "QUERY", "[--limit N] [--sort newest|relevance|urgency] [--open] [--json]",
	  "full-text search of subjects and messages", o_search, "Tickets" },

	{ "obligations", cli_obligations, WS, ROLE_NONE, 0, 0, "",
	  "[--ticket ID] [--due-before T] [--status S] [--limit N] [--json]",
	  "legal obligations, most urgent first", o_obligations, "Legal" },
	{ "obligation step", cli_obligation_step, WS, ROLE_NONE, 3, 3, "OID N done|undone", "",
	  "tick or untick a checklist step", o_none, "Legal" },
	{ "obligation waive", cli_obligation_waive, WS, ROLE_LEGAL, 1, 1, "OID", "--reason T",
	  "waive a duty that does not apply (legal and admin roles)", o_waive, "Legal" },
	{ "retention run", cli_retention_run, WS, ROLE_NONE, 0, 0, "", "[--dry-run] [--json]",
	  "anonymise tickets past their retention period", o_retention, "Legal" },
	{ "report", cli_report, WS, ROLE_NONE, 0, 0, "", "[--from T] [--to T] [--json | --csv]",
	  "the compliance report", o_report, "Legal" },
	{ "breach notify", cli_breach_notify, WS, ROLE_LEGAL, 1, 1, "TICKET",
	  "--customers IDS | --search TEXT [--set NAME=VALUE]... [--json]",
	  "mail the breach notice (GDPR Art 34) to the affected customers (legal and admin roles)", o_breach_notify,
	  "Legal" },
	{ "breach notices", cli_breach_notices, WS, ROLE_NONE, 1, 1, "TICKET", "[--json]",
	  "who was notified of a breach, and how long after awareness", o_json, "Legal" },
	{ "rules check", cli_rules_check, NONE, ROLE_NONE, 0, 1, "[DIR]", "",
	  "validate a rule pack (default: the workspace's legal/)", o_none, "Legal" },
	{ "rules list", cli_rules_list, WS, ROLE_NONE, 0, 0, "", "[--json]",
	  "the rules in force", o_json, "Legal" },
	{ "rules due", cli_rules_due, WS, ROLE_NONE, 1, 1, "RULE",
	  "--from T [--jurisdiction J] [--establishment E] [--extended] [--json]",
	  "the due time of RULE for a clock started at T", o_rules_due, "Legal" },
	{ "rules holidays", cli_rules_holidays, NONE, ROLE_NONE, 1, 1, "CODE", "[--from YEAR] [--to YEAR] [--dir DIR]",
	  "the holidays of a calendar, one per line", o_rules_holidays, "Legal" },
	{ "terms log", cli_terms_log, WS, ROLE_NONE, 0, 1, "[DOC]", "[--json]",
	  "the revisions of a document", o_json, "Legal" },
	{ "terms show", cli_terms_show, FILES, ROLE_NONE, 0, 1, "[DOC]", "[--rev REV]",
	  "a document as it was at a revision", o_terms_show, "Legal" },
	{ "terms diff", cli_terms_diff, FILES, ROLE_NONE, 2, 3, "[DOC] REV1 REV2",
	  "[--word | --side-by-side | --clauses | --html [-o FILE]] [--width N]",
	  "what changed between two revisions", o_terms_diff, "Legal" },
	{ "terms which", cli_terms_which, WS, ROLE_NONE, 0, 2, "CUSTOMER|--all [DOC]", "[--at T] [--json]",
	  "the revision that binds a customer, and why", o_terms_which, "Legal" },
	{ "terms accept", cli_terms_accept, WS, ROLE_NONE, 1, 2, "CUSTOMER [DOC]", "[--rev REV] [--at T] [--channel C]",
	  "record that a customer accepted a revision", o_terms_accept, "Legal" },
	{ "terms notify", cli_terms_notify, WS, ROLE_LEGAL, 1, 1, "DOC", "[--rev REV] [--json]",
	  "mail the notice of a revision to every customer it binds after notice (legal and admin roles)",
	  o_terms_notify, "Legal" },
	{ "terms notices", cli_terms_notices, WS, ROLE_NONE, 1, 1, "DOC", "[--rev REV] [--json]",
	  "the notices sent of a document, per customer: accepted for delivery, bounced, ...", o_terms_notify,
	  "Legal" },
	{ "terms publish", cli_terms_publish, WS, ROLE_LEGAL, 2, 2, "DOC FILE",
	  "--effective DATE [--notice-days N] [-m MSG]",
	  "publish FILE (-: stdin) as the next revision (legal and admin roles)", o_terms_publish, "Legal" },
	{ "audit verify", cli_audit_verify, WS, ROLE_NONE, 0, 0, "", "[--anchor SEQ:HASH]... [--anchors FILE|-]... [--json]",
	  "recompute the audit hash chain and check it against anchors; exit 1 if broken", o_audit_verify, "Legal" },
	{ "audit head", cli_audit_head, WS, ROLE_NONE, 0, 0, "", "[--json]",
	  "the last audit row as SEQ:HASH, the anchor to keep outside the workspace", o_json, "Legal" },
	{ "audit log", cli_audit_log, WS, ROLE_NONE, 0, 0, "", "[--limit N] [--object O] [--json]",
	  "the audit rows", o_audit_log, "Legal" },

	{ "completion", cli_completion, NONE, ROLE_NONE, 1, 1, "bash|zsh", "",
	  "the shell completion script, generated from this table", o_none, "Shell" },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL }
};

size_t cli_group_len(const char *name) { return strcspn(name, " "); }

static int in_group(const struct cli_command *cmd, const char *group)
{
	size_t n = cli_group_len(cmd->name);
	return strlen(group) == n && !strncmp(cmd->name, group, n) && cmd->name[n] == ' ';
}

static const struct cli_command *find(const char *name)
{
	for (const struct cli_command *k = cli_commands; k->name; k++)
		if (!strcmp(k->name, name))
			return k;
	return NULL;
}

static int is_group(const char *group)
{
	for (const struct cli_command *k = cli_commands; k->name; k++)
		if (in_group(k, group))
			return 1;
	return 0;
}

static void usage_line(const struct cli_command *k, FILE *f)
{
	fprintf(f, "docket %s%s%s%s%s", k->name, *k->args ? " " : "", k->args, *k->synopsis ? " " : "", k->synopsis);
}

void cli_command_usage(const struct cli_command *k, FILE *f)
{
	fputs("usage: ", f);
	usage_line(k, f);
	fprintf(f, "\n\n%c%s.\n", toupper((unsigned char)k->summary[0]), k->summary + 1);
	fputs("\nOptions:\n", f);
	for (const struct cli_option *o = k->opts; o && o->name; o++) {
		char left[64];
		snprintf(left, sizeof(left), "%s%c%s--%s%s%s", o->letter ? "-" : "", o->letter ? o->letter : ' ',
			 o->letter ? ", " : " ", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(f, "  %-26s %s%s\n", o->letter ? left : left + 2, o->help, o->required ? " (required)" : "");
	}
	fprintf(f, "  %-26s %s\n", "-h, --help", "this text");
	static const char *const roles[] = { "an agent", "an agent", "an agent with the legal or admin role",
					     "an agent with the admin role" };
	if (k->needs & CLI_WS)
		fprintf(f, "\nNeeds the workspace and %s.\n", roles[k->min_role]);
	else if (k->needs & CLI_FILES)
		fputs("\nReads only the workspace's legal repository (no agent needed).\n", f);
	else
		fputs("\nNeeds no workspace.\n", f);
	fputs("See docket(1) and docs/cli.md.\n", f);
}

/* "new, list, show, ..., timeline" */
static void list_subs(const char *group, char *out, size_t n)
{
	size_t len = 0;
	const struct cli_command *last = NULL;
	out[0] = 0;
	for (const struct cli_command *k = cli_commands; k->name; k++)
		if (in_group(k, group))
			last = k;
	for (const struct cli_command *k = cli_commands; k->name && len < n; k++) {
		if (!in_group(k, group))
			continue;
		const char *sep = len == 0 ? "" : k == last ? " or " : ", ";
		len += (size_t)snprintf(out + len, n - len, "%s%s", sep, k->name + cli_group_len(k->name) + 1);
	}
}

static void group_usage(const char *group, FILE *f)
{
	fprintf(f, "usage: docket %s SUBCOMMAND [ARGS]\n\n", group);
	for (const struct cli_command *k = cli_commands; k->name; k++) {
		if (!in_group(k, group))
			continue;
		fputs("  ", f);
		usage_line(k, f);
		fprintf(f, "\n      %s\n", k->summary);
	}
	fprintf(f, "\n`docket %s SUBCOMMAND --help` describes one of them; see docket(1) and docs/cli.md.\n", group);
}

void cli_global_usage(FILE *f)
{
	fputs("usage: docket [--workspace DIR] [--as LOGIN] [COMMAND [ARGS]]\n"
	      "\n"
	      "Without a command, docket opens the agents' workspace (TUI);\n"
	      "docket --keys FILE replays keys into it (benchmarks).\n",
	      f);
	const char *section = NULL;
	for (const struct cli_command *k = cli_commands; k->name; k++) {
		if (!section || strcmp(section, k->section))
			fprintf(f, "\n%s\n", section = k->section);
		fputs("  ", f);
		usage_line(k, f);
		fputc('\n', f);
	}
	/* the mail front end is its own program (docket-mail, main.c runs it) */
	fputs("\nMail (docket-mail)\n"
	      "  mail in                            one message on stdin (exit 0 taken, 75 retry later)\n"
	      "  mail import MBOX|MAILDIR           every message of a mailbox, as mail in takes them\n"
	      "  mail flush | mail queue [--all] | mail quarantine | mail show RAW | mail attachments TICKET\n",
	      f);
	fputs("\n"
	      "`docket COMMAND [SUBCOMMAND] --help` describes one command.\n"
	      "Most commands take --json. DOCKET_NOW=2026-01-31T09:00:00Z pins the clock.\n"
	      "Workspace: --workspace DIR, else $DOCKET_WORKSPACE, else $XDG_DATA_HOME/docket.\n"
	      "Exit status: 0 done, 1 failed (one line `docket: what: why` on stderr), 2 usage.\n"
	      "See docket(1) and docs/cli.md.\n",
	      f);
}

/* Open what the entry needs, check the role, run the handler. */
static int run(const struct cli_command *k, struct cli *c, const struct cli_args *a)
{
	if (a->npos < k->min_args || (k->max_args >= 0 && a->npos > k->max_args)) {
		if (k->max_args == 0)
			return cli_usage("%s: unexpected argument %s", k->name, a->pos[0]);
		return cli_usage("%s: expected %s", k->name, k->args);
	}
	for (const struct cli_option *o = k->opts; o && o->name; o++)
		if (o->required && !a->val[o - k->opts])
			return cli_usage("%s: needs --%s %s", k->name, o->name, o->arg ? o->arg : "");
	int rc;
	if (k->needs & (CLI_WS | CLI_FILES)) {
		char *dir = ws_default_dir(c->ws_dir);
		rc = k->needs & CLI_WS ? ws_open(dir, c->as_login, &c->ws) : ws_open_files(dir, &c->ws);
		free(dir);
		if (rc)
			return cli_fail(rc);
		if (k->min_role > ROLE_NONE && (rc = ws_require_role(c->ws, k->min_role, k->name)))
			return cli_fail(rc);
	}
	return k->fn(c, a);
}

int cli_main(const char *ws_dir, const char *as_login, int argc, char **argv)
{
	struct cli c = { ws_dir, as_login, NULL };
	assert(argc >= 1);
	int help = !strcmp(argv[0], "help");
	if (help) {
		argc--;
		argv++;
		if (!argc) {
			cli_global_usage(stdout);
			return 0;
		}
	}
	const char *group = argv[0];
	const struct cli_command *k = find(group);
	if (!k && !is_group(group))
		return cli_usage("%s: unknown command", group);
	if (!k) {
		char subs[256], name[64];
		list_subs(group, subs, sizeof(subs));
		cli_usage_context(group);
		if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			if (argc >= 2 || help) {
				group_usage(group, stdout);
				return 0;
			}
			return cli_usage("%s: expected %s", group, subs);
		}
		snprintf(name, sizeof(name), "%s %s", group, argv[1]);
		if (!(k = find(name)))
			return cli_usage("%s: %s: expected %s", group, argv[1], subs);
		argc--;
		argv++;
	}
	if (help) {
		cli_command_usage(k, stdout);
		return 0;
	}
	cli_usage_context(k->name);
	struct cli_args a;
	int rc = cli_parse(k, argc, argv, &a);
	if (rc < 0) {
		cli_args_release(&a);
		cli_command_usage(k, stdout);
		return 0;
	}
	if (!rc)
		rc = run(k, &c, &a);
	cli_args_release(&a);
	ws_close(c.ws);
	return rc;
}
