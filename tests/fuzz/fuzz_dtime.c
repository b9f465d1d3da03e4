/* fuzz_dtime.c - core/dtime.h dk_time_parse() on any string (command
 * lines, $DOCKET_NOW, imports, rule files).
 *
 * Properties, in UTC and in two business zones with DST: never crashes;
 * on failure DK_EINVAL with a "time: " message; on success
 * dk_time_format() gives "YYYY-MM-DDTHH:MM:SSZ", which re-parses (in any
 * zone) to the same value. A date alone in UTC is a midnight. */
#include "fuzz.h"

#include <ctype.h>

#include "lib/dtime.h"
#include "lib/err.h"

static const char *const zones[] = { NULL, "Europe/Berlin", "America/New_York" };

static int rfc3339_shape(const char *f)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	if (strlen(f) != sizeof(pat) - 1)
		return 0;
	for (size_t i = 0; pat[i]; i++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)f[i]) : f[i] != pat[i])
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		dk_time t = 0;
		int rc = dk_time_parse(s, zones[z], &t);
		if (rc) {
			FUZZ_ASSERT(rc == DK_EINVAL, "rc %d", rc);
			FUZZ_ASSERT(!strncmp(err_msg(), "time: ", 6), "message '%s'", err_msg());
			continue;
		}
		char f[DK_TIME_BUFSZ];
		dk_time_format(t, f);
		FUZZ_ASSERT(rfc3339_shape(f), "'%s' (tz %s) -> %lld -> '%s'", s, zones[z] ? zones[z] : "UTC",
			    (long long)t, f);
		dk_time back = 0;
		FUZZ_ASSERT(dk_time_parse(f, zones[z], &back) == 0, "'%s' -> '%s' does not re-parse: %s", s, f,
			    err_msg());
		FUZZ_ASSERT(back == t, "'%s' -> %lld -> '%s' -> %lld", s, (long long)t, f, (long long)back);
		if (!zones[z] && strlen(s) == 10)
			FUZZ_ASSERT(t % 86400 == 0, "date '%s' -> %lld not midnight", s, (long long)t);
	}
	free(s);
	return 0;
}
