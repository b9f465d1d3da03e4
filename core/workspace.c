/* workspace.c - finding and opening a workspace, the acting agent, config,
 * and the transaction/audit wrappers every core action uses. */
#include "core/workspace.h"
#include "core/workspace_impl.h"

#include "core/audit.h"

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/priv.h"
#include "lib/util.h"
#include "data/store.h"
#include "core/witness.h"
#include "core/publish.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *ws_default_dir(const char *opt)
{
	if (opt && *opt)
		return xstrdup(opt);
	const char *e = getenv("DOCKET_WORKSPACE");
	if (e && *e)
		return xstrdup(e);
	e = getenv("XDG_DATA_HOME");
	if (e && *e)
		return xasprintf("%s/docket", e);
	e = getenv("HOME");
	if (!e || !*e) {
		struct passwd *pw = getpwuid(getuid());
		e = pw ? pw->pw_dir : "/tmp";
	}
	return xasprintf("%s/.local/share/docket", e);
}

static char *unix_login(void)
{
	/* the real uid: a setgid docket knows its agent from it */
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name)
		return xstrdup(pw->pw_name);
	if (priv_active())
		return xasprintf("uid%u", (unsigned)getuid());
	const char *e = getenv("LOGNAME");
	if (!e)
		e = getenv("USER");
	return xstrdup(e ? e : "unknown");
}

static int config_handler(void *user, const char *section, const char *name, const char *value)
{
	struct workspace *ws = user;
	(void)section;
	ws->cfg_keys = xrealloc(ws->cfg_keys, (ws->ncfg + 1) * sizeof(char *));
	ws->cfg_vals = xrealloc(ws->cfg_vals, (ws->ncfg + 1) * sizeof(char *));
	ws->cfg_keys[ws->ncfg] = xstrdup(name);
	ws->cfg_vals[ws->ncfg] = xstrdup(value);
	ws->ncfg++;
	return 1;
}

const char *ws_config(struct workspace *ws, const char *key, const char *def)
{
	/* Later lines win. */
	for (size_t i = ws->ncfg; i-- > 0;)
		if (!strcmp(ws->cfg_keys[i], key))
			return ws->cfg_vals[i];
	return def;
}

/* A setgid docket opens with the group's rights only a workspace that
 * belongs to the group: for any other folder (a personal workspace) it
 * drops the group for good and works with the user's own rights. In a
 * shared workspace the database, the legal repository and the config are
 * the workspace's own files, never links to elsewhere. */
static int ws_privileged_check(const char *dir)
{
	if (!priv_active())
		return 0;
	struct stat sb;
	if (stat(dir, &sb) != 0 || sb.st_gid != getegid() || (sb.st_mode & S_IWOTH)) {
		priv_drop();
		return 0;
	}
	const char *names[] = { "docket.db", "legal", "config" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char *p = xasprintf("%s/%s", dir, names[i]);
		int link = lstat(p, &sb) == 0 && S_ISLNK(sb.st_mode);
		free(p);
		if (link)
			return err_set(DK_EPERM, "workspace: %s: %s is a symbolic link; a shared workspace holds its own files",
				       dir, names[i]);
	}
	return 0;
}

const char *ws_database(struct workspace *ws) { return ws_config(ws, WS_DATABASE_KEY, WS_DATABASE_DEFAULT); }

/* A bad locator is a config error: name the key. */
static int locator_err(int rc)
{
	return rc == DK_EINVAL ? err_prefix(rc, "config: " WS_DATABASE_KEY) : rc;
}

int ws_open_config(const char *dir, struct workspace **out)
{
	*out = NULL;
	struct stat sb;
	struct workspace *ws = xcalloc(1, sizeof(*ws));
	char real[PATH_MAX];
	ws->dir = xstrdup(realpath(dir, real) ? real : dir);
	ws->legal_dir = xasprintf("%s/legal", ws->dir);
	char *cfg = xasprintf("%s/config", ws->dir);
	if (stat(cfg, &sb) == 0) {
		int line = ini_parse(cfg, config_handler, ws);
		if (line != 0) {
			int rc = line > 0 ? err_set(DK_EINVAL, "config: %s:%d: not a `key = value` line", cfg, line)
					  : err_set(DK_EIO, "config: %s: cannot read", cfg);
			free(cfg);
			ws_close(ws);
			return rc;
		}
	}
	free(cfg);
	ws->tz = xstrdup(ws_config(ws, "timezone", "UTC"));
	*out = ws;
	return 0;
}

int ws_open_files(const char *dir, struct workspace **out)
{
	*out = NULL;
	struct stat sb;
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return err_set(DK_ENOTFOUND, "workspace: %s: no such workspace (create one with `docket init %s`)",
			       dir, dir);
	int rc = ws_privileged_check(dir);
	if (rc)
		return rc;
	struct workspace *ws;
	int exists = 0;
	rc = ws_open_config(dir, &ws);
	if (rc)
		return rc;
	if ((rc = store_exists(ws->dir, ws_database(ws), &exists))) {
		ws_close(ws);
		return locator_err(rc);
	}
	if (!exists) {
		rc = err_set(DK_ENOTFOUND, "workspace: %s: no database %s there (create one with `docket init %s`)", dir,
			     ws_database(ws), dir);
		ws_close(ws);
		return rc;
	}
	*out = ws;
	return 0;
}

