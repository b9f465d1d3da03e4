/* check_deadline.c - deadline arithmetic and holiday calendars, table
 * driven, against the starter calendars in legal-starter/. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/deadline.h"
#include "lib/dtime.h"
#include "lib/err.h"
#include "lib/util.h"
#include "core/rules.h"

static struct rule_pack *pack;
static const struct calendar_set *cals;

/* A synthetic rule: period, roll, optional extension and in-force dates. */
static void mkrule(struct rule *r, const char *period, int roll, const char *ext, const char *from,
		   const char *until)
{
	memset(r, 0, sizeof(*r));
	r->id = xstrdup("test");
	r->from = xstrdup(from ? from : "1970-01-01");
	r->until = until ? xstrdup(until) : NULL;
	r->from_day = INT64_MIN;
	r->until_day = INT64_MAX;
	dk_time t;
	if (from) {
		ck_assert_int_eq(dk_time_parse(from, NULL, &t), 0);
		r->from_day = t / 86400;
	}
	if (until) {
		ck_assert_int_eq(dk_time_parse(until, NULL, &t), 0);
		r->until_day = t / 86400;
	}
	ck_assert_msg(rule_period_parse(period, &r->deadline) == 0, "period %s", period);
	if (ext)
		ck_assert_int_eq(rule_period_parse(ext, &r->extension), 0);
	r->roll = roll;
}

/* Free what mkrule allocated. */
static void rmrule(struct rule *r)
{
	free(r->id);
	free(r->from);
	free(r->until);
	memset(r, 0, sizeof(*r));
}

static dk_time T(const char *s)
{
	dk_time t;
	ck_assert_msg(dk_time_parse(s, NULL, &t) == 0, "bad time %s", s);
	return t;
}

struct dcase {
	const char *what;
	const char *period;
	int roll;
	const char *ext;  /* extension, used when extended */
	int extended;
	const char *jur;
	const char *tz;
	const char *start;
	const char *pause_from; /* one pause span, or NULL */
	const char *pause_to;   /* NULL with pause_from: still paused */
	const char *due;        /* expected, or NULL for DK_TIME_NONE */
	const char *from;       /* rule in force from, or NULL */
	const char *until;
	int rc;
};

