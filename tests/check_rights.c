/* check_rights.c - data-subject rights: erasure leaves no copy of the
 * customer's words anywhere in the database files, export holds every
 * row about the customer, refusals change nothing, retention. */
#include <check.h>
#include <ctype.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/desk.h"
#include "lib/err.h"
#include "lib/hash.h"
#include "core/init.h"
#include "core/obligations.h"
#include "core/export_render.h"
#include "core/rights.h"
#include "lib/util.h"

#define FIXTURE_WORKSPACE
#include "tests/fixture.h"
#include "data/store.h"

#define NOW "2026-03-01T10:00:00Z"

static char dir[64];
static struct workspace *ws;
static dk_time now;

static void setup(void)
{
	ws = fx_ws_at(dir, sizeof(dir), "check-rights", NOW, 400, &now);
}

static void teardown(void)
{
	ws_close(ws);
	ws = NULL;
	fx_rm_tree(dir);
}

/* ---- helpers */

static int64_t customer(const char *name, const char *email, const char *jur, dk_time at)
{
	return fx_customer(ws, name, email, jur, at);
}

static int64_t ticket(int64_t cust, const char *subject, const char *kind, const char *body, dk_time at)
{
	return fx_ticket(ws, cust, subject, kind, body, at);
}

static const char *const filler_words[] = {
	"order",    "delivery", "refund",  "account", "payment", "invoice", "password", "shipping", "screen",
	"battery",  "charger",  "broken",  "late",    "parcel",  "courier", "address",  "thanks",   "please",
	"help",     "support",  "ticket",  "request", "update",  "cancel",  "return",   "label",    "warranty",
	"receipt",  "monday",   "friday",  "week",    "month",   "price",   "discount", "voucher",  "store",
	"app",      "login",    "email",   "phone",   "number",  "again",   "still",    "waiting",  "answer",
};

static char *filler(unsigned *seed, int words)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < words; i++) {
		*seed = *seed * 1103515245u + 12345u;
		buf_printf(&b, "%s%s%u", i ? " " : "", filler_words[(*seed >> 16) % ARRAY_SIZE(filler_words)],
			   (*seed >> 8) % 1000);
	}
	return buf_detach(&b);
}

/* Many customers with several tickets of filler text: makes every table
 * and FTS partition span several pages, so that b-tree rebalancing and
 * segment merges happen around the data under test. */
static void populate(int ncust, dk_time at)
{
	unsigned seed = 42;
	static int serial; /* emails are unique (ignoring case) across calls */
	for (int c = 0; c < ncust; c++) {
		char name[64], email[64];
		snprintf(name, sizeof(name), "Filler Person %d", c);
		snprintf(email, sizeof(email), "filler%d@example.com", serial++);
		int64_t id = customer(name, email, "DE", at);
		for (int t = 0; t < 3; t++) {
			char *body = filler(&seed, 60);
			char *subj = filler(&seed, 5);
			int64_t tid = ticket(id, subj, t == 2 ? "complaint" : "question", body, at);
			free(body);
			free(subj);
			char *note = filler(&seed, 40);
			ck_assert_int_eq(desk_ticket_note(ws, tid, note, 0, at, NULL), 0);
			free(note);
			if (t == 2) { /* its duties settled: waived, the filler needs no answer */
				struct obligation *ob;
				size_t nob;
				ck_assert_int_eq(store_obligation_list_ticket(ws->store, tid, &ob, &nob), 0);
				for (size_t k = 0; k < nob; k++)
					ck_assert_int_eq(obligation_waive(ws, ob[k].id, "filler", at), 0);
				obligations_free(ob, nob);
				ck_assert_int_eq(desk_ticket_set(ws, tid, "status", "closed", 0, at), 0);
			}
		}
	}
}

static char *read_all(const char *path, size_t *len)
{
	char *data = NULL;
	*len = 0;
	struct stat sb;
	if (stat(path, &sb) != 0)
		return xstrdup("");
	ck_assert_int_eq(read_file(path, &data, len), 0);
	return data;
}

/* The SQLite file of the workspace (default locator): this suite checks
 * the SQLite backend's bytes. */
static char *db_file(void) { return xasprintf("%s/docket.db", ws->dir); }

/* Case-insensitive occurrences of word in the raw bytes of the database,
 * its WAL and its shared-memory index. */
static int raw_hits(const char *word)
{
	const char *sfx[] = { "", "-wal", "-shm" };
	size_t wl = strlen(word);
	int hits = 0;
	for (size_t f = 0; f < ARRAY_SIZE(sfx); f++) {
		char *db = db_file(), *path = xasprintf("%s%s", db, sfx[f]);
		free(db);
		size_t len;
		char *d = read_all(path, &len);
		for (size_t i = 0; i + wl <= len; i++) {
			size_t j = 0;
			while (j < wl && tolower((unsigned char)d[i + j]) == tolower((unsigned char)word[j]))
				j++;
			if (j == wl)
				hits++;
		}
		free(d);
		free(path);
	}
	return hits;
}

static sqlite3 *raw_open(void)
{
	sqlite3 *db;
	char *path = db_file();
	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	free(path);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static int64_t raw_int(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int64_t raw_int(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct buf b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	sqlite3 *db = raw_open();
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(db, buf_str(&b), -1, &s, NULL) != SQLITE_OK)
		ck_abort_msg("%s: %s", buf_str(&b), sqlite3_errmsg(db));
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	buf_release(&b);
	return v;
}

/* Digest of every row of every table (for "a refusal changes nothing"). */
static void db_digest(char *out)
{
	sqlite3 *db = raw_open();
	struct buf all = BUF_INIT;
	sqlite3_stmt *t;
	ck_assert_int_eq(sqlite3_prepare_v2(db,
					    "SELECT name FROM sqlite_schema WHERE type = 'table'"
					    " AND name NOT LIKE 'sqlite_%' AND name <> 'presence' ORDER BY name",
					    -1, &t, NULL),
			 SQLITE_OK);
	while (sqlite3_step(t) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(t, 0);
		char *sql = xasprintf("SELECT * FROM \"%s\"", name);
		sqlite3_stmt *s;
		if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
			buf_printf(&all, "[%s]", name);
			while (sqlite3_step(s) == SQLITE_ROW)
				for (int i = 0; i < sqlite3_column_count(s); i++) {
					const void *v = sqlite3_column_blob(s, i);
					int n = sqlite3_column_bytes(s, i);
					buf_printf(&all, "|%d:", sqlite3_column_type(s, i));
					if (v)
						buf_add(&all, v, (size_t)n);
				}
			sqlite3_finalize(s);
		}
		free(sql);
	}
	sqlite3_finalize(t);
	sqlite3_close(db);
	sha256_hex(all.data ? all.data : "", all.len, out);
	buf_release(&all);
}

