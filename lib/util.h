/* util.h - allocation wrappers that die on exhaustion, and small helpers. */
#ifndef DOCKET_UTIL_H
#define DOCKET_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Allocation: on exhaustion print "docket: out of memory" and exit(1),
 * after running the hook installed with util_set_die_hook (the TUI uses it
 * to restore the terminal). Never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Formatted allocation; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void util_set_die_hook(void (*hook)(void));
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Grow *arr (element size elsz) so that it holds at least need elements;
 * *cap is updated. Guards against size overflow. */
void grow_array(void **arr, size_t *cap, size_t need, size_t elsz);
#define ARRAY_GROW(arr, cap, need) \
	grow_array((void **)&(arr), &(cap), (need), sizeof(*(arr)))

/* Read a whole file into a NUL-terminated heap buffer; *len gets its size.
 * Returns 0, or a negative DK_ code with the message set. */
int read_file(const char *path, char **out, size_t *len);
/* Read all of a stream (stdin) likewise. */
int read_stream(void *FILE_ptr, char **out, size_t *len);
/* Write a file atomically (temp + rename) with the given mode. */
int write_file_atomic(const char *path, const void *data, size_t len, int mode);

/* Parse a decimal integer in [min,max]; 0 on success, -1 otherwise. */
int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Case-insensitive ASCII substring search. */
const char *strcasestr_ascii(const char *hay, const char *needle);

#endif
