/* common.c - shared machinery of the subcommands: options, errors, JSON. */
#include "cli/cli_impl.h"

#include "lib/err.h"
#include "lib/util.h"

#include <assert.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *usage_name;

void cli_usage_context(const char *name) { usage_name = name; }

int cli_fail(int rc) { return err_report(rc); }

int cli_usage(const char *fmt, ...)
{
	va_list ap;
	fputs("docket: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (usage_name)
		fprintf(stderr, " (see `docket %s --help`)\n", usage_name);
	else
		fputs(" (see `docket --help`)\n", stderr);
	return 2;
}

static int opt_index(const struct cli_command *cmd, const char *name)
{
	for (int i = 0; cmd->opts && cmd->opts[i].name; i++)
		if (!strcmp(cmd->opts[i].name, name))
			return i;
	return -1;
}

const char *cli_arg(const struct cli_args *a, const char *name)
{
	int i = opt_index(a->cmd, name);
	assert(i >= 0 && "the option is in the command's table");
	return i >= 0 ? a->val[i] : NULL;
}

int cli_flag(const struct cli_args *a, const char *name) { return cli_arg(a, name) != NULL; }

size_t cli_arg_all(const struct cli_args *a, const char *name, const char ***out)
{
	int k = opt_index(a->cmd, name);
	assert(k >= 0 && "the option is in the command's table");
	size_t n = 0;
	*out = NULL;
	for (int i = 0; i < a->nall; i++)
		if (a->all_opt[i] == k) {
			if (!*out)
				*out = xcalloc((size_t)a->nall, sizeof(char *));
			(*out)[n++] = a->all[i];
		}
	return n;
}

void cli_args_release(struct cli_args *a)
{
	free(a->pos);
	free(a->all);
	free(a->all_opt);
	a->pos = NULL;
	a->all = NULL;
	a->all_opt = NULL;
}

int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_args *a)
{
	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	a->pos = xcalloc((size_t)argc + 1, sizeof(char *));
	a->all = xcalloc((size_t)argc + 1, sizeof(char *));
	a->all_opt = xcalloc((size_t)argc + 1, sizeof(int));
	int only_pos = 0, rc = 0;
	for (int i = 1; i < argc && !rc; i++) {
		char *arg = argv[i];
		if (only_pos || arg[0] != '-' || !arg[1]) {
			a->pos[a->npos++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			only_pos = 1;
			continue;
		}
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			rc = -1;
			break;
		}
		int is_long = arg[1] == '-';
		const char *name = arg + (is_long ? 2 : 1);
		if (!is_long && strlen(name) != 1) {
			/* "-5" style negative numbers are positional */
			a->pos[a->npos++] = arg;
			continue;
		}
		const char *eq = is_long ? strchr(name, '=') : NULL;
		size_t nl = eq ? (size_t)(eq - name) : strlen(name);
		int k = -1;
		for (int j = 0; cmd->opts && cmd->opts[j].name; j++) {
			const struct cli_option *o = &cmd->opts[j];
			assert(j < CLI_MAX_OPTS);
			if (is_long ? strlen(o->name) == nl && !strncmp(o->name, name, nl) : o->letter == name[0])
				k = j;
		}
		if (k < 0) {
			rc = cli_usage("%s: unknown option %.*s", cmd->name, (int)(nl + (is_long ? 2 : 1)), arg);
			break;
		}
		const struct cli_option *o = &cmd->opts[k];
		if (o->arg) {
			const char *v = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
			if (!v)
				rc = cli_usage("%s: option --%s needs a value (%s)", cmd->name, o->name, o->arg);
			else {
				a->val[k] = v;
				a->all_opt[a->nall] = k;
				a->all[a->nall++] = v;
			}
		} else if (eq) {
			rc = cli_usage("%s: option --%s takes no value", cmd->name, o->name);
		} else {
			a->val[k] = "";
		}
	}
	if (rc) {
		free(a->pos);
		a->pos = NULL;
		a->npos = 0;
	}
	return rc;
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
