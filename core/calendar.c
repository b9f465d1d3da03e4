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

struct calendar {
	char *code;
	char *name;
	unsigned weekend;
	int first_year, last_year;
	struct holiday *hol; /* sorted by day, no duplicates */
	size_t nhol, caphol;
};

struct calendar_set {
	struct calendar **cals;
	size_t n, cap;
};

struct calendar_set *calendar_set_new(void)
{
	return xcalloc(1, sizeof(struct calendar_set));
}

static void calendar_free(struct calendar *c)
{
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
	free(s);
}

static struct calendar *find_exact(const struct calendar_set *s, const char *code, size_t len)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->cals[i]->code) == len && !memcmp(s->cals[i]->code, code, len))
			return s->cals[i];
	return NULL;
}

struct calendar *calendar_set_add(struct calendar_set *s, const char *code)
{
	if (find_exact(s, code, strlen(code)))
		return NULL;
	struct calendar *c = xcalloc(1, sizeof(*c));
	c->code = xstrdup(code);
	c->name = xstrdup("");
	c->weekend = CAL_WEEKEND_DEFAULT;
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

void calendar_set_weekend(struct calendar *c, unsigned mask) { c->weekend = mask & 0x7f; }

void calendar_set_years(struct calendar *c, int first, int last)
{
	c->first_year = first;
	c->last_year = last;
}

/* Index of the first holiday with day >= d. */
static size_t lower_bound(const struct calendar *c, int64_t d)
{
	size_t lo = 0, hi = c->nhol;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->hol[mid].day < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
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
	if (!c || !c->first_year)
		return 1;
	int y, m, d;
	dk_civil_from_days(day, &y, &m, &d);
	return y >= c->first_year && y <= c->last_year;
}

const char *calendar_holiday(const struct calendar *c, int64_t day)
{
	if (!c)
		return NULL;
	size_t i = lower_bound(c, day);
	return i < c->nhol && c->hol[i].day == day ? c->hol[i].name : NULL;
}

int calendar_is_weekend(const struct calendar *c, int64_t day)
{
	return (calendar_weekend(c) >> dk_weekday(day)) & 1u;
}

int calendar_is_working_day(const struct calendar *c, int64_t day)
{
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