/* Documents matching word in the full-text index, asked of every FTS
 * partition directly. */
static int64_t index_hits(const char *word)
{
	int64_t total = 0;
	sqlite3 *db = raw_open();
	for (int p = 0; p < 32; p++) {
		char *sql = xasprintf("SELECT count(*) FROM fts_%d WHERE fts_%d MATCH ?1", p, p);
		sqlite3_stmt *s;
		ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
		char *q = xasprintf("\"%s\"", word);
		sqlite3_bind_text(s, 1, q, -1, SQLITE_TRANSIENT);
		ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
		total += sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		free(q);
		free(sql);
	}
	sqlite3_close(db);
	return total;
}

/* Tickets store_search finds for word; checked against the index itself.
 * (store_search is only called when the index has a match: with no
 * match it currently passes NULL to qsort, which UBSan rejects; see the
 * report to the lead.) */
static size_t search_hits(const char *word)
{
	if (index_hits(word) == 0)
		return 0;
	int64_t *ids;
	size_t n;
	ck_assert_int_eq(store_search(ws->store, word, 0, 100, &ids, &n), 0);
	free(ids);
	return n;
}

/* The words of the customer under test: none occurs anywhere else. */
static const char *const secret_words[] = {
	"Wilhelmina", "Zorkowski",  "quillmail",	 "Vexillology", "petunia",     "quokka",
	"marmalade",  "hyperbolic", "dermatoglyphics", "saxophone",   "trombonist",  "ornithopter",
	"gazpacho",   "lemming",    "kumquat",
};

struct subject_data {
	int64_t id, other, t1, t2;
};

/* The customer under test (id 5 after populate(40): shares FTS partition 5
 * with customer 37, whose text must stay searchable). */
static void make_subject(struct subject_data *d)
{
	dk_time at = now - 30 * 86400;
	d->id = customer("Wilhelmina Zorkowski", "wilhelmina.zorkowski@quillmail.test", "DE", at);
	d->t1 = ticket(d->id, "Vexillology petunia invoice", "question",
		       "Hello, my quokka marmalade arrived hyperbolic. Regards, Wilhelmina", at);
	ck_assert_int_eq(desk_ticket_note(ws, d->t1, "Caller mentioned dermatoglyphics and a saxophone", 0, at, NULL),
			 0);
	ck_assert_int_eq(desk_ticket_reply(ws, d->t1, "Dear Wilhelmina Zorkowski, sorry about the marmalade.", 0, 0,
					   at, NULL),
			 0);
	ck_assert_int_eq(desk_ticket_inbound(ws, d->t1, "Second mail from the trombonist", at + 60, NULL), 0);
	ck_assert_int_eq(desk_ticket_event(ws, d->t1, "clock-paused", "waiting for the ornithopter receipt", 0, at + 120),
			 0);
	d->t2 = ticket(d->id, "Data request", "data-access", "Please send me everything you hold", at);
	/* an obligation with a free-text note, an acceptance */
	ck_assert_int_eq(store_begin(ws->store), 0);
	struct obligation o = { .ticket_id = d->t2, .rule_id = xstrdup("test-access"), .rules_rev = xstrdup("abc123"),
				.started_at = at, .due_at = at + 30 * 86400, .extended_due_at = DK_TIME_NONE,
				.paused_since = DK_TIME_NONE, .met_at = at + 86400, .status = xstrdup("met"),
				.note = xstrdup("customer said gazpacho on the phone") };
	ck_assert_int_eq(store_obligation_insert(ws->store, &o), 0);
	obligation_clear(&o);
	struct acceptance a = { .customer_id = d->id, .document = xstrdup("terms-of-service"),
				.revision = xstrdup("0123456789abcdef0123456789abcdef01234567"), .accepted_at = at,
				.channel = xstrdup("web") };
	ck_assert_int_eq(store_acceptance_insert(ws->store, &a), 0);
	acceptance_clear(&a);
	ck_assert_int_eq(store_commit(ws->store), 0);
	{ /* answered: the reply met the access duties */
		struct message m = { 0 };
		ck_assert_int_eq(desk_ticket_reply(ws, d->t2, "Here is everything we hold.", 0, 0, at + 86400, &m), 0);
		struct resolve_plan plan = { .met_by = m.id };
		message_clear(&m);
		ck_assert_int_eq(desk_ticket_resolve(ws, d->t2, NULL, &plan, 0, at + 86400), 0);
	}
	/* reasons that held personal data, set and later lifted */
	ck_assert_int_eq(rights_hold(ws, d->id, 1, "kumquat litigation", at), 0);
	ck_assert_int_eq(rights_hold(ws, d->id, 0, NULL, at), 0);
	ck_assert_int_eq(rights_restrict(ws, d->id, 1, "asked by the lemming", at), 0);
}

/* ---- erasure */

