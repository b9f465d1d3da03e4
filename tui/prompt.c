/* prompt.c - the message line as an input line ("/" and ":" and the
 * questions of the ticket actions), and the ":" command interpreter. */
#include "tui/tui.h"
#include "tui/views/customer.h"
#include "tui/views/help.h"
#include "tui/views/queue.h"
#include "tui/views/terms.h"
#include "tui/views/ticket.h"
#include "tui/views/mail.h"
#include "tui/views/report.h"
#include "tui/views/timeline.h"

#include "core/workspace.h"
#include "lib/buf.h"
#include "lib/dtime.h"
#include "lib/err.h"
#include "lib/text.h"
#include "lib/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

static void draw_input(const char *prompt, const char *text)
{
	tui_redraw();
	if (tui_too_small())
		return;
	int pw = text_width(prompt);
	int avail = COLS - pw - 1;
	if (avail < 1)
		avail = 1;
	/* show the tail of a long line */
	const char *t = text;
	while (*t && text_width(t) > avail) {
		t++;
		while ((*t & 0xc0) == 0x80)
			t++;
	}
	wmove(stdscr, LINES - 1, 0);
	int c = draw_text(stdscr, prompt, COLS - 1, S_KEY);
	c += draw_text(stdscr, t, COLS - 1 - c, S_NORMAL);
	wclrtoeol(stdscr);
	wmove(stdscr, LINES - 1, c);
	wnoutrefresh(stdscr);
	doupdate();
}

static void delete_last_char(struct buf *b)
{
	while (b->len && (b->data[b->len - 1] & 0xc0) == 0x80)
		buf_truncate(b, b->len - 1);
	if (b->len)
		buf_truncate(b, b->len - 1);
}

int tui_input(const char *prompt, const char *initial, char **out)
{
	struct buf b = BUF_INIT;
	if (initial)
		buf_adds(&b, initial);
	*out = NULL;
	curs_set(1);
	int rc = -1;
	for (;;) {
		char *safe = text_visible_dup(buf_str(&b), 0);
		draw_input(prompt, safe);
		free(safe);
		int key = tui_getkey();
		if (key == -2)
			break;
		if (key == ERR)
			continue;
		if (key == KEY_RESIZE) {
			tui_resized();
			continue;
		}
		if (key == '\n' || key == '\r' || key == KEY_ENTER) {
			*out = xstrdup(buf_str(&b));
			rc = 0;
			break;
		}
		if (key == 27 || key == CTRL('G') || key == CTRL('C'))
			break;
		if (key == KEY_BACKSPACE || key == 127 || key == CTRL('H')) {
			if (!b.len)
				break;
			delete_last_char(&b);
			continue;
		}
		if (key == CTRL('U')) {
			buf_reset(&b);
			continue;
		}
		if (key == CTRL('W')) {
			while (b.len && b.data[b.len - 1] == ' ')
				buf_truncate(&b, b.len - 1);
			while (b.len && b.data[b.len - 1] != ' ')
				buf_truncate(&b, b.len - 1);
			continue;
		}
		if (key >= KEY_MIN && key <= KEY_MAX)
			continue; /* other function keys */
		if (key >= TUI_CHAR_SHIFT)
			key -= TUI_CHAR_SHIFT; /* a character in the function-key range */
		if (key < 32 || key == 127 || text_cp_unsafe((uint32_t)key))
			continue;
		text_put_utf8(&b, (uint32_t)key);
	}
	curs_set(0);
	buf_release(&b);
	return rc;
}

int tui_ask(const char *question, const char *choices)
{
	int answer = 0;
	for (;;) {
		tui_message("%s", question);
		tui_redraw();
		int key = tui_getkey();
		if (key == -2)
			break;
		if (key == ERR)
			continue;
		if (key == KEY_RESIZE) {
			tui_resized();
			continue;
		}
		if (key > 0 && key < 128 && strchr(choices, key)) {
			answer = key;
			break;
		}
		if (key == 27 || key == 'q' || key == CTRL('G') || key == CTRL('C'))
			break;
	}
	tui.message[0] = 0;
	return answer;
}

static int parse_id(const char *s, int64_t *id)
{
	while (*s == ' ' || *s == '#')
		s++;
	return parse_int64(s, 1, INT64_MAX, id);
}