static const struct dcase cases[] = {
	/* Calendar months (Regulation 1182/71), rolling on weekends/holidays. */
	{ "LEGAL: GDPR Fri 15 May 2026 -> Mon 15 Jun", "1 month", 1, 0, 0, "DE", 0, "2026-05-15T10:00:00Z", 0, 0, "2026-06-15T23:59:59Z", 0, 0, 0 },
	{ "LEGAL: 31 Jan -> Sat 28 Feb -> Mon 2 Mar", "1 month", 1, 0, 0, "DE", 0, "2026-01-31T09:00:00Z", 0, 0, "2026-03-02T23:59:59Z", 0, 0, 0 },
	{ "31 Jan 2028 -> 29 Feb (leap year)", "1 month", 1, 0, 0, "DE", 0, "2028-01-31T09:00:00Z", 0, 0, "2028-02-29T23:59:59Z", 0, 0, 0 },
	{ "31 Jan 2026 without roll -> Sat 28 Feb", "1 month", 0, 0, 0, "DE", 0, "2026-01-31T09:00:00Z", 0, 0, "2026-02-28T23:59:59Z", 0, 0, 0 },
	{ "30 Jan -> 28 Feb Sat -> 2 Mar", "1 month", 1, 0, 0, "FR", 0, "2026-01-30T09:00:00Z", 0, 0, "2026-03-02T23:59:59Z", 0, 0, 0 },
	{ "29 Feb 2028 -> 29 Mar", "1 month", 1, 0, 0, "DE", 0, "2028-02-29T09:00:00Z", 0, 0, "2028-03-29T23:59:59Z", 0, 0, 0 },
	{ "31 Mar -> 30 Apr", "1 month", 1, 0, 0, "DE", 0, "2026-03-31T09:00:00Z", 0, 0, "2026-04-30T23:59:59Z", 0, 0, 0 },
	{ "year end: 15 Dec 2026 -> 15 Jan 2027", "1 month", 1, 0, 0, "DE", 0, "2026-12-15T09:00:00Z", 0, 0, "2027-01-15T23:59:59Z", 0, 0, 0 },
	{ "31 Dec 2026 -> Sun 31 Jan 2027 -> Mon 1 Feb", "1 month", 1, 0, 0, "DE", 0, "2026-12-31T09:00:00Z", 0, 0, "2027-02-01T23:59:59Z", 0, 0, 0 },
	{ "30 Nov -> 30 Dec", "1 month", 1, 0, 0, "DE", 0, "2026-11-30T09:00:00Z", 0, 0, "2026-12-30T23:59:59Z", 0, 0, 0 },
	{ "12 months across a leap day", "12 months", 0, 0, 0, "DE", 0, "2027-02-28T09:00:00Z", 0, 0, "2028-02-28T23:59:59Z", 0, 0, 0 },
	{ "LEGAL: UK SAR 3 Sep 2025 -> Fri 3 Oct", "1 month", 1, 0, 0, "GB", 0, "2025-09-03T09:00:00Z", 0, 0, "2025-10-03T23:59:59Z", 0, 0, 0 },
	{ "LEGAL: UK SAR 3 Sep 2026 -> Sat 3 Oct -> Mon 5 Oct", "1 month", 1, 0, 0, "GB", 0, "2026-09-03T09:00:00Z", 0, 0, "2026-10-05T23:59:59Z", 0, 0, 0 },
	{ "London: receipt in GMT, due in BST", "1 month", 1, 0, 0, "GB", "Europe/London", "2026-03-28T23:30:00Z", 0, 0, "2026-04-28T22:59:59Z", 0, 0, 0 },
	{ "London: 23:30Z is already the next day in BST", "1 month", 1, 0, 0, "GB", "Europe/London", "2026-06-30T23:30:00Z", 0, 0, "2026-08-03T22:59:59Z", 0, 0, 0 },
	{ "Berlin: receipt 23:30Z counts from the local day", "1 month", 1, 0, 0, "DE", "Europe/Berlin", "2026-05-14T22:30:00Z", 0, 0, "2026-06-15T21:59:59Z", 0, 0, 0 },
	/* Rolling over moving holidays. */
	{ "DE Easter Monday 2026 rolls to Tue", "1 month", 1, 0, 0, "DE", 0, "2026-03-06T09:00:00Z", 0, 0, "2026-04-07T23:59:59Z", 0, 0, 0 },
	{ "GB Good Friday + Easter Monday 2026", "1 month", 1, 0, 0, "GB", 0, "2026-03-03T09:00:00Z", 0, 0, "2026-04-07T23:59:59Z", 0, 0, 0 },
	{ "FR Sun + Easter Monday 2027", "1 month", 1, 0, 0, "FR", 0, "2027-02-28T09:00:00Z", 0, 0, "2027-03-30T23:59:59Z", 0, 0, 0 },
	{ "IE Easter Monday 2025", "1 month", 1, 0, 0, "IE", 0, "2025-03-21T09:00:00Z", 0, 0, "2025-04-22T23:59:59Z", 0, 0, 0 },
	{ "DE Ascension 2026", "1 month", 1, 0, 0, "DE", 0, "2026-04-14T09:00:00Z", 0, 0, "2026-05-15T23:59:59Z", 0, 0, 0 },
	{ "DE Whit Monday 2026", "1 month", 1, 0, 0, "DE", 0, "2026-04-25T09:00:00Z", 0, 0, "2026-05-26T23:59:59Z", 0, 0, 0 },
	{ "FR 14 juillet 2026", "1 month", 1, 0, 0, "FR", 0, "2026-06-14T09:00:00Z", 0, 0, "2026-07-15T23:59:59Z", 0, 0, 0 },
	{ "FR Ascension 2026 (Thu 14 May)", "1 month", 1, 0, 0, "FR", 0, "2026-04-14T09:00:00Z", 0, 0, "2026-05-15T23:59:59Z", 0, 0, 0 },
	{ "GB Christmas 2027: both substitute days", "1 month", 1, 0, 0, "GB", 0, "2027-11-25T09:00:00Z", 0, 0, "2027-12-29T23:59:59Z", 0, 0, 0 },
	{ "GB New Year 2028 substitute Monday", "1 month", 1, 0, 0, "GB", 0, "2027-12-01T09:00:00Z", 0, 0, "2028-01-04T23:59:59Z", 0, 0, 0 },
	{ "GB Boxing Day 2026 substitute Monday", "1 month", 1, 0, 0, "GB", 0, "2026-11-26T09:00:00Z", 0, 0, "2026-12-29T23:59:59Z", 0, 0, 0 },
	{ "GB-SCT falls back to GB", "1 month", 1, 0, 0, "GB-SCT", 0, "2026-11-26T09:00:00Z", 0, 0, "2026-12-29T23:59:59Z", 0, 0, 0 },
	{ "IE St Patrick's 2024 substitute Monday", "1 month", 1, 0, 0, "IE", 0, "2024-02-17T09:00:00Z", 0, 0, "2024-03-19T23:59:59Z", 0, 0, 0 },
	{ "IE St Brigid's Day 2026", "1 month", 1, 0, 0, "IE", 0, "2026-01-02T09:00:00Z", 0, 0, "2026-02-03T23:59:59Z", 0, 0, 0 },
	{ "no calendar (JP): weekends only", "1 month", 1, 0, 0, "JP", 0, "2026-01-31T09:00:00Z", 0, 0, "2026-03-02T23:59:59Z", 0, 0, 0 },
	{ "no jurisdiction: weekends only", "1 month", 1, 0, 0, NULL, 0, "2026-03-06T09:00:00Z", 0, 0, "2026-04-06T23:59:59Z", 0, 0, 0 },
	/* Business days. */
	{ "LEGAL: 10 business days from Mon 2 Mar 2026", "10 business days", 0, 0, 0, "DE", 0, "2026-03-02T09:00:00Z", 0, 0, "2026-03-16T23:59:59Z", 0, 0, 0 },
	{ "US-NY falls back to US: Thanksgiving only", "10 business days", 0, 0, 0, "US-NY", 0, "2026-11-20T17:00:00Z", 0, 0, "2026-12-07T23:59:59Z", 0, 0, 0 },
	{ "US-CA: Thanksgiving and the day after", "10 business days", 0, 0, 0, "US-CA", 0, "2026-11-20T17:00:00Z", 0, 0, "2026-12-08T23:59:59Z", 0, 0, 0 },
	{ "US-CA Cesar Chavez Day 2026", "10 business days", 0, 0, 0, "US-CA", 0, "2026-03-18T17:00:00Z", 0, 0, "2026-04-02T23:59:59Z", 0, 0, 0 },
	{ "US Memorial Day 2026", "5 business days", 0, 0, 0, "US", 0, "2026-05-19T17:00:00Z", 0, 0, "2026-05-27T23:59:59Z", 0, 0, 0 },
	{ "US Independence Day observed Fri 3 Jul 2026", "3 business days", 0, 0, 0, "US", 0, "2026-06-30T17:00:00Z", 0, 0, "2026-07-06T23:59:59Z", 0, 0, 0 },
	{ "US Juneteenth observed Fri 18 Jun 2027", "1 business day", 0, 0, 0, "US", 0, "2027-06-17T17:00:00Z", 0, 0, "2027-06-21T23:59:59Z", 0, 0, 0 },
	{ "US New Year 2028 observed Fri 31 Dec 2027", "1 business day", 0, 0, 0, "US", 0, "2027-12-30T17:00:00Z", 0, 0, "2028-01-03T23:59:59Z", 0, 0, 0 },
	{ "US Veterans Day observed Fri 10 Nov 2028", "1 business day", 0, 0, 0, "US", 0, "2028-11-09T17:00:00Z", 0, 0, "2028-11-13T23:59:59Z", 0, 0, 0 },
	{ "BR Carnival 2026", "2 business days", 0, 0, 0, "BR", 0, "2026-02-13T12:00:00Z", 0, 0, "2026-02-19T23:59:59Z", 0, 0, 0 },
	{ "BR Tiradentes 2026", "1 business day", 0, 0, 0, "BR", 0, "2026-04-20T12:00:00Z", 0, 0, "2026-04-22T23:59:59Z", 0, 0, 0 },
	{ "BR Consciencia Negra 2026", "1 business day", 0, 0, 0, "BR", 0, "2026-11-19T12:00:00Z", 0, 0, "2026-11-23T23:59:59Z", 0, 0, 0 },
	{ "BR Sao Paulo zone, Good Friday 2027", "1 business day", 0, 0, 0, "BR-SP", "America/Sao_Paulo", "2027-03-25T12:00:00Z", 0, 0, "2027-03-30T02:59:59Z", 0, 0, 0 },
	{ "CA Victoria Day 2026 (Mon 18 May)", "1 business day", 0, 0, 0, "CA", 0, "2026-05-15T12:00:00Z", 0, 0, "2026-05-19T23:59:59Z", 0, 0, 0 },
	{ "CA Canada Day 2028 observed Mon 3 Jul", "1 business day", 0, 0, 0, "CA", 0, "2028-06-30T12:00:00Z", 0, 0, "2028-07-04T23:59:59Z", 0, 0, 0 },
	{ "CA Thanksgiving 2026", "1 business day", 0, 0, 0, "CA-ON", 0, "2026-10-09T12:00:00Z", 0, 0, "2026-10-13T23:59:59Z", 0, 0, 0 },
	{ "GB Easter 2026 in 3 business days", "3 business days", 0, 0, 0, "GB", 0, "2026-04-02T12:00:00Z", 0, 0, "2026-04-09T23:59:59Z", 0, 0, 0 },
	{ "business days from a Saturday", "1 business day", 0, 0, 0, "DE", 0, "2026-03-07T12:00:00Z", 0, 0, "2026-03-09T23:59:59Z", 0, 0, 0 },
	{ "GB year end 2026 business days", "3 business days", 0, 0, 0, "GB", 0, "2026-12-23T12:00:00Z", 0, 0, "2026-12-30T23:59:59Z", 0, 0, 0 },
	{ "DE 3 Oct 2027 on Sunday: no substitute", "1 business day", 0, 0, 0, "DE", 0, "2027-10-01T12:00:00Z", 0, 0, "2027-10-04T23:59:59Z", 0, 0, 0 },
	{ "IE October bank holiday 2026", "1 business day", 0, 0, 0, "IE", 0, "2026-10-23T12:00:00Z", 0, 0, "2026-10-27T23:59:59Z", 0, 0, 0 },
	{ "LA zone: 10 business days over the DST change", "10 business days", 0, 0, 0, "US-CA", "America/Los_Angeles", "2026-03-03T07:30:00Z", 0, 0, "2026-03-17T06:59:59Z", 0, 0, 0 },
	/* Calendar days and weeks. */
	{ "LEGAL: 45 days from 10 Jan 2026 -> 24 Feb", "45 days", 0, 0, 0, "US-CA", 0, "2026-01-10T12:00:00Z", 0, 0, "2026-02-24T23:59:59Z", 0, 0, 0 },
	{ "14 days rolling over Christmas (DE)", "14 days", 1, 0, 0, "DE", 0, "2026-12-12T12:00:00Z", 0, 0, "2026-12-28T23:59:59Z", 0, 0, 0 },
	{ "15 days, no roll, ends on Carnival Monday", "15 days", 0, 0, 0, "BR", 0, "2026-02-01T12:00:00Z", 0, 0, "2026-02-16T23:59:59Z", 0, 0, 0 },
	{ "30 days across 29 Feb 2028", "30 days", 0, 0, 0, "CA", 0, "2028-02-01T12:00:00Z", 0, 0, "2028-03-02T23:59:59Z", 0, 0, 0 },
	{ "30 days across the year end", "30 days", 0, 0, 0, "CA", 0, "2026-12-15T12:00:00Z", 0, 0, "2027-01-14T23:59:59Z", 0, 0, 0 },
	{ "LA zone: spring DST inside the period", "10 days", 0, 0, 0, "US-CA", "America/Los_Angeles", "2026-03-01T07:30:00Z", 0, 0, "2026-03-11T06:59:59Z", 0, 0, 0 },
	{ "LA zone: autumn DST inside the period", "14 days", 0, 0, 0, "US-CA", "America/Los_Angeles", "2026-10-20T12:00:00Z", 0, 0, "2026-11-04T07:59:59Z", 0, 0, 0 },
	{ "8 weeks from Mon 5 Jan 2026", "8 weeks", 0, 0, 0, "GB", 0, "2026-01-05T12:00:00Z", 0, 0, "2026-03-02T23:59:59Z", 0, 0, 0 },
	{ "8 weeks ending on Christmas, no roll", "8 weeks", 0, 0, 0, "GB", 0, "2026-10-30T12:00:00Z", 0, 0, "2026-12-25T23:59:59Z", 0, 0, 0 },
	{ "8 weeks in London, into BST", "8 weeks", 0, 0, 0, "GB", "Europe/London", "2026-02-10T12:00:00Z", 0, 0, "2026-04-07T22:59:59Z", 0, 0, 0 },
	/* Hours: exact, never roll. */
	{ "LEGAL: breach 27 Feb 15:30 -> 2 Mar 15:30", "72 hours", 0, 0, 0, "DE", 0, "2026-02-27T15:30:00Z", 0, 0, "2026-03-02T15:30:00Z", 0, 0, 0 },
	{ "72 hours across the London DST change", "72 hours", 0, 0, 0, "GB", "Europe/London", "2026-03-27T12:00:00Z", 0, 0, "2026-03-30T12:00:00Z", 0, 0, 0 },
	{ "24 hours ending on a Sunday", "24 hours", 0, 0, 0, "AU", 0, "2026-03-07T10:00:00Z", 0, 0, "2026-03-08T10:00:00Z", 0, 0, 0 },
	{ "72 hours ending on a GB holiday", "72 hours", 0, 0, 0, "GB", 0, "2026-12-24T09:00:00Z", 0, 0, "2026-12-27T09:00:00Z", 0, 0, 0 },
	/* In force. */
	{ "not yet in force (UTC date)", "10 days", 0, 0, 0, "DE", 0, "2026-08-01T23:00:00Z", 0, 0, 0, "2026-08-02", 0, DK_EINVAL },
	{ "in force on the local date in Berlin", "10 days", 0, 0, 0, "DE", "Europe/Berlin", "2026-08-01T23:00:00Z", 0, 0, "2026-08-12T21:59:59Z", "2026-08-02", 0, 0 },
	{ "no longer in force", "10 days", 0, 0, 0, "DE", 0, "2026-01-01T00:00:00Z", 0, 0, 0, "2020-01-01", "2025-12-31", DK_EINVAL },
	{ "in force on its last day", "10 days", 0, 0, 0, "DE", 0, "2025-12-31T12:00:00Z", 0, 0, "2026-01-10T23:59:59Z", "2020-01-01", "2025-12-31", 0 },
	/* Pauses. */
	{ "pause of 5 days extends a month, then rolls", "1 month", 1, 0, 0, "DE", 0, "2026-05-15T10:00:00Z", "2026-05-20T10:00:00Z", "2026-05-25T09:00:00Z", "2026-06-22T23:59:59Z", 0, 0, 0 },
	{ "pause over a weekend costs one business day", "10 business days", 0, 0, 0, "DE", 0, "2026-03-02T09:00:00Z", "2026-03-06T10:00:00Z", "2026-03-09T10:00:00Z", "2026-03-17T23:59:59Z", 0, 0, 0 },
	{ "pause over a weekend costs three calendar days", "45 days", 0, 0, 0, "US-CA", 0, "2026-01-10T12:00:00Z", "2026-01-16T12:00:00Z", "2026-01-19T08:00:00Z", "2026-02-27T23:59:59Z", 0, 0, 0 },
	{ "pause and resume on the same day: no change", "1 month", 1, 0, 0, "DE", 0, "2026-05-15T10:00:00Z", "2026-05-20T10:00:00Z", "2026-05-20T15:00:00Z", "2026-06-15T23:59:59Z", 0, 0, 0 },
	{ "hours: exact paused time", "72 hours", 0, 0, 0, "DE", 0, "2026-02-27T15:30:00Z", "2026-02-28T00:00:00Z", "2026-02-28T12:00:00Z", "2026-03-03T03:30:00Z", 0, 0, 0 },
	{ "pause after the deadline: no effect", "45 days", 0, 0, 0, "US-CA", 0, "2026-01-10T12:00:00Z", "2026-03-01T12:00:00Z", "2026-03-05T12:00:00Z", "2026-02-24T23:59:59Z", 0, 0, 0 },
	{ "pause still running: no due time", "1 month", 1, 0, 0, "GB", 0, "2026-05-15T10:00:00Z", "2026-05-20T10:00:00Z", NULL, NULL, 0, 0, 0 },
	{ "pause from before the start counts from the start", "10 days", 0, 0, 0, "DE", 0, "2026-03-02T09:00:00Z", "2026-02-20T00:00:00Z", "2026-03-04T09:00:00Z", "2026-03-14T23:59:59Z", 0, 0, 0 },
	/* Extensions. */
	{ "GDPR 1 + 2 months from 31 Jan -> 30 Apr", "1 month", 1, "2 months", 1, "DE", 0, "2026-01-31T09:00:00Z", 0, 0, "2026-04-30T23:59:59Z", 0, 0, 0 },
	{ "GDPR 1 + 2 months -> Sat 15 Aug -> Mon 17 Aug", "1 month", 1, "2 months", 1, "DE", 0, "2026-05-15T09:00:00Z", 0, 0, "2026-08-17T23:59:59Z", 0, 0, 0 },
	{ "CCPA 45 + 45 days from 10 Jan 2026", "45 days", 0, "45 days", 1, "US-CA", 0, "2026-01-10T12:00:00Z", 0, 0, "2026-04-10T23:59:59Z", 0, 0, 0 },
	{ "FCA payments 15 + 20 business days over Easter", "15 business days", 0, "20 business days", 1, "GB", 0, "2026-03-02T09:00:00Z", 0, 0, "2026-04-22T23:59:59Z", 0, 0, 0 },
	{ "extension in another unit: 30 days + 2 weeks", "30 days", 0, "2 weeks", 1, "CA", 0, "2026-01-01T12:00:00Z", 0, 0, "2026-02-14T23:59:59Z", 0, 0, 0 },
	{ "extension with a pause", "45 days", 0, "45 days", 1, "US-CA", 0, "2026-01-10T12:00:00Z", "2026-02-01T12:00:00Z", "2026-02-03T12:00:00Z", "2026-04-12T23:59:59Z", 0, 0, 0 },
	{ "no extension allowed", "1 month", 1, NULL, 1, "DE", 0, "2026-01-31T09:00:00Z", 0, 0, 0, 0, 0, DK_EINVAL },
};

