/* rules.h - the rule pack: statutory duties read from the legal folder.
 *
 *   DIR/jurisdictions.ini   jurisdiction groups (EU, EEA, ...)
 *   DIR/calendars/NAME.ini     public holidays, one file per jurisdiction
 *   DIR/rules/NAME.ini         one rule per [section]
 *
 * The format, every key and every error message are documented in
 * docs/rule-pack.md. Loading validates the whole pack and reports each
 * mistake as "file:line: message" (file relative to DIR), so that
 * `docket rules check` can list them all at once.
 *
 * A loaded pack is read-only; struct rule is public so that the
 * obligations engine can snapshot a rule's texts. Pointers into a pack
 * stay valid until rule_pack_free(). */
#ifndef DOCKET_RULES_H
#define DOCKET_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "core/calendar.h"
#include "lib/dtime.h"

/* Units of a period. */
enum rule_unit {
	RULE_UNIT_NONE = 0,      /* no period (duty without a clock) */
	RULE_UNIT_HOURS,         /* exact hours from the start; never rolls */
	RULE_UNIT_DAYS,          /* calendar days */
	RULE_UNIT_BUSINESS_DAYS, /* working days of the rule's calendar */
	RULE_UNIT_WEEKS,
	RULE_UNIT_MONTHS,        /* calendar months, Regulation 1182/71 */
};

/* roll = no / yes / holidays. */
enum rule_roll {
	RULE_ROLL_NO = 0,
	RULE_ROLL_YES,      /* off weekends and holidays: the next working day */
	RULE_ROLL_HOLIDAYS, /* off holidays and Sundays only (Interpretation
			       Act (Canada) ss.26, 35: a Saturday end stays) */
};

/* counting = after / beginning-with. */
enum rule_counting {
	RULE_COUNT_AFTER = 0,   /* day 1 is the day after the start (1182/71) */
	RULE_COUNT_BEGINNING_WITH, /* "the period of N days beginning with"
				      the event: the start day is day 1 */
};

/* The calendar value naming the business's establishment. */
#define RULE_CALENDAR_ESTABLISHMENT "establishment"

struct rule;
/* 1 when the rule counts the business's holidays (`calendar =
 * establishment`, also `establishment in CODE`). */
int rule_calendar_is_establishment(const struct rule *r);
/* 1 when code is within (equal to, or a subdivision of) the country or
 * region code within: "GB-SCT" and "GB" are within "GB". */
int rule_code_within(const char *code, const char *within);

struct rule_period {
	int n;    /* 1..9999; 0 with RULE_UNIT_NONE */
	int unit; /* enum rule_unit */
};

/* Parse "72 hours", "1 month", "45 days", "45 calendar days",
 * "10 business days" (also "working days"), "8 weeks". Returns 0, or
 * DK_EINVAL with the message "bad period 'TEXT' (...)". */
int rule_period_parse(const char *s, struct rule_period *out);
/* "2 months", "10 business days"; out holds at least 32 bytes. */
char *rule_period_format(const struct rule_period *p, char *out, size_t n);

/* The pseudo ticket kind of rules that apply to automated replies (AI
 * and bot disclosure) rather than to tickets of a kind. */
#define RULE_AUTOMATED_REPLY "automated-reply"

struct rule {
	char *id;             /* the [section] name: "gdpr-access" */
	char *title;
	char *regime;         /* "GDPR", "UK GDPR", "CCPA/CPRA", ... */
	char **applies;       /* ticket kinds, or "automated-reply" */
	size_t napplies;
	char **jurisdictions; /* as written: codes, groups, "*" */
	size_t njurisdictions;
	char **codes;         /* groups expanded: codes and "*" */
	size_t ncodes;
	char *from;           /* in force from, "YYYY-MM-DD" */
	char *until;          /* last day in force, or NULL */
	int64_t from_day;     /* days since epoch */
	int64_t until_day;    /* INT64_MAX when open-ended */
	char **phrases;       /* suggest the rule in inbound text */
	size_t nphrases;
	char *starts;         /* the `starts` events as written: "received", ... */
	char **start_events;  /* the same, one per item ("received",
				 "identity-verified", "fee-paid"): the clock
				 starts at the latest of those that happened */
	size_t nstart_events;
	int counting;         /* enum rule_counting */
	int pause_inclusive;  /* pause_counting = inclusive: the days of the
				 pause and of the resumption both count as
				 paused (DPA 2018 s.54(3C)) */
	char **pauses;        /* reasons the clock may pause; none = never */
	size_t npauses;
	struct rule_period deadline;
	char *deadline_text;  /* "1 month", or NULL */
	int roll;             /* enum rule_roll */
	char *calendar;       /* calendar code, "establishment" (the
				 business's, config `establishment`), or
				 NULL: the customer's */
	char *calendar_within; /* `calendar = establishment in GB`: the
				  establishment's calendar when it lies in
				  GB (GB or GB-xx), else GB's; NULL
				  otherwise */
	struct rule_period extension;
	char *extension_text; /* "2 months", or NULL when none allowed */
	char *extension_when; /* the condition, or NULL */
	struct rule_period ack;
	char *ack_text;       /* acknowledgement period, or NULL */
	char *prompt;         /* shown to the agent */
	char **steps;         /* the checklist, in order */
	size_t nsteps;
	char *source;         /* the legal source cited */
	char *note;           /* "verify ..." for unverified rows, or NULL */
	int automated;        /* applies to automated replies */
	int ack_duty;         /* duty = acknowledgement: the deadline is for
				 acknowledging receipt (met by "acknowledged") */
	const char *file;     /* where it was defined (owned by the pack) */
	int line;             /* line of its [section] header */
	/* -- step completion (issue 12, key `done_by`) -- */
	char **step_done_by;  /* per step (index < nstep_done_by): the event
				 that completes it ("identity-verified"), "reply"
				 (the first outbound reply), or NULL */
	size_t nstep_done_by;
	/* -- workspace facts (issue 12 item 7, key `requires`) -- */
	char **requires;      /* facts the workspace must have (config
				 `regulated`, core/facts.h): "fca"; none = binds
				 every business */
	size_t nrequires;
};

