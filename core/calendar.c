/* calendar.c - weekends and dated public holidays per jurisdiction. */
#include "core/calendar.h"

#include <stdlib.h>
#include <string.h>

#include "lib/dtime.h"
#include "lib/err.h"
#include "lib/util.h"

struct holiday {
	int64_t day;
	char *name;
};

struct hrule {
	struct calendar_rule r;
	char *name;
	char *sub_name; /* "NAME (substitute day)" / "(observed)" */
};

/* Computed holidays of one year, sorted by day (names point into the
 * rules). Filled on first use: lookups take a const calendar, the cache
 * lives behind a pointer. */
struct yholidays {
	int done;
	size_t n;
	int64_t *days;
	const char **names;
};
#define YC_FIRST 1900
#define YC_N 400
struct ycache {
	struct yholidays *y; /* YC_N years, made on first use: most of a
			      * pack's calendars are never asked in one command */
};

struct calendar {
	char *code;
	char *name;
	unsigned weekend;
	int first_year, last_year;
	struct holiday *hol; /* sorted by day, no duplicates */
	size_t nhol, caphol;
	struct hrule *rules;
	size_t nrules, caprules;
	int64_t *excl; /* sorted exceptions */
	size_t nexcl, capexcl;
	struct holiday *work; /* weekend days that are working days, sorted */
	size_t nwork, capwork;
	struct ycache *yc;
};

struct cal_alias {
	char *code;
	struct calendar *cal;
};

struct calendar_set {
	struct calendar **cals;
	size_t n, cap;
	struct cal_alias *alias; /* other codes of a calendar (GB-ENG -> GB) */
	size_t nalias, capalias;
};

struct calendar_set *calendar_set_new(void)
{
	return xcalloc(1, sizeof(struct calendar_set));
}

static void yc_clear(struct calendar *c)
{
	if (!c->yc->y)
		return; /* loading a pack adds many rules: nothing to clear yet */
	for (int i = 0; i < YC_N; i++) {
		free(c->yc->y[i].days);
		free(c->yc->y[i].names);
	}
	free(c->yc->y);
	c->yc->y = NULL;
}

static void calendar_free(struct calendar *c)
{
	yc_clear(c);
	free(c->yc);
	for (size_t i = 0; i < c->nrules; i++) {
		free(c->rules[i].name);
		free(c->rules[i].sub_name);
	}
	free(c->rules);
	free(c->excl);
	for (size_t i = 0; i < c->nwork; i++)
		free(c->work[i].name);
	free(c->work);
	for (size_t i = 0; i < c->nhol; i++)
		free(c->hol[i].name);
	free(c->hol);
	free(c->code);
	free(c->name);
	free(c);
}

void calendar_set_free(struct calendar_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		calendar_free(s->cals[i]);
	free(s->cals);
	for (size_t i = 0; i < s->nalias; i++)
		free(s->alias[i].code);
	free(s->alias);
	free(s);
}

static struct calendar *find_exact(const struct calendar_set *s, const char *code, size_t len)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->cals[i]->code) == len && !memcmp(s->cals[i]->code, code, len))
			return s->cals[i];
	for (size_t i = 0; i < s->nalias; i++)
		if (strlen(s->alias[i].code) == len && !memcmp(s->alias[i].code, code, len))
			return s->alias[i].cal;
	return NULL;
}

int calendar_set_alias(struct calendar_set *s, const char *code, struct calendar *c)
{
	if (find_exact(s, code, strlen(code)))
		return DK_ECONFLICT;
	ARRAY_GROW(s->alias, s->capalias, s->nalias + 1);
	s->alias[s->nalias].code = xstrdup(code);
	s->alias[s->nalias++].cal = c;
	return 0;
}

const struct calendar *calendar_set_find_exact(const struct calendar_set *s, const char *code)
{
	return s && code ? find_exact(s, code, strlen(code)) : NULL;
}

struct calendar *calendar_set_add(struct calendar_set *s, const char *code)
{
	if (find_exact(s, code, strlen(code)))
		return NULL;
	struct calendar *c = xcalloc(1, sizeof(*c));
	c->code = xstrdup(code);
	c->name = xstrdup("");
	c->weekend = CAL_WEEKEND_DEFAULT;
	c->yc = xcalloc(1, sizeof(*c->yc));
	ARRAY_GROW(s->cals, s->cap, s->n + 1);
	s->cals[s->n++] = c;
	return c;
}

