/* main.c - tui_main: terminal set-up and teardown, the input loop (keys,
 * resize, the 500 ms tick that polls for other agents' changes and beats
 * presence), the status bar and message line, and the --keys replay mode
 * used by the benchmark. */
#include "tui/tui.h"
#include "tui/views/mail.h"
#include "tui/front.h"
#include "tui/views/help.h"
#include "tui/views/queue.h"
#include "tui/views/terms.h"

#include "lib/err.h"
#include "lib/priv.h"
#include "lib/text.h"
#include "lib/util.h"
#include "data/store.h"

#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

struct tui tui;


#define TICK_MS 500
#define PRESENCE_EVERY_MS 3000
#define PRESENCE_TTL 15
#define COUNTS_EVERY_MS 60000

static char *presence_others; /* "also open" on the presence ticket */

/* ---- replay (--keys FILE) */
static char *replay_buf;
static size_t replay_pos, replay_len;
static SCREEN *replay_screen;
static FILE *replay_out, *replay_in;

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Enter", '\n' }, { "Esc", 27 },	     { "Up", KEY_UP },	      { "Down", KEY_DOWN },
	{ "Left", KEY_LEFT }, { "Right", KEY_RIGHT }, { "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE },
	{ "Home", KEY_HOME }, { "End", KEY_END },     { "Space", ' ' },	      { "Tab", '\t' },
	{ "BS", KEY_BACKSPACE }, { "Resize", KEY_RESIZE }, { "lt", '<' },
};

/* The replay file: characters are keys; <Name> is a special key (see
 * key_names, or <C-x>); <Size 40x12> resizes the terminal; newlines are
 * ignored; a line starting with '#' is a comment. */
static int replay_next(void)
{
	while (replay_pos < replay_len) {
		char c = replay_buf[replay_pos];
		if (c == '#' && (replay_pos == 0 || replay_buf[replay_pos - 1] == '\n')) {
			while (replay_pos < replay_len && replay_buf[replay_pos] != '\n')
				replay_pos++;
			continue;
		}
		if (c == '\n' || c == '\r') {
			replay_pos++;
			continue;
		}
		if (c == '<') {
			const char *end = memchr(replay_buf + replay_pos, '>', replay_len - replay_pos);
			if (end) {
				size_t n = (size_t)(end - (replay_buf + replay_pos)) - 1;
				const char *name = replay_buf + replay_pos + 1;
				for (size_t i = 0; i < ARRAY_SIZE(key_names); i++)
					if (strlen(key_names[i].name) == n && !strncmp(key_names[i].name, name, n)) {
						replay_pos += n + 2;
						return key_names[i].key;
					}
				if (n == 3 && name[0] == 'C' && name[1] == '-') {
					replay_pos += n + 2;
					return name[2] & 0x1f;
				}
				int w, h;
				if (sscanf(name, "Size %dx%d", &w, &h) == 2 && w > 0 && h > 0) {
					/* <Size 40x12>: the terminal is resized */
					replay_pos += n + 2;
					resizeterm(h, w);
					return KEY_RESIZE;
				}
			}
		}
		uint32_t cp;
		replay_pos += utf8_decode(replay_buf + replay_pos, replay_len - replay_pos, &cp);
		return cp >= KEY_MIN && cp <= KEY_MAX ? (int)cp + TUI_CHAR_SHIFT : (int)cp;
	}
	return -2;
}

/* Has the terminal gone (a hang-up: poll says POLLHUP, or input is
 * readable yet holds nothing, as read() returning 0 at the end of input)?
 * Asked when wget_wch() gives up, which is at once, again and again, on a
 * terminal whose other side closed. */
static int terminal_gone(void)
{
	struct pollfd p = { .fd = 0, .events = POLLIN };
	if (poll(&p, 1, 0) < 0)
		return errno != EINTR && errno != EAGAIN;
	if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
		return 1;
	int avail = 0;
	return (p.revents & POLLIN) && ioctl(0, FIONREAD, &avail) == 0 && avail == 0;
}

