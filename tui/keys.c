/* keys.c - the one keymap table: key -> request, global and per view.
 * The help view is generated from this table and REQ_INFO, so a binding
 * cannot exist without its help text. Rebinding later means editing (or
 * loading into) this table only. */
#include "tui/tui.h"

#include "lib/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

static const struct keybinding keymap[] = {
	/* global */
	{ VK_ANY, 'k', REQ_MOVE_UP },
	{ VK_ANY, KEY_UP, REQ_MOVE_UP },
	{ VK_ANY, 'j', REQ_MOVE_DOWN },
	{ VK_ANY, KEY_DOWN, REQ_MOVE_DOWN },
	{ VK_ANY, KEY_PPAGE, REQ_PAGE_UP },
	{ VK_ANY, CTRL('B'), REQ_PAGE_UP },
	{ VK_ANY, KEY_NPAGE, REQ_PAGE_DOWN },
	{ VK_ANY, CTRL('F'), REQ_PAGE_DOWN },
	{ VK_ANY, 'g', REQ_FIRST },
	{ VK_ANY, KEY_HOME, REQ_FIRST },
	{ VK_ANY, 'G', REQ_LAST },
	{ VK_ANY, KEY_END, REQ_LAST },
	{ VK_ANY, '\n', REQ_ENTER },
	{ VK_ANY, '\r', REQ_ENTER },
	{ VK_ANY, KEY_ENTER, REQ_ENTER },
	{ VK_ANY, 'q', REQ_BACK },
	{ VK_ANY, 27, REQ_BACK },
	{ VK_ANY, KEY_LEFT, REQ_BACK },
	{ VK_ANY, 'h', REQ_BACK },
	{ VK_ANY, 'Q', REQ_QUIT },
	{ VK_ANY, '/', REQ_SEARCH },
	{ VK_ANY, 'n', REQ_FIND_NEXT },
	{ VK_ANY, 'N', REQ_FIND_PREV },
	{ VK_ANY, ':', REQ_COMMAND },
	{ VK_ANY, '?', REQ_HELP },
	{ VK_ANY, KEY_F(1), REQ_HELP },
	{ VK_ANY, 'R', REQ_REFRESH },
	{ VK_ANY, CTRL('L'), REQ_REDRAW },
	{ VK_ANY, 'T', REQ_TERMS },

	/* One meaning per key in every view (tig's and mutt's habit): c is
	 * always the customer, l the timeline (tig's log), L a letter, a assign,
	 * s status, p priority, K kind, D resolve ("done"), e edit in $EDITOR. Irreversible actions
	 * have no key: :erase, :waive, :publish (each confirms, naming what
	 * goes and what stays). tests/check_keys.c holds the table to this. */

	/* queue: the field keys act on the ticket under the cursor, or after ;
	 * on the tagged ones */
	{ VK_QUEUE, 'm', REQ_FILTER_MINE },
	{ VK_QUEUE, 'u', REQ_NEXT_UNASSIGNED },
	{ VK_QUEUE, 'f', REQ_FILTER },
	{ VK_QUEUE, 'F', REQ_FILTER_CLEAR },
	{ VK_QUEUE, 'o', REQ_SORT },
	{ VK_QUEUE, 't', REQ_TAG },
	{ VK_QUEUE, ';', REQ_APPLY_TAGGED },
	{ VK_QUEUE, 'a', REQ_SET_ASSIGNEE },
	{ VK_QUEUE, 's', REQ_SET_STATUS },
	{ VK_QUEUE, 'p', REQ_SET_PRIORITY },
	{ VK_QUEUE, 'K', REQ_SET_KIND },
	{ VK_QUEUE, 'l', REQ_TIMELINE },
	{ VK_QUEUE, 'c', REQ_CUSTOMER },

	/* ticket */
	{ VK_TICKET, 'r', REQ_REPLY },
	{ VK_TICKET, 'L', REQ_REPLY_LETTER },
	{ VK_TICKET, 'i', REQ_NOTE },
	{ VK_TICKET, 's', REQ_SET_STATUS },
	{ VK_TICKET, 'K', REQ_SET_KIND },
	{ VK_TICKET, 'a', REQ_SET_ASSIGNEE },
	{ VK_TICKET, 'p', REQ_SET_PRIORITY },
	{ VK_TICKET, 'A', REQ_ACK },
	{ VK_TICKET, 'V', REQ_VERIFY },
	{ VK_TICKET, 'P', REQ_PAUSE },
	{ VK_TICKET, 'X', REQ_EXTEND },
	{ VK_TICKET, 'E', REQ_ESCALATE },
	{ VK_TICKET, 'W', REQ_AWARE },
	{ VK_TICKET, 'D', REQ_RESOLVE },
	{ VK_TICKET, ' ', REQ_TOGGLE_STEP },
	{ VK_TICKET, 'y', REQ_ACCEPT_SUGGESTION },
	{ VK_TICKET, 'l', REQ_TIMELINE },
	{ VK_TICKET, 'c', REQ_CUSTOMER },
	{ VK_TICKET, 'w', REQ_TERMS_WHICH },
	{ VK_TICKET, ']', REQ_NEXT_CHANGE },
	{ VK_TICKET, '[', REQ_PREV_CHANGE },

	/* compose: the preview of a reply or note (the same keys for both;
	 * q goes back to the ticket, keeping or discarding the draft) */
	{ VK_COMPOSE, 'y', REQ_SEND },
	{ VK_COMPOSE, 'B', REQ_SEND_AUTOMATED },
	{ VK_COMPOSE, 'e', REQ_EDIT_AGAIN },

	/* timeline */
	{ VK_TIMELINE, 'c', REQ_CUSTOMER },

	/* customer: the data-rights actions (core/rights.h); erasure is :erase */
	{ VK_CUSTOMER, 'x', REQ_RIGHTS_EXPORT },
	{ VK_CUSTOMER, 'C', REQ_RIGHTS_RECTIFY },
	{ VK_CUSTOMER, 'S', REQ_RIGHTS_RESTRICT },
	{ VK_CUSTOMER, 'H', REQ_RIGHTS_HOLD },
	{ VK_CUSTOMER, 'w', REQ_TERMS_WHICH },

	/* terms browser: revisions, document, diff, outline, customers;
	 * publishing is :publish */
	{ VK_TERMS, ' ', REQ_TERMS_MARK },
	{ VK_TERMS, 'd', REQ_TERMS_DIFF },
	{ VK_TERMS, 'b', REQ_TERMS_BOUND },
	{ VK_TERMS, '\t', REQ_TERMS_DOC },
	{ VK_TERMS_DOC, 'O', REQ_OUTLINE },
	{ VK_TERMS_DOC, ']', REQ_NEXT_CHANGE },
	{ VK_TERMS_DOC, '[', REQ_PREV_CHANGE },
	{ VK_TERMS_DIFF, 'v', REQ_DIFF_MODE },
	{ VK_TERMS_DIFF, ']', REQ_NEXT_CHANGE },
	{ VK_TERMS_DIFF, '[', REQ_PREV_CHANGE },
	{ VK_TERMS_CUSTOMERS, ']', REQ_NEXT_CHANGE },
	{ VK_TERMS_CUSTOMERS, '[', REQ_PREV_CHANGE },

	/* mail: a ticket's attachments, the quarantine */
	{ VK_ATTACHMENTS, 'x', REQ_ATTACHMENT_SAVE }, /* x writes to a file, as the customer's export */
	{ VK_QUARANTINE, 'M', REQ_MAIL_TICKET },
};

