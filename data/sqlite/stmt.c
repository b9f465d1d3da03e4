/* stmt.c - the statement cache, error messages from SQLite's codes, and
 * reading rows into arrays: what every file of the backend uses. */
#include "data/sqlite/sqlite_impl.h"

#include "lib/err.h"
#include "lib/util.h"

#include <string.h>

int store_db_err(struct store *st, const char *what)
{
	int code = sqlite3_extended_errcode(st->db);
	int prim = code & 0xff;
	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		return err_set(DK_EBUSY, "%s: the database is busy (another docket is writing); try again", what);
	if (prim == SQLITE_READONLY || prim == SQLITE_CANTOPEN || prim == SQLITE_PERM)
		return err_set(DK_EIO, "%s: %s: cannot write the database (%s)", what, st->path,
			       sqlite3_errmsg(st->db));
	if (prim == SQLITE_FULL)
		return err_set(DK_EIO, "%s: %s: disk full", what, st->path);
	if (prim == SQLITE_CONSTRAINT)
		return err_set(DK_EINVAL, "%s: %s", what, sqlite3_errmsg(st->db));
	return err_set(DK_EIO, "%s: database error: %s", what, sqlite3_errmsg(st->db));
}

static size_t slot_of(const char *sql)
{
	uint64_t h = (uint64_t)(uintptr_t)sql * 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 32) & (STMT_HASH - 1);
}

/* Prepared statements are cached by the address of their SQL text (an
 * open-addressed table of indexes into st->stmts: a bulk load asks for
 * hundreds of statements a ticket). */
sqlite3_stmt *store_stmt(struct store *st, const char *sql)
{
	size_t h = slot_of(sql);
	for (size_t k = 0; k < STMT_HASH; k++, h = (h + 1) & (STMT_HASH - 1)) {
		int ix = st->stmt_hash[h];
		if (!ix)
			break;
		if (st->stmts[ix - 1].sql == sql) {
			sqlite3_stmt *s = st->stmts[ix - 1].stmt;
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return s;
		}
	}
	/* beyond what the table holds: a plain search */
	for (size_t i = STMT_HASH / 2; i < st->nstmts; i++)
		if (st->stmts[i].sql == sql) {
			sqlite3_reset(st->stmts[i].stmt);
			sqlite3_clear_bindings(st->stmts[i].stmt);
			return st->stmts[i].stmt;
		}
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		db_err(st, "prepare");
		return NULL;
	}
	ARRAY_GROW(st->stmts, st->capstmts, st->nstmts + 1);
	st->stmts[st->nstmts].sql = sql;
	st->stmts[st->nstmts].stmt = s;
	st->nstmts++;
	/* the table stays at most half full */
	if (st->nstmts <= STMT_HASH / 2) {
		h = slot_of(sql);
		while (st->stmt_hash[h])
			h = (h + 1) & (STMT_HASH - 1);
		st->stmt_hash[h] = (int)st->nstmts;
	}
	return s;
}

/* Step s to the end, appending one element of elsz bytes per row to
 * *out (read fills a zeroed element); on failure the rows read so far are
 * released with release and the error set. Resets s. */
int store_collect(struct store *st, sqlite3_stmt *s, void **out, size_t *n, size_t elsz,
		  void (*read)(sqlite3_stmt *s, void *el), void (*release)(void *arr, size_t n), const char *what)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		grow_array(out, &cap, *n + 1, elsz);
		char *el = (char *)*out + *n * elsz;
		memset(el, 0, elsz);
		read(s, el);
		(*n)++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		rc = db_err(st, what);
		release(*out, *n);
		*out = NULL;
		*n = 0;
		return rc;
	}
	return 0;
}
