/* mail.c - the mail tables on SQLite (data/store_mail.h). */
#include "data/store_mail.h"
#include "data/sqlite/sqlite_impl.h"

#include "lib/err.h"
#include "lib/hash.h"
#include "lib/util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static void bind_id(sqlite3_stmt *s, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

/* ---- raw messages */

void mail_raw_clear(struct mail_raw *r)
{
	free(r->sha256);
	free(r->status);
	free(r->message_id);
	free(r->sender);
	free(r->note);
	free(r->bytes);
	memset(r, 0, sizeof(*r));
}

void mail_raws_free(struct mail_raw *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		mail_raw_clear(&r[i]);
	free(r);
}

#define RAW_COLS "id, sha256, received_at, status, message_id, sender, ticket_id, message_row, note, size"

static void read_raw(sqlite3_stmt *s, struct mail_raw *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(s, 0);
	r->sha256 = col_text(s, 1);
	r->received_at = sqlite3_column_int64(s, 2);
	r->status = col_text(s, 3);
	r->message_id = col_text(s, 4);
	r->sender = col_text(s, 5);
	r->ticket_id = sqlite3_column_int64(s, 6);
	r->message_row = sqlite3_column_int64(s, 7);
	r->note = col_text(s, 8);
	r->size = sqlite3_column_int64(s, 9);
}

/* One row of s into out, or DK_ENOTFOUND. */
static int one_raw(struct store *st, sqlite3_stmt *s, struct mail_raw *out, const char *what)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_raw(s, out);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return err_set(DK_ENOTFOUND, "%s: not found", what);
	return store_db_err(st, what);
}

int store_mail_raw_by_hash(struct store *st, const char *sha256, struct mail_raw *out)
{
	sqlite3_stmt *s = q(st, "SELECT " RAW_COLS " FROM mail_raw WHERE sha256 = ?1");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, sha256);
	return one_raw(st, s, out, "mail");
}

int store_mail_raw_by_msgid(struct store *st, const char *message_id, const char *sender, struct mail_raw *out)
{
	sqlite3_stmt *s = q(st, "SELECT " RAW_COLS " FROM mail_raw WHERE message_id = ?1"
				" AND sender = ?2 COLLATE NOCASE AND status IN ('delivered','report','quarantined')"
				" ORDER BY id LIMIT 1");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, message_id);
	bind_text(s, 2, sender ? sender : "");
	return one_raw(st, s, out, "mail");
}

