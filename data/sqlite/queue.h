/* queue.h - what orders the queue (issue 12), as SQL shared by the schema
 * migration and the ticket writes of data/sqlite/ (not for other layers). */
#ifndef DOCKET_SQLITE_QUEUE_H
#define DOCKET_SQLITE_QUEUE_H

/* As SQL over the ticket whose id is
 * the expression T: the earliest due time of its unsettled duties (open
 * and not paused, or breached; a duty met late or waived is settled);
 * the key also ranks a ticket awaiting triage by its receipt, above
 * routine tickets; a ticket stays in the queue (is_open) while its status
 * is open or a duty is unsettled. */
#define SCHEMA_QUEUE_DUE(T)                                                                            \
	"SELECT min(coalesce(extended_due_at, due_at)) FROM obligations WHERE ticket_id = " T            \
	" AND met_at IS NULL AND ((status = 'open' AND paused_since IS NULL) OR status = 'breached')"
#define SCHEMA_QUEUE_KEY(T)                                                                            \
	"min(coalesce((" SCHEMA_QUEUE_DUE(T) "), 9223372036854775807),"                                 \
	" CASE WHEN triage = 1 THEN created_at ELSE 9223372036854775807 END)"
#define SCHEMA_QUEUE_OPEN(T)                                                                           \
	"(status NOT IN ('resolved','closed') OR EXISTS(SELECT 1 FROM obligations WHERE ticket_id = " T  \
	" AND met_at IS NULL AND status IN ('open','breached')))"

#endif
