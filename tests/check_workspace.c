/* check_workspace.c - the workspace and the desk over the store: opening
 * (config, the database locator), records through the desk actions, bad
 * input changing nothing, the audit chain (core/audit.c, byte for byte as
 * before), stale writes between two agents, roles. */
#include <check.h>
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

/* The chain's hashes are computed in core exactly as the store computed
 * them before (existing workspaces must still verify):
 * SHA-256(prev_hash || "seq US at US actor US action US object US detail"),
 * here against digests computed outside docket (sha256sum). */
START_TEST(test_audit_hashes_are_the_documented_chain)
{
	char *d = xasprintf("%s/chain", dir);
	ck_assert_int_eq(mkdir(d, 0700), 0);
	struct store *st;
	ck_assert_msg(store_open(d, "sqlite:chain.db", 1, &st) == 0, "%s", err_msg());
	ck_assert_int_eq(store_begin(st), 0);
	ck_assert_int_eq(audit_append(st, T0, "alice", "workspace.init", "workspace", "admin=1"), 0);
	ck_assert_int_eq(audit_append(st, T0 + 60, "alice", "customer.new", "customer:1", NULL), 0);
	ck_assert_int_eq(store_commit(st), 0);
	struct audit_row *r;
	size_t n;
	ck_assert_int_eq(store_audit_list(st, NULL, 0, 0, &r, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(r[0].prev_hash, AUDIT_ZERO_HASH);
	ck_assert_str_eq(r[0].hash, "126859d93f565bd1f5729a62a7d10e5f2ed7c29235a9d0e7c0f44eef691968b9");
	ck_assert_str_eq(r[1].prev_hash, r[0].hash);
	ck_assert_str_eq(r[1].detail, "");
	ck_assert_str_eq(r[1].hash, "6ee902d7e079e1fb32e85cdae218e9c9743342783fd6b0652ee5245f767fa711");
	audit_rows_free(r, n);
	int64_t bad, rows;
	ck_assert_int_eq(audit_verify(st, &bad, &rows), 0);
	ck_assert_int_eq(rows, 2);
	store_close(st);
	free(d);
}
END_TEST

static void write_config(const char *wsdir, const char *text)
{
	char *cfg = xasprintf("%s/config", wsdir);
	FILE *fp = fopen(cfg, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	free(cfg);
}

/* The database is where config key `database` says; an unknown scheme is
 * a config error that names the key, and opens nothing. */
START_TEST(test_database_locator_comes_from_config)
{
	write_config(ws->dir, "database = postgresql://db.example/docket\n");
	struct workspace *o;
	ck_assert_int_eq(ws_open(ws->dir, NULL, &o), DK_EINVAL);
	ck_assert_ptr_nonnull(strstr(err_msg(), "config: database: postgresql://db.example/docket"));
	ck_assert_ptr_nonnull(strstr(err_msg(), "unknown database scheme"));
	ck_assert_int_eq(ws_open_files(ws->dir, &o), DK_EINVAL);
	ck_assert_ptr_nonnull(strstr(err_msg(), "config: database"));
	/* a new workspace with its database elsewhere */
	char *w2 = xasprintf("%s/ws2", dir);
	ck_assert_int_eq(mkdir(w2, 0770), 0);
	write_config(w2, "database = sqlite:elsewhere.db\n");
	struct workspace *n;
	ck_assert_msg(ws_init(w2, T0, &n) == 0, "%s", err_msg());
	ck_assert_str_eq(ws_database(n), "sqlite:elsewhere.db");
	struct stat sb;
	char *f = xasprintf("%s/elsewhere.db", w2), *g = xasprintf("%s/docket.db", w2);
	ck_assert_int_eq(stat(f, &sb), 0);
	ck_assert_int_ne(stat(g, &sb), 0);
	ws_close(n);
	ck_assert_int_eq(ws_init(w2, T0, &n), DK_ECONFLICT);
	/* init refuses a bad locator before creating anything */
	char *w3 = xasprintf("%s/ws3", dir);
	ck_assert_int_eq(mkdir(w3, 0770), 0);
	write_config(w3, "database = nosuch:x\n");
	ck_assert_int_eq(ws_init(w3, T0, &n), DK_EINVAL);
	ck_assert_ptr_nonnull(strstr(err_msg(), "config: database"));
	char *l3 = xasprintf("%s/legal", w3);
	ck_assert_int_ne(stat(l3, &sb), 0);
	free(l3);
	free(w3);
	free(f);
	free(g);
	free(w2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("workspace");
	TCase *tc = tcase_create("workspace");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_open_files_reads_config_without_the_database);
	tcase_add_test(tc, test_customer_and_ticket_round_trip);
	tcase_add_test(tc, test_bad_input_changes_nothing);
	tcase_add_test(tc, test_audit_rows_hold_no_personal_data);
	tcase_add_test(tc, test_stale_write_is_refused_between_two_connections);
	tcase_add_test(tc, test_roles_are_enforced_in_core);
	tcase_add_test(tc, test_audit_hashes_are_the_documented_chain);
	tcase_add_test(tc, test_database_locator_comes_from_config);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
