/* import.c - `docket mail import MBOX|MAILDIR`: a mailbox moved in from
 * another helpdesk or mail program. Every message takes the path of `mail
 * in` (core/mail.h: mail_receive: the raw bytes stored, parsed, threaded,
 * redeliveries recognised, what cannot be delivered quarantined), in
 * batches of one database transaction (core/workspace.h: ws_batch_begin). */
#include "mail/mail_impl.h"

#include "core/mail.h"
#include "core/workspace.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* messages, or bytes, per database transaction */
#define IMPORT_BATCH_MSGS 500
#define IMPORT_BATCH_BYTES (8 << 20)

struct import {
	struct workspace *ws;
	const char *charsets;
	int64_t max;
	dk_time now;
	int progress; /* stderr is a terminal */
	int64_t seen, delivered, new_tickets, duplicate, quarantined, report;
	int64_t batch_msgs, batch_bytes;
	struct timespec t0;
};

static double since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void progress(struct import *im, int last)
{
	if (!im->progress)
		return;
	double s = since(&im->t0);
	fprintf(stderr, "\rmail import: %lld messages (%.0f a second)%s", (long long)im->seen,
		s > 0 ? (double)im->seen / s : 0.0, last ? "\n" : "");
}

/* One message; `at` is its receipt (DK_TIME_NONE: its Date, else now). */
static int import_one(struct import *im, const char *bytes, size_t len, dk_time at)
{
	const char *why = NULL;
	struct mail_parsed *p = mail_parse_intake(im->ws, bytes, len, &why);
	if (at == DK_TIME_NONE && p && p->date > 0)
		at = p->date;
	if (at == DK_TIME_NONE || at > im->now)
		at = im->now; /* never in the future */
	struct mail_result res;
	int rc = mail_receive(im->ws, bytes, len, p ? &p->in : NULL, why, at, &res);
	mail_parsed_free(p);
	if (rc)
		return rc;
	im->seen++;
	switch (res.outcome) {
	case MAIL_DELIVERED:
		im->delivered++;
		im->new_tickets += res.new_ticket;
		break;
	case MAIL_DUPLICATE: im->duplicate++; break;
	case MAIL_QUARANTINED: im->quarantined++; break;
	case MAIL_REPORT: im->report++; break;
	}
	im->batch_msgs++;
	im->batch_bytes += (int64_t)len;
	if (im->batch_msgs >= IMPORT_BATCH_MSGS || im->batch_bytes >= IMPORT_BATCH_BYTES) {
		if ((rc = ws_batch_commit(im->ws)))
			return rc;
		im->batch_msgs = im->batch_bytes = 0;
		progress(im, 0);
	}
	return 0;
}

/* ---- mbox */

/* "From sender Thu Nov 30 12:00:00 2023": the time at its end (read as
 * UTC), or DK_TIME_NONE. */
static dk_time from_line_time(const char *line)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	const char *p = line + 5;
	p += strcspn(p, " \t"); /* the sender */
	for (; *p; p++) {
		int d, H, M, S, y;
		char m[4];
		if (sscanf(p, " %*3s %3s %d %d:%d:%d %d", m, &d, &H, &M, &S, &y) != 6)
			continue;
		for (int i = 0; i < 12; i++)
			if (!strcmp(m, mon[i])) {
				struct tm tm = { .tm_year = y - 1900, .tm_mon = i, .tm_mday = d, .tm_hour = H,
						 .tm_min = M, .tm_sec = S };
				if (y < 1970 || y > 9999 || d < 1 || d > 31)
					return DK_TIME_NONE;
				return (dk_time)timegm(&tm);
			}
	}
	return DK_TIME_NONE;
}

/* ">From ", ">>From ", ...: escaped by the writer (mboxrd): one '>' less */
static size_t unescape_from(const char *line, size_t n)
{
	size_t k = 0;
	while (k < n && line[k] == '>')
		k++;
	return k && n - k >= 5 && !memcmp(line + k, "From ", 5) ? 1 : 0;
}

static int flush_message(struct import *im, struct buf *msg, dk_time at, int *have)
{
	if (!*have)
		return 0;
	*have = 0;
	/* the blank line before the next "From " is the separator's */
	if (msg->len >= 2 && msg->data[msg->len - 1] == '\n' && msg->data[msg->len - 2] == '\n')
		buf_truncate(msg, msg->len - 1);
	else if (msg->len >= 4 && !memcmp(msg->data + msg->len - 4, "\r\n\r\n", 4))
		buf_truncate(msg, msg->len - 2);
	int rc = import_one(im, msg->data ? msg->data : "", msg->len, at);
	buf_reset(msg);
	return rc;
}

