/* check_sqlite.c - the SQLite backend (data/sqlite/) under the workspace:
 * what only its files can show. The schema is versioned and migrated, a
 * file that is not SQLite is refused and left alone, rows edited behind
 * docket's back break the audit chain (core/audit.c verifies it), a
 * writer holding the lock is a clear error. The contract every backend
 * passes is tests/check_store.c. */
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/desk.h"
#include "lib/err.h"
#include "core/init.h"
#include "lib/util.h"
#include "core/workspace.h"
#include "data/store.h"
#include "data/sqlite/sqlite_impl.h"

#define FIXTURE_WORKSPACE
#include "tests/fixture.h"

static char dir[64];
static struct workspace *ws;
static const dk_time T0 = 1772359200; /* 2026-03-01T10:00:00Z */

static void setup(void)
{
	fx_tmpdir(dir, sizeof(dir), "docket-check");
	ws = fx_ws_init(dir, T0);
}

static void teardown(void)
{
	ws_close(ws);
	ws = NULL;
	fx_rm_tree(dir);
}

static int64_t new_customer(const char *name, const char *email, const char *jur)
{
	return fx_customer(ws, name, email, jur, T0);
}

static int64_t new_ticket(int64_t cust, const char *subject, const char *kind, const char *body)
{
	return fx_ticket(ws, cust, subject, kind, body, T0);
}

/* The SQLite file of the workspace (the default locator). */
static char *db_file(void) { return xasprintf("%s/docket.db", ws->dir); }

static void raw_exec(const char *sql)
{
	sqlite3 *db;
	char *path = db_file();
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "");
	sqlite3_close(db);
	free(path);
}

START_TEST(test_schema_is_versioned_and_newer_versions_are_refused)
{
	raw_exec("PRAGMA user_version = 42");
	struct store *st;
	ck_assert_int_eq(store_open(ws->dir, "sqlite:docket.db", 0, &st), DK_EIO);
	ck_assert_ptr_nonnull(strstr(err_msg(), "newer than this docket"));
}
END_TEST

/* A version-1 database (legal cache kept in meta) is migrated on open: the
 * cache moves to its own table, the other meta rows stay. */
