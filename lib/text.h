/* text.h - safe text: customer text is hostile.
 *
 * Nothing from a ticket reaches a terminal raw: control characters and
 * escape sequences are made visible (ESC as "^["), C1 controls, bidi
 * controls and zero-width / invisible characters as "<U+202E>",
 * "<U+200B>", invalid UTF-8 as U+FFFD. JSON output keeps the real text. */
#ifndef DOCKET_TEXT_H
#define DOCKET_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

/* Decode one UTF-8 character at s (n bytes available). Returns its length
 * (>= 1) and sets *cp, or returns 1 with *cp = 0xFFFD for an invalid byte. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
void text_put_utf8(struct buf *b, uint32_t cp);

/* Append s to out with every unsafe character made visible. Newlines are
 * kept when keep_newlines (tabs become spaces); otherwise they become
 * "^J" too. */
void text_visible(struct buf *out, const char *s, int keep_newlines);
/* Same, returning a new string (caller frees). */
char *text_visible_dup(const char *s, int keep_newlines);
/* Append s[0..n) to out as HTML text: & < > " ' escaped, control
 * characters as "^[", bidi and invisible ones as "&lt;U+202E&gt;", invalid
 * UTF-8 as U+FFFD; newlines and tabs kept (for white-space: pre-wrap). */
void text_html(struct buf *out, const char *s, size_t n);
/* A copy of s that is valid UTF-8 (invalid bytes -> U+FFFD). */
char *text_valid_utf8(const char *s);
/* A file name from hostile text (a mail attachment's name) that is safe
 * to offer in a directory: only its last path component, control, bidi and
 * invisible characters and '/' '\\' ':' replaced by '_', no leading dot or
 * dash, at most 120 bytes (whole characters); fallback when nothing is
 * left. Caller frees. */
char *text_safe_filename(const char *name, const char *fallback);
/* 1 when the character must not be sent to a terminal as is. */
int text_cp_unsafe(uint32_t cp);

#endif