static int import_mbox(struct import *im, const char *path, FILE *fp)
{
	struct buf msg = BUF_INIT;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int have = 0, prev_blank = 1, rc = 0;
	dk_time at = DK_TIME_NONE;
	int64_t lineno = 0;
	while (!rc && (n = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if (prev_blank && n >= 5 && !memcmp(line, "From ", 5)) {
			if ((rc = flush_message(im, &msg, at, &have)))
				break;
			at = from_line_time(line);
			have = 1;
			prev_blank = 0;
			continue;
		}
		if (lineno == 1) {
			rc = err_set(DK_EINVAL, "mail import: %s: not an mbox (the first line is no \"From \" line)",
				     path);
			break;
		}
		size_t skip = unescape_from(line, (size_t)n);
		buf_add(&msg, line + skip, (size_t)n - skip);
		prev_blank = (n == 1 && line[0] == '\n') || (n == 2 && line[0] == '\r' && line[1] == '\n');
	}
	if (!rc && ferror(fp))
		rc = err_set(DK_EIO, "mail import: %s: %s", path, strerror(errno));
	if (!rc)
		rc = flush_message(im, &msg, at, &have);
	free(line);
	buf_release(&msg);
	return rc;
}

/* ---- Maildir: the messages of cur/ and new/ together, in the order of
 * their names (which start with the delivery time) */

struct entry {
	char *name; /* the file's name */
	char *path;
};

static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->path, y->path);
}

/* "1700000000.M1P2.host:2,S": the delivery time the name starts with */
static dk_time maildir_time(const char *name)
{
	char *end;
	long long t = strtoll(name, &end, 10);
	if (end == name || *end != '.' || t < 86400 || t > 253402300799LL)
		return DK_TIME_NONE;
	return (dk_time)t;
}

static int maildir_list(const char *dir, const char *sub, struct entry **v, size_t *n, size_t *cap)
{
	char *path = xasprintf("%s/%s", dir, sub);
	DIR *d = opendir(path);
	if (!d) {
		int rc = errno == ENOENT ? 0 : err_set(DK_EIO, "mail import: %s: %s", path, strerror(errno));
		free(path);
		return rc;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		ARRAY_GROW(*v, *cap, *n + 1);
		(*v)[*n].name = xstrdup(e->d_name);
		(*v)[(*n)++].path = xasprintf("%s/%s", path, e->d_name);
	}
	closedir(d);
	free(path);
	return 0;
}

static int import_maildir(struct import *im, const char *dir)
{
	struct entry *v = NULL;
	size_t n = 0, cap = 0;
	int rc = maildir_list(dir, "cur", &v, &n, &cap);
	if (!rc)
		rc = maildir_list(dir, "new", &v, &n, &cap);
	if (n > 1)
		qsort(v, n, sizeof(*v), entry_cmp);
	for (size_t i = 0; i < n && !rc; i++) {
		struct stat sb;
		if (stat(v[i].path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		char *bytes = NULL;
		size_t len = 0;
		if (!(rc = read_file(v[i].path, &bytes, &len)))
			rc = import_one(im, bytes, len, maildir_time(v[i].name));
		free(bytes);
	}
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].path);
	}
	free(v);
	return rc;
}

int mail_import(const char *dir_opt, const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return err_report(err_set(DK_ENOTFOUND, "mail import: %s: %s", path, strerror(errno)));
	int maildir = S_ISDIR(sb.st_mode);
	FILE *fp = NULL;
	if (maildir) {
		char *cur = xasprintf("%s/cur", path), *nw = xasprintf("%s/new", path);
		struct stat a, b;
		int ok = (stat(cur, &a) == 0 && S_ISDIR(a.st_mode)) || (stat(nw, &b) == 0 && S_ISDIR(b.st_mode));
		free(cur);
		free(nw);
		if (!ok)
			return err_report(err_set(DK_EINVAL, "mail import: %s: not a Maildir (no cur/ or new/)", path));
	} else if (!(fp = fopen(path, "rb"))) {
		return err_report(err_set(DK_EIO, "mail import: %s: %s", path, strerror(errno)));
	}
	char *dir = ws_default_dir(dir_opt);
	struct import im = { .now = dk_now(), .progress = isatty(2) };
	int rc = mail_open_service(dir, &im.ws);
	free(dir);
	if (rc) {
		if (fp)
			fclose(fp);
		return err_report(rc);
	}
	clock_gettime(CLOCK_MONOTONIC, &im.t0);
	if (!(rc = ws_batch_begin(im.ws))) {
		if (maildir) {
			rc = import_maildir(&im, path);
		} else {
			rc = import_mbox(&im, path, fp);
		}
		/* what was taken before a failure is kept: a second run
		 * recognises it and goes on */
		int erc = ws_batch_end(im.ws, 1);
		if (!rc)
			rc = erc;
	}
	if (fp)
		fclose(fp);
	progress(&im, 1);
	if (!rc || im.seen)
		printf("imported=%lld delivered=%lld new_tickets=%lld duplicate=%lld quarantined=%lld report=%lld\n",
		       (long long)im.seen, (long long)im.delivered, (long long)im.new_tickets, (long long)im.duplicate,
		       (long long)im.quarantined, (long long)im.report);
	if (rc)
		err_prefix(rc, "mail import: stopped (run it again: what was taken is recognised)");
	ws_close(im.ws);
	mail_gmime_shutdown();
	return rc ? err_report(rc) : 0;
}
