/* ticketview.h - everything a ticket screen or `ticket show` presents,
 * loaded in one call: the ticket, its customer, thread, events,
 * obligations with their prompts, rule suggestions and the terms
 * revision in force (at creation and now). Shared by the CLI and TUI. */
#ifndef DOCKET_TICKETVIEW_H
#define DOCKET_TICKETVIEW_H

#include <jansson.h>

#include "core/obligations.h"
#include "core/workspace.h"

struct prompt {
	const struct obligation *ob; /* points into ticket_view.obligations */
	dk_time due;                 /* effective due time (extended or not) */
	int64_t left;                /* due - now, seconds (negative: overdue) */
	const char *next_step;       /* first unchecked step, or NULL */
	int next_step_n;
	char *calendar_note;         /* "ES: no holiday calendar, weekends only", or NULL */
};

struct terms_in_force {
	char *revision; /* full commit id, or NULL for none */
	dk_time effective;
	char *reason;
};

struct ticket_view {
	dk_time now;
	struct ticket ticket;
	struct customer customer;
	struct message *messages;
	size_t nmessages;
	struct event *events;
	size_t nevents;
	struct obligation *obligations;
	size_t nobligations;
	struct prompt *prompts; /* open obligations, most urgent first */
	size_t nprompts;
	struct suggestion *suggestions;
	size_t nsuggestions;
	/* per message (parallel to messages): the state of its outbound mail
	 * (queued, accepted, deferred, failed, bounced, suppressed), or NULL
	 * when it was not mailed */
	char **delivery;
	struct terms_in_force terms_created, terms_now;
	char *terms_error; /* why terms could not be read, or NULL */
	/* with no obligation at all: why ("no rule in the pack covers JP;
	 * check with counsel"), else NULL */
	char *no_rule_note;
};

int ticket_view_load(struct workspace *ws, int64_t id, dk_time now, struct ticket_view *v);
void ticket_view_clear(struct ticket_view *v);
/* The ticket's JSON for `ticket show --json` (CLI.md). */
json_t *ticket_view_json(const struct ticket_view *v);

/* The terms revision that bound the customer at `at`; implemented over the
 * legal repository (terms/). *out is filled; revision NULL for none. */
int terms_in_force(struct workspace *ws, const struct customer *c, const char *doc, dk_time at,
		   struct terms_in_force *out);
void terms_in_force_clear(struct terms_in_force *t);

#endif