static int64_t current_ticket(void)
{
	for (int i = tui.depth - 1; i >= 0; i--)
		if (tui.stack[i]->ops->ticket) {
			int64_t id = tui.stack[i]->ops->ticket(tui.stack[i]);
			if (id)
				return id;
		}
	return 0;
}

static void report_command(char *arg);

void tui_command(const char *line)
{
	char *dup = xstrdup(line);
	char *cmd = dup;
	while (*cmd == ' ')
		cmd++;
	char *arg = cmd;
	while (*arg && *arg != ' ')
		arg++;
	if (*arg)
		*arg++ = 0;
	while (*arg == ' ')
		arg++;
	size_t al = strlen(arg);
	while (al && arg[al - 1] == ' ')
		arg[--al] = 0;
	int64_t id;

	if (!*cmd) {
		/* nothing */
	} else if (!strcmp(cmd, "q") || !strcmp(cmd, "quit")) {
		tui.quit = 1;
	} else if (parse_id(cmd, &id) == 0) {
		tui_open_ticket(id);
	} else if (!strcmp(cmd, "ticket") || !strcmp(cmd, "t")) {
		if (parse_id(arg, &id))
			tui_error(":ticket: give a ticket number (e.g. :ticket 123)");
		else
			tui_open_ticket(id);
	} else if (!strcmp(cmd, "customer") || !strcmp(cmd, "c")) {
		if (parse_id(arg, &id))
			tui_error(":customer: give a customer number (e.g. :customer 45)");
		else
			tui_open_customer(id);
	} else if (!strcmp(cmd, "timeline")) {
		if (*arg ? parse_id(arg, &id) : !(id = current_ticket()))
			tui_error(":timeline: give a ticket number, or open a ticket first");
		else
			tui_open_timeline(id);
	} else if (!strcmp(cmd, "terms")) {
		tui_open_terms(*arg ? arg : NULL);
	} else if (!strcmp(cmd, "attachments") || !strcmp(cmd, "att")) {
		if (*arg ? parse_id(arg, &id) : !(id = current_ticket()))
			tui_error(":attachments: give a ticket number, or open a ticket first");
		else
			view_push(attachments_view_new(id));
	} else if (!strcmp(cmd, "quarantine")) {
		view_push(quarantine_view_new());
	} else if (!strcmp(cmd, "report")) {
		report_command(arg);
	} else if (!strcmp(cmd, "filter") || !strcmp(cmd, "f")) {
		queue_apply_filter(arg);
	} else if (!strcmp(cmd, "search") || !strcmp(cmd, "s")) {
		queue_search(arg);
	} else if (!strcmp(cmd, "help") || !strcmp(cmd, "h")) {
		struct view *v = view_top();
		if (v && v->ops->kind != VK_HELP)
			view_push(help_view_new(v->ops->kind));
	} else if (!strcmp(cmd, "refresh")) {
		tui_changed(1);
		view_reload_all();
		tui_counts_refresh();
	} else {
		char *safe = text_visible_dup(cmd, 0);
		tui_error(":%s: unknown command (:ticket N, :customer N, :timeline [N], :terms [DOC], :report [FROM [TO]], :attachments [N], :quarantine, :filter ..., :search ..., :help, :q)",
			  safe);
		free(safe);
	}
	free(dup);
}

void tui_pop_to_queue(void)
{
	while (tui.depth > 1)
		view_pop();
}

int tui_open_ticket(int64_t id)
{
	return view_push(ticket_view_new(id));
}

int tui_open_customer(int64_t id)
{
	return view_push(customer_view_new(id));
}

/* :report [FROM [TO]]: dates as `docket report --from/--to` takes them. */
static void report_command(char *arg)
{
	dk_time from = DK_TIME_NONE, to = DK_TIME_NONE;
	char *second = strchr(arg, ' ');
	if (second) {
		*second++ = 0;
		while (*second == ' ')
			second++;
	}
	int rc = 0;
	if (*arg && (rc = dk_time_parse(arg, tui.ws->tz, &from)))
		tui_report(err_prefix(rc, ":report FROM"));
	else if (second && *second && (rc = dk_time_parse(second, tui.ws->tz, &to)))
		tui_report(err_prefix(rc, ":report TO"));
	else
		tui_open_report(from, to);
}

int tui_open_report(dk_time from, dk_time to)
{
	return view_push(report_view_new(from, to));
}

int tui_open_timeline(int64_t id)
{
	return view_push(timeline_view_new(id));
}

int tui_isblank_str(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}
