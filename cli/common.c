/* common.c - shared machinery of the subcommands: options, errors, JSON. */
#include "cli/cli.h"

#include "lib/err.h"
#include "lib/util.h"
#include "core/workspace.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Open the workspace once: with its database and agent, or (files_only)
 * its folders and config alone. */
static int open_ws(struct cli *c, int files_only, struct workspace **out)
{
	if (!c->ws) {
		char *dir = ws_default_dir(c->ws_dir);
		int rc = files_only ? ws_open_files(dir, &c->ws) : ws_open(dir, c->as_login, &c->ws);
		free(dir);
		if (rc)
			return cli_fail(rc);
	}
	*out = c->ws;
	return 0;
}

int cli_ws(struct cli *c, struct workspace **out) { return open_ws(c, 0, out); }

int cli_ws_files(struct cli *c, struct workspace **out) { return open_ws(c, 1, out); }

int cli_fail(int rc) { return err_report(rc); }

int cli_usage(const char *fmt, ...)
{
	va_list ap;
	fputs("docket: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see `docket --help`)\n", stderr);
	return 2;
}

int cli_parse(int argc, char **argv, const struct cli_opt *opts, char ***pos, int *npos)
{
	*pos = xcalloc((size_t)argc + 1, sizeof(char *));
	*npos = 0;
	int only_pos = 0;
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (only_pos || a[0] != '-' || !a[1]) {
			(*pos)[(*npos)++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_pos = 1;
			continue;
		}
		const char *name = a[1] == '-' ? a + 2 : a + 1;
		if (a[1] != '-' && strlen(name) != 1) {
			/* "-5" style negative numbers are positional */
			(*pos)[(*npos)++] = a;
			continue;
		}
		const char *eq = strchr(name, '=');
		size_t nl = eq ? (size_t)(eq - name) : strlen(name);
		const struct cli_opt *o = NULL;
		for (const struct cli_opt *p = opts; p && p->name; p++)
			if (strlen(p->name) == nl && !strncmp(p->name, name, nl) && (a[1] == '-' || nl == 1))
				o = p;
		if (!o) {
			free(*pos);
			*pos = NULL;
			return cli_usage("%s: unknown option %s", argv[0], a);
		}
		if (o->has_arg) {
			const char *v = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
			if (!v) {
				free(*pos);
				*pos = NULL;
				return cli_usage("%s: option --%s needs a value", argv[0], o->name);
			}
			*o->val = v;
		} else {
			if (eq) {
				free(*pos);
				*pos = NULL;
				return cli_usage("%s: option --%s takes no value", argv[0], o->name);
			}
			*o->flag = 1;
		}
	}
	return 0;
}

int cli_read_stdin(char **out)
{
	size_t len;
	int rc = read_stream(stdin, out, &len);
	if (rc)
		return cli_fail(err_prefix(rc, "stdin"));
	if (strlen(*out) != len) {
		free(*out);
		*out = NULL;
		return cli_fail(err_set(DK_EINVAL, "body: contains a NUL byte; expected text"));
	}
	return 0;
}

void cli_print_json(void *json)
{
	char *s = json_dumps((json_t *)json, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		free(s);
	}
}
