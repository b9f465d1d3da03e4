/* publish.c - terms_publish: commit, audit and branch move as one action. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/err.h"
#include "lib/priv.h"
#include "data/store.h"
#include "core/audit.h"
#include "model/model.h"
#include "lib/util.h"
#include "core/workspace.h"
#include "terms/legal.h"
#include "core/publish.h"
#include "core/witness.h"

/* Is there a terms.publish row for revision rev of object? */
static int publish_audited(struct workspace *ws, const char *object, const char *rev, int *yes)
{
	*yes = 0;
	struct audit_row *rows;
	size_t n;
	int rc = store_audit_list(ws->store, object, 1, 0, &rows, &n);
	if (rc)
		return rc;
	size_t rl = strlen(rev);
	for (size_t i = 0; i < n && !*yes; i++)
		if (!strcmp(rows[i].action, "terms.publish") && !strncmp(rows[i].detail, "revision=", 9) &&
		    !strncmp(rows[i].detail + 9, rev, rl) && (rows[i].detail[9 + rl] == ' ' || !rows[i].detail[9 + rl]))
			*yes = 1;
	audit_rows_free(rows, n);
	return 0;
}

/* The audit row for a publish whose branch moved, and the intent gone,
 * in one transaction; no second row if another process completed it. */
static int intent_complete_as(struct workspace *ws, const struct publish_intent *pi, const char *suffix)
{
	int rc = ws_begin(ws), deleted, audited;
	if (rc)
		return rc;
	if ((rc = store_intent_delete(ws->store, pi->id, &deleted)) ||
	    (rc = publish_audited(ws, pi->object, pi->new_rev, &audited)))
		goto fail;
	if (!audited) {
		char *d = xasprintf("%s%s", pi->detail, suffix);
		rc = audit_append(ws->store, pi->at, pi->actor, "terms.publish", pi->object, d);
		free(d);
		if (rc)
			goto fail;
	}
	return ws_commit(ws);
fail:
	ws_rollback(ws);
	return rc;
}

static int intent_complete(struct workspace *ws, const struct publish_intent *pi)
{
	return intent_complete_as(ws, pi, "");
}

static void intent_drop(struct workspace *ws, int64_t id)
{
	int deleted;
	if (ws_begin(ws) || store_intent_delete(ws->store, id, &deleted) || ws_commit(ws)) {
		ws_rollback(ws);
		err_clear(); /* the next open drops it */
	}
}

/* An intent younger than this may belong to a publish still running in
 * another process (which takes milliseconds): it is completed if main has
 * moved, but not dropped. */
#define INTENT_STALE_SECS 60

int publish_reconcile(struct workspace *ws)
{
	char *base = NULL;
	int rc = store_meta_get(ws->store, "legal_baseline", &base);
	if (rc)
		return rc;
	if (base && !strcmp(base, "pending")) {
		/* once, after the migration: the history so far predates the
		 * rule that every revision has an audit row */
		char tip[LEGAL_ID_LEN + 1];
		if (!legal_head_peek(ws->legal_dir, tip) && (rc = store_meta_set(ws->store, "legal_baseline", tip))) {
			free(base);
			return rc;
		}
		err_clear();
	}
	free(base);
	struct publish_intent *v;
	size_t n;
	if ((rc = store_intent_list(ws->store, &v, &n)) || !n)
		return rc;
	struct legal_repo *r;
	if ((rc = ws_legal(ws, &r))) {
		publish_intents_free(v, n);
		return rc;
	}
	time_t now = time(NULL);
	for (size_t i = 0; i < n && !rc; i++) {
		int moved;
		if ((rc = legal_main_contains(r, v[i].new_rev, &moved)))
			break;
		if (moved)
			rc = intent_complete_as(ws, &v[i], " completed_after_crash=1");
		else if (now - (time_t)v[i].started > INTENT_STALE_SECS || now < (time_t)v[i].started)
			intent_drop(ws, v[i].id);
	}
	publish_intents_free(v, n);
	return rc;
}

int publish_unaudited(struct workspace *ws, char (**ids)[41], size_t *n)
{
	*ids = NULL;
	*n = 0;
	struct legal_repo *r;
	char *base = NULL;
	int rc = ws_legal(ws, &r);
	if (rc || (rc = store_meta_get(ws->store, "legal_baseline", &base)))
		return rc;
	char (*all)[LEGAL_ID_LEN + 1];
	size_t nall;
	rc = legal_main_commits(r, base && strcmp(base, "pending") ? base : NULL, &all, &nall);
	free(base);
	if (rc)
		return rc;
	/* what accounts for a commit: a terms.publish row naming it, or an
	 * intent (a publish under way, or one the next open completes) */
	struct audit_row *rows = NULL;
	struct publish_intent *v = NULL;
	size_t nrows = 0, nv = 0, cap = 0;
	if ((rc = store_audit_list(ws->store, "terms:", 0, 0, &rows, &nrows)) ||
	    (rc = store_intent_list(ws->store, &v, &nv))) {
		audit_rows_free(rows, nrows);
		free(all);
		return rc;
	}
	for (size_t i = 0; i < nall; i++) {
		int ok = 0;
		for (size_t k = 0; k < nrows && !ok; k++)
			ok = !strcmp(rows[k].action, "terms.publish") && !strncmp(rows[k].detail, "revision=", 9) &&
			     !strncmp(rows[k].detail + 9, all[i], LEGAL_ID_LEN);
		for (size_t k = 0; k < nv && !ok; k++)
			ok = !strcmp(v[k].new_rev, all[i]);
		if (!ok) {
			ARRAY_GROW(*ids, cap, *n + 1);
			memcpy((*ids)[(*n)++], all[i], LEGAL_ID_LEN + 1);
		}
	}
	audit_rows_free(rows, nrows);
	publish_intents_free(v, nv);
	free(all);
	return 0;
}

