/* userconf.c - keys and colours are the user's: the TUI reads
 * $XDG_CONFIG_HOME/docket/tui.ini (else ~/.config/docket/tui.ini; under a
 * setgid install the real user's home from the password database, read
 * with the user's own rights), an INI file parsed by inih:
 *
 *   [keys]
 *   ticket.R = reply        ; VIEW.KEY = ACTION (the names `?` shows)
 *   global.x = none         ; unbind
 *   [colors]
 *   overdue = magenta default bold   ; STYLE = FG BG [ATTR...]
 *
 * Bindings change the one keymap (keys.c), so `?` lists the bindings in
 * force; colours change the styles (draw.c). A line that cannot be used
 * is skipped and reported, "FILE:LINE: why", on the message line when the
 * screen opens; the rest still applies. */
#include "tui/tui.h"

#include "lib/buf.h"
#include "lib/priv.h"
#include "lib/util.h"

#include <ini.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static char *conf_path;
static struct buf problems = BUF_INIT;
static int nproblems, nbinds, ncolors;

const char *userconf_path(void)
{
	return conf_path;
}

static void problem(int line, const char *fmt, const char *a, const char *b)
{
	nproblems++;
	if (nproblems > 1)
		return; /* the first is shown; the count says how many */
	buf_printf(&problems, "%s:%d: ", conf_path, line);
	buf_printf(&problems, fmt, a, b);
}

static int color_parse(const char *s, short *out)
{
	static const struct {
		const char *name;
		short c;
	} colors[] = { { "default", -1 }, { "black", COLOR_BLACK }, { "red", COLOR_RED },
		       { "green", COLOR_GREEN }, { "yellow", COLOR_YELLOW }, { "blue", COLOR_BLUE },
		       { "magenta", COLOR_MAGENTA }, { "cyan", COLOR_CYAN }, { "white", COLOR_WHITE } };
	for (size_t i = 0; i < sizeof(colors) / sizeof(colors[0]); i++)
		if (!strcasecmp(s, colors[i].name)) {
			*out = colors[i].c;
			return 0;
		}
	return -1;
}

static int attr_parse(const char *s, attr_t *out)
{
	static const struct {
		const char *name;
		attr_t a;
	} attrs[] = { { "normal", A_NORMAL }, { "bold", A_BOLD }, { "underline", A_UNDERLINE },
		      { "reverse", A_REVERSE }, { "dim", A_DIM }, { "standout", A_STANDOUT } };
	for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		if (!strcasecmp(s, attrs[i].name)) {
			*out |= attrs[i].a;
			return 0;
		}
	return -1;
}

static int on_keys(const char *name, const char *value, int line)
{
	const char *dot = strrchr(name, '.');
	/* "ticket.R"; a key that is itself "." is "VIEW.." */
	if (dot && dot > name && dot[1] == 0 && dot[-1] == '.')
		dot--;
	if (!dot || dot == name || !dot[1]) {
		problem(line, "'%s': expected VIEW.KEY (e.g. ticket.R, global.^L)%s", name, "");
		return 1;
	}
	char *view = xstrndup(name, (size_t)(dot - name));
	enum view_kind vk;
	int key;
	enum request req = REQ_NONE;
	if (view_kind_parse(view, &vk))
		problem(line, "'%s': no such view (global, queue, ticket, compose, timeline, customer, terms, ...)%s",
			view, "");
	else if ((key = key_parse(dot + 1)) < 0)
		problem(line, "'%s': not a key (a character, Enter, Esc, Tab, Space, Up, Down, PgUp, PgDn, ^X, F1)%s",
			dot + 1, "");
	else if (strcmp(value, "none") && (req = request_parse(value)) == REQ_NONE)
		problem(line, "'%s': no such action (`?` lists them, e.g. reply, note, move-down)%s", value, "");
	else if (req == REQ_RIGHTS_ERASE || req == REQ_WAIVE || req == REQ_TERMS_PUBLISH)
		/* irreversible actions stay : commands that confirm (issue 16) */
		problem(line, "'%s': irreversible, no key can do it: use :%s", value, value);
	else {
		keys_bind(vk, key, req);
		nbinds++;
	}
	free(view);
	return 1;
}

