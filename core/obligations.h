/* obligations.h - the legal duties a ticket triggers, from the rule pack.
 *
 * All calls run inside the caller's transaction (ws_begin) and write no
 * audit rows of their own: the user action that caused them does. */
#ifndef DOCKET_OBLIGATIONS_H
#define DOCKET_OBLIGATIONS_H

#include "lib/buf.h"
#include "core/workspace.h"

/* Create obligations for the rules in force at `at` that apply to the
 * ticket (kind and customer jurisdiction) and that it does not have yet;
 * open obligations whose rule no longer applies are waived with a note.
 * The clock starts at the ticket's creation (receipt). Recomputes the
 * ticket's next due time. *created counts new obligations (may be NULL). */
int obligations_evaluate(struct workspace *ws, int64_t ticket_id, dk_time at, int *created);

/* Apply a ticket event (acknowledged, clock-paused, clock-resumed,
 * extended, resolved, reopened, identity-verified, escalated) to the
 * ticket's obligations. "extended" is refused (DK_EPERM) when no open
 * obligation has an unused extension before its deadline. */
int obligations_apply_event(struct workspace *ws, int64_t ticket_id, const char *type, dk_time at);
/* Pause the ticket's clock for reason (a pack pause reason: identity,
 * clarification, fee). Only duties whose rule allows that reason and
 * that are not overdue pause; when none can, the pause is refused
 * (DK_EPERM) naming each rule, the pauses it allows and its source, and
 * nothing changes. A ticket without duties may be put on hold. */
int obligations_pause(struct workspace *ws, int64_t ticket_id, const char *reason, dk_time at);
/* The pause reason at the start of an event detail ("identity: ..."),
 * copied into out (n bytes); "" when the detail names none. */
const char *obligations_pause_reason(const char *detail, char *out, size_t n);

/* When an open duty's clock is paused: *since (DK_TIME_NONE when not)
 * and the pause reason into reason (n bytes). */
int obligations_pause_state(struct workspace *ws, int64_t ticket_id, char *reason, size_t n, dk_time *since);

/* Resolving a ticket settles each unsettled duty (open, or breached and
 * not met): met by one of the ticket's outbound messages, waived (legal,
 * admin; with a reason) or left open. Without a choice for every one the
 * resolution is refused (DK_EPERM) with the list of open duties. */
enum resolve_action { RESOLVE_NONE = 0, RESOLVE_MET_BY, RESOLVE_WAIVE, RESOLVE_KEEP_OPEN };
struct resolve_choice {
	int64_t obligation_id;
	int action;          /* enum resolve_action */
	int64_t message_id;  /* RESOLVE_MET_BY */
	const char *reason;  /* RESOLVE_WAIVE */
};
struct resolve_plan {
	int64_t met_by;      /* every other unsettled duty: met by this message */
	int keep_open;       /* every other unsettled duty: left open */
	const struct resolve_choice *choices;
	size_t nchoices;
};
int obligations_resolve(struct workspace *ws, int64_t ticket_id, const struct resolve_plan *plan, dk_time at);
/* Is the duty unsettled (open, or breached without being met)? */
int obligation_unsettled(const struct obligation *o);

/* "reply #12", "event #7", "no evidence recorded" for a met_by value. */
const char *obligation_evidence_label(const char *met_by, char *out, size_t n);

/* Settle what the ticket's messages and events evidence: an ack duty is
 * met by the first outbound message after receipt or the "acknowledged"
 * event (the earlier), a notice duty by the first outbound message after
 * the extension, and a step whose rule names what completes it
 * (`done_by`) is ticked with that event or reply; each records its
 * evidence ("message:ID", "event:ID"). */
int obligations_settle_evidence(struct workspace *ws, int64_t ticket_id);

/* When the business first became aware of what the ticket reports: the
 * earliest "aware" event, or DK_TIME_NONE. Rules with `starts = aware`
 * run from it (from receipt while there is none); an "aware" event
 * restarts their open obligations from it, pauses and extension kept. */
dk_time obligations_aware_at(struct workspace *ws, int64_t ticket_id);

/* Mark open obligations whose deadline has passed as breached (for the
 * whole workspace, or one ticket when ticket_id != 0). */
int obligations_mark_breached(struct workspace *ws, int64_t ticket_id, dk_time now, int *changed);

/* The disclosure rule (AI/bot) that applies to an automated reply to
 * customer c at `at`: *rule_id set (caller frees) or NULL when none. */
int obligations_disclosure_rule(struct workspace *ws, const struct customer *c, dk_time at, char **rule_id);

/* Tick or untick checklist step n of obligation oid (audited). */
int obligation_step(struct workspace *ws, int64_t oid, int n, int done, dk_time at);
/* Waive an open obligation with a reason (legal and admin only; audited). */
int obligation_waive(struct workspace *ws, int64_t oid, const char *reason, dk_time at);

/* A suggestion from inbound text: a rule whose phrases occur in it while
 * the ticket's kind does not match the rule. */
struct suggestion {
	char *rule_id;
	char *title;
	char *kind;    /* the kind the rule applies to (to reclassify) */
	char *phrase;  /* the phrase found */
};
int obligations_suggest(struct workspace *ws, int64_t ticket_id, struct suggestion **out, size_t *n);
void suggestions_free(struct suggestion *s, size_t n);

#endif
