/* deadline.c - deadline arithmetic: hours, days, business days, weeks,
 * calendar months (Regulation 1182/71), rolling, pauses, extensions. */
#include "core/deadline.h"

#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/util.h"

const struct calendar *deadline_calendar(const struct rule *r, const struct calendar_set *cals,
					 const char *jurisdiction)
{
	const char *code = r && r->calendar && !rule_calendar_is_establishment(r) ? r->calendar : jurisdiction;
	return calendar_set_find(cals, code);
}

const char *deadline_calendar_code(const struct rule *r, const char *customer, const char *establishment)
{
	if (r && r->calendar && !rule_calendar_is_establishment(r))
		return r->calendar;
	if (r && r->calendar_within) /* establishment in GB: else GB's own */
		return rule_code_within(establishment, r->calendar_within) ? establishment : r->calendar_within;
	if (r && r->calendar && establishment && *establishment)
		return establishment;
	return customer;
}

/* An end on a day off moves on: roll = yes to the next working day, roll
 * = holidays past holidays and Sundays only. */
static int64_t roll_day(int roll, const struct calendar *cal, int64_t d)
{
	if (roll == RULE_ROLL_HOLIDAYS) {
		for (int i = 0; i < 3660 && (dk_weekday(d) == 0 || calendar_holiday(cal, d)); i++)
			d++;
		return d;
	}
	return roll ? calendar_roll(cal, d) : d;
}

/* The last second of civil day `day` in tz, as UTC. Taking the next
 * midnight minus one second stays right on DST-change days. */
static dk_time end_of_day(const char *tz, int64_t day)
{
	int y, m, d;
	dk_civil_from_days(day + 1, &y, &m, &d);
	return dk_local_to_utc(tz, y, m, d, 0, 0, 0) - 1;
}

static int64_t add_months(int64_t day, int n)
{
	int y, m, d;
	dk_civil_from_days(day, &y, &m, &d);
	int64_t m0 = (int64_t)(m - 1) + n;
	y += (int)(m0 / 12);
	m = (int)(m0 % 12) + 1;
	int dim = dk_days_in_month(y, m);
	return dk_days_from_civil(y, m, d < dim ? d : dim);
}

/* The final day of a day-based period starting on `day`: day 1 is the
 * next day, or with counting = beginning-with `day` itself (a month
 * beginning with 3 August ends on 2 September; N business days beginning
 * with a working day count it as the first). */
static int64_t add_days_period_c(const struct rule_period *p, int counting, const struct calendar *cal,
				 int64_t day)
{
	if (counting == RULE_COUNT_BEGINNING_WITH && p->n > 0) {
		if (p->unit == RULE_UNIT_BUSINESS_DAYS)
			return calendar_is_working_day(cal, day) ? calendar_add_working_days(cal, day, p->n - 1)
								 : calendar_add_working_days(cal, day, p->n);
		if (p->unit == RULE_UNIT_MONTHS)
			return add_months(day, p->n) - 1;
		return add_days_period_c(p, RULE_COUNT_AFTER, cal, day) - 1;
	}
	switch (p->unit) {
	case RULE_UNIT_DAYS: return day + p->n;
	case RULE_UNIT_WEEKS: return day + 7 * (int64_t)p->n;
	case RULE_UNIT_MONTHS: return add_months(day, p->n);
	case RULE_UNIT_BUSINESS_DAYS: return calendar_add_working_days(cal, day, p->n);
	}
	return day;
}

static int64_t add_days_period(const struct rule_period *p, const struct calendar *cal, int64_t day)
{
	return add_days_period_c(p, RULE_COUNT_AFTER, cal, day);
}

static int valid_start(dk_time start)
{
	/* Keep the civil-date arithmetic far from overflow: years 1900-9000. */
	return start != DK_TIME_NONE && start > -2208988800LL && start < 221845392000LL;
}

int deadline_add(const struct rule_period *p, int roll, const struct calendar *cal, const char *tz,
		 dk_time start, dk_time *due)
{
	if (!valid_start(start))
		return err_set(DK_EINVAL, "deadline: start time out of range");
	if (p->unit == RULE_UNIT_HOURS) {
		*due = start + (dk_time)p->n * 3600;
		return 0;
	}
	if (p->unit <= RULE_UNIT_NONE || p->unit > RULE_UNIT_MONTHS || p->n < 0)
		return err_set(DK_EINVAL, "deadline: no period");
	int64_t d = add_days_period(p, cal, dk_local_days(tz, start));
	*due = end_of_day(tz, roll_day(roll, cal, d));
	return 0;
}

static int check_rule(const struct rule *r, const char *tz, dk_time start)
{
	if (!valid_start(start))
		return err_set(DK_EINVAL, "rule %s: start time out of range", r->id);
	if (r->deadline.unit == RULE_UNIT_NONE)
		return err_set(DK_EINVAL, "rule %s: has no deadline", r->id);
	int64_t d = dk_local_days(tz, start);
	char when[DK_TIME_BUFSZ];
	if (d < r->from_day)
		return err_set(DK_EINVAL, "rule %s: not in force until %s (start %s)", r->id, r->from,
			       dk_date_format(start, tz, when));
	if (d > r->until_day)
		return err_set(DK_EINVAL, "rule %s: no longer in force after %s (start %s)", r->id,
			       r->until, dk_date_format(start, tz, when));
	return 0;
}

