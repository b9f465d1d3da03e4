/* cli_admin.c - init, demo, backup, restore, audit. */
#include "cli/cli_impl.h"

#include "core/audit.h"
#include "core/demo.h"
#include "lib/err.h"
#include "lib/priv.h"
#include "core/init.h"
#include "core/json.h"
#include "core/witness.h"
#include "core/publish.h"
#include "lib/tarball.h"
#include "lib/util.h"
#include "core/workspace.h"
#include "data/store.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

CLI_HANDLER(cli_init)
{
	char *dir = ws_default_dir(a->npos ? a->pos[0] : c->ws_dir);
	priv_drop(); /* a new workspace is the user's own (docs/security.md) */
	struct workspace *ws;
	int rc = ws_init(dir, dk_now(), &ws);
	if (!rc) {
		printf("docket: workspace created in %s (admin: %s)\n", ws->dir, ws->login);
		ws_close(ws);
	}
	free(dir);
	return cli_fail(rc);
}

CLI_HANDLER(cli_demo)
{
	const char *tickets = cli_arg(a, "tickets"), *customers = cli_arg(a, "customers"), *seed = cli_arg(a, "seed");
	int rc;
	struct demo_opts o = { .tickets = 300, .customers = 120, .seed = 1, .now = dk_now() };
	int64_t v;
	if (tickets && (parse_int64(tickets, 1, 100000000, &v) || !(o.tickets = v)))
		return cli_fail(err_set(DK_EINVAL, "--tickets: %s: expected a positive number", tickets));
	if (customers && (parse_int64(customers, 1, 100000000, &v) || !(o.customers = v)))
		return cli_fail(err_set(DK_EINVAL, "--customers: %s: expected a positive number", customers));
	if (seed) {
		if (parse_int64(seed, 0, 4294967295LL, &v))
			return cli_fail(err_set(DK_EINVAL, "--seed: %s: expected a number", seed));
		o.seed = (unsigned)v;
	}
	char *dir = ws_default_dir(a->npos ? a->pos[0] : c->ws_dir);
	priv_drop();
	struct workspace *ws;
	if ((rc = ws_init(dir, o.now - 2 * 365 * 86400LL - 86400, &ws))) {
		free(dir);
		return cli_fail(rc);
	}
	rc = demo_populate(ws, &o);
	if (!rc)
		printf("docket: demo workspace in %s: %lld customers, %lld tickets\n", ws->dir, (long long)o.customers,
		       (long long)o.tickets);
	ws_close(ws);
	free(dir);
	return cli_fail(rc);
}

/* --anchor SEQ:HASH (repeatable) and --anchors FILE|- (repeatable) of
 * `audit verify`, in the order given. */
static int audit_anchors(const struct cli_args *a, const char *dir, struct anchor **out, size_t *n, size_t *cap)
{
	const char **v;
	size_t nv = cli_arg_all(a, "anchor", &v);
	for (size_t i = 0; i < nv; i++) {
		struct anchor one;
		if (witness_parse(v[i], &one)) {
			free(v);
			return cli_fail(DK_EUSAGE);
		}
		ARRAY_GROW(*out, *cap, *n + 1);
		(*out)[(*n)++] = one;
	}
	free(v);
	nv = cli_arg_all(a, "anchors", &v);
	for (size_t i = 0; i < nv; i++) {
		const char *file = v[i];
		char *text = NULL;
		size_t len, before = *n;
		priv_user_begin(); /* FILE is read with the user's own rights */
		int rc = !strcmp(file, "-") ? read_stream(stdin, &text, &len) : read_file(file, &text, &len);
		priv_user_end();
		if (rc) {
			free(v);
			return cli_fail(err_prefix(rc, "--anchors"));
		}
		witness_scan(text, dir, out, n, cap);
		free(text);
		if (*n == before) {
			rc = err_set(DK_EINVAL, "--anchors %s: no SEQ:HASH anchor of this workspace in it", file);
			free(v);
			return cli_fail(rc);
		}
	}
	free(v);
	return 0;
}
static int audit_verify_cmd(struct workspace *ws, int json, const struct anchor *anchors, size_t nanchors)
{
	int64_t bad, rows;
	int rc = audit_verify(ws->store, &bad, &rows);
	if (!rc)
		rc = witness_check(ws, anchors, nanchors);
	if (rc)
		return cli_fail(rc);
	/* git history and the audit trail agree: every revision on main has
	 * its audit row (or a publish intent the next open completes) */
	char (*unaudited)[41];
	size_t nun;
	if ((rc = publish_unaudited(ws, &unaudited, &nun)))
		return cli_fail(rc);
	if (nun) {
		if (nun > 1)
			rc = err_set(DK_ERR, "audit: legal revision %.7s on main: unaudited (no terms.publish row accounts"
					     " for it; %zu more after it)", unaudited[nun - 1], nun - 1);
		else
			rc = err_set(DK_ERR, "audit: legal revision %.7s on main: unaudited (no terms.publish row"
					     " accounts for it)", unaudited[0]);
		free(unaudited);
		return cli_fail(rc);
	}
	struct anchor head;
	if ((rc = witness_head(ws, &head)))
		return cli_fail(rc);
	char h[128];
	witness_format(&head, h, sizeof(h));
	if (json) {
		json_t *j = json_pack("{s:b, s:I, s:s, s:I}", "intact", 1, "rows", (json_int_t)rows, "head", h,
				      "anchors", (json_int_t)nanchors);
		cli_print_json(j);
		json_decref(j);
	} else if (nanchors) {
		printf("audit: %lld rows, chain intact, %zu anchor%s hold (head %s)\n", (long long)rows, nanchors,
		       nanchors == 1 ? "" : "s", h);
	} else {
		printf("audit: %lld rows, chain intact\n", (long long)rows);
	}
	return 0;
}

