/* calendar.h - working days: weekends and public holidays per
 * jurisdiction.
 *
 * A calendar belongs to one jurisdiction code ("GB", "US", "US-CA") and
 * holds its weekend days and a sorted list of dated holidays (explicit
 * dates, read from legal/calendars/CODE.ini by the rule pack loader; see
 * docs/calendars.md). Days are counted as days since 1970-01-01 (the
 * civil date in the business time zone, core/dtime.h).
 *
 * A NULL calendar means "no holidays known, Saturday and Sunday off": the
 * day helpers accept it, so a jurisdiction without a calendar file still
 * gets weekends right. */
#ifndef DOCKET_CALENDAR_H
#define DOCKET_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

struct calendar;
struct calendar_set;

/* Weekend masks: bit (1 << weekday), weekday 0 = Sunday ... 6 = Saturday
 * as in dk_weekday(). */
#define CAL_WEEKEND_DEFAULT ((1u << 0) | (1u << 6))

/* An empty set; never NULL. Free with calendar_set_free (NULL is a no-op). */
struct calendar_set *calendar_set_new(void);
void calendar_set_free(struct calendar_set *s);

/* Add an empty calendar for code (Saturday/Sunday weekend, no holidays).
 * Returns NULL when the set already holds code. The set owns it. */
struct calendar *calendar_set_add(struct calendar_set *s, const char *code);

/* Make code another name of c (GB-ENG and GB-WLS for GB: one calendar
 * for England and Wales). DK_ECONFLICT (no message) when the set already
 * knows code, as a calendar or an alias. */
int calendar_set_alias(struct calendar_set *s, const char *code, struct calendar *c);
/* The calendar of exactly code (its own or an alias), else NULL. */
const struct calendar *calendar_set_find_exact(const struct calendar_set *s, const char *code);

/* The calendar for a customer jurisdiction: the exact code ("US-CA",
 * or an alias such as "GB-WLS"),
 * else its country ("US-NY" -> "US"), else NULL. Case-sensitive; codes
 * are upper case. NULL s or jurisdiction -> NULL. */
const struct calendar *calendar_set_find(const struct calendar_set *s, const char *jurisdiction);

size_t calendar_set_count(const struct calendar_set *s);
/* Calendars in the order added. */
const struct calendar *calendar_set_at(const struct calendar_set *s, size_t i);

/* Setters used by the loader. name is copied. */
void calendar_set_name(struct calendar *c, const char *name);
void calendar_set_weekend(struct calendar *c, unsigned mask);
/* First and last year the holiday list covers (0 = unknown). */
void calendar_set_years(struct calendar *c, int first, int last);
/* Add a holiday; name copied. Returns 0, or DK_ECONFLICT (no message
 * set) when day is already listed. */
int calendar_add_holiday(struct calendar *c, int64_t day, const char *name);

/* Holidays by rule (docs/calendars.md), computed for any year. */
enum calendar_rule_kind {
	CAL_RULE_FIXED = 0,     /* month-day (with wday: the first wday on or after it) */
	CAL_RULE_EASTER,        /* Western (Gregorian) Easter Sunday + offset days */
	CAL_RULE_ORTHODOX,      /* Orthodox Easter Sunday + offset days */
};
/* What happens when the holiday falls on a weekend. */
enum calendar_sub {
	CAL_SUB_NONE = 0,
	CAL_SUB_NEXT,     /* substitute: on a weekend day, the next weekday that is
			     not already a holiday is off too (GB, IE) */
	CAL_SUB_SUNDAY,   /* sunday-substitute: only when on a Sunday */
	CAL_SUB_OBSERVED, /* observed: Saturday -> the Friday before, Sunday ->
			     the Monday after (US federal, 5 U.S.C. 6103) */
};
struct calendar_rule {
	int kind;             /* enum calendar_rule_kind */
	int month, mday;      /* CAL_RULE_FIXED */
	int wday;             /* -1, or 0 (Sunday) .. 6: first such day on or after */
	int offset;           /* days after Easter (negative: before) */
	int sub;              /* enum calendar_sub */
	int from_year, until_year; /* in force those years (0: open) */
	const char *name;
};
/* Add a rule (name copied). */
void calendar_add_rule(struct calendar *c, const struct calendar_rule *r);
size_t calendar_rule_count(const struct calendar *c);
/* An explicit exception: a day a rule gives that is not a holiday (e.g.
 * a bank holiday moved by proclamation). DK_ECONFLICT when listed twice. */
int calendar_add_exception(struct calendar *c, int64_t day);
/* A weekend day that is a working day (a Hungarian working Saturday,
 * moved to bridge a holiday): it counts as a business day and a period
 * ending on it does not roll. name is copied. DK_ECONFLICT when listed
 * twice. */
int calendar_add_working_day(struct calendar *c, int64_t day, const char *name);
/* Its name on day, or NULL when day is no listed working day. */
const char *calendar_working_day(const struct calendar *c, int64_t day);
size_t calendar_working_day_count(const struct calendar *c);
int64_t calendar_working_day_at(const struct calendar *c, size_t i); /* in date order */
/* The holiday a rule gives on day, ignoring exceptions and listed days
 * (NULL if none): lets the loader check that each exception is needed. */
const char *calendar_rule_holiday(const struct calendar *c, int64_t day);
/* The holidays of year y in date order, listed and computed, without
 * exceptions: up to max of them into days/names; returns how many there
 * are. */
size_t calendar_year_holidays(const struct calendar *c, int year, int64_t *days, const char **names, size_t max);
/* Easter Sunday (Gregorian computus) and Orthodox Easter Sunday (Julian
 * computus, as a Gregorian date), as days since 1970-01-01. */
int64_t calendar_easter(int year);
int64_t calendar_orthodox_easter(int year);

const char *calendar_code(const struct calendar *c);
const char *calendar_name(const struct calendar *c);  /* "" if unset */
unsigned calendar_weekend(const struct calendar *c);  /* default for NULL */
size_t calendar_holiday_count(const struct calendar *c);
/* Holiday i in date order: its day, and its name through *name. */
int64_t calendar_holiday_at(const struct calendar *c, size_t i, const char **name);
void calendar_years(const struct calendar *c, int *first, int *last);
/* 1 when the holiday list covers day's year (always 1 if unknown, and
 * for a calendar with rules: they give every year). */
int calendar_covers(const struct calendar *c, int64_t day);

/* The holiday's name on day, or NULL when day is no listed holiday. */
const char *calendar_holiday(const struct calendar *c, int64_t day);
int calendar_is_weekend(const struct calendar *c, int64_t day);
/* Neither a weekend day nor a holiday, or a listed working day. */
int calendar_is_working_day(const struct calendar *c, int64_t day);
/* The first working day strictly after day. */
int64_t calendar_next_working_day(const struct calendar *c, int64_t day);
/* day itself when it is a working day, else the next working day. */
int64_t calendar_roll(const struct calendar *c, int64_t day);
/* The n-th working day after day, not counting day itself (n >= 0;
 * n == 0 returns day). */
int64_t calendar_add_working_days(const struct calendar *c, int64_t day, int64_t n);
/* Working days in [from, to) (0 when to <= from). */
int64_t calendar_count_working_days(const struct calendar *c, int64_t from, int64_t to);

#endif
