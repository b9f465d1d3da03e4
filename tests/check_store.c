/* check_store.c - the storage contract (data/store.h): what every backend
 * must do, written against store.h alone (no backend's headers, no SQL).
 * Records, queue order, version conflicts, transactions, search, presence,
 * audit rows, erasure and its scrub, dump and restore, locators.
 *
 * A backend runs it with its own locator: CHECK_STORE_LOCATOR (default
 * the SQLite backend's "sqlite:docket.db"); a second database must not
 * exist yet. Tests of one backend's files (tamper with rows, a junk file,
 * a busy lock) are that backend's (tests/check_sqlite.c); tests of the
 * domain over the store are core's (tests/check_workspace.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/store.h"
#include "lib/err.h"
#include "lib/util.h"
#include "tests/fixture.h"

static char dir[64];
static const char *loc;
static struct store *st;
static const dk_time T0 = 1772359200; /* 2026-03-01T10:00:00Z */

static void setup(void)
{
	fx_tmpdir(dir, sizeof(dir), "docket-store");
	loc = getenv("CHECK_STORE_LOCATOR");
	if (!loc || !*loc)
		loc = "sqlite:docket.db";
	ck_assert_msg(store_open(dir, loc, 1, &st) == 0, "%s", err_msg());
}

static void teardown(void)
{
	store_close(st);
	st = NULL;
	fx_rm_tree(dir);
}

static struct store *second(void)
{
	struct store *o;
	ck_assert_msg(store_open(dir, loc, 0, &o) == 0, "%s", err_msg());
	return o;
}

static void begin(void) { ck_assert_msg(store_begin(st) == 0, "%s", err_msg()); }
static void commit(void) { ck_assert_msg(store_commit(st) == 0, "%s", err_msg()); }

static int64_t customer_at(const char *name, const char *email, const char *jur, dk_time at)
{
	struct customer c = { .name = xstrdup(name), .email = xstrdup(email), .jurisdiction = xstrdup(jur),
			      .created_at = at, .erased_at = DK_TIME_NONE };
	begin();
	ck_assert_msg(store_customer_insert(st, &c) == 0, "%s", err_msg());
	commit();
	int64_t id = c.id;
	customer_clear(&c);
	return id;
}

static int64_t customer(const char *name, const char *email) { return customer_at(name, email, "DE", T0); }

static int64_t ticket_due(int64_t cust, const char *subject, const char *body, dk_time due)
{
	struct ticket t = { .customer_id = cust, .subject = xstrdup(subject), .kind = xstrdup("question"),
			    .status = xstrdup("new"), .created_at = T0, .updated_at = T0, .next_due_at = due };
	begin();
	ck_assert_msg(store_ticket_insert(st, &t) == 0, "%s", err_msg());
	struct message m = { .ticket_id = t.id, .direction = xstrdup("in"), .author = xstrdup("anna@example.de"),
			     .body = xstrdup(body), .created_at = T0 };
	ck_assert_msg(store_message_insert(st, &m) == 0, "%s", err_msg());
	message_clear(&m);
	struct event e = { .ticket_id = t.id, .at = T0, .type = xstrdup("received"), .detail = xstrdup("email") };
	ck_assert_msg(store_event_insert(st, &e) == 0, "%s", err_msg());
	event_clear(&e);
	commit();
	int64_t id = t.id;
	ticket_clear(&t);
	return id;
}

static int64_t ticket(int64_t cust, const char *subject, const char *body)
{
	return ticket_due(cust, subject, body, DK_TIME_NONE);
}

static void audit(const char *action, const char *object)
{
	int64_t last;
	char prev[65], hash[65];
	ck_assert_int_eq(store_audit_last(st, &last, prev), 0);
	snprintf(hash, sizeof(hash), "%064lld", (long long)last + 1); /* the store keeps what it is given */
	ck_assert_msg(store_audit_insert(st, last + 1, T0 + last, "tester", action, object, "n=1",
					 last ? prev : "", hash) == 0,
		      "%s", err_msg());
}

/* ---- records */

