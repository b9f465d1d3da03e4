/* store.c - the workspace database on SQLite: open, migrate, records,
 * audit chain, full-text search. */
#include "data/store.h"
#include "data/sqlite/schema.h"

#include "lib/err.h"
#include "lib/hash.h"
#include "lib/util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define db_err store_db_err
#define q store_stmt
#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

#include "data/sqlite/sqlite_impl.h"
#include "data/erase.h"

/* ---- helpers */

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
		return err_set(DK_EIO, "%s: disk full", what);
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

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static void bind_time(sqlite3_stmt *s, int i, dk_time t)
{
	if (t == DK_TIME_NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, t);
}

static char *col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? xstrdup((const char *)t) : NULL;
}

static dk_time col_time(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? DK_TIME_NONE : sqlite3_column_int64(s, i);
}

/* Run a statement that returns no rows. */
static int step_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_err(st, what);
	return 0;
}

/* Step s to the end, appending one element of elsz bytes per row to
 * *out (read fills a zeroed element); on failure the rows read so far are
 * released with release and the error set. Resets s. */
static int collect(struct store *st, sqlite3_stmt *s, void **out, size_t *n, size_t elsz,
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

/* Type-safe adapters for collect(): read_X_v and X_free_v take void *. */
#define ROW_READER(name, type)                                   \
	static void name(sqlite3_stmt *s, type *el);             \
	static void name##_v(sqlite3_stmt *s, void *el) { name(s, el); }
#define ROW_RELEASER(name, type) \
	static void name##_v(void *a, size_t n) { name((type *)a, n); }
ROW_READER(read_audit, struct audit_row)
ROW_READER(read_agent, struct agent)
ROW_READER(read_customer, struct customer)
ROW_READER(read_ticket, struct ticket)
ROW_READER(read_message, struct message)
ROW_READER(read_event, struct event)
ROW_READER(read_acceptance, struct acceptance)
ROW_RELEASER(audit_rows_free, struct audit_row)
ROW_RELEASER(agents_free, struct agent)
ROW_RELEASER(customers_free, struct customer)
ROW_RELEASER(tickets_free, struct ticket)
ROW_RELEASER(messages_free, struct message)
ROW_RELEASER(events_free, struct event)
ROW_RELEASER(acceptances_free, struct acceptance)

#define COLLECT(st, s, out, n, read, release, what) \
	collect(st, s, (void **)(out), n, sizeof(**(out)), read##_v, release##_v, what)

static int exec(struct store *st, const char *sql, const char *what)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = db_err(st, what);
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

/* ---- open and migrate */

static int migrate(struct store *st)
{
	sqlite3_stmt *s;
	int version = 0;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return db_err(st, "schema");
	if (sqlite3_step(s) == SQLITE_ROW)
		version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (version > schema_migration_count)
		return err_set(DK_EIO,
			       "%s: schema version %d is newer than this docket knows (%d); upgrade docket",
			       st->path, version, schema_migration_count);
	if (version == schema_migration_count)
		return 0;
	int rc = exec(st, "BEGIN IMMEDIATE", "schema");
	if (rc)
		return rc;
	/* Re-read under the write lock: another process may have migrated. */
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK) {
		rc = db_err(st, "schema");
		goto fail;
	}
	version = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	for (int v = version; v < schema_migration_count; v++) {
		if ((rc = exec(st, schema_migrations[v], "schema migration")))
			goto fail;
		if (v == 0) {
			for (int p = 0; p < FTS_PARTS; p++) {
				char sql[200];
				snprintf(sql, sizeof(sql),
					 "CREATE VIRTUAL TABLE fts_%d USING fts5(subject, body, content='',"
					 " tokenize='unicode61 remove_diacritics 2')",
					 p);
				if ((rc = exec(st, sql, "schema migration")))
					goto fail;
			}
		}
	}
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", schema_migration_count);
	if ((rc = exec(st, sql, "schema")) || (rc = exec(st, "COMMIT", "schema")))
		goto fail;
	return 0;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static int looks_like_sqlite(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return 1; /* let SQLite report */
	char hdr[16] = { 0 };
	size_t n = fread(hdr, 1, sizeof(hdr), fp);
	fclose(fp);
	if (n == 0)
		return 1; /* empty file: SQLite treats it as a new database */
	return n == 16 && !memcmp(hdr, "SQLite format 3", 16);
}

/* Presence heartbeats live in a database of their own beside the
 * workspace's (DIR/presence.db), attached to the connection: they are
 * written every few seconds by every open screen and must not count as a
 * change of the workspace (PRAGMA main.data_version), or every screen
 * would reload whenever someone else's screen is merely open. Without it
 * (e.g. a folder we cannot write) presence is simply off. */
static void attach_presence(struct store *st)
{
	if (st->presence_tried)
		return;
	st->presence_tried = 1;
	const char *slash = strrchr(st->path, '/');
	char *pp = slash ? xasprintf("%.*s/presence.db", (int)(slash - st->path), st->path) : xstrdup("presence.db");
	/* an attached database is opened with the main one's flags, which do
	 * not include CREATE: make the (empty) file first */
	int fd = open(pp, O_RDWR | O_CREAT | O_CLOEXEC, 0660);
	if (fd >= 0)
		close(fd);
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "ATTACH DATABASE ?1 AS presence", -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, pp, -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc == SQLITE_DONE &&
		    sqlite3_exec(st->db, "PRAGMA presence.journal_mode = WAL;"
					 "CREATE TABLE IF NOT EXISTS presence.presence(login TEXT PRIMARY KEY,"
					 " ticket_id INTEGER, beat_at INTEGER) WITHOUT ROWID",
				 NULL, NULL, NULL) == SQLITE_OK) {
			st->presence = 1;
			chmod(pp, 0660);
		}
	}
	free(pp);
}

