/* publish.c - terms_publish: commit, audit and branch move as one action. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "model/model.h"
#include "lib/util.h"
#include "core/workspace.h"
#include "terms/legal.h"
#include "core/publish.h"
#include "core/witness.h"

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

	/* One action: the commit object first (harmless alone), the audit row
	 * in the open transaction, then the branch moves (compare-and-swap),
	 * then the transaction commits; any failure undoes the branch move. */
	struct legal_publish p = { path, data, len, ws->login, now, msg, effective, notice_days, ws->tz };
	char id[LEGAL_ID_LEN + 1];
	snprintf(obj, sizeof(obj), "terms:%s", doc);
	if ((rc = ws_begin(ws)))
		goto out;
	if ((rc = legal_commit_file(r, &p, old_id, id)) ||
	    (rc = ws_audit(ws, "terms.publish", obj, "revision=%s parent=%s effective=%s notice_days=%d", id, old_id,
			   dk_date_format(effective, ws->tz, effday), notice_days)) ||
	    (rc = legal_advance(r, old_id, id))) {
		ws_rollback(ws);
		goto out;
	}
	if ((rc = ws_commit(ws))) {
		/* the caller can only print one message: keep both reasons */
		char *why = xstrdup(err_msg());
		if (legal_rewind(r, id, old_id)) {
			char *why2 = xstrdup(err_msg());
			err_set(rc, "%s (and the branch move could not be undone: %s)", why, why2);
			free(why2);
		} else
			err_set(rc, "%s", why);
		free(why);
		goto out;
	}
	memcpy(new_id, id, sizeof(id));
	witness_log(ws, "terms.publish");
out:
	free(path);
	return rc;
}