START_TEST(test_migration_2_moves_the_legal_cache_out_of_meta)
{
	ws_close(ws);
	ws = NULL;
	char *p = xasprintf("%s/ws/docket.db", dir), *wsdir = xasprintf("%s/ws", dir);
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(p, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db,
				      "DROP TABLE legal_cache; PRAGMA user_version = 1;"
				      " ALTER TABLE obligations DROP COLUMN met_by;"
				      " ALTER TABLE obligation_steps DROP COLUMN evidence;"
				      " ALTER TABLE tickets DROP COLUMN triage;"
				      " INSERT INTO meta(key, value) VALUES('cache:rules', 'x'), ('keep', 'y')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	struct store *st;
	ck_assert_msg(store_open(wsdir, "sqlite:docket.db", 0, &st) == 0, "%s", err_msg());
	char *v = NULL;
	ck_assert_int_eq(store_meta_get(st, "cache:rules", &v), 0);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(store_meta_get(st, "keep", &v), 0);
	ck_assert_str_eq(v, "y");
	free(v);
	const char *head = "0123456789012345678901234567890123456789";
	ck_assert_int_eq(store_cache_put(st, "rules", head, "payload"), 0);
	ck_assert_int_eq(store_cache_get(st, "rules", head, &v), 0);
	ck_assert_str_eq(v, "payload");
	free(v);
	ck_assert_int_eq(store_cache_get(st, "rules", "9876543210987654321098765432109876543210", &v), 0);
	ck_assert_ptr_null(v);
	store_close(st);
	ck_assert_int_eq(sqlite3_open(p, &db), SQLITE_OK);
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	/* migrated to the newest version: 8 since the CHECK rewrite */
	ck_assert_int_eq(sqlite3_column_int(s, 0), 8);
	sqlite3_finalize(s);
	sqlite3_close(db);
	free(p);
	free(wsdir);
}
END_TEST

/* Migration 8 rewrites the CHECK(x IN (...)) lists of a version-7
 * database as x = ... OR ...: the rows stay, the same values pass and
 * fail, and an insert no longer builds a temporary b-tree. */
START_TEST(test_migration_8_rewrites_in_list_checks)
{
	ws_close(ws);
	ws = NULL;
	char *p = xasprintf("%s/ws/docket.db", dir), *wsdir = xasprintf("%s/ws", dir);
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(p, &db), SQLITE_OK);
	/* back to the text docket wrote up to version 7 */
	ck_assert_int_eq(sqlite3_exec(db,
				      "PRAGMA writable_schema = ON;"
				      " UPDATE sqlite_schema SET sql = replace(sql,"
				      " 'CHECK(status = ''open'' OR status = ''met'' OR status = ''breached'' OR status = ''waived'')',"
				      " 'CHECK(status IN (''open'',''met'',''breached'',''waived''))') WHERE name = 'obligations';"
				      " UPDATE sqlite_schema SET sql = replace(sql,"
				      " 'CHECK(direction = ''in'' OR direction = ''out'' OR direction = ''note'')',"
				      " 'CHECK(direction IN (''in'',''out'',''note''))') WHERE name = 'messages';"
				      " PRAGMA writable_schema = RESET; PRAGMA user_version = 7;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(sqlite3_open(p, &db), SQLITE_OK);
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE name = 'obligations'", -1, &s, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_ptr_nonnull(strstr((const char *)sqlite3_column_text(s, 0), "IN ('open','met','breached','waived')"));
	sqlite3_finalize(s);
	ck_assert_int_eq(sqlite3_exec(db,
				      "INSERT INTO customers(id, name, email, jurisdiction, created_at) VALUES(1, 'A', 'a@x', 'DE', 1);"
				      " INSERT INTO tickets(id, customer_id, subject, kind, status, created_at, updated_at)"
				      "  VALUES(1, 1, 's', 'question', 'open', 1, 1);"
				      " INSERT INTO messages(ticket_id, direction, body, created_at) VALUES(1, 'in', 'hello', 1);",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	struct store *st;
	ck_assert_msg(store_open(wsdir, "sqlite:docket.db", 0, &st) == 0, "%s", err_msg());
	store_close(st);
	ck_assert_int_eq(sqlite3_open(p, &db), SQLITE_OK);
	const char *want[][2] = {
		{ "obligations", "CHECK(status = 'open' OR status = 'met' OR status = 'breached' OR status = 'waived')" },
		{ "messages", "CHECK(direction = 'in' OR direction = 'out' OR direction = 'note')" },
		{ "agents", "CHECK(role = 'agent' OR role = 'legal' OR role = 'admin')" },
		{ "outbox", "OR status = 'suppressed')" },
		{ "mail_raw", "OR status = 'ignored')" },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
		ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE name = ?1", -1, &s, NULL),
				 SQLITE_OK);
		sqlite3_bind_text(s, 1, want[i][0], -1, SQLITE_STATIC);
		ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
		const char *sql = (const char *)sqlite3_column_text(s, 0);
		ck_assert_msg(strstr(sql, want[i][1]) != NULL, "%s: %s", want[i][0], sql);
		ck_assert_ptr_null(strstr(sql, " IN ("));
		sqlite3_finalize(s);
	}
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM messages WHERE body = 'hello'", -1, &s, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(s, 0), 1);
	sqlite3_finalize(s);
	/* the checks still hold */
	ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO messages(ticket_id, direction, body, created_at) VALUES(1, 'sideways', 'x', 1)",
				      NULL, NULL, NULL),
			 SQLITE_CONSTRAINT);
	ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO messages(ticket_id, direction, body, created_at) VALUES(1, 'note', 'x', 1)",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO agents(login, role) VALUES('x', 'boss')", NULL, NULL, NULL),
			 SQLITE_CONSTRAINT);
	/* and an insert builds no temporary b-tree for them */
	ck_assert_int_eq(sqlite3_prepare_v2(db, "EXPLAIN INSERT INTO messages(ticket_id, direction, body, created_at)"
						" VALUES(1, 'in', 'x', 1)",
					    -1, &s, NULL),
			 SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		ck_assert_str_ne((const char *)sqlite3_column_text(s, 1), "OpenEphemeral");
	sqlite3_finalize(s);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(s, 0), "ok");
	sqlite3_finalize(s);
	sqlite3_close(db);
	free(p);
	free(wsdir);
}
END_TEST

static int pragma_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	int v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* The demo's unsynced batch runs with synchronous = OFF and leaves the
 * connection at NORMAL again; a batch that is not unsynced keeps NORMAL. */
START_TEST(test_unsynced_batch_sets_and_restores_the_level)
{
	struct store *st = ws->store;
	ck_assert_int_eq(pragma_int(st->db, "PRAGMA synchronous"), 1);
	ck_assert_int_eq(store_batch_begin(st), 0);
	ck_assert_int_eq(pragma_int(st->db, "PRAGMA synchronous"), 1);
	ck_assert_int_eq(store_batch_end(st, 1), 0);
	ck_assert_int_eq(store_batch_unsynced(st), 0);
	ck_assert_int_eq(store_batch_begin(st), 0);
	ck_assert_int_eq(pragma_int(st->db, "PRAGMA synchronous"), 0);
	ck_assert_int_eq(store_batch_end(st, 1), 0);
	ck_assert_int_eq(pragma_int(st->db, "PRAGMA synchronous"), 1);
}
END_TEST

