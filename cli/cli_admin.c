/* cli_admin.c - init, demo, backup, restore, audit. */
#include "cli/cli_impl.h"

#include "core/audit.h"
#include "core/demo.h"
#include "lib/err.h"
#include "core/init.h"
#include "core/json.h"
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

/* audit verify and audit log */
static int audit(struct cli *c, const struct cli_args *a, int verify)
{
	int json = cli_flag(a, "json"), rc;
	const char *limit_s = verify ? NULL : cli_arg(a, "limit"), *object = verify ? NULL : cli_arg(a, "object");
	int64_t limit = 0;
	if (limit_s && parse_int64(limit_s, 0, INT64_MAX, &limit))
		return cli_fail(err_set(DK_EINVAL, "--limit: %s: expected a number", limit_s));
	struct workspace *ws = c->ws;
	if (verify) {
		int64_t bad, rows;
		rc = audit_verify(ws->store, &bad, &rows);
		if (rc)
			return cli_fail(rc);
		if (json) {
			json_t *j = json_pack("{s:b, s:I}", "intact", 1, "rows", (json_int_t)rows);
			cli_print_json(j);
			json_decref(j);
		} else {
			printf("audit: %lld rows, chain intact\n", (long long)rows);
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

CLI_HANDLER(cli_audit_verify) { return audit(c, a, 1); }

CLI_HANDLER(cli_audit_log) { return audit(c, a, 0); }

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
	if (!rc && !(rc = tar_open(file, &w))) {
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
	struct stat sb;
	if (stat(file, &sb) != 0) {
		rc = err_set(DK_ENOTFOUND, "restore: %s: %s", file, strerror(errno));
		return cli_fail(rc);
	}
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
	if (!rc)
		rc = ws_open_anonymous(dir, &ws);
	if (!rc) {
		int64_t bad, rows;
		rc = audit_verify(ws->store, &bad, &rows);
		if (!rc)
			printf("docket: workspace restored in %s (audit: %lld rows, chain intact)\n", dir, (long long)rows);
		ws_close(ws);
	}
	if (rc) {
		/* leave nothing half-restored */
		int keep = errno;
		ws_remove_database(dir);
		errno = keep;
	}
	return cli_fail(rc);
}
