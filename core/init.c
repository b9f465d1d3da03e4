/* init.c - creating a new workspace. */
#include "core/init.h"

#include "core/audit.h"
#include "core/workspace.h"
#include "lib/err.h"
#include "lib/util.h"
#include "data/store.h"
#include "terms/legal.h"

#include <errno.h>
#include <ftw.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *ws_unix_login(void)
{
	struct passwd *pw = getpwuid(geteuid());
	if (pw && pw->pw_name)
		return xstrdup(pw->pw_name);
	const char *e = getenv("LOGNAME");
	return xstrdup(e ? e : "unknown");
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void rm_rf(const char *path) { nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS); }

static int mkdir_p(const char *dir, int *created)
{
	struct stat sb;
	*created = 0;
	if (stat(dir, &sb) == 0)
		return S_ISDIR(sb.st_mode) ? 0 : err_set(DK_EINVAL, "init: %s: exists and is not a folder", dir);
	char *p = xstrdup(dir);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = 0;
			mkdir(p, 0770);
			*s = '/';
		}
	int rc = mkdir(p, 02770);
	free(p);
	if (rc != 0)
		return err_set(DK_EIO, "init: %s: %s", dir, strerror(errno));
	chmod(dir, 02770);
	*created = 1;
	return 0;
}

int ws_init(const char *dir, dk_time now, struct workspace **out)
{
	*out = NULL;
	int created = 0, rc, exists = 0;
	char *legal = xasprintf("%s/legal", dir);
	struct workspace *cfg = NULL;
	struct stat sb;
	if ((rc = ws_open_config(dir, &cfg)))
		goto out;
	const char *db = ws_database(cfg);
	if ((rc = store_exists(dir, db, &exists))) {
		err_prefix(rc, "config: " WS_DATABASE_KEY);
		goto out;
	}
	if (exists || stat(legal, &sb) == 0) {
		rc = err_set(DK_ECONFLICT, "init: %s: already holds a workspace", dir);
		goto out;
	}
	if ((rc = mkdir_p(dir, &created)))
		goto out;
	struct store *st = NULL;
	struct legal_repo *repo = NULL;
	char *login = ws_unix_login();
	if ((rc = store_open(dir, db, 1, &st)))
		goto fail;
	struct agent a = { .login = login, .name = NULL, .role = ROLE_ADMIN };
	if ((rc = store_begin(st)) || (rc = store_agent_put(st, &a)) ||
	    (rc = audit_append(st, now, login, "workspace.init", "workspace", "admin=1")) ||
	    (rc = store_commit(st)))
		goto fail;
	if ((rc = legal_init(legal, login, now, &repo)))
		goto fail;
	legal_free(repo);
	store_close(st);
	free(login);
	rc = ws_open(dir, NULL, out);
	goto out;
fail:
	store_close(st);
	free(login);
	if (created) {
		rm_rf(dir);
	} else {
		store_remove(dir, db);
		rm_rf(legal);
	}
out:
	ws_close(cfg);
	free(legal);
	return rc;
}
