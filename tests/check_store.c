/* check_store.c - data/ and the desk actions over it: schema, records,
 * audit chain, stale writes between two connections, search, roles. */
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

static char dir[64];
static struct workspace *ws;
static const dk_time T0 = 1772359200; /* 2026-03-01T10:00:00Z */

static void rm_tree(const char *d)
{
	char *cmd = xasprintf("rm -rf '%s'", d);
	if (system(cmd) != 0)
		fprintf(stderr, "cleanup failed: %s\n", d);
	free(cmd);
}

static void setup(void)
{
	strcpy(dir, "/tmp/docket-check-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *w = xasprintf("%s/ws", dir);
	ck_assert_int_eq(ws_init(w, T0, &ws), 0);
	free(w);
}

static void teardown(void)
{
	ws_close(ws);
	ws = NULL;
	rm_tree(dir);
}

static int64_t new_customer(const char *name, const char *email, const char *jur)
{
	int64_t id;
	ck_assert_msg(desk_customer_new(ws, name, email, jur, T0, &id) == 0, "%s", err_msg());
	return id;
}

static int64_t new_ticket(int64_t cust, const char *subject, const char *kind, const char *body)
{
	struct ticket_new req = { .customer_id = cust, .subject = subject, .kind = kind, .body = body };
	int64_t id;
	ck_assert_msg(desk_ticket_new(ws, &req, T0, &id) == 0, "%s", err_msg());
	return id;
}

/* The SQLite file of the workspace (the default locator). */
static char *db_file(void) { return xasprintf("%s/docket.db", ws->dir); }

static void raw_exec(const char *sql)
{
	sqlite3 *db;
	char *path = db_file();
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	free(path);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "");
	sqlite3_close(db);
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
	ck_assert_int_eq(sqlite3_column_int(s, 0), 2);
	sqlite3_finalize(s);
	sqlite3_close(db);
	free(p);
	free(wsdir);
}
END_TEST

/* Commands that only read the legal repository open the workspace's
 * files without its database; a missing workspace is the same error. */
START_TEST(test_open_files_reads_config_without_the_database)
{
	char *w = xasprintf("%s/ws", dir), *cfg = xasprintf("%s/ws/config", dir);
	FILE *fp = fopen(cfg, "w");
	fputs("timezone = Europe/Berlin\n", fp);
	fclose(fp);
	struct workspace *f;
	ck_assert_msg(ws_open_files(w, &f) == 0, "%s", err_msg());
	ck_assert_ptr_null(f->store);
	ck_assert_str_eq(f->tz, "Europe/Berlin");
	ck_assert_ptr_nonnull(strstr(f->legal_dir, "/ws/legal"));
	ws_close(f);
	char *nowhere = xasprintf("%s/nowhere", dir);
	ck_assert_int_eq(ws_open_files(nowhere, &f), DK_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err_msg(), "no such workspace"));
	ck_assert_ptr_null(f);
	free(nowhere);
	free(w);
	free(cfg);
}
END_TEST

struct seen {
	int64_t ids[8];
	dk_time created[8];
	int n;
	int name_set;
};

static int seen_cb(const struct customer *c, void *ctx)
{
	struct seen *x = ctx;
	if (x->n < 8) {
		x->ids[x->n] = c->id;
		x->created[x->n] = c->created_at;
	}
	x->n++;
	x->name_set |= c->name != NULL;
	return 0;
}

/* The light pass over customers (terms which --all) sees every customer,
 * in id order, with id and creation time and nothing else. */
