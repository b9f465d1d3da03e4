/* audit.c - the audit trail's rows: append, read back, keep the chain's
 * head. The hashes are computed and checked in core (core/audit.c). */
#include "data/sqlite/sqlite_impl.h"

#include "lib/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ROW_READER(read_audit, struct audit_row)
ROW_RELEASER(audit_rows_free, struct audit_row)

int store_audit_last(struct store *st, int64_t *seq, char hash[65])
{
	if (st->audit_last_ok && store_in_tx(st)) {
		*seq = st->audit_last_seq;
		memcpy(hash, st->audit_last_hash, 65);
		return 0;
	}
	*seq = 0;
	hash[0] = '\0';
	sqlite3_stmt *s = q(st, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
	if (!s)
		return DK_EIO;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(s, 0);
		const unsigned char *h = sqlite3_column_text(s, 1);
		snprintf(hash, 65, "%s", h ? (const char *)h : "");
	} else if (rc != SQLITE_DONE) {
		return db_err(st, "audit");
	}
	sqlite3_reset(s);
	return 0;
}

int store_audit_insert(struct store *st, int64_t seq, dk_time at, const char *actor, const char *action,
		       const char *object, const char *detail, const char *prev_hash, const char *hash)
{
	STORE_WRITE(st);
	sqlite3_stmt *s = q(st, "INSERT INTO audit(seq, at, actor, action, object, detail, prev_hash, hash)"
				" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, seq);
	sqlite3_bind_int64(s, 2, at);
	bind_text(s, 3, actor);
	bind_text(s, 4, action);
	bind_text(s, 5, object);
	bind_text(s, 6, detail ? detail : "");
	bind_text(s, 7, prev_hash);
	bind_text(s, 8, hash);
	int rc = step_done(st, s, "audit");
	if (rc)
		return rc;
	if (strlen(hash) < sizeof(st->audit_last_hash)) {
		st->audit_last_seq = seq;
		memcpy(st->audit_last_hash, hash, strlen(hash) + 1);
		st->audit_last_ok = 1;
	}
	/* in a batch, the head is written once, when the batch commits */
	if (st->batch) {
		st->audit_head_due = 1;
		return 0;
	}
	/* The head is kept apart from the table so that cutting rows off the
	 * end is noticed too. */
	char head[128];
	snprintf(head, sizeof(head), "%lld %s", (long long)seq, hash);
	return store_meta_set(st, "audit_head", head);
}

int sqlite_audit_head_write(struct store *st)
{
	if (!st->audit_head_due)
		return 0;
	int64_t seq;
	char hash[65];
	int rc = store_audit_last(st, &seq, hash);
	if (rc || !seq)
		return rc;
	char head[128];
	snprintf(head, sizeof(head), "%lld %s", (long long)seq, hash);
	if (!(rc = store_meta_set(st, "audit_head", head)))
		st->audit_head_due = 0;
	return rc;
}

int store_audit_head(struct store *st, char **out)
{
	if (st->batch && st->audit_head_due) {
		int64_t seq;
		char hash[65];
		int rc = store_audit_last(st, &seq, hash);
		if (rc)
			return rc;
		*out = xasprintf("%lld %s", (long long)seq, hash);
		return 0;
	}
	return store_meta_get(st, "audit_head", out);
}

static void read_audit(sqlite3_stmt *s, struct audit_row *r);

/* Each row of s to cb until it returns non-zero (that value is returned);
 * finalizes s. */
static int audit_each(struct store *st, sqlite3_stmt *s, int (*cb)(const struct audit_row *r, void *ctx), void *ctx)
{
	int rc = 0, step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct audit_row r = { 0 };
		read_audit(s, &r);
		rc = cb(&r, ctx);
		audit_row_clear(&r);
		if (rc)
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_err(st, "audit");
	sqlite3_finalize(s);
	return rc;
}

int store_audit_foreach(struct store *st, int (*cb)(const struct audit_row *r, void *ctx), void *ctx)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit"
			       " ORDER BY seq",
			       -1, &s, NULL) != SQLITE_OK)
		return db_err(st, "audit");
	return audit_each(st, s, cb, ctx);
}

int store_audit_foreach_newest(struct store *st, int64_t limit, int (*cb)(const struct audit_row *r, void *ctx),
			       void *ctx)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit"
			       " ORDER BY seq DESC LIMIT ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return db_err(st, "audit");
	sqlite3_bind_int64(s, 1, limit > 0 ? limit : -1);
	int rc = audit_each(st, s, cb, ctx);
	return rc > 0 ? 0 : rc;
}

static void read_audit(sqlite3_stmt *s, struct audit_row *r)
{
	r->seq = sqlite3_column_int64(s, 0);
	r->at = sqlite3_column_int64(s, 1);
	r->actor = col_text(s, 2);
	r->action = col_text(s, 3);
	r->object = col_text(s, 4);
	r->detail = col_text(s, 5);
	r->prev_hash = col_text(s, 6);
	r->hash = col_text(s, 7);
}

int store_audit_list(struct store *st, const char *object_prefix, int newest_first, int64_t limit,
		     struct audit_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	const char *sql_asc = "SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit"
			      " WHERE ?1 IS NULL OR object = ?1 OR substr(object, 1, length(?1)) = ?1"
			      " ORDER BY seq LIMIT ?2";
	const char *sql_desc = "SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit"
			       " WHERE ?1 IS NULL OR object = ?1 OR substr(object, 1, length(?1)) = ?1"
			       " ORDER BY seq DESC LIMIT ?2";
	sqlite3_stmt *s = q(st, newest_first ? sql_desc : sql_asc);
	if (!s)
		return DK_EIO;
	bind_text(s, 1, object_prefix);
	sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
	return COLLECT(st, s, out, n, read_audit, audit_rows_free, "audit");
}

/* ---- audit look-up */

int store_audit_exact(struct store *st, const char *object, struct audit_row **out, size_t *n, size_t *cap)
{
	sqlite3_stmt *s = q(st, "SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit"
				" WHERE object = ?1 ORDER BY seq");
	if (!s)
		return DK_EIO;
	sqlite3_bind_text(s, 1, object, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ARRAY_GROW(*out, *cap, *n + 1);
		struct audit_row *r = &(*out)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->seq = sqlite3_column_int64(s, 0);
		r->at = sqlite3_column_int64(s, 1);
#define TXT(i) (sqlite3_column_text(s, i) ? xstrdup((const char *)sqlite3_column_text(s, i)) : NULL)
		r->actor = TXT(2);
		r->action = TXT(3);
		r->object = TXT(4);
		r->detail = TXT(5);
		r->prev_hash = TXT(6);
		r->hash = TXT(7);
#undef TXT
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_err(st, "audit");
}