/* audit verify, audit head and audit log */
static int audit(struct cli *c, const struct cli_args *a, int verify, int head)
{
	int json = cli_flag(a, "json"), rc;
	const char *limit_s = verify || head ? NULL : cli_arg(a, "limit");
	const char *object = verify || head ? NULL : cli_arg(a, "object");
	struct anchor *anchors = NULL;
	size_t nanchors = 0, capanchors = 0;
	if (verify && (rc = audit_anchors(a, c->ws->dir, &anchors, &nanchors, &capanchors))) {
		free(anchors);
		return rc;
	}
	int64_t limit = 0;
	if (limit_s && parse_int64(limit_s, 0, INT64_MAX, &limit)) {
		free(anchors);
		return cli_fail(err_set(DK_EINVAL, "--limit: %s: expected a number", limit_s));
	}
	struct workspace *ws = c->ws;
	if (verify) {
		rc = audit_verify_cmd(ws, json, anchors, nanchors);
		free(anchors);
		return rc;
	}
	free(anchors);
	if (head) {
		struct anchor h;
		if ((rc = witness_head(ws, &h)))
			return cli_fail(rc);
		char s[128];
		witness_format(&h, s, sizeof(s));
		if (json) {
			json_t *j = json_pack("{s:I, s:s, s:s}", "seq", (json_int_t)h.seq, "hash", h.hash, "anchor", s);
			cli_print_json(j);
			json_decref(j);
		} else {
			printf("%s\n", s);
		}
		return 0;
	}
	struct audit_row *r;
	size_t n;
	if ((rc = store_audit_list(ws->store, object, 1, limit, &r, &n)))
		return cli_fail(rc);
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_audit_row(&r[i]));
		cli_print_json(arr);
		json_decref(arr);
	} else {
		for (size_t i = 0; i < n; i++) {
			char t[DK_TIME_BUFSZ];
			printf("%6lld %s %-10s %-18s %-16s %s\n", (long long)r[i].seq, dk_time_format(r[i].at, t), r[i].actor,
			       r[i].action, r[i].object, r[i].detail);
		}
	}
	audit_rows_free(r, n);
	return 0;
}

CLI_HANDLER(cli_audit_verify) { return audit(c, a, 1, 0); }

CLI_HANDLER(cli_audit_head) { return audit(c, a, 0, 1); }

CLI_HANDLER(cli_audit_log) { return audit(c, a, 0, 0); }

/* The archive member that holds the database's dump (store_dump). */
#define BACKUP_DUMP "database.dump"