int store_mail_raw_insert(struct store *st, struct mail_raw *r, const void *bytes, size_t len)
{
	sqlite3_stmt *s = q(st, "INSERT INTO mail_raw(sha256, bytes, size, received_at, status, message_id, sender,"
				" ticket_id, message_row, note) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, r->sha256);
	sqlite3_bind_blob64(s, 2, len ? bytes : "", len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (int64_t)len);
	sqlite3_bind_int64(s, 4, r->received_at);
	bind_text(s, 5, r->status);
	bind_text(s, 6, r->message_id);
	bind_text(s, 7, r->sender);
	bind_id(s, 8, r->ticket_id);
	bind_id(s, 9, r->message_row);
	bind_text(s, 10, r->note);
	int rc = step_done(st, s, "mail: raw message");
	sqlite3_clear_bindings(s);
	if (!rc)
		r->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_mail_raw_set(struct store *st, int64_t id, const char *status, int64_t ticket_id, int64_t message_row,
		       const char *note)
{
	sqlite3_stmt *s = q(st, "UPDATE mail_raw SET status = ?2, ticket_id = ?3, message_row = ?4, note = ?5"
				" WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, status);
	bind_id(s, 3, ticket_id);
	bind_id(s, 4, message_row);
	bind_text(s, 5, note);
	int rc = step_done(st, s, "mail: raw message");
	if (!rc && sqlite3_changes(st->db) == 0)
		return err_set(DK_ENOTFOUND, "mail %lld: no such message", (long long)id);
	return rc;
}

int store_mail_raw_get(struct store *st, int64_t id, struct mail_raw *out)
{
	sqlite3_stmt *s = q(st, "SELECT " RAW_COLS ", bytes FROM mail_raw WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_raw(s, out);
		size_t n = (size_t)sqlite3_column_bytes(s, 10);
		out->bytes = xmalloc(n + 1);
		if (n)
			memcpy(out->bytes, sqlite3_column_blob(s, 10), n);
		out->bytes[n] = 0;
		out->size = (int64_t)n;
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return err_set(DK_ENOTFOUND, "mail %lld: no such message", (long long)id);
	return store_db_err(st, "mail");
}

static int raw_rows(struct store *st, sqlite3_stmt *s, struct mail_raw **out, size_t *n)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		grow_array((void **)out, &cap, *n + 1, sizeof(**out));
		read_raw(s, &(*out)[(*n)++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		mail_raws_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_err(st, "mail");
	}
	return 0;
}

int store_mail_raw_list(struct store *st, const char *status, struct mail_raw **out, size_t *n)
{
	sqlite3_stmt *s = q(st, "SELECT " RAW_COLS " FROM mail_raw WHERE ?1 IS NULL OR status = ?1 ORDER BY id");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, status);
	return raw_rows(st, s, out, n);
}

int store_mail_raw_ticket(struct store *st, int64_t ticket_id, struct mail_raw **out, size_t *n)
{
	sqlite3_stmt *s = q(st, "SELECT " RAW_COLS " FROM mail_raw WHERE ticket_id = ?1 ORDER BY id");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	return raw_rows(st, s, out, n);
}

/* ---- Message-IDs */

int store_mail_id_put(struct store *st, const char *message_id, int64_t ticket_id, int64_t message_row,
		      const char *direction, int machine)
{
	sqlite3_stmt *s = q(st, "INSERT INTO mail_ids(message_id, ticket_id, message_row, direction, machine)"
				" VALUES(?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, message_id);
	sqlite3_bind_int64(s, 2, ticket_id);
	bind_id(s, 3, message_row);
	bind_text(s, 4, direction);
	sqlite3_bind_int(s, 5, machine);
	return step_done(st, s, "mail: message id");
}

int store_mail_id_ticket(struct store *st, const char *message_id, int64_t *ticket_id)
{
	sqlite3_stmt *s = q(st, "SELECT m.ticket_id FROM mail_ids m JOIN tickets t ON t.id = m.ticket_id"
				" WHERE m.message_id = ?1 ORDER BY m.id DESC LIMIT 1");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, message_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*ticket_id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return err_set(DK_ENOTFOUND, "message id %s: not known", message_id);
	return store_db_err(st, "mail: message id");
}

int store_mail_id_list(struct store *st, int64_t ticket_id, char ***ids, size_t *n)
{
	sqlite3_stmt *s = q(st, "SELECT message_id FROM mail_ids WHERE ticket_id = ?1 ORDER BY id");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	size_t cap = 0;
	*ids = NULL;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		grow_array((void **)ids, &cap, *n + 1, sizeof(char *));
		(*ids)[(*n)++] = col_text(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < *n; i++)
			free((*ids)[i]);
		free(*ids);
		*ids = NULL;
		*n = 0;
		return store_db_err(st, "mail: message ids");
	}
	return 0;
}

int store_mail_id_last_in(struct store *st, int64_t ticket_id, char **message_id, int *machine)
{
	sqlite3_stmt *s = q(st, "SELECT message_id, machine FROM mail_ids WHERE ticket_id = ?1 AND direction = 'in'"
				" ORDER BY id DESC LIMIT 1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*message_id = col_text(s, 0);
		*machine = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return err_set(DK_ENOTFOUND, "ticket %lld: no inbound mail", (long long)ticket_id);
	return store_db_err(st, "mail: message ids");
}

/* ---- attachments */

void mail_attachments_free(struct mail_attachment *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].name);
		free(a[i].type);
		free(a[i].sha256);
	}
	free(a);
}

int store_mail_attachment_insert(struct store *st, struct mail_attachment *a, const void *bytes, size_t len)
{
	if (!a->sha256) {
		a->sha256 = xmalloc(SHA256_HEX_LEN + 1);
		sha256_hex(bytes, len, a->sha256);
	}
	sqlite3_stmt *s = q(st, "INSERT OR IGNORE INTO mail_blobs(sha256, size, bytes) VALUES(?1, ?2, ?3)");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, a->sha256);
	sqlite3_bind_int64(s, 2, (int64_t)len);
	sqlite3_bind_blob64(s, 3, len ? bytes : "", len, SQLITE_STATIC);
	int rc = step_done(st, s, "mail: attachment");
	sqlite3_clear_bindings(s);
	if (rc)
		return rc;
	s = q(st, "INSERT INTO mail_attachments(ticket_id, message_row, raw_id, name, type, size, sha256, inline)"
		  " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, a->ticket_id);
	sqlite3_bind_int64(s, 2, a->message_row);
	bind_id(s, 3, a->raw_id);
	bind_text(s, 4, a->name);
	bind_text(s, 5, a->type ? a->type : "application/octet-stream");
	sqlite3_bind_int64(s, 6, (int64_t)len);
	bind_text(s, 7, a->sha256);
	sqlite3_bind_int(s, 8, a->is_inline);
	if (!(rc = step_done(st, s, "mail: attachment"))) {
		a->id = sqlite3_last_insert_rowid(st->db);
		a->size = (int64_t)len;
	}
	return rc;
}

int store_mail_attachment_list(struct store *st, int64_t ticket_id, struct mail_attachment **out, size_t *n)
{
	sqlite3_stmt *s = q(st, "SELECT id, ticket_id, message_row, raw_id, name, type, size, sha256, inline"
				" FROM mail_attachments WHERE ticket_id = ?1 ORDER BY id");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		grow_array((void **)out, &cap, *n + 1, sizeof(**out));
		struct mail_attachment *a = &(*out)[(*n)++];
		a->id = sqlite3_column_int64(s, 0);
		a->ticket_id = sqlite3_column_int64(s, 1);
		a->message_row = sqlite3_column_int64(s, 2);
		a->raw_id = sqlite3_column_int64(s, 3);
		a->name = col_text(s, 4);
		a->type = col_text(s, 5);
		a->size = sqlite3_column_int64(s, 6);
		a->sha256 = col_text(s, 7);
		a->is_inline = sqlite3_column_int(s, 8);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		mail_attachments_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_err(st, "mail: attachments");
	}
	return 0;
}

