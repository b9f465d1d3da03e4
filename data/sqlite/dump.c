/* dump.c - backup and restore: a consistent copy of the database (VACUUM
 * INTO, so a dump is compact and never holds freed pages) behind one line
 * that names the format. */
#include "data/sqlite/sqlite_impl.h"

#include "lib/err.h"
#include "lib/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DUMP_MAGIC "docket-dump sqlite 1\n"

static int copy_stream(FILE *in, FILE *out, size_t *n)
{
	char buf[1 << 16];
	size_t got;
	*n = 0;
	while ((got = fread(buf, 1, sizeof(buf), in)) > 0) {
		if (fwrite(buf, 1, got, out) != got)
			return -1;
		*n += got;
	}
	return ferror(in) ? -1 : 0;
}

int store_dump(struct store *st, FILE *out)
{
	assert(!store_in_tx(st));
	char tmpdir[] = "/tmp/docket-dump-XXXXXX";
	if (!mkdtemp(tmpdir))
		return err_set(DK_EIO, "backup: temporary folder: %s", strerror(errno));
	char *copy = xasprintf("%s/copy.db", tmpdir);
	sqlite3_stmt *s;
	int rc = 0;
	if (sqlite3_prepare_v2(st->db, "VACUUM INTO ?1", -1, &s, NULL) != SQLITE_OK) {
		rc = db_err(st, "backup");
	} else {
		sqlite3_bind_text(s, 1, copy, -1, SQLITE_STATIC);
		int step = sqlite3_step(s);
		sqlite3_finalize(s);
		if (step != SQLITE_DONE)
			rc = db_err(st, "backup");
	}
	if (!rc) {
		FILE *in = fopen(copy, "rb");
		size_t n;
		if (!in)
			rc = err_set(DK_EIO, "backup: %s: %s", copy, strerror(errno));
		else if (fputs(DUMP_MAGIC, out) == EOF || copy_stream(in, out, &n) || fflush(out))
			rc = err_set(DK_EIO, "backup: writing the dump: %s", strerror(errno));
		if (in)
			fclose(in);
	}
	unlink(copy);
	rmdir(tmpdir);
	free(copy);
	return rc;
}

int store_restore(const char *dir, const char *locator, FILE *in)
{
	int rc = store_locator_check(locator);
	if (rc)
		return rc;
	char *path = sqlite_locator_path(dir, locator), *tmp = xasprintf("%s.restore", path);
	char line[64] = "";
	struct stat sb;
	if (stat(path, &sb) == 0) {
		rc = err_set(DK_ECONFLICT, "restore: %s: exists", path);
		goto out;
	}
	if (!fgets(line, sizeof(line), in) || strcmp(line, DUMP_MAGIC)) {
		rc = err_set(DK_EINVAL, "restore: not a dump of a docket SQLite database");
		goto out;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
	FILE *fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!fp) {
		rc = err_set(DK_EIO, "restore: %s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	size_t n;
	int bad = copy_stream(in, fp, &n);
	bad |= fflush(fp) != 0 || fsync(fileno(fp)) != 0;
	bad |= fclose(fp) != 0;
	if (bad) {
		rc = err_set(DK_EIO, "restore: %s: %s", tmp, strerror(errno));
	} else if (n < 16) {
		rc = err_set(DK_EINVAL, "restore: the dump holds no database");
	} else if (rename(tmp, path) != 0) {
		rc = err_set(DK_EIO, "restore: %s: %s", path, strerror(errno));
	} else {
		chmod(path, 0660);
	}
	if (rc)
		unlink(tmp);
out:
	free(tmp);
	free(path);
	return rc;
}
