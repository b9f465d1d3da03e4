/* schema.c - the database schema, as forward migrations (migration N takes
 * user_version N-1 to N), and applying them on open. */
#include "data/sqlite/sqlite_impl.h"
#include "data/sqlite/queue.h"

#include "lib/err.h"

#include <stdio.h>

static const char migration_1[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n"
	"CREATE TABLE agents(login TEXT PRIMARY KEY, name TEXT,\n"
	"  role TEXT NOT NULL CHECK(role IN ('agent','legal','admin')));\n"
	"CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT, email TEXT,\n"
	"  jurisdiction TEXT NOT NULL, created_at INTEGER NOT NULL, erased_at INTEGER,\n"
	"  legal_hold INTEGER NOT NULL DEFAULT 0, hold_reason TEXT,\n"
	"  restricted INTEGER NOT NULL DEFAULT 0, restrict_reason TEXT);\n"
	"CREATE INDEX customers_email ON customers(email COLLATE NOCASE);\n"
	"CREATE INDEX customers_jurisdiction ON customers(jurisdiction);\n"
	"CREATE TABLE tickets(id INTEGER PRIMARY KEY,\n"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),\n"
	"  subject TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,\n"
	"  priority INTEGER NOT NULL DEFAULT 3, assignee TEXT, channel TEXT,\n"
	"  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  next_due_at INTEGER,\n"
	"  is_open INTEGER NOT NULL DEFAULT 1,\n"   /* status not resolved/closed */
	"  due_key INTEGER NOT NULL DEFAULT 9223372036854775807);\n" /* next_due_at, none last */
	"CREATE INDEX tickets_queue ON tickets(is_open, due_key, id);\n"
	"CREATE INDEX tickets_status ON tickets(status, due_key, id);\n"
	"CREATE INDEX tickets_customer ON tickets(customer_id, id);\n"
	"CREATE INDEX tickets_assignee ON tickets(assignee, is_open, due_key);\n"
	"CREATE TABLE messages(id INTEGER PRIMARY KEY,\n"
	"  ticket_id INTEGER NOT NULL REFERENCES tickets(id),\n"
	"  direction TEXT NOT NULL CHECK(direction IN ('in','out','note')),\n"
	"  author TEXT, body TEXT NOT NULL, created_at INTEGER NOT NULL,\n"
	"  automated INTEGER NOT NULL DEFAULT 0, disclosed INTEGER NOT NULL DEFAULT 0,\n"
	"  disclosure_rule TEXT);\n"
	"CREATE INDEX messages_ticket ON messages(ticket_id, id);\n"
	"CREATE INDEX messages_automated ON messages(created_at) WHERE automated = 1;\n"
	"CREATE TABLE events(id INTEGER PRIMARY KEY,\n"
	"  ticket_id INTEGER NOT NULL REFERENCES tickets(id),\n"
	"  at INTEGER NOT NULL, type TEXT NOT NULL, actor TEXT, detail TEXT);\n"
	"CREATE INDEX events_ticket ON events(ticket_id, at, id);\n"
	"CREATE TABLE obligations(id INTEGER PRIMARY KEY,\n"
	"  ticket_id INTEGER NOT NULL REFERENCES tickets(id),\n"
	"  rule_id TEXT NOT NULL, rules_rev TEXT, duty TEXT NOT NULL DEFAULT 'final',\n"
	"  title TEXT, regime TEXT, source TEXT, prompt TEXT, extension TEXT,\n"
	"  pausable INTEGER NOT NULL DEFAULT 1,\n"
	"  extended INTEGER NOT NULL DEFAULT 0,\n"
	"  started_at INTEGER NOT NULL, due_at INTEGER NOT NULL, extended_due_at INTEGER,\n"
	"  paused_since INTEGER, met_at INTEGER,\n"
	"  status TEXT NOT NULL CHECK(status IN ('open','met','breached','waived')),\n"
	"  note TEXT);\n"
	"CREATE INDEX obligations_ticket ON obligations(ticket_id);\n"
	"CREATE INDEX obligations_status ON obligations(status, due_at);\n"
	"CREATE INDEX obligations_rule ON obligations(rule_id);\n"
	"CREATE TABLE obligation_steps(obligation_id INTEGER NOT NULL REFERENCES obligations(id),\n"
	"  n INTEGER NOT NULL, text TEXT NOT NULL, done_at INTEGER, done_by TEXT,\n"
	"  PRIMARY KEY(obligation_id, n)) WITHOUT ROWID;\n"
	"CREATE TABLE acceptances(id INTEGER PRIMARY KEY,\n"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),\n"
	"  document TEXT NOT NULL, revision TEXT NOT NULL, accepted_at INTEGER NOT NULL,\n"
	"  channel TEXT);\n"
	"CREATE INDEX acceptances_customer ON acceptances(customer_id, document, accepted_at);\n"
	"CREATE INDEX acceptances_document ON acceptances(document, customer_id, accepted_at);\n"
	"CREATE TABLE audit(seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL,\n"
	"  action TEXT NOT NULL, object TEXT NOT NULL, detail TEXT NOT NULL,\n"
	"  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);\n"
	"CREATE INDEX audit_object ON audit(object);\n"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;\n"
	"";