int store_mail_blob_get(struct store *st, const char *sha256, char **bytes, size_t *len)
{
	sqlite3_stmt *s = q(st, "SELECT bytes FROM mail_blobs WHERE sha256 = ?1");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, sha256);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*len = (size_t)sqlite3_column_bytes(s, 0);
		*bytes = xmalloc(*len + 1);
		if (*len)
			memcpy(*bytes, sqlite3_column_blob(s, 0), *len);
		(*bytes)[*len] = 0;
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return err_set(DK_ENOTFOUND, "attachment %s: not found", sha256);
	return store_db_err(st, "mail: attachment");
}

/* ---- outbox */

void outbox_row_clear(struct outbox_row *o)
{
	free(o->message_id);
	free(o->sender);
	free(o->rcpt);
	free(o->rcpt_name);
	free(o->subject);
	free(o->in_reply_to);
	free(o->refs);
	free(o->auto_submitted);
	free(o->body);
	free(o->status);
	free(o->last_error);
	free(o->raw);
	memset(o, 0, sizeof(*o));
}

void outbox_rows_free(struct outbox_row *o, size_t n)
{
	for (size_t i = 0; i < n; i++)
		outbox_row_clear(&o[i]);
	free(o);
}

int store_outbox_insert(struct store *st, struct outbox_row *o)
{
	sqlite3_stmt *s = q(st, "INSERT INTO outbox(ticket_id, message_row, message_id, sender, rcpt, rcpt_name,"
				" subject, in_reply_to, refs, auto_submitted, body, created_at, updated_at, status, last_error)"
				" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14)");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, o->ticket_id);
	sqlite3_bind_int64(s, 2, o->message_row);
	bind_text(s, 3, o->message_id);
	bind_text(s, 4, o->sender);
	bind_text(s, 5, o->rcpt);
	bind_text(s, 6, o->rcpt_name);
	bind_text(s, 7, o->subject);
	bind_text(s, 8, o->in_reply_to);
	bind_text(s, 9, o->refs);
	bind_text(s, 10, o->auto_submitted);
	bind_text(s, 11, o->body);
	sqlite3_bind_int64(s, 12, o->created_at);
	bind_text(s, 13, o->status ? o->status : "queued");
	bind_text(s, 14, o->last_error);
	int rc = step_done(st, s, "outbox");
	if (!rc)
		o->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

