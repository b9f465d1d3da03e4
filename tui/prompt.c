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
#include "data/store.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The next key of a prompt: -2 when the terminal is gone, 0 when there
 * is none yet or the screen was resized (the prompt draws itself again),
 * else the key. */
static int prompt_key(void)
{
	int key = tui_getkey();
	if (key == KEY_RESIZE)
		tui_resized();
	return key == ERR || key == KEY_RESIZE ? 0 : key;
}


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
		int key = prompt_key();
		if (key == -2)
			break;
		if (!key)
			continue;
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
		int key = prompt_key();
		if (key == -2)
			break;
		if (!key)
			continue;
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
	} else if (!strcmp(cmd, "notices")) {
		tui_notices_show();
	} else if (!strcmp(cmd, "view") || !strcmp(cmd, "v")) {
		queue_apply_view(arg);
	} else if (!strcmp(cmd, "search") || !strcmp(cmd, "s")) {
		queue_search(arg);
	} else if (!strcmp(cmd, "help") || !strcmp(cmd, "h")) {
		struct view *v = view_top();
		if (v && v->ops->kind != VK_HELP)
			view_push(help_view_new(v->ops->kind));
	} else if (!strcmp(cmd, "erase")) {
		/* irreversible: a command, never a key; the view confirms */
		struct view *v = view_top();
		if (*arg) {
			if (parse_id(arg, &id))
				tui_error(":erase: give a customer number, or run it in a customer or ticket view");
			else if (tui_open_customer(id) == 0)
				view_top()->ops->request(view_top(), REQ_RIGHTS_ERASE);
		} else if (v && (v->ops->kind == VK_CUSTOMER || v->ops->kind == VK_TICKET) && v->ops->request) {
			v->ops->request(v, REQ_RIGHTS_ERASE);
		} else {
			tui_error(":erase: open the customer first (c), or give a number: :erase N");
		}
	} else if (!strcmp(cmd, "waive") || !strcmp(cmd, "publish")) {
		int waive = cmd[0] == 'w';
		struct view *v = view_top();
		if (v && v->ops->kind == (waive ? VK_TICKET : VK_TERMS) && v->ops->request)
			v->ops->request(v, waive ? REQ_WAIVE : REQ_TERMS_PUBLISH);
		else
			tui_error(waive ? ":waive: open the ticket and put the cursor on the duty first"
					: ":publish: open the terms browser (T) on the document first");
	} else if (!strcmp(cmd, "refresh")) {
		tui_changed(1);
		view_reload_all();
		tui_counts_refresh();
	} else {
		char *safe = text_visible_dup(cmd, 0);
		tui_error(":%s: unknown command (:ticket N, :customer N, :timeline [N], :terms [DOC], :report [FROM [TO]], "
			  ":attachments [N], :quarantine, :filter ..., :search ..., :view [NAME], :notices, :erase, :waive, "
			  ":publish, :help, :q)",
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

/* A list drawn over the bottom of the screen, above the status bar: j/k
 * or the arrows move, Enter or the item's digit (1-9) picks, Esc cancels. */
int tui_choose(const char *title, const char *const *items, size_t n, size_t initial)
{
	if (!n)
		return -1;
	size_t cur = initial < n ? initial : 0;
	int answer = -1;
	tui_message("%s", "");
	for (;;) {
		tui_redraw();
		if (!tui_too_small()) {
			int rows = LINES - 3; /* title + items between the top and the status bar */
			int shown = (int)n < rows ? (int)n : rows;
			size_t top = cur >= (size_t)shown ? cur - (size_t)shown + 1 : 0;
			int y = LINES - 2 - shown - 1;
			wmove(stdscr, y, 0);
			draw_field(stdscr, title, COLS, S_TITLE);
			for (int i = 0; i < shown; i++) {
				size_t k = top + (size_t)i;
				char *line = k < 9 ? xasprintf(" %zu  %s", k + 1, items[k]) : xasprintf("    %s", items[k]);
				wmove(stdscr, y + 1 + i, 0);
				draw_set_extra(k == cur ? A_REVERSE : A_NORMAL);
				draw_field(stdscr, line, COLS, S_NORMAL);
				draw_set_extra(A_NORMAL);
				free(line);
			}
			wmove(stdscr, LINES - 1, 0);
			draw_text(stdscr, "j/k move, Enter or 1-9 picks, Esc cancels", COLS - 1, S_KEY);
			wclrtoeol(stdscr);
			wnoutrefresh(stdscr);
			doupdate();
		}
		int key = prompt_key();
		if (key == -2)
			break;
		if (!key)
			continue;
		if (key == 'j' || key == KEY_DOWN) {
			if (cur + 1 < n)
				cur++;
		} else if (key == 'k' || key == KEY_UP) {
			if (cur)
				cur--;
		} else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
			answer = (int)cur;
			break;
		} else if (key >= '1' && key <= '9' && (size_t)(key - '1') < n) {
			answer = key - '1';
			break;
		} else if (key == 27 || key == 'q' || key == CTRL('G') || key == CTRL('C')) {
			break;
		}
	}
	tui.message[0] = 0;
	return answer;
}

int tui_pick_agent(const char *current, char **login)
{
	struct agent *ag = NULL;
	size_t na = 0;
	*login = NULL;
	int rc = store_agent_list(tui.ws->store, &ag, &na);
	if (rc) {
		tui_report(rc);
		return -1;
	}
	/* me (take), the other agents, nobody */
	size_t n = 0, initial = 0;
	char **items = xcalloc(na + 2, sizeof(*items));
	const char **logins = xcalloc(na + 2, sizeof(*logins));
	items[n] = xasprintf("me (%s): take it", tui.ws->login);
	logins[n++] = tui.ws->login;
	for (size_t i = 0; i < na; i++) {
		if (!strcmp(ag[i].login, tui.ws->login))
			continue;
		char *nm = text_visible_dup(ag[i].name ? ag[i].name : "", 0);
		items[n] = xasprintf("%-12s %s%s%s", ag[i].login, role_name(ag[i].role), *nm ? "  " : "", nm);
		free(nm);
		if (current && !strcmp(current, ag[i].login))
			initial = n;
		logins[n++] = ag[i].login;
	}
	items[n] = xstrdup("nobody (unassigned)");
	logins[n++] = "";
	char title[128];
	snprintf(title, sizeof(title), "Assign to (now: %s)", current && *current ? current : "nobody");
	int k = tui_choose(title, (const char *const *)items, n, initial);
	if (k >= 0)
		*login = xstrdup(logins[k]);
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
	free(logins);
	agents_free(ag, na);
	return k >= 0 ? 0 : -1;
}

int tui_ask_field(const char *field, const char *current, char **value)
{
	*value = NULL;
	if (!strcmp(field, "status")) {
		const char *keys = "noprhc";
		int k = tui_ask("status: n new, o open, p pending, h on-hold, r resolved, c closed (Esc cancels)", keys);
		if (!k)
			return -1;
		*value = xstrdup(ticket_statuses[TS_NEW + (strchr(keys, k) - keys)]);
		return 0;
	}
	if (!strcmp(field, "priority")) {
		int k = tui_ask("priority: 1 urgent, 2 high, 3 normal, 4 low (Esc cancels)", "1234");
		if (!k)
			return -1;
		*value = xasprintf("%c", k);
		return 0;
	}
	if (!strcmp(field, "assignee"))
		return tui_pick_agent(current, value);
	/* kind */
	char *k = NULL;
	if (tui_input("kind: ", current, &k))
		return -1;
	if (tui_isblank_str(k)) {
		free(k);
		return -1;
	}
	*value = k;
	return 0;
}