static const struct {
	const char *name, *help;
} reqinfo[] = {
#define REQ_TEXT_(id, name, help) { name, help },
	REQ_INFO(REQ_TEXT_)
#undef REQ_TEXT_
};

/* The bindings in force: the defaults above, changed by the user's
 * tui.ini (userconf.c) through keys_bind. A binding to REQ_NONE hides the
 * key (in its view, and the global one under it). */
static struct keybinding *live;
static size_t nlive, caplive;

static void live_init(void)
{
	if (live)
		return;
	nlive = sizeof(keymap) / sizeof(keymap[0]);
	caplive = nlive + 16;
	live = xcalloc(caplive, sizeof(*live));
	memcpy(live, keymap, sizeof(keymap));
}

void keys_bind(enum view_kind view, int key, enum request req)
{
	live_init();
	for (size_t i = 0; i < nlive; i++)
		if (live[i].view == view && live[i].key == key) {
			live[i].req = req;
			return;
		}
	ARRAY_GROW(live, caplive, nlive + 1);
	live[nlive++] = (struct keybinding){ view, key, req };
}

enum request keys_lookup(enum view_kind view, int key)
{
	live_init();
	for (size_t i = 0; i < nlive; i++)
		if (live[i].view == view && live[i].key == key)
			return live[i].req;
	for (size_t i = 0; i < nlive; i++)
		if (live[i].view == VK_ANY && live[i].key == key)
			return live[i].req;
	return REQ_NONE;
}

