/* erase.c - anonymisation on SQLite: scrub the rows, rebuild the FTS
 * partitions that held the erased words, truncate the WAL.
 *
 * Why a rebuild: the FTS5 index is contentless and SQLite 3.40 has no
 * FTS5 secure-delete, so a deleted document's tokens stay in the index
 * segments until they are merged. Each customer's text lives in FTS
 * partition customer_id % FTS_PARTS; erasing rebuilds only that one
 * partition ('delete-all', then re-insert its remaining documents; a
 * customer's at once, a retention run's at commit). secure_delete is on
 * for every connection, so freed pages and cells are zeroed;
 * store_scrub() then truncates the WAL so no old page image survives
 * there either. */
#include "data/sqlite/sqlite_impl.h"
#include "data/store_letters.h"
#include "data/store_mail.h"

#include "lib/err.h"
#include "model/model.h"
#include "lib/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Event details docket writes itself and that hold no free text: the
 * channel of "received", the kind of "classified", "automated" on
 * "replied" (short lower-case tokens), and our own ERASE_EVENT rows.
 * Every other detail may hold what an agent typed, so it is scrubbed. */
#define EVENT_DETAIL_KEPT                                                                     \
	"(type = '" ERASE_EVENT "' OR (type IN ('received', 'classified', 'replied')"          \
	" AND length(detail) <= 32 AND detail NOT GLOB '*[^a-z0-9-]*'))"

/* ---- previews */

int store_erase_ticket_preview(struct store *st, int64_t ticket_id, struct erase_counts *acc)
{
	sqlite3_stmt *s =
		q(st, "SELECT"
		      " (SELECT count(*) FROM messages WHERE ticket_id = ?1 AND body <> '" ERASED_TEXT "'),"
		      " (SELECT count(*) FROM messages WHERE ticket_id = ?1 AND body <> '" ERASED_TEXT "'"
		      "   AND direction = 'note'),"
		      " (SELECT count(*) FROM messages WHERE ticket_id = ?1 AND direction = 'in' AND author IS NOT NULL),"
		      " (SELECT count(*) FROM events WHERE ticket_id = ?1 AND detail IS NOT NULL"
		      "   AND NOT " EVENT_DETAIL_KEPT "),"
		      " (SELECT count(*) FROM obligations WHERE ticket_id = ?1 AND note IS NOT NULL),"
		      " (SELECT count(*) FROM events WHERE ticket_id = ?1),"
		      " (SELECT count(*) FROM obligations WHERE ticket_id = ?1)");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		int rc = db_err(st, "erase");
		sqlite3_reset(s);
		return rc;
	}
	acc->tickets++;
	acc->messages += sqlite3_column_int64(s, 0);
	acc->notes += sqlite3_column_int64(s, 1);
	acc->authors += sqlite3_column_int64(s, 2);
	acc->events += sqlite3_column_int64(s, 3);
	acc->obligation_notes += sqlite3_column_int64(s, 4);
	acc->kept_events += sqlite3_column_int64(s, 5);
	acc->kept_obligations += sqlite3_column_int64(s, 6);
	sqlite3_reset(s);
	return 0;
}

/* The customer's ticket ids, ascending (caller frees). */
static int customer_tickets(struct store *st, int64_t customer_id, int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	sqlite3_stmt *s = q(st, "SELECT id FROM tickets WHERE customer_id = ?1 ORDER BY id");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, customer_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ARRAY_GROW(*ids, cap, *n + 1);
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return db_err(st, "erase");
	}
	return 0;
}

