/* dtime.h - time in docket: UTC seconds, parsing, RFC 3339, civil dates,
 * business time zones.
 *
 * Storage and arithmetic use dk_time (UTC seconds since the epoch). Day
 * boundaries are taken in a business time zone (an IANA name such as
 * "Europe/Berlin"; NULL, "" or "UTC" mean UTC). */
#ifndef DOCKET_DTIME_H
#define DOCKET_DTIME_H

#include <stdint.h>
#include <time.h>

typedef int64_t dk_time;
#define DK_TIME_NONE INT64_MIN
#define DK_TIME_BUFSZ 32

/* Now: $DOCKET_NOW when set (RFC 3339 or YYYY-MM-DD), else the clock.
 * An unparsable DOCKET_NOW is reported once on stderr and ignored. */
dk_time dk_now(void);

/* Parse "YYYY-MM-DD" (midnight in tz) or RFC 3339 ("2026-01-31T09:00:00Z",
 * "2026-01-31T09:00:00+01:00", fractional seconds ignored, 'T' or ' ').
 * The result must lie in the years 0000-9999 in UTC (what dk_time_format
 * writes). Returns 0 or DK_EINVAL with the message "time: <s>: <why>". */
int dk_time_parse(const char *s, const char *tz, dk_time *out);

/* RFC 3339 in UTC: "2026-01-31T09:00:00Z". out must hold DK_TIME_BUFSZ. */
char *dk_time_format(dk_time t, char *out);
/* "YYYY-MM-DD" of t in zone tz. */
char *dk_date_format(dk_time t, const char *tz, char *out);

/* Proleptic Gregorian calendar: days since 1970-01-01. */
int64_t dk_days_from_civil(int y, int m, int d);
void dk_civil_from_days(int64_t days, int *y, int *m, int *d);
/* 0 = Sunday ... 6 = Saturday. */
int dk_weekday(int64_t days);
int dk_days_in_month(int y, int m);
int dk_is_leap(int y);

/* Local civil time in tz -> UTC. Non-existent local times (DST gap) are
 * moved forward by the gap; ambiguous ones take the first occurrence. */
dk_time dk_local_to_utc(const char *tz, int y, int mo, int d, int h, int mi, int s);
/* UTC -> broken-down local time in tz. */
void dk_utc_to_local(const char *tz, dk_time t, struct tm *out);
/* Days since epoch of the local date of t in tz. */
int64_t dk_local_days(const char *tz, dk_time t);

/* Human duration "2h", "3d", "45m", "1d 4h" (coarse, for countdowns).
 * Negative durations give the magnitude; the caller says "OVERDUE". */
char *dk_duration_short(int64_t secs, char *out, size_t n);

#endif
