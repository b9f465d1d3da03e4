/* store.h - the workspace database (SQLite, WAL, FTS5).
 *
 * The only module that includes <sqlite3.h>. Its API speaks in the domain
 * records of core/model.h and never leaks SQLite types, so that another
 * backend can implement it. All functions return 0 or a negative DK_ code
 * (core/err.h) with the message set. Every write happens inside a
 * transaction opened with store_begin() by the caller (one per user
 * action), together with its audit row (core/audit.h). */
#ifndef DOCKET_STORE_H
#define DOCKET_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "model/model.h"

struct store;

#define STORE_SCHEMA_VERSION 1
#define STORE_BUSY_TIMEOUT_MS 5000

/* Where a workspace's database is: a locator, the workspace config's
 * `database` value. "sqlite:FILE" is the SQLite backend with FILE relative
 * to the workspace folder dir (or absolute). An unknown scheme (e.g.
 * "postgresql://...") or a malformed locator is DK_EINVAL with a message
 * that names the locator. */

/* Check a locator without touching anything. */
int store_locator_check(const char *locator);
/* *exists = 1 when the database the locator names exists (cheap: opens
 * nothing). */
int store_exists(const char *dir, const char *locator, int *exists);
/* Open (create when create != 0) the database, migrate it forward to
 * this binary's schema. Refuses what is not a docket database of this
 * backend, or a schema newer than this binary knows. */
int store_open(const char *dir, const char *locator, int create, struct store **out);
void store_close(struct store *st);
/* Remove the database the locator names (a workspace whose creation or
 * restore failed). Missing is not an error. */
int store_remove(const char *dir, const char *locator);

/* Transactions: BEGIN IMMEDIATE (retried within the busy timeout). */
int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);
int store_in_transaction(struct store *st);

/* Changes made by other connections since the last call (PRAGMA
 * data_version): *changed = 1 when someone else wrote. */
int store_poll_changes(struct store *st, int *changed);

/* Settings kept in the database (key/value): e.g. the last good rule pack. */
int store_meta_get(struct store *st, const char *key, char **out); /* NULL if none */
int store_meta_set(struct store *st, const char *key, const char *val);
/* A value derived from the legal repository at commit HEAD, under NAME;
 * *out is NULL when none is stored for that commit. */
int store_cache_get(struct store *st, const char *name, const char *head, char **out);
int store_cache_put(struct store *st, const char *name, const char *head, const char *val);

/* ---- audit rows. The hash chain is core's (core/audit.h): the store
 * appends rows as given, reads them back, refuses to change them, and
 * keeps the chain's head apart from the rows. */
/* The newest row's seq and hash (0 and "" when there is none). */
int store_audit_last(struct store *st, int64_t *seq, char hash[65]);
/* Append a row (detail NULL = "") and record "SEQ HASH" as the head. */
int store_audit_insert(struct store *st, int64_t seq, dk_time at, const char *actor, const char *action,
		       const char *object, const char *detail, const char *prev_hash, const char *hash);
/* The head recorded by the last insert, "SEQ HASH" (*out NULL if none). */
int store_audit_head(struct store *st, char **out);
/* Every row, oldest first, to cb (stops when cb returns non-zero, which
 * is returned). Streams. */
int store_audit_foreach(struct store *st, int (*cb)(const struct audit_row *r, void *ctx), void *ctx);
/* Rows (newest first when newest_first), object filter "customer:7" or
 * prefix "ticket:" allowed (NULL for all); limit 0 = all. */
int store_audit_list(struct store *st, const char *object_prefix, int newest_first, int64_t limit,
		     struct audit_row **out, size_t *n);

/* ---- agents */
int store_agent_get(struct store *st, const char *login, struct agent *out); /* DK_ENOTFOUND */
int store_agent_put(struct store *st, const struct agent *a);                /* insert or update */
int store_agent_delete(struct store *st, const char *login);
int store_agent_list(struct store *st, struct agent **out, size_t *n);
int store_agent_count_role(struct store *st, int role, int64_t *n);

/* ---- customers */
int store_customer_insert(struct store *st, struct customer *c); /* sets c->id */
int store_customer_get(struct store *st, int64_t id, struct customer *out);
/* Update every column from c (by c->id). */
int store_customer_update(struct store *st, const struct customer *c);
struct customer_filter {
	const char *jurisdiction; /* exact, or NULL */
	const char *search;       /* substring of name or email, case-insensitive */
	int64_t limit;            /* 0 = all */
	int64_t offset;
};
int store_customer_list(struct store *st, const struct customer_filter *f, struct customer **out,
			size_t *n);
/* Call cb for every customer in id order (stops when cb returns non-zero,
 * which is returned). Streams: never loads the table. */
int store_customer_foreach(struct store *st, int (*cb)(const struct customer *c, void *ctx), void *ctx);
/* The same with only id and created_at set (the other fields zero): for
 * passes over every customer that need no more (terms which --all). */
int store_customer_foreach_created(struct store *st, int (*cb)(const struct customer *c, void *ctx), void *ctx);
int store_customer_count(struct store *st, int64_t *n);

