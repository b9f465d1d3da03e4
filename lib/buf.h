/* buf.h - the one growable string type for all text assembly.
 *
 * struct buf b = BUF_INIT; buf_adds(&b, "x"); ... buf_release(&b);
 * b.data is always NUL-terminated once anything was added; buf_str()
 * returns "" for an empty buffer. buf_detach() hands the storage to the
 * caller (free() it) and leaves the buffer empty. */
#ifndef DOCKET_BUF_H
#define DOCKET_BUF_H

#include <stddef.h>
#include <stdarg.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_init(struct buf *b);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_truncate(struct buf *b, size_t len);
char *buf_detach(struct buf *b);
const char *buf_str(const struct buf *b);

#endif
