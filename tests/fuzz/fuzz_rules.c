/* fuzz_rules.c - core/rules.h rule_pack_load_files() with the input as
 * the rule file "rules/x.ini" beside the real jurisdictions.ini (the
 * starter's, compiled in). Legal staff edit these files by hand and
 * `docket rules check` must survive any of them.
 *
 * Properties: never crashes; on success there are no error lines and
 * every rule comes from rules/x.ini with a line >= 1; on failure the
 * result is DK_EINVAL, the errors buffer is one or more lines
 * "rules/x.ini:N: message" with N >= 1 (the starter's own file is clean,
 * so no line may blame it), as many lines as err_msg()'s count. */
#include "fuzz.h"

#include <ctype.h>

#include "lib/buf.h"
#include "lib/embed.h"
#include "lib/err.h"
#include "core/rules.h"

#define FILE_NAME "rules/x.ini"

static void check_errors(const char *errs, int rc)
{
	static const char prefix[] = FILE_NAME ":";
	size_t lines = 0;
	const char *p = errs;
	FUZZ_ASSERT(*p, "rc %d with no error lines", rc);
	while (*p) {
		const char *nl = strchr(p, '\n');
		FUZZ_ASSERT(nl, "last error line not ended: '%s'", p);
		FUZZ_ASSERT(!strncmp(p, prefix, sizeof(prefix) - 1), "line '%.*s' does not start with %s",
			    (int)(nl - p), p, prefix);
		const char *q = p + sizeof(prefix) - 1;
		long n = 0;
		FUZZ_ASSERT(isdigit((unsigned char)*q), "no line number in '%.*s'", (int)(nl - p), p);
		while (isdigit((unsigned char)*q) && n < 100000000)
			n = n * 10 + (*q++ - '0');
		FUZZ_ASSERT(n >= 1, "line number %ld in '%.*s'", n, (int)(nl - p), p);
		FUZZ_ASSERT(q[0] == ':' && q[1] == ' ' && q + 2 < nl, "bad form '%.*s'", (int)(nl - p), p);
		lines++;
		p = nl + 1;
	}
	char want[64];
	snprintf(want, sizeof(want), "rule pack: %zu error%s", lines, lines == 1 ? "" : "s");
	FUZZ_ASSERT(!strcmp(err_msg(), want), "'%s' but %zu lines", err_msg(), lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct embedded_file *groups;
	if (!groups) {
		groups = embed_find("jurisdictions.ini");
		FUZZ_ASSERT(groups, "no embedded jurisdictions.ini");
	}
	/* Exactly the input bytes (not NUL-terminated): the loader takes a
	 * length. */
	struct pack_file files[2] = {
		{ FILE_NAME, (const char *)data, size },
		{ "jurisdictions.ini", groups->data, groups->len },
	};
	struct rule_pack *p = NULL;
	struct buf errs = BUF_INIT;
	int rc = rule_pack_load_files(files, 2, &p, &errs);
	if (rc == 0) {
		FUZZ_ASSERT(p, "rc 0 without a pack");
		FUZZ_ASSERT(errs.len == 0, "rc 0 with errors: %s", buf_str(&errs));
		for (size_t i = 0; i < rule_pack_count(p); i++) {
			const struct rule *r = rule_pack_get(p, i);
			FUZZ_ASSERT(r && r->id && !strcmp(r->file, FILE_NAME) && r->line >= 1, "rule %zu", i);
			FUZZ_ASSERT(rule_pack_find(p, r->id) == r, "rule '%s' not found by id", r->id);
		}
		/* Use the pack as docket would: suggestions over the text. */
		char *text = fuzz_cstr(data, size);
		struct rule_suggestion *sug = NULL;
		size_t ns = 0;
		rule_pack_suggest(p, text, &sug, &ns);
		for (size_t i = 0; i < ns; i++)
			FUZZ_ASSERT(sug[i].offset < strlen(text), "suggestion offset %zu", sug[i].offset);
		free(sug);
		free(text);
		rule_pack_free(p);
	} else {
		FUZZ_ASSERT(rc == DK_EINVAL, "rc %d: %s", rc, err_msg());
		FUZZ_ASSERT(!p, "pack returned with rc %d", rc);
		check_errors(buf_str(&errs), rc);
	}
	buf_release(&errs);
	return 0;
}
