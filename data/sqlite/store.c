/* store.c - the workspace database on SQLite: locators, open (and
 * migrate), close, transactions, settings (meta) and the legal cache, and
 * the WAL (checkpoints are the backend's business: SQLite's automatic
 * ones, and a truncating one after an erasure). */
#include "data/sqlite/sqlite_impl.h"

#include "lib/err.h"
#include "lib/util.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int looks_like_sqlite(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return 1; /* let SQLite report */
	char hdr[16] = { 0 };
	size_t n = fread(hdr, 1, sizeof(hdr), fp);
	fclose(fp);
	if (n == 0)
		return 0; /* empty: SQLite would make it a new database; only
			     init and demo create one */
	return n == 16 && !memcmp(hdr, "SQLite format 3", 16);
}

/* ---- locators: "sqlite:FILE", FILE relative to the workspace folder */

#define SQLITE_SCHEME "sqlite:"

int store_locator_check(const char *locator)
{
	if (!locator || !*locator)
		return err_set(DK_EINVAL, "database locator: empty (expected " SQLITE_SCHEME "FILE)");
	if (strncmp(locator, SQLITE_SCHEME, strlen(SQLITE_SCHEME))) {
		const char *colon = strchr(locator, ':');
		if (!colon)
			return err_set(DK_EINVAL, "%s: not a database locator (expected " SQLITE_SCHEME "FILE)", locator);
		return err_set(DK_EINVAL, "%s: unknown database scheme '%.*s' (this docket knows " SQLITE_SCHEME "FILE)",
			       locator, (int)(colon - locator), locator);
	}
	if (!locator[strlen(SQLITE_SCHEME)])
		return err_set(DK_EINVAL, "%s: names no file (expected " SQLITE_SCHEME "FILE)", locator);
	return 0;
}

char *sqlite_locator_path(const char *dir, const char *locator)
{
	const char *file = locator + strlen(SQLITE_SCHEME);
	if (*file == '/' || !dir || !*dir)
		return xstrdup(file);
	return xasprintf("%s/%s", dir, file);
}

int store_exists(const char *dir, const char *locator, int *exists)
{
	*exists = 0;
	int rc = store_locator_check(locator);
	if (rc)
		return rc;
	char *path = sqlite_locator_path(dir, locator);
	struct stat sb;
	*exists = stat(path, &sb) == 0;
	free(path);
	return 0;
}

int store_remove(const char *dir, const char *locator)
{
	int rc = store_locator_check(locator);
	if (rc)
		return rc;
	char *path = sqlite_locator_path(dir, locator);
	const char *sfx[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < ARRAY_SIZE(sfx); i++) {
		char *f = xasprintf("%s%s", path, sfx[i]);
		unlink(f);
		free(f);
	}
	free(path);
	return 0;
}

static int open_path(const char *path, int create, struct store **out);
static int scrub_resume(struct store *st);

int store_open(const char *dir, const char *locator, int create, struct store **out)
{
	*out = NULL;
	int rc = store_locator_check(locator);
	if (rc)
		return rc;
	char *path = sqlite_locator_path(dir, locator);
	rc = open_path(path, create, out);
	if (!rc)
		sqlite_note_readonly(*out);
	else if (rc == DK_EIO && !create)
		rc = sqlite_open_readonly(path, rc, out);
	free(path);
	return rc;
}

/* SQLite's memory, through malloc as its default does (an 8-byte size in
 * front), with one difference: the 1 KB chunks of its in-memory journals
 * are kept on a free list. A batch's actions are savepoints, and each
 * journals the pages it changes in such chunks, by the hundred, freed at
 * its end; glibc's per-thread cache holds 7 of them and sends the rest
 * through its bins (an eighth of what a bulk load cost). Not under the
 * sanitizers, which are to see every allocation. */