START_TEST(test_customer_and_ticket_round_trip)
{
	int64_t c = customer("Anna Schmidt", "anna@example.de");
	int64_t t = ticket(c, "Access request", "Send me my data");
	struct ticket tk;
	ck_assert_int_eq(store_ticket_get(st, t, &tk), 0);
	ck_assert_str_eq(tk.subject, "Access request");
	ck_assert_str_eq(tk.status, "new");
	ck_assert_str_eq(tk.jurisdiction, "DE");
	ck_assert_str_eq(tk.customer_name, "Anna Schmidt");
	ck_assert_int_eq(tk.version, 1);
	ticket_clear(&tk);
	struct message *m;
	size_t n;
	ck_assert_int_eq(store_message_list(st, t, &m, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(m[0].direction, "in");
	ck_assert_str_eq(m[0].author, "anna@example.de");
	messages_free(m, n);
	struct event *e;
	ck_assert_int_eq(store_event_list(st, t, &e, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(e[0].type, "received");
	events_free(e, n);
	ck_assert_int_eq(store_ticket_get(st, t + 100, &tk), DK_ENOTFOUND);
	ck_assert_int_eq(store_customer_get(st, c + 100, &(struct customer){ 0 }), DK_ENOTFOUND);
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
	int64_t a = customer("Anna", "anna@example.de");
	int64_t b = customer_at("Ben", "ben@example.de", "DE", T0 + 3600);
	struct seen x = { 0 };
	ck_assert_int_eq(store_customer_foreach_created(st, seen_cb, &x), 0);
	ck_assert_int_eq(x.n, 2);
	ck_assert_int_eq(x.ids[0], a);
	ck_assert_int_eq(x.ids[1], b);
	ck_assert_int_eq(x.created[0], T0);
	ck_assert_int_eq(x.created[1], T0 + 3600);
	ck_assert_int_eq(x.name_set, 0);
	struct seen full = { 0 };
	ck_assert_int_eq(store_customer_foreach(st, seen_cb, &full), 0);
	ck_assert_int_eq(full.n, 2);
	ck_assert_int_eq(full.name_set, 1);
}
END_TEST

START_TEST(test_settings_and_legal_cache)
{
	char *v = NULL;
	ck_assert_int_eq(store_meta_get(st, "keep", &v), 0);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(store_meta_set(st, "keep", "y"), 0); /* on its own: allowed for settings */
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
}
END_TEST

/* ---- transactions and conflicts */

START_TEST(test_transactions_are_visible_as_such_and_roll_back)
{
	ck_assert_int_eq(store_in_tx(st), 0);
	begin();
	ck_assert_int_eq(store_in_tx(st), 1);
	struct customer c = { .name = xstrdup("Gone"), .email = xstrdup("g@example.org"), .jurisdiction = xstrdup("DE"),
			      .created_at = T0, .erased_at = DK_TIME_NONE };
	ck_assert_int_eq(store_customer_insert(st, &c), 0);
	customer_clear(&c);
	store_rollback(st);
	ck_assert_int_eq(store_in_tx(st), 0);
	int64_t n;
	ck_assert_int_eq(store_customer_count(st, &n), 0);
	ck_assert_int_eq(n, 0);
}
END_TEST

static int64_t hits(const char *word);

/* A batch: actions still begin, commit and roll back one by one, each
 * rolled back alone; others see nothing until the batch commits; the
 * search index and the audit head follow at the commit; ending without a
 * commit drops what was not committed. */
START_TEST(test_batches_keep_actions_apart_and_commit_together)
{
	int64_t cust = customer("Anna", "anna@example.de");
	ck_assert_int_eq(store_batch_begin(st), 0);
	ck_assert_int_eq(store_in_batch(st), 1);
	ck_assert_int_eq(store_in_tx(st), 0); /* between actions */
	int64_t t1 = ticket(cust, "Kept one", "zebrafinch arrives");
	begin();
	audit("batch.one", "ticket:1");
	commit();
	/* an action that fails is undone alone */
	begin();
	struct ticket t = { .customer_id = cust, .subject = xstrdup("Undone"), .kind = xstrdup("question"),
			    .status = xstrdup("new"), .created_at = T0, .updated_at = T0, .next_due_at = DK_TIME_NONE };
	ck_assert_int_eq(store_ticket_insert(st, &t), 0);
	struct message m = { .ticket_id = t.id, .direction = xstrdup("in"), .body = xstrdup("nightjar text"),
			     .created_at = T0 };
	ck_assert_int_eq(store_message_insert(st, &m), 0);
	message_clear(&m);
	ticket_clear(&t);
	audit("batch.undone", "ticket:2");
	store_rollback(st);
	int64_t t3 = ticket(cust, "Kept two", "zebrafinch again");
	ck_assert_int_gt(t3, t1);
	/* another connection sees none of it yet */
	struct store *o = second();
	int64_t n;
	struct ticket_filter f = { .status = "all" };
	ck_assert_int_eq(store_ticket_count(o, &f, &n), 0);
	ck_assert_int_eq(n, 0);
	/* the index is written when the batch commits */
	ck_assert_int_eq(hits("zebrafinch"), 0);
	ck_assert_int_eq(store_batch_commit(st), 0);
	ck_assert_int_eq(store_in_batch(st), 1);
	ck_assert_int_eq(store_ticket_count(o, &f, &n), 0);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(hits("zebrafinch"), 2);
	ck_assert_int_eq(hits("nightjar"), 0);
	/* the head is the last row kept */
	char *head = NULL;
	ck_assert_int_eq(store_audit_head(o, &head), 0);
	ck_assert_ptr_nonnull(head);
	ck_assert_int_eq(atoi(head), 1);
	free(head);
	/* not committed: dropped at the end */
	ticket(cust, "Dropped", "osprey");
	ck_assert_int_eq(store_batch_end(st, 0), 0);
	ck_assert_int_eq(store_in_batch(st), 0);
	ck_assert_int_eq(store_ticket_count(st, &f, &n), 0);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(hits("osprey"), 0);
	/* and a batch that ends with a commit keeps it */
	ck_assert_int_eq(store_batch_begin(st), 0);
	ticket(cust, "Last", "osprey");
	begin();
	audit("batch.two", "ticket:4");
	commit();
	ck_assert_int_eq(store_batch_end(st, 1), 0);
	ck_assert_int_eq(store_ticket_count(o, &f, &n), 0);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(hits("osprey"), 1);
	ck_assert_int_eq(store_audit_head(o, &head), 0);
	ck_assert_int_eq(atoi(head), 2);
	free(head);
	/* an unsynced batch (the demo's) commits the same, and the level is
	 * set back for the next one */
	ck_assert_int_eq(store_batch_unsynced(st), 0);
	ck_assert_int_eq(store_batch_begin(st), 0);
	ticket(cust, "Unsynced", "kestrel");
	ck_assert_int_eq(store_batch_commit(st), 0);
	ticket(cust, "Unsynced two", "kestrel");
	ck_assert_int_eq(store_batch_end(st, 1), 0);
	ck_assert_int_eq(store_ticket_count(o, &f, &n), 0);
	ck_assert_int_eq(n, 5);
	ck_assert_int_eq(hits("kestrel"), 2);
	ck_assert_int_eq(store_batch_unsynced(st), 0);
	ck_assert_int_eq(store_batch_begin(st), 0);
	ck_assert_int_eq(store_batch_end(st, 0), 0);
	ticket(cust, "After", "plover");
	ck_assert_int_eq(store_ticket_count(o, &f, &n), 0);
	ck_assert_int_eq(n, 6);
	store_close(o);
}
END_TEST

START_TEST(test_email_owner_is_case_insensitive_and_skips_one)
{
	int64_t a = customer("Anna", "Anna@Example.de");
	int64_t b = customer("Bo", "bo@example.de");
	int64_t id = 0;
	ck_assert_int_eq(store_customer_email_owner(st, "anna@example.DE", 0, &id), 0);
	ck_assert_int_eq(id, a);
	ck_assert_int_eq(store_customer_email_owner(st, "anna@example.de", a, &id), DK_ENOTFOUND);
	ck_assert_int_eq(store_customer_email_owner(st, "bo@example.de", a, &id), 0);
	ck_assert_int_eq(id, b);
	ck_assert_int_eq(store_customer_email_owner(st, "b@example.de", 0, &id), DK_ENOTFOUND);
}
END_TEST

START_TEST(test_stale_write_is_refused_between_two_connections)
{
	int64_t c = customer("Anna", "anna@example.de");
	int64_t t = ticket(c, "Subject", "body");
	struct store *other = second();
	struct ticket a, b;
	ck_assert_int_eq(store_ticket_get(st, t, &a), 0);
	ck_assert_int_eq(store_ticket_get(other, t, &b), 0);
	ck_assert_int_eq(a.version, b.version);
	int changed;
	ck_assert_int_eq(store_poll_changes(st, &changed), 0);
	/* the other connection writes first */
	free(b.status);
	b.status = xstrdup("pending");
	ck_assert_int_eq(store_begin(other), 0);
	ck_assert_int_eq(store_ticket_update(other, &b, b.version), 0);
	ck_assert_int_eq(store_commit(other), 0);
	ck_assert_int_eq(store_poll_changes(st, &changed), 0);
	ck_assert_int_eq(changed, 1);
	/* our write, based on the stale read, is refused */
	a.priority = 1;
	begin();
	ck_assert_int_eq(store_ticket_update(st, &a, a.version), DK_ECONFLICT);
	ck_assert_ptr_nonnull(strstr(err_msg(), "changed since you opened it"));
	ck_assert_int_eq(store_ticket_touch(st, t, T0 + 20, a.version), DK_ECONFLICT);
	store_rollback(st);
	struct ticket now;
	ck_assert_int_eq(store_ticket_get(st, t, &now), 0);
	ck_assert_str_eq(now.status, "pending");
	ck_assert_int_eq(now.priority, 3);
	ck_assert_int_eq(now.version, a.version + 1);
	ticket_clear(&a);
	ticket_clear(&b);
	ticket_clear(&now);
	store_close(other);
}
END_TEST

START_TEST(test_queue_pages_most_urgent_first)
{
	int64_t c = customer("Anna", "anna@example.de");
	/* three of five with due times out of id order */
	const dk_time due[5] = { DK_TIME_NONE, 300, DK_TIME_NONE, 100, 200 };
	int64_t t[5];
	for (int i = 0; i < 5; i++)
		t[i] = ticket_due(c, "S", "b", due[i]);
	struct ticket_filter f = { .limit = 2 };
	struct ticket *ts;
	size_t n;
	ck_assert_int_eq(store_ticket_list(st, &f, &ts, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(ts[0].id, t[3]);
	ck_assert_int_eq(ts[1].id, t[4]);
	tickets_free(ts, n);
	f.offset = 2;
	ck_assert_int_eq(store_ticket_list(st, &f, &ts, &n), 0);
	ck_assert_int_eq(ts[0].id, t[1]);
	ck_assert_int_eq(ts[1].id, t[0]); /* no due time: after those with one */
	tickets_free(ts, n);
	/* the same last page, read from the end */
	struct ticket_filter fe = { .limit = 2, .offset = 0, .from_end = 1 };
	ck_assert_int_eq(store_ticket_list(st, &fe, &ts, &n), 0);
	ck_assert_uint_eq(n, 2); /* the last two: no due time, by id */
	ck_assert_int_eq(ts[0].id, t[0]);
	ck_assert_int_eq(ts[1].id, t[2]);
	tickets_free(ts, n);
	fe.offset = 3;
	fe.limit = 5;
	ck_assert_int_eq(store_ticket_list(st, &fe, &ts, &n), 0);
	ck_assert_uint_eq(n, 2); /* rows 0 and 1 in queue order: t4, t5 */
	ck_assert_int_eq(ts[0].id, t[3]);
	ck_assert_int_eq(ts[1].id, t[4]);
	tickets_free(ts, n);
	struct ticket_filter od = { .overdue = 1, .now = 250 };
	ck_assert_int_eq(store_ticket_list(st, &od, &ts, &n), 0);
	ck_assert_uint_eq(n, 2);
	tickets_free(ts, n);
	int64_t cnt;
	ck_assert_int_eq(store_ticket_count(st, &od, &cnt), 0);
	ck_assert_int_eq(cnt, 2);
}
END_TEST

/* ---- search */

START_TEST(test_search_takes_plain_words_and_never_fails)
{
	int64_t c = customer("Anna", "anna@example.de");
	int64_t t1 = ticket(c, "Parcel lost", "Tracking says plumbago-sextant-47 delivered");
	int64_t t2 = ticket(c, "Refund please", "I want my money back for the parcel");
	int64_t *ids;
	size_t n;
	ck_assert_int_eq(store_search(st, "plumbago-sextant-47", 0, 50, &ids, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ids[0], t1);
	free(ids);
	ck_assert_int_eq(store_search(st, "parcel", 0, 50, &ids, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(ids[0], t2); /* newest first */
	free(ids);
	ck_assert_int_eq(store_search(st, "parcel money", 0, 50, &ids, &n), 0);
	ck_assert_uint_eq(n, 1);
	free(ids);
	ck_assert_int_eq(store_search(st, "\"money back\"", 0, 50, &ids, &n), 0);
	ck_assert_uint_eq(n, 1);
	free(ids);
	ck_assert_int_eq(store_search(st, "\"back money\"", 0, 50, &ids, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(ids);
	const char *nasty[] = { "\"", "AND", "OR NOT", "(", ")", "NEAR(a b)", "*", "a*", "x:y", "^start", "-", "--",
				"\"\"\"", "col:val", "{a b}", "'", "\\", "\xff\xfe", "", "   " };
	for (size_t i = 0; i < sizeof(nasty) / sizeof(*nasty); i++) {
		ck_assert_msg(store_search(st, nasty[i], 0, 50, &ids, &n) == 0, "query '%s': %s", nasty[i], err_msg());
		free(ids);
	}
	ck_assert_int_eq(store_search(st, "Parcel", 1, 50, &ids, &n), 0); /* by relevance */
	ck_assert_uint_eq(n, 2);
	free(ids);
}
END_TEST

/* ---- presence */

START_TEST(test_presence_is_shared_but_is_not_a_change)
{
	int64_t c = customer("Anna", "anna@example.de");
	int64_t t = ticket(c, "S", "b");
	struct store *other = second();
	int changed;
	ck_assert_int_eq(store_poll_changes(st, &changed), 0);
	ck_assert_int_eq(store_presence_beat(st, "root", t, T0), 0);
	ck_assert_int_eq(store_presence_beat(other, "lena", t, T0 + 1), 0);
	char *who = NULL;
	ck_assert_int_eq(store_presence_others(st, "root", t, T0 + 2, 15, &who), 0);
	ck_assert_ptr_nonnull(who);
	ck_assert_str_eq(who, "lena");
	free(who);
	/* a heartbeat is not a change of the workspace */
	ck_assert_int_eq(store_poll_changes(st, &changed), 0);
	ck_assert_int_eq(changed, 0);
	/* expired after the TTL, gone when she leaves the ticket */
	ck_assert_int_eq(store_presence_others(st, "root", t, T0 + 60, 15, &who), 0);
	ck_assert_ptr_null(who);
	ck_assert_int_eq(store_presence_beat(other, "lena", 0, T0 + 3), 0);
	ck_assert_int_eq(store_presence_others(st, "root", t, T0 + 4, 15, &who), 0);
	ck_assert_ptr_null(who);
	store_close(other);
}
END_TEST

/* ---- audit rows: kept as given, in order, with the head */

START_TEST(test_audit_rows_are_kept_as_given)
{
	int64_t last;
	char hash[65];
	ck_assert_int_eq(store_audit_last(st, &last, hash), 0);
	ck_assert_int_eq(last, 0);
	ck_assert_str_eq(hash, "");
	char *head = NULL;
	ck_assert_int_eq(store_audit_head(st, &head), 0);
	ck_assert_ptr_null(head);
	begin();
	audit("customer.new", "customer:7");
	audit("customer.new", "customer:70");
	audit("ticket.new", "ticket:1");
	commit();
	ck_assert_int_eq(store_audit_last(st, &last, hash), 0);
	ck_assert_int_eq(last, 3);
	ck_assert_str_eq(hash, "0000000000000000000000000000000000000000000000000000000000000003");
	ck_assert_int_eq(store_audit_head(st, &head), 0);
	ck_assert_str_eq(head, "3 0000000000000000000000000000000000000000000000000000000000000003");
	free(head);
	struct audit_row *r;
	size_t n;
	ck_assert_int_eq(store_audit_list(st, NULL, 1, 0, &r, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(r[0].seq, 3); /* newest first */
	ck_assert_str_eq(r[2].prev_hash, "");
	ck_assert_str_eq(r[1].prev_hash, r[2].hash);
	ck_assert_str_eq(r[1].detail, "n=1");
	ck_assert_int_eq(r[1].at, T0 + 1);
	audit_rows_free(r, n);
	ck_assert_int_eq(store_audit_list(st, "customer:", 0, 0, &r, &n), 0);
	ck_assert_uint_eq(n, 2);
	audit_rows_free(r, n);
	size_t cap = 0;
	r = NULL;
	n = 0;
	ck_assert_int_eq(store_audit_exact(st, "customer:7", &r, &n, &cap), 0);
	ck_assert_uint_eq(n, 1); /* not customer:70 */
	ck_assert_str_eq(r[0].object, "customer:7");
	audit_rows_free(r, n);
}
END_TEST

static int count_rows(const struct audit_row *r, void *ctx)
{
	int64_t *n = ctx;
	ck_assert_int_eq(r->seq, *n + 1); /* oldest first */
	(*n)++;
	return 0;
}

START_TEST(test_audit_foreach_streams_in_order)
{
	begin();
	for (int i = 0; i < 5; i++)
		audit("ticket.note", "ticket:1");
	commit();
	int64_t n = 0;
	ck_assert_int_eq(store_audit_foreach(st, count_rows, &n), 0);
	ck_assert_int_eq(n, 5);
}
END_TEST

/* ---- erasure */

static int64_t hits(const char *word)
{
	int64_t *ids;
	size_t n;
	ck_assert_int_eq(store_search(st, word, 0, 50, &ids, &n), 0);
	free(ids);
	return (int64_t)n;
}

START_TEST(test_erasure_scrubs_rows_and_index_and_the_scrub_completes)
{
	int64_t keep = customer("Kept Kestrel", "kestrel@example.net");
	int64_t c = customer("Zebediah Quixote", "zq@example.org");
	int64_t kt = ticket(keep, "Kestrel subject", "kestrelword stays");
	int64_t t = ticket(c, "Zebra subject", "zebrafinch words here");
	ck_assert_int_eq(hits("zebrafinch"), 1);
	struct erase_counts pre;
	ck_assert_int_eq(store_erase_customer_preview(st, c, &pre), 0);
	ck_assert_int_eq(pre.customers, 1);
	ck_assert_int_eq(pre.tickets, 1);
	ck_assert_int_eq(pre.messages, 1);
	ck_assert_int_eq(pre.authors, 1);
	char note[96];
	store_erase_note(st, &pre, ERASE_NOTE_PREVIEW, note, sizeof(note));
	ck_assert_str_ne(note, "");
	struct erase_counts cnt;
	begin();
	ck_assert_msg(store_erase_customer(st, c, T0 + 60, "tester", "erasure", &cnt) == 0, "%s", err_msg());
	commit();
	ck_assert_int_eq(cnt.customers, 1);
	ck_assert_int_eq(cnt.tickets, 1);
	ck_assert_int_eq(cnt.messages, 1);
	store_erase_note(st, &cnt, ERASE_NOTE_CUSTOMER, note, sizeof(note));
	ck_assert_str_ne(note, "");
	store_erase_note(st, &cnt, ERASE_NOTE_AUDIT, note, sizeof(note));
	ck_assert_ptr_null(strstr(note, "zq@"));
	/* the rows */
	struct customer cu;
	ck_assert_int_eq(store_customer_get(st, c, &cu), 0);
	ck_assert_ptr_null(cu.name);
	ck_assert_ptr_null(cu.email);
	ck_assert_int_eq(cu.erased_at, T0 + 60);
	customer_clear(&cu);
	struct ticket tk;
	ck_assert_int_eq(store_ticket_get(st, t, &tk), 0);
	ck_assert_str_eq(tk.subject, ERASED_TEXT);
	ticket_clear(&tk);
	struct event *e;
	size_t n;
	ck_assert_int_eq(store_event_list(st, t, &e, &n), 0);
	ck_assert_str_eq(e[n - 1].type, ERASE_EVENT);
	events_free(e, n);
	/* the index */
	ck_assert_int_eq(hits("zebrafinch"), 0);
	ck_assert_int_eq(hits("Zebra"), 0);
	int64_t *ids;
	ck_assert_int_eq(store_search(st, "kestrelword", 0, 50, &ids, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ids[0], kt);
	free(ids);
	/* nobody else is reading: the scrub completes */
	struct store_scrub sc;
	ck_assert_int_eq(store_scrub(st, &sc), 0);
	ck_assert_int_eq(sc.complete, 1);
	ck_assert_str_eq(sc.note, "");
}
END_TEST

/* Tickets erased one by one (retention) leave the index when the
 * transaction commits; a rollback keeps everything. */
START_TEST(test_erased_tickets_leave_the_index_at_commit)
{
	int64_t c = customer("Anna", "anna@example.de");
	int64_t t1 = ticket(c, "Old one", "okapiword first");
	int64_t t2 = ticket(c, "Other", "okapiword second");
	struct erase_counts cnt = { 0 };
	begin();
	ck_assert_int_eq(store_erase_ticket(st, t1, T0 + 60, "tester", "retention", &cnt), 0);
	store_rollback(st);
	ck_assert_int_eq(hits("okapiword"), 2);
	memset(&cnt, 0, sizeof(cnt));
	begin();
	ck_assert_int_eq(store_erase_ticket(st, t1, T0 + 60, "tester", "retention", &cnt), 0);
	commit();
	ck_assert_int_eq(cnt.tickets, 1);
	ck_assert_int_eq(cnt.index_parts, 1);
	int64_t *ids;
	size_t n;
	ck_assert_int_eq(store_search(st, "okapiword", 0, 50, &ids, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ids[0], t2);
	free(ids);
	struct store_scrub sc;
	ck_assert_int_eq(store_scrub(st, &sc), 0);
	ck_assert_int_eq(sc.complete, 1);
}
END_TEST

/* ---- dump and restore */

START_TEST(test_dump_and_restore_round_trip)
{
	int64_t c = customer("Anna", "anna@example.de");
	int64_t t = ticket(c, "Parcel lost", "plumbago words");
	begin();
	audit("ticket.new", "ticket:1");
	commit();
	char *path = xasprintf("%s/dump", dir);
	FILE *fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_msg(store_dump(st, fp) == 0, "%s", err_msg());
	fclose(fp);
	char *into = xasprintf("%s/restored", dir);
	ck_assert_int_eq(mkdir(into, 0700), 0);
	fp = fopen(path, "rb");
	ck_assert_msg(store_restore(into, loc, fp) == 0, "%s", err_msg());
	fclose(fp);
	int exists = 0;
	ck_assert_int_eq(store_exists(into, loc, &exists), 0);
	ck_assert_int_eq(exists, 1);
	struct store *r;
	ck_assert_msg(store_open(into, loc, 0, &r) == 0, "%s", err_msg());
	struct ticket tk;
	ck_assert_int_eq(store_ticket_get(r, t, &tk), 0);
	ck_assert_str_eq(tk.subject, "Parcel lost");
	ticket_clear(&tk);
	int64_t *ids;
	size_t n;
	ck_assert_int_eq(store_search(r, "plumbago", 0, 50, &ids, &n), 0);
	ck_assert_uint_eq(n, 1);
	free(ids);
	char *head = NULL;
	ck_assert_int_eq(store_audit_head(r, &head), 0);
	ck_assert_str_eq(head, "1 0000000000000000000000000000000000000000000000000000000000000001");
	free(head);
	store_close(r);
	/* not over an existing database, and not from something else */
	fp = fopen(path, "rb");
	ck_assert_int_eq(store_restore(into, loc, fp), DK_ECONFLICT);
	fclose(fp);
	char *other = xasprintf("%s/other", dir);
	ck_assert_int_eq(mkdir(other, 0700), 0);
	fp = fopen(path, "w");
	fputs("this is not a dump\n", fp);
	fclose(fp);
	fp = fopen(path, "rb");
	ck_assert_int_eq(store_restore(other, loc, fp), DK_EINVAL);
	fclose(fp);
	ck_assert_int_eq(store_exists(other, loc, &exists), 0);
	ck_assert_int_eq(exists, 0); /* nothing left behind */
	free(other);
	free(into);
	free(path);
}
END_TEST

/* ---- locators */

START_TEST(test_locators_are_checked)
{
	ck_assert_int_eq(store_locator_check(loc), 0);
	ck_assert_int_eq(store_locator_check("postgresql://db.example/docket"), DK_EINVAL);
	ck_assert_ptr_nonnull(strstr(err_msg(), "postgresql://db.example/docket"));
	ck_assert_ptr_nonnull(strstr(err_msg(), "unknown database scheme"));
	ck_assert_int_eq(store_locator_check(""), DK_EINVAL);
	ck_assert_int_eq(store_locator_check("docket.db"), DK_EINVAL);
	ck_assert_int_eq(store_locator_check("sqlite:"), DK_EINVAL);
	struct store *o;
	ck_assert_int_eq(store_open(dir, "postgresql://db.example/docket", 0, &o), DK_EINVAL);
	ck_assert_ptr_null(o);
	int exists = 1;
	ck_assert_int_eq(store_exists(dir, "nosuch://x", &exists), DK_EINVAL);
	ck_assert_int_eq(exists, 0);
	/* a database that is not there: not found, and not created */
	char *nowhere = xasprintf("%s/nowhere", dir);
	ck_assert_int_eq(mkdir(nowhere, 0700), 0);
	ck_assert_int_eq(store_exists(nowhere, loc, &exists), 0);
	ck_assert_int_eq(exists, 0);
	ck_assert_int_eq(store_open(nowhere, loc, 0, &o), DK_ENOTFOUND);
	ck_assert_int_eq(store_exists(nowhere, loc, &exists), 0);
	ck_assert_int_eq(exists, 0);
	/* and removing one */
	ck_assert_int_eq(store_exists(dir, loc, &exists), 0);
	ck_assert_int_eq(exists, 1);
	store_close(st);
	st = NULL;
	ck_assert_int_eq(store_remove(dir, loc), 0);
	ck_assert_int_eq(store_exists(dir, loc, &exists), 0);
	ck_assert_int_eq(exists, 0);
	ck_assert_int_eq(store_remove(dir, loc), 0); /* missing is fine */
	free(nowhere);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_customer_and_ticket_round_trip);
	tcase_add_test(tc, test_customer_foreach_created_visits_everyone_in_order);
	tcase_add_test(tc, test_settings_and_legal_cache);
	tcase_add_test(tc, test_transactions_are_visible_as_such_and_roll_back);
	tcase_add_test(tc, test_stale_write_is_refused_between_two_connections);
	tcase_add_test(tc, test_batches_keep_actions_apart_and_commit_together);
	tcase_add_test(tc, test_email_owner_is_case_insensitive_and_skips_one);
	tcase_add_test(tc, test_queue_pages_most_urgent_first);
	tcase_add_test(tc, test_search_takes_plain_words_and_never_fails);
	tcase_add_test(tc, test_presence_is_shared_but_is_not_a_change);
	tcase_add_test(tc, test_audit_rows_are_kept_as_given);
	tcase_add_test(tc, test_audit_foreach_streams_in_order);
	tcase_add_test(tc, test_erasure_scrubs_rows_and_index_and_the_scrub_completes);
	tcase_add_test(tc, test_erased_tickets_leave_the_index_at_commit);
	tcase_add_test(tc, test_dump_and_restore_round_trip);
	tcase_add_test(tc, test_locators_are_checked);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
