/* notices.c - "since you looked" (issue 16): at the start of a session
 * the digest (core/digest.h) since this agent's previous session in this
 * workspace becomes a line at the top of the queue; :notices lists the
 * items (Enter opens the ticket). The time of the previous session is
 * kept in $XDG_STATE_HOME/docket/seen (or ~/.local/state/docket/seen),
 * one "EPOCH WORKSPACE-DIR" line per workspace; without one (the first
 * session, or a setgid install, which ignores HOME and XDG_*), the last
 * 24 hours. */
#include "tui/tui.h"

#include "core/digest.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/priv.h"
#include "lib/text.h"
#include "lib/util.h"
#include "data/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static struct digest digest;
static int have_digest;
static char line[256];

static char *state_path(void)
{
	const char *x = getenv("XDG_STATE_HOME");
	if (x && *x == '/')
		return xasprintf("%s/docket/seen", x);
	const char *h = getenv("HOME");
	if (h && *h == '/')
		return xasprintf("%s/.local/state/docket/seen", h);
	return NULL;
}

static void mkdirs(const char *path)
{
	char *d = xstrdup(path);
	for (char *p = d + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			mkdir(d, 0700);
			*p = '/';
		}
	free(d);
}

/* The previous session's time for this workspace (0: none), and now
 * written in its place (the other workspaces' lines kept). */
static dk_time seen_swap(const char *ws_dir, dk_time now)
{
	char *path = state_path();
	if (!path)
		return 0;
	priv_user_begin();
	dk_time prev = 0;
	struct buf keep = BUF_INIT;
	FILE *f = fopen(path, "r");
	if (f) {
		char buf[4200];
		while (fgets(buf, sizeof(buf), f)) {
			char *sp = strchr(buf, ' ');
			size_t n = strlen(buf);
			if (n && buf[n - 1] == '\n')
				buf[--n] = 0;
			if (sp && !strcmp(sp + 1, ws_dir)) {
				*sp = 0;
				int64_t t;
				if (parse_int64(buf, 0, INT64_MAX, &t) == 0)
					prev = t;
			} else if (sp) {
				buf_printf(&keep, "%s\n", buf);
			}
		}
		fclose(f);
	}
	buf_printf(&keep, "%lld %s\n", (long long)now, ws_dir);
	mkdirs(path);
	char *tmp = xasprintf("%s.%ld", path, (long)getpid());
	FILE *o = fopen(tmp, "w");
	if (o) {
		int ok = fwrite(keep.data, 1, keep.len, o) == keep.len;
		ok = fclose(o) == 0 && ok;
		if (!ok || rename(tmp, path))
			unlink(tmp);
	}
	free(tmp);
	buf_release(&keep);
	free(path);
	priv_user_end();
	return prev;
}

void tui_notices_load(void)
{
	dk_time now = dk_now();
	dk_time since = seen_swap(tui.ws->dir, now);
	if (!since || since > now)
		since = now - 86400;
	if (have_digest)
		digest_clear(&digest);
	have_digest = 0;
	line[0] = 0;
	if (digest_build(tui.ws, since, now, 0, &digest)) {
		err_clear();
		return;
	}
	have_digest = 1;
	if (!digest.n)
		return;
	char from[32];
	tui_fmt_time(since, "%Y-%m-%d %H:%M", from, sizeof(from));
	struct buf b = BUF_INIT;
	buf_printf(&b, "Since %s:", from);
	static const char *const what[NOTICE_KINDS] = { "became overdue", "due today", "assigned to you",
							"breach clock%s started" };
	int first = 1;
	for (int k = 0; k < NOTICE_KINDS; k++) {
		if (!digest.count[k])
			continue;
		buf_printf(&b, "%s %zu ", first ? "" : ",", digest.count[k]);
		buf_printf(&b, what[k], digest.count[k] == 1 ? "" : "s");
		first = 0;
	}
	buf_adds(&b, " (:notices)");
	snprintf(line, sizeof(line), "%s", buf_str(&b));
	buf_release(&b);
}

const char *tui_notices_line(void)
{
	return line[0] ? line : NULL;
}

void tui_notices_show(void)
{
	if (!have_digest || !digest.n) {
		tui_message("nothing new since you last looked");
		return;
	}
	char **items = xcalloc(digest.n, sizeof(*items));
	for (size_t i = 0; i < digest.n; i++) {
		char when[32];
		tui_fmt_time(digest.v[i].at, "%m-%d %H:%M", when, sizeof(when));
		items[i] = xasprintf("%-15s #%-6lld %s  %s", notice_kind_name(digest.v[i].kind),
				     (long long)digest.v[i].ticket_id, when, digest.v[i].what);
	}
	int k = tui_choose("Since you looked (Enter opens the ticket)", (const char *const *)items, digest.n, 0);
	for (size_t i = 0; i < digest.n; i++)
		free(items[i]);
	free(items);
	if (k >= 0)
		tui_open_ticket(digest.v[k].ticket_id);
}

void tui_notices_done(void)
{
	if (have_digest)
		digest_clear(&digest);
	have_digest = 0;
	line[0] = 0;
}