const struct calendar *calendar_set_find(const struct calendar_set *s, const char *jurisdiction)
{
	if (!s || !jurisdiction || !*jurisdiction)
		return NULL;
	const struct calendar *c = find_exact(s, jurisdiction, strlen(jurisdiction));
	if (c)
		return c;
	const char *dash = strchr(jurisdiction, '-');
	if (dash)
		return find_exact(s, jurisdiction, (size_t)(dash - jurisdiction));
	return NULL;
}

size_t calendar_set_count(const struct calendar_set *s) { return s ? s->n : 0; }

const struct calendar *calendar_set_at(const struct calendar_set *s, size_t i)
{
	return s && i < s->n ? s->cals[i] : NULL;
}

void calendar_set_name(struct calendar *c, const char *name)
{
	free(c->name);
	c->name = xstrdup(name ? name : "");
}

void calendar_set_weekend(struct calendar *c, unsigned mask)
{
	c->weekend = mask & 0x7f;
	yc_clear(c); /* substitutes depend on the weekend */
}

void calendar_set_years(struct calendar *c, int first, int last)
{
	c->first_year = first;
	c->last_year = last;
}

/* Index of the first of n elements (stride bytes each, sorted by the
 * day each begins with: an int64_t or a struct holiday) with day >= d. */
static size_t day_bound(const void *base, size_t n, size_t stride, int64_t d)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t day;
		memcpy(&day, (const char *)base + mid * stride, sizeof(day));
		if (day < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Index of the first holiday with day >= d. */
static size_t lower_bound(const struct calendar *c, int64_t d)
{
	return day_bound(c->hol, c->nhol, sizeof(*c->hol), d);
}

/* A listed (dated) holiday on day, or NULL. */
static const char *calendar_holiday_listed(const struct calendar *c, int64_t day)
{
	size_t i = lower_bound(c, day);
	return i < c->nhol && c->hol[i].day == day ? c->hol[i].name : NULL;
}

int calendar_add_holiday(struct calendar *c, int64_t day, const char *name)
{
	size_t i = lower_bound(c, day);
	if (i < c->nhol && c->hol[i].day == day)
		return DK_ECONFLICT;
	ARRAY_GROW(c->hol, c->caphol, c->nhol + 1);
	memmove(c->hol + i + 1, c->hol + i, (c->nhol - i) * sizeof(*c->hol));
	c->hol[i].day = day;
	c->hol[i].name = xstrdup(name ? name : "");
	c->nhol++;
	yc_clear(c); /* substitutes skip listed days */
	return 0;
}

const char *calendar_code(const struct calendar *c) { return c ? c->code : ""; }
const char *calendar_name(const struct calendar *c) { return c ? c->name : ""; }
unsigned calendar_weekend(const struct calendar *c) { return c ? c->weekend : CAL_WEEKEND_DEFAULT; }
size_t calendar_holiday_count(const struct calendar *c) { return c ? c->nhol : 0; }

int64_t calendar_holiday_at(const struct calendar *c, size_t i, const char **name)
{
	if (!c || i >= c->nhol) {
		if (name)
			*name = NULL;
		return 0;
	}
	if (name)
		*name = c->hol[i].name;
	return c->hol[i].day;
}

void calendar_years(const struct calendar *c, int *first, int *last)
{
	*first = c ? c->first_year : 0;
	*last = c ? c->last_year : 0;
}

int calendar_covers(const struct calendar *c, int64_t day)
{
	if (!c || !c->first_year || c->nrules)
		return 1;
	int y, m, d;
	dk_civil_from_days(day, &y, &m, &d);
	return y >= c->first_year && y <= c->last_year;
}

/* -- holidays by rule -- */

int64_t calendar_easter(int y)
{
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
	return dk_days_from_civil(y, month, day);
}

int64_t calendar_orthodox_easter(int y)
{
	int a = y % 4, b = y % 7, c = y % 19, d = (19 * c + 15) % 30, e = (2 * a + 4 * b - d + 34) % 7;
	int month = (d + e + 114) / 31, day = (d + e + 114) % 31 + 1;
	/* a Julian date: the same numbers in the Gregorian calendar plus the
	 * difference between the calendars (13 days in 1900-2099) */
	return dk_days_from_civil(y, month, day) + (y / 100 - y / 400 - 2);
}

void calendar_add_rule(struct calendar *c, const struct calendar_rule *r)
{
	ARRAY_GROW(c->rules, c->caprules, c->nrules + 1);
	struct hrule *h = &c->rules[c->nrules++];
	h->r = *r;
	h->name = xstrdup(r->name ? r->name : "");
	h->r.name = h->name;
	h->sub_name = xasprintf("%s (%s)", h->name, r->sub == CAL_SUB_OBSERVED ? "observed" : "substitute day");
	yc_clear(c);
}

size_t calendar_rule_count(const struct calendar *c) { return c ? c->nrules : 0; }

static size_t excl_bound(const struct calendar *c, int64_t d)
{
	return day_bound(c->excl, c->nexcl, sizeof(*c->excl), d);
}

int calendar_add_exception(struct calendar *c, int64_t day)
{
	size_t i = excl_bound(c, day);
	if (i < c->nexcl && c->excl[i] == day)
		return DK_ECONFLICT;
	ARRAY_GROW(c->excl, c->capexcl, c->nexcl + 1);
	memmove(c->excl + i + 1, c->excl + i, (c->nexcl - i) * sizeof(*c->excl));
	c->excl[i] = day;
	c->nexcl++;
	return 0;
}

static int is_excluded(const struct calendar *c, int64_t day)
{
	size_t i = excl_bound(c, day);
	return i < c->nexcl && c->excl[i] == day;
}

/* The day a rule gives in year y, or INT64_MIN when not in force then. */
static int64_t rule_day(const struct calendar_rule *r, int y)
{
	if ((r->from_year && y < r->from_year) || (r->until_year && y > r->until_year))
		return INT64_MIN;
	int64_t d;
	switch (r->kind) {
	case CAL_RULE_EASTER: return calendar_easter(y) + r->offset;
	case CAL_RULE_ORTHODOX: return calendar_orthodox_easter(y) + r->offset;
	default:
		d = dk_days_from_civil(y, r->month, r->mday);
		if (r->wday >= 0)
			while (dk_weekday(d) != r->wday)
				d++;
		return d;
	}
}

struct hday {
	int64_t day;
	const char *name;
	int sub;
	const char *sub_name;
};

static int cmp_hday(const void *a, const void *b)
{
	const struct hday *x = a, *y = b;
	return x->day < y->day ? -1 : x->day > y->day;
}

static int hday_has(const struct hday *v, size_t n, int64_t d)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].day == d)
			return 1;
	return 0;
}

