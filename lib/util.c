/* util.c - allocation that never returns NULL, file helpers. */
#include "lib/util.h"
#include "lib/err.h"
#include "lib/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <sys/stat.h>
#include <unistd.h>

static void (*die_hook)(void);

void util_set_die_hook(void (*hook)(void)) { die_hook = hook; }

void die(const char *fmt, ...)
{
	va_list ap;
	if (die_hook) {
		void (*h)(void) = die_hook;
		die_hook = NULL;
		h();
	}
	fputs("docket: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (!p)
		die("out of memory");
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);
	if (!p)
		die("out of memory");
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

void grow_array(void **arr, size_t *cap, size_t need, size_t elsz)
{
	if (need <= *cap)
		return;
	size_t n = *cap ? *cap : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			die("array size overflow");
		n *= 2;
	}
	if (n > SIZE_MAX / elsz)
		die("array size overflow");
	*arr = xrealloc(*arr, n * elsz);
	*cap = n;
}

int read_stream(void *fp, char **out, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), (FILE *)fp)) > 0)
		buf_add(&b, chunk, n);
	if (ferror((FILE *)fp)) {
		buf_release(&b);
		return err_set(DK_EIO, "read: %s", strerror(errno));
	}
	if (len)
		*len = b.len;
	*out = buf_detach(&b);
	return 0;
}

int read_file(const char *path, char **out, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return err_set(errno == ENOENT ? DK_ENOTFOUND : DK_EIO, "%s: %s", path, strerror(errno));
	int rc = read_stream(fp, out, len);
	fclose(fp);
	if (rc)
		return err_prefix(rc, "%s", path);
	return 0;
}

int write_file_atomic(const char *path, const void *data, size_t len, int mode)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, mode);
	if (fd < 0) {
		int rc = err_set(DK_EIO, "%s: %s", path, strerror(errno));
		free(tmp);
		return rc;
	}
	fchmod(fd, (mode_t)mode);
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			int rc = err_set(DK_EIO, "%s: %s", path, strerror(errno));
			close(fd);
			unlink(tmp);
			free(tmp);
			return rc;
		}
		p += w;
		left -= (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
		int rc = err_set(DK_EIO, "%s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return rc;
	}
	free(tmp);
	return 0;
}

int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	if (!s || !*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

const char *strcasestr_ascii(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (!n)
		return hay;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}
