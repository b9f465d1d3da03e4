/* digest.h - what changed since an agent last looked (issue 16): duties
 * that became overdue or fall due today, tickets assigned to the agent by
 * someone else, breach clocks started. `docket digest [--mine]` prints it
 * (for cron or a daily mail); the TUI shows the counts in a line at the
 * top of the queue. Read only. */
#ifndef DOCKET_CORE_DIGEST_H
#define DOCKET_CORE_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "core/workspace.h"

enum notice_kind { NOTICE_OVERDUE, NOTICE_DUE_TODAY, NOTICE_ASSIGNED, NOTICE_BREACH, NOTICE_KINDS };

struct notice {
	int kind;            /* enum notice_kind */
	int64_t ticket_id;
	dk_time at;          /* when it became due / was assigned / started */
	char *what;          /* "gdpr-access (final)", "by lena", "aware", ... (no personal data) */
};

struct digest {
	dk_time since, now;
	struct notice *v;
	size_t n;
	size_t count[NOTICE_KINDS];
	int truncated;       /* more than DIGEST_MAX of a kind (the first shown),
				or the audit read back DIGEST_AUDIT_SCAN rows
				without reaching `since` */
};

#define DIGEST_MAX 200
/* audit rows read back from the newest, at most: the screen's start stays
 * fast on a busy desk; when `since` is further back, truncated is set */
#define DIGEST_AUDIT_SCAN 5000

/* The notices between since and now: duties that became overdue in it,
 * duties due later today (when since is before today, in the business's
 * zone),
 * oldest first within each kind; mine: only tickets assigned to the
 * acting agent (assignments are always to the agent). */
int digest_build(struct workspace *ws, dk_time since, dk_time now, int mine, struct digest *out);
void digest_clear(struct digest *d);
const char *notice_kind_name(int kind); /* "overdue", "due today", "assigned", "breach" */

#endif
