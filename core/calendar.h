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

/* The calendar for a customer jurisdiction: the exact code ("US-CA"),
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

const char *calendar_code(const struct calendar *c);
const char *calendar_name(const struct calendar *c);  /* "" if unset */
unsigned calendar_weekend(const struct calendar *c);  /* default for NULL */
size_t calendar_holiday_count(const struct calendar *c);
/* Holiday i in date order: its day, and its name through *name. */
int64_t calendar_holiday_at(const struct calendar *c, size_t i, const char **name);
void calendar_years(const struct calendar *c, int *first, int *last);
/* 1 when the holiday list covers day's year (always 1 if unknown). */
int calendar_covers(const struct calendar *c, int64_t day);

/* The holiday's name on day, or NULL when day is no listed holiday. */
const char *calendar_holiday(const struct calendar *c, int64_t day);
int calendar_is_weekend(const struct calendar *c, int64_t day);
/* Neither a weekend day nor a holiday. */
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