START_TEST(test_deadline_table)
{
	const struct dcase *c = &cases[_i];
	struct rule r;
	mkrule(&r, c->period, c->roll, c->ext, c->from, c->until);
	dk_time due = 0;
	struct dk_span span = { 0, 0 };
	size_t np = 0;
	if (c->pause_from) {
		span.from = T(c->pause_from);
		span.to = c->pause_to ? T(c->pause_to) : DK_TIME_NONE;
		np = 1;
	}
	int rc;
	if (c->extended)
		rc = deadline_extend(&r, cals, c->jur, c->tz, T(c->start), np ? &span : NULL, np, &due);
	else if (np)
		rc = deadline_apply_pauses(&r, cals, c->jur, c->tz, T(c->start), &span, np, &due);
	else
		rc = deadline_compute(&r, cals, c->jur, c->tz, T(c->start), &due);
	free(r.id);
	free(r.from);
	free(r.until);
	ck_assert_msg(rc == c->rc, "%s: rc %d, expected %d (%s)", c->what, rc, c->rc, err_msg());
	if (rc)
		return;
	char got[DK_TIME_BUFSZ];
	if (!c->due) {
		ck_assert_msg(due == DK_TIME_NONE, "%s: expected no due time, got %s", c->what,
			      dk_time_format(due, got));
		return;
	}
	dk_time_format(due, got);
	ck_assert_msg(!strcmp(got, c->due), "%s: got %s, expected %s", c->what, got, c->due);
}
END_TEST

