/* search.c - full-text search: the FTS5 partitions, indexing a message,
 * rebuilding a partition, and turning a user's words into a query that is
 * never a syntax error. */
#include "data/sqlite/sqlite_impl.h"

#include "lib/buf.h"
#include "lib/err.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- full-text index */

static const char *fts_insert_sql[FTS_PARTS];

static int fts_insert(struct store *st, int64_t customer_id, int64_t rowid, const char *subject, const char *body);

int store_fts_index(struct store *st, int64_t customer_id, int64_t rowid, const char *subject,
		     const char *body)
{
	if (!st->batch)
		return fts_insert(st, customer_id, rowid, subject, body);
	/* a batch: indexed in bulk when it commits */
	ARRAY_GROW(st->fts_pend, st->fts_cappend, st->fts_npend + 1);
	struct fts_doc *d = &st->fts_pend[st->fts_npend++];
	d->customer_id = customer_id;
	d->rowid = rowid;
	d->subject = subject ? xstrdup(subject) : NULL;
	d->body = body ? xstrdup(body) : NULL;
	return 0;
}

void store_fts_drop(struct store *st, size_t keep)
{
	for (size_t i = keep; i < st->fts_npend; i++) {
		free(st->fts_pend[i].subject);
		free(st->fts_pend[i].body);
	}
	if (keep < st->fts_npend)
		st->fts_npend = keep;
}

/* partition, then rowid: each partition's documents in one run */
static int doc_order(const void *a, const void *b)
{
	const struct fts_doc *x = a, *y = b;
	int px = store_fts_partition(x->customer_id), py = store_fts_partition(y->customer_id);
	if (px != py)
		return px < py ? -1 : 1;
	return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

int store_fts_flush(struct store *st)
{
	int rc = 0;
	if (st->fts_npend > 1)
		qsort(st->fts_pend, st->fts_npend, sizeof(*st->fts_pend), doc_order);
	for (size_t i = 0; i < st->fts_npend && !rc; i++)
		rc = fts_insert(st, st->fts_pend[i].customer_id, st->fts_pend[i].rowid, st->fts_pend[i].subject,
				st->fts_pend[i].body);
	if (!rc)
		store_fts_drop(st, 0);
	return rc;
}

static int fts_insert(struct store *st, int64_t customer_id, int64_t rowid, const char *subject, const char *body)
{
	int part = store_fts_partition(customer_id);
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

int store_fts_partition(int64_t customer_id)
{
	int64_t p = customer_id % FTS_PARTS;
	return (int)(p < 0 ? -p : p);
}

/* ---- full-text partitions */

int store_fts_rebuild(struct store *st, int part, int64_t *docs)
{
	if (docs)
		*docs = 0;
	if (part < 0 || part >= FTS_PARTS)
		return err_set(DK_EINVAL, "search index: no partition %d", part);
	/* in a batch (erasures do not run in one): what waits is indexed
	 * first, so that the rebuild is the last word */
	if (st->batch && st->fts_npend) {
		int frc = store_fts_flush(st);
		if (frc)
			return frc;
		st->fts_mark = 0;
	}
	char sql[160];
	snprintf(sql, sizeof(sql), "INSERT INTO fts_%d(fts_%d) VALUES('delete-all')", part, part);
	int rc = exec(st, sql, "search index rebuild");
	if (rc)
		return rc;
	snprintf(sql, sizeof(sql), "INSERT INTO fts_%d(rowid, subject, body) VALUES(?1, ?2, ?3)", part);
	sqlite3_stmt *ins = NULL, *sel = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db,
			       "SELECT m.id,"
			       " CASE WHEN t.subject <> '" ERASED_TEXT "' AND m.id ="
			       "   (SELECT min(m2.id) FROM messages m2 WHERE m2.ticket_id = m.ticket_id)"
			       "   THEN t.subject END,"
			       " CASE WHEN m.body <> '" ERASED_TEXT "' THEN m.body END"
			       " FROM tickets t JOIN messages m ON m.ticket_id = t.id"
			       " WHERE t.customer_id % " /* FTS_PARTS */ "?2 = ?1"
			       " ORDER BY m.id",
			       -1, &sel, NULL) != SQLITE_OK) {
		rc = db_err(st, "search index rebuild");
		goto out;
	}
	sqlite3_bind_int(sel, 1, part);
	sqlite3_bind_int(sel, 2, FTS_PARTS);
	int step;
	int64_t n = 0;
	while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
		if (sqlite3_column_type(sel, 1) == SQLITE_NULL && sqlite3_column_type(sel, 2) == SQLITE_NULL)
			continue;
		sqlite3_bind_int64(ins, 1, sqlite3_column_int64(sel, 0));
		sqlite3_bind_value(ins, 2, sqlite3_column_value(sel, 1));
		sqlite3_bind_value(ins, 3, sqlite3_column_value(sel, 2));
		int r = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (r != SQLITE_DONE) {
			rc = db_err(st, "search index rebuild");
			goto out;
		}
		n++;
	}
	if (step != SQLITE_DONE) {
		rc = db_err(st, "search index rebuild");
		goto out;
	}
	if (docs)
		*docs = n;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	return rc;
}

int store_tickets_pick(struct store *st, int64_t *ids, size_t *n, int open_only, int by_urgency)
{
	if (!*n || (!open_only && !by_urgency))
		return 0;
	/* the ids as one JSON array: one statement whatever their number */
	struct buf b = BUF_INIT;
	buf_addc(&b, '[');
	for (size_t i = 0; i < *n; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", (long long)ids[i]);
	buf_addc(&b, ']');
	sqlite3_stmt *s = q(st, "SELECT t.id FROM json_each(?1) j JOIN tickets t ON t.id = j.value"
				" WHERE (?2 = 0 OR t.is_open)"
				" ORDER BY CASE WHEN ?3 THEN t.due_key END, CASE WHEN ?3 THEN t.id END, j.key");
	if (!s) {
		buf_release(&b);
		return DK_EIO;
	}
	sqlite3_bind_text(s, 1, buf_str(&b), (int)b.len, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, open_only);
	sqlite3_bind_int(s, 3, by_urgency);
	size_t k = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && k < *n)
		ids[k++] = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	buf_release(&b);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_err(st, "search");
	*n = k;
	return 0;
}
