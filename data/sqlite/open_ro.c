/* open_ro.c - a workspace database that cannot be written (a full disk, a
 * read-only file system or folder) is opened read-only: reads work, and
 * every write is refused up front, naming the workspace and why, with
 * nothing changed. */
#include "data/sqlite/sqlite_impl.h"

#include "lib/err.h"
#include "lib/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* Why the database at path cannot be written, or NULL when it can (as
 * far as the file system tells). */
static const char *cannot_write(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = slash == dir ? (slash[1] = 0, '/') : 0;
	else
		strcpy(dir, ".");
	struct statvfs vs;
	const char *why = NULL;
	if (statvfs(dir, &vs) == 0 && (vs.f_flag & ST_RDONLY))
		why = "read-only file system";
	else if (statvfs(dir, &vs) == 0 && vs.f_bavail * (unsigned long long)vs.f_frsize < 64 * 1024)
		why = "disk full";
	else if (access(dir, W_OK) != 0 || access(path, W_OK) != 0)
		why = errno == EROFS ? "read-only file system" : "no write permission";
	free(dir);
	return why;
}

/* Every committed change lives in the main file when the WAL is empty or
 * absent: the database is then read as immutable (no -shm needed, which
 * a full disk cannot grow). Otherwise SQLite's read-only mode reads the
 * WAL through the existing -shm. */
static int open_readonly(struct store *st, const char *path)
{
	char *wal = xasprintf("%s-wal", path);
	struct stat sb;
	int wal_empty = stat(wal, &sb) != 0 || sb.st_size == 0;
	free(wal);
	char *uri = sqlite3_mprintf("file:%q?mode=ro%s", path, wal_empty ? "&immutable=1" : "");
	int rc = sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	sqlite3_free(uri);
	if (rc != SQLITE_OK)
		return -1;
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	sqlite3_stmt *s;
	int version = -1;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	/* an older schema needs a migration, which cannot be written */
	if (version != schema_version())
		return -1;
	return sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

void sqlite_note_readonly(struct store *st)
{
	if (sqlite3_db_readonly(st->db, "main") == 1) {
		/* SQLite fell back to reading a file it could not open for
		 * writing: refuse writes up front, saying why */
		const char *why = cannot_write(st->path);
		st->readonly = why ? why : "read-only database";
	}
}

int sqlite_open_readonly(const char *path, int rc, struct store **out)
{
	const char *why = cannot_write(path);
	if (!why)
		return rc;
	char *first = xstrdup(err_msg());
	struct store *st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	st->readonly = why;
	if (open_readonly(st, path)) {
		store_close(st);
		err_set(rc, "%s", first); /* the read-write open's reason */
		free(first);
		return rc;
	}
	free(first);
	*out = st;
	return 0;
}

const char *store_readonly(struct store *st) { return st ? st->readonly : NULL; }

int store_refuse_write(struct store *st)
{
	char *dir = xstrdup(st->path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir)
		*slash = 0;
	int rc = err_set(DK_EIO, "workspace %s: %s; nothing was changed", dir, st->readonly);
	free(dir);
	return rc;
}