#define OUTBOX_COLS                                                                                         \
	"id, ticket_id, message_row, message_id, sender, rcpt, rcpt_name, subject, in_reply_to, refs,"      \
	" auto_submitted, body, created_at, updated_at, status, attempts, last_error"

static void read_outbox(sqlite3_stmt *s, struct outbox_row *o)
{
	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(s, 0);
	o->ticket_id = sqlite3_column_int64(s, 1);
	o->message_row = sqlite3_column_int64(s, 2);
	o->message_id = col_text(s, 3);
	o->sender = col_text(s, 4);
	o->rcpt = col_text(s, 5);
	o->rcpt_name = col_text(s, 6);
	o->subject = col_text(s, 7);
	o->in_reply_to = col_text(s, 8);
	o->refs = col_text(s, 9);
	o->auto_submitted = col_text(s, 10);
	o->body = col_text(s, 11);
	o->created_at = sqlite3_column_int64(s, 12);
	o->updated_at = sqlite3_column_int64(s, 13);
	o->status = col_text(s, 14);
	o->attempts = sqlite3_column_int(s, 15);
	o->last_error = col_text(s, 16);
}

static int one_outbox(struct store *st, sqlite3_stmt *s, struct outbox_row *out, int with_raw, const char *what)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_outbox(s, out);
		if (with_raw && sqlite3_column_type(s, 17) != SQLITE_NULL) {
			out->rawlen = (size_t)sqlite3_column_bytes(s, 17);
			out->raw = xmalloc(out->rawlen + 1);
			if (out->rawlen)
				memcpy(out->raw, sqlite3_column_blob(s, 17), out->rawlen);
			out->raw[out->rawlen] = 0;
		}
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return err_set(DK_ENOTFOUND, "%s: not found", what);
	return store_db_err(st, what);
}

int store_outbox_get(struct store *st, int64_t id, struct outbox_row *out)
{
	sqlite3_stmt *s = q(st, "SELECT " OUTBOX_COLS ", raw FROM outbox WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	return one_outbox(st, s, out, 1, "outbox");
}

int store_outbox_by_msgid(struct store *st, const char *message_id, struct outbox_row *out)
{
	sqlite3_stmt *s = q(st, "SELECT " OUTBOX_COLS " FROM outbox WHERE message_id = ?1");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, message_id);
	return one_outbox(st, s, out, 0, "outbox");
}

int store_outbox_list(struct store *st, const char *statuses, int64_t ticket_id, struct outbox_row **out,
		      size_t *n)
{
	sqlite3_stmt *s = q(st, "SELECT " OUTBOX_COLS " FROM outbox"
				" WHERE (?1 IS NULL OR instr(',' || ?1 || ',', ',' || status || ',') > 0)"
				" AND (?2 = 0 OR ticket_id = ?2) ORDER BY id");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, statuses);
	sqlite3_bind_int64(s, 2, ticket_id);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		grow_array((void **)out, &cap, *n + 1, sizeof(**out));
		read_outbox(s, &(*out)[(*n)++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		outbox_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_err(st, "outbox");
	}
	return 0;
}

int store_outbox_has(struct store *st, const char *status, int *yes)
{
	sqlite3_stmt *s = q(st, "SELECT EXISTS(SELECT 1 FROM outbox WHERE status = ?1)");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, status);
	int rc = sqlite3_step(s);
	*yes = rc == SQLITE_ROW && sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_db_err(st, "outbox");
}

int store_outbox_claim(struct store *st, int64_t id, dk_time at, dk_time stale_before, int *claimed)
{
	sqlite3_stmt *s = q(st, "UPDATE outbox SET status = 'sending', updated_at = ?2 WHERE id = ?1"
				" AND (status IN ('queued','deferred') OR (status = 'sending' AND updated_at < ?3))");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, at);
	sqlite3_bind_int64(s, 3, stale_before);
	int rc = step_done(st, s, "outbox");
	*claimed = !rc && sqlite3_changes(st->db) > 0;
	return rc;
}