/* What completes step i (0-based) of r: comma-separated event types and
 * "reply" (whichever comes first), or NULL. */
const char *rule_step_done_by(const struct rule *r, size_t i);

struct rule_pack;

/* One file of a legal folder; path relative to it ("rules/gdpr.ini",
 * "calendars/GB.ini", "jurisdictions.ini"). Other paths are ignored.
 * data need not be NUL-terminated. */
struct pack_file {
	const char *path;
	const char *data;
	size_t len;
};

/* Load a pack from files (any order: jurisdictions.ini is read first,
 * then calendars, then rules, each group in path order). On success *out
 * is the pack and 0 is returned. When the pack has mistakes, each is
 * appended to errors (may be NULL) as one "file:line: message\n", *out is
 * NULL and DK_EINVAL is returned with err_msg() "rule pack: N errors". */
int rule_pack_load_files(const struct pack_file *files, size_t n, struct rule_pack **out,
			 struct buf *errors);
/* Read DIR/jurisdictions.ini, DIR/calendars/NAME.ini, DIR/rules/NAME.ini and
 * load them as above. DK_ENOTFOUND when DIR/rules is missing; DK_EIO on
 * a read failure. */
int rule_pack_load_dir(const char *dir, struct rule_pack **out, struct buf *errors);
void rule_pack_free(struct rule_pack *p);

size_t rule_pack_count(const struct rule_pack *p);
/* Rules in load order; NULL past the end. */
const struct rule *rule_pack_get(const struct rule_pack *p, size_t i);
/* NULL when no rule has that id. */
const struct rule *rule_pack_find(const struct rule_pack *p, const char *id);
/* The holiday calendars of the pack (never NULL for a loaded pack). */
const struct calendar_set *rule_pack_calendars(const struct rule_pack *p);
/* Members of a jurisdiction group, expanded to codes, or NULL when no
 * such group. */
const char *const *rule_pack_group(const struct rule_pack *p, const char *name, size_t *n);
size_t rule_pack_group_count(const struct rule_pack *p);
const char *rule_pack_group_name(const struct rule_pack *p, size_t i);

/* Is the rule in force at `at` (its civil date in tz, NULL = UTC)? */
int rule_in_force(const struct rule *r, dk_time at, const char *tz);
/* Does the rule cover a customer jurisdiction? A code in the rule
 * covers itself and, when it is a country, its subdivisions ("US"
 * covers "US-NY"); "*" covers everything. */
int rule_covers(const struct rule *r, const char *jurisdiction);
/* Does the rule's clock start (or restart) at event ("aware",
 * "identity-verified", "fee-paid", ...)? */
int rule_starts_on(const struct rule *r, const char *event);
/* Does the rule apply to kind (a ticket kind or "automated-reply")? */
int rule_applies_to(const struct rule *r, const char *kind);

/* The rules that apply to a ticket of kind from a customer in
 * jurisdiction at time `at`: kind and jurisdiction covered, in force.
 * *out is a heap array of pointers into the pack (free() it, not the
 * rules); *n its length. Always returns 0. */
int rule_pack_match(const struct rule_pack *p, const char *kind, const char *jurisdiction,
		    dk_time at, const char *tz, const struct rule ***out, size_t *n);

struct rule_suggestion {
	const struct rule *rule;
	const char *phrase; /* the rule's phrase found (owned by the pack) */
	size_t offset;      /* where it occurs in the text */
};
/* Rules whose phrases occur in text, case-insensitively and on word
 * boundaries; one entry per rule (its first listed phrase found), in
 * pack order. *out is a heap array (free() it). Always returns 0. */
int rule_pack_suggest(const struct rule_pack *p, const char *text, struct rule_suggestion **out,
		      size_t *n);

/* 1 when code is an ISO 3166-1 alpha-2 country code, optionally followed
 * by "-" and a 1-3 character upper-case subdivision ("US-CA"), that is,
 * exactly the upper-case codes a customer may have (jurisdiction.h). */
int rule_jurisdiction_code_valid(const char *code);

#endif
