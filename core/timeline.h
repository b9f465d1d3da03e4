/* timeline.h - a ticket's timeline: events and due markers in order,
 * with the time elapsed since receipt ("day 0 received", "day 2
 * acknowledged (due day 3, met)", "day 56 final response due - 12 days
 * left"). Used by `ticket timeline` and the TUI's timeline view. */
#ifndef DOCKET_TIMELINE_H
#define DOCKET_TIMELINE_H

#include <jansson.h>

#include "core/workspace.h"

/* TL_CHANGE: a change of a non-personal field (status, kind, priority,
 * assignee; the customer's jurisdiction) read from the audit trail. */
enum timeline_kind { TL_EVENT, TL_CHANGE, TL_DUE };
enum timeline_state { TL_NONE, TL_MET, TL_MISSED, TL_PENDING, TL_OVERDUE, TL_WAIVED };

struct timeline_item {
	enum timeline_kind kind;
	dk_time at;
	int day;            /* whole days since receipt (business zone) */
	char *type;         /* event type, the field changed, or the rule id for a due marker */
	char *label;        /* "acknowledged", "status open -> pending (by lena)",
			     * "GDPR access: final response due" */
	enum timeline_state state;
	dk_time met_at;     /* for due markers: when met, else DK_TIME_NONE */
	char *text;         /* the whole line as printed */
	size_t seq;         /* order added: keeps ties in recorded order */
};

struct timeline {
	int64_t ticket_id;
	dk_time received;
	dk_time now;
	dk_time final_due;  /* latest due marker, or DK_TIME_NONE */
	struct timeline_item *items;
	size_t n;
};

int timeline_build(struct workspace *ws, int64_t ticket_id, dk_time now, struct timeline *out);
void timeline_clear(struct timeline *t);
json_t *timeline_json(const struct timeline *t);
const char *timeline_state_name(enum timeline_state s);

#endif