#define MEM_CHUNK 1024 /* memjournal.c: MEMJOURNAL_DFLT_FILECHUNKSIZE */
#define MEM_KEEP 4096
#if defined(__SANITIZE_ADDRESS__)
#define MEM_LIST 0
#else
#define MEM_LIST 1
#endif
static _Thread_local void *mem_free_list;
static _Thread_local int mem_nfree;

static size_t mem_round(int n) { return ((size_t)n + 7) & ~(size_t)7; }

static void *mem_malloc(int n)
{
	size_t sz = mem_round(n);
	uint64_t *p;
	if (MEM_LIST && sz == MEM_CHUNK && mem_free_list) {
		p = mem_free_list;
		mem_free_list = *(void **)(p + 1);
		mem_nfree--;
	} else if (!(p = malloc(sz + 8))) {
		return NULL;
	}
	p[0] = sz;
	return p + 1;
}

static void mem_free(void *q)
{
	if (!q)
		return;
	uint64_t *p = (uint64_t *)q - 1;
	if (MEM_LIST && p[0] == MEM_CHUNK && mem_nfree < MEM_KEEP) {
		*(void **)q = mem_free_list;
		mem_free_list = p;
		mem_nfree++;
		return;
	}
	free(p);
}

static int mem_size(void *q) { return q ? (int)((uint64_t *)q)[-1] : 0; }

static void *mem_realloc(void *q, int n)
{
	uint64_t *p = (uint64_t *)q - 1;
	size_t sz = mem_round(n);
	if (p[0] == MEM_CHUNK || sz == MEM_CHUNK) {
		void *r = mem_malloc(n);
		if (r) {
			memcpy(r, q, p[0] < sz ? p[0] : sz);
			mem_free(q);
		}
		return r;
	}
	if (!(p = realloc(p, sz + 8)))
		return NULL;
	p[0] = sz;
	return p + 1;
}

static int mem_roundup(int n) { return (int)mem_round(n); }
static int mem_init(void *app) { return SQLITE_OK; }
static void mem_shutdown(void *app) {}

/* Before SQLite's first use: no memory statistics (a mutex and a counter
 * on every allocation; docket never reads them), connections that are
 * never shared between threads, and the allocator above. */
static void sqlite_configure(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	static const sqlite3_mem_methods mem = { mem_malloc, mem_free,	  mem_realloc, mem_size,
						 mem_roundup, mem_init, mem_shutdown, NULL };
	sqlite3_config(SQLITE_CONFIG_MALLOC, &mem);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
}

static int open_path(const char *path, int create, struct store **out)
{
	struct stat sb;
	sqlite_configure();
	if (!create && stat(path, &sb) != 0)
		return err_set(DK_ENOTFOUND, "workspace database: %s: %s", path, strerror(errno));
	if (!create && sb.st_size == 0)
		return err_set(DK_EINVAL, "workspace database: %s: an empty file, not a docket database"
					  " (only `docket init` and `docket demo` create one)", path);
	if (!create && !looks_like_sqlite(path))
		return err_set(DK_EIO, "workspace database: %s: not a SQLite database", path);
	struct store *st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		int rc = err_set(DK_EIO, "workspace database: %s: %s", path,
				 st->db ? sqlite3_errmsg(st->db) : "cannot open");
		store_close(st);
		return rc;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	int rc;
	/* Reading the schema is the first real access: it fails on non-SQLite
	 * files and on files we cannot read. */
	if ((rc = exec(st, "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;", "open"))) {
		store_close(st);
		return rc;
	}
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s, NULL) != SQLITE_OK) {
		int code = sqlite3_errcode(st->db);
		rc = code == SQLITE_NOTADB
			     ? err_set(DK_EIO, "workspace database: %s: not a SQLite database", path)
			     : db_err(st, "open");
		store_close(st);
		return rc;
	}
	int src = sqlite3_step(s);
	sqlite3_finalize(s);
	if (src != SQLITE_ROW) {
		int code = sqlite3_errcode(st->db);
		rc = code == SQLITE_NOTADB
			     ? err_set(DK_EIO, "workspace database: %s: not a SQLite database", path)
			     : db_err(st, "open");
		store_close(st);
		return rc;
	}
	if ((rc = exec(st, "PRAGMA synchronous = NORMAL", "open")) || (rc = schema_migrate(st))) {
		store_close(st);
		return rc;
	}
	if (create)
		chmod(path, 0660); /* the agents' group shares the workspace */
	scrub_resume(st); /* finish an erasure's WAL scrub that other sessions blocked */
	*out = st;
	return 0;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	store_fts_drop(st, 0);
	free(st->fts_pend);
	for (size_t i = 0; i < st->nstmts; i++)
		sqlite3_finalize(st->stmts[i].stmt);
	free(st->stmts);
	if (st->db)
		sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