START_TEST(test_erase_leaves_no_copy_in_db_wal_index_or_export)
{
	populate(4, now - 200 * 86400);
	struct subject_data d;
	make_subject(&d);
	ck_assert_int_eq(d.id, 5);
	populate(36, now - 200 * 86400); /* customers 6..41: 37 shares partition 5 */
	int64_t other = 37;
	unsigned seed = 7;
	char *ob = filler(&seed, 10);
	int64_t other_t = ticket(other, "Zebrafinch query", "question", ob, now - 10 * 86400);
	free(ob);
	ck_assert_uint_eq(search_hits("zebrafinch"), 1);
	/* the scan sees them before (kumquat's reason was cleared already) */
	for (size_t i = 0; i < ARRAY_SIZE(secret_words); i++)
		if (strcmp(secret_words[i], "kumquat"))
			ck_assert_msg(raw_hits(secret_words[i]) > 0, "%s not in the files before erasure",
				      secret_words[i]);
	ck_assert_uint_eq(search_hits("quokka"), 1);
	ck_assert_uint_eq(search_hits("vexillology"), 1);

	int64_t events_before = raw_int("SELECT count(*) FROM events WHERE ticket_id IN (%lld, %lld)",
					(long long)d.t1, (long long)d.t2);
	int64_t bad, rows;
	struct erase_result res;
	int rc = rights_erase(ws, d.id, "Art 17 request, ticket 2", now, &res);
	if (rc)
		ck_abort_msg("erase: %s", err_msg());
	ck_assert_int_eq(res.scrub_complete, 1);
	ck_assert_int_eq(res.counts.tickets, 2);
	ck_assert_int_eq(res.counts.messages, 6); /* with the reply that met the access duty */
	ck_assert_int_eq(res.counts.notes, 1);
	ck_assert_int_eq(res.counts.authors, 3);
	/* the clock-paused detail and the test obligation's note at least
	 * (the rule engine may add its own) */
	ck_assert_int_ge(res.counts.events, 1);
	ck_assert_int_ge(res.counts.obligation_notes, 1);
	ck_assert_int_eq(res.counts.kept_acceptances, 1);

	/* no byte of it anywhere: database, WAL, shared memory */
	for (size_t i = 0; i < ARRAY_SIZE(secret_words); i++)
		ck_assert_msg(raw_hits(secret_words[i]) == 0, "%s still in the database files", secret_words[i]);
	/* not findable */
	for (size_t i = 0; i < ARRAY_SIZE(secret_words); i++)
		ck_assert_msg(search_hits(secret_words[i]) == 0, "search still finds %s", secret_words[i]);
	/* the partition's other documents are still indexed */
	ck_assert_uint_eq(search_hits("zebrafinch"), 1);
	int64_t *ids;
	size_t n;
	ck_assert_int_eq(store_search(ws->store, "zebrafinch", 0, 10, &ids, &n), 0);
	ck_assert_int_eq(ids[0], other_t);
	free(ids);
	/* not in the export */
	json_t *doc;
	ck_assert_int_eq(rights_export_json(ws, d.id, RIGHTS_TO_SUBJECT, now, &doc, NULL), 0);
	char *text = json_dumps(doc, 0);
	json_decref(doc);
	for (size_t i = 0; i < ARRAY_SIZE(secret_words); i++)
		ck_assert_msg(!strcasestr_ascii(text, secret_words[i]), "export still has %s", secret_words[i]);
	free(text);
	/* the chain still verifies; one row for the erasure, with counts only */
	ck_assert_int_eq(audit_verify(ws->store, &bad, &rows), 0);
	struct audit_row *ar;
	size_t na;
	ck_assert_int_eq(store_audit_list(ws->store, "customer:5", 1, 1, &ar, &na), 0);
	ck_assert_uint_eq(na, 1);
	ck_assert_str_eq(ar[0].action, "customer.erase");
	ck_assert_ptr_nonnull(strstr(ar[0].detail, "tickets=2 messages=6"));
	ck_assert_ptr_null(strstr(ar[0].detail, "Art 17"));
	audit_rows_free(ar, na);
	/* evidence stays, anonymised */
	ck_assert_int_eq(raw_int("SELECT count(*) FROM customers WHERE id = 5 AND name IS NULL AND email IS NULL"
				 " AND erased_at = %lld AND jurisdiction = 'DE'",
				 (long long)now),
			 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM tickets WHERE customer_id = 5 AND subject = '[erased]'"), 2);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM tickets WHERE id = %lld AND kind = 'data-access'"
				 " AND status = 'resolved'",
				 (long long)d.t2),
			 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM messages WHERE ticket_id IN (%lld, %lld)", (long long)d.t1,
				 (long long)d.t2),
			 6);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM events WHERE ticket_id IN (%lld, %lld)", (long long)d.t1,
				 (long long)d.t2),
			 events_before + 2);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM events WHERE ticket_id = %lld AND type = 'clock-paused'"
				 " AND detail IS NULL",
				 (long long)d.t1),
			 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM obligations WHERE ticket_id = %lld AND status = 'met'"
				 " AND rule_id = 'test-access' AND note IS NULL",
				 (long long)d.t2),
			 1);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM acceptances WHERE customer_id = 5"
				 " AND revision = '0123456789abcdef0123456789abcdef01234567'"),
			 1);
	/* other customers untouched */
	ck_assert_int_eq(raw_int("SELECT count(*) FROM customers WHERE erased_at IS NOT NULL"), 1);
	/* a second erasure is refused */
	ck_assert_int_eq(rights_erase(ws, d.id, NULL, now, NULL), DK_EPERM);
	ck_assert_ptr_nonnull(strstr(err_msg(), "already erased"));
}
END_TEST

