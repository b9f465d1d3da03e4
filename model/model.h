/* model.h - the domain records shared by core/, data/ and terms/.
 *
 * Plain structs, no behaviour. Strings are heap-owned by the record and
 * released by the matching *_clear() in core/model.c; times are dk_time
 * (UTC seconds) with DK_TIME_NONE for "not set". */
#ifndef DOCKET_MODEL_H
#define DOCKET_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "lib/dtime.h"
#include "model/vocab.h" /* kinds, statuses, event types, pause reasons */

enum role { ROLE_NONE = 0, ROLE_AGENT = 1, ROLE_LEGAL = 2, ROLE_ADMIN = 3 };

/* "agent", "legal", "admin" <-> enum role; role_parse returns ROLE_NONE
 * for anything else. */
const char *role_name(int role);
int role_parse(const char *s);

struct agent {
	char *login;
	char *name;
	int role;
};

struct customer {
	int64_t id;
	char *name;
	char *email;
	char *jurisdiction; /* "DE", "US-CA" */
	dk_time created_at;
	dk_time erased_at;  /* DK_TIME_NONE unless erased */
	int legal_hold;
	char *hold_reason;
	int restricted;
	char *restrict_reason;
};

struct ticket {
	int64_t id;
	int64_t customer_id;
	char *subject;
	char *kind;     /* question, complaint, data-access, ... */
	char *status;   /* new, open, pending, on-hold, resolved, closed */
	int priority;   /* 1 (urgent) .. 4 (low); default 3 */
	char *assignee; /* login or NULL */
	char *channel;  /* email, web, phone, chat */
	dk_time created_at;
	dk_time updated_at;
	int64_t version;
	dk_time next_due_at;  /* most urgent open obligation, or DK_TIME_NONE */
	/* Joined from the customer for lists and cards (may be NULL): */
	char *customer_name;
	char *jurisdiction;
};

struct message {
	int64_t id;
	int64_t ticket_id;
	char *direction; /* "in", "out", "note" */
	char *author;    /* agent login, or customer email for inbound */
	char *body;
	dk_time created_at;
	int automated;
	int disclosed;          /* an AI disclosure was added or present */
	char *disclosure_rule;  /* rule id that required it, or NULL */
};

struct event {
	int64_t id;
	int64_t ticket_id;
	dk_time at;
	char *type;   /* received, acknowledged, replied, ... */
	char *actor;
	char *detail;
};

struct obligation_step {
	int n;          /* 1-based */
	char *text;
	dk_time done_at;
	char *done_by;
	char *evidence; /* "event:ID" or "message:ID" that ticked it, or NULL
			   (loaded by store_obligation_evidence_load) */
};

struct obligation {
	int64_t id;
	int64_t ticket_id;
	char *rule_id;
	char *rules_rev;     /* legal-repo commit the rule was read from */
	char *duty;          /* "final" or "ack" */
	char *title;         /* snapshot of the rule at creation: */
	char *regime;        /* "GDPR", "CCPA", "FCA DISP" */
	char *source;
	char *prompt;
	char *extension;     /* e.g. "2 months" or NULL when none allowed */
	int extended;        /* extension already used */
	int pausable;        /* the rule lets the clock pause */
	dk_time started_at;
	dk_time due_at;
	dk_time extended_due_at; /* DK_TIME_NONE unless extended */
	dk_time paused_since;    /* DK_TIME_NONE unless the clock is paused */
	dk_time met_at;
	char *status;        /* open, met, breached, waived */
	char *note;
	struct obligation_step *steps;
	size_t nsteps;
	char *met_by;        /* the evidence that met it: "message:ID", "event:ID",
				"unrecorded" (met before evidence was kept), or
				NULL; loaded by store_obligation_evidence_load */
};

struct acceptance {
	int64_t id;
	int64_t customer_id;
	char *document;  /* "terms-of-service" */
	char *revision;  /* full commit id */
	dk_time accepted_at;
	char *channel;   /* web, email, app, paper */
};

struct audit_row {
	int64_t seq;
	dk_time at;
	char *actor;
	char *action;  /* "ticket.reply", "customer.erase" */
	char *object;  /* "ticket:12", "customer:7" */
	char *detail;  /* ids, field names, counts, hashes: never personal data */
	char *prev_hash;
	char *hash;
};

void agent_clear(struct agent *a);
void customer_clear(struct customer *c);
void ticket_clear(struct ticket *t);
void message_clear(struct message *m);
void event_clear(struct event *e);
void obligation_clear(struct obligation *o);
void acceptance_clear(struct acceptance *a);
void audit_row_clear(struct audit_row *r);

/* Free an array of n records and the array itself. */
void agents_free(struct agent *a, size_t n);
void customers_free(struct customer *c, size_t n);
void tickets_free(struct ticket *t, size_t n);
void messages_free(struct message *m, size_t n);
void events_free(struct event *e, size_t n);
void obligations_free(struct obligation *o, size_t n);
void acceptances_free(struct acceptance *a, size_t n);
void audit_rows_free(struct audit_row *r, size_t n);


#endif