int tui_getkey(void)
{
	if (tui.replay)
		return replay_next();
	if (tui.hangup)
		return -2;
	wint_t wc;
	int rc = wget_wch(stdscr, &wc);
	if (rc == ERR) {
		if (terminal_gone()) {
			tui.hangup = 1; /* every later read ends too: prompts cancel, the loop ends */
			return -2;
		}
		return ERR;
	}
	if (rc == OK && wc >= KEY_MIN && wc <= KEY_MAX)
		return (int)wc + TUI_CHAR_SHIFT;
	return (int)wc;
}

/* ---- messages */

void tui_message(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tui.message, sizeof(tui.message), fmt, ap);
	va_end(ap);
	tui.msg_error = 0;
}

void tui_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tui.message, sizeof(tui.message), fmt, ap);
	va_end(ap);
	tui.msg_error = 1;
}

void tui_report(int rc)
{
	if (rc)
		tui_error("%s", *err_msg() ? err_msg() : "failed");
}

/* ---- status bar and screen */

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void tui_counts_refresh(void)
{
	dk_time now = dk_now();
	struct ticket_filter f = { .overdue = 1, .now = now };
	int64_t over = 0, today = 0;
	if (store_ticket_count(tui.ws->store, &f, &over))
		over = -1;
	/* due today: the most urgent deadline falls before local midnight */
	struct tm tm;
	time_t t = (time_t)now;
	localtime_r(&t, &tm);
	tm.tm_hour = 24;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	f.now = (dk_time)mktime(&tm);
	if (store_ticket_count(tui.ws->store, &f, &today) || over < 0)
		today = -1;
	else
		today -= over;
	tui.n_overdue = over;
	tui.n_today = today;
	tui.counts_at = now;
}

void tui_changed(int own)
{
	tui.generation++;
	tui.generation_remote = !own;
}

int tui_too_small(void)
{
	return LINES < 5 || COLS < 16;
}

static void draw_status(void)
{
	char right[128], left[256], clock[64];
	time_t t = (time_t)dk_now();
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(clock, sizeof(clock), COLS >= 60 ? "%Y-%m-%d %H:%M %Z" : "%H:%M", &tm);
	if (COLS >= 60)
		snprintf(right, sizeof(right), "%lld overdue  %lld due today  %s ", (long long)tui.n_overdue,
			 (long long)tui.n_today, clock);
	else
		snprintf(right, sizeof(right), "%lld od %lld today %s ", (long long)tui.n_overdue,
			 (long long)tui.n_today, clock);
	const char *base = strrchr(tui.ws->dir, '/');
	base = base && base[1] ? base + 1 : tui.ws->dir;
	char *safe_base = text_visible_dup(base, 0);
	snprintf(left, sizeof(left), " %s | %s (%s)", safe_base, tui.ws->login ? tui.ws->login : "?",
		 role_name(tui.ws->role));
	free(safe_base);
	int rw = text_width(right);
	if (rw > COLS)
		rw = COLS;
	wmove(stdscr, LINES - 2, 0);
	draw_field(stdscr, left, COLS - rw, S_STATUS);
	draw_field(stdscr, right, rw, S_STATUS);
}

struct msg_rows {
	char *row[64];
	int n;
};

static void msg_piece(const char *p, size_t n, void *ctx)
{
	struct msg_rows *r = ctx;
	if (r->n < (int)ARRAY_SIZE(r->row))
		r->row[r->n++] = xstrndup(p, n);
}

/* The message line; a message wider than the screen (a question that
 * names what an action removes and keeps) is wrapped, never cut: it takes
 * the rows above the message line, over the status bar and the view. */
static void draw_message(void)
{
	enum style st = tui.msg_error ? S_WARN : S_NORMAL;
	if (text_width(tui.message) <= COLS - 1) {
		wmove(stdscr, LINES - 1, 0);
		draw_text(stdscr, tui.message, COLS - 1, st);
		wclrtoeol(stdscr);
		return;
	}
	struct msg_rows r = { .n = 0 };
	text_wrap(tui.message, COLS - 1, msg_piece, &r);
	int first = r.n > LINES - 1 ? r.n - (LINES - 1) : 0; /* the end (the answers) stays */
	int y = LINES - (r.n - first);
	for (int i = first; i < r.n; i++, y++) {
		wmove(stdscr, y, 0);
		draw_text(stdscr, r.row[i], COLS - 1, st == S_NORMAL ? S_KEY : st);
		wclrtoeol(stdscr);
	}
	for (int i = 0; i < r.n; i++)
		free(r.row[i]);
}