/* ---- tickets */
int store_ticket_insert(struct store *st, struct ticket *t); /* sets id, version = 1 */
int store_ticket_get(struct store *st, int64_t id, struct ticket *out); /* joins customer */
/* Write status, kind, priority, assignee, updated_at, next_due_at from t;
 * bumps the version. When expect_version > 0 and the stored version
 * differs: DK_ECONFLICT "ticket N changed since you opened it". */
int store_ticket_update(struct store *st, struct ticket *t, int64_t expect_version);
/* Bump version and updated_at only (a reply, a note, an event). */
int store_ticket_touch(struct store *st, int64_t id, dk_time at, int64_t expect_version);
/* Recompute next_due_at from the ticket's open obligations. */
int store_ticket_refresh_due(struct store *st, int64_t id);
struct ticket_filter {
	const char *status;   /* exact status, "open" = any open status, NULL = any */
	const char *kind;
	const char *assignee; /* login, or "" for unassigned */
	const char *jurisdiction;
	int64_t customer_id;  /* 0 = any */
	int overdue;          /* next_due_at < now */
	dk_time now;
	int64_t limit;        /* 0 = all */
	int64_t offset;
	int from_end;         /* offset counts back from the last row (a page
				 near the end without walking past the rows
				 before it); rows still come in queue order */
};
/* Most urgent first (next_due_at ascending, none last; then newest). */
int store_ticket_list(struct store *st, const struct ticket_filter *f, struct ticket **out, size_t *n);
int store_ticket_count(struct store *st, const struct ticket_filter *f, int64_t *n);

/* ---- messages and events */
int store_message_insert(struct store *st, struct message *m); /* sets id; indexes it */
int store_message_list(struct store *st, int64_t ticket_id, struct message **out, size_t *n);
int store_event_insert(struct store *st, struct event *e); /* sets id */
int store_event_list(struct store *st, int64_t ticket_id, struct event **out, size_t *n);

/* ---- obligations */
int store_obligation_insert(struct store *st, struct obligation *o); /* sets id; writes steps */
int store_obligation_get(struct store *st, int64_t id, struct obligation *out);
/* Update status, due_at, extended_due_at, paused_since, met_at, extended, note. */
int store_obligation_update(struct store *st, const struct obligation *o);
int store_obligation_step_set(struct store *st, int64_t oid, int n, dk_time done_at, const char *by);
int store_obligation_list_ticket(struct store *st, int64_t ticket_id, struct obligation **out, size_t *n);
struct obligation_filter {
	int64_t ticket_id;  /* 0 = any */
	const char *status; /* NULL = any */
	dk_time due_before; /* DK_TIME_NONE = any */
	int64_t limit;
};
int store_obligation_list(struct store *st, const struct obligation_filter *f, struct obligation **out,
			  size_t *n);

/* Delete every obligation and step (benchmarks: recompute from scratch). */
int store_obligations_wipe(struct store *st);

/* Open obligations past their due time (and not paused) become
 * "breached"; ticket_id 0 = all. *changed counts them. */
int store_obligations_mark_breached(struct store *st, int64_t ticket_id, dk_time now, int *changed);

/* Stream every obligation started in [from, to) (DK_TIME_NONE = open
 * end) to cb, without steps; stops when cb returns non-zero. */
int store_obligation_foreach(struct store *st, dk_time from, dk_time to,
			     int (*cb)(const struct obligation *o, void *ctx), void *ctx);
/* Stream every automated outbound message sent in [from, to), with the
 * customer id of its ticket. */
int store_automated_foreach(struct store *st, dk_time from, dk_time to,
			    int (*cb)(const struct message *m, int64_t customer_id, void *ctx), void *ctx);

/* ---- acceptances of legal documents */
int store_acceptance_insert(struct store *st, struct acceptance *a); /* sets id */
/* customer_id 0 = all customers; document NULL = all documents.
 * Ordered by customer, then accepted_at. */
int store_acceptance_list(struct store *st, int64_t customer_id, const char *document,
			  struct acceptance **out, size_t *n);

/* ---- full-text search over ticket subjects and message bodies.
 * query: plain words (all must match) and "quoted phrases"; never a
 * syntax error. Results: ticket ids, newest match first (rank = relevance). */
int store_search(struct store *st, const char *query, int rank, int64_t limit, int64_t **ids, size_t *n);

/* ---- presence (TUI: who else has a ticket open) */
int store_presence_beat(struct store *st, const char *login, int64_t ticket_id, dk_time now);
/* Logins other than self with a heartbeat on ticket_id newer than
 * now - ttl; comma-separated in *out (NULL if none). */
int store_presence_others(struct store *st, const char *self, int64_t ticket_id, dk_time now,
			  int64_t ttl, char **out);

/* ---- raw access for tests, backup and erasure */
/* Consistent copy of the database into dest (VACUUM INTO). */
int store_backup(struct store *st, const char *dest);
/* Checkpoint the WAL with TRUNCATE; *complete = 0 when readers blocked it. */
int store_checkpoint(struct store *st, int *complete);

#endif