int ws_dump(struct workspace *ws, FILE *out) { return store_dump(ws->store, out); }

int ws_restore_dump(const char *dir, FILE *in)
{
	struct workspace *ws;
	int rc = ws_open_config(dir, &ws);
	if (rc)
		return rc;
	rc = locator_err(store_restore(ws->dir, ws_database(ws), in));
	ws_close(ws);
	return rc;
}

void ws_remove_database(const char *dir)
{
	struct workspace *ws;
	if (ws_open_config(dir, &ws))
		return;
	if (store_remove(ws->dir, ws_database(ws)))
		err_clear();
	ws_close(ws);
}

int ws_open_anonymous(const char *dir, struct workspace **out)
{
	struct workspace *ws;
	int rc = ws_open_files(dir, &ws);
	if (rc)
		return rc;
	if ((rc = store_open(ws->dir, ws_database(ws), 0, &ws->store))) {
		ws_close(ws);
		return locator_err(rc);
	}
	*out = ws;
	return 0;
}

int ws_open(const char *dir, const char *as_login, struct workspace **out)
{
	struct workspace *ws;
	int rc = ws_open_anonymous(dir, &ws);
	if (rc)
		return rc;
	char *me = unix_login();
	struct agent a;
	rc = store_agent_get(ws->store, me, &a);
	if (rc == DK_ENOTFOUND) {
		rc = err_set(DK_EPERM, "agent %s: not an agent of this workspace; an admin runs `docket agent add %s ROLE`",
			     me, me);
		free(me);
		ws_close(ws);
		return rc;
	}
	if (rc) {
		free(me);
		ws_close(ws);
		return rc;
	}
	if (as_login && strcmp(as_login, me) && a.role != ROLE_ADMIN && priv_active()) {
		/* a shared workspace: only admins act as others */
		fprintf(stderr, "docket: --as %s ignored: only admins may act as another agent (you are %s, %s)\n",
			as_login, me, role_name(a.role));
		as_login = NULL;
	}
	if (as_login && strcmp(as_login, me)) {
		if (a.role != ROLE_ADMIN) {
			rc = err_set(DK_EPERM, "--as %s: only admins may act as another agent (you are %s, %s)", as_login,
				     me, role_name(a.role));
			agent_clear(&a);
			free(me);
			ws_close(ws);
			return rc;
		}
		agent_clear(&a);
		rc = store_agent_get(ws->store, as_login, &a);
		if (rc) {
			if (rc == DK_ENOTFOUND)
				rc = err_set(DK_EPERM, "agent %s: not an agent of this workspace; an admin runs `docket agent add %s ROLE`",
					     as_login, as_login);
			free(me);
			ws_close(ws);
			return rc;
		}
	}
	ws->real_login = me;
	ws->login = xstrdup(a.login);
	ws->role = a.role;
	agent_clear(&a);
	witness_daily(ws); /* the head in the system log at least once a day */
	/* a publish killed half-way is finished or dropped; a workspace that
	 * cannot be written is reconciled by the next open that can */
	if (publish_reconcile(ws))
		err_clear();
	*out = ws;
	return 0;
}


void ws_close(struct workspace *ws)
{
	if (!ws)
		return;
	ws_legal_close(ws);
	store_close(ws->store);
	for (size_t i = 0; i < ws->ncfg; i++) {
		free(ws->cfg_keys[i]);
		free(ws->cfg_vals[i]);
	}
	free(ws->cfg_keys);
	free(ws->cfg_vals);
	free(ws->dir);
	free(ws->legal_dir);
	free(ws->login);
	free(ws->real_login);
	free(ws->tz);
	free(ws);
}

int ws_require_role(struct workspace *ws, int min_role, const char *action)
{
	if (ws->role >= min_role)
		return 0;
	const char *need = min_role == ROLE_ADMIN ? "admin" : min_role == ROLE_LEGAL ? "legal or admin" : "agent";
	return err_set(DK_EPERM, "%s: needs the %s role (you are %s, %s)", action, need,
		       ws->login ? ws->login : "nobody", role_name(ws->role));
}

int ws_begin(struct workspace *ws) { return store_begin(ws->store); }

int ws_commit(struct workspace *ws)
{
	int rc = store_commit(ws->store);
	if (rc)
		store_rollback(ws->store);
	return rc;
}

void ws_rollback(struct workspace *ws) { store_rollback(ws->store); }

int ws_batch_begin(struct workspace *ws) { return store_batch_begin(ws->store); }
int ws_batch_commit(struct workspace *ws) { return store_batch_commit(ws->store); }
int ws_batch_end(struct workspace *ws, int commit) { return store_batch_end(ws->store, commit); }
int ws_batch_unsynced(struct workspace *ws) { return store_batch_unsynced(ws->store); }

int ws_audit(struct workspace *ws, const char *action, const char *object, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	/* an admin's --as: the row names both the agent acted as and the
	 * real login */
	if (ws->login && ws->real_login && strcmp(ws->login, ws->real_login))
		buf_printf(&b, "%sby=%s", b.len ? " " : "", ws->real_login);
	int rc = audit_append(ws->store, dk_now(), ws->login ? ws->login : "docket", action, object, buf_str(&b));
	buf_release(&b);
	return rc;
}
