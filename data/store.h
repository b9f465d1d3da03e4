/* store.h - the workspace database, backend-neutral.
 *
 * What core asks of storage, in the domain records of model/model.h; no
 * backend's types or mechanisms (files, pages, indexes, logs) show here,
 * so that another backend can implement it. The one backend today is
 * data/sqlite/ (the only place that includes <sqlite3.h>);
 * tests/check_store.c is the contract every backend must pass.
 *
 * All functions return 0 or a negative DK_ code (lib/err.h) with the
 * message set. Every write happens inside a transaction opened with
 * store_begin() by the caller (one per user action), together with its
 * audit row (core/audit.h); a write outside one is a programming error
 * (asserted). The exceptions say so: settings and the legal cache
 * (store_meta_set, store_cache_put) and presence heartbeats may also be
 * written on their own. */
#ifndef DOCKET_STORE_H
#define DOCKET_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/buf.h"
#include "model/model.h"

struct store;

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
/* When the database cannot be written (a full disk, a read-only file
 * system or folder), store_open() opens it read-only: reads work, and
 * every store_begin() fails with "workspace DIR: disk full; nothing was
 * changed" (or "read-only file system"). The reason, or NULL. */
const char *store_readonly(struct store *st);
/* Remove the database the locator names (a workspace whose creation or
 * restore failed). Missing is not an error. */
int store_remove(const char *dir, const char *locator);

/* Transactions: one writer at a time; store_begin waits within the busy
 * timeout, then fails with DK_EBUSY. */
int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);
/* 1 inside a transaction (cheap: the precondition of every write). */
int store_in_tx(struct store *st);

/* Batches, for bulk creation (the demo, mail import): many actions in one
 * backend transaction. Between store_batch_begin() and store_batch_end(),
 * store_begin/store_commit/store_rollback still mark one action each,
 * with its audit row: a failed action is undone alone (the others stay),
 * but what the committed actions wrote becomes durable only when the
 * batch commits: at store_batch_commit() (which starts the next batch at
 * once) or store_batch_end(). The search index is updated in bulk when
 * the batch commits: until then store_search() does not see the batch's
 * messages. Outside an action; one batch at a time. */
int store_batch_begin(struct store *st);
int store_batch_commit(struct store *st);
/* commit != 0: commit what is left; 0: roll back what was not committed. */
int store_batch_end(struct store *st, int commit);
int store_in_batch(struct store *st);
/* Before store_batch_begin(), for a batch that builds a workspace from
 * nothing (the demo): its commits skip the fsyncs, and store_batch_end()
 * syncs the files once. A killed process loses nothing committed; a
 * power cut may. */
int store_batch_unsynced(struct store *st);

/* Changes made by other connections since the last call: *changed = 1
 * when someone else wrote (presence heartbeats do not count). */
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
/* The newest rows first (at most limit; 0 = all), streamed to cb: 0 goes
 * on, a positive value stops (0 returned), a negative one stops and is
 * returned. */
int store_audit_foreach_newest(struct store *st, int64_t limit, int (*cb)(const struct audit_row *r, void *ctx),
			       void *ctx);
/* Rows (newest first when newest_first), object filter "customer:7" or
 * prefix "ticket:" allowed (NULL for all); limit 0 = all. */
int store_audit_list(struct store *st, const char *object_prefix, int newest_first, int64_t limit,
		     struct audit_row **out, size_t *n);
/* Rows whose object is exactly `object` ("customer:7", not
 * "customer:70"), oldest first. Appends to *out / *n (initialise them to
 * NULL / 0); *cap is the array's capacity. */
int store_audit_exact(struct store *st, const char *object, struct audit_row **out, size_t *n, size_t *cap);

/* ---- publish intents (core/publish.c): a terms publish between the
 * move of main and its audit row */
struct publish_intent {
	int64_t id;
	char *object;  /* "terms:DOC" */
	char *old_rev, *new_rev;
	char *actor;
	dk_time at;
	char *detail;  /* the audit row's detail, ready */
	int64_t started; /* the clock's time (not DOCKET_NOW) it was recorded */
};
int store_intent_add(struct store *st, struct publish_intent *pi); /* sets pi->id */
int store_intent_list(struct store *st, struct publish_intent **out, size_t *n);
/* *deleted = 1 when the intent was there */
int store_intent_delete(struct store *st, int64_t id, int *deleted);
void publish_intents_free(struct publish_intent *v, size_t n);