int store_open(const char *path, int create, struct store **out)
{
	*out = NULL;
	struct stat sb;
	if (!create && stat(path, &sb) != 0)
		return err_set(DK_ENOTFOUND, "workspace database: %s: %s", path, strerror(errno));
	if (!create && !looks_like_sqlite(path))
		return err_set(DK_EIO, "workspace database: %s: not a SQLite database", path);
	struct store *st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		int rc = err_set(DK_EIO, "workspace database: %s: %s", path,
				 st->db ? sqlite3_errmsg(st->db) : "cannot open");
		store_close(st);
		return rc;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	int rc;
	/* Reading the schema is the first real access: it fails on non-SQLite
	 * files and on files we cannot read. */
	if ((rc = exec(st, "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;", "open"))) {
		store_close(st);
		return rc;
	}
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s, NULL) != SQLITE_OK) {
		int code = sqlite3_errcode(st->db);
		rc = code == SQLITE_NOTADB
			     ? err_set(DK_EIO, "workspace database: %s: not a SQLite database", path)
			     : db_err(st, "open");
		store_close(st);
		return rc;
	}
	int src = sqlite3_step(s);
	sqlite3_finalize(s);
	if (src != SQLITE_ROW) {
		int code = sqlite3_errcode(st->db);
		rc = code == SQLITE_NOTADB
			     ? err_set(DK_EIO, "workspace database: %s: not a SQLite database", path)
			     : db_err(st, "open");
		store_close(st);
		return rc;
	}
	if ((rc = exec(st, "PRAGMA synchronous = NORMAL", "open")) || (rc = migrate(st))) {
		store_close(st);
		return rc;
	}
	store_scrub_resume(st); /* finish an erasure's WAL scrub that other sessions blocked */
	*out = st;
	return 0;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->nstmts; i++)
		sqlite3_finalize(st->stmts[i].stmt);
	free(st->stmts);
	if (st->db)
		sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

int store_begin(struct store *st) { return exec(st, "BEGIN IMMEDIATE", "begin"); }

int store_commit(struct store *st) { return exec(st, "COMMIT", "commit"); }

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_in_transaction(struct store *st) { return !sqlite3_get_autocommit(st->db); }

int store_poll_changes(struct store *st, int *changed)
{
	sqlite3_stmt *s = q(st, "PRAGMA main.data_version");
	if (!s)
		return DK_EIO;
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW)
		return db_err(st, "poll");
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	*changed = st->data_version && v != st->data_version;
	st->data_version = v;
	return 0;
}

int store_meta_get(struct store *st, const char *key, char **out)
{
	*out = NULL;
	sqlite3_stmt *s = q(st, "SELECT value FROM meta WHERE key = ?1");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, key);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = col_text(s, 0);
	else if (rc != SQLITE_DONE)
		return db_err(st, "meta");
	sqlite3_reset(s);
	return 0;
}

int store_meta_set(struct store *st, const char *key, const char *val)
{
	sqlite3_stmt *s = q(st, "INSERT INTO meta(key, value) VALUES(?1, ?2)"
				" ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, key);
	bind_text(s, 2, val);
	return step_done(st, s, "meta");
}

/* ---- legal cache: values derived from the legal repository at a commit */

int store_cache_get(struct store *st, const char *name, const char *head, char **out)
{
	*out = NULL;
	sqlite3_stmt *s = q(st, "SELECT value FROM legal_cache WHERE name = ?1 AND head = ?2");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, name);
	bind_text(s, 2, head);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = col_text(s, 0);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, "legal cache");
	sqlite3_reset(s);
	return rc;
}

int store_cache_put(struct store *st, const char *name, const char *head, const char *val)
{
	sqlite3_stmt *s = q(st, "INSERT INTO legal_cache(name, head, value) VALUES(?1, ?2, ?3)"
				" ON CONFLICT(name) DO UPDATE SET head = excluded.head, value = excluded.value");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, name);
	bind_text(s, 2, head);
	bind_text(s, 3, val);
	return step_done(st, s, "legal cache");
}

/* ---- audit chain */

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

/* ---- agents */

static void read_agent(sqlite3_stmt *s, struct agent *a)
{
	a->login = col_text(s, 0);
	a->name = col_text(s, 1);
	a->role = role_parse((const char *)sqlite3_column_text(s, 2));
}

int store_agent_get(struct store *st, const char *login, struct agent *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *s = q(st, "SELECT login, name, role FROM agents WHERE login = ?1");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, login);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_agent(s, out);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_err(st, "agent");
	return err_set(DK_ENOTFOUND, "agent %s: no such agent", login);
}

int store_agent_put(struct store *st, const struct agent *a)
{
	sqlite3_stmt *s = q(st, "INSERT INTO agents(login, name, role) VALUES(?1, ?2, ?3)"
				" ON CONFLICT(login) DO UPDATE SET name = excluded.name, role = excluded.role");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, a->login);
	bind_text(s, 2, a->name);
	bind_text(s, 3, role_name(a->role));
	return step_done(st, s, "agent");
}

int store_agent_delete(struct store *st, const char *login)
{
	sqlite3_stmt *s = q(st, "DELETE FROM agents WHERE login = ?1");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, login);
	int rc = step_done(st, s, "agent");
	if (!rc && sqlite3_changes(st->db) == 0)
		return err_set(DK_ENOTFOUND, "agent %s: no such agent", login);
	return rc;
}

int store_agent_list(struct store *st, struct agent **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = q(st, "SELECT login, name, role FROM agents ORDER BY login");
	if (!s)
		return DK_EIO;
	return COLLECT(st, s, out, n, read_agent, agents_free, "agents");
}

int store_agent_count_role(struct store *st, int role, int64_t *n)
{
	sqlite3_stmt *s = q(st, "SELECT count(*) FROM agents WHERE role = ?1");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, role_name(role));
	if (sqlite3_step(s) != SQLITE_ROW)
		return db_err(st, "agents");
	*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

/* ---- customers */

#define CUSTOMER_COLS \
	"id, name, email, jurisdiction, created_at, erased_at, legal_hold, hold_reason, restricted, restrict_reason"

static void read_customer(sqlite3_stmt *s, struct customer *c)
{
	c->id = sqlite3_column_int64(s, 0);
	c->name = col_text(s, 1);
	c->email = col_text(s, 2);
	c->jurisdiction = col_text(s, 3);
	c->created_at = col_time(s, 4);
	c->erased_at = col_time(s, 5);
	c->legal_hold = sqlite3_column_int(s, 6);
	c->hold_reason = col_text(s, 7);
	c->restricted = sqlite3_column_int(s, 8);
	c->restrict_reason = col_text(s, 9);
}