int publish_mark_baseline(struct workspace *ws)
{
	char tip[LEGAL_ID_LEN + 1];
	int rc = legal_head_peek(ws->legal_dir, tip);
	if (rc)
		return rc;
	return store_meta_set(ws->store, "legal_baseline", tip);
}

int terms_publish(struct workspace *ws, const char *doc, const char *what, const char *data, size_t len,
		  dk_time effective, int notice_days, const char *msg, dk_time now, char new_id[41])
{
	struct legal_repo *r;
	char today[DK_TIME_BUFSZ], effday[DK_TIME_BUFSZ], obj[300];
	char old_id[LEGAL_ID_LEN + 1];
	char *path = NULL;
	int rc;

	new_id[0] = 0;
	if ((rc = ws_require_role(ws, ROLE_LEGAL, "terms publish")))
		return rc;
	if (notice_days < 0 || notice_days > 3650)
		return err_set(DK_EINVAL, "terms publish: notice days %d: expected 0..3650", notice_days);
	if ((rc = legal_doc_path(doc, &path)))
		return rc;
	if (!what)
		what = path;
	if (effective == DK_TIME_NONE) {
		rc = err_set(DK_EINVAL, "terms publish: an effective date is required");
		goto out;
	}
	if (dk_local_days(ws->tz, effective) < dk_local_days(ws->tz, now)) {
		rc = err_set(DK_EINVAL, "terms publish: effective %s: before today (%s)",
			     dk_date_format(effective, ws->tz, effday), dk_date_format(now, ws->tz, today));
		goto out;
	}
	if (len > LEGAL_MAX_FILE) {
		rc = err_set(DK_EINVAL, "terms publish: %s: too large (limit %u bytes)", what, LEGAL_MAX_FILE);
		goto out;
	}
	if ((rc = legal_check_text(what, data, len)) || (rc = ws_legal(ws, &r)))
		goto out;

	/* A crash must never leave a revision on main that no audit row
	 * accounts for: the commit object first (harmless alone), then the
	 * intent in its own transaction, then main moves (compare-and-swap),
	 * then the audit row replaces the intent. An open after a crash
	 * finishes the intent or drops it (publish_reconcile). */
	struct legal_publish p = { path, data, len, ws->login, now, msg, effective, notice_days, ws->tz };
	char id[LEGAL_ID_LEN + 1];
	snprintf(obj, sizeof(obj), "terms:%s", doc);
	/* a workspace opened read-only (a full disk): refused before git is
	 * touched */
	if (store_readonly(ws->store)) {
		rc = ws_begin(ws);
		goto out;
	}
	if ((rc = legal_commit_file(r, &p, old_id, id)))
		goto out;
	int as_other = ws->real_login && strcmp(ws->real_login, ws->login);
	char *detail = xasprintf("revision=%s parent=%s effective=%s notice_days=%d%s%s", id, old_id,
				 dk_date_format(effective, ws->tz, effday), notice_days, as_other ? " by=" : "",
				 as_other ? ws->real_login : "");
	struct publish_intent pi = { 0, obj, old_id, id, ws->login, now, detail, (int64_t)time(NULL) };
	if ((rc = ws_begin(ws))) {
		free(detail);
		goto out;
	}
	if ((rc = store_intent_add(ws->store, &pi)) || (rc = ws_commit(ws))) {
		ws_rollback(ws);
		free(detail);
		goto out;
	}
	priv_test_kill_at("publish-after-intent");
	if ((rc = legal_advance(r, old_id, id))) {
		intent_drop(ws, pi.id);
		free(detail);
		goto out;
	}
	priv_test_kill_at("publish-after-branch");
	rc = intent_complete(ws, &pi);
	free(detail);
	if (rc) {
		/* the caller can only print one message: keep both reasons */
		char *why = xstrdup(err_msg());
		if (legal_rewind(r, id, old_id)) {
			char *why2 = xstrdup(err_msg());
			err_set(rc, "%s (and the branch move could not be undone: %s; the next open completes it)",
				why, why2);
			free(why2);
		} else {
			intent_drop(ws, pi.id);
			err_set(rc, "%s", why);
		}
		free(why);
		goto out;
	}
	memcpy(new_id, id, sizeof(id));
	witness_log(ws, "terms.publish");
out:
	free(path);
	return rc;
}