void tui_redraw(void)
{
	struct view *v = view_top();
	if (tui_too_small()) {
		werase(stdscr);
		mvwaddnstr(stdscr, 0, 0, "terminal too small", COLS);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	if (v) {
		if (v->width != COLS || v->height != LINES - 3 - view_header_rows(v))
			view_layout(v);
		view_draw(v);
	}
	draw_status();
	draw_message();
	wnoutrefresh(stdscr);
	doupdate();
}

void tui_resized(void)
{
	if (!tui.replay) {
		/* ncurses has already resized stdscr on KEY_RESIZE */
	}
	werase(stdscr);
	for (int i = 0; i < tui.depth; i++)
		view_layout(tui.stack[i]);
	clearok(curscr, TRUE);
}

/* ---- presence and polling */

static int64_t presence_ticket_now(void)
{
	for (int i = tui.depth - 1; i >= 0; i--)
		if (tui.stack[i]->ops->ticket) {
			int64_t id = tui.stack[i]->ops->ticket(tui.stack[i]);
			if (id)
				return id;
		}
	return 0;
}

/* "also open: LOGIN" for the ticket the agent has open, or NULL. */
const char *tui_presence_others(int64_t ticket_id)
{
	return ticket_id && ticket_id == tui.presence_ticket ? presence_others : NULL;
}

static void presence_beat(int force)
{
	static int64_t last;
	int64_t id = presence_ticket_now();
	int64_t ms = mono_ms();
	if (!force && id == tui.presence_ticket && ms - last < PRESENCE_EVERY_MS)
		return;
	last = ms;
	dk_time now = dk_now();
	if (id || tui.presence_ticket)
		store_presence_beat(tui.ws->store, tui.ws->login, id, now);
	tui.presence_ticket = id;
	free(presence_others);
	presence_others = NULL;
	if (id)
		store_presence_others(tui.ws->store, tui.ws->login, id, now, PRESENCE_TTL, &presence_others);
	err_clear();
}

static int64_t last_tick_ms;

static void tick(void)
{
	static int64_t counts_ms, counts_cost_ms;
	int changed = 0, scrubbed = 0;
	last_tick_ms = mono_ms();
	/* an erasure's scrub that readers blocked (or whose docket was
	 * killed) is finished here as soon as they allow, not only at the
	 * next open: a screen may stay open for days. No wait: a reader
	 * still there is tried again at the next tick. */
	store_scrub_resume(tui.ws->store, 0, &scrubbed);
	if (store_poll_changes(tui.ws->store, &changed) == 0 && changed) {
		tui_changed(0);
		view_reload_all();
		/* a slow count (a big workspace) is not redone for every write */
		if (counts_cost_ms < 50 || mono_ms() - counts_ms > 15000) {
			int64_t t0 = mono_ms();
			tui_counts_refresh();
			counts_ms = mono_ms();
			counts_cost_ms = counts_ms - t0;
		}
		presence_beat(1);
		return;
	}
	presence_beat(0);
	if (mono_ms() - counts_ms > COUNTS_EVERY_MS) {
		tui_counts_refresh();
		counts_ms = mono_ms();
	}
	/* countdowns move: reload a view older than a minute */
	struct view *v = view_top();
	if (v && dk_now() - v->loaded_at >= 60)
		view_reload(v);
}

/* ---- key dispatch */

static void handle_key(int key)
{
	struct view *v = view_top();
	if (!v)
		return;
	enum request req = keys_lookup(v->ops->kind, key);
	if (req == REQ_NONE) {
		/* Backspace out of a prompt lands here: not worth a complaint */
		if (key != KEY_BACKSPACE && key != 127 && key != 8)
			tui_error("%s: not bound here (? for help)", key_name(key));
		return;
	}
	if (v->ops->request && v->ops->request(v, req))
		return;
	if (view_generic_request(v, req))
		return;
	switch (req) {
	case REQ_BACK:
		/* the first view asks once (a stray q lost sessions); a screen
		 * too small to show the question quits as Q does */
		if (tui.depth > 1) {
			view_pop();
		} else if (tui_too_small()) {
			tui.quit = 1;
		} else {
			int a = tui_ask("Quit docket? (y or q: quit, n: stay)", "yqn");
			if (a == 'y' || a == 'q')
				tui.quit = 1;
		}
		break;
	case REQ_QUIT:
		tui.quit = 1;
		break;
	case REQ_HELP:
		if (v->ops->kind != VK_HELP)
			view_push(help_view_new(v->ops->kind));
		break;
	case REQ_COMMAND: {
		char *line = NULL;
		if (tui_input(":", NULL, &line) == 0) {
			tui_command(line);
			free(line);
		}
		break;
	}
	case REQ_REFRESH: {
		tui_changed(1);
		int rc = view_reload(v);
		tui_counts_refresh();
		if (rc)
			tui_report(rc);
		else
			tui_message("reloaded");
		break;
	}
	case REQ_REDRAW:
		clearok(curscr, TRUE);
		break;
	case REQ_TERMS:
		tui_open_terms(NULL);
		break;
	default:
		tui_error("%s: not available in this view", request_name(req));
		break;
	}
}

/* ---- setup and teardown */

static void die_hook(void)
{
	if (!isendwin())
		endwin();
}

static int screen_init(void)
{
	if (tui.replay) {
		replay_out = fopen("/dev/null", "w");
		replay_in = fopen("/dev/null", "r");
		const char *term = getenv("TERM");
		if (!replay_out || !replay_in)
			return err_set(DK_EIO, "replay: /dev/null: cannot open");
		replay_screen = newterm(term && *term ? term : "xterm", replay_out, replay_in);
		if (!replay_screen)
			replay_screen = newterm("vt100", replay_out, replay_in);
		if (!replay_screen)
			return err_set(DK_ERR, "replay: no terminal description");
		set_term(replay_screen);
		int rows = 24, cols = 80;
		if (getenv("LINES"))
			rows = atoi(getenv("LINES"));
		if (getenv("COLUMNS"))
			cols = atoi(getenv("COLUMNS"));
		resizeterm(rows > 0 ? rows : 24, cols > 0 ? cols : 80);
	} else {
		if (!isatty(0) || !isatty(1))
			return err_set(DK_EUSAGE, "the workspace screen needs a terminal (see `docket --help` for commands)");
		if (!initscr())
			return err_set(DK_ERR, "terminal: cannot initialise");
	}
	util_set_die_hook(die_hook);
	tui.utf8 = MB_CUR_MAX > 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	if (!tui.replay)
		wtimeout(stdscr, TICK_MS);
	userconf_load();
	draw_init_colors();
	return 0;
}

static void screen_done(void)
{
	if (!isendwin())
		endwin();
	if (replay_screen) {
		delscreen(replay_screen);
		replay_screen = NULL;
	}
	if (replay_out)
		fclose(replay_out);
	if (replay_in)
		fclose(replay_in);
	replay_out = replay_in = NULL;
	util_set_die_hook(NULL);
}

/* The character-type locale as PEP 538 (Python 3.7) coerces it: when it
 * came out as C or POSIX (no LANG: a bare system, many SSH sessions), and
 * LC_ALL does not ask for it explicitly, use C.UTF-8 where the system has
 * it, so that ncurses draws "Seán" rather than "Se?n" on a UTF-8 terminal.
 * LC_CTYPE is exported too, for $EDITOR. main.c has called setlocale(LC_ALL,
 * ""); this runs before ncurses starts. */
static void locale_coerce(void)
{
	const char *ct = setlocale(LC_CTYPE, NULL);
	const char *all = getenv("LC_ALL");
	if (!ct || (strcmp(ct, "C") && strcmp(ct, "POSIX")) || (all && *all))
		return;
	static const char *const utf8[] = { "C.UTF-8", "C.utf8", "UTF-8" };
	for (size_t i = 0; i < ARRAY_SIZE(utf8); i++)
		if (setlocale(LC_CTYPE, utf8[i])) {
			setenv("LC_CTYPE", utf8[i], 1);
			return;
		}
}

int tui_main(const char *ws_dir, const char *as_login, int argc, char **argv)
{
	const char *keys_file = NULL;
	int rc;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--keys") && i + 1 < argc)
			keys_file = argv[++i];
		else if (!strncmp(argv[i], "--keys=", 7))
			keys_file = argv[i] + 7;
		else
			return err_report(err_set(DK_EUSAGE, "%s: unknown option (see `docket --help`)", argv[i]));
	}
	memset(&tui, 0, sizeof(tui));
	locale_coerce();
	if (keys_file) {
		size_t len;
		priv_user_begin(); /* a file the user names: the user's rights */
		int krc = read_file(keys_file, &replay_buf, &len);
		priv_user_end();
		if (krc)
			return err_report(DK_EIO);
		replay_len = len;
		tui.replay = 1;
	}
	struct workspace *ws;
	char *dir = ws_default_dir(ws_dir);
	rc = ws_open(dir, as_login, &ws);
	free(dir);
	if (rc) {
		free(replay_buf);
		replay_buf = NULL;
		return err_report(rc);
	}
	tui.ws = ws;
	rc = screen_init();
	if (rc) {
		free(replay_buf);
		ws_close(ws);
		return err_report(rc);
	}
	int changed;
	store_poll_changes(ws->store, &changed); /* the baseline for "changed since" */
	tui_counts_refresh();
	if (view_push(queue_view_new())) {
		screen_done();
		ws_close(ws);
		return err_report(DK_ERR);
	}
	presence_beat(1);
	userconf_report();
	tui_redraw();
	/* after the first paint: what changed since the last session */
	tui_notices_load();
	if (tui_notices_line())
		view_layout(view_top());
	tui_redraw();

	int64_t nkeys = 0;
	double total = 0, worst = 0;
	/* replay: DOCKET_KEYS_LOG=FILE gets one line per key: its name and ms */
	FILE *keylog = tui.replay && getenv("DOCKET_KEYS_LOG") ? fopen(getenv("DOCKET_KEYS_LOG"), "w") : NULL;
	while (!tui.quit && tui.depth) {
		int key = tui_getkey();
		if (key == -2)
			break;
		if (key == ERR) {
			tick();
			tui_redraw();
			continue;
		}
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		tui.message[0] = 0;
		if (key == KEY_RESIZE)
			tui_resized();
		else if (!tui_too_small() || key == 'q' || key == 'Q')
			handle_key(key);
		/* keys held down must not starve the poll for other agents' changes */
		if (!tui.quit && !tui.replay && mono_ms() - last_tick_ms >= TICK_MS)
			tick();
		else if (!tui.quit)
			presence_beat(0);
		tui_redraw();
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		total += ms;
		if (keylog)
			fprintf(keylog, "%s %.3f\n", key_name(key), ms);
		if (ms > worst)
			worst = ms;
		nkeys++;
	}
	if (keylog)
		fclose(keylog);
	/* leave no presence behind */
	if (tui.presence_ticket)
		store_presence_beat(ws->store, ws->login, 0, dk_now());
	while (tui.depth)
		view_pop();
	tui_notices_done();
	screen_done();
	free(presence_others);
	presence_others = NULL;
	free(tui.grep);
	if (tui.replay) {
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		fprintf(stderr, "tui: %lld keys, %.1f ms total, %.3f ms/key average, %.1f ms worst, peak RSS %.1f MB\n",
			(long long)nkeys, total, nkeys ? total / (double)nkeys : 0.0, worst,
			(double)ru.ru_maxrss / 1024.0);
		free(replay_buf);
		replay_buf = NULL;
	}
	mail_views_cleanup();
	tui_highlight_set(NULL);
	ws_close(ws);
	return 0;
}