/* Independent checks of the moving holidays in the calendar files. */
static void easter(int y, int *m, int *d)
{
	int a = y % 19, b = y / 100, c = y % 100, dd = b / 4, e = b % 4, f = (b + 8) / 25;
	int g = (b - f + 1) / 3, h = (19 * a + b - dd - g + 15) % 30, i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7, mm = (a + 11 * h + 22 * l) / 451;
	*m = (h + l - 7 * mm + 114) / 31;
	*d = (h + l - 7 * mm + 114) % 31 + 1;
}

static int64_t easter_day(int y)
{
	int m, d;
	easter(y, &m, &d);
	return dk_days_from_civil(y, m, d);
}

/* n-th weekday wd (0 = Sunday) of month; n = -1 for the last. */
static int64_t nth_weekday(int y, int m, int wd, int n)
{
	if (n < 0) {
		int64_t d = dk_days_from_civil(y, m, dk_days_in_month(y, m));
		while (dk_weekday(d) != wd)
			d--;
		return d;
	}
	int64_t d = dk_days_from_civil(y, m, 1);
	while (dk_weekday(d) != wd)
		d++;
	return d + 7 * (n - 1);
}

static void assert_holiday(const char *code, int64_t day, const char *what)
{
	const struct calendar *cal = calendar_set_find(cals, code);
	ck_assert_msg(cal != NULL, "no calendar %s", code);
	int y, m, d;
	dk_civil_from_days(day, &y, &m, &d);
	ck_assert_msg(calendar_holiday(cal, day) != NULL, "%s: %s %04d-%02d-%02d is not a holiday", code,
		      what, y, m, d);
	ck_assert_msg(!calendar_is_working_day(cal, day), "%s: %s is a working day", code, what);
}