enum request request_parse(const char *name)
{
	for (int r = REQ_NONE + 1; r < REQ_COUNT; r++)
		if (!strcmp(request_name((enum request)r), name))
			return (enum request)r;
	return REQ_NONE;
}

int key_parse(const char *s)
{
	static const struct {
		const char *name;
		int key;
	} named[] = { { "Up", KEY_UP },	      { "Down", KEY_DOWN },   { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
		      { "PgUp", KEY_PPAGE },   { "PgDn", KEY_NPAGE },  { "Home", KEY_HOME }, { "End", KEY_END },
		      { "Enter", '\n' },       { "Return", '\r' },     { "Space", ' ' },     { "Esc", 27 },
		      { "Tab", '\t' },         { "Backspace", KEY_BACKSPACE } };
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (!strcasecmp(s, named[i].name))
			return named[i].key;
	if ((s[0] == 'F' || s[0] == 'f') && s[1] >= '1' && s[1] <= '9' && (!s[2] || (s[2] >= '0' && s[2] <= '2' && !s[3]))) {
		int n = atoi(s + 1);
		return n >= 1 && n <= 12 ? KEY_F(n) : -1;
	}
	if (s[0] == '^' && s[1] && !s[2]) {
		int c = s[1] >= 'a' && s[1] <= 'z' ? s[1] - 32 : s[1];
		return c >= '@' && c <= '_' ? CTRL(c) : -1;
	}
	if ((unsigned char)s[0] > 32 && (unsigned char)s[0] < 127 && !s[1])
		return s[0];
	return -1;
}

static const char *const view_tokens[VK_COUNT] = {
	"global", "queue", "ticket", "compose", "timeline", "customer", "help", "terms", "terms-doc", "terms-diff",
	"outline", "terms-customers", "report", "attachments", "quarantine",
};

int view_kind_parse(const char *s, enum view_kind *out)
{
	for (int k = 0; k < VK_COUNT; k++)
		if (view_tokens[k] && !strcmp(s, view_tokens[k])) {
			*out = (enum view_kind)k;
			return 0;
		}
	return -1;
}

const char *view_kind_token(enum view_kind k)
{
	return k < VK_COUNT && view_tokens[k] ? view_tokens[k] : "?";
}

const char *request_name(enum request r)
{
	if (r <= REQ_NONE || r >= REQ_COUNT)
		return "";
	return reqinfo[r - REQ_NONE - 1].name;
}

const char *request_help(enum request r)
{
	if (r <= REQ_NONE || r >= REQ_COUNT)
		return "";
	return reqinfo[r - REQ_NONE - 1].help;
}

const struct keybinding *keys_table(size_t *n)
{
	live_init();
	*n = nlive;
	return live;
}

const char *key_name(int key)
{
	static char buf[16];
	switch (key) {
	case KEY_UP: return "Up";
	case KEY_DOWN: return "Down";
	case KEY_LEFT: return "Left";
	case KEY_RIGHT: return "Right";
	case KEY_PPAGE: return "PgUp";
	case KEY_NPAGE: return "PgDn";
	case KEY_HOME: return "Home";
	case KEY_END: return "End";
	case KEY_ENTER: return "Enter";
	case '\n': return "Enter";
	case '\r': return "Return";
	case ' ': return "Space";
	case 27: return "Esc";
	case '\t': return "Tab";
	case KEY_F(1): return "F1";
	}
	if (key >= 0 && key < 32)
		snprintf(buf, sizeof(buf), "^%c", key + '@');
	else if (key >= 32 && key < 127)
		snprintf(buf, sizeof(buf), "%c", key);
	else
		snprintf(buf, sizeof(buf), "#%d", key);
	return buf;
}

const char *view_kind_name(enum view_kind k)
{
	static const char *const names[] = { "global", "queue", "ticket", "compose", "timeline", "customer", "help",
					     "terms", "terms document", "terms diff", "outline", "bound customers", "report",
					     "attachments", "quarantine" };
	return k < VK_COUNT ? names[k] : "?";
}