/* A batch whose transaction the backend rolled back (an I/O error, a
 * full disk): every later action fails until the batch ends. */
static int batch_lost(struct store *st)
{
	return err_set(DK_EIO, "workspace database: %s: the batch was rolled back after an error; nothing since "
			       "its last commit was kept", st->path);
}

/* The page cache of a batch, in KB (SQLite's default is 2000). */
#define BATCH_CACHE_KB 16000
#define STR_(x) #x
#define STR(x) STR_(x)

static int run(struct store *st, const char *sql, const char *what)
{
	sqlite3_stmt *s = q(st, sql);
	return s ? step_done(st, s, what) : DK_EIO;
}

int store_begin(struct store *st)
{
	assert(!store_in_tx(st));
	if (st->readonly)
		return store_refuse_write(st);
	memset(st->fts_dirty, 0, sizeof(st->fts_dirty));
	if (!st->batch) {
		st->audit_last_ok = 0;
		return exec(st, "BEGIN IMMEDIATE", "begin");
	}
	/* an action inside the batch: a savepoint */
	if (st->batch_lost || sqlite3_get_autocommit(st->db)) {
		st->batch_lost = 1;
		return batch_lost(st);
	}
	int rc = run(st, "SAVEPOINT action", "begin");
	if (!rc) {
		st->in_action = 1;
		st->fts_mark = st->fts_npend;
	}
	return rc;
}

/* The search index follows the rows that erasures scrubbed in this
 * transaction: their partitions are rebuilt before the commit, in it. */
int store_commit(struct store *st)
{
	assert(store_in_tx(st));
	for (int p = 0; p < FTS_PARTS; p++)
		if (st->fts_dirty[p]) {
			int rc = store_fts_rebuild(st, p, NULL);
			if (rc)
				return rc;
			st->fts_dirty[p] = 0;
		}
	if (!st->batch)
		return exec(st, "COMMIT", "commit");
	int rc = run(st, "RELEASE action", "commit");
	if (!rc)
		st->in_action = 0;
	return rc;
}