START_TEST(test_calendars_have_the_moving_holidays)
{
	for (int y = 2024; y <= 2028; y++) {
		int64_t e = easter_day(y);
		assert_holiday("GB", e + 1, "Easter Monday");
		assert_holiday("DE", e + 1, "Easter Monday");
		assert_holiday("FR", e + 1, "Easter Monday");
		assert_holiday("IE", e + 1, "Easter Monday");
		assert_holiday("GB", e - 2, "Good Friday");
		assert_holiday("DE", e - 2, "Good Friday");
		assert_holiday("BR", e - 2, "Good Friday");
		assert_holiday("CA", e - 2, "Good Friday");
		assert_holiday("DE", e + 39, "Ascension");
		assert_holiday("FR", e + 39, "Ascension");
		assert_holiday("DE", e + 50, "Whit Monday");
		assert_holiday("BR", e - 48, "Carnival Monday");
		assert_holiday("BR", e - 47, "Carnival Tuesday");
		assert_holiday("GB", nth_weekday(y, 5, 1, 1), "Early May bank holiday");
		assert_holiday("GB", nth_weekday(y, 5, 1, -1), "Spring bank holiday");
		assert_holiday("GB", nth_weekday(y, 8, 1, -1), "Summer bank holiday");
		assert_holiday("IE", nth_weekday(y, 6, 1, 1), "June bank holiday");
		assert_holiday("IE", nth_weekday(y, 10, 1, -1), "October bank holiday");
		assert_holiday("US", nth_weekday(y, 11, 4, 4), "Thanksgiving");
		assert_holiday("US", nth_weekday(y, 5, 1, -1), "Memorial Day");
		assert_holiday("US", nth_weekday(y, 1, 1, 3), "MLK Day");
		assert_holiday("US", nth_weekday(y, 9, 1, 1), "Labor Day");
		assert_holiday("US-CA", nth_weekday(y, 11, 4, 4) + 1, "Day after Thanksgiving");
		assert_holiday("CA", nth_weekday(y, 10, 1, 2), "Thanksgiving (CA)");
		/* Victoria Day: the Monday before 25 May. */
		int64_t v = dk_days_from_civil(y, 5, 24);
		while (dk_weekday(v) != 1)
			v--;
		assert_holiday("CA", v, "Victoria Day");
		/* Fixed dates that are working days elsewhere. */
		assert_holiday("FR", dk_days_from_civil(y, 7, 14), "14 juillet");
		assert_holiday("DE", dk_days_from_civil(y, 10, 3), "Tag der Deutschen Einheit");
		assert_holiday("BR", dk_days_from_civil(y, 4, 21), "Tiradentes");
	}
	/* US observed days: Saturday -> Friday, Sunday -> Monday. */
	assert_holiday("US", dk_days_from_civil(2026, 7, 3), "Independence Day observed");
	assert_holiday("US", dk_days_from_civil(2027, 7, 5), "Independence Day observed");
	assert_holiday("US", dk_days_from_civil(2027, 12, 31), "New Year 2028 observed");
	assert_holiday("US", dk_days_from_civil(2027, 12, 24), "Christmas 2027 observed");
	/* GB substitute days. */
	assert_holiday("GB", dk_days_from_civil(2026, 12, 28), "Boxing Day substitute");
	assert_holiday("GB", dk_days_from_civil(2027, 12, 27), "Christmas substitute");
	assert_holiday("GB", dk_days_from_civil(2027, 12, 28), "Boxing Day substitute");
	assert_holiday("GB", dk_days_from_civil(2028, 1, 3), "New Year substitute");
	/* Plain working days are not holidays. */
	const struct calendar *gb = calendar_set_find(cals, "GB");
	ck_assert(calendar_is_working_day(gb, dk_days_from_civil(2026, 7, 3)));
	ck_assert(calendar_is_working_day(calendar_set_find(cals, "US"), dk_days_from_civil(2026, 4, 6)));
	ck_assert(!calendar_is_working_day(gb, dk_days_from_civil(2026, 3, 7))); /* Saturday */
}
END_TEST

START_TEST(test_calendar_fallback_and_default_weekend)
{
	ck_assert_str_eq(calendar_code(calendar_set_find(cals, "US-NY")), "US");
	ck_assert_str_eq(calendar_code(calendar_set_find(cals, "US-CA")), "US-CA");
	/* England and Wales use GB.ini; Scotland and the Länder have their own */
	ck_assert_str_eq(calendar_code(calendar_set_find(cals, "GB-ENG")), "GB");
	ck_assert_str_eq(calendar_code(calendar_set_find(cals, "GB-WLS")), "GB");
	ck_assert_str_eq(calendar_code(calendar_set_find(cals, "GB-SCT")), "GB-SCT");
	ck_assert_str_eq(calendar_code(calendar_set_find(cals, "DE-BY")), "DE-BY");
	/* GB-ENG and GB-WLS are aliases of GB (aliases = in GB.ini), not a
	 * fallback to the country: found exactly */
	ck_assert_ptr_eq(calendar_set_find_exact(cals, "GB-WLS"), calendar_set_find(cals, "GB"));
	ck_assert_ptr_eq(calendar_set_find_exact(cals, "GB-ENG"), calendar_set_find(cals, "GB"));
	ck_assert_ptr_null(calendar_set_find_exact(cals, "US-NY"));
	/* calendar = establishment in GB: the establishment when it lies in
	 * GB, else England and Wales (GB) */
	char est[] = RULE_CALENDAR_ESTABLISHMENT, gbcode[] = "GB";
	struct rule uk = { .calendar = est, .calendar_within = gbcode };
	ck_assert_str_eq(deadline_calendar_code(&uk, "GB", "GB-SCT"), "GB-SCT");
	ck_assert_str_eq(deadline_calendar_code(&uk, "GB", "GB"), "GB");
	ck_assert_str_eq(deadline_calendar_code(&uk, "GB-NIR", "DE-BY"), "GB");
	ck_assert_str_eq(deadline_calendar_code(&uk, "GB-NIR", NULL), "GB");
	ck_assert_str_eq(deadline_calendar_code(&uk, "GB", "GBX"), "GB");
	ck_assert(!rule_code_within("GBR", "GB"));
	ck_assert(rule_code_within("GB-WLS", "GB"));
	struct rule eu = { .calendar = est };
	ck_assert_str_eq(deadline_calendar_code(&eu, "FR", "DE-BY"), "DE-BY");
	ck_assert_str_eq(deadline_calendar_code(&eu, "FR", NULL), "FR");
	ck_assert_ptr_null(calendar_set_find(cals, "JP"));
	ck_assert_ptr_null(calendar_set_find(cals, NULL));
	int64_t sat = dk_days_from_civil(2026, 3, 7);
	ck_assert(!calendar_is_working_day(NULL, sat));
	ck_assert_int_eq(calendar_next_working_day(NULL, sat), sat + 2);
	ck_assert_int_eq(calendar_roll(NULL, sat + 2), sat + 2);
	ck_assert_int_eq(calendar_add_working_days(NULL, sat, 0), sat);
	ck_assert_int_eq(calendar_count_working_days(NULL, sat, sat + 7), 5);
	/* Every starter calendar is described by rule and so covers any
	 * year (it used to list 2024-2028 only): at least five days off a
	 * year from 1950 to 2150. */
	for (size_t i = 0; i < calendar_set_count(cals); i++) {
		const struct calendar *c = calendar_set_at(cals, i);
		ck_assert_uint_ge(calendar_rule_count(c), 5);
		ck_assert(calendar_covers(c, dk_days_from_civil(1950, 6, 1)));
		ck_assert(calendar_covers(c, dk_days_from_civil(2150, 6, 1)));
		for (int y = 1950; y <= 2150; y += 10)
			ck_assert_msg(calendar_year_holidays(c, y, NULL, NULL, 0) >= 5, "%s %d", calendar_code(c), y);
	}
}
END_TEST

static int hol(const char *code, int y, int m, int d)
{
	const struct calendar *c = calendar_set_find(cals, code);
	ck_assert_msg(c != NULL, "no calendar %s", code);
	return calendar_holiday(c, dk_days_from_civil(y, m, d)) != NULL;
}

/* Holidays by rule: Easter offsets (Western and Orthodox), n-th weekdays,
 * substitute and observed days (also across a year end), in-force years
 * and explicit exceptions, in years far from the old 2024-2028 lists. */