START_TEST(test_customer_foreach_created_visits_everyone_in_order)
{
	int64_t a = new_customer("Anna", "anna@example.de", "DE");
	int64_t b;
	ck_assert_int_eq(desk_customer_new(ws, "Ben", "ben@example.de", "DE", T0 + 3600, &b), 0);
	struct seen x = { 0 };
	ck_assert_int_eq(store_customer_foreach_created(ws->store, seen_cb, &x), 0);
	ck_assert_int_eq(x.n, 2);
	ck_assert_int_eq(x.ids[0], a);
	ck_assert_int_eq(x.ids[1], b);
	ck_assert_int_eq(x.created[0], T0);
	ck_assert_int_eq(x.created[1], T0 + 3600);
	ck_assert_int_eq(x.name_set, 0);
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

START_TEST(test_customer_and_ticket_round_trip)
{
	int64_t c = new_customer("Anna Schmidt", "anna@example.de", "de");
	int64_t t = new_ticket(c, "Access request", "data-access", "Send me my data");
	struct ticket tk;
	ck_assert_int_eq(store_ticket_get(ws->store, t, &tk), 0);
	ck_assert_str_eq(tk.subject, "Access request");
	ck_assert_str_eq(tk.kind, "data-access");
	ck_assert_str_eq(tk.status, "new");
	ck_assert_str_eq(tk.jurisdiction, "DE");
	ck_assert_int_eq(tk.version, 1);
	ticket_clear(&tk);
	struct message *m;
	size_t n;
	ck_assert_int_eq(store_message_list(ws->store, t, &m, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(m[0].direction, "in");
	ck_assert_str_eq(m[0].author, "anna@example.de");
	messages_free(m, n);
	struct event *e;
	ck_assert_int_eq(store_event_list(ws->store, t, &e, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(e[0].type, "received");
	events_free(e, n);
}
END_TEST

START_TEST(test_bad_input_changes_nothing)
{
	int64_t id;
	ck_assert_int_eq(desk_customer_new(ws, "X", "no-at-sign", "DE", T0, &id), DK_EINVAL);
	ck_assert_str_eq(err_msg(), "email: no-at-sign: not an email address");
	ck_assert_int_eq(desk_customer_new(ws, "X", "x@example.com", "XX", T0, &id), DK_EINVAL);
	ck_assert_ptr_nonnull(strstr(err_msg(), "jurisdiction: XX"));
	int64_t n;
	ck_assert_int_eq(store_customer_count(ws->store, &n), 0);
	ck_assert_int_eq(n, 0);
	struct ticket_new req = { .customer_id = 99, .subject = "S", .body = "b" };
	ck_assert_int_eq(desk_ticket_new(ws, &req, T0, &id), DK_ENOTFOUND);
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

START_TEST(test_audit_rows_hold_no_personal_data)
{
	int64_t c = new_customer("Zebediah Quixote", "zq@example.org", "GB");
	int64_t t = new_ticket(c, "Secret subject", "complaint", "unique-body-phrase");
	ck_assert_int_eq(desk_ticket_reply(ws, t, "reply-text-here", 0, 0, T0 + 60, NULL), 0);
	ck_assert_int_eq(desk_ticket_note(ws, t, "note-text-here", 0, T0 + 120, NULL), 0);
	struct audit_row *r;
	size_t n;
	ck_assert_int_eq(store_audit_list(ws->store, NULL, 0, 0, &r, &n), 0);
	ck_assert_uint_ge(n, 4);
	for (size_t i = 0; i < n; i++) {
		const char *fields[] = { r[i].actor, r[i].action, r[i].object, r[i].detail };
		for (size_t k = 0; k < 4; k++) {
			ck_assert_ptr_null(strstr(fields[k], "Zebediah"));
			ck_assert_ptr_null(strstr(fields[k], "zq@example.org"));
			ck_assert_ptr_null(strstr(fields[k], "Secret"));
			ck_assert_ptr_null(strstr(fields[k], "unique-body"));
			ck_assert_ptr_null(strstr(fields[k], "reply-text"));
			ck_assert_ptr_null(strstr(fields[k], "note-text"));
		}
	}
	audit_rows_free(r, n);
}
END_TEST

START_TEST(test_stale_write_is_refused_between_two_connections)
{
	int64_t c = new_customer("Anna", "anna@example.de", "DE");
	int64_t t = new_ticket(c, "Subject", "question", "body");
	struct workspace *other;
	ck_assert_int_eq(ws_open(ws->dir, NULL, &other), 0);
	struct ticket a, b;
	ck_assert_int_eq(store_ticket_get(ws->store, t, &a), 0);
	ck_assert_int_eq(store_ticket_get(other->store, t, &b), 0);
	ck_assert_int_eq(a.version, b.version);
	/* the other agent writes first */
	ck_assert_int_eq(desk_ticket_set(other, t, "status", "pending", b.version, T0 + 10), 0);
	/* our write, based on the stale read, is refused and changes nothing */
	ck_assert_int_eq(desk_ticket_set(ws, t, "priority", "1", a.version, T0 + 20), DK_ECONFLICT);
	ck_assert_ptr_nonnull(strstr(err_msg(), "changed since you opened it"));
	ck_assert_int_eq(desk_ticket_reply(ws, t, "hello", 0, a.version, T0 + 20, NULL), DK_ECONFLICT);
	struct ticket now;
	ck_assert_int_eq(store_ticket_get(ws->store, t, &now), 0);
	ck_assert_str_eq(now.status, "pending");
	ck_assert_int_eq(now.priority, 3);
	ck_assert_int_eq(now.version, b.version + 1);
	struct message *m;
	size_t n;
	ck_assert_int_eq(store_message_list(ws->store, t, &m, &n), 0);
	ck_assert_uint_eq(n, 1);
	messages_free(m, n);
	ticket_clear(&a);
	ticket_clear(&b);
	ticket_clear(&now);
	int changed;
	ck_assert_int_eq(store_poll_changes(ws->store, &changed), 0);
	ck_assert_int_eq(desk_ticket_set(other, t, "priority", "2", 0, T0 + 30), 0);
	ck_assert_int_eq(store_poll_changes(ws->store, &changed), 0);
	ck_assert_int_eq(changed, 1);
	ws_close(other);
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

START_TEST(test_search_takes_plain_words_and_never_fails)
{
	int64_t c = new_customer("Anna", "anna@example.de", "DE");
	int64_t t1 = new_ticket(c, "Parcel lost", "question", "Tracking says plumbago-sextant-47 delivered");
	int64_t t2 = new_ticket(c, "Refund please", "refund", "I want my money back for the parcel");
	int64_t *ids;
	size_t n;
	ck_assert_int_eq(store_search(ws->store, "plumbago-sextant-47", 0, 50, &ids, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ids[0], t1);
	free(ids);
	ck_assert_int_eq(store_search(ws->store, "parcel", 0, 50, &ids, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(ids[0], t2); /* newest first */
	free(ids);
	ck_assert_int_eq(store_search(ws->store, "parcel money", 0, 50, &ids, &n), 0);
	ck_assert_uint_eq(n, 1);
	free(ids);
	ck_assert_int_eq(store_search(ws->store, "\"money back\"", 0, 50, &ids, &n), 0);
	ck_assert_uint_eq(n, 1);
	free(ids);
	ck_assert_int_eq(store_search(ws->store, "\"back money\"", 0, 50, &ids, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(ids);
	const char *nasty[] = { "\"", "AND", "OR NOT", "(", ")", "NEAR(a b)", "*", "a*", "x:y", "^start", "-", "--",
				"\"\"\"", "col:val", "{a b}", "'", "\\", "\xff\xfe", "", "   " };
	for (size_t i = 0; i < sizeof(nasty) / sizeof(*nasty); i++) {
		ck_assert_msg(store_search(ws->store, nasty[i], 0, 50, &ids, &n) == 0, "query '%s': %s", nasty[i], err_msg());
		free(ids);
	}
	ck_assert_int_eq(store_search(ws->store, "Parcel", 1, 50, &ids, &n), 0); /* by relevance */
	ck_assert_uint_eq(n, 2);
	free(ids);
}
END_TEST

START_TEST(test_roles_are_enforced_in_core)
{
	ck_assert_int_eq(desk_agent_add(ws, "maria", "agent", T0), 0);
	ck_assert_int_eq(desk_agent_add(ws, "maria", "agent", T0), DK_ECONFLICT);
	struct workspace *m;
	ck_assert_int_eq(ws_open(ws->dir, "maria", &m), 0);
	ck_assert_int_eq(m->role, ROLE_AGENT);
	ck_assert_int_eq(desk_agent_add(m, "eve", "admin", T0), DK_EPERM);
	ck_assert_ptr_nonnull(strstr(err_msg(), "needs the admin role"));
	ck_assert_int_eq(desk_agent_remove(ws, ws->login, T0), DK_EPERM); /* last admin */
	ck_assert_int_eq(desk_agent_set(ws, ws->login, "agent", T0), DK_EPERM);
	ws_close(m);
	struct workspace *g;
	ck_assert_int_eq(ws_open(ws->dir, "ghost", &g), DK_EPERM);
	ck_assert_ptr_nonnull(strstr(err_msg(), "docket agent add ghost ROLE"));
	ck_assert_int_eq(desk_agent_remove(ws, "maria", T0), 0);
	ck_assert_int_eq(ws_open(ws->dir, "maria", &g), DK_EPERM);
}
END_TEST

START_TEST(test_queue_pages_most_urgent_first)
{
	int64_t c = new_customer("Anna", "anna@example.de", "DE");
	int64_t t[5];
	for (int i = 0; i < 5; i++)
		t[i] = new_ticket(c, "S", "question", "b");
	/* give three of them due times out of id order */
	raw_exec("UPDATE tickets SET next_due_at = 300, due_key = 300 WHERE id = 2;"
		 "UPDATE tickets SET next_due_at = 100, due_key = 100 WHERE id = 4;"
		 "UPDATE tickets SET next_due_at = 200, due_key = 200 WHERE id = 5;");
	struct ticket_filter f = { .limit = 2 };
	struct ticket *ts;
	size_t n;
	ck_assert_int_eq(store_ticket_list(ws->store, &f, &ts, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(ts[0].id, t[3]);
	ck_assert_int_eq(ts[1].id, t[4]);
	tickets_free(ts, n);
	f.offset = 2;
	ck_assert_int_eq(store_ticket_list(ws->store, &f, &ts, &n), 0);
	ck_assert_int_eq(ts[0].id, t[1]);
	ck_assert_int_eq(ts[1].id, t[0]); /* no due time: after those with one */
	tickets_free(ts, n);
	/* the same last page, read from the end */
	struct ticket_filter fe = { .limit = 2, .offset = 0, .from_end = 1 };
	ck_assert_int_eq(store_ticket_list(ws->store, &fe, &ts, &n), 0);
	ck_assert_uint_eq(n, 2); /* the last two: no due time, by id */
	ck_assert_int_eq(ts[0].id, t[0]);
	ck_assert_int_eq(ts[1].id, t[2]);
	tickets_free(ts, n);
	fe.offset = 3;
	fe.limit = 5;
	ck_assert_int_eq(store_ticket_list(ws->store, &fe, &ts, &n), 0);
	ck_assert_uint_eq(n, 2); /* rows 0 and 1 in queue order: t4, t5 */
	ck_assert_int_eq(ts[0].id, t[3]);
	ck_assert_int_eq(ts[1].id, t[4]);
	tickets_free(ts, n);
	struct ticket_filter od = { .overdue = 1, .now = 250 };
	ck_assert_int_eq(store_ticket_list(ws->store, &od, &ts, &n), 0);
	ck_assert_uint_eq(n, 2);
	tickets_free(ts, n);
}
END_TEST

START_TEST(test_presence_is_shared_but_is_not_a_change)
{
	int64_t c = new_customer("Anna", "anna@example.de", "DE");
	int64_t t = new_ticket(c, "S", "question", "b");
	struct workspace *other;
	ck_assert_int_eq(desk_agent_add(ws, "lena", "legal", T0), 0);
	ck_assert_int_eq(ws_open(ws->dir, "lena", &other), 0);
	int changed;
	ck_assert_int_eq(store_poll_changes(ws->store, &changed), 0);
	ck_assert_int_eq(store_presence_beat(ws->store, ws->login, t, T0), 0);
	ck_assert_int_eq(store_presence_beat(other->store, "lena", t, T0 + 1), 0);
	char *who = NULL;
	ck_assert_int_eq(store_presence_others(ws->store, ws->login, t, T0 + 2, 15, &who), 0);
	ck_assert_ptr_nonnull(who);
	ck_assert_str_eq(who, "lena");
	free(who);
	/* a heartbeat is not a change of the workspace */
	ck_assert_int_eq(store_poll_changes(ws->store, &changed), 0);
	ck_assert_int_eq(changed, 0);
	/* expired after the TTL, gone when she leaves the ticket */
	ck_assert_int_eq(store_presence_others(ws->store, ws->login, t, T0 + 60, 15, &who), 0);
	ck_assert_ptr_null(who);
	ck_assert_int_eq(store_presence_beat(other->store, "lena", 0, T0 + 3), 0);
	ck_assert_int_eq(store_presence_others(ws->store, ws->login, t, T0 + 4, 15, &who), 0);
	ck_assert_ptr_null(who);
	ws_close(other);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_schema_is_versioned_and_newer_versions_are_refused);
	tcase_add_test(tc, test_migration_2_moves_the_legal_cache_out_of_meta);
	tcase_add_test(tc, test_open_files_reads_config_without_the_database);
	tcase_add_test(tc, test_customer_foreach_created_visits_everyone_in_order);
	tcase_add_test(tc, test_not_a_database_is_refused_and_untouched);
	tcase_add_test(tc, test_customer_and_ticket_round_trip);
	tcase_add_test(tc, test_bad_input_changes_nothing);
	tcase_add_test(tc, test_audit_chain_detects_edit_delete_and_reorder);
	tcase_add_test(tc, test_audit_rows_hold_no_personal_data);
	tcase_add_test(tc, test_stale_write_is_refused_between_two_connections);
	tcase_add_test(tc, test_busy_database_is_a_clear_error);
	tcase_add_test(tc, test_search_takes_plain_words_and_never_fails);
	tcase_add_test(tc, test_roles_are_enforced_in_core);
	tcase_add_test(tc, test_queue_pages_most_urgent_first);
	tcase_add_test(tc, test_presence_is_shared_but_is_not_a_change);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
