/* erase.h - the SQLite side of data-subject rights: anonymising a
 * customer or single tickets, rebuilding the affected full-text
 * partitions so that deleted words leave the index, scrubbing the WAL,
 * and the exact look-ups an export needs.
 *
 * Like the rest of data/, the API speaks in plain C types and DK_ codes
 * (core/err.h); no SQLite type leaks. Calls marked "in the caller's
 * transaction" must run between store_begin() and store_commit(); they
 * write no audit rows (the core action does).
 *
 * Why a rebuild: the FTS5 index is contentless and SQLite 3.40 has no
 * FTS5 secure-delete, so a deleted document's tokens stay in the index
 * segments until they are merged. Each customer's text lives in FTS
 * partition customer_id % FTS_PARTS; erasing rebuilds only that one
 * partition ('delete-all', then re-insert its remaining documents).
 * secure_delete is on for every connection, so freed pages and cells are
 * zeroed; store_scrub_wal() then truncates the WAL so no old page image
 * survives there either. */
#ifndef DOCKET_ERASE_H
#define DOCKET_ERASE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/dtime.h"

struct store;

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
	int64_t fts_partitions;   /* full-text partitions rebuilt */
	int64_t fts_docs;         /* documents re-indexed by those rebuilds */
};

/* FTS partition of a customer's text. */
int store_fts_partition(int64_t customer_id);

/* Counts of what store_erase_customer() would change; reads only. */
int store_erase_customer_preview(struct store *st, int64_t customer_id, struct erase_counts *out);

/* Anonymise customer_id, in the caller's transaction: name, email,
 * hold and restriction reasons become NULL and erased_at = at; every
 * ticket of the customer is scrubbed as by store_erase_ticket(); the
 * customer's FTS partition is rebuilt. Evidence stays: ids, kinds,
 * statuses, times, events (types, times, actors), obligations (rule,
 * deadlines, status), acceptances (revision ids). *out is filled (adds to
 * nothing: it is zeroed first). `event_detail` is written as the detail of
 * the ERASE_EVENT row on each ticket (e.g. "erasure"). */
int store_erase_customer(struct store *st, int64_t customer_id, dk_time at, const char *actor,
			 const char *event_detail, struct erase_counts *out);

/* Scrub one ticket, in the caller's transaction: subject and message
 * bodies become ERASED_TEXT, inbound authors NULL, free-text event details
 * and obligation notes NULL; an ERASE_EVENT event is added. Counts are
 * added to *acc. Does not touch the search index: rebuild the ticket's
 * partition afterwards (store_fts_rebuild). */
int store_erase_ticket(struct store *st, int64_t ticket_id, dk_time at, const char *actor,
		       const char *event_detail, struct erase_counts *acc);

/* Counts for one ticket as store_erase_ticket() would change it. */
int store_erase_ticket_preview(struct store *st, int64_t ticket_id, struct erase_counts *acc);

/* Rebuild FTS partition `part` from the rows that remain, in the caller's
 * transaction: 'delete-all', then re-insert every message of the
 * partition's customers in id order (the ticket subject with the ticket's
 * first message), skipping scrubbed text. *docs (may be NULL) receives the
 * number of documents indexed. */
int store_fts_rebuild(struct store *st, int part, int64_t *docs);

/* Tickets of `kind` whose retention period has run out: status resolved
 * or closed, updated before `cutoff`, not anonymised yet, customer not
 * erased. Tickets of customers under legal hold are not returned but
 * counted in *held. *ids (caller frees) and *customers (parallel, may be
 * NULL) are filled. */
int store_retention_candidates(struct store *st, const char *kind, dk_time cutoff, int64_t **ids,
			       int64_t **customers, size_t *n, int64_t *held);

/* Make sure freed pages are zeroed on this connection (PRAGMA
 * secure_delete); DK_EIO when SQLite refuses. */
int store_secure_delete_check(struct store *st);

/* After an erasure has committed: checkpoint the WAL with TRUNCATE so that
 * no old page image remains in docket.db-wal. *complete = 0 when other
 * connections kept it from completing; then "scrub_pending" is recorded
 * in meta and store_scrub_resume() finishes the job at the next open.
 * Must be called outside a transaction. */
int store_scrub_wal(struct store *st, int *complete);

/* If a scrub is pending, try to finish it (TRUNCATE checkpoint); clears
 * the mark when done. Errors are swallowed (the next open retries):
 * returns 1 when a scrub is still pending, 0 otherwise. Call once after
 * store_open() has migrated the database. */
int store_scrub_resume(struct store *st);

/* Rectification of an email address, in the caller's transaction: the
 * author of the customer's inbound messages that carried old_email
 * becomes new_email. *n (may be NULL) counts the messages changed. */
int store_rectify_authors(struct store *st, int64_t customer_id, const char *old_email, const char *new_email,
			  int64_t *n);

/* Audit rows whose object is exactly `object` ("customer:7", not
 * "customer:70"), oldest first. Appends to *out / *n (initialise them to
 * NULL / 0); *cap is the array's capacity. */
struct audit_row;
int store_audit_exact(struct store *st, const char *object, struct audit_row **out, size_t *n, size_t *cap);

#endif