/* The row with sequence number seq (DK_ENOTFOUND when there is none). */
int store_audit_get(struct store *st, int64_t seq, struct audit_row *out);

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
/* The lowest id other than except_id whose email is `email`, compared
 * case-insensitively (ASCII); DK_ENOTFOUND when none. Indexed: the
 * check of every new customer's address. */
int store_customer_email_owner(struct store *st, const char *email, int64_t except_id, int64_t *id);

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
	const char *status;   /* exact status, NULL = any open status, "all" = any */
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
	int sort;             /* enum ticket_sort */
};
/* The orders of a list: most urgent first (the default: next_due_at
 * ascending, none last, then by id); priority (1 first, then urgency);
 * age (oldest first); last update (latest first). Only urgency has an
 * index (tickets_queue): the others sort the filtered rows. */
enum ticket_sort { TICKET_SORT_URGENCY = 0, TICKET_SORT_PRIORITY, TICKET_SORT_AGE, TICKET_SORT_UPDATED,
		   TICKET_SORT_COUNT };
/* "urgency", "priority", "age", "updated" */
const char *ticket_sort_name(int sort);
/* In the order of f->sort (default: most urgent first). */
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
	dk_time due_after;  /* due at or after (0 = any; DK_TIME_NONE = any) */
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

/* ---- evidence and triage (data/sqlite/duties.c; issue 12) */
/* Record what met obligation oid: "message:ID" or "event:ID". */
int store_obligation_met_by_set(struct store *st, int64_t oid, const char *met_by);
/* The evidence that ticked step n ("event:ID", "message:ID"), or NULL. */
int store_obligation_step_evidence_set(struct store *st, int64_t oid, int n, const char *evidence);
/* Fill met_by and each step's evidence of ob[0..n) (by id). */
int store_obligation_evidence_load(struct store *st, struct obligation *ob, size_t n);
/* Ids of obligations met without evidence recorded (met_by 'unrecorded'
 * from migration 3, or none), ascending; *ids is a heap array. */
int store_obligation_unrecorded_ids(struct store *st, int64_t **ids, size_t *n);
/* A ticket awaiting triage (its kind was not set on receipt): ranked
 * above routine tickets by its receipt until its kind is set. Setting
 * it refreshes the queue key. */
int store_ticket_triage_set(struct store *st, int64_t id, int on);
int store_ticket_triage_get(struct store *st, int64_t id, int *on);

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
/* Search results (ticket ids) narrowed and reordered in place: open_only
 * drops resolved and closed tickets; by_urgency orders them as the queue
 * does (the most urgent deadline first, then by id), else the order given
 * is kept. *n is updated. */
int store_tickets_pick(struct store *st, int64_t *ids, size_t *n, int open_only, int by_urgency);

/* ---- presence (TUI: who else has a ticket open) */
int store_presence_beat(struct store *st, const char *login, int64_t ticket_id, dk_time now);
/* Logins other than self with a heartbeat on ticket_id newer than
 * now - ttl; comma-separated in *out (NULL if none). */
int store_presence_others(struct store *st, const char *self, int64_t ticket_id, dk_time now,
			  int64_t ttl, char **out);

/* ---- data-subject rights: anonymisation, rectification, retention.
 * The calls that change rows run in the caller's transaction and write
 * no audit rows (the core action does). */

/* What replaces scrubbed text (ticket subjects, message bodies). Never
 * indexed for search. */
#define ERASED_TEXT "[erased]"

/* The event type written on each ticket when it is anonymised. */
#define ERASE_EVENT "anonymised"

/* Counts of what an anonymisation changes (or, in a preview, would
 * change) and of the evidence it keeps. */
struct erase_counts {
	int64_t customers;   /* customer records anonymised (name, email, reasons) */
	int64_t tickets;     /* tickets anonymised (subject scrubbed) */
	int64_t messages;    /* message bodies scrubbed, notes included */
	int64_t notes;       /* ... of which internal notes */
	int64_t authors;     /* inbound message authors (the customer's email) removed */
	int64_t events;      /* event details scrubbed (free text) */
	int64_t obligation_notes; /* obligation notes scrubbed */
	int64_t kept_events;      /* evidence kept: events (ids, types, times) */
	int64_t kept_obligations; /* obligations (rules, deadlines, met or not) */
	int64_t kept_acceptances; /* acceptances (document, revision id, time) */
	/* The search index: how much of it the backend rebuilt (or, in a
	 * preview, will rebuild) so that the erased words leave it. */
	int index_part;           /* the part that holds the customer's text; -1: not split */
	int64_t index_parts;      /* parts rebuilt */
	int64_t index_docs;       /* documents re-indexed by those rebuilds */
};