int store_outbox_set_raw(struct store *st, int64_t id, const void *raw, size_t len)
{
	sqlite3_stmt *s = q(st, "UPDATE outbox SET raw = ?2 WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_blob64(s, 2, len ? raw : "", len, SQLITE_STATIC);
	int rc = step_done(st, s, "outbox");
	sqlite3_clear_bindings(s);
	return rc;
}

int store_outbox_set_status(struct store *st, int64_t id, const char *status, const char *error, int count_attempt,
			    dk_time at)
{
	sqlite3_stmt *s = q(st, "UPDATE outbox SET status = ?2, last_error = ?3, attempts = attempts + ?4,"
				" updated_at = ?5 WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, status);
	bind_text(s, 3, error);
	sqlite3_bind_int(s, 4, count_attempt);
	sqlite3_bind_int64(s, 5, at);
	int rc = step_done(st, s, "outbox");
	if (!rc && sqlite3_changes(st->db) == 0)
		return err_set(DK_ENOTFOUND, "outbox %lld: no such message", (long long)id);
	return rc;
}

int store_outbox_count_auto(struct store *st, const char *rcpt, dk_time since, int64_t *n)
{
	sqlite3_stmt *s = q(st, "SELECT count(*) FROM outbox WHERE rcpt = ?1 COLLATE NOCASE AND created_at >= ?2"
				" AND auto_submitted IS NOT NULL AND status <> 'suppressed'");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, rcpt);
	sqlite3_bind_int64(s, 2, since);
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_db_err(st, "outbox");
}

/* ---- failing addresses, customers by address */

int store_mail_failing_set(struct store *st, const char *address, dk_time at, const char *status)
{
	sqlite3_stmt *s = q(st, "INSERT INTO mail_failing(address, at, status) VALUES(?1, ?2, ?3)"
				" ON CONFLICT(address) DO UPDATE SET at = ?2, status = ?3");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, address);
	sqlite3_bind_int64(s, 2, at);
	bind_text(s, 3, status);
	return step_done(st, s, "mail: failing address");
}

int store_mail_failing_get(struct store *st, const char *address, int *failing)
{
	sqlite3_stmt *s = q(st, "SELECT EXISTS(SELECT 1 FROM mail_failing WHERE address = ?1)");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, address);
	int rc = sqlite3_step(s);
	*failing = rc == SQLITE_ROW && sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_db_err(st, "mail: failing address");
}

int store_customer_by_email(struct store *st, const char *email, int64_t *id)
{
	sqlite3_stmt *s = q(st, "SELECT id FROM customers WHERE email = ?1 COLLATE NOCASE AND erased_at IS NULL"
				" ORDER BY id LIMIT 1");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, email);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return err_set(DK_ENOTFOUND, "customer %s: not found", email);
	return store_db_err(st, "customer");
}

/* ---- erasure (data/erase.h calls this for every ticket it scrubs) */

int store_mail_erase_ticket(struct store *st, int64_t ticket_id, int64_t *rows)
{
	static const char *const sql[] = {
		/* raw mail of the customer that is not tied to a ticket (the
		 * quarantine) goes with the first of their tickets */
		"DELETE FROM mail_raw WHERE ticket_id IS NULL AND sender IS NOT NULL AND sender = (SELECT c.email FROM"
		" customers c JOIN tickets t ON t.customer_id = c.id WHERE t.id = ?1) COLLATE NOCASE",
		"DELETE FROM mail_failing WHERE address = (SELECT c.email FROM customers c JOIN tickets t"
		" ON t.customer_id = c.id WHERE t.id = ?1)",
		"DELETE FROM mail_raw WHERE ticket_id = ?1",
		"DELETE FROM mail_ids WHERE ticket_id = ?1 AND direction = 'in'",
		"DELETE FROM mail_attachments WHERE ticket_id = ?1",
		"DELETE FROM mail_blobs WHERE NOT EXISTS(SELECT 1 FROM mail_attachments a WHERE a.sha256 = mail_blobs.sha256)",
		/* the outbox keeps ids, states and times: the evidence that a
		 * letter was sent, not what it said or to whom */
		"UPDATE outbox SET rcpt = '', rcpt_name = NULL, subject = '[erased]', body = '[erased]', raw = NULL,"
		" in_reply_to = NULL, refs = NULL, last_error = NULL WHERE ticket_id = ?1",
	};
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		sqlite3_stmt *s = q(st, sql[i]);
		if (!s)
			return DK_EIO;
		if (sqlite3_bind_parameter_count(s))
			sqlite3_bind_int64(s, 1, ticket_id);
		int rc = step_done(st, s, "erase mail");
		if (rc)
			return rc;
		if (rows)
			*rows += sqlite3_changes(st->db);
	}
	return 0;
}
