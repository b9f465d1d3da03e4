/* intent.c - publish intents: a terms publish recorded before main moves
 * (core/publish.c). */
#include "data/store.h"
#include "data/sqlite/sqlite_impl.h"

#include "lib/err.h"
#include "lib/util.h"

#include <stdlib.h>

static char *text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return xstrdup(t ? (const char *)t : "");
}

int store_intent_add(struct store *st, struct publish_intent *pi)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO publish_intents(object, old_rev, new_rev, actor, at, detail, started)"
					 " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!s)
		return DK_EIO;
	sqlite3_bind_text(s, 1, pi->object, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, pi->old_rev, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, pi->new_rev, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, pi->actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, pi->at);
	sqlite3_bind_text(s, 6, pi->detail, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, pi->started);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, "publish intent");
	pi->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_intent_list(struct store *st, struct publish_intent **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	sqlite3_stmt *s = store_stmt(st, "SELECT id, object, old_rev, new_rev, actor, at, detail, started FROM publish_intents"
					 " ORDER BY id");
	if (!s)
		return DK_EIO;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ARRAY_GROW(*out, cap, *n + 1);
		struct publish_intent *pi = &(*out)[(*n)++];
		pi->id = sqlite3_column_int64(s, 0);
		pi->object = text(s, 1);
		pi->old_rev = text(s, 2);
		pi->new_rev = text(s, 3);
		pi->actor = text(s, 4);
		pi->at = sqlite3_column_int64(s, 5);
		pi->detail = text(s, 6);
		pi->started = sqlite3_column_int64(s, 7);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		publish_intents_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_db_err(st, "publish intent");
	}
	return 0;
}

int store_intent_delete(struct store *st, int64_t id, int *deleted)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM publish_intents WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_db_err(st, "publish intent");
	*deleted = sqlite3_changes(st->db) > 0;
	return 0;
}

void publish_intents_free(struct publish_intent *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].object);
		free(v[i].old_rev);
		free(v[i].new_rev);
		free(v[i].actor);
		free(v[i].detail);
	}
	free(v);
}