/* Counts of what store_erase_customer() would change; reads only. */
int store_erase_customer_preview(struct store *st, int64_t customer_id, struct erase_counts *out);

/* Anonymise customer_id, in the caller's transaction: name, email,
 * hold and restriction reasons become NULL and erased_at = at; every
 * ticket of the customer is scrubbed as by store_erase_ticket(), and the
 * search index no longer holds any of the customer's words. Evidence
 * stays: ids, kinds, statuses, times, events (types, times, actors),
 * obligations (rule, deadlines, status), acceptances (revision ids). *out
 * is filled (it is zeroed first). `event_detail` is written as the detail
 * of the ERASE_EVENT row on each ticket (e.g. "erasure"). */
int store_erase_customer(struct store *st, int64_t customer_id, dk_time at, const char *actor,
			 const char *event_detail, struct erase_counts *out);

/* Scrub one ticket, in the caller's transaction: subject and message
 * bodies become ERASED_TEXT, inbound authors NULL, free-text event details
 * and obligation notes NULL; an ERASE_EVENT event is added. Counts are
 * added to *acc (index_parts counts the parts of the search index this
 * transaction will have rebuilt, once each). The search index forgets the
 * ticket's words when the transaction commits. */
int store_erase_ticket(struct store *st, int64_t ticket_id, dk_time at, const char *actor,
		       const char *event_detail, struct erase_counts *acc);

/* Counts for one ticket as store_erase_ticket() would change it. */
int store_erase_ticket_preview(struct store *st, int64_t ticket_id, struct erase_counts *acc);

/* What the backend did to its search index, for people and for the audit
 * row (key=value words, no personal data): */
enum erase_note {
	ERASE_NOTE_PREVIEW,  /* a customer's erasure, before: "rebuild search partition 3" */
	ERASE_NOTE_CUSTOMER, /* after: "search partition 3 rebuilt (12 documents)" */
	ERASE_NOTE_TICKETS,  /* tickets (retention): "2 search partitions rebuilt" */
	ERASE_NOTE_AUDIT,    /* a customer's, for the audit row: "fts_partition=3 fts_docs=12" */
};
void store_erase_note(struct store *st, const struct erase_counts *c, enum erase_note what, char *buf,
		      size_t len);

/* After an erasure has committed (outside a transaction): make sure no
 * copy of the erased data survives in the backend's files. When others
 * keep that from completing now, it is finished later on its own (at the
 * next open, or by a TUI's refresh) and out->note says, in one sentence for people, where the old
 * copies stay until then. */
struct store_scrub {
	int complete;
	char note[256]; /* "" when complete */
};
int store_scrub(struct store *st, struct store_scrub *out);

/* An erasure's scrub left pending (other sessions were reading, or the
 * erasing docket was killed): finish it now if readers allow, waiting at
 * most wait_ms for them. *finished = 1 when this call completed it. Cheap
 * when nothing is pending (one lookup): a refresh loop (the TUI's tick)
 * calls it, as every open does. Nothing on a read-only open. */
int store_scrub_resume(struct store *st, int wait_ms, int *finished);

/* Tickets of `kind` whose retention period has run out: status resolved
 * or closed, updated before `cutoff`, not anonymised yet, customer not
 * erased. Tickets of customers under legal hold are not returned but
 * counted in *held. *ids (caller frees) and *customers (parallel, may be
 * NULL) are filled. */
int store_retention_candidates(struct store *st, const char *kind, dk_time cutoff, int64_t **ids,
			       int64_t **customers, size_t *n, int64_t *held);

/* Rectification of an email address, in the caller's transaction: the
 * author of the customer's inbound messages that carried old_email
 * becomes new_email. *n (may be NULL) counts the messages changed. */
int store_rectify_authors(struct store *st, int64_t customer_id, const char *old_email, const char *new_email,
			  int64_t *n);

/* ---- backup */
/* A consistent copy of the whole database, as one stream that
 * store_restore() reads back (the format is the backend's; it starts with
 * a line naming it). Outside a transaction. */
int store_dump(struct store *st, FILE *out);
/* Create the database the locator names from a dump; refused (DK_ECONFLICT)
 * when it exists, DK_EINVAL when `in` is not a dump this backend reads.
 * On failure nothing is left behind. */
int store_restore(const char *dir, const char *locator, FILE *in);

#endif
