/* workspace.h - a docket workspace: folder, database, legal repository,
 * config, and the acting agent.
 *
 *   the database    where config key `database` says (data/store.h);
 *                   default "sqlite:docket.db", i.e. DIR/docket.db
 *   DIR/legal/      git repository of legal content (terms/legal.h)
 *   DIR/config      optional "key = value" settings
 *
 * Every front end (CLI, TUI) opens one struct workspace and passes it to
 * the core calls; roles are checked there, not in the front ends. */
#ifndef DOCKET_WORKSPACE_H
#define DOCKET_WORKSPACE_H

#include <stdio.h>

#include "model/model.h"

struct store;
struct legal_repo;
struct rule_pack;

struct workspace {
	char *dir;        /* workspace folder (absolute) */
	char *legal_dir;  /* dir/legal */
	struct store *store;
	char *login;      /* acting agent (Unix login, or --as) */
	char *real_login; /* the Unix login of the real uid (NULL: none) */
	int role;         /* enum role of the acting agent */
	char *tz;         /* business time zone from config ("UTC") */
	/* config: parallel arrays of key/value from DIR/config */
	char **cfg_keys;
	char **cfg_vals;
	size_t ncfg;
	struct legal_repo *legal;  /* opened lazily by ws_legal() */
	struct rule_pack *rules;   /* loaded lazily by ws_rules() */
	char *rules_rev;           /* legal commit the rules were read from */
	struct rule_pack *old_rules; /* one older revision's pack, for */
	char *old_rules_rev;         /* obligations created under it */
};

/* The workspace folder: opt (--workspace) if given, else
 * $DOCKET_WORKSPACE, else $XDG_DATA_HOME/docket, else
 * ~/.local/share/docket. Caller frees. */
char *ws_default_dir(const char *opt);

/* Open an existing workspace and identify the agent: as_login (admins
 * only, --as) or the Unix login. Unknown logins are refused (DK_EPERM)
 * with a message naming `docket agent add LOGIN ROLE`. */
int ws_open(const char *dir, const char *as_login, struct workspace **out);
void ws_close(struct workspace *ws);

/* Open the workspace without identifying an agent (used by init/demo and
 * read-only checks). */
int ws_open_anonymous(const char *dir, struct workspace **out);

/* The workspace's folders and config only: no database (ws->store is
 * NULL), no agent. For commands that only read the legal repository
 * (terms show, terms diff): whoever can read legal/ can run git on it, so
 * being an agent of the workspace adds nothing there, and opening the
 * database was a third of such a command. */
int ws_open_files(const char *dir, struct workspace **out);

/* DK_EPERM "ACTION: needs the ROLE role (you are LOGIN, ROLE)" unless the
 * acting agent has at least min_role (agent < legal < admin). */
int ws_require_role(struct workspace *ws, int min_role, const char *action);

/* Config value for key, or def. */
const char *ws_config(struct workspace *ws, const char *key, const char *def);

/* The config key naming the workspace's database, and its default. */
#define WS_DATABASE_KEY "database"
#define WS_DATABASE_DEFAULT "sqlite:docket.db"
/* The database locator (config `database`, or the default). */
const char *ws_database(struct workspace *ws);

/* Only the folder's config: the folder need not hold a workspace yet, or
 * exist (init, restore). */
int ws_open_config(const char *dir, struct workspace **out);

/* Backup: the whole database as one stream (data/store.h: store_dump). */
int ws_dump(struct workspace *ws, FILE *out);
/* Restore: create the database of the workspace in dir (where its config
 * says) from a dump; refused when one exists. */
int ws_restore_dump(const char *dir, FILE *in);
/* Remove the database of the workspace in dir (a failed restore). */
void ws_remove_database(const char *dir);

/* The legal repository (opened on first use); DK_ENOTFOUND with a clear
 * message when legal/ is missing. */
int ws_legal(struct workspace *ws, struct legal_repo **out);

/* The rule pack read from the legal repository's HEAD (loaded on first
 * use). On a pack with errors: the messages go to stderr and the last
 * good pack (cached in the database) is used, if any. */
int ws_rules(struct workspace *ws, struct rule_pack **out);

/* The rule pack at a legal revision (the one an obligation was created
 * under): the HEAD pack when rev is NULL or HEAD's; loaded and cached
 * otherwise. */
int ws_rules_at(struct workspace *ws, const char *rev, struct rule_pack **out);

/* Start a transaction for one user action (BEGIN IMMEDIATE, retried
 * within the busy timeout). */
int ws_begin(struct workspace *ws);
int ws_commit(struct workspace *ws);
void ws_rollback(struct workspace *ws);
/* Bulk creation (the demo, mail import): the actions between
 * ws_batch_begin() and ws_batch_end() still begin, commit or roll back
 * one by one, each with its audit row, but share one database
 * transaction, made durable at each ws_batch_commit() (the next batch
 * starts at once) and at ws_batch_end() (commit = 0: what was not
 * committed is dropped). data/store.h: store_batch_begin. */
int ws_batch_begin(struct workspace *ws);
int ws_batch_commit(struct workspace *ws);
int ws_batch_end(struct workspace *ws, int commit);
/* Before ws_batch_begin(): the batch builds a new workspace (the demo);
 * data/store.h: store_batch_unsynced. */
int ws_batch_unsynced(struct workspace *ws);
/* Append an audit row for the acting agent inside the open transaction. */
int ws_audit(struct workspace *ws, const char *action, const char *object, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