void store_rollback(struct store *st)
{
	memset(st->fts_dirty, 0, sizeof(st->fts_dirty));
	st->audit_last_ok = 0;
	if (st->batch) {
		if (!st->in_action)
			return;
		st->in_action = 0;
		store_fts_drop(st, st->fts_mark);
		if (sqlite3_get_autocommit(st->db)) {
			st->batch_lost = 1; /* the backend undid the whole batch */
			return;
		}
		if (run(st, "ROLLBACK TO action", "rollback") || run(st, "RELEASE action", "rollback")) {
			err_clear();
			st->batch_lost = 1;
		}
		return;
	}
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_in_tx(struct store *st) { return st->batch ? st->in_action : !sqlite3_get_autocommit(st->db); }

int store_in_batch(struct store *st) { return st->batch; }

int store_batch_begin(struct store *st)
{
	assert(!st->batch && !store_in_tx(st));
	if (st->readonly)
		return store_refuse_write(st);
	/* the actions' savepoints journal in memory, and the pages a batch
	 * writes stay in the cache until it commits */
	st->audit_last_ok = 0;
	int rc = exec(st, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -" STR(BATCH_CACHE_KB), "batch");
	if (!rc)
		rc = exec(st, "BEGIN IMMEDIATE", "begin");
	if (!rc) {
		st->batch = 1;
		st->batch_lost = 0;
		st->fts_mark = 0;
	} else if (st->batch_unsynced) {
		st->batch_unsynced = 0;
		exec(st, "PRAGMA synchronous = NORMAL", "batch");
	}
	return rc;
}

static int batch_commit(struct store *st)
{
	st->audit_last_ok = 0; /* another writer may come between two batches */
	if (st->batch_lost || sqlite3_get_autocommit(st->db))
		return batch_lost(st);
	int rc = store_fts_flush(st);
	if (!rc)
		rc = sqlite_audit_head_write(st);
	if (!rc)
		rc = exec(st, "COMMIT", "commit");
	return rc;
}

int store_batch_commit(struct store *st)
{
	assert(st->batch && !st->in_action);
	int rc = batch_commit(st);
	if (!rc)
		rc = exec(st, "BEGIN IMMEDIATE", "begin");
	if (rc) {
		st->batch_lost = 1;
		if (!sqlite3_get_autocommit(st->db))
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	}
	return rc;
}

static int sync_files(struct store *st);

int store_batch_end(struct store *st, int commit)
{
	assert(st->batch && !st->in_action);
	int rc = commit ? batch_commit(st) : 0;
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	store_fts_drop(st, 0);
	st->batch = st->batch_lost = st->audit_head_due = 0;
	if (exec(st, "PRAGMA temp_store = DEFAULT; PRAGMA cache_size = -2000", "batch") && !rc)
		rc = DK_EIO;
	if (st->batch_unsynced) {
		st->batch_unsynced = 0;
		if (exec(st, "PRAGMA synchronous = NORMAL", "batch") && !rc)
			rc = DK_EIO;
		if (!rc)
			rc = sync_files(st);
	}
	return rc;
}

/* fsync the database and its WAL: what unsynced commits and checkpoints
 * wrote reaches the disk before the batch is said to be done. */
static int sync_files(struct store *st)
{
	const char *suffix[] = { "", "-wal" };
	for (int i = 0; i < 2; i++) {
		char *p = xasprintf("%s%s", st->path, suffix[i]);
		int fd = open(p, O_RDONLY | O_CLOEXEC);
		int rc = 0;
		if (fd < 0 && (i == 0 || errno != ENOENT))
			rc = err_set(DK_EIO, "%s: %s", p, strerror(errno));
		else if (fd >= 0 && fsync(fd))
			rc = err_set(DK_EIO, "%s: fsync: %s", p, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(p);
		if (rc)
			return rc;
	}
	return 0;
}

/* The demo builds a workspace that running it again makes anew: its
 * batches skip SQLite's fsyncs (synchronous = OFF, which a killed process
 * cannot hurt, only a power cut), and store_batch_end syncs the files
 * once. Before store_batch_begin (SQLite changes the level only outside a
 * transaction). */
int store_batch_unsynced(struct store *st)
{
	assert(!st->batch && !store_in_tx(st));
	int rc = exec(st, "PRAGMA synchronous = OFF", "batch");
	if (!rc)
		st->batch_unsynced = 1;
	return rc;
}

int store_poll_changes(struct store *st, int *changed)
{
	sqlite3_stmt *s = q(st, "PRAGMA main.data_version");
	if (!s)
		return DK_EIO;
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW)
		return db_err(st, "poll");
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	*changed = st->data_version && v != st->data_version;
	st->data_version = v;
	return 0;
}

int store_meta_get(struct store *st, const char *key, char **out)
{
	*out = NULL;
	sqlite3_stmt *s = q(st, "SELECT value FROM meta WHERE key = ?1");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, key);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = col_text(s, 0);
	else if (rc != SQLITE_DONE)
		return db_err(st, "meta");
	sqlite3_reset(s);
	return 0;
}

int store_meta_set(struct store *st, const char *key, const char *val)
{
	sqlite3_stmt *s = q(st, "INSERT INTO meta(key, value) VALUES(?1, ?2)"
				" ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, key);
	bind_text(s, 2, val);
	return step_done(st, s, "meta");
}

/* ---- legal cache: values derived from the legal repository at a commit */

int store_cache_get(struct store *st, const char *name, const char *head, char **out)
{
	*out = NULL;
	sqlite3_stmt *s = q(st, "SELECT value FROM legal_cache WHERE name = ?1 AND head = ?2");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, name);
	bind_text(s, 2, head);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = col_text(s, 0);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, "legal cache");
	sqlite3_reset(s);
	return rc;
}