START_TEST(test_erase_refused_under_hold_or_open_complaint_changes_nothing)
{
	populate(3, now - 100 * 86400);
	int64_t c = customer("Held Person", "held@example.net", "GB", now - 50 * 86400);
	int64_t t = ticket(c, "Complaint about service", "complaint", "This is a complaint", now - 40 * 86400);
	char before[SHA256_HEX_LEN + 1], after[SHA256_HEX_LEN + 1];

	/* open complaint */
	db_digest(before);
	ck_assert_int_eq(rights_erase(ws, c, NULL, now, NULL), DK_EPERM);
	ck_assert_ptr_nonnull(strstr(err_msg(), "open breach or complaint on ticket"));
	db_digest(after);
	ck_assert_str_eq(before, after);

	/* preview says so too, with the ticket */
	struct erase_preview p;
	ck_assert_int_eq(rights_erase_preview(ws, c, &p), 0);
	ck_assert_int_eq(p.blocked, 1);
	ck_assert_uint_eq(p.nblocking, 1);
	ck_assert_int_eq(p.blocking_tickets[0], t);
	ck_assert_int_eq(p.counts.tickets, 1);
	ck_assert_int_eq(p.counts.messages, 1);
	erase_preview_clear(&p);

	/* closed complaint, but an obligation still open */
	{ /* its own duties met by the final response */
		struct message m = { 0 };
		ck_assert_int_eq(desk_ticket_reply(ws, t, "Our final response.", 0, 0, now - 10, &m), 0);
		struct resolve_plan plan = { .met_by = m.id };
		message_clear(&m);
		ck_assert_int_eq(desk_ticket_resolve(ws, t, NULL, &plan, 0, now - 10), 0);
	}
	ck_assert_int_eq(desk_ticket_set(ws, t, "status", "closed", 0, now - 10), 0);
	ck_assert_int_eq(store_begin(ws->store), 0);
	struct obligation o = { .ticket_id = t, .rule_id = xstrdup("fca-complaint"), .started_at = now - 40 * 86400,
				.due_at = now + 86400, .extended_due_at = DK_TIME_NONE, .paused_since = DK_TIME_NONE,
				.met_at = DK_TIME_NONE, .status = xstrdup("open") };
	ck_assert_int_eq(store_obligation_insert(ws->store, &o), 0);
	ck_assert_int_eq(store_commit(ws->store), 0);
	db_digest(before);
	ck_assert_int_eq(rights_erase(ws, c, NULL, now, NULL), DK_EPERM);
	db_digest(after);
	ck_assert_str_eq(before, after);

	/* legal hold */
	free(o.status);
	o.status = xstrdup("met");
	o.met_at = now - 5;
	ck_assert_int_eq(store_begin(ws->store), 0);
	ck_assert_int_eq(store_obligation_update(ws->store, &o), 0);
	ck_assert_int_eq(store_commit(ws->store), 0);
	obligation_clear(&o);
	ck_assert_int_eq(rights_hold(ws, c, 1, "litigation 2026-17", now), 0);
	db_digest(before);
	ck_assert_int_eq(rights_erase(ws, c, NULL, now, NULL), DK_EPERM);
	ck_assert_ptr_nonnull(strstr(err_msg(), "legal hold (litigation 2026-17)"));
	db_digest(after);
	ck_assert_str_eq(before, after);
	/* hold needs a reason */
	ck_assert_int_eq(rights_hold(ws, c, 1, NULL, now), DK_EUSAGE);

	/* lifted: now it goes through */
	ck_assert_int_eq(rights_hold(ws, c, 0, NULL, now), 0);
	ck_assert_int_eq(rights_erase(ws, c, NULL, now, NULL), 0);
	ck_assert_int_eq(raw_hits("held@example.net"), 0);
}
END_TEST

START_TEST(test_erase_and_hold_need_legal_role)
{
	int64_t c = customer("Role Test", "role@example.net", "FR", now - 50 * 86400);
	ck_assert_int_eq(desk_agent_add(ws, "agentsmith", "agent", now), 0);
	char *wsdir = xasprintf("%s/ws", dir);
	struct workspace *agent;
	ck_assert_int_eq(ws_open(wsdir, "agentsmith", &agent), 0);
	free(wsdir);
	char before[SHA256_HEX_LEN + 1], after[SHA256_HEX_LEN + 1];
	db_digest(before);
	ck_assert_int_eq(rights_erase(agent, c, NULL, now, NULL), DK_EPERM);
	ck_assert_ptr_nonnull(strstr(err_msg(), "needs the legal or admin role"));
	ck_assert_int_eq(rights_hold(agent, c, 1, "x", now), DK_EPERM);
	ck_assert_int_eq(rights_restrict(agent, c, 0, NULL, now), DK_EPERM);
	ck_assert_int_eq(rights_retention_run(agent, now, 0, &(struct retention_report){ 0 }), DK_EPERM);
	db_digest(after);
	ck_assert_str_eq(before, after);
	/* an agent may restrict, rectify, export */
	ck_assert_int_eq(rights_restrict(agent, c, 1, "Art 18 request", now), 0);
	ck_assert_int_eq(rights_rectify(agent, c, "name", "Role Tested", now, NULL), 0);
	char *text;
	ck_assert_int_eq(rights_export(agent, c, RIGHTS_TO_SUBJECT, now, &text, NULL), 0);
	free(text);
	ws_close(agent);
}
END_TEST

