/* deadline.h - when a rule's duty falls due (docs/rule-pack.md,
 * "How periods are counted").
 *
 * Counting (Regulation 1182/71 and LEGAL.md):
 *  - hours run from the exact start and never roll;
 *  - day-based periods (days, business days, weeks, months) do not count
 *    the day of the start: day 1 is the next day (counting =
 *    beginning-with: the start day is day 1), days being civil dates
 *    in the business time zone tz (IANA name; NULL/"UTC" = UTC);
 *  - months end on the same date of the final month, or on its last day
 *    when it has no such date (31 Jan + 1 month = 28/29 Feb);
 *  - business days skip the weekends and holidays of the calendar;
 *  - when the rule says roll = yes, an end on a weekend or holiday moves
 *    to the next working day (roll = holidays: off holidays and Sundays);
 *  - a day-based period ends at the last second of its final day in tz
 *    (23:59:59 local, as UTC); an hour period at the exact moment.
 *
 * The calendar is the rule's `calendar` if set, else the customer's
 * jurisdiction (falling back to its country: US-NY -> US); with none,
 * Saturday and Sunday are the only days off.
 *
 * All functions return 0 with *due set, or DK_EINVAL (message set) when
 * the rule has no deadline, is not in force at the start, or an input is
 * out of range. */
#ifndef DOCKET_DEADLINE_H
#define DOCKET_DEADLINE_H

#include <stddef.h>

#include "core/calendar.h"
#include "lib/dtime.h"
#include "core/rules.h"

/* A span during which the clock was paused: [from, to). to ==
 * DK_TIME_NONE means still paused (pass `now` instead to see a running
 * projection). */
struct dk_span {
	dk_time from;
	dk_time to;
};

/* The jurisdiction code whose calendar counts for a rule: the rule's
 * `calendar` code; for `calendar = establishment` the business's
 * establishment (config `establishment`, e.g. "DE-BY"), or the
 * customer's jurisdiction when none is set; for `calendar =
 * establishment in GB` the establishment when it lies in GB (GB-SCT,
 * GB-NIR, ...), else GB's own (England and Wales); else the customer's.
 * Pass the result as `jurisdiction` to the functions below. */
const char *deadline_calendar_code(const struct rule *r, const char *customer, const char *establishment);

/* The calendar a rule uses for a customer in jurisdiction (may be NULL;
 * with `calendar = establishment`, jurisdiction is the code resolved by
 * deadline_calendar_code). */
const struct calendar *deadline_calendar(const struct rule *r, const struct calendar_set *cals,
					 const char *jurisdiction);

/* Add a period to start: the core arithmetic, usable for any period
 * (e.g. the acknowledgement duty). roll (enum rule_roll): move a
 * day-based end off non-working days (or only off holidays and Sundays). */
int deadline_add(const struct rule_period *p, int roll, const struct calendar *cal, const char *tz,
		 dk_time start, dk_time *due);

/* The rule's deadline for a duty starting at `start`. */
int deadline_compute(const struct rule *r, const struct calendar_set *cals, const char *jurisdiction,
		     const char *tz, dk_time start, dk_time *due);

/* The same, with the clock paused during the given spans (any order).
 * Only pauses that begin before the (running) deadline count; a pause
 * that began before the start counts from the start. Hour periods are
 * extended by the exact paused time. Day-based periods are extended by
 * the days from the pause's day to the resumption's day, [from, to) in
 * civil days (business days: the working days among them) — so a pause
 * and resumption on the same day cost nothing, and a request paused on
 * day 10 and resumed on day 15 has 5 more days (with the rule's
 * pause_counting = inclusive both end days count too: 1 and 6 days);
 * the end then rolls
 * again if the rule says so. An ongoing pause (to == DK_TIME_NONE) gives
 * *due = DK_TIME_NONE: the clock is stopped. */
int deadline_apply_pauses(const struct rule *r, const struct calendar_set *cals,
			  const char *jurisdiction, const char *tz, dk_time start,
			  const struct dk_span *pauses, size_t npauses, dk_time *due);

/* The deadline once the rule's extension is used (with pauses, which may
 * be NULL/0). In the period's own unit the extension lengthens the
 * period counted from the start (GDPR: 1 + 2 = 3 months from receipt;
 * CCPA: 45 + 45 days); in another unit it is added to the unrolled end
 * of the first period. DK_EINVAL "rule X: allows no extension" when it
 * has none. */
int deadline_extend(const struct rule *r, const struct calendar_set *cals, const char *jurisdiction,
		    const char *tz, dk_time start, const struct dk_span *pauses, size_t npauses,
		    dk_time *due);

/* The acknowledgement duty's due time (rule's `ack` period, counted like
 * the deadline, no pauses). DK_ENOTFOUND when the rule has none. */
int deadline_ack(const struct rule *r, const struct calendar_set *cals, const char *jurisdiction,
		 const char *tz, dk_time start, dk_time *due);

#endif