static int on_colors(const char *name, const char *value, int line)
{
	int st = style_parse(name);
	if (st < 0) {
		problem(line, "'%s': no such style (normal, title, status, cursor, overdue, soon, ok, dim, section, "
			      "inbound, outbound, note, auto, match, warn, key, ...)%s",
			name, "");
		return 1;
	}
	char *v = xstrdup(value), *save = NULL;
	short fg = -1, bg = -1;
	attr_t a = A_NORMAL;
	int n = 0, bad = 0;
	for (char *w = strtok_r(v, " \t", &save); w && !bad; w = strtok_r(NULL, " \t", &save), n++) {
		if (n == 0 && !color_parse(w, &fg))
			continue;
		if (n == 1 && !color_parse(w, &bg))
			continue;
		if (n >= 1 && !attr_parse(w, &a))
			continue;
		problem(line, "'%s': not a colour or attribute (default black red green yellow blue magenta cyan "
			      "white; bold underline reverse dim)%s",
			w, "");
		bad = 1;
	}
	if (!bad && n) {
		style_set((enum style)st, fg, bg, a);
		ncolors++;
	} else if (!bad) {
		problem(line, "'%s': give FG [BG] [ATTR...]%s", name, "");
	}
	free(v);
	return 1;
}

/* inih as Debian builds it gives the handler no line number: the reader
 * counts the lines it hands over. */
struct reader {
	FILE *f;
	int line;
};

static char *read_line(char *str, int num, void *stream)
{
	struct reader *r = stream;
	char *s = fgets(str, num, r->f);
	if (s)
		r->line++;
	return s;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	int line = ((struct reader *)user)->line;
	if (!strcmp(section, "keys"))
		return on_keys(name, value, line);
	if (!strcmp(section, "colors") || !strcmp(section, "colours"))
		return on_colors(name, value, line);
	problem(line, "[%s]: unknown section (keys, colors)%s", section, "");
	return 1;
}

static char *default_path(void)
{
	const char *x = priv_active() ? NULL : getenv("XDG_CONFIG_HOME");
	if (x && *x == '/')
		return xasprintf("%s/docket/tui.ini", x);
	const char *home = priv_active() ? NULL : getenv("HOME");
	if (!home || *home != '/') {
		/* privileged: the environment is not trusted; the real user's
		 * home is */
		struct passwd *pw = getpwuid(getuid());
		home = pw && pw->pw_dir && *pw->pw_dir == '/' ? pw->pw_dir : NULL;
	}
	return home ? xasprintf("%s/.config/docket/tui.ini", home) : NULL;
}

void userconf_load(void)
{
	free(conf_path);
	conf_path = default_path();
	buf_reset(&problems);
	nproblems = nbinds = ncolors = 0;
	if (!conf_path)
		return;
	priv_user_begin(); /* the user's own file, with the user's own rights */
	FILE *f = fopen(conf_path, "r");
	priv_user_end();
	if (!f)
		return;
	struct reader r = { f, 0 };
	int rc = ini_parse_stream(read_line, &r, handler, &r);
	fclose(f);
	if (rc > 0 && !nproblems)
		problem(rc, "cannot parse this line (expected NAME = VALUE or [section])%s%s", "", "");
}

void userconf_report(void)
{
	if (nproblems > 1)
		tui_error("%s (and %d more)", buf_str(&problems), nproblems - 1);
	else if (nproblems)
		tui_error("%s", buf_str(&problems));
}

int userconf_counts(int *binds, int *colors)
{
	*binds = nbinds;
	*colors = ncolors;
	return nproblems;
}
