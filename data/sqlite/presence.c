/* presence.c - who else has a ticket open: heartbeats in a database of
 * their own beside the workspace's. */
#include "data/sqlite/sqlite_impl.h"

#include "lib/buf.h"
#include "lib/err.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Presence heartbeats live in a database of their own beside the
 * workspace's (DIR/presence.db), attached to the connection: they are
 * written every few seconds by every open screen and must not count as a
 * change of the workspace (PRAGMA main.data_version), or every screen
 * would reload whenever someone else's screen is merely open. Without it
 * (e.g. a folder we cannot write) presence is simply off. */
static void attach_presence(struct store *st)
{
	if (st->presence_tried || st->readonly)
		return;
	st->presence_tried = 1;
	const char *slash = strrchr(st->path, '/');
	char *pp = slash ? xasprintf("%.*s/presence.db", (int)(slash - st->path), st->path) : xstrdup("presence.db");
	/* an attached database is opened with the main one's flags, which do
	 * not include CREATE: make the (empty) file first */
	int fd = open(pp, O_RDWR | O_CREAT | O_CLOEXEC, 0660);
	if (fd >= 0)
		close(fd);
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "ATTACH DATABASE ?1 AS presence", -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, pp, -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc == SQLITE_DONE &&
		    sqlite3_exec(st->db, "PRAGMA presence.journal_mode = WAL;"
					 "CREATE TABLE IF NOT EXISTS presence.presence(login TEXT PRIMARY KEY,"
					 " ticket_id INTEGER, beat_at INTEGER) WITHOUT ROWID",
				 NULL, NULL, NULL) == SQLITE_OK) {
			st->presence = 1;
			chmod(pp, 0660);
		}
	}
	free(pp);
}

int store_presence_beat(struct store *st, const char *login, int64_t ticket_id, dk_time now)
{
	attach_presence(st);
	if (!st->presence)
		return 0;
	sqlite3_stmt *s = q(st, "INSERT INTO presence.presence(login, ticket_id, beat_at) VALUES(?1, ?2, ?3)"
				" ON CONFLICT(login) DO UPDATE SET ticket_id = excluded.ticket_id,"
				" beat_at = excluded.beat_at");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, login);
	if (ticket_id)
		sqlite3_bind_int64(s, 2, ticket_id);
	else
		sqlite3_bind_null(s, 2);
	sqlite3_bind_int64(s, 3, now);
	return step_done(st, s, "presence");
}

int store_presence_others(struct store *st, const char *self, int64_t ticket_id, dk_time now, int64_t ttl,
			  char **out)
{
	*out = NULL;
	attach_presence(st);
	if (!st->presence)
		return 0;
	sqlite3_stmt *s = q(st, "SELECT login FROM presence.presence WHERE ticket_id = ?1 AND login <> ?2"
				" AND beat_at > ?3 ORDER BY login");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	bind_text(s, 2, self);
	sqlite3_bind_int64(s, 3, now - ttl);
	struct buf b = BUF_INIT;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (b.len)
			buf_adds(&b, ", ");
		buf_adds(&b, (const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_reset(s);
	if (b.len)
		*out = buf_detach(&b);
	buf_release(&b);
	return rc == SQLITE_DONE ? 0 : db_err(st, "presence");
}