START_TEST(test_erase_scrub_pending_while_a_reader_holds_the_wal)
{
	populate(2, now - 100 * 86400);
	int64_t c = customer("Pending Pangolin", "pangolin@example.net", "DE", now - 50 * 86400);
	ticket(c, "Pangolin subject", "question", "capybara words here", now - 40 * 86400);
	/* another session in the middle of a read */
	sqlite3 *reader = raw_open();
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_exec(reader, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(reader, "SELECT count(*) FROM messages", -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	struct erase_result res;
	ck_assert_int_eq(rights_erase(ws, c, NULL, now, &res), 0);
	ck_assert_int_eq(res.scrub_complete, 0);
	char *mark = NULL;
	ck_assert_int_eq(store_meta_get(ws->store, "scrub_pending", &mark), 0);
	ck_assert_ptr_nonnull(mark);
	free(mark);
	sqlite3_finalize(s);
	sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(reader);
	/* the next open finishes it */
	/* the old copies are in the database file itself, not only the WAL */
	ck_assert_ptr_nonnull(strstr(res.scrub_note, "stay in docket.db and docket.db-wal until they close"));
	ck_assert_ptr_nonnull(strstr(res.scrub_note, "the next docket that opens the workspace, or a docket screen's refresh, then finishes"));
	char *wsdir = xstrdup(ws->dir);
	ws_close(ws);
	ck_assert_int_eq(ws_open(wsdir, NULL, &ws), 0);
	free(wsdir);
	ck_assert_int_eq(store_meta_get(ws->store, "scrub_pending", &mark), 0);
	ck_assert_ptr_null(mark);
	ck_assert_int_eq(raw_hits("pangolin"), 0);
	ck_assert_int_eq(raw_hits("capybara"), 0);
	/* nothing pending: a scrub is complete at once */
	struct store_scrub sc;
	ck_assert_int_eq(store_scrub(ws->store, &sc), 0);
	ck_assert_int_eq(sc.complete, 1);
	ck_assert_str_eq(sc.note, "");
}
END_TEST

/* ---- export */

/* Sorted "kind:id" keys of the export vs. of direct queries. */
static void add_key(struct buf *b, const char *kind, json_int_t id) { buf_printf(b, "%s:%lld\n", kind, (long long)id); }

static int cmp_lines(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static char *sorted(struct buf *b)
{
	char **lines = NULL;
	size_t n = 0, cap = 0;
	for (char *p = strtok(b->data ? b->data : (char[]){ 0 }, "\n"); p; p = strtok(NULL, "\n")) {
		ARRAY_GROW(lines, cap, n + 1);
		lines[n++] = p;
	}
	if (n)
		qsort(lines, n, sizeof(*lines), cmp_lines);
	struct buf o = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_printf(&o, "%s\n", lines[i]);
	free(lines);
	buf_adds(&o, "");
	return buf_detach(&o);
}

static void sql_keys(struct buf *b, sqlite3 *db, const char *kind, const char *sql, int64_t cust)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		ck_abort_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_bind_int64(s, 1, cust);
	while (sqlite3_step(s) == SQLITE_ROW)
		add_key(b, kind, sqlite3_column_int64(s, 0));
	sqlite3_finalize(s);
}

START_TEST(test_export_holds_every_row_about_the_customer)
{
	populate(3, now - 100 * 86400);
	struct subject_data d;
	make_subject(&d);
	populate(2, now - 100 * 86400);
	char *path = xasprintf("%s/export.json", dir);
	struct export_counts cnt;
	int rc = rights_export_to_file(ws, d.id, RIGHTS_TO_SUBJECT, path, now, &cnt);
	if (rc)
		ck_abort_msg("export: %s", err_msg());
	struct stat sb;
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	json_error_t jerr;
	json_t *doc = json_load_file(path, 0, &jerr);
	ck_assert_ptr_nonnull(doc);
	free(path);
	ck_assert_str_eq(json_string_value(json_object_get(doc, "format")), "docket-customer-export");
	json_t *cu = json_object_get(doc, "customer");
	ck_assert_str_eq(json_string_value(json_object_get(cu, "email")), "wilhelmina.zorkowski@quillmail.test");
	ck_assert_int_eq(json_is_true(json_object_get(cu, "restricted")), 1);
	json_t *proc = json_object_get(doc, "processing");
	ck_assert_int_gt(json_array_size(json_object_get(proc, "purposes")), 0);
	ck_assert_int_gt(json_array_size(json_object_get(proc, "recipients")), 0);
	ck_assert_ptr_nonnull(json_object_get(json_object_get(proc, "retention"), "by_ticket_kind"));

	struct buf got = BUF_INIT, want = BUF_INIT;
	size_t i, j;
	json_t *t, *x;
	json_array_foreach(json_object_get(doc, "tickets"), i, t)
	{
		add_key(&got, "ticket", json_integer_value(json_object_get(t, "id")));
		json_array_foreach(json_object_get(t, "messages"), j, x)
			add_key(&got, "message", json_integer_value(json_object_get(x, "id")));
		json_array_foreach(json_object_get(t, "events"), j, x)
			add_key(&got, "event", json_integer_value(json_object_get(x, "id")));
		json_array_foreach(json_object_get(t, "obligations"), j, x)
			add_key(&got, "obligation", json_integer_value(json_object_get(x, "id")));
	}
	json_array_foreach(json_object_get(doc, "acceptances"), i, x)
	{
		add_key(&got, "acceptance", json_integer_value(json_object_get(x, "id")));
		ck_assert_str_eq(json_string_value(json_object_get(x, "revision")),
				 "0123456789abcdef0123456789abcdef01234567");
	}
	json_array_foreach(json_object_get(doc, "audit"), i, x)
		add_key(&got, "audit", json_integer_value(json_object_get(x, "seq")));
	int found_note = 0;
	json_array_foreach(json_object_get(json_array_get(json_object_get(doc, "tickets"), 0), "messages"), i, x)
		found_note |= !strcmp(json_string_value(json_object_get(x, "direction")), "note");
	ck_assert_int_eq(found_note, 1);
	json_decref(doc);

	sqlite3 *db = raw_open();
	sql_keys(&want, db, "ticket", "SELECT id FROM tickets WHERE customer_id = ?1", d.id);
	sql_keys(&want, db, "message",
		 "SELECT id FROM messages WHERE ticket_id IN (SELECT id FROM tickets WHERE customer_id = ?1)", d.id);
	sql_keys(&want, db, "event",
		 "SELECT id FROM events WHERE ticket_id IN (SELECT id FROM tickets WHERE customer_id = ?1)", d.id);
	sql_keys(&want, db, "obligation",
		 "SELECT id FROM obligations WHERE ticket_id IN (SELECT id FROM tickets WHERE customer_id = ?1)", d.id);
	sql_keys(&want, db, "acceptance", "SELECT id FROM acceptances WHERE customer_id = ?1", d.id);
	/* audit rows about the customer, its tickets and obligations, before
	 * the export's own row */
	sql_keys(&want, db, "audit",
		 "SELECT seq FROM audit WHERE action <> 'customer.export' AND (object = 'customer:' || ?1"
		 " OR object IN (SELECT 'ticket:' || id FROM tickets WHERE customer_id = ?1)"
		 " OR object IN (SELECT 'obligation:' || o.id FROM obligations o JOIN tickets t ON t.id = o.ticket_id"
		 "   WHERE t.customer_id = ?1))",
		 d.id);
	/* the export itself is audited, with counts and a digest only */
	int64_t exports = 0;
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT detail FROM audit WHERE action = 'customer.export'", -1, &s, NULL),
			 SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *det = (const char *)sqlite3_column_text(s, 0);
		ck_assert_ptr_nonnull(strstr(det, "recipient=data-subject"));
		ck_assert_ptr_nonnull(strstr(det, cnt.sha256));
		ck_assert_ptr_null(strcasestr_ascii(det, "wilhelmina"));
		exports++;
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	ck_assert_int_eq(exports, 1);
	char *g = sorted(&got), *w = sorted(&want);
	ck_assert_str_eq(g, w);
	ck_assert_int_gt((int)strlen(w), 100);
	free(g);
	free(w);
	buf_release(&got);
	buf_release(&want);
	ck_assert_int_eq(cnt.tickets, 2);
	ck_assert_int_eq(cnt.messages, 6); /* with the reply that met the access duty */
	ck_assert_int_eq(cnt.acceptances, 1);
}
END_TEST

START_TEST(test_restricted_customer_not_exported_to_third_parties)
{
	int64_t c = customer("Restricted Rita", "rita@example.net", "DE", now - 50 * 86400);
	ck_assert_int_eq(rights_restrict(ws, c, 1, "accuracy contested", now), 0);
	char before[SHA256_HEX_LEN + 1], after[SHA256_HEX_LEN + 1];
	db_digest(before);
	char *text = NULL;
	ck_assert_int_eq(rights_export(ws, c, RIGHTS_TO_THIRD_PARTY, now, &text, NULL), DK_EPERM);
	ck_assert_ptr_null(text);
	ck_assert_ptr_nonnull(strstr(err_msg(), "restricted"));
	char *path = xasprintf("%s/x.json", dir);
	ck_assert_int_eq(rights_export_to_file(ws, c, RIGHTS_TO_THIRD_PARTY, path, now, NULL), DK_EPERM);
	ck_assert_int_ne(access(path, F_OK), 0);
	free(path);
	db_digest(after);
	ck_assert_str_eq(before, after);
	/* to the data subject: allowed */
	ck_assert_int_eq(rights_export(ws, c, RIGHTS_TO_SUBJECT, now, &text, NULL), 0);
	ck_assert_ptr_nonnull(strstr(text, "accuracy contested"));
	free(text);
	struct customer cu;
	ck_assert_int_eq(store_customer_get(ws->store, c, &cu), 0);
	ck_assert_int_eq(cu.restricted, 1);
	ck_assert_str_eq(cu.restrict_reason, "accuracy contested");
	customer_clear(&cu);
	/* lifted: reason cleared, third parties allowed */
	ck_assert_int_eq(rights_restrict(ws, c, 0, NULL, now), 0);
	ck_assert_int_eq(store_customer_get(ws->store, c, &cu), 0);
	ck_assert_int_eq(cu.restricted, 0);
	ck_assert_ptr_null(cu.restrict_reason);
	customer_clear(&cu);
	ck_assert_int_eq(rights_export(ws, c, RIGHTS_TO_THIRD_PARTY, now, &text, NULL), 0);
	free(text);
	int r;
	ck_assert_int_eq(rights_recipient_parse("third-party", &r), 0);
	ck_assert_int_eq(r, RIGHTS_TO_THIRD_PARTY);
	ck_assert_int_eq(rights_recipient_parse("press", &r), DK_EINVAL);
}
END_TEST


/* The readable copy (Art 12(1), 15): the same document as text and as
 * one HTML page; hostile text escaped; both files and one audit row, or
 * nothing at all. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	struct buf b = BUF_INIT;
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	return buf_detach(&b);
}

static int64_t export_rows(void)
{
	return raw_int("SELECT count(*) FROM audit WHERE action = 'customer.export'");
}

START_TEST(test_export_readable_copy_text_and_html)
{
	int64_t c = customer("Zoë <script>alert(1)</script>", "zoe@example.net", "FR", now - 20 * 86400);
	ticket(c, "Refund & <b>bold</b> request", "refund", "I want my money back.\nLine two \xe2\x80\xae evil \x1b[31mRed", now - 86400);
	char *text = NULL;
	/* no controller configured: the copy says so, it does not invent one */
	ck_assert_int_eq(rights_export_as(ws, c, RIGHTS_TO_SUBJECT, EXPORT_TEXT, now, &text, NULL), 0);
	ck_assert_ptr_nonnull(strstr(text, "Copy of your personal data"));
	ck_assert_ptr_nonnull(strstr(text, "not configured (processing.controller)"));
	ck_assert_ptr_nonnull(strstr(text, "    | I want my money back.\n    | Line two <U+202E> evil ^[[31mRed"));
	ck_assert_ptr_null(strchr(text, '\x1b'));
	ck_assert_ptr_nonnull(strstr(text, "Request #"));
	ck_assert_ptr_nonnull(strstr(text, "Terms you accepted"));
	free(text);

	ck_assert_int_eq(rights_export_as(ws, c, RIGHTS_TO_SUBJECT, EXPORT_HTML, now, &text, NULL), 0);
	ck_assert_int_eq(strncmp(text, "<!DOCTYPE html>", 15), 0);
	ck_assert_ptr_null(strstr(text, "<script>"));
	ck_assert_ptr_nonnull(strstr(text, "Zoë &lt;script&gt;alert(1)&lt;/script&gt;"));
	ck_assert_ptr_nonnull(strstr(text, "Line two &lt;U+202E&gt; evil ^[[31mRed"));
	ck_assert_ptr_null(strchr(text, '\x1b'));
	ck_assert_ptr_nonnull(strstr(text, "Refund &amp; &lt;b&gt;bold&lt;/b&gt; request"));
	ck_assert_ptr_null(strstr(text, "<b>"));
	ck_assert_ptr_nonnull(strstr(text, "@media print"));
	/* self-contained: nothing fetched from anywhere */
	ck_assert_ptr_null(strstr(text, "src="));
	ck_assert_ptr_null(strstr(text, "href="));
	ck_assert_ptr_null(strstr(text, "url("));
	free(text);
	ck_assert_int_eq(export_rows(), 2);

	/* JSON and HTML from one snapshot, one audit row naming both digests */
	char *js = xasprintf("%s/copy.json", dir), *ht = export_sibling_path(js, EXPORT_HTML);
	ck_assert_str_eq(ht + strlen(ht) - 10, "/copy.html");
	struct export_out outs[2] = { { .path = js, .format = EXPORT_JSON }, { .path = ht, .format = EXPORT_HTML } };
	struct export_counts cnt;
	ck_assert_int_eq(rights_export_files(ws, c, RIGHTS_TO_SUBJECT, outs, 2, now, &cnt), 0);
	ck_assert_int_eq(export_rows(), 3);
	char *jtext = slurp(js), *htext = slurp(ht);
	char dj[65], dh[65];
	sha256_hex(jtext, strlen(jtext), dj);
	sha256_hex(htext, strlen(htext), dh);
	ck_assert_str_eq(dj, cnt.sha256);
	ck_assert_str_eq(dh, outs[1].sha256);
	ck_assert_uint_eq(outs[1].bytes, strlen(htext));
	char *want = xasprintf("copies=json:%s,html:%s", dj, dh);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action = 'customer.export' AND detail LIKE '%%%s'", want),
			 1);
	free(want);
	struct stat sb;
	ck_assert_int_eq(stat(ht, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	free(jtext);
	free(htext);

	/* the second file cannot be written: the first is gone again, no row */
	unlink(js);
	unlink(ht);
	char *bad = xasprintf("%s/no-such-dir/copy.html", dir);
	outs[1].path = bad;
	char before[SHA256_HEX_LEN + 1], after[SHA256_HEX_LEN + 1];
	db_digest(before);
	ck_assert_int_ne(rights_export_files(ws, c, RIGHTS_TO_SUBJECT, outs, 2, now, NULL), 0);
	ck_assert_int_ne(access(js, F_OK), 0);
	db_digest(after);
	ck_assert_str_eq(before, after);
	/* the same file twice is a usage error */
	outs[1].path = js;
	ck_assert_int_eq(rights_export_files(ws, c, RIGHTS_TO_SUBJECT, outs, 2, now, NULL), DK_EUSAGE);
	free(bad);
	free(js);
	free(ht);

	int f;
	ck_assert_int_eq(export_format_parse("html", &f), 0);
	ck_assert_int_eq(f, EXPORT_HTML);
	ck_assert_int_eq(export_format_parse("pdf", &f), DK_EUSAGE);
	ck_assert_ptr_nonnull(strstr(err_msg(), "json, text, html"));
	ck_assert_int_eq(export_format_of_path("a/b.HTM"), EXPORT_HTML);
	ck_assert_int_eq(export_format_of_path("a.b/c"), -1);
	ck_assert_int_eq(export_format_of_path("x.txt"), EXPORT_TEXT);
}
END_TEST

/* ---- rectification */

START_TEST(test_rectify_email_updates_authors_and_audits_hashes_only)
{
	int64_t c = customer("Rex Rectify", "rex.old@example.net", "DE", now - 50 * 86400);
	int64_t t = ticket(c, "Hello", "question", "first mail", now - 40 * 86400);
	ck_assert_int_eq(rights_rectify(ws, c, "email", "rex.new@example.org", now, NULL), 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM messages WHERE ticket_id = %lld AND author = 'rex.new@example.org'",
				 (long long)t),
			 1);
	int n = -1;
	ck_assert_int_eq(rights_rectify(ws, c, "jurisdiction", "us-ca", now, &n), 0);
	ck_assert_int_eq(n, 1);
	struct customer cu;
	ck_assert_int_eq(store_customer_get(ws->store, c, &cu), 0);
	ck_assert_str_eq(cu.jurisdiction, "US-CA");
	ck_assert_str_eq(cu.email, "rex.new@example.org");
	customer_clear(&cu);
	ck_assert_int_eq(rights_rectify(ws, c, "name", "Rex Corrected", now, NULL), 0);
	/* invalid values and fields change nothing */
	char before[SHA256_HEX_LEN + 1], after[SHA256_HEX_LEN + 1];
	db_digest(before);
	ck_assert_int_eq(rights_rectify(ws, c, "email", "not-an-address", now, NULL), DK_EINVAL);
	ck_assert_int_eq(rights_rectify(ws, c, "jurisdiction", "XX", now, NULL), DK_EINVAL);
	ck_assert_int_eq(rights_rectify(ws, c, "phone", "123", now, NULL), DK_EUSAGE);
	ck_assert_int_eq(rights_rectify(ws, c, "name", "Rex Corrected", now, NULL), DK_EINVAL);
	ck_assert_int_eq(rights_rectify(ws, 999, "name", "Nobody", now, NULL), DK_ENOTFOUND);
	db_digest(after);
	ck_assert_str_eq(before, after);
	/* audit: field names and hashes, never the values of personal fields;
	 * the jurisdiction code is not personal data, and its row says what
	 * it was and is (issue 12 item 8), no other row has it */
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action = 'customer.rectify'"), 3);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE detail LIKE '%%rex%%' OR detail LIKE '%%example%%'"),
			 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE detail LIKE '%%US-CA%%'"
				 " AND NOT (action = 'customer.rectify' AND detail LIKE 'field=jurisdiction %%'"
				 " AND detail LIKE '%% old=DE new=US-CA')"),
			 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE detail LIKE 'field=jurisdiction %% old=DE new=US-CA'"),
			 1);
	char h[SHA256_HEX_LEN + 1];
	sha256_hex("rex.new@example.org", strlen("rex.new@example.org"), h);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action = 'customer.rectify'"
				 " AND detail LIKE 'field=email %%new_sha256=%s%%'",
				 h),
			 1);
}
END_TEST

