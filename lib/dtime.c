/* dtime.c - UTC time, RFC 3339, civil calendar and business time zones. */
#include "lib/dtime.h"
#include "lib/err.h"
#include "lib/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dk_is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int dk_days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && dk_is_leap(y))
		return 29;
	return d[(m - 1) % 12];
}

/* Howard Hinnant's days_from_civil. */
int64_t dk_days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void dk_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t dd = doy - (153 * mp + 2) / 5 + 1;
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

int dk_weekday(int64_t days)
{
	int64_t w = (days + 4) % 7; /* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}

static int is_utc(const char *tz)
{
	return !tz || !*tz || !strcmp(tz, "UTC") || !strcmp(tz, "Etc/UTC") || !strcmp(tz, "Z");
}

/* Run mktime/localtime_r under TZ=tz, restoring the caller's TZ. */
struct tz_saved {
	char *old;
	int had;
};

static void tz_push(const char *tz, struct tz_saved *s)
{
	const char *o = getenv("TZ");
	s->had = o != NULL;
	s->old = o ? xstrdup(o) : NULL;
	setenv("TZ", tz, 1);
	tzset();
}

static void tz_pop(struct tz_saved *s)
{
	if (s->had)
		setenv("TZ", s->old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(s->old);
}

dk_time dk_local_to_utc(const char *tz, int y, int mo, int d, int h, int mi, int s)
{
	int64_t days = dk_days_from_civil(y, mo, d);
	dk_time naive = days * 86400 + h * 3600 + mi * 60 + s;
	if (is_utc(tz))
		return naive;
	struct tz_saved sv;
	tz_push(tz, &sv);
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	tz_pop(&sv);
	if (t == (time_t)-1)
		return naive;
	return (dk_time)t;
}

void dk_utc_to_local(const char *tz, dk_time t, struct tm *out)
{
	time_t tt = (time_t)t;
	if (is_utc(tz)) {
		gmtime_r(&tt, out);
		return;
	}
	struct tz_saved sv;
	tz_push(tz, &sv);
	localtime_r(&tt, out);
	tz_pop(&sv);
}

int64_t dk_local_days(const char *tz, dk_time t)
{
	struct tm tm;
	dk_utc_to_local(tz, t, &tm);
	return dk_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

char *dk_time_format(dk_time t, char *out)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t sec = t - days * 86400;
	int y, m, d;
	dk_civil_from_days(days, &y, &m, &d);
	snprintf(out, DK_TIME_BUFSZ, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
		 (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
	return out;
}

char *dk_date_format(dk_time t, const char *tz, char *out)
{
	int y, m, d;
	dk_civil_from_days(dk_local_days(tz, t), &y, &m, &d);
	snprintf(out, DK_TIME_BUFSZ, "%04d-%02d-%02d", y, m, d);
	return out;
}

static int digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

static int parse_time(const char *s, const char *tz, dk_time *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0;
	size_t n = s ? strlen(s) : 0;
	if (n < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d))
		goto bad;
	if (mo < 1 || mo > 12 || d < 1 || d > dk_days_in_month(y, mo))
		return err_set(DK_EINVAL, "time: %s: no such date", s);
	if (n == 10) {
		*out = dk_local_to_utc(tz, y, mo, d, 0, 0, 0);
		return 0;
	}
	const char *p = s + 10;
	if ((*p != 'T' && *p != 't' && *p != ' ') || strlen(p) < 9)
		goto bad;
	p++;
	if (digits(p, 2, &h) || p[2] != ':' || digits(p + 3, 2, &mi))
		goto bad;
	p += 5;
	if (*p == ':') {
		if (digits(p + 1, 2, &sec))
			goto bad;
		p += 3;
		if (*p == '.') {
			p++;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	if (h > 23 || mi > 59 || sec > 60)
		return err_set(DK_EINVAL, "time: %s: no such time of day", s);
	if (sec == 60)
		sec = 59;
	int64_t base = dk_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	if (*p == 'Z' || *p == 'z') {
		if (p[1])
			goto bad;
		*out = base;
		return 0;
	}
	if (*p == '+' || *p == '-') {
		int oh, om;
		if (strlen(p) != 6 || digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) ||
		    oh > 23 || om > 59)
			goto bad;
		int64_t off = oh * 3600 + om * 60;
		*out = *p == '+' ? base - off : base + off;
		return 0;
	}
	if (*p == '\0') { /* no offset: local time in the business zone */
		*out = dk_local_to_utc(tz, y, mo, d, h, mi, sec);
		return 0;
	}
bad:
	return err_set(DK_EINVAL, "time: %s: expected YYYY-MM-DD or RFC 3339 (2026-01-31T09:00:00Z)",
		       s ? s : "");
}

int dk_time_parse(const char *s, const char *tz, dk_time *out)
{
	/* An offset or zone can carry 0000-01-01 or 9999-12-31 out of the
	 * four-digit years dk_time_format() writes (found by fuzzing). */
	static const dk_time lo = -62167219200LL, hi = 253402300799LL; /* 0000-01-01, 9999-12-31T23:59:59Z */
	dk_time t = 0;
	int rc = parse_time(s, tz, &t);
	if (rc)
		return rc;
	if (t < lo || t > hi)
		return err_set(DK_EINVAL, "time: %s: outside the years 0000-9999 in UTC", s);
	*out = t;
	return 0;
}

dk_time dk_now(void)
{
	static int warned;
	const char *e = getenv("DOCKET_NOW");
	if (e && *e) {
		dk_time t = 0;
		if (dk_time_parse(e, NULL, &t) == 0)
			return t;
		if (!warned++)
			fprintf(stderr, "docket: DOCKET_NOW: %s: not a time, using the clock\n", e);
	}
	return (dk_time)time(NULL);
}

char *dk_duration_short(int64_t secs, char *out, size_t n)
{
	if (secs < 0)
		secs = -secs;
	if (secs < 3600)
		snprintf(out, n, "%dm", (int)(secs / 60));
	else if (secs < 86400)
		snprintf(out, n, "%dh", (int)(secs / 3600));
	else
		snprintf(out, n, "%dd", (int)(secs / 86400));
	return out;
}
