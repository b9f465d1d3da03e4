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

/* Prepared statements are cached by the address of their SQL text. */
sqlite3_stmt *store_stmt(struct store *st, const char *sql)
{
	for (size_t i = 0; i < st->nstmts; i++)
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