/* ---- retention */

START_TEST(test_retention_periods_count_calendar_months)
{
	int n;
	char u;
	dk_time t;
	char out[DK_TIME_BUFSZ];
	ck_assert_int_eq(rights_period_parse("3y", &n, &u), 0);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(u, 'y');
	ck_assert_int_eq(rights_period_parse("never", &n, &u), 0);
	ck_assert_int_eq(u, 0);
	ck_assert_int_eq(rights_period_parse("3x", &n, &u), DK_EINVAL);
	ck_assert_int_eq(rights_period_parse("y", &n, &u), DK_EINVAL);
	ck_assert_int_eq(rights_period_parse("-3y", &n, &u), DK_EINVAL);
	ck_assert_int_eq(dk_time_parse("2026-03-31T10:00:00Z", NULL, &t), 0);
	ck_assert_str_eq(dk_time_format(rights_period_cutoff(1, 'm', t), out), "2026-02-28T10:00:00Z");
	ck_assert_str_eq(dk_time_format(rights_period_cutoff(3, 'y', t), out), "2023-03-31T10:00:00Z");
	ck_assert_str_eq(dk_time_format(rights_period_cutoff(14, 'm', t), out), "2025-01-31T10:00:00Z");
	ck_assert_str_eq(dk_time_format(rights_period_cutoff(90, 'd', t), out), "2025-12-31T10:00:00Z");
	ck_assert_int_eq(dk_time_parse("2028-02-29T00:00:00Z", NULL, &t), 0);
	ck_assert_str_eq(dk_time_format(rights_period_cutoff(1, 'y', t), out), "2027-02-28T00:00:00Z");
	ck_assert(rights_period_cutoff(0, 0, t) == DK_TIME_NONE);
	ck_assert_str_eq(rights_retention_default("complaint"), "6y");
	ck_assert_str_eq(rights_retention_setting(ws, "question"), "3y");
}
END_TEST

