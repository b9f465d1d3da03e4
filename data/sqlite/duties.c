/* duties.c - evidence that met a duty or ticked a step, and tickets
 * awaiting triage (issue 12; columns from migration 3). */
#include "data/sqlite/sqlite_impl.h"

#include "lib/err.h"
#include "lib/util.h"

#include <stdlib.h>
#include <string.h>

static int run(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_db_err(st, what);
	return 0;
}

static void bind_opt(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

int store_obligation_met_by_set(struct store *st, int64_t oid, const char *met_by)
{
	STORE_WRITE(st);
	sqlite3_stmt *s = store_stmt(st, "UPDATE obligations SET met_by = ?2 WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, oid);
	bind_opt(s, 2, met_by);
	return run(st, s, "obligation");
}

int store_obligation_step_evidence_set(struct store *st, int64_t oid, int n, const char *evidence)
{
	STORE_WRITE(st);
	sqlite3_stmt *s = store_stmt(st, "UPDATE obligation_steps SET evidence = ?3 WHERE obligation_id = ?1 AND n = ?2");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, oid);
	sqlite3_bind_int(s, 2, n);
	bind_opt(s, 3, evidence);
	return run(st, s, "obligation step");
}

static char *col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? xstrdup((const char *)t) : NULL;
}

int store_obligation_evidence_load(struct store *st, struct obligation *ob, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct obligation *o = &ob[i];
		sqlite3_stmt *s = store_stmt(st, "SELECT met_by FROM obligations WHERE id = ?1");
		if (!s)
			return DK_EIO;
		sqlite3_bind_int64(s, 1, o->id);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			free(o->met_by);
			o->met_by = col_dup(s, 0);
		}
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_db_err(st, "obligation");
		if (!o->nsteps)
			continue;
		s = store_stmt(st, "SELECT n, evidence FROM obligation_steps WHERE obligation_id = ?1"
				   " AND evidence IS NOT NULL");
		if (!s)
			return DK_EIO;
		sqlite3_bind_int64(s, 1, o->id);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			int k = sqlite3_column_int(s, 0);
			for (size_t j = 0; j < o->nsteps; j++)
				if (o->steps[j].n == k) {
					free(o->steps[j].evidence);
					o->steps[j].evidence = col_dup(s, 1);
				}
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_db_err(st, "obligation steps");
	}
	return 0;
}

int store_obligation_unrecorded_ids(struct store *st, int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	sqlite3_stmt *s = store_stmt(st, "SELECT id FROM obligations WHERE status IN ('met','breached')"
					 " AND met_at IS NOT NULL AND (met_by IS NULL OR met_by = 'unrecorded') ORDER BY id");
	if (!s)
		return DK_EIO;
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
		return store_db_err(st, "obligations");
	}
	return 0;
}

int store_ticket_triage_set(struct store *st, int64_t id, int on)
{
	STORE_WRITE(st);
	sqlite3_stmt *s = store_stmt(st, "UPDATE tickets SET triage = ?2 WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, on ? 1 : 0);
	int rc = run(st, s, "ticket");
	return rc ? rc : store_ticket_refresh_due(st, id);
}

int store_ticket_triage_get(struct store *st, int64_t id, int *on)
{
	*on = 0;
	sqlite3_stmt *s = store_stmt(st, "SELECT triage FROM tickets WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*on = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_db_err(st, "ticket");
}