static int count_acceptances(struct store *st, int64_t customer_id, int64_t *n)
{
	sqlite3_stmt *s = q(st, "SELECT count(*) FROM acceptances WHERE customer_id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, customer_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : db_err(st, "erase");
}

static int customer_exists(struct store *st, int64_t customer_id, int *pending_fields)
{
	sqlite3_stmt *s = q(st, "SELECT (name IS NOT NULL) + (email IS NOT NULL) + (hold_reason IS NOT NULL)"
				" + (restrict_reason IS NOT NULL) FROM customers WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, customer_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*pending_fields = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return err_set(DK_ENOTFOUND, "customer %lld: no such customer", (long long)customer_id);
	return rc == SQLITE_ROW ? 0 : db_err(st, "erase");
}

int store_erase_customer_preview(struct store *st, int64_t customer_id, struct erase_counts *out)
{
	memset(out, 0, sizeof(*out));
	int fields = 0;
	int rc = customer_exists(st, customer_id, &fields);
	if (rc)
		return rc;
	out->customers = fields > 0;
	int64_t *ids;
	size_t n;
	if ((rc = customer_tickets(st, customer_id, &ids, &n)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++)
		rc = store_erase_ticket_preview(st, ids[i], out);
	free(ids);
	if (!rc)
		rc = count_acceptances(st, customer_id, &out->kept_acceptances);
	out->index_part = store_fts_partition(customer_id);
	out->index_parts = 1;
	return rc;
}

/* ---- scrubbing */

static int update_ticket(struct store *st, const char *sql, int64_t ticket_id, const char *what)
{
	sqlite3_stmt *s = q(st, sql);
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	return step_done(st, s, what);
}

static int secure_delete_check(struct store *st);

/* The ticket's customer, for its FTS partition. */
static int ticket_customer(struct store *st, int64_t ticket_id, int64_t *customer_id)
{
	sqlite3_stmt *s = q(st, "SELECT customer_id FROM tickets WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*customer_id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return err_set(DK_ENOTFOUND, "ticket %lld: no such ticket", (long long)ticket_id);
	return rc == SQLITE_ROW ? 0 : db_err(st, "erase");
}

int store_erase_ticket(struct store *st, int64_t ticket_id, dk_time at, const char *actor,
		       const char *event_detail, struct erase_counts *acc)
{
	STORE_WRITE(st);
	int64_t cust = 0;
	/* the scrub is pending from the erasure's own transaction: a kill
	 * before the scrub leaves the mark, and the next open finishes it */
	int rc = secure_delete_check(st);
	if (!rc)
		rc = sqlite_scrub_mark(st);
	if (rc || (rc = ticket_customer(st, ticket_id, &cust)) ||
	    (rc = store_erase_ticket_preview(st, ticket_id, acc)))
		return rc;
	int part = store_fts_partition(cust);
	if (!st->fts_dirty[part]) {
		st->fts_dirty[part] = 1;
		acc->index_parts++;
	}
	if ((rc = update_ticket(st, "UPDATE tickets SET subject = '" ERASED_TEXT "' WHERE id = ?1", ticket_id,
				"erase ticket")) ||
	    (rc = update_ticket(st,
				"UPDATE messages SET body = '" ERASED_TEXT "',"
				" author = CASE WHEN direction = 'in' THEN NULL ELSE author END"
				" WHERE ticket_id = ?1 AND (body <> '" ERASED_TEXT "'"
				"   OR (direction = 'in' AND author IS NOT NULL))",
				ticket_id, "erase messages")) ||
	    (rc = update_ticket(st,
				"UPDATE events SET detail = NULL WHERE ticket_id = ?1 AND detail IS NOT NULL"
				" AND NOT " EVENT_DETAIL_KEPT,
				ticket_id, "erase events")) ||
	    (rc = update_ticket(st, "UPDATE obligations SET note = NULL WHERE ticket_id = ?1 AND note IS NOT NULL",
				ticket_id, "erase obligations")) ||
	    (rc = store_mail_erase_ticket(st, ticket_id, NULL)))
		return rc;
	sqlite3_stmt *s = q(st, "INSERT INTO events(ticket_id, at, type, actor, detail) VALUES(?1, ?2, '" ERASE_EVENT
				"', ?3, ?4)");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	sqlite3_bind_int64(s, 2, at);
	sqlite3_bind_text(s, 3, actor ? actor : "docket", -1, SQLITE_TRANSIENT);
	if (event_detail)
		sqlite3_bind_text(s, 4, event_detail, -1, SQLITE_TRANSIENT);
	return step_done(st, s, "erase event");
}

int store_erase_customer(struct store *st, int64_t customer_id, dk_time at, const char *actor,
			 const char *event_detail, struct erase_counts *out)
{
	STORE_WRITE(st);
	memset(out, 0, sizeof(*out));
	int fields = 0;
	int rc = secure_delete_check(st);
	if (!rc)
		rc = sqlite_scrub_mark(st); /* cleared only once the scrub is complete */
	if (rc || (rc = customer_exists(st, customer_id, &fields)))
		return rc;
	int64_t *ids;
	size_t n;
	if ((rc = customer_tickets(st, customer_id, &ids, &n)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++)
		rc = store_erase_ticket(st, ids[i], at, actor, event_detail, out);
	free(ids);
	if (rc || (rc = store_letters_erase_customer(st, customer_id)) ||
	    (rc = count_acceptances(st, customer_id, &out->kept_acceptances)))
		return rc;
	sqlite3_stmt *s = q(st, "UPDATE customers SET name = NULL, email = NULL, hold_reason = NULL,"
				" restrict_reason = NULL, legal_hold = 0, erased_at = ?2 WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, customer_id);
	sqlite3_bind_int64(s, 2, at);
	if ((rc = step_done(st, s, "erase customer")))
		return rc;
	out->customers = 1;
	int64_t docs = 0;
	int part = store_fts_partition(customer_id);
	if ((rc = store_fts_rebuild(st, part, &docs)))
		return rc;
	st->fts_dirty[part] = 0; /* rebuilt now, with every ticket of the customer */
	out->index_part = part;
	out->index_parts = 1;
	out->index_docs = docs;
	return 0;
}

/* ---- retention */

int store_retention_candidates(struct store *st, const char *kind, dk_time cutoff, int64_t **ids,
			       int64_t **customers, size_t *n, int64_t *held)
{
	*ids = NULL;
	if (customers)
		*customers = NULL;
	*n = 0;
	*held = 0;
	sqlite3_stmt *s = q(st, "SELECT t.id, t.customer_id, c.legal_hold FROM tickets t"
				" JOIN customers c ON c.id = t.customer_id"
				" WHERE t.kind = ?1 AND t.status IN ('resolved', 'closed') AND t.updated_at < ?2"
				" AND c.erased_at IS NULL"
				" AND NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id"
				"   AND e.type = '" ERASE_EVENT "')"
				" ORDER BY t.id");
	if (!s)
		return DK_EIO;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, cutoff);
	size_t cap = 0, ccap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sqlite3_column_int(s, 2)) {
			(*held)++;
			continue;
		}
		ARRAY_GROW(*ids, cap, *n + 1);
		(*ids)[*n] = sqlite3_column_int64(s, 0);
		if (customers) {
			ARRAY_GROW(*customers, ccap, *n + 1);
			(*customers)[*n] = sqlite3_column_int64(s, 1);
		}
		(*n)++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		if (customers) {
			free(*customers);
			*customers = NULL;
		}
		*n = 0;
		return db_err(st, "retention");
	}
	return 0;
}

/* ---- secure delete and the WAL */

static int pragma_int(struct store *st, const char *sql, int *out)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_err(st, "secure delete");
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : db_err(st, "secure delete");
}

static int secure_delete_check(struct store *st)
{
	int v = 0;
	int rc = pragma_int(st, "PRAGMA secure_delete", &v);
	if (rc)
		return rc;
	if (v == 1)
		return 0;
	/* 0 (off) or 2 (FAST, which leaves freed pages alone): turn it fully on. */
	if ((rc = pragma_int(st, "PRAGMA secure_delete = 1", &v)))
		return rc;
	if (v != 1)
		return err_set(DK_EIO, "erase: SQLite refused PRAGMA secure_delete; nothing was erased");
	return 0;
}

/* ---- rectification */

int store_rectify_authors(struct store *st, int64_t customer_id, const char *old_email, const char *new_email,
			  int64_t *n)
{
	STORE_WRITE(st);
	if (n)
		*n = 0;
	sqlite3_stmt *s = q(st, "UPDATE messages SET author = ?3 WHERE direction = 'in' AND author = ?2"
				" AND ticket_id IN (SELECT id FROM tickets WHERE customer_id = ?1)");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, customer_id);
	sqlite3_bind_text(s, 2, old_email ? old_email : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, new_email, -1, SQLITE_TRANSIENT);
	int rc = step_done(st, s, "rectify");
	if (!rc && n)
		*n = sqlite3_changes(st->db);
	return rc;
}

/* ---- what was done, in words */

void store_erase_note(struct store *st, const struct erase_counts *c, enum erase_note what, char *buf,
		      size_t len)
{
	(void)st;
	switch (what) {
	case ERASE_NOTE_PREVIEW:
		snprintf(buf, len, "rebuild search partition %d", c->index_part);
		break;
	case ERASE_NOTE_CUSTOMER:
		snprintf(buf, len, "search partition %d rebuilt (%lld %s)", c->index_part, (long long)c->index_docs,
			 c->index_docs == 1 ? "document" : "documents");
		break;
	case ERASE_NOTE_TICKETS:
		snprintf(buf, len, "%lld search %s rebuilt", (long long)c->index_parts,
			 c->index_parts == 1 ? "partition" : "partitions");
		break;
	case ERASE_NOTE_AUDIT:
		snprintf(buf, len, "fts_partition=%d fts_docs=%lld", c->index_part, (long long)c->index_docs);
		break;
	}
}

/* ---- the scrub after the commit */

int store_scrub(struct store *st, struct store_scrub *out)
{
	memset(out, 0, sizeof(*out));
	int rc = sqlite_scrub_wal(st, &out->complete);
	if (rc)
		out->complete = 0;
	if (!out->complete)
		snprintf(out->note, sizeof(out->note),
			 "other docket sessions are reading the workspace: old copies of the erased data stay in"
			 " %s and %s-wal until they close; the next docket that opens the workspace then finishes"
			 " the scrub",
			 strrchr(st->path, '/') ? strrchr(st->path, '/') + 1 : st->path,
			 strrchr(st->path, '/') ? strrchr(st->path, '/') + 1 : st->path);
	return rc;
}