CLI_HANDLER(cli_backup)
{
	int rc;
	char *file = xstrdup(a->pos[0]);
	struct workspace *ws = c->ws;
	struct stat sb;
	if (stat(file, &sb) == 0) {
		rc = err_set(DK_ECONFLICT, "backup: %s: exists; choose a new file", file);
		free(file);
		return cli_fail(rc);
	}
	/* A consistent dump of the database first, then the archive. */
	char tmpdir[] = "/tmp/docket-backup-XXXXXX";
	if (!mkdtemp(tmpdir)) {
		free(file);
		return cli_fail(err_set(DK_EIO, "backup: temporary folder: %s", strerror(errno)));
	}
	char *dbcopy = xasprintf("%s/" BACKUP_DUMP, tmpdir);
	struct tar_writer *w = NULL;
	FILE *dump = fopen(dbcopy, "wb");
	if (!dump) {
		rc = err_set(DK_EIO, "backup: %s: %s", dbcopy, strerror(errno));
	} else {
		rc = ws_dump(ws, dump);
		if (fclose(dump) != 0 && !rc)
			rc = err_set(DK_EIO, "backup: %s: %s", dbcopy, strerror(errno));
	}
	if (!rc) {
		/* FILE is the user's: created with the user's own rights */
		priv_user_begin();
		rc = tar_open(file, &w);
		priv_user_end();
	}
	if (!rc) {
		char *cfg = xasprintf("%s/config", ws->dir);
		if (!(rc = tar_add_path(w, dbcopy, BACKUP_DUMP)) && !(rc = tar_add_path(w, ws->legal_dir, "legal")) &&
		    stat(cfg, &sb) == 0)
			rc = tar_add_path(w, cfg, "config");
		free(cfg);
		int rc2 = tar_close(w, rc != 0);
		if (!rc)
			rc = rc2;
	}
	unlink(dbcopy);
	rmdir(tmpdir);
	free(dbcopy);
	if (!rc) {
		rc = ws_begin(ws);
		if (!rc && (rc = ws_audit(ws, "workspace.backup", "workspace", "file_bytes=%lld",
					  stat(file, &sb) == 0 ? (long long)sb.st_size : 0LL)))
			ws_rollback(ws);
		else if (!rc)
			rc = ws_commit(ws);
		if (!rc)
			printf("docket: backup written to %s\n", file);
	}
	free(file);
	return cli_fail(rc);
}

CLI_HANDLER(cli_restore)
{
	(void)c;
	int rc;
	const char *file = a->pos[0], *dir = a->pos[1];
	/* the archive and the new folder are the user's own: no group rights */
	priv_drop();
	struct stat sb;
	if (stat(file, &sb) != 0) {
		rc = err_set(DK_ENOTFOUND, "restore: %s: %s", file, strerror(errno));
		return cli_fail(rc);
	}
	long long fsize = (long long)sb.st_size;
	if (stat(dir, &sb) == 0) {
		rc = err_set(DK_ECONFLICT, "restore: %s: exists; restore into a new folder", dir);
		return cli_fail(rc);
	}
	if (mkdir(dir, 02770) != 0) {
		rc = err_set(DK_EIO, "restore: %s: %s", dir, strerror(errno));
		return cli_fail(rc);
	}
	rc = tar_extract(file, dir);
	/* the database comes as a dump (older backups held the database
	 * itself, which the extraction has put in place) */
	char *dump_path = xasprintf("%s/" BACKUP_DUMP, dir);
	FILE *dump = rc ? NULL : fopen(dump_path, "rb");
	if (dump) {
		rc = ws_restore_dump(dir, dump);
		fclose(dump);
		unlink(dump_path);
	}
	free(dump_path);
	struct workspace *ws = NULL;
	/* only an admin of the backed-up workspace restores it, audited */
	if (!rc)
		rc = ws_open(dir, NULL, &ws);
	if (!rc)
		rc = ws_require_role(ws, ROLE_ADMIN, "restore");
	if (!rc) {
		int64_t bad, rows;
		rc = audit_verify(ws->store, &bad, &rows);
		if (!rc && !(rc = ws_begin(ws))) {
			if ((rc = ws_audit(ws, "workspace.restore", "workspace", "file_bytes=%lld", (long long)fsize)))
				ws_rollback(ws);
			else
				rc = ws_commit(ws);
		}
		if (!rc)
			printf("docket: workspace restored in %s (audit: %lld rows, chain intact)\n", dir, (long long)rows);
	}
	ws_close(ws);
	if (rc) {
		/* leave nothing half-restored */
		int keep = errno;
		ws_remove_database(dir);
		errno = keep;
	}
	return cli_fail(rc);
}