/* Legal-repository derivatives (revision lists, the parsed rule pack) were
 * kept in meta, a WITHOUT ROWID table: a key lookup there reads whole
 * records, so every open read the ~0.5 MB revision list of a long history
 * off its overflow pages. Their own rowid table is looked up through the
 * name index and reads a value only when asked for it. */
static const char migration_2[] =
	"CREATE TABLE legal_cache(name TEXT PRIMARY KEY, head TEXT NOT NULL, value TEXT NOT NULL);\n"
	"DELETE FROM meta WHERE key GLOB 'cache:*';\n"
	/* joined version 1 late: workspaces made before have no such index,
	 * and `terms which --all` then sorted every acceptance */
	"CREATE INDEX IF NOT EXISTS acceptances_document ON acceptances(document, customer_id, accepted_at);\n";

/* Duties met only with evidence (issue 12): the message or event that met
 * an obligation (met_by "message:ID", "event:ID"), the evidence that ticked
 * a checklist step, and tickets awaiting triage (kind not set on
 * receipt). Duties met before evidence was recorded are marked
 * 'unrecorded' (the report counts them apart). Every ticket's queue key is
 * recomputed: breached duties order the queue like open ones, a paused
 * clock does not, and a resolved ticket with an unsettled duty stays in
 * the queue (queue.h). */
static const char migration_3[] =
	"ALTER TABLE obligations ADD COLUMN met_by TEXT;\n"
	"ALTER TABLE obligation_steps ADD COLUMN evidence TEXT;\n"
	"ALTER TABLE tickets ADD COLUMN triage INTEGER NOT NULL DEFAULT 0;\n"
	"UPDATE obligations SET met_by = 'unrecorded' WHERE met_at IS NOT NULL AND status IN ('met','breached');\n"
	"UPDATE tickets SET next_due_at = (" SCHEMA_QUEUE_DUE("tickets.id") "),\n"
	"  due_key = " SCHEMA_QUEUE_KEY("tickets.id") ",\n"
	"  is_open = " SCHEMA_QUEUE_OPEN("tickets.id") ";\n";

/* Mail (docs/mail.md). mail_raw keeps every message as it arrived, stored
 * before it is parsed (the evidence; quarantine is status 'quarantined');
 * mail_ids maps every Message-ID seen or sent to its ticket (threading);
 * attachments are blobs by content hash; the outbox holds each outbound
 * message from the reply's transaction until the MTA accepted it. No
 * foreign keys here: erasure removes these rows itself. IF NOT EXISTS: a
 * database whose version was set back (tests) migrates again. */
static const char migration_4[] =
	"CREATE TABLE IF NOT EXISTS mail_raw(id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, bytes BLOB NOT NULL,\n"
	"  size INTEGER NOT NULL, received_at INTEGER NOT NULL,\n"
	"  status TEXT NOT NULL CHECK(status IN ('new','delivered','quarantined','report','ignored')),\n"
	"  message_id TEXT, sender TEXT, ticket_id INTEGER, message_row INTEGER, note TEXT);\n"
	"CREATE INDEX IF NOT EXISTS mail_raw_msgid ON mail_raw(message_id) WHERE message_id IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS mail_raw_ticket ON mail_raw(ticket_id) WHERE ticket_id IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS mail_raw_open ON mail_raw(status) WHERE status IN ('new','quarantined');\n"
	"CREATE TABLE IF NOT EXISTS mail_ids(id INTEGER PRIMARY KEY, message_id TEXT NOT NULL, ticket_id INTEGER NOT NULL,\n"
	"  message_row INTEGER, direction TEXT NOT NULL, machine INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE INDEX IF NOT EXISTS mail_ids_msgid ON mail_ids(message_id);\n"
	"CREATE INDEX IF NOT EXISTS mail_ids_ticket ON mail_ids(ticket_id, id);\n"
	"CREATE TABLE IF NOT EXISTS mail_blobs(id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,\n"
	"  bytes BLOB NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS mail_attachments(id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL,\n"
	"  message_row INTEGER NOT NULL, raw_id INTEGER, name TEXT, type TEXT NOT NULL, size INTEGER NOT NULL,\n"
	"  sha256 TEXT NOT NULL, inline INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE INDEX IF NOT EXISTS mail_attachments_ticket ON mail_attachments(ticket_id, message_row);\n"
	"CREATE TABLE IF NOT EXISTS outbox(id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL, message_row INTEGER NOT NULL,\n"
	"  message_id TEXT NOT NULL UNIQUE, sender TEXT NOT NULL, rcpt TEXT NOT NULL, rcpt_name TEXT,\n"
	"  subject TEXT NOT NULL, in_reply_to TEXT, refs TEXT, auto_submitted TEXT, body TEXT NOT NULL,\n"
	"  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,\n"
	"  status TEXT NOT NULL CHECK(status IN ('queued','sending','accepted','deferred','failed','bounced',"
	"'suppressed')),\n"
	"  attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, raw BLOB);\n"
	"CREATE INDEX IF NOT EXISTS outbox_waiting ON outbox(status, id) WHERE status IN ('queued','sending','deferred','failed');\n"
	"CREATE INDEX IF NOT EXISTS outbox_ticket ON outbox(ticket_id, id);\n"
	"CREATE TABLE IF NOT EXISTS mail_failing(address TEXT PRIMARY KEY COLLATE NOCASE, at INTEGER NOT NULL, status TEXT)\n"
	"  WITHOUT ROWID;\n";

