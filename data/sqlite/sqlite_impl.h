/* sqlite_impl.h - internals shared by the files of data/sqlite/ (not for other
 * layers): the store struct and statement cache. */
#ifndef DOCKET_SQLITE_IMPL_H
#define DOCKET_SQLITE_IMPL_H

#include <sqlite3.h>

#include "data/store.h"

struct stmt_slot {
	const char *sql;
	sqlite3_stmt *stmt;
};

struct store {
	sqlite3 *db;
	char *path;
	struct stmt_slot *stmts;
	size_t nstmts, capstmts;
	int64_t data_version;
	int presence;       /* presence.db attached (on first use) */
	int presence_tried;
};

/* A cached prepared statement for sql (keyed by the address of the SQL
 * text, so pass string literals or strings that live forever), reset and
 * with bindings cleared. NULL with the error set on failure. */
sqlite3_stmt *store_stmt(struct store *st, const char *sql);
/* Set the error message from the connection's last error; returns the
 * DK_ code (DK_EBUSY for busy/locked). */
int store_db_err(struct store *st, const char *what);
/* Add a document to the customer's FTS partition. */
int store_fts_index(struct store *st, int64_t customer_id, int64_t rowid, const char *subject, const char *body);

#endif
