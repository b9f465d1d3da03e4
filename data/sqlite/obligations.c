/* obligations.c - obligations and their steps, and the streams the
 * report reads (obligations started in a period, automated replies). */
#include "data/sqlite/sqlite_impl.h"

#include "lib/err.h"

#include <string.h>

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
		p->evidence = NULL; /* store_obligation_evidence_load */
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_err(st, "obligation steps");
}

int store_obligation_insert(struct store *st, struct obligation *o)
{
	STORE_WRITE(st);
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
	STORE_WRITE(st);
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
	STORE_WRITE(st);
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
			  " AND (?5 IS NULL OR coalesce(extended_due_at, due_at) >= ?5)"
			  " ORDER BY coalesce(extended_due_at, due_at), id LIMIT ?4");
	else if (f->status)
		s = q(st, "SELECT " OBLIGATION_COLS " FROM obligations"
			  " WHERE ?1 = 0 AND status = ?2"
			  " AND (?3 IS NULL OR coalesce(extended_due_at, due_at) < ?3)"
			  " AND (?5 IS NULL OR coalesce(extended_due_at, due_at) >= ?5)"
			  " ORDER BY coalesce(extended_due_at, due_at), id LIMIT ?4");
	else
		s = q(st, "SELECT " OBLIGATION_COLS " FROM obligations"
			  " WHERE ?1 = 0 AND ?2 IS NULL"
			  " AND (?3 IS NULL OR coalesce(extended_due_at, due_at) < ?3)"
			  " AND (?5 IS NULL OR coalesce(extended_due_at, due_at) >= ?5)"
			  " ORDER BY coalesce(extended_due_at, due_at), id LIMIT ?4");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, f->ticket_id);
	bind_text(s, 2, f->status);
	bind_time(s, 3, f->due_before);
	sqlite3_bind_int64(s, 4, f->limit > 0 ? f->limit : -1);
	if (f->due_after && f->due_after != DK_TIME_NONE)
		bind_time(s, 5, f->due_after);
	else
		sqlite3_bind_null(s, 5);
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
	STORE_WRITE(st);
	return exec(st, "DELETE FROM obligation_steps; DELETE FROM obligations;"
			" UPDATE tickets SET next_due_at = NULL, due_key = 9223372036854775807"
			" WHERE next_due_at IS NOT NULL", "obligations");
}

int store_obligations_mark_breached(struct store *st, int64_t ticket_id, dk_time now, int *changed)
{
	STORE_WRITE(st);
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
