/* publish.h - publishing a revision of a legal document: one user action
 * that commits the text to the legal repository and writes its audit row
 * in the same database transaction. Shared by `docket terms publish` and
 * the TUI's terms browser. */
#ifndef DOCKET_PUBLISH_H
#define DOCKET_PUBLISH_H

#include <stddef.h>

#include "lib/dtime.h"

struct workspace;

/* Publish data (len bytes) as the next revision of document doc
 * ("terms-of-service" names terms/terms-of-service.md), authored by the
 * acting agent at `now`, with the trailers "Effective: <effective's day>"
 * and, when notice_days > 0, "Notice-Days: N". msg is the commit subject
 * (NULL: "Publish PATH").
 *
 * Checks, in this order, each refusing with nothing changed:
 *   DK_EPERM     the agent is not legal or admin ("terms publish: needs
 *                the legal role (you are LOGIN, agent)");
 *   DK_EINVAL    notice_days outside 0..3650; effective before today in
 *                the business zone; data larger than LEGAL_MAX_FILE, not
 *                UTF-8 text or binary (what names the text in messages:
 *                a file name, or NULL for the document path);
 *   DK_ECONFLICT data identical to the current revision, or main moved
 *                while publishing.
 * Then, in one action: the commit object is written, the audit row
 * "terms.publish terms:DOC revision=... parent=... effective=...
 * notice_days=N" is appended in a transaction, main is moved
 * (compare-and-swap) and the transaction committed; a failure after the
 * branch moved moves it back. new_id receives the new commit id. */
int terms_publish(struct workspace *ws, const char *doc, const char *what, const char *data, size_t len,
		  dk_time effective, int notice_days, const char *msg, dk_time now, char new_id[41]);

/* Every open: record the baseline once after the migration (main's
 * commit then; the history before it predates audited publishing), and
 * reconcile intents left by a publish that was killed: the audit row is
 * written when main holds the intent's revision (with
 * completed_after_crash=1), the intent dropped when it does not (and is
 * older than a running publish could be). */
int publish_reconcile(struct workspace *ws);
/* Commits on main after the baseline that no terms.publish audit row and
 * no intent accounts for: revisions published behind docket's back.
 * *ids is one array (free() it). */
int publish_unaudited(struct workspace *ws, char (**ids)[41], size_t *n);
/* The current history is the baseline (demo: a history made up whole). */
int publish_mark_baseline(struct workspace *ws);

#endif
