/* letters.c - the letters table on SQLite (data/store_letters.h). */
#include "data/store_letters.h"
#include "data/sqlite/sqlite_impl.h"

#include "lib/err.h"
#include "lib/util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

void letter_row_clear(struct letter_row *r)
{
	free(r->tpl);
	free(r->revision);
	free(r->purpose);
	free(r->duty);
	free(r->document);
	free(r->doc_revision);
	free(r->status);
	free(r->last_error);
	memset(r, 0, sizeof(*r));
}

void letter_rows_free(struct letter_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		letter_row_clear(&r[i]);
	free(r);
}

static void bind_id(sqlite3_stmt *s, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

int store_letter_insert(struct store *st, struct letter_row *r)
{
	sqlite3_stmt *s = q(st, "INSERT INTO letters(template, revision, purpose, ticket_id, message_row, customer_id,"
				" outbox_id, duty, obligation_id, met, document, doc_revision, created_at)"
				" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, r->tpl);
	bind_text(s, 2, r->revision);
	bind_text(s, 3, r->purpose);
	bind_id(s, 4, r->ticket_id);
	bind_id(s, 5, r->message_row);
	bind_id(s, 6, r->customer_id);
	bind_id(s, 7, r->outbox_id);
	bind_text(s, 8, r->duty);
	bind_id(s, 9, r->obligation_id);
	sqlite3_bind_int(s, 10, r->met);
	bind_text(s, 11, r->document);
	bind_text(s, 12, r->doc_revision);
	sqlite3_bind_int64(s, 13, r->created_at);
	int rc = step_done(st, s, "letters");
	if (!rc)
		r->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

ROW_READER(read_letter, struct letter_row)
ROW_RELEASER(letter_rows_free, struct letter_row)

static void read_letter(sqlite3_stmt *s, struct letter_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->tpl = col_text(s, 1);
	r->revision = col_text(s, 2);
	r->purpose = col_text(s, 3);
	r->ticket_id = sqlite3_column_int64(s, 4);
	r->message_row = sqlite3_column_int64(s, 5);
	r->customer_id = sqlite3_column_int64(s, 6);
	r->outbox_id = sqlite3_column_int64(s, 7);
	r->duty = col_text(s, 8);
	r->obligation_id = sqlite3_column_int64(s, 9);
	r->met = sqlite3_column_int(s, 10);
	r->document = col_text(s, 11);
	r->doc_revision = col_text(s, 12);
	r->created_at = sqlite3_column_int64(s, 13);
	r->status = col_text(s, 14);
	r->status_at = col_time(s, 15);
	r->last_error = col_text(s, 16);
}

int store_letter_list(struct store *st, int64_t ticket_id, int64_t customer_id, const char *purpose,
		      const char *document, struct letter_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = q(st, "SELECT l.id, l.template, l.revision, l.purpose, l.ticket_id, l.message_row,"
				" l.customer_id, l.outbox_id, l.duty, l.obligation_id, l.met, l.document,"
				" l.doc_revision, l.created_at, o.status, o.updated_at, o.last_error"
				" FROM letters l LEFT JOIN outbox o ON o.id = l.outbox_id"
				" WHERE (?1 = 0 OR l.ticket_id = ?1) AND (?2 = 0 OR l.customer_id = ?2)"
				" AND (?3 IS NULL OR l.purpose = ?3) AND (?4 IS NULL OR l.document = ?4)"
				" ORDER BY l.id");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	sqlite3_bind_int64(s, 2, customer_id);
	bind_text(s, 3, purpose);
	bind_text(s, 4, document);
	return COLLECT(st, s, out, n, read_letter, letter_rows_free, "letters");
}

int store_letters_erase_customer(struct store *st, int64_t customer_id)
{
	static const char *const sql[] = {
		/* the notices sent to the customer outside their own tickets
		 * (new terms, a breach): the outbox keeps ids, states and
		 * times, not what was said or to whom */
		"UPDATE outbox SET rcpt = '', rcpt_name = NULL, subject = '[erased]', body = '[erased]', raw = NULL,"
		" in_reply_to = NULL, refs = NULL, last_error = NULL"
		" WHERE id IN (SELECT outbox_id FROM letters WHERE customer_id = ?1 AND outbox_id IS NOT NULL)",
		/* a failing address of a customer without tickets */
		"DELETE FROM mail_failing WHERE address = (SELECT email FROM customers WHERE id = ?1)",
	};
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		sqlite3_stmt *s = q(st, sql[i]);
		if (!s)
			return DK_EIO;
		sqlite3_bind_int64(s, 1, customer_id);
		int rc = step_done(st, s, "erase letters");
		if (rc)
			return rc;
	}
	return 0;
}
