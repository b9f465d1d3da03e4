/* audit_row.c - one audit row by its sequence number (witnesses: an
 * anchor names a row and the hash it had). */
#include "data/store.h"
#include "data/sqlite/sqlite_impl.h"

#include "lib/err.h"
#include "lib/util.h"

#include <stdlib.h>

static char *text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return xstrdup(t ? (const char *)t : "");
}

int store_audit_get(struct store *st, int64_t seq, struct audit_row *out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit"
					 " WHERE seq = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, seq);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return err_set(DK_ENOTFOUND, "audit: no row %lld", (long long)seq);
	}
	if (rc != SQLITE_ROW)
		return store_db_err(st, "audit");
	out->seq = sqlite3_column_int64(s, 0);
	out->at = sqlite3_column_int64(s, 1);
	out->actor = text(s, 2);
	out->action = text(s, 3);
	out->object = text(s, 4);
	out->detail = text(s, 5);
	out->prev_hash = text(s, 6);
	out->hash = text(s, 7);
	sqlite3_reset(s);
	return 0;
}