/* A customer's email is unique ignoring (ASCII) case, as mail systems
 * treat it. Triggers rather than a UNIQUE index: a workspace that already
 * holds two customers whose addresses differ only in case must still
 * open, and which of them is the real one (merge, rectify or erase one)
 * is a person's decision, so those rows stay as they are; every insert
 * and every change of an address is checked from now on, through the
 * case-insensitive index customers_email. Erased customers have no email
 * (NULL) and block nothing. */
static const char migration_5[] =
	"CREATE TRIGGER IF NOT EXISTS customers_email_unique_insert BEFORE INSERT ON customers\n"
	"  WHEN NEW.email IS NOT NULL AND EXISTS\n"
	"    (SELECT 1 FROM customers WHERE email = NEW.email COLLATE NOCASE)\n"
	"  BEGIN SELECT RAISE(ABORT, 'email: the address belongs to another customer'); END;\n"
	"CREATE TRIGGER IF NOT EXISTS customers_email_unique_update BEFORE UPDATE OF email ON customers\n"
	"  WHEN NEW.email IS NOT NULL AND (OLD.email IS NULL OR NEW.email <> OLD.email COLLATE NOCASE) AND EXISTS\n"
	"    (SELECT 1 FROM customers WHERE email = NEW.email COLLATE NOCASE AND id <> NEW.id)\n"
	"  BEGIN SELECT RAISE(ABORT, 'email: the address belongs to another customer'); END;\n";

/* A terms publish is recorded as an intent before main moves and
 * completed (its audit row written, the intent deleted) after: a publish
 * killed in between is finished or dropped by the next open
 * (core/publish.c). The history on main before this migration predates
 * the rule that every revision has an audit row: the next open records
 * main's commit then as the baseline, and `audit verify` accounts for
 * the commits after it only. */
static const char migration_6[] =
	"CREATE TABLE IF NOT EXISTS publish_intents(id INTEGER PRIMARY KEY, object TEXT NOT NULL,\n"
	"  old_rev TEXT NOT NULL, new_rev TEXT NOT NULL, actor TEXT NOT NULL,\n"
	"  at INTEGER NOT NULL, detail TEXT NOT NULL, started INTEGER NOT NULL);\n"
	"INSERT INTO meta(key, value) VALUES('legal_baseline', 'pending')\n"
	"  ON CONFLICT(key) DO UPDATE SET value = 'pending';\n";

/* Letters sent from the legal repository's templates (issue 14 items
 * 7-11): template, revision, the duty it was for, the outbox row that
 * carried it; a notice of new terms names the document and revision. */
static const char migration_7[] =
	"CREATE TABLE IF NOT EXISTS letters(id INTEGER PRIMARY KEY, template TEXT NOT NULL, revision TEXT NOT NULL,\n"
	"  purpose TEXT NOT NULL, ticket_id INTEGER, message_row INTEGER, customer_id INTEGER, outbox_id INTEGER,\n"
	"  duty TEXT, obligation_id INTEGER, met INTEGER NOT NULL DEFAULT 0, document TEXT, doc_revision TEXT,\n"
	"  created_at INTEGER NOT NULL);\n"
	"CREATE INDEX IF NOT EXISTS letters_ticket ON letters(ticket_id, id);\n"
	"CREATE INDEX IF NOT EXISTS letters_customer ON letters(customer_id, document, id);\n";

