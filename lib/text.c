/* text.c - UTF-8 decoding and visible rendering of unsafe characters. */
#include "lib/text.h"
#include "lib/util.h"

#include <stdio.h>
#include <string.h>

size_t utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (n == 0) {
		*cp = 0;
		return 0;
	}
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		len = 2, v = c & 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, v = c & 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		goto bad;
	}
	if (len > n)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		goto bad;
	*cp = v;
	return len;
bad:
	*cp = 0xfffd;
	return 1;
}

void text_put_utf8(struct buf *b, uint32_t cp)
{
	char o[4];
	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, o, 2);
	} else if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, o, 3);
	} else {
		o[0] = (char)(0xf0 | (cp >> 18));
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, o, 4);
	}
}

/* Controls (C0, DEL, C1); the zero-width and invisible characters that
 * make look-alike names (U+200B..U+200D zero width space / non-joiner /
 * joiner, U+2060..U+2064 word joiner and invisible operators, U+FEFF);
 * the bidi marks, embeddings, overrides and isolates that reorder text
 * (U+200E, U+200F, U+061C, U+202A..U+202E, U+2066..U+2069); the
 * interlinear annotation controls (U+FFF9..U+FFFB). */
int text_cp_unsafe(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x061c || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb);
}

void text_visible(struct buf *out, const char *s, int keep_newlines)
{
	size_t n = s ? strlen(s) : 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		i += l;
		if (cp == '\n' && keep_newlines) {
			buf_addc(out, '\n');
		} else if (cp == '\t' && keep_newlines) {
			buf_adds(out, "    ");
		} else if (cp == '\r' && keep_newlines && i < n && s[i] == '\n') {
			/* CRLF line ends: drop the CR */
		} else if (cp < 0x20 || cp == 0x7f) {
			buf_addc(out, '^');
			buf_addc(out, cp == 0x7f ? '?' : (char)(cp + '@'));
		} else if (text_cp_unsafe(cp)) {
			buf_printf(out, "<U+%04X>", (unsigned)cp);
		} else {
			text_put_utf8(out, cp);
		}
	}
}

char *text_visible_dup(const char *s, int keep_newlines)
{
	struct buf b = BUF_INIT;
	text_visible(&b, s, keep_newlines);
	return buf_detach(&b);
}

char *text_valid_utf8(const char *s)
{
	struct buf b = BUF_INIT;
	size_t n = s ? strlen(s) : 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (cp == 0xfffd && l == 1)
			text_put_utf8(&b, 0xfffd);
		else
			buf_add(&b, s + i, l);
		i += l;
	}
	return buf_detach(&b);
}

char *text_safe_filename(const char *name, const char *fallback)
{
	const char *base = name ? name : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	struct buf b = BUF_INIT;
	size_t n = strlen(base);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = utf8_decode(base + i, n - i, &cp);
		int bad = cp < 0x20 || cp == 0x7f || cp == 0xfffd || text_cp_unsafe(cp) || cp == ':' || cp == '/' ||
			  cp == '\\';
		if (b.len + (bad ? 1 : l) > 120)
			break;
		if (bad)
			buf_addc(&b, '_');
		else if (!b.len && (cp == '.' || cp == '-' || cp == ' '))
			; /* no hidden files, no options, no leading blanks */
		else
			buf_add(&b, base + i, l);
		i += l;
	}
	while (b.len && b.data[b.len - 1] == ' ')
		buf_truncate(&b, b.len - 1);
	if (!b.len) {
		buf_release(&b);
		return xstrdup(fallback);
	}
	return buf_detach(&b);
}

void text_html(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t run = i;
		while (run < n) {
			unsigned char c = (unsigned char)s[run];
			if (c >= 0x80 || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' ||
			    (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
				break;
			run++;
		}
		buf_add(out, s + i, run - i);
		i = run;
		if (i >= n)
			break;
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '&':
			buf_adds(out, "&amp;");
			i++;
			continue;
		case '<':
			buf_adds(out, "&lt;");
			i++;
			continue;
		case '>':
			buf_adds(out, "&gt;");
			i++;
			continue;
		case '"':
			buf_adds(out, "&quot;");
			i++;
			continue;
		case '\'':
			buf_adds(out, "&#39;");
			i++;
			continue;
		default:
			break;
		}
		if (c < 0x80) { /* control */
			buf_addc(out, '^');
			buf_addc(out, c == 0x7f ? '?' : (char)(c + '@'));
			i++;
			continue;
		}
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (cp == 0xfffd && l == 1)
			buf_adds(out, "\xef\xbf\xbd");
		else if (text_cp_unsafe(cp))
			buf_printf(out, "&lt;U+%04X&gt;", (unsigned)cp);
		else
			buf_add(out, s + i, l);
		i += l;
	}
}
