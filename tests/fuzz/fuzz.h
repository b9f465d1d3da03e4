/* fuzz.h - shared helpers for the fuzz targets in tests/fuzz/.
 *
 * Each fuzz_<name>.c defines LLVMFuzzerTestOneInput() and is linked
 * either with libFuzzer (make fuzz, clang) or with replay.c (make
 * fuzz-smoke, any compiler with ASan/UBSan). A violated property prints
 * what failed and abort()s, which both drivers report as a crash. */
#ifndef DOCKET_FUZZ_H
#define DOCKET_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond, ...)                                                       \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "%s:%d: property violated: %s: ", __FILE__, \
				__LINE__, #cond);                                    \
			fprintf(stderr, __VA_ARGS__);                                \
			fputc('\n', stderr);                                         \
			abort();                                                     \
		}                                                                    \
	} while (0)

/* The input as a NUL-terminated heap string (it ends at its first NUL,
 * as the C APIs under test see it). Caller frees. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past
 * U+10FFFF) over s[0..n), written independently of core/text.c. On
 * success, when cb is given, it is called with each code point; it
 * returns nonzero to stop with failure. Returns 1 when valid. */
static inline int fuzz_utf8_valid(const char *str, size_t n, int (*cb)(uint32_t cp, void *ctx), void *ctx)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		uint32_t cp;
		size_t len;
		if (c < 0x80) {
			cp = c, len = 1;
		} else if (c >= 0xc2 && c <= 0xdf) {
			cp = c & 0x1f, len = 2;
		} else if (c >= 0xe0 && c <= 0xef) {
			cp = c & 0x0f, len = 3;
		} else if (c >= 0xf0 && c <= 0xf4) {
			cp = c & 0x07, len = 4;
		} else {
			return 0;
		}
		if (len > n - i)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		if (cb && cb(cp, ctx))
			return 0;
		i += len;
	}
	return 1;
}

#endif
