/* buf.c - growable strings. */
#include "lib/buf.h"
#include "lib/util.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static char empty_str[1];

/* The invariants, checked on entry and exit of every call (SQLite style:
 * on unless NDEBUG is defined, and no build of ours, the test builds
 * least of all, defines it). An unallocated buf
 * is all zero; an allocated one has len < cap and data[len] == 0, so
 * b.data is always a string. empty_str is never written to. */
#define BUF_OK(b)                                                                          \
	(assert((b) != NULL), assert((b)->data ? (b)->cap > 0 : (b)->cap == 0 && (b)->len == 0), \
	 assert(!(b)->data || (b)->len < (b)->cap), assert(!(b)->data || (b)->data[(b)->len] == '\0'), \
	 assert(empty_str[0] == '\0'))

void buf_init(struct buf *b) { b->data = NULL; b->len = b->cap = 0; }

void buf_release(struct buf *b)
{
	BUF_OK(b);
	free(b->data);
	buf_init(b);
}

void buf_reset(struct buf *b)
{
	BUF_OK(b);
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
	BUF_OK(b);
}

void buf_grow(struct buf *b, size_t extra)
{
	BUF_OK(b);
	if (extra > SIZE_MAX - b->len - 1)
		die("buffer size overflow");
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	int fresh = b->data == NULL;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
	if (fresh)
		b->data[0] = '\0';
	assert(b->cap >= need);
	BUF_OK(b);
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	BUF_OK(b);
}

void buf_adds(struct buf *b, const char *s) { buf_add(b, s, strlen(s)); }

void buf_addc(struct buf *b, char c) { buf_add(b, &c, 1); }

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	/* one pass when the text fits the room there is (at least 64 bytes),
	 * a second only when it did not: the audit trail formats a row per
	 * action */
	buf_grow(b, 63);
	size_t room = b->cap - b->len;
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(b->data + b->len, room, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->data[b->len] = '\0';
		die("buf_printf: bad format");
	}
	if ((size_t)n >= room) {
		b->data[b->len] = '\0'; /* the cut text was not added */
		buf_grow(b, (size_t)n);
		int m = vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		assert(m == n);
		(void)m;
	}
	b->len += (size_t)n;
	BUF_OK(b);
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_truncate(struct buf *b, size_t len)
{
	BUF_OK(b);
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

char *buf_detach(struct buf *b)
{
	BUF_OK(b);
	char *s = b->data ? b->data : xstrdup("");
	buf_init(b);
	return s;
}

const char *buf_str(const struct buf *b)
{
	BUF_OK(b);
	return b->data ? b->data : empty_str;
}
