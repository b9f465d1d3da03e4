/* which.h - which revision of a legal document bound a customer at a time.
 *
 * Pure model, no git and no database (docs/terms-which.md):
 *   - a revision is published at its commit time (notice to existing
 *     customers is sent then) and is effective from its Effective: date;
 *   - a customer who joined at or after publication is bound by it from
 *     its effective date;
 *   - a customer who joined before publication is bound from the later of
 *     the effective date and publication + notice days, or, when the
 *     notice of that revision was recorded as sent to the customer
 *     (`terms notify`), that moment + notice days;
 *   - an explicit acceptance binds from the moment of acceptance (if that
 *     is earlier than the above);
 *   - a revision cannot bind before it is published;
 *   - the answer is the newest revision (latest in history) that binds
 *     at that time; "none" before the customer existed or when no revision
 *     binds yet.
 *
 * Build a model once per document (which_model_new), then ask it per
 * customer (which_answer_for): O(1) amortised for customers asked about
 * "now", so that 100,000 customers take a few milliseconds. */
#ifndef DOCKET_WHICH_H
#define DOCKET_WHICH_H

#include <stddef.h>

#include "lib/dtime.h"

/* One revision, given to which_model_new() oldest first (history order). */
struct which_rev {
	const char *id;      /* full commit id (copied) */
	dk_time published;   /* commit time */
	dk_time effective;   /* Effective: date, or the commit time */
	int notice_days;     /* 0 = none */
};

struct which_acceptance {
	const char *revision; /* commit id (full, or a prefix of >= 7 digits) */
	dk_time accepted_at;
	const char *channel;  /* "web"; NULL or "" = unknown */
	int notice;           /* not an acceptance: the notice of this revision
				 was accepted for delivery to the customer at
				 accepted_at (`terms notify`); an existing
				 customer's notice period then runs from it
				 instead of from publication */
};

enum which_why {
	WHICH_NONE_NO_CUSTOMER = 0, /* at is before the customer existed */
	WHICH_NONE_NO_REVISION,     /* no revision published by then */
	WHICH_NONE_NOT_YET,         /* revisions exist but none binds yet */
	WHICH_ACCEPTED,             /* explicit acceptance */
	WHICH_JOINED_AFTER,         /* joined after publication: from effective */
	WHICH_EFFECTIVE,            /* existing customer, no notice needed */
	WHICH_NOTICE,               /* existing customer, after the notice */
	WHICH_NOTICE_SENT,          /* existing customer, after the notice
				       recorded as sent to them */
};

#define WHICH_REASON_MAX 192

struct which_answer {
	int found;                 /* 0: no revision binds ("none") */
	long rev_index;            /* index into the model's revisions, or -1 */
	char revision[41];         /* full id, "" when none */
	dk_time effective;         /* of that revision, DK_TIME_NONE when none */
	dk_time published;
	dk_time binding_from;      /* when it started to bind this customer */
	enum which_why why;
	char reason[WHICH_REASON_MAX]; /* one line, dates in the model's zone */
};

struct which_model;

/* Copy revs (oldest first) into a new model; tz (NULL = UTC) is the zone
 * used for dates in reasons. Never fails except on exhaustion (dies). */
struct which_model *which_model_new(const struct which_rev *revs, size_t n, const char *tz);
void which_model_free(struct which_model *m);
size_t which_model_count(const struct which_model *m);
/* Index of a revision by full id or unique prefix (>= 4 digits), or -1. */
long which_model_find(const struct which_model *m, const char *id);

/* The answer for a customer created at `created` with the given
 * acceptances (any order; unknown revisions are ignored) at time `at`.
 * customer_label names the customer in "none" reasons ("customer 7"). */
void which_answer_for(const struct which_model *m, dk_time created, const struct which_acceptance *acc,
		      size_t nacc, dk_time at, const char *customer_label, struct which_answer *out);

#endif