START_TEST(test_calendar_rules)
{
	/* Gregorian Easter: known dates, including the earliest possible. */
	ck_assert_int_eq(calendar_easter(2024), dk_days_from_civil(2024, 3, 31));
	ck_assert_int_eq(calendar_easter(2038), dk_days_from_civil(2038, 4, 25));
	ck_assert_int_eq(calendar_easter(2285), dk_days_from_civil(2285, 3, 22));
	for (int y = 1900; y <= 2200; y++)
		ck_assert_int_eq(calendar_easter(y), easter_day(y));
	/* Orthodox Easter (Julian computus, as Gregorian dates). */
	ck_assert_int_eq(calendar_orthodox_easter(2021), dk_days_from_civil(2021, 5, 2));
	ck_assert_int_eq(calendar_orthodox_easter(2024), dk_days_from_civil(2024, 5, 5));
	ck_assert_int_eq(calendar_orthodox_easter(2025), dk_days_from_civil(2025, 4, 20)); /* same as Western */
	ck_assert_int_eq(calendar_orthodox_easter(2026), dk_days_from_civil(2026, 4, 12));
	ck_assert_int_eq(calendar_orthodox_easter(2027), dk_days_from_civil(2027, 5, 2));
	/* GR: Clean Monday 2026 = Orthodox Easter 12 Apr - 48 = 23 Feb. */
	ck_assert(hol("GR", 2026, 2, 23));
	ck_assert(hol("RO", 2026, 4, 13)); /* Orthodox Easter Monday */
	ck_assert(!hol("RO", 2026, 4, 6)); /* the Western one is not */
	/* GB: Christmas Sat 25 and Boxing Sun 26 Dec 2032 -> Mon 27, Tue 28. */
	ck_assert(hol("GB", 2032, 12, 27) && hol("GB", 2032, 12, 28) && !hol("GB", 2032, 12, 29));
	/* GB: Christmas on Sunday 2033 -> Boxing Mon 26 stays, substitute Tue 27. */
	ck_assert(hol("GB", 2033, 12, 26) && hol("GB", 2033, 12, 27) && !hol("GB", 2033, 12, 28));
	/* GB 2022: Spring bank holiday moved to Thu 2 June (exception + listed). */
	ck_assert(!hol("GB", 2022, 5, 30) && hol("GB", 2022, 6, 2) && hol("GB", 2022, 6, 3));
	/* GB in 2100: last Monday of May = 31 May, first Monday = 3 May. */
	ck_assert(hol("GB", 2100, 5, 31) && hol("GB", 2100, 5, 3) && !hol("GB", 2100, 5, 24));
	/* Scotland: 2 January; 1 Jan Sat and 2 Jan Sun 2028 -> Mon 3, Tue 4;
	 * no Easter Monday; the first Monday of August; St Andrew's Sun 30
	 * Nov 2025 -> Mon 1 Dec. */
	ck_assert(hol("GB-SCT", 2028, 1, 3) && hol("GB-SCT", 2028, 1, 4));
	ck_assert(!hol("GB-SCT", 2026, 4, 6) && hol("GB", 2026, 4, 6));
	ck_assert(hol("GB-SCT", 2026, 8, 3) && !hol("GB-SCT", 2026, 8, 31));
	ck_assert(hol("GB-SCT", 2025, 12, 1));
	/* Northern Ireland: 12 July Sun 2026 -> Mon 13 July; St Patrick's. */
	ck_assert(hol("GB-NIR", 2026, 7, 13) && hol("GB-NIR", 2026, 3, 17) && !hol("GB", 2026, 3, 17));
	/* US observed across the year end: 1 Jan 2033 is a Saturday -> Fri 31 Dec 2032. */
	ck_assert(hol("US", 2032, 12, 31));
	/* US-CA: Saturday holidays give no weekday off; Sunday -> Monday. */
	ck_assert(!hol("US-CA", 2026, 7, 3) && hol("US-CA", 2027, 7, 5));
	/* BG Labour Code Art 154(2): 24 Dec Sat, 25 Sun 2022 -> Tue 27, Wed 28 (26 is a holiday). */
	ck_assert(hol("BG", 2022, 12, 26) && hol("BG", 2022, 12, 27) && hol("BG", 2022, 12, 28));
	/* German Länder: Corpus Christi 2026 (Easter 5 Apr + 60 = Thu 4 Jun) in BY, not nationally. */
	ck_assert(hol("DE-BY", 2026, 6, 4) && !hol("DE", 2026, 6, 4));
	ck_assert(hol("DE-SN", 2026, 11, 18)); /* Buß- und Bettag: Wednesday before 23 Nov */
	ck_assert(hol("DE-BE", 2026, 3, 9) == 0 && hol("DE-BE", 2027, 3, 8)); /* 8 Mar from 2019 */
	ck_assert(hol("DE-HH", 2018, 10, 31) && !hol("DE-HH", 2016, 10, 31) && hol("DE-HH", 2017, 10, 31));
	/* Sweden: Midsummer Eve the Friday 19-25 June; Christmas and New Year's Eve. */
	ck_assert(hol("SE", 2026, 6, 19) && hol("SE", 2027, 6, 25) && hol("SE", 2026, 12, 31));
	/* IE: St Brigid's Day from 2023: first Monday of February, or Fri 1 Feb (2030). */
	ck_assert(!hol("IE", 2022, 2, 7) && hol("IE", 2026, 2, 2) && hol("IE", 2030, 2, 1) && !hol("IE", 2030, 2, 4));
	/* In-force years: DK Store bededag until 2023; PT Corpo de Deus suspended 2013-2015. */
	ck_assert(hol("DK", 2023, 5, 5) && !hol("DK", 2024, 4, 26));
	ck_assert(!hol("PT", 2014, 6, 19) && hol("PT", 2016, 5, 26));
	/* PL Christmas Eve from 2025. */
	ck_assert(!hol("PL", 2024, 12, 24) && hol("PL", 2025, 12, 24));
	/* Names: substitute days say so. */
	const struct calendar *gb = calendar_set_find(cals, "GB");
	ck_assert_str_eq(calendar_holiday(gb, dk_days_from_civil(2032, 12, 28)), "Boxing Day (substitute day)");
	const struct calendar *us = calendar_set_find(cals, "US");
	ck_assert_str_eq(calendar_holiday(us, dk_days_from_civil(2032, 12, 31)), "New Year's Day (observed)");
}
END_TEST

/* New counting keys: counting = beginning-with, roll = holidays,
 * pause_counting = inclusive (rule-pack.md). */