START_TEST(test_not_a_database_is_refused_and_untouched)
{
	char *p = xasprintf("%s/junk.db", dir);
	FILE *fp = fopen(p, "w");
	fputs("this is not sqlite at all, really not", fp);
	fclose(fp);
	struct store *st;
	ck_assert_int_eq(store_open(dir, "sqlite:junk.db", 0, &st), DK_EIO);
	ck_assert_ptr_nonnull(strstr(err_msg(), "not a SQLite database"));
	char *data;
	size_t len;
	ck_assert_int_eq(read_file(p, &data, &len), 0);
	ck_assert_str_eq(data, "this is not sqlite at all, really not");
	free(data);
	free(p);
}
END_TEST

START_TEST(test_audit_chain_detects_edit_delete_and_reorder)
{
	int64_t c = new_customer("Anna", "anna@example.de", "DE");
	for (int i = 0; i < 4; i++)
		new_ticket(c, "Subject", "question", "body");
	int64_t bad, rows;
	ck_assert_int_eq(audit_verify(ws->store, &bad, &rows), 0);
	ck_assert_int_eq(rows, 6);
	/* The triggers refuse edits... */
	sqlite3 *db;
	char *path = db_file();
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	free(path);
	ck_assert_int_ne(sqlite3_exec(db, "UPDATE audit SET detail='x' WHERE seq=2", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(db, "DELETE FROM audit WHERE seq=2", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	/* ...and when someone drops them first, verify notices. */
	raw_exec("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
		 "CREATE TABLE saved AS SELECT * FROM audit;");
	raw_exec("UPDATE audit SET actor = 'mallory' WHERE seq = 3");
	ck_assert_int_eq(audit_verify(ws->store, &bad, &rows), DK_ERR);
	ck_assert_int_eq(bad, 3);
	ck_assert_ptr_nonnull(strstr(err_msg(), "row 3"));
	raw_exec("DELETE FROM audit; INSERT INTO audit SELECT * FROM saved; DELETE FROM audit WHERE seq = 4");
	ck_assert_int_eq(audit_verify(ws->store, &bad, &rows), DK_ERR);
	ck_assert_int_eq(bad, 4);
	raw_exec("DELETE FROM audit; INSERT INTO audit SELECT * FROM saved;"
		 "UPDATE audit SET seq = -seq WHERE seq IN (4,5); UPDATE audit SET seq = 5 WHERE seq = -4;"
		 "UPDATE audit SET seq = 4 WHERE seq = -5");
	ck_assert_int_eq(audit_verify(ws->store, &bad, &rows), DK_ERR);
	ck_assert_int_eq(bad, 4);
	raw_exec("DELETE FROM audit; INSERT INTO audit SELECT * FROM saved; DELETE FROM audit WHERE seq = 6");
	ck_assert_int_eq(audit_verify(ws->store, &bad, &rows), DK_ERR);
	raw_exec("DELETE FROM audit; INSERT INTO audit SELECT * FROM saved");
	ck_assert_int_eq(audit_verify(ws->store, &bad, &rows), 0);
}
END_TEST

START_TEST(test_busy_database_is_a_clear_error)
{
	int64_t c = new_customer("Anna", "anna@example.de", "DE");
	sqlite3 *db;
	char *path = db_file();
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	free(path);
	ck_assert_int_eq(sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
	struct ticket_new req = { .customer_id = c, .subject = "S", .body = "b" };
	int64_t id;
	/* shorten the wait: this test is about the message, not the timeout */
	int rc = desk_ticket_new(ws, &req, T0, &id);
	ck_assert_int_eq(rc, DK_EBUSY);
	ck_assert_ptr_nonnull(strstr(err_msg(), "busy"));
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	int64_t n;
	struct ticket_filter f = { .status = "all" };
	ck_assert_int_eq(store_ticket_count(ws->store, &f, &n), 0);
	ck_assert_int_eq(n, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sqlite");
	TCase *tc = tcase_create("sqlite");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_schema_is_versioned_and_newer_versions_are_refused);
	tcase_add_test(tc, test_migration_2_moves_the_legal_cache_out_of_meta);
	tcase_add_test(tc, test_migration_8_rewrites_in_list_checks);
	tcase_add_test(tc, test_unsynced_batch_sets_and_restores_the_level);
	tcase_add_test(tc, test_not_a_database_is_refused_and_untouched);
	tcase_add_test(tc, test_audit_chain_detects_edit_delete_and_reorder);
	tcase_add_test(tc, test_busy_database_is_a_clear_error);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