/* Migration 8. SQLite evaluates CHECK(x IN ('a','b','c')) by building a
 * temporary b-tree of the list on every insert and update of the row
 * (a tenth of what the demo's million tickets cost); the same check
 * written x = 'a' OR x = 'b' OR x = 'c' is evaluated in place. The
 * constraints are rewritten in sqlite_schema's text, the procedure
 * SQLite documents for changing a CHECK constraint that every row meets
 * (lang_altertable.html, "Making Other Kinds Of Table Schema Changes"):
 * the two texts accept the same values, and the schema cookie is bumped
 * so that every connection, this one too, reads the new text. A table
 * whose text is not the one docket wrote is left as it is. */
static const struct in_check {
	const char *table, *column;
	const char *values[8];
} in_checks[] = {
	{ "messages", "direction", { "in", "out", "note" } },
	{ "obligations", "status", { "open", "met", "breached", "waived" } },
	{ "mail_raw", "status", { "new", "delivered", "quarantined", "report", "ignored" } },
	{ "outbox", "status", { "queued", "sending", "accepted", "deferred", "failed", "bounced", "suppressed" } },
	{ "agents", "role", { "agent", "legal", "admin" } },
};

static int rewrite_in_checks(struct store *st)
{
	int rc = exec(st, "PRAGMA writable_schema = ON", "schema migration");
	for (size_t i = 0; !rc && i < sizeof(in_checks) / sizeof(*in_checks); i++) {
		const struct in_check *c = &in_checks[i];
		char old[256], new[512];
		int no = snprintf(old, sizeof(old), "CHECK(%s IN (", c->column), nn = snprintf(new, sizeof(new), "CHECK(");
		for (int k = 0; k < 8 && c->values[k]; k++) {
			no += snprintf(old + no, sizeof(old) - (size_t)no, "%s'%s'", k ? "," : "", c->values[k]);
			nn += snprintf(new + nn, sizeof(new) - (size_t)nn, "%s%s = '%s'", k ? " OR " : "", c->column,
				       c->values[k]);
		}
		snprintf(old + no, sizeof(old) - (size_t)no, "))");
		snprintf(new + nn, sizeof(new) - (size_t)nn, ")");
		sqlite3_stmt *s;
		if (sqlite3_prepare_v2(st->db,
				       "UPDATE sqlite_schema SET sql = replace(sql, ?2, ?3) WHERE type = 'table' AND name = ?1",
				       -1, &s, NULL) != SQLITE_OK)
			return db_err(st, "schema migration");
		sqlite3_bind_text(s, 1, c->table, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, old, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 3, new, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = db_err(st, "schema migration");
		sqlite3_finalize(s);
	}
	int cookie = 0;
	sqlite3_stmt *s;
	if (!rc && sqlite3_prepare_v2(st->db, "PRAGMA schema_version", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			cookie = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
		char sql[64];
		snprintf(sql, sizeof(sql), "PRAGMA schema_version = %d", cookie + 1);
		rc = exec(st, sql, "schema migration");
	}
	int off = exec(st, "PRAGMA writable_schema = RESET", "schema migration");
	return rc ? rc : off;
}

/* Migration 1's search index: FTS_PARTS tables of the same shape. */
static int create_fts(struct store *st)
{
	int rc = 0;
	for (int p = 0; p < FTS_PARTS && !rc; p++) {
		char sql[200];
		snprintf(sql, sizeof(sql),
			 "CREATE VIRTUAL TABLE fts_%d USING fts5(subject, body, content='',"
			 " tokenize='unicode61 remove_diacritics 2')",
			 p);
		rc = exec(st, sql, "schema migration");
	}
	return rc;
}

/* Each migration: its SQL, then (or instead) a step in C. */
static const struct migration {
	const char *sql;
	int (*step)(struct store *st);
} schema_migrations[] = {
	{ migration_1, create_fts }, { migration_2, NULL }, { migration_3, NULL }, { migration_4, NULL },
	{ migration_5, NULL },       { migration_6, NULL }, { migration_7, NULL }, { NULL, rewrite_in_checks },
};
static const int schema_migration_count = (int)(sizeof(schema_migrations) / sizeof(schema_migrations[0]));

int schema_version(void) { return schema_migration_count; }

int schema_migrate(struct store *st)
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
		const struct migration *m = &schema_migrations[v];
		if ((m->sql && (rc = exec(st, m->sql, "schema migration"))) || (m->step && (rc = m->step(st))))
			goto fail;
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