START_TEST(test_counting_keys)
{
	struct rule r;
	dk_time due;
	char out[DK_TIME_BUFSZ];
	/* "30 days beginning when the complaint is received" (DPA 2018
	 * s.164A(3)): 3 Aug 2026 is day 1, day 30 is Tue 1 Sep (not 2 Sep). */
	mkrule(&r, "30 days", 0, NULL, NULL, NULL);
	r.counting = RULE_COUNT_BEGINNING_WITH;
	ck_assert_int_eq(deadline_compute(&r, cals, "GB", NULL, T("2026-08-03T10:00:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-09-01T23:59:59Z");
	/* a month beginning with 3 Aug ends on 2 Sep */
	rmrule(&r);
	mkrule(&r, "1 month", 0, NULL, NULL, NULL);
	r.counting = RULE_COUNT_BEGINNING_WITH;
	ck_assert_int_eq(deadline_compute(&r, cals, "GB", NULL, T("2026-08-03T10:00:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-09-02T23:59:59Z");
	/* 3 business days beginning with Mon 2 Mar: Mon, Tue, Wed -> 4 Mar;
	 * beginning with Sat 7 Mar (not a working day): Mon-Wed -> 11 Mar */
	rmrule(&r);
	mkrule(&r, "3 business days", 0, NULL, NULL, NULL);
	r.counting = RULE_COUNT_BEGINNING_WITH;
	ck_assert_int_eq(deadline_compute(&r, cals, "GB", NULL, T("2026-03-02T10:00:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-03-04T23:59:59Z");
	ck_assert_int_eq(deadline_compute(&r, cals, "GB", NULL, T("2026-03-07T10:00:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-03-11T23:59:59Z");
	/* roll = holidays (Interpretation Act (Canada) ss.26, 35): an end on a
	 * Sunday or a holiday moves on, a Saturday end stays. */
	rmrule(&r);
	mkrule(&r, "30 days", RULE_ROLL_HOLIDAYS, NULL, NULL, NULL);
	/* 30 Jan 2026 + 30 days = Sun 1 Mar -> Mon 2 Mar */
	ck_assert_int_eq(deadline_compute(&r, cals, "CA", NULL, T("2026-01-30T10:00:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-03-02T23:59:59Z");
	/* 29 Jan + 30 = Sat 28 Feb: stays */
	ck_assert_int_eq(deadline_compute(&r, cals, "CA", NULL, T("2026-01-29T10:00:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-02-28T23:59:59Z");
	/* 1 Jun + 30 = Wed 1 Jul, Canada Day -> Thu 2 Jul */
	ck_assert_int_eq(deadline_compute(&r, cals, "CA", NULL, T("2026-06-01T10:00:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-07-02T23:59:59Z");
	/* 27 Nov 2027 + 30 = Mon 27 Dec 2027: Christmas (Sat) observed that
	 * day in the CA calendar -> Tue 28 is Boxing Day observed -> Wed 29 */
	ck_assert_int_eq(deadline_compute(&r, cals, "CA", NULL, T("2027-11-27T10:00:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2027-12-29T23:59:59Z");
	/* pause_counting = inclusive (DPA 2018 s.54(3C): the period beginning
	 * with the day of the request for clarification and ending with the
	 * day of the answer does not count): received 2 Mar 2026, paused 10
	 * Mar, answered 15 Mar: 6 days, 2 Apr -> Wed 8 Apr (exclusive: 7 Apr). */
	rmrule(&r);
	mkrule(&r, "1 month", RULE_ROLL_YES, NULL, NULL, NULL);
	char *p[] = { xstrdup("clarification") };
	r.pauses = p;
	r.npauses = 1;
	r.pause_inclusive = 1;
	struct dk_span sp = { T("2026-03-10T09:00:00Z"), T("2026-03-15T16:00:00Z") };
	ck_assert_int_eq(deadline_apply_pauses(&r, cals, "GB", NULL, T("2026-03-02T10:00:00Z"), &sp, 1, &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-04-08T23:59:59Z");
	r.pause_inclusive = 0;
	ck_assert_int_eq(deadline_apply_pauses(&r, cals, "GB", NULL, T("2026-03-02T10:00:00Z"), &sp, 1, &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-04-07T23:59:59Z");
	/* inclusive: a clarification asked and answered the same day costs a day */
	r.pause_inclusive = 1;
	sp = (struct dk_span){ T("2026-03-10T09:00:00Z"), T("2026-03-10T16:00:00Z") };
	ck_assert_int_eq(deadline_apply_pauses(&r, cals, "GB", NULL, T("2026-03-02T10:00:00Z"), &sp, 1, &due), 0);
	/* 2 Apr + 1 = Fri 3 Apr, Good Friday; Easter Monday 6 Apr -> Tue 7 Apr */
	ck_assert_str_eq(dk_time_format(due, out), "2026-04-07T23:59:59Z");
	free(p[0]);
	r.pauses = NULL;
	rmrule(&r);
}
END_TEST

START_TEST(test_friday_saturday_weekend)
{
	struct calendar_set *s = calendar_set_new();
	struct calendar *c = calendar_set_add(s, "AE");
	ck_assert_ptr_null(calendar_set_add(s, "AE"));
	/* an alias is one more name of a calendar; a taken code is refused */
	ck_assert_int_eq(calendar_set_alias(s, "AE-DU", c), 0);
	ck_assert_ptr_eq(calendar_set_find_exact(s, "AE-DU"), c);
	ck_assert_int_eq(calendar_set_alias(s, "AE-DU", c), DK_ECONFLICT);
	ck_assert_int_eq(calendar_set_alias(s, "AE", c), DK_ECONFLICT);
	ck_assert_ptr_null(calendar_set_add(s, "AE-DU"));
	calendar_set_weekend(c, (1u << 5) | (1u << 6));
	int64_t thu = dk_days_from_civil(2026, 3, 5);
	ck_assert_int_eq(calendar_next_working_day(c, thu), thu + 3); /* Sunday */
	ck_assert_int_eq(calendar_add_holiday(c, thu + 3, "x"), 0);
	ck_assert_int_eq(calendar_add_holiday(c, thu + 3, "y"), DK_ECONFLICT);
	ck_assert_int_eq(calendar_next_working_day(c, thu), thu + 4);
	/* a listed working day: a weekend day that counts */
	int64_t sat = thu + 2;
	ck_assert(!calendar_is_working_day(c, thu + 1)); /* Friday: weekend here */
	ck_assert_int_eq(calendar_add_working_day(c, thu + 1, "worked"), 0);
	ck_assert_int_eq(calendar_add_working_day(c, thu + 1, "twice"), DK_ECONFLICT);
	ck_assert(calendar_is_working_day(c, thu + 1));
	ck_assert_str_eq(calendar_working_day(c, thu + 1), "worked");
	ck_assert_ptr_null(calendar_working_day(c, sat));
	ck_assert_uint_eq(calendar_working_day_count(c), 1);
	ck_assert_int_eq(calendar_working_day_at(c, 0), thu + 1);
	ck_assert_int_eq(calendar_next_working_day(c, thu), thu + 1);
	calendar_set_free(s);
	calendar_set_free(NULL);
}
END_TEST

/* Hungary's working Saturdays (the yearly decree, listed in HU.ini): a
 * business-day period counts them, and an end on one does not roll. */
START_TEST(test_hungarian_working_saturdays)
{
	const struct calendar *hu = calendar_set_find(cals, "HU");
	ck_assert_ptr_nonnull(hu);
	/* 2026 (10/2025. (IV. 30.) NGM rendelet): Fri 2 Jan rest day, Sat 10
	 * Jan worked */
	int64_t jan2 = dk_days_from_civil(2026, 1, 2), jan10 = dk_days_from_civil(2026, 1, 10);
	ck_assert(!calendar_is_working_day(hu, jan2));
	ck_assert(calendar_is_working_day(hu, jan10));
	ck_assert(!calendar_is_working_day(hu, jan10 + 1)); /* Sunday stays off */
	/* 3 working days after Wed 7 Jan: Thu 8, Fri 9, Sat 10 */
	ck_assert_int_eq(calendar_add_working_days(hu, dk_days_from_civil(2026, 1, 7), 3), jan10);
	/* 1 working day after Wed 31 Dec 2025: 1 Jan holiday, 2 Jan rest day,
	 * Sat 3 and Sun 4 off: Mon 5 Jan */
	ck_assert_int_eq(calendar_add_working_days(hu, dk_days_from_civil(2025, 12, 31), 1),
			 dk_days_from_civil(2026, 1, 5));
	/* an end on the working Saturday stays there */
	ck_assert_int_eq(calendar_roll(hu, jan10), jan10);
	/* working days in the week of Mon 5 .. Sun 11 Jan 2026: 6 */
	ck_assert_int_eq(calendar_count_working_days(hu, jan10 - 5, jan10 + 2), 6);
	/* 2023 had none; 2027's decree is not out: a plain Saturday */
	ck_assert(!calendar_is_working_day(hu, dk_days_from_civil(2027, 1, 9)));
}
END_TEST

START_TEST(test_starter_rules_give_the_legal_examples)
{
	char out[DK_TIME_BUFSZ];
	dk_time due;
	const struct rule *r = rule_pack_find(pack, "gdpr-access");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(deadline_compute(r, cals, "IE", NULL, T("2026-05-15T08:00:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-06-15T23:59:59Z");
	ck_assert_int_eq(deadline_compute(r, cals, "FR", NULL, T("2026-01-31T08:00:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-03-02T23:59:59Z");
	ck_assert_int_eq(deadline_extend(r, cals, "FR", NULL, T("2026-01-31T08:00:00Z"), NULL, 0, &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-04-30T23:59:59Z");
	r = rule_pack_find(pack, "gdpr-breach-authority");
	ck_assert_int_eq(deadline_compute(r, cals, "DE", "Europe/Berlin", T("2026-02-27T15:30:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-03-02T15:30:00Z");
	r = rule_pack_find(pack, "ukgdpr-access");
	ck_assert_int_eq(deadline_compute(r, cals, "GB", NULL, T("2026-09-03T10:00:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-10-05T23:59:59Z");
	r = rule_pack_find(pack, "ccpa-response");
	ck_assert_int_eq(deadline_compute(r, cals, "US-CA", NULL, T("2026-01-10T10:00:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-02-24T23:59:59Z");
	r = rule_pack_find(pack, "ccpa-ack");
	ck_assert_int_eq(deadline_compute(r, cals, "US-CA", NULL, T("2026-11-20T17:00:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-12-08T23:59:59Z");
	r = rule_pack_find(pack, "fca-complaint-final");
	ck_assert_int_eq(deadline_compute(r, cals, "GB", NULL, T("2026-01-05T10:00:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-03-02T23:59:59Z");
	r = rule_pack_find(pack, "asic-complaint");
	ck_assert_int_eq(deadline_ack(r, cals, "AU", NULL, T("2026-01-05T10:00:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-01-06T10:00:00Z");
	ck_assert_int_eq(deadline_ack(rule_pack_find(pack, "gdpr-access"), cals, "DE", NULL, due, &due),
			 DK_ENOTFOUND);
	/* AI disclosure: in force from 2 Aug 2026, no deadline. */
	r = rule_pack_find(pack, "ai-disclosure-eu");
	ck_assert_int_eq(deadline_compute(r, cals, "DE", NULL, T("2026-09-01T10:00:00Z"), &due), DK_EINVAL);
	ck_assert_ptr_nonnull(strstr(err_msg(), "no deadline"));
	/* Not in force yet: a clear message. */
	r = rule_pack_find(pack, "uk-dpa-complaint-ack");
	ck_assert_int_eq(deadline_compute(r, cals, "GB", NULL, T("2026-06-18T10:00:00Z"), &due), DK_EINVAL);
	ck_assert_str_eq(err_msg(), "rule uk-dpa-complaint-ack: not in force until 2026-06-19 (start 2026-06-18)");
	/* s.164A(3): "the period of 30 days beginning when the complaint is
	 * received": 19 June is day 1, so day 30 is Sat 18 July (no roll). */
	ck_assert_int_eq(deadline_compute(r, cals, "GB", NULL, T("2026-06-19T10:00:00Z"), &due), 0);
	ck_assert_str_eq(dk_time_format(due, out), "2026-07-18T23:59:59Z");
}
END_TEST

START_TEST(test_periods_parse_and_format)
{
	struct rule_period p;
	char out[32];
	ck_assert_int_eq(rule_period_parse("72 hours", &p), 0);
	ck_assert_int_eq(p.unit, RULE_UNIT_HOURS);
	ck_assert_int_eq(rule_period_parse("1  Month", &p), 0);
	ck_assert_str_eq(rule_period_format(&p, out, sizeof(out)), "1 month");
	ck_assert_int_eq(rule_period_parse("10 working days", &p), 0);
	ck_assert_str_eq(rule_period_format(&p, out, sizeof(out)), "10 business days");
	ck_assert_int_eq(rule_period_parse("45 calendar days", &p), 0);
	ck_assert_str_eq(rule_period_format(&p, out, sizeof(out)), "45 days");
	ck_assert_int_eq(rule_period_parse("3 fortnights", &p), DK_EINVAL);
	ck_assert_int_eq(rule_period_parse("0 days", &p), DK_EINVAL);
	ck_assert_int_eq(rule_period_parse("days", &p), DK_EINVAL);
	ck_assert_int_eq(rule_period_parse("-1 days", &p), DK_EINVAL);
	ck_assert_int_eq(rule_period_parse("100000 days", &p), DK_EINVAL);
	ck_assert_int_eq(rule_period_parse("2months", &p), DK_EINVAL);
}
END_TEST

int main(void)
{
	struct buf errors = BUF_INIT;
	if (rule_pack_load_dir("legal-starter", &pack, &errors)) {
		fprintf(stderr, "check_deadline: legal-starter: %s\n%s", err_msg(), buf_str(&errors));
		buf_release(&errors);
		return EXIT_FAILURE;
	}
	buf_release(&errors);
	cals = rule_pack_calendars(pack);

	Suite *s = suite_create("deadline");
	TCase *tc = tcase_create("core");
	tcase_add_loop_test(tc, test_deadline_table, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_calendars_have_the_moving_holidays);
	tcase_add_test(tc, test_calendar_fallback_and_default_weekend);
	tcase_add_test(tc, test_calendar_rules);
	tcase_add_test(tc, test_counting_keys);
	tcase_add_test(tc, test_friday_saturday_weekend);
	tcase_add_test(tc, test_hungarian_working_saturdays);
	tcase_add_test(tc, test_starter_rules_give_the_legal_examples);
	tcase_add_test(tc, test_periods_parse_and_format);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	rule_pack_free(pack);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