static int cmp_span(const void *a, const void *b)
{
	const struct dk_span *x = a, *y = b;
	return x->from < y->from ? -1 : x->from > y->from;
}

static int compute(const struct rule *r, const struct calendar_set *cals, const char *jurisdiction,
		   const char *tz, dk_time start, const struct dk_span *pauses, size_t npauses,
		   int extended, dk_time *due)
{
	int rc = check_rule(r, tz, start);
	if (rc)
		return rc;
	const struct calendar *cal = deadline_calendar(r, cals, jurisdiction);
	struct rule_period base = r->deadline, ext = { 0, RULE_UNIT_NONE };
	if (extended) {
		if (r->extension.unit == RULE_UNIT_NONE)
			return err_set(DK_EINVAL, "rule %s: allows no extension", r->id);
		if (r->extension.unit == base.unit)
			base.n += r->extension.n;
		else
			ext = r->extension;
	}
	struct dk_span *sp = NULL;
	if (npauses) {
		sp = xmalloc(npauses * sizeof(*sp));
		memcpy(sp, pauses, npauses * sizeof(*sp));
		qsort(sp, npauses, sizeof(*sp), cmp_span);
	}

	if (base.unit == RULE_UNIT_HOURS) {
		dk_time t = start + (dk_time)base.n * 3600;
		if (ext.unit == RULE_UNIT_HOURS) {
			t += (dk_time)ext.n * 3600;
		} else if (ext.unit != RULE_UNIT_NONE) {
			int64_t d = dk_local_days(tz, t);
			t += (add_days_period(&ext, cal, d) - d) * 86400;
		}
		for (size_t i = 0; i < npauses; i++) {
			dk_time from = sp[i].from < start ? start : sp[i].from;
			if (from >= t)
				continue;
			if (sp[i].to == DK_TIME_NONE) {
				t = DK_TIME_NONE;
				break;
			}
			if (sp[i].to > from)
				t += sp[i].to - from;
		}
		free(sp);
		*due = t;
		return 0;
	}

	int64_t d = add_days_period_c(&base, r->counting, cal, dk_local_days(tz, start));
	if (ext.unit == RULE_UNIT_HOURS)
		d += (ext.n + 23) / 24; /* whole days, rounding up */
	else if (ext.unit != RULE_UNIT_NONE)
		d = add_days_period(&ext, cal, d);
	for (size_t i = 0; i < npauses; i++) {
		int64_t end = roll_day(r->roll, cal, d);
		dk_time from = sp[i].from < start ? start : sp[i].from;
		int64_t pd = dk_local_days(tz, from);
		if (pd > end)
			continue; /* paused after the deadline had passed */
		if (sp[i].to == DK_TIME_NONE) {
			free(sp);
			*due = DK_TIME_NONE;
			return 0;
		}
		int64_t rd = dk_local_days(tz, sp[i].to);
		if (r->pause_inclusive && sp[i].to > from)
			rd++; /* the day of resumption does not count either */
		if (rd <= pd)
			continue;
		if (base.unit == RULE_UNIT_BUSINESS_DAYS)
			d = calendar_add_working_days(cal, d, calendar_count_working_days(cal, pd, rd));
		else
			d += rd - pd;
	}
	free(sp);
	if (base.unit == RULE_UNIT_BUSINESS_DAYS)
		d = calendar_roll(cal, d);
	d = roll_day(r->roll, cal, d);
	*due = end_of_day(tz, d);
	return 0;
}

int deadline_compute(const struct rule *r, const struct calendar_set *cals, const char *jurisdiction,
		     const char *tz, dk_time start, dk_time *due)
{
	return compute(r, cals, jurisdiction, tz, start, NULL, 0, 0, due);
}

int deadline_apply_pauses(const struct rule *r, const struct calendar_set *cals,
			  const char *jurisdiction, const char *tz, dk_time start,
			  const struct dk_span *pauses, size_t npauses, dk_time *due)
{
	return compute(r, cals, jurisdiction, tz, start, pauses, npauses, 0, due);
}

int deadline_extend(const struct rule *r, const struct calendar_set *cals, const char *jurisdiction,
		    const char *tz, dk_time start, const struct dk_span *pauses, size_t npauses,
		    dk_time *due)
{
	return compute(r, cals, jurisdiction, tz, start, pauses, npauses, 1, due);
}

int deadline_ack(const struct rule *r, const struct calendar_set *cals, const char *jurisdiction,
		 const char *tz, dk_time start, dk_time *due)
{
	if (r->ack.unit == RULE_UNIT_NONE)
		return err_set(DK_ENOTFOUND, "rule %s: has no acknowledgement period", r->id);
	int64_t d = dk_local_days(tz, start);
	if (d < r->from_day)
		return err_set(DK_EINVAL, "rule %s: not in force until %s", r->id, r->from);
	if (d > r->until_day)
		return err_set(DK_EINVAL, "rule %s: no longer in force after %s", r->id, r->until);
	return deadline_add(&r->ack, r->ack.unit != RULE_UNIT_HOURS ? r->roll : RULE_ROLL_NO,
			    deadline_calendar(r, cals, jurisdiction), tz, start, due);
}