START_TEST(test_retention_anonymises_old_closed_tickets_and_skips_held)
{
	dk_time old = now - 4 * 366 * 86400;
	int64_t a = customer("Old Question", "oldq@example.net", "DE", old);
	int64_t b = customer("Held Customer", "heldc@example.net", "DE", old);
	int64_t ta = ticket(a, "Ancient okapi subject", "question", "okapi body text", old);
	int64_t tb = ticket(b, "Held walrus subject", "question", "walrus body text", old);
	int64_t tc = ticket(a, "Recent narwhal", "question", "narwhal body", now - 86400);
	int64_t td = ticket(a, "Open old axolotl", "question", "axolotl body", old);
	int64_t te = ticket(a, "Old complaint jackal", "complaint", "jackal body", old);
	ck_assert_int_eq(desk_ticket_set(ws, ta, "status", "closed", 0, old + 86400), 0);
	ck_assert_int_eq(desk_ticket_set(ws, tb, "status", "resolved", 0, old + 86400), 0);
	ck_assert_int_eq(desk_ticket_set(ws, tc, "status", "closed", 0, now - 3600), 0);
	{ /* answered: the final response met its duties */
		struct message m = { 0 };
		ck_assert_int_eq(desk_ticket_reply(ws, te, "Our final response.", 0, 0, old + 86400, &m), 0);
		struct resolve_plan plan = { .met_by = m.id };
		message_clear(&m);
		ck_assert_int_eq(desk_ticket_resolve(ws, te, NULL, &plan, 0, old + 86400), 0);
	}
	ck_assert_int_eq(desk_ticket_set(ws, te, "status", "closed", 0, old + 86400), 0);
	ck_assert_int_eq(rights_hold(ws, b, 1, "dispute", now), 0);
	(void)td;

	struct retention_report r;
	char before[SHA256_HEX_LEN + 1], after[SHA256_HEX_LEN + 1];
	db_digest(before);
	ck_assert_int_eq(rights_retention_run(ws, now, 1, &r), 0);
	db_digest(after);
	ck_assert_str_eq(before, after);
	ck_assert_int_eq(r.tickets, 1);
	ck_assert_int_eq(r.held, 1);
	retention_report_clear(&r);

	ck_assert_int_eq(rights_retention_run(ws, now, 0, &r), 0);
	ck_assert_int_eq(r.tickets, 1);
	ck_assert_int_eq(r.messages, 1);
	ck_assert_int_eq(r.held, 1);
	ck_assert_int_eq(r.partitions, 1);
	ck_assert_int_eq(r.scrub_complete, 1);
	int found = 0;
	for (size_t i = 0; i < r.nkinds; i++)
		if (!strcmp(r.kinds[i].kind, "question")) {
			ck_assert_int_eq(r.kinds[i].tickets, 1);
			found = 1;
		}
	ck_assert_int_eq(found, 1);
	json_t *j = retention_report_json(&r);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "tickets")), 1);
	json_decref(j);
	retention_report_clear(&r);
	ck_assert_int_eq(raw_hits("okapi"), 0);
	ck_assert_uint_eq(search_hits("okapi"), 0);
	ck_assert_uint_eq(search_hits("walrus"), 1);
	ck_assert_uint_eq(search_hits("narwhal"), 1);
	ck_assert_uint_eq(search_hits("axolotl"), 1);
	ck_assert_uint_eq(search_hits("jackal"), 1);
	/* the customer record stays; a second run finds nothing */
	ck_assert_int_eq(raw_int("SELECT count(*) FROM customers WHERE id = %lld AND name = 'Old Question'", (long long)a),
			 1);
	ck_assert_int_eq(rights_retention_run(ws, now, 0, &r), 0);
	ck_assert_int_eq(r.tickets, 0);
	retention_report_clear(&r);
	int64_t bad, rows;
	ck_assert_int_eq(audit_verify(ws->store, &bad, &rows), 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit WHERE action = 'retention.run'"), 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rights");
	TCase *tc = tcase_create("rights");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_erase_leaves_no_copy_in_db_wal_index_or_export);
	tcase_add_test(tc, test_erase_refused_under_hold_or_open_complaint_changes_nothing);
	tcase_add_test(tc, test_erase_and_hold_need_legal_role);
	tcase_add_test(tc, test_erase_scrub_pending_while_a_reader_holds_the_wal);
	tcase_add_test(tc, test_export_holds_every_row_about_the_customer);
	tcase_add_test(tc, test_restricted_customer_not_exported_to_third_parties);
	tcase_add_test(tc, test_export_readable_copy_text_and_html);
	tcase_add_test(tc, test_rectify_email_updates_authors_and_audits_hashes_only);
	tcase_add_test(tc, test_retention_periods_count_calendar_months);
	tcase_add_test(tc, test_retention_anonymises_old_closed_tickets_and_skips_held);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