int store_customer_insert(struct store *st, struct customer *c)
{
	sqlite3_stmt *s = q(st, "INSERT INTO customers(name, email, jurisdiction, created_at, erased_at,"
				" legal_hold, hold_reason, restricted, restrict_reason)"
				" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, c->name);
	bind_text(s, 2, c->email);
	bind_text(s, 3, c->jurisdiction);
	bind_time(s, 4, c->created_at);
	bind_time(s, 5, c->erased_at);
	sqlite3_bind_int(s, 6, c->legal_hold);
	bind_text(s, 7, c->hold_reason);
	sqlite3_bind_int(s, 8, c->restricted);
	bind_text(s, 9, c->restrict_reason);
	int rc = step_done(st, s, "customer");
	if (!rc)
		c->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_customer_get(struct store *st, int64_t id, struct customer *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *s = q(st, "SELECT " CUSTOMER_COLS " FROM customers WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_customer(s, out);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_err(st, "customer");
	return err_set(DK_ENOTFOUND, "customer %lld: no such customer", (long long)id);
}

int store_customer_update(struct store *st, const struct customer *c)
{
	sqlite3_stmt *s = q(st, "UPDATE customers SET name = ?2, email = ?3, jurisdiction = ?4,"
				" erased_at = ?5, legal_hold = ?6, hold_reason = ?7, restricted = ?8,"
				" restrict_reason = ?9 WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, c->id);
	bind_text(s, 2, c->name);
	bind_text(s, 3, c->email);
	bind_text(s, 4, c->jurisdiction);
	bind_time(s, 5, c->erased_at);
	sqlite3_bind_int(s, 6, c->legal_hold);
	bind_text(s, 7, c->hold_reason);
	sqlite3_bind_int(s, 8, c->restricted);
	bind_text(s, 9, c->restrict_reason);
	int rc = step_done(st, s, "customer");
	if (!rc && sqlite3_changes(st->db) == 0)
		return err_set(DK_ENOTFOUND, "customer %lld: no such customer", (long long)c->id);
	return rc;
}

int store_customer_list(struct store *st, const struct customer_filter *f, struct customer **out,
			size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = q(st, "SELECT " CUSTOMER_COLS " FROM customers"
				" WHERE (?1 IS NULL OR jurisdiction = ?1)"
				" AND (?2 IS NULL OR instr(lower(name), lower(?2)) > 0"
				"      OR instr(lower(email), lower(?2)) > 0)"
				" ORDER BY id LIMIT ?3 OFFSET ?4");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, f->jurisdiction);
	bind_text(s, 2, f->search && *f->search ? f->search : NULL);
	sqlite3_bind_int64(s, 3, f->limit > 0 ? f->limit : -1);
	sqlite3_bind_int64(s, 4, f->offset);
	return COLLECT(st, s, out, n, read_customer, customers_free, "customers");
}

/* Every customer in id order; light: only id and created_at are read. */
static int customer_scan(struct store *st, int light, int (*cb)(const struct customer *c, void *ctx), void *ctx)
{
	sqlite3_stmt *s;
	const char *sql = light ? "SELECT id, created_at FROM customers ORDER BY id"
				: "SELECT " CUSTOMER_COLS " FROM customers ORDER BY id";
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_err(st, "customers");
	int rc = 0, step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct customer c = { 0 };
		if (light) {
			c.id = sqlite3_column_int64(s, 0);
			c.created_at = sqlite3_column_int64(s, 1);
		} else {
			read_customer(s, &c);
		}
		rc = cb(&c, ctx);
		customer_clear(&c);
		if (rc)
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_err(st, "customers");
	sqlite3_finalize(s);
	return rc;
}

int store_customer_foreach(struct store *st, int (*cb)(const struct customer *c, void *ctx), void *ctx)
{
	return customer_scan(st, 0, cb, ctx);
}

int store_customer_foreach_created(struct store *st, int (*cb)(const struct customer *c, void *ctx), void *ctx)
{
	return customer_scan(st, 1, cb, ctx);
}

int store_customer_count(struct store *st, int64_t *n)
{
	sqlite3_stmt *s = q(st, "SELECT count(*) FROM customers");
	if (!s || sqlite3_step(s) != SQLITE_ROW)
		return db_err(st, "customers");
	*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

/* ---- tickets */

#define TICKET_COLS                                                                              \
	"t.id, t.customer_id, t.subject, t.kind, t.status, t.priority, t.assignee, t.channel,"  \
	" t.created_at, t.updated_at, t.version, t.next_due_at, c.name, c.jurisdiction"

static void read_ticket(sqlite3_stmt *s, struct ticket *t)
{
	t->id = sqlite3_column_int64(s, 0);
	t->customer_id = sqlite3_column_int64(s, 1);
	t->subject = col_text(s, 2);
	t->kind = col_text(s, 3);
	t->status = col_text(s, 4);
	t->priority = sqlite3_column_int(s, 5);
	t->assignee = col_text(s, 6);
	t->channel = col_text(s, 7);
	t->created_at = col_time(s, 8);
	t->updated_at = col_time(s, 9);
	t->version = sqlite3_column_int64(s, 10);
	t->next_due_at = col_time(s, 11);
	t->customer_name = col_text(s, 12);
	t->jurisdiction = col_text(s, 13);
}

static int64_t due_key(dk_time t) { return t == DK_TIME_NONE ? INT64_MAX : t; }

int store_ticket_insert(struct store *st, struct ticket *t)
{
	sqlite3_stmt *s = q(st, "INSERT INTO tickets(customer_id, subject, kind, status, priority, assignee,"
				" channel, created_at, updated_at, version, next_due_at, is_open, due_key)"
				" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, ?11, ?12)");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, t->customer_id);
	bind_text(s, 2, t->subject);
	bind_text(s, 3, t->kind);
	bind_text(s, 4, t->status);
	sqlite3_bind_int(s, 5, t->priority ? t->priority : 3);
	bind_text(s, 6, t->assignee);
	bind_text(s, 7, t->channel);
	bind_time(s, 8, t->created_at);
	bind_time(s, 9, t->updated_at == DK_TIME_NONE || !t->updated_at ? t->created_at : t->updated_at);
	bind_time(s, 10, t->next_due_at);
	sqlite3_bind_int(s, 11, ticket_status_is_open(t->status));
	sqlite3_bind_int64(s, 12, due_key(t->next_due_at));
	int rc = step_done(st, s, "ticket");
	if (!rc) {
		t->id = sqlite3_last_insert_rowid(st->db);
		t->version = 1;
	}
	return rc;
}

int store_ticket_get(struct store *st, int64_t id, struct ticket *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *s = q(st, "SELECT " TICKET_COLS " FROM tickets t JOIN customers c ON c.id = t.customer_id"
				" WHERE t.id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_ticket(s, out);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_err(st, "ticket");
	return err_set(DK_ENOTFOUND, "ticket %lld: no such ticket", (long long)id);
}

static int check_version(struct store *st, int64_t id, int64_t expect)
{
	sqlite3_stmt *s = q(st, "SELECT version FROM tickets WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return err_set(DK_ENOTFOUND, "ticket %lld: no such ticket", (long long)id);
		return db_err(st, "ticket");
	}
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (expect > 0 && v != expect)
		return err_set(DK_ECONFLICT,
			       "ticket %lld changed since you opened it (version %lld, now %lld); reload and try again",
			       (long long)id, (long long)expect, (long long)v);
	return 0;
}

int store_ticket_update(struct store *st, struct ticket *t, int64_t expect_version)
{
	int rc = check_version(st, t->id, expect_version);
	if (rc)
		return rc;
	sqlite3_stmt *s = q(st, "UPDATE tickets SET status = ?2, kind = ?3, priority = ?4, assignee = ?5,"
				" updated_at = ?6, next_due_at = ?7, is_open = ?8, due_key = ?9,"
				" version = version + 1 WHERE id = ?1 RETURNING version");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, t->id);
	bind_text(s, 2, t->status);
	bind_text(s, 3, t->kind);
	sqlite3_bind_int(s, 4, t->priority);
	bind_text(s, 5, t->assignee);
	bind_time(s, 6, t->updated_at);
	bind_time(s, 7, t->next_due_at);
	sqlite3_bind_int(s, 8, ticket_status_is_open(t->status));
	sqlite3_bind_int64(s, 9, due_key(t->next_due_at));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		t->version = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : db_err(st, "ticket");
}

int store_ticket_touch(struct store *st, int64_t id, dk_time at, int64_t expect_version)
{
	int rc = check_version(st, id, expect_version);
	if (rc)
		return rc;
	sqlite3_stmt *s = q(st, "UPDATE tickets SET updated_at = ?2, version = version + 1 WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, at);
	return step_done(st, s, "ticket");
}

int store_ticket_refresh_due(struct store *st, int64_t id)
{
	sqlite3_stmt *s = q(st, "UPDATE tickets SET next_due_at = (SELECT min(coalesce(extended_due_at, due_at))"
				"   FROM obligations WHERE ticket_id = ?1 AND status = 'open'),"
				" due_key = coalesce((SELECT min(coalesce(extended_due_at, due_at))"
				"   FROM obligations WHERE ticket_id = ?1 AND status = 'open'), 9223372036854775807)"
				" WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	return step_done(st, s, "ticket");
}

/* The ticket list query is assembled from the filter; the few shapes are
 * cached by text so each stays a prepared statement. */
static const char *ticket_list_sql(const struct ticket_filter *f, int count, struct buf *b)
{
	buf_reset(b);
	if (count && !f->jurisdiction)
		buf_adds(b, "SELECT count(*) FROM tickets t WHERE 1");
	else if (count)
		buf_adds(b, "SELECT count(*) FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE 1");
	else
		buf_adds(b, "SELECT " TICKET_COLS " FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE 1");
	if (!f->status)
		buf_adds(b, " AND t.is_open = 1");
	else if (strcmp(f->status, "all"))
		buf_adds(b, " AND t.status = :status");
	if (f->kind)
		buf_adds(b, " AND t.kind = :kind");
	if (f->assignee)
		buf_adds(b, *f->assignee ? " AND t.assignee = :assignee" : " AND t.assignee IS NULL");
	if (f->jurisdiction)
		buf_adds(b, " AND c.jurisdiction = :jur");
	if (f->customer_id)
		buf_adds(b, " AND t.customer_id = :cust");
	if (f->overdue)
		buf_adds(b, " AND t.due_key < :now");
	if (!count && f->from_end)
		buf_adds(b, " ORDER BY t.due_key DESC, t.id DESC LIMIT :limit OFFSET :offset");
	else if (!count)
		buf_adds(b, " ORDER BY t.due_key, t.id LIMIT :limit OFFSET :offset");
	return buf_str(b);
}

static sqlite3_stmt *ticket_list_stmt(struct store *st, const struct ticket_filter *f, int count)
{
	static char *shapes[256];
	struct buf b = BUF_INIT;
	const char *sql = ticket_list_sql(f, count, &b);
	const char *key = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(shapes) && shapes[i]; i++)
		if (!strcmp(shapes[i], sql))
			key = shapes[i];
	if (!key) {
		size_t i = 0;
		while (i < ARRAY_SIZE(shapes) && shapes[i])
			i++;
		if (i == ARRAY_SIZE(shapes)) {
			buf_release(&b);
			return NULL;
		}
		key = shapes[i] = buf_detach(&b);
	}
	buf_release(&b);
	sqlite3_stmt *s = q(st, key);
	if (!s)
		return NULL;
#define BIND(name, fn) do { int ix = sqlite3_bind_parameter_index(s, name); if (ix) fn; } while (0)
	BIND(":status", bind_text(s, ix, f->status));
	BIND(":kind", bind_text(s, ix, f->kind));
	BIND(":assignee", bind_text(s, ix, f->assignee));
	BIND(":jur", bind_text(s, ix, f->jurisdiction));
	BIND(":cust", sqlite3_bind_int64(s, ix, f->customer_id));
	BIND(":now", sqlite3_bind_int64(s, ix, f->now));
	BIND(":limit", sqlite3_bind_int64(s, ix, f->limit > 0 ? f->limit : -1));
	BIND(":offset", sqlite3_bind_int64(s, ix, f->offset));
#undef BIND
	return s;
}

int store_ticket_list(struct store *st, const struct ticket_filter *f, struct ticket **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = ticket_list_stmt(st, f, 0);
	if (!s)
		return DK_EIO;
	int rc = COLLECT(st, s, out, n, read_ticket, tickets_free, "tickets");
	if (!rc && f->from_end)
		for (size_t i = 0, j = *n ? *n - 1 : 0; i < j; i++, j--) {
			struct ticket tmp = (*out)[i];
			(*out)[i] = (*out)[j];
			(*out)[j] = tmp;
		}
	return rc;
}

int store_ticket_count(struct store *st, const struct ticket_filter *f, int64_t *n)
{
	sqlite3_stmt *s = ticket_list_stmt(st, f, 1);
	if (!s)
		return DK_EIO;
	if (sqlite3_step(s) != SQLITE_ROW)
		return db_err(st, "tickets");
	*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

/* ---- full-text index */

static const char *fts_insert_sql[FTS_PARTS];

int store_fts_index(struct store *st, int64_t customer_id, int64_t rowid, const char *subject,
		     const char *body)
{
	int part = (int)(customer_id % FTS_PARTS);
	if (!fts_insert_sql[part])
		fts_insert_sql[part] = xasprintf("INSERT INTO fts_%d(rowid, subject, body) VALUES(?1, ?2, ?3)", part);
	sqlite3_stmt *s = q(st, fts_insert_sql[part]);
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, rowid);
	bind_text(s, 2, subject);
	bind_text(s, 3, body);
	return step_done(st, s, "search index");
}

/* ---- messages and events */

int store_message_insert(struct store *st, struct message *m)
{
	sqlite3_stmt *s = q(st, "SELECT t.customer_id, t.subject,"
				" NOT EXISTS(SELECT 1 FROM messages WHERE ticket_id = t.id)"
				" FROM tickets t WHERE t.id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, m->ticket_id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return err_set(DK_ENOTFOUND, "ticket %lld: no such ticket", (long long)m->ticket_id);
	}
	int64_t cust = sqlite3_column_int64(s, 0);
	char *subject = sqlite3_column_int(s, 2) ? col_text(s, 1) : NULL;
	sqlite3_reset(s);
	s = q(st, "INSERT INTO messages(ticket_id, direction, author, body, created_at, automated, disclosed,"
		  " disclosure_rule) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!s) {
		free(subject);
		return DK_EIO;
	}
	sqlite3_bind_int64(s, 1, m->ticket_id);
	bind_text(s, 2, m->direction);
	bind_text(s, 3, m->author);
	bind_text(s, 4, m->body ? m->body : "");
	bind_time(s, 5, m->created_at);
	sqlite3_bind_int(s, 6, m->automated);
	sqlite3_bind_int(s, 7, m->disclosed);
	bind_text(s, 8, m->disclosure_rule);
	int rc = step_done(st, s, "message");
	if (!rc) {
		m->id = sqlite3_last_insert_rowid(st->db);
		rc = store_fts_index(st, cust, m->id, subject, m->body);
	}
	free(subject);
	return rc;
}

static void read_message(sqlite3_stmt *s, struct message *m)
{
	m->id = sqlite3_column_int64(s, 0);
	m->ticket_id = sqlite3_column_int64(s, 1);
	m->direction = col_text(s, 2);
	m->author = col_text(s, 3);
	m->body = col_text(s, 4);
	m->created_at = col_time(s, 5);
	m->automated = sqlite3_column_int(s, 6);
	m->disclosed = sqlite3_column_int(s, 7);
	m->disclosure_rule = col_text(s, 8);
}

int store_message_list(struct store *st, int64_t ticket_id, struct message **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = q(st, "SELECT id, ticket_id, direction, author, body, created_at, automated, disclosed,"
				" disclosure_rule FROM messages WHERE ticket_id = ?1 ORDER BY id");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	return COLLECT(st, s, out, n, read_message, messages_free, "messages");
}

int store_event_insert(struct store *st, struct event *e)
{
	sqlite3_stmt *s = q(st, "INSERT INTO events(ticket_id, at, type, actor, detail) VALUES(?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, e->ticket_id);
	bind_time(s, 2, e->at);
	bind_text(s, 3, e->type);
	bind_text(s, 4, e->actor);
	bind_text(s, 5, e->detail);
	int rc = step_done(st, s, "event");
	if (!rc)
		e->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

static void read_event(sqlite3_stmt *s, struct event *e)
{
	e->id = sqlite3_column_int64(s, 0);
	e->ticket_id = sqlite3_column_int64(s, 1);
	e->at = col_time(s, 2);
	e->type = col_text(s, 3);
	e->actor = col_text(s, 4);
	e->detail = col_text(s, 5);
}

int store_event_list(struct store *st, int64_t ticket_id, struct event **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = q(st, "SELECT id, ticket_id, at, type, actor, detail FROM events WHERE ticket_id = ?1"
				" ORDER BY at, id");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	return COLLECT(st, s, out, n, read_event, events_free, "events");
}

/* ---- obligations */

#define OBLIGATION_COLS                                                                            \
	"id, ticket_id, rule_id, rules_rev, duty, title, source, prompt, extension, extended,"    \
	" started_at, due_at, extended_due_at, paused_since, met_at, status, note, regime, pausable"

static void read_obligation(sqlite3_stmt *s, struct obligation *o)
{
	o->id = sqlite3_column_int64(s, 0);
	o->ticket_id = sqlite3_column_int64(s, 1);
	o->rule_id = col_text(s, 2);
	o->rules_rev = col_text(s, 3);
	o->duty = col_text(s, 4);
	o->title = col_text(s, 5);
	o->source = col_text(s, 6);
	o->prompt = col_text(s, 7);
	o->extension = col_text(s, 8);
	o->extended = sqlite3_column_int(s, 9);
	o->started_at = col_time(s, 10);
	o->due_at = col_time(s, 11);
	o->extended_due_at = col_time(s, 12);
	o->paused_since = col_time(s, 13);
	o->met_at = col_time(s, 14);
	o->status = col_text(s, 15);
	o->note = col_text(s, 16);
	o->regime = col_text(s, 17);
	o->pausable = sqlite3_column_int(s, 18);
}

static int load_steps(struct store *st, struct obligation *o)
{
	sqlite3_stmt *s = q(st, "SELECT n, text, done_at, done_by FROM obligation_steps WHERE obligation_id = ?1"
				" ORDER BY n");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, o->id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ARRAY_GROW(o->steps, cap, o->nsteps + 1);
		struct obligation_step *p = &o->steps[o->nsteps++];
		p->n = sqlite3_column_int(s, 0);
		p->text = col_text(s, 1);
		p->done_at = col_time(s, 2);
		p->done_by = col_text(s, 3);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_err(st, "obligation steps");
}

int store_obligation_insert(struct store *st, struct obligation *o)
{
	sqlite3_stmt *s = q(st, "INSERT INTO obligations(ticket_id, rule_id, rules_rev, duty, title, source, prompt,"
				" extension, extended, started_at, due_at, extended_due_at, paused_since, met_at,"
				" status, note, regime, pausable) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
				" ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, o->ticket_id);
	bind_text(s, 2, o->rule_id);
	bind_text(s, 3, o->rules_rev);
	bind_text(s, 4, o->duty ? o->duty : "final");
	bind_text(s, 5, o->title);
	bind_text(s, 6, o->source);
	bind_text(s, 7, o->prompt);
	bind_text(s, 8, o->extension);
	sqlite3_bind_int(s, 9, o->extended);
	bind_time(s, 10, o->started_at);
	bind_time(s, 11, o->due_at);
	bind_time(s, 12, o->extended_due_at);
	bind_time(s, 13, o->paused_since);
	bind_time(s, 14, o->met_at);
	bind_text(s, 15, o->status ? o->status : "open");
	bind_text(s, 16, o->note);
	bind_text(s, 17, o->regime);
	sqlite3_bind_int(s, 18, o->pausable);
	int rc = step_done(st, s, "obligation");
	if (rc)
		return rc;
	o->id = sqlite3_last_insert_rowid(st->db);
	for (size_t i = 0; i < o->nsteps; i++) {
		s = q(st, "INSERT INTO obligation_steps(obligation_id, n, text, done_at, done_by)"
			  " VALUES(?1, ?2, ?3, ?4, ?5)");
		if (!s)
			return DK_EIO;
		sqlite3_bind_int64(s, 1, o->id);
		sqlite3_bind_int(s, 2, o->steps[i].n ? o->steps[i].n : (int)i + 1);
		bind_text(s, 3, o->steps[i].text);
		bind_time(s, 4, o->steps[i].done_at);
		bind_text(s, 5, o->steps[i].done_by);
		if ((rc = step_done(st, s, "obligation step")))
			return rc;
	}
	return 0;
}

int store_obligation_get(struct store *st, int64_t id, struct obligation *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *s = q(st, "SELECT " OBLIGATION_COLS " FROM obligations WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return err_set(DK_ENOTFOUND, "obligation %lld: no such obligation", (long long)id);
		return db_err(st, "obligation");
	}
	read_obligation(s, out);
	sqlite3_reset(s);
	return load_steps(st, out);
}

int store_obligation_update(struct store *st, const struct obligation *o)
{
	sqlite3_stmt *s = q(st, "UPDATE obligations SET status = ?2, due_at = ?3, extended_due_at = ?4,"
				" paused_since = ?5, met_at = ?6, extended = ?7, note = ?8, started_at = ?9 WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, o->id);
	bind_text(s, 2, o->status);
	bind_time(s, 3, o->due_at);
	bind_time(s, 4, o->extended_due_at);
	bind_time(s, 5, o->paused_since);
	bind_time(s, 6, o->met_at);
	sqlite3_bind_int(s, 7, o->extended);
	bind_text(s, 8, o->note);
	bind_time(s, 9, o->started_at);
	return step_done(st, s, "obligation");
}

int store_obligation_step_set(struct store *st, int64_t oid, int n, dk_time done_at, const char *by)
{
	sqlite3_stmt *s = q(st, "UPDATE obligation_steps SET done_at = ?3, done_by = ?4"
				" WHERE obligation_id = ?1 AND n = ?2");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, oid);
	sqlite3_bind_int(s, 2, n);
	bind_time(s, 3, done_at);
	bind_text(s, 4, done_at == DK_TIME_NONE ? NULL : by);
	int rc = step_done(st, s, "obligation step");
	if (!rc && sqlite3_changes(st->db) == 0)
		return err_set(DK_ENOTFOUND, "obligation %lld: no step %d", (long long)oid, n);
	return rc;
}

static int obligation_rows(struct store *st, sqlite3_stmt *s, struct obligation **out, size_t *n)
{
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ARRAY_GROW(*out, cap, *n + 1);
		memset(&(*out)[*n], 0, sizeof(**out));
		read_obligation(s, &(*out)[(*n)++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_err(st, "obligations");
	for (size_t i = 0; i < *n; i++)
		if ((rc = load_steps(st, &(*out)[i])))
			return rc;
	return 0;
}

int store_obligation_list_ticket(struct store *st, int64_t ticket_id, struct obligation **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = q(st, "SELECT " OBLIGATION_COLS " FROM obligations WHERE ticket_id = ?1"
				" ORDER BY coalesce(extended_due_at, due_at), id");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	int rc = obligation_rows(st, s, out, n);
	if (rc) {
		obligations_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int store_obligation_list(struct store *st, const struct obligation_filter *f, struct obligation **out,
			  size_t *n)
{
	*out = NULL;
	*n = 0;
	/* one shape per case, so that a ticket's or a status's index is used */
	sqlite3_stmt *s;
	if (f->ticket_id)
		s = q(st, "SELECT " OBLIGATION_COLS " FROM obligations"
			  " WHERE ticket_id = ?1 AND (?2 IS NULL OR status = ?2)"
			  " AND (?3 IS NULL OR coalesce(extended_due_at, due_at) < ?3)"
			  " ORDER BY coalesce(extended_due_at, due_at), id LIMIT ?4");
	else if (f->status)
		s = q(st, "SELECT " OBLIGATION_COLS " FROM obligations"
			  " WHERE ?1 = 0 AND status = ?2"
			  " AND (?3 IS NULL OR coalesce(extended_due_at, due_at) < ?3)"
			  " ORDER BY coalesce(extended_due_at, due_at), id LIMIT ?4");
	else
		s = q(st, "SELECT " OBLIGATION_COLS " FROM obligations"
			  " WHERE ?1 = 0 AND ?2 IS NULL"
			  " AND (?3 IS NULL OR coalesce(extended_due_at, due_at) < ?3)"
			  " ORDER BY coalesce(extended_due_at, due_at), id LIMIT ?4");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, f->ticket_id);
	bind_text(s, 2, f->status);
	bind_time(s, 3, f->due_before);
	sqlite3_bind_int64(s, 4, f->limit > 0 ? f->limit : -1);
	int rc = obligation_rows(st, s, out, n);
	if (rc) {
		obligations_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int store_obligations_wipe(struct store *st)
{
	return exec(st, "DELETE FROM obligation_steps; DELETE FROM obligations;"
			" UPDATE tickets SET next_due_at = NULL, due_key = 9223372036854775807"
			" WHERE next_due_at IS NOT NULL", "obligations");
}

int store_obligations_mark_breached(struct store *st, int64_t ticket_id, dk_time now, int *changed)
{
	sqlite3_stmt *s = ticket_id ? q(st, "UPDATE obligations SET status = 'breached' WHERE ticket_id = ?1"
					   " AND status = 'open' AND paused_since IS NULL"
					   " AND coalesce(extended_due_at, due_at) < ?2")
				    : q(st, "UPDATE obligations SET status = 'breached' WHERE ?1 = 0 AND status = 'open'"
					   " AND paused_since IS NULL AND coalesce(extended_due_at, due_at) < ?2");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	sqlite3_bind_int64(s, 2, now);
	int rc = step_done(st, s, "obligations");
	*changed = rc ? 0 : sqlite3_changes(st->db);
	return rc;
}

int store_obligation_foreach(struct store *st, dk_time from, dk_time to,
			     int (*cb)(const struct obligation *o, void *ctx), void *ctx)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT " OBLIGATION_COLS " FROM obligations"
				       " WHERE (?1 IS NULL OR started_at >= ?1) AND (?2 IS NULL OR started_at < ?2)",
			       -1, &s, NULL) != SQLITE_OK)
		return db_err(st, "obligations");
	bind_time(s, 1, from);
	bind_time(s, 2, to);
	int rc = 0, step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct obligation o = { 0 };
		read_obligation(s, &o);
		rc = cb(&o, ctx);
		obligation_clear(&o);
		if (rc)
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_err(st, "obligations");
	sqlite3_finalize(s);
	return rc;
}

int store_automated_foreach(struct store *st, dk_time from, dk_time to,
			    int (*cb)(const struct message *m, int64_t customer_id, void *ctx), void *ctx)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT m.id, m.ticket_id, m.created_at, m.disclosed, m.disclosure_rule,"
				       " t.customer_id FROM messages m JOIN tickets t ON t.id = m.ticket_id"
				       " WHERE m.automated = 1 AND m.direction = 'out'"
				       " AND m.created_at >= coalesce(?1, -9223372036854775807)"
				       " AND m.created_at < coalesce(?2, 9223372036854775807)",
			       -1, &s, NULL) != SQLITE_OK)
		return db_err(st, "messages");
	bind_time(s, 1, from);
	bind_time(s, 2, to);
	int rc = 0, step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct message m = { 0 };
		m.id = sqlite3_column_int64(s, 0);
		m.ticket_id = sqlite3_column_int64(s, 1);
		m.created_at = col_time(s, 2);
		m.automated = 1;
		m.disclosed = sqlite3_column_int(s, 3);
		m.disclosure_rule = col_text(s, 4);
		rc = cb(&m, sqlite3_column_int64(s, 5), ctx);
		message_clear(&m);
		if (rc)
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_err(st, "messages");
	sqlite3_finalize(s);
	return rc;
}

/* ---- acceptances */

int store_acceptance_insert(struct store *st, struct acceptance *a)
{
	sqlite3_stmt *s = q(st, "INSERT INTO acceptances(customer_id, document, revision, accepted_at, channel)"
				" VALUES(?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, a->customer_id);
	bind_text(s, 2, a->document);
	bind_text(s, 3, a->revision);
	bind_time(s, 4, a->accepted_at);
	bind_text(s, 5, a->channel);
	int rc = step_done(st, s, "acceptance");
	if (!rc)
		a->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

static void read_acceptance(sqlite3_stmt *s, struct acceptance *a)
{
	a->id = sqlite3_column_int64(s, 0);
	a->customer_id = sqlite3_column_int64(s, 1);
	a->document = col_text(s, 2);
	a->revision = col_text(s, 3);
	a->accepted_at = col_time(s, 4);
	a->channel = col_text(s, 5);
}

int store_acceptance_list(struct store *st, int64_t customer_id, const char *document,
			  struct acceptance **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	/* one shape per case, so that each uses its index (an "?1 = 0 OR"
	 * condition would scan the whole table for one customer) */
	sqlite3_stmt *s;
	if (customer_id)
		s = q(st, "SELECT id, customer_id, document, revision, accepted_at, channel FROM acceptances"
			  " WHERE customer_id = ?1 AND (?2 IS NULL OR document = ?2) ORDER BY accepted_at, id");
	else if (document)
		s = q(st, "SELECT id, customer_id, document, revision, accepted_at, channel FROM acceptances"
			  " WHERE document = ?2 AND ?1 = 0 ORDER BY customer_id, accepted_at, id");
	else
		s = q(st, "SELECT id, customer_id, document, revision, accepted_at, channel FROM acceptances"
			  " WHERE ?1 = 0 AND ?2 IS NULL ORDER BY customer_id, accepted_at, id");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, customer_id);
	bind_text(s, 2, document);
	return COLLECT(st, s, out, n, read_acceptance, acceptances_free, "acceptances");
}

/* ---- search */

/* Turn plain words and "quoted phrases" into an FTS5 query in which every
 * term is a quoted string: no input can be a syntax error. Returns NULL
 * when there is nothing to search for. */
static char *fts_query(const char *in)
{
	struct buf b = BUF_INIT;
	const char *p = in;
	while (*p) {
		while (*p && (isspace((unsigned char)*p)))
			p++;
		if (!*p)
			break;
		const char *start, *end;
		if (*p == '"') {
			start = ++p;
			while (*p && *p != '"')
				p++;
			end = p;
			if (*p)
				p++;
		} else {
			start = p;
			while (*p && !isspace((unsigned char)*p) && *p != '"')
				p++;
			end = p;
		}
		/* Skip terms with no letters or digits: FTS5 would find no
		 * token in them and the query would match nothing. */
		int has_token = 0;
		for (const char *c = start; c < end; c++)
			if (isalnum((unsigned char)*c) || (unsigned char)*c >= 0x80)
				has_token = 1;
		if (!has_token)
			continue;
		if (b.len)
			buf_adds(&b, " AND ");
		buf_addc(&b, '"');
		for (const char *c = start; c < end; c++) {
			if (*c == '"')
				buf_addc(&b, '"');
			buf_addc(&b, *c);
		}
		buf_addc(&b, '"');
	}
	if (!b.len) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

struct hit {
	int64_t msg;
	double rank;
};

static int hit_newest(const void *a, const void *b)
{
	int64_t x = ((const struct hit *)a)->msg, y = ((const struct hit *)b)->msg;
	return x < y ? 1 : x > y ? -1 : 0;
}

static int hit_rank(const void *a, const void *b)
{
	double x = ((const struct hit *)a)->rank, y = ((const struct hit *)b)->rank;
	if (x < y)
		return -1;
	if (x > y)
		return 1;
	return hit_newest(a, b);
}

static const char *fts_search_sql[2][FTS_PARTS];

int store_search(struct store *st, const char *query, int rank, int64_t limit, int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	if (limit <= 0)
		limit = 50;
	char *fq = fts_query(query ? query : "");
	if (!fq)
		return 0;
	struct hit *hits = NULL;
	size_t nh = 0, caph = 0;
	int rc = 0;
	/* Each partition yields its best candidates; a ticket can match in
	 * several messages, so take more than the limit before merging. */
	int64_t per = limit * 4 + 16;
	for (int p = 0; p < FTS_PARTS && !rc; p++) {
		const char **slot = &fts_search_sql[rank ? 1 : 0][p];
		if (!*slot)
			*slot = xasprintf(rank ? "SELECT rowid, rank FROM fts_%d WHERE fts_%d MATCH ?1 ORDER BY rank LIMIT ?2"
					       : "SELECT rowid, 0 FROM fts_%d WHERE fts_%d MATCH ?1 ORDER BY rowid DESC LIMIT ?2",
					  p, p);
		sqlite3_stmt *s = q(st, *slot);
		if (!s) {
			rc = DK_EIO;
			break;
		}
		sqlite3_bind_text(s, 1, fq, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, per);
		int step;
		while ((step = sqlite3_step(s)) == SQLITE_ROW) {
			ARRAY_GROW(hits, caph, nh + 1);
			hits[nh].msg = sqlite3_column_int64(s, 0);
			hits[nh].rank = sqlite3_column_double(s, 1);
			nh++;
		}
		sqlite3_reset(s);
		if (step != SQLITE_DONE)
			rc = db_err(st, "search");
	}
	free(fq);
	if (rc) {
		free(hits);
		return rc;
	}
	if (nh)
		qsort(hits, nh, sizeof(*hits), rank ? hit_rank : hit_newest);
	size_t cap = 0;
	sqlite3_stmt *s = q(st, "SELECT ticket_id FROM messages WHERE id = ?1");
	for (size_t i = 0; s && i < nh && (int64_t)*n < limit; i++) {
		sqlite3_bind_int64(s, 1, hits[i].msg);
		if (sqlite3_step(s) == SQLITE_ROW) {
			int64_t tid = sqlite3_column_int64(s, 0);
			int dup = 0;
			for (size_t j = 0; j < *n; j++)
				if ((*ids)[j] == tid)
					dup = 1;
			if (!dup) {
				ARRAY_GROW(*ids, cap, *n + 1);
				(*ids)[(*n)++] = tid;
			}
		}
		sqlite3_reset(s);
	}
	free(hits);
	return s ? 0 : DK_EIO;
}

/* ---- presence */

int store_presence_beat(struct store *st, const char *login, int64_t ticket_id, dk_time now)
{
	attach_presence(st);
	if (!st->presence)
		return 0;
	sqlite3_stmt *s = q(st, "INSERT INTO presence.presence(login, ticket_id, beat_at) VALUES(?1, ?2, ?3)"
				" ON CONFLICT(login) DO UPDATE SET ticket_id = excluded.ticket_id,"
				" beat_at = excluded.beat_at");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, login);
	if (ticket_id)
		sqlite3_bind_int64(s, 2, ticket_id);
	else
		sqlite3_bind_null(s, 2);
	sqlite3_bind_int64(s, 3, now);
	return step_done(st, s, "presence");
}

int store_presence_others(struct store *st, const char *self, int64_t ticket_id, dk_time now, int64_t ttl,
			  char **out)
{
	*out = NULL;
	attach_presence(st);
	if (!st->presence)
		return 0;
	sqlite3_stmt *s = q(st, "SELECT login FROM presence.presence WHERE ticket_id = ?1 AND login <> ?2"
				" AND beat_at > ?3 ORDER BY login");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	bind_text(s, 2, self);
	sqlite3_bind_int64(s, 3, now - ttl);
	struct buf b = BUF_INIT;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (b.len)
			buf_adds(&b, ", ");
		buf_adds(&b, (const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_reset(s);
	if (b.len)
		*out = buf_detach(&b);
	buf_release(&b);
	return rc == SQLITE_DONE ? 0 : db_err(st, "presence");
}

/* ---- backup, checkpoint */

int store_backup(struct store *st, const char *dest)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "VACUUM INTO ?1", -1, &s, NULL) != SQLITE_OK)
		return db_err(st, "backup");
	sqlite3_bind_text(s, 1, dest, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_err(st, "backup");
}

int store_checkpoint(struct store *st, int *complete)
{
	int log = 0, ckpt = 0;
	int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &ckpt);
	*complete = rc == SQLITE_OK;
	if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY)
		return db_err(st, "checkpoint");
	return 0;
}
