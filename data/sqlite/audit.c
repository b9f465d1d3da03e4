/* audit.c - the audit trail's rows: append with the hash chain, verify,
 * list. */
#include "data/sqlite/sqlite_impl.h"
#include "data/erase.h"

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

ROW_READER(read_audit, struct audit_row)
ROW_RELEASER(audit_rows_free, struct audit_row)

static void audit_canonical(struct buf *b, int64_t seq, dk_time at, const char *actor, const char *action,
			    const char *object, const char *detail)
{
	buf_reset(b);
	buf_printf(b, "%lld\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%s", (long long)seq, (long long)at, actor, action,
		   object, detail);
}

int store_audit_append(struct store *st, dk_time at, const char *actor, const char *action,
		       const char *object, const char *detail)
{
	sqlite3_stmt *s = q(st, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
	if (!s)
		return DK_EIO;
	int64_t seq = 1;
	char prev[SHA256_HEX_LEN + 1] = ZERO_HASH;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int64(s, 0) + 1;
		const unsigned char *h = sqlite3_column_text(s, 1);
		snprintf(prev, sizeof(prev), "%s", h ? (const char *)h : "");
	} else if (rc != SQLITE_DONE) {
		return db_err(st, "audit");
	}
	sqlite3_reset(s);
	struct buf b = BUF_INIT;
	char hash[SHA256_HEX_LEN + 1];
	audit_canonical(&b, seq, at, actor, action, object, detail ? detail : "");
	sha256_hex2(prev, buf_str(&b), hash);
	buf_release(&b);
	s = q(st, "INSERT INTO audit(seq, at, actor, action, object, detail, prev_hash, hash)"
		  " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, seq);
	sqlite3_bind_int64(s, 2, at);
	bind_text(s, 3, actor);
	bind_text(s, 4, action);
	bind_text(s, 5, object);
	bind_text(s, 6, detail ? detail : "");
	bind_text(s, 7, prev);
	bind_text(s, 8, hash);
	if ((rc = step_done(st, s, "audit")))
		return rc;
	/* The head is kept apart from the table so that cutting rows off the
	 * end is noticed too. */
	char head[128];
	snprintf(head, sizeof(head), "%lld %s", (long long)seq, hash);
	return store_meta_set(st, "audit_head", head);
}

int store_audit_verify(struct store *st, int64_t *bad_seq, int64_t *rows)
{
	sqlite3_stmt *s;
	*bad_seq = 0;
	*rows = 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit"
			       " ORDER BY seq",
			       -1, &s, NULL) != SQLITE_OK)
		return db_err(st, "audit");
	char prev[SHA256_HEX_LEN + 1] = ZERO_HASH, calc[SHA256_HEX_LEN + 1];
	int64_t expect = 1;
	struct buf b = BUF_INIT;
	int rc = 0, step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(s, 0);
		const char *f[7];
		for (int i = 0; i < 7; i++) {
			const unsigned char *t = sqlite3_column_text(s, i + 1);
			f[i] = t ? (const char *)t : "";
		}
		if (seq != expect) {
			*bad_seq = expect;
			rc = err_set(DK_ERR, "audit: row %lld: missing (the chain jumps to row %lld)",
				     (long long)expect, (long long)seq);
			break;
		}
		if (strcmp(f[5], prev)) {
			*bad_seq = seq;
			rc = err_set(DK_ERR, "audit: row %lld: does not follow row %lld (rows removed or reordered)",
				     (long long)seq, (long long)seq - 1);
			break;
		}
		audit_canonical(&b, seq, sqlite3_column_int64(s, 1), f[1], f[2], f[3], f[4]);
		sha256_hex2(prev, buf_str(&b), calc);
		if (strcmp(calc, f[6])) {
			*bad_seq = seq;
			rc = err_set(DK_ERR, "audit: row %lld: contents do not match its hash (edited)",
				     (long long)seq);
			break;
		}
		snprintf(prev, sizeof(prev), "%s", f[6]);
		expect++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_err(st, "audit");
	sqlite3_finalize(s);
	buf_release(&b);
	*rows = expect - 1;
	if (rc)
		return rc;
	char *head = NULL;
	if ((rc = store_meta_get(st, "audit_head", &head)))
		return rc;
	if (head || expect > 1) {
		char want[128];
		snprintf(want, sizeof(want), "%lld %s", (long long)(expect - 1), prev);
		if (!head || strcmp(head, want)) {
			long long hs = head ? atoll(head) : 0;
			*bad_seq = hs > expect - 1 ? expect : (expect > 1 ? expect - 1 : 1);
			rc = err_set(DK_ERR, "audit: row %lld: the chain's recorded head does not match (%s)",
				     (long long)*bad_seq,
				     hs > expect - 1 ? "rows removed from the end" : "head edited");
		}
	}
	free(head);
	return rc;
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
