/* fuzz_text.c - core/text.h: customer text reaches the terminal only
 * through text_visible(), so for any bytes its output must be harmless.
 *
 * Properties (for keep_newlines 0 and 1):
 *  - the output is valid UTF-8;
 *  - no byte < 0x20 except '\n' (and '\n' only when keep_newlines), no
 *    DEL, hence no ESC; no C1 control (U+0080..U+009F), no bidi control,
 *    no zero-width or invisible character: decided by the list below,
 *    written from Unicode's tables and independent of text_cp_unsafe()
 *    (a target that asked the function under test could not catch it
 *    letting a character through);
 *  - text already valid and safe (no controls but '\n') comes out as is
 *    when keep_newlines.
 * text_valid_utf8(): the output is valid UTF-8, and equals the input
 * when the input was valid UTF-8 already (the C string has no NUL). */
#include "fuzz.h"

#include "lib/text.h"

/* Unicode: Cf characters that are invisible or reorder text. */
static int independently_unsafe(uint32_t cp)
{
	static const uint32_t ranges[][2] = {
		{ 0x0000, 0x001f }, { 0x007f, 0x009f }, /* C0, DEL, C1 */
		{ 0x061c, 0x061c },			/* ARABIC LETTER MARK */
		{ 0x200b, 0x200b }, { 0x200c, 0x200c }, { 0x200d, 0x200d }, /* ZWSP, ZWNJ, ZWJ */
		{ 0x200e, 0x200e }, { 0x200f, 0x200f }, /* LRM, RLM */
		{ 0x202a, 0x202a }, { 0x202b, 0x202b }, { 0x202c, 0x202c }, { 0x202d, 0x202d },
		{ 0x202e, 0x202e },			/* LRE RLE PDF LRO RLO */
		{ 0x2060, 0x2060 },			/* WORD JOINER */
		{ 0x2066, 0x2066 }, { 0x2067, 0x2067 }, { 0x2068, 0x2068 }, { 0x2069, 0x2069 }, /* LRI RLI FSI PDI */
		{ 0xfeff, 0xfeff },			/* BOM / ZWNBSP */
	};
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (cp >= ranges[i][0] && cp <= ranges[i][1])
			return 1;
	return 0;
}

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
	else if (independently_unsafe(cp))
		bad = 1;
	if (bad)
		sc->bad = cp;
	return bad;
}

static int cp_plain(uint32_t cp, void *ctx)
{
	/* would pass through text_visible(keep_newlines = 1) unchanged */
	return cp == '\t' || cp == '\r' || (cp != '\n' && independently_unsafe(cp)) ||
	       (cp >= 0x2061 && cp <= 0x2064) || (cp >= 0xfff9 && cp <= 0xfffb);
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