/* The computed holidays of year y (with substitutes, which may cross a
 * year end: 1 Jan on a Saturday is observed on 31 Dec), sorted, without
 * exceptions or listed days. */
static void compute_year(const struct calendar *c, int y, struct yholidays *out)
{
	struct hday *v = NULL;
	size_t n = 0, cap = 0;
	for (int yy = y - 1; yy <= y + 1; yy++) {
		for (size_t i = 0; i < c->nrules; i++) {
			int64_t d = rule_day(&c->rules[i].r, yy);
			if (d == INT64_MIN)
				continue;
			ARRAY_GROW(v, cap, n + 1);
			v[n++] = (struct hday){ d, c->rules[i].name, c->rules[i].r.sub, c->rules[i].sub_name };
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_hday);
	size_t nbase = n;
	for (size_t i = 0; i < nbase; i++) {
		int64_t d = v[i].day, s = INT64_MIN;
		int wd = dk_weekday(d);
		if (v[i].sub == CAL_SUB_OBSERVED) {
			if (wd == 6)
				s = d - 1;
			else if (wd == 0)
				s = d + 1;
		} else if ((v[i].sub == CAL_SUB_NEXT && calendar_is_weekend(c, d)) ||
			   (v[i].sub == CAL_SUB_SUNDAY && wd == 0)) {
			s = d + 1;
			for (int k = 0; k < 14 && (calendar_is_weekend(c, s) || hday_has(v, n, s) ||
						  (c->nhol && calendar_holiday_listed(c, s))); k++)
				s++;
		}
		if (s == INT64_MIN)
			continue;
		ARRAY_GROW(v, cap, n + 1);
		v[n++] = (struct hday){ s, v[i].sub_name, CAL_SUB_NONE, NULL };
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_hday);
	out->days = xmalloc((n ? n : 1) * sizeof(*out->days));
	out->names = xmalloc((n ? n : 1) * sizeof(*out->names));
	out->n = 0;
	int64_t first = dk_days_from_civil(y, 1, 1), last = dk_days_from_civil(y, 12, 31);
	for (size_t i = 0; i < n; i++) {
		if (v[i].day < first || v[i].day > last)
			continue;
		if (out->n && out->days[out->n - 1] == v[i].day)
			continue; /* two rules on one day: the first name */
		out->days[out->n] = v[i].day;
		out->names[out->n++] = v[i].name;
	}
	out->done = 1;
	free(v);
}

static const char *year_lookup(const struct yholidays *yh, int64_t day)
{
	size_t lo = day_bound(yh->days, yh->n, sizeof(*yh->days), day);
	return lo < yh->n && yh->days[lo] == day ? yh->names[lo] : NULL;
}

/* The computed holiday on day (cached per year; NULL if none). */
const char *calendar_rule_holiday(const struct calendar *c, int64_t day)
{
	if (!c || !c->nrules)
		return NULL;
	int y, m, d;
	dk_civil_from_days(day, &y, &m, &d);
	if (y >= YC_FIRST && y < YC_FIRST + YC_N) {
		if (!c->yc->y)
			c->yc->y = xcalloc(YC_N, sizeof(*c->yc->y));
		struct yholidays *yh = &c->yc->y[y - YC_FIRST];
		if (!yh->done)
			compute_year(c, y, yh);
		return year_lookup(yh, day);
	}
	struct yholidays tmp = { 0 };
	compute_year(c, y, &tmp);
	const char *name = year_lookup(&tmp, day);
	free(tmp.days);
	free(tmp.names);
	return name;
}

size_t calendar_year_holidays(const struct calendar *c, int year, int64_t *days, const char **names, size_t max)
{
	size_t n = 0;
	if (!c)
		return 0;
	int64_t first = dk_days_from_civil(year, 1, 1), last = dk_days_from_civil(year, 12, 31);
	for (int64_t d = first; d <= last; d++) {
		const char *nm = calendar_holiday_listed(c, d);
		if (!nm)
			nm = calendar_rule_holiday(c, d);
		if (!nm)
			continue;
		if (n < max) {
			if (days)
				days[n] = d;
			if (names)
				names[n] = nm;
		}
		n++;
	}
	return n;
}

static size_t work_bound(const struct calendar *c, int64_t d)
{
	return day_bound(c->work, c->nwork, sizeof(*c->work), d);
}

int calendar_add_working_day(struct calendar *c, int64_t day, const char *name)
{
	size_t i = work_bound(c, day);
	if (i < c->nwork && c->work[i].day == day)
		return DK_ECONFLICT;
	ARRAY_GROW(c->work, c->capwork, c->nwork + 1);
	memmove(c->work + i + 1, c->work + i, (c->nwork - i) * sizeof(*c->work));
	c->work[i].day = day;
	c->work[i].name = xstrdup(name ? name : "");
	c->nwork++;
	return 0;
}

const char *calendar_working_day(const struct calendar *c, int64_t day)
{
	if (!c || !c->nwork)
		return NULL;
	size_t i = work_bound(c, day);
	return i < c->nwork && c->work[i].day == day ? c->work[i].name : NULL;
}

size_t calendar_working_day_count(const struct calendar *c) { return c ? c->nwork : 0; }

int64_t calendar_working_day_at(const struct calendar *c, size_t i)
{
	return c && i < c->nwork ? c->work[i].day : 0;
}

const char *calendar_holiday(const struct calendar *c, int64_t day)
{
	if (!c)
		return NULL;
	const char *listed = calendar_holiday_listed(c, day);
	if (listed)
		return listed;
	if (!c->nrules || (c->nexcl && is_excluded(c, day)))
		return NULL;
	return calendar_rule_holiday(c, day);
}

int calendar_is_weekend(const struct calendar *c, int64_t day)
{
	return (calendar_weekend(c) >> dk_weekday(day)) & 1u;
}

int calendar_is_working_day(const struct calendar *c, int64_t day)
{
	if (calendar_working_day(c, day))
		return 1; /* a working Saturday counts */
	return !calendar_is_weekend(c, day) && !calendar_holiday(c, day);
}

int64_t calendar_next_working_day(const struct calendar *c, int64_t day)
{
	/* A calendar whose every weekday is weekend would loop forever; the
	 * loader refuses such a mask, and the bound below keeps us safe. */
	for (int i = 0; i < 3660; i++)
		if (calendar_is_working_day(c, ++day))
			return day;
	return day;
}

int64_t calendar_roll(const struct calendar *c, int64_t day)
{
	return calendar_is_working_day(c, day) ? day : calendar_next_working_day(c, day);
}

int64_t calendar_add_working_days(const struct calendar *c, int64_t day, int64_t n)
{
	for (int64_t i = 0; i < n; i++)
		day = calendar_next_working_day(c, day);
	return day;
}

int64_t calendar_count_working_days(const struct calendar *c, int64_t from, int64_t to)
{
	int64_t n = 0;
	for (int64_t d = from; d < to; d++)
		n += calendar_is_working_day(c, d);
	return n;
}
