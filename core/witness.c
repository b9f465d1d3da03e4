/* witness.c - the audit chain's head, witnessed outside the workspace
 * (witness.h). */
#include "core/witness.h"

#include "core/workspace.h"
#include "data/store.h"
#include "lib/err.h"
#include "lib/util.h"
#include "model/model.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

int witness_head(struct workspace *ws, struct anchor *out)
{
	memset(out, 0, sizeof(*out));
	struct audit_row *r;
	size_t n;
	int rc = store_audit_list(ws->store, NULL, 1, 1, &r, &n);
	if (rc)
		return rc;
	if (n) {
		out->seq = r[0].seq;
		snprintf(out->hash, sizeof(out->hash), "%s", r[0].hash ? r[0].hash : "");
	}
	audit_rows_free(r, n);
	return 0;
}

char *witness_format(const struct anchor *a, char *buf, size_t n)
{
	snprintf(buf, n, "%lld:%s", (long long)a->seq, a->seq ? a->hash : "");
	return buf;
}

void witness_log(struct workspace *ws, const char *after)
{
	struct anchor h;
	if (witness_head(ws, &h)) {
		err_clear();
		return;
	}
	char a[128];
	openlog("docket", LOG_PID, LOG_USER);
	syslog(LOG_NOTICE, "audit head %s workspace %s after %s", witness_format(&h, a, sizeof(a)), ws->dir,
	       after);
	closelog();
}

void witness_daily(struct workspace *ws)
{
	char today[16], *last = NULL;
	time_t t = time(NULL);
	struct tm tm;
	strftime(today, sizeof(today), "%Y-%m-%d", gmtime_r(&t, &tm));
	if (store_meta_get(ws->store, "witness_day", &last)) {
		err_clear();
		return;
	}
	int due = !last || strcmp(last, today);
	free(last);
	if (!due)
		return;
	witness_log(ws, "the day's first run");
	/* a read-only or busy workspace just logs again next time */
	if (store_meta_set(ws->store, "witness_day", today))
		err_clear();
}

static int is_hash(const char *s)
{
	for (int i = 0; i < WITNESS_HASH_LEN; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return 0;
	return !isxdigit((unsigned char)s[WITNESS_HASH_LEN]);
}

/* "SEQ:HASH" at s (a positive SEQ); *len gets its length. */
static int anchor_at(const char *s, struct anchor *out, size_t *len)
{
	const char *p = s;
	int64_t seq = 0;
	while (isdigit((unsigned char)*p)) {
		if (seq > (INT64_MAX - 9) / 10)
			return 0;
		seq = seq * 10 + (*p++ - '0');
	}
	if (p == s || *p != ':' || seq <= 0 || !is_hash(p + 1))
		return 0;
	out->seq = seq;
	memcpy(out->hash, p + 1, WITNESS_HASH_LEN);
	out->hash[WITNESS_HASH_LEN] = 0;
	*len = (size_t)(p + 1 + WITNESS_HASH_LEN - s);
	return 1;
}

int witness_parse(const char *s, struct anchor *out)
{
	size_t len;
	if (!s || !anchor_at(s, out, &len) || s[len])
		return err_set(DK_EUSAGE, "--anchor %s: expected SEQ:HASH as `docket audit head` prints it",
			       s ? s : "");
	return 0;
}

/* A system-log line names the workspace it is about ("... workspace DIR
 * after ACTION"): 1 when line [p, end) names one other than dir. */
static int other_workspace(const char *p, const char *end, const char *dir)
{
	static const char key[] = " workspace ", tail[] = " after ";
	const char *w = NULL;
	for (const char *q = p; q + sizeof(key) - 1 <= end; q++)
		if (!memcmp(q, key, sizeof(key) - 1)) {
			w = q + sizeof(key) - 1;
			break;
		}
	if (!w || !dir)
		return 0;
	const char *a = NULL; /* the last " after " of the line */
	for (const char *q = w; q + sizeof(tail) - 1 <= end; q++)
		if (!memcmp(q, tail, sizeof(tail) - 1))
			a = q;
	if (!a)
		return 0;
	size_t dl = strlen(dir);
	return (size_t)(a - w) != dl || memcmp(w, dir, dl) != 0;
}

void witness_scan(const char *text, const char *dir, struct anchor **out, size_t *n, size_t *cap)
{
	const char *line = text;
	while (*line) {
		const char *end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		if (!other_workspace(line, end, dir)) {
			for (const char *p = line; p < end; p++) {
				if (!isdigit((unsigned char)*p) || (p > text && isalnum((unsigned char)p[-1])))
					continue;
				struct anchor a;
				size_t len;
				if (anchor_at(p, &a, &len)) {
					ARRAY_GROW(*out, *cap, *n + 1);
					(*out)[(*n)++] = a;
					p += len - 1;
				}
			}
		}
		line = *end ? end + 1 : end;
	}
}

int witness_check(struct workspace *ws, const struct anchor *a, size_t n)
{
	struct anchor head;
	int rc = witness_head(ws, &head);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		char name[128];
		witness_format(&a[i], name, sizeof(name));
		struct audit_row r;
		rc = store_audit_get(ws->store, a[i].seq, &r);
		if (rc == DK_ENOTFOUND)
			return err_set(DK_ERR, "audit: anchor %s: the chain no longer holds row %lld (it ends at row %lld)",
				       name, (long long)a[i].seq, (long long)head.seq);
		if (rc)
			return rc;
		int same = r.hash && !strcmp(r.hash, a[i].hash);
		audit_row_clear(&r);
		if (!same)
			return err_set(DK_ERR, "audit: anchor %s: row %lld has another hash now (the chain was rewritten)",
				       name, (long long)a[i].seq);
	}
	return 0;
}
