/* fuzz_jurisdiction.c - core/jurisdiction.h jurisdiction_check() on any
 * string (customer records, CLI arguments, imports).
 *
 * Properties: never crashes, never writes past an 8-byte norm buffer
 * (the documented minimum); on success the normalised code is the input
 * upper-cased, re-checks OK to itself, and is a code the rule pack
 * accepts (rule_jurisdiction_code_valid), so that rules can cover every
 * customer docket accepts; on failure the message names the field. */
#include "fuzz.h"

#include <ctype.h>
#include <strings.h>

#include "lib/err.h"
#include "core/jurisdiction.h"
#include "core/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	char *norm = malloc(8); /* exactly 8: ASan sees an overflow */
	if (!norm)
		abort();
	int rc = jurisdiction_check(s, norm, 8);
	if (rc == 0) {
		FUZZ_ASSERT(strlen(norm) == strlen(s), "'%s' -> '%s'", s, norm);
		FUZZ_ASSERT(!strcasecmp(norm, s), "'%s' -> '%s'", s, norm);
		for (const char *p = norm; *p; p++)
			FUZZ_ASSERT(!islower((unsigned char)*p), "'%s' not upper-cased", norm);
		char again[8];
		FUZZ_ASSERT(jurisdiction_check(norm, again, sizeof(again)) == 0, "'%s' does not re-check: %s", norm,
			    err_msg());
		FUZZ_ASSERT(!strcmp(again, norm), "'%s' -> '%s'", norm, again);
		FUZZ_ASSERT(rule_jurisdiction_code_valid(norm), "'%s' accepted but not valid in rules", norm);
	} else {
		FUZZ_ASSERT(rc == -3 /* DK_EINVAL */, "rc %d", rc);
		FUZZ_ASSERT(!strncmp(err_msg(), "jurisdiction: ", 14), "message '%s'", err_msg());
	}
	free(norm);
	free(s);
	return 0;
}
