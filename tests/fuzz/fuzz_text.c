/* fuzz_text.c - core/text.h: customer text reaches the terminal only
 * through text_visible(), so for any bytes its output must be harmless.
 *
 * Properties (for keep_newlines 0 and 1):
 *  - the output is valid UTF-8;
 *  - no byte < 0x20 except '\n' (and '\n' only when keep_newlines), no
 *    DEL, hence no ESC; no C1 control (U+0080..U+009F) nor any other
 *    character text_cp_unsafe() names (bidi overrides, BOM, ...);
 *  - text already valid and safe (no controls but '\n') comes out as is
 *    when keep_newlines.
 * text_valid_utf8(): the output is valid UTF-8, and equals the input
 * when the input was valid UTF-8 already (the C string has no NUL). */
#include "fuzz.h"

#include "lib/text.h"

struct scan {
	int keep;
	uint32_t bad; /* the offending code point */
};

static int cp_forbidden(uint32_t cp, void *ctx)
{
	struct scan *sc = ctx;
	int bad = 0;
	if (cp < 0x20)
		bad = !(cp == '\n' && sc->keep);
	else if (cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
		bad = 1;
	else if (text_cp_unsafe(cp))
		bad = 1;
	if (bad)
		sc->bad = cp;
	return bad;
}

static int cp_plain(uint32_t cp, void *ctx)
{
	/* would pass through text_visible(keep_newlines = 1) unchanged */
	return cp == '\t' || cp == '\r' || (cp != '\n' && text_cp_unsafe(cp));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	size_t n = strlen(s);
	int valid = fuzz_utf8_valid(s, n, NULL, NULL);

	for (int keep = 0; keep <= 1; keep++) {
		char *out = text_visible_dup(s, keep);
		size_t on = out ? strlen(out) : 0;
		FUZZ_ASSERT(n == 0 || out, "no output for %zu bytes", n);
		struct scan sc = { keep, 0 };
		FUZZ_ASSERT(fuzz_utf8_valid(out ? out : "", on, NULL, NULL), "keep=%d: output not valid UTF-8", keep);
		FUZZ_ASSERT(fuzz_utf8_valid(out ? out : "", on, cp_forbidden, &sc),
			    "keep=%d: unsafe character U+%04X in the output", keep, (unsigned)sc.bad);
		for (size_t i = 0; i < on; i++) {
			unsigned char c = (unsigned char)out[i];
			FUZZ_ASSERT(c >= 0x20 || (c == '\n' && keep), "keep=%d: byte 0x%02x at %zu", keep, c, i);
			FUZZ_ASSERT(c != 0x7f, "keep=%d: DEL at %zu", keep, i);
		}
		if (keep && valid && fuzz_utf8_valid(s, n, cp_plain, NULL))
			FUZZ_ASSERT(!strcmp(out ? out : "", s), "safe text was changed");
		free(out);
	}

	char *v = text_valid_utf8(s);
	const char *vs = v ? v : "";
	FUZZ_ASSERT(fuzz_utf8_valid(vs, strlen(vs), NULL, NULL), "text_valid_utf8 output not valid UTF-8");
	if (valid)
		FUZZ_ASSERT(!strcmp(vs, s), "text_valid_utf8 changed valid UTF-8");
	free(v);
	free(s);
	return 0;
}
