/* sqlite_impl.h - internals shared by the files of data/sqlite/ (not for
 * other layers): the store struct, the statement cache, the small helpers
 * every file binds and reads columns with, and what one concern of the
 * backend offers another.
 *
 * Calls between the files go one way:
 *   stmt.c (statements, errors) < schema.c, search.c < store.c (open,
 *   transactions, meta, the WAL) < the record files (audit, agents,
 *   customers, tickets, obligations, presence) < erase.c, dump.c */
#ifndef DOCKET_SQLITE_IMPL_H
#define DOCKET_SQLITE_IMPL_H

#include <assert.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "data/store.h"
#include "lib/util.h"

/* Number of FTS5 partitions: a ticket's text lives in partition
 * customer_id % FTS_PARTS, so erasing one customer rebuilds only one. */
#define FTS_PARTS 32

#define STORE_BUSY_TIMEOUT_MS 5000

/* Precondition of every write: it runs inside the caller's transaction
 * (store_begin). Kept on in every build (nothing defines NDEBUG). */
#define STORE_WRITE(st) assert(store_in_tx(st))

struct stmt_slot {
	const char *sql;
	sqlite3_stmt *stmt;
};

/* Slots of the statement cache's table (a power of two). */
#define STMT_HASH 1024

struct store {
	sqlite3 *db;
	char *path;
	struct stmt_slot *stmts;
	size_t nstmts, capstmts;
	int stmt_hash[STMT_HASH]; /* 1 + index into stmts, 0 = empty */
	int64_t data_version;
	int presence;       /* presence.db attached (on first use) */
	const char *readonly; /* why it was opened read-only ("disk full"), or NULL */
	int presence_tried;
	/* FTS partitions whose rows an erasure scrubbed in this transaction:
	 * rebuilt by store_commit() */
	unsigned char fts_dirty[FTS_PARTS];
	/* a batch (store_batch_begin): actions are savepoints inside one
	 * transaction; their search-index documents wait in fts_pend until
	 * the batch commits */
	int batch;
	int in_action;
	int batch_lost;     /* the backend rolled the whole batch back */
	int batch_unsynced; /* store_batch_unsynced: synchronous = OFF */
	struct fts_doc *fts_pend;
	size_t fts_npend, fts_cappend;
	size_t fts_mark;    /* fts_npend when the action began */
	int audit_head_due; /* audit rows added in the batch: the head is
			       written when it commits */
	/* the last audit row this transaction wrote, while no other writer
	 * can come between (store_audit_last, only inside a transaction);
	 * cleared when a transaction or a batch's next transaction begins,
	 * and on a rollback */
	int audit_last_ok;
	int64_t audit_last_seq;
	char audit_last_hash[65];
};

struct fts_doc {
	int64_t customer_id, rowid;
	char *subject, *body;
};

/* ---- stmt.c */

/* A cached prepared statement for sql (keyed by the address of the SQL
 * text, so pass string literals or strings that live forever), reset and
 * with bindings cleared. NULL with the error set on failure. */
sqlite3_stmt *store_stmt(struct store *st, const char *sql);
/* Set the error message from the connection's last error; returns the
 * DK_ code (DK_EBUSY for busy/locked). */
int store_db_err(struct store *st, const char *what);
/* Step s to the end, appending one element of elsz bytes per row to
 * *out (read fills a zeroed element); on failure the rows read so far are
 * released with release and the error set. Resets s. */
int store_collect(struct store *st, sqlite3_stmt *s, void **out, size_t *n, size_t elsz,
		  void (*read)(sqlite3_stmt *s, void *el), void (*release)(void *arr, size_t n), const char *what);

/* Type-safe adapters for store_collect(): read_X_v and X_free_v take void *. */
#define ROW_READER(name, type)                                   \
	static void name(sqlite3_stmt *s, type *el);             \
	static void name##_v(sqlite3_stmt *s, void *el) { name(s, el); }
#define ROW_RELEASER(name, type) \
	static void name##_v(void *a, size_t n) { name((type *)a, n); }
#define COLLECT(st, s, out, n, read, release, what) \
	store_collect(st, s, (void **)(out), n, sizeof(**(out)), read##_v, release##_v, what)

#define db_err store_db_err
#define q store_stmt

static inline void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static inline void bind_time(sqlite3_stmt *s, int i, dk_time t)
{
	if (t == DK_TIME_NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, t);
}

static inline char *col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? xstrdup((const char *)t) : NULL;
}

static inline dk_time col_time(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? DK_TIME_NONE : sqlite3_column_int64(s, i);
}

/* Run a statement that returns no rows. */
static inline int step_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_err(st, what);
	return 0;
}

static inline int exec(struct store *st, const char *sql, const char *what)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = db_err(st, what);
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

/* ---- schema.c */

/* Bring the database forward to the newest schema (one transaction);
 * refuses a schema newer than this binary knows. */
int schema_migrate(struct store *st);

/* ---- open_ro.c: a database that cannot be written */
/* After a read-write open: mark a connection SQLite opened read-only. */
void sqlite_note_readonly(struct store *st);
/* After a failed read-write open (rc, its message set): when the file
 * cannot be written, open it read-only instead; rc otherwise. */
int sqlite_open_readonly(const char *path, int rc, struct store **out);
/* DK_EIO "workspace DIR: WHY; nothing was changed" for a read-only store. */
int store_refuse_write(struct store *st);
/* The newest schema version this binary knows. */
int schema_version(void);

/* ---- store.c */

/* The file a "sqlite:FILE" locator names (checked before). */
char *sqlite_locator_path(const char *dir, const char *locator);
/* Checkpoint the WAL with TRUNCATE so that no old page image stays in
 * it; outside a transaction. *complete = 0 when other connections kept it
 * from completing: then "scrub_pending" is recorded in meta and the next
 * open finishes the job. */
int sqlite_scrub_wal(struct store *st, int *complete);
/* Mark a scrub pending, inside the erasure's transaction. */
int sqlite_scrub_mark(struct store *st);

/* ---- audit.c */
/* In a batch that added audit rows: record the head (the newest row),
 * before the batch commits. */
int sqlite_audit_head_write(struct store *st);

/* ---- search.c */

/* FTS partition of a customer's text. */
int store_fts_partition(int64_t customer_id);
/* Add a document to the customer's FTS partition. */
int store_fts_index(struct store *st, int64_t customer_id, int64_t rowid, const char *subject, const char *body);
/* Rebuild FTS partition `part` from the rows that remain, in the caller's
 * transaction: 'delete-all', then re-insert every message of the
 * partition's customers in id order (the ticket subject with the ticket's
 * first message), skipping scrubbed text. *docs (may be NULL) receives the
 * number of documents indexed. */
int store_fts_rebuild(struct store *st, int part, int64_t *docs);
/* Index the documents a batch's actions left waiting (in the batch's
 * transaction, outside an action), and drop those from keep on (a rolled
 * back action's): fts_drop(st, keep). */
int store_fts_flush(struct store *st);
void store_fts_drop(struct store *st, size_t keep);

#endif