int store_cache_put(struct store *st, const char *name, const char *head, const char *val)
{
	sqlite3_stmt *s = q(st, "INSERT INTO legal_cache(name, head, value) VALUES(?1, ?2, ?3)"
				" ON CONFLICT(name) DO UPDATE SET head = excluded.head, value = excluded.value");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, name);
	bind_text(s, 2, head);
	bind_text(s, 3, val);
	return step_done(st, s, "legal cache");
}


/* ---- the WAL after an erasure */

/* Busy wait for the scrub checkpoint: short, because a blocked scrub is
 * finished later anyway (at the next open). */
#define SCRUB_BUSY_MS 1500

static int checkpoint_truncate(struct store *st, int *complete, int wait_ms)
{
	int log = -1, ckpt = -1;
	sqlite3_busy_timeout(st->db, wait_ms);
	int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &ckpt);
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	*complete = rc == SQLITE_OK;
	if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
		return db_err(st, "scrub (WAL checkpoint)");
	return 0;
}

#define SCRUB_KEY "scrub_pending"

int sqlite_scrub_mark(struct store *st) { return store_meta_set(st, SCRUB_KEY, "wal"); }

static int scrub_wal(struct store *st, int *complete, int wait_ms)
{
	*complete = 0;
	assert(!store_in_tx(st));
	int rc = checkpoint_truncate(st, complete, wait_ms);
	if (rc)
		return rc;
	char *mark = NULL;
	if ((rc = store_meta_get(st, SCRUB_KEY, &mark)))
		return rc;
	if (*complete) {
		if (mark) {
			/* Clearing the mark writes a page without personal data;
			 * truncate once more so the WAL is empty again. */
			sqlite3_stmt *s = q(st, "DELETE FROM meta WHERE key = '" SCRUB_KEY "'");
			rc = s ? step_done(st, s, "scrub") : DK_EIO;
			int again;
			if (!rc)
				rc = checkpoint_truncate(st, &again, wait_ms);
		}
	} else if (!mark) {
		rc = store_meta_set(st, SCRUB_KEY, "wal");
	}
	free(mark);
	return rc;
}

int sqlite_scrub_wal(struct store *st, int *complete) { return scrub_wal(st, complete, SCRUB_BUSY_MS); }

/* 1 when a scrub is still pending after the attempt */
static int resume(struct store *st, int wait_ms, int *finished)
{
	*finished = 0;
	char *mark = NULL;
	if (store_meta_get(st, SCRUB_KEY, &mark) || !mark) {
		err_clear();
		return 0;
	}
	free(mark);
	int complete = 0;
	if (scrub_wal(st, &complete, wait_ms))
		err_clear();
	*finished = complete;
	return !complete;
}

/* An open tries briefly: while a long reader stays, every command would
 * otherwise pay the erasure's full wait; the next open (or a screen's
 * refresh) tries again. */
#define SCRUB_OPEN_WAIT_MS 100

static int scrub_resume(struct store *st)
{
	int finished;
	return resume(st, SCRUB_OPEN_WAIT_MS, &finished);
}

int store_scrub_resume(struct store *st, int wait_ms, int *finished)
{
	*finished = 0;
	if (st->readonly || store_in_tx(st))
		return 0;
	resume(st, wait_ms, finished);
	return 0;
}
