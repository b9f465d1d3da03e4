/* tui.h - the agents' workspace in ncurses: shared types of the views,
 * the keymap, drawing, prompts and the $EDITOR hand-off.
 *
 * Only tui/ includes <curses.h>. The views read through core/ and the
 * read functions of data/store.h and write only through core/ (desk_*,
 * obligation_step), which check roles and write the audit rows.
 *
 * Screen layout (any size down to 40x12; smaller shows a notice):
 *   row 0          title of the current view
 *   rows 1..H-3    the view's lines (cursor line in reverse)
 *   row H-2        status bar: workspace, agent, role, counts, clock
 *   row H-1        message line, or the ":" / "/" prompt */
#ifndef DOCKET_TUI_H
#define DOCKET_TUI_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/workspace.h"

/* ---- requests: one X-macro gives the enum, the names and the help text
 * (tig's REQ_INFO). Request codes start past ncurses key codes. */
#define REQ_INFO(_) \
	_(MOVE_UP, "move-up", "Move the cursor up one line") \
	_(MOVE_DOWN, "move-down", "Move the cursor down one line") \
	_(PAGE_UP, "page-up", "Move up one screen") \
	_(PAGE_DOWN, "page-down", "Move down one screen") \
	_(FIRST, "first-line", "Go to the first line") \
	_(LAST, "last-line", "Go to the last line") \
	_(ENTER, "enter", "Open the selected item") \
	_(BACK, "back", "Close this view (in the first view: quit, after asking)") \
	_(QUIT, "quit", "Quit docket") \
	_(SEARCH, "search", "Search (the queue: full text; other views: the lines shown)") \
	_(FIND_NEXT, "find-next", "Next match") \
	_(FIND_PREV, "find-prev", "Previous match") \
	_(COMMAND, "prompt", "Command line (:ticket N, :customer N, :filter ..., :search ...)") \
	_(HELP, "help", "Show this help") \
	_(REFRESH, "refresh", "Reload the view from the workspace") \
	_(REDRAW, "redraw", "Redraw the screen") \
	/* queue */ \
	_(FILTER_MINE, "my-tickets", "Toggle: only tickets assigned to me") \
	_(NEXT_UNASSIGNED, "next-unassigned", "Open the most urgent unassigned ticket (a takes it)") \
	_(FILTER, "filter", "Filter: o overdue, u unassigned, k kind, j jurisdiction, s status") \
	_(FILTER_CLEAR, "filter-clear", "Clear filters and search") \
	_(SORT, "sort", "Sort by: urgency, priority, age, last update (cycles)") \
	_(TAG, "tag", "Tag or untag the ticket under the cursor") \
	_(APPLY_TAGGED, "apply-tagged", "Apply the next key to the tagged tickets (a, s, p, K)") \
	/* ticket */ \
	_(REPLY, "reply", "Write a reply in $EDITOR (preview before sending)") \
	_(REPLY_LETTER, "reply-letter", "Reply with a letter the open duties call for (pick, then $EDITOR)") \
	_(NOTE, "note", "Write an internal note in $EDITOR") \
	_(SET_STATUS, "set-status", "Set the status") \
	_(SET_KIND, "set-kind", "Set the kind (reclassify)") \
	_(SET_ASSIGNEE, "assign", "Take or assign: pick the agent from a list") \
	_(SET_PRIORITY, "set-priority", "Set the priority (1 urgent .. 4 low)") \
	_(ACK, "acknowledge", "Record: acknowledged to the customer") \
	_(VERIFY, "verify-identity", "Record: the customer's identity is verified") \
	_(PAUSE, "pause-resume", "Pause or resume the deadline clock") \
	_(EXTEND, "extend", "Extend the deadline (where the rule allows)") \
	_(ESCALATE, "escalate", "Escalate the ticket") \
	_(AWARE, "aware", "Record when you became aware of a breach (72h run from then)") \
	_(RESOLVE, "resolve", "Resolve the ticket") \
	_(TOGGLE_STEP, "toggle-step", "Tick or untick the checklist step under the cursor") \
	_(ACCEPT_SUGGESTION, "accept-suggestion", "Accept the suggested classification") \
	_(TIMELINE, "timeline", "Show the complaint timeline") \
	_(CUSTOMER, "customer", "Show the customer") \
	/* compose (reply preview) */ \
	_(SEND, "send", "Send / save as shown") \
	_(SEND_AUTOMATED, "send-automated", "Toggle: send as automated (bot/AI) reply, with disclosure") \
	_(EDIT_AGAIN, "edit", "Edit the text again in $EDITOR") \
	/* customer: data-rights actions (core/rights.h) */ \
	_(RIGHTS_EXPORT, "rights-export", "Export all data held on the customer") \
	_(RIGHTS_RECTIFY, "rights-rectify", "Rectify a field") \
	_(RIGHTS_RESTRICT, "rights-restrict", "Restrict processing on/off (GDPR Art 18)") \
	_(RIGHTS_ERASE, "erase", "Erase the customer (anonymise; irreversible: :erase)") \
	_(WAIVE, "waive", "Waive the duty under the cursor (irreversible: :waive)") \
	_(RIGHTS_HOLD, "rights-hold", "Legal hold on/off") \
	/* terms browser (tui/views/terms*.c) */ \
	_(TERMS, "terms", "Terms browser: revisions, documents, diffs (:terms [DOC])") \
	_(TERMS_WHICH, "terms-in-force", "The terms revision in force for this customer, and why") \
	_(TERMS_DOC, "switch-document", "Switch document (terms of service, privacy policy, ...)") \
	_(TERMS_MARK, "mark", "Mark the revision under the cursor (then d diffs against it)") \
	_(TERMS_DIFF, "diff", "Diff marked and this revision (no mark: this and the previous)") \
	_(TERMS_BOUND, "bound-customers", "Customers bound by this revision now") \
	_(TERMS_PUBLISH, "publish", "Publish the next revision (:publish; $EDITOR, then date and notice)") \
	_(OUTLINE, "outline", "Clause outline: jump to a section") \
	_(DIFF_MODE, "diff-mode", "Switch diff mode: unified, word (redline), side by side") \
	_(NEXT_CHANGE, "next-change", "Next change (diff), section (document), page (customers), ticket of the list below (ticket)") \
	_(PREV_CHANGE, "prev-change", "Previous change, section, page, ticket") \
	/* mail (tui/views/mail.c) */ \
	_(ATTACHMENT_SAVE, "save-attachment", "Save the attachment to a file (Enter opens it in your viewer)") \
	_(MAIL_TICKET, "mail-ticket", "Make a ticket of the quarantined message (Enter shows it)")

enum request {
	REQ_NONE = KEY_MAX + 1,
#define REQ_ENUM_(id, name, help) REQ_##id,
	REQ_INFO(REQ_ENUM_)
#undef REQ_ENUM_
	REQ_COUNT
};

enum view_kind { VK_ANY = 0, VK_QUEUE, VK_TICKET, VK_COMPOSE, VK_TIMELINE, VK_CUSTOMER, VK_HELP,
		 VK_TERMS, VK_TERMS_DOC, VK_TERMS_DIFF, VK_TERMS_OUTLINE, VK_TERMS_CUSTOMERS, VK_REPORT,
		 VK_ATTACHMENTS, VK_QUARANTINE, VK_COUNT };

/* ---- keys.c: the one keymap table */
struct keybinding {
	enum view_kind view; /* VK_ANY: global */
	int key;             /* a character or a KEY_* code */
	enum request req;
};
/* The request bound to key in view (its own map first, then the global
 * map); REQ_NONE when unbound. */
enum request keys_lookup(enum view_kind view, int key);
const char *request_name(enum request r);
const char *request_help(enum request r);
/* "j", "Down", "Enter", "Space", "^L" (static storage). */
const char *key_name(int key);
/* Bindings in table order (for the help view). */
const struct keybinding *keys_table(size_t *n);
const char *view_kind_name(enum view_kind k);
/* The user's bindings (tui.ini): bind key in view (VK_ANY: global) to req
 * (REQ_NONE: unbound). */
void keys_bind(enum view_kind view, int key, enum request req);
/* By name as the help view shows them ("reply"); REQ_NONE when unknown. */
enum request request_parse(const char *name);
/* "R", "Enter", "^L", "F1", "PgDn"... as key_name writes them; -1 when not
 * a key. */
int key_parse(const char *s);
/* The views as tui.ini names them ("global", "queue", "ticket", ...). */
int view_kind_parse(const char *s, enum view_kind *out);
const char *view_kind_token(enum view_kind k);

/* ---- userconf.c: keys and colours from $XDG_CONFIG_HOME/docket/tui.ini */
/* Read the file (if any) into the keymap and the styles: call before
 * draw_init_colors. */
void userconf_load(void);
/* Show what could not be used (FILE:LINE: why) on the message line. */
void userconf_report(void);
/* The file read (NULL: none could be named). */
const char *userconf_path(void);
/* Bindings and colours applied; returns the number of lines skipped. */
int userconf_counts(int *binds, int *colors);

/* ---- draw.c: width-aware, safe text drawing */
enum style {
	S_NORMAL, S_TITLE, S_STATUS, S_CURSOR, S_OVERDUE, S_SOON, S_OK, S_DIM, S_SECTION,
	S_INBOUND, S_OUTBOUND, S_NOTE, S_AUTO, S_MATCH, S_WARN, S_KEY,
	S_DIFF_DEL, S_DIFF_ADD, S_WORD_DEL, S_WORD_ADD, /* diffs: lines, and words inline (redline) */
	S_COUNT
};
void draw_init_colors(void);
/* By the names tui.ini uses ("overdue", "word-del"); -1 when unknown. */
int style_parse(const char *name);
/* The user's colour for a style: fg/bg (-1: the terminal's default) and
 * attributes, used with colours; without colours the attributes alone. */
void style_set(enum style s, short fg, short bg, attr_t a);
/* attributes (and colour pair) for a style under the current colour mode */
attr_t style_attr(enum style s, short *pair);
/* Attributes OR-ed into every style while drawing the cursor line. */
void draw_set_extra(attr_t a);
/* Draw s (UTF-8; unsafe characters drawn as '?', text should already
 * have been through text_visible) at the cursor of w, at most maxcols
 * columns; never splits a character. Returns the columns drawn. */
int draw_text(WINDOW *w, const char *s, int maxcols, enum style st);
/* Same, then pad with spaces to exactly width columns. */
void draw_field(WINDOW *w, const char *s, int width, enum style st);
/* Display width of s (unsafe characters count 1). */
int text_width(const char *s);
/* Byte length of the longest prefix of s that fits in cols columns. */
size_t text_fit(const char *s, int cols);
/* Wrap s (a paragraph without newlines) into lines of at most cols
 * columns, breaking at spaces where possible; cb gets each piece. */
void text_wrap(const char *s, int cols, void (*cb)(const char *p, size_t n, void *ctx), void *ctx);
/* Countdown "45m", "5h", "3d", "OVERDUE 1d" into out (n bytes); *st gets
 * the urgency style. due DK_TIME_NONE gives "-". */
/* A time in the agent's zone (local time) with strftime's fmt, or "-"
 * for DK_TIME_NONE. */
void tui_fmt_time(dk_time t, const char *fmt, char *out, size_t n);
void tui_countdown(dk_time due, dk_time now, char *out, size_t n, enum style *st);

/* ---- lines: the body of the text views (ticket, timeline, customer,
 * help, compose) */
enum line_kind { L_TEXT, L_SECTION, L_STEP, L_SUGGEST, L_TICKET, L_MSG, L_DUTY };
struct line {
	char *text;          /* safe, display-ready UTF-8 */
	enum style style;
	enum line_kind kind;
	int64_t a;           /* L_STEP, L_DUTY: obligation id; L_TICKET: ticket id; L_SUGGEST: index */
	int b;               /* L_STEP: step number */
	int done;            /* L_STEP: ticked */
};
struct lines {
	struct line *v;
	size_t n, cap;
};
void lines_add(struct lines *l, enum style st, enum line_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Add untrusted text: made visible (text_visible), split at newlines and
 * wrapped to width with indent spaces in front. */
void lines_add_wrapped(struct lines *l, enum style st, const char *text, int indent, int width);
void lines_clear(struct lines *l);

/* ---- view.c: the stack of views */
struct view;
struct view_ops {
	const char *name;
	enum view_kind kind;
	/* (Re)load data from the workspace; 0 or a DK_ code (message in err_msg()). */
	int (*open)(struct view *v);
	/* Rebuild the lines for the current width (after open and on resize). */
	void (*layout)(struct view *v);
	/* A fixed header row above the lines (e.g. column names), or NULL. */
	void (*draw_header)(struct view *v, WINDOW *w);
	/* How many header rows draw_header draws (NULL: one). */
	int (*header_rows)(struct view *v);
	/* Draw line lineno at row y (the generic code sets the attributes). */
	void (*draw_line)(struct view *v, WINDOW *w, size_t lineno, int y, int selected);
	/* Handle a request; return 1 when handled, 0 for the generic handler. */
	int (*request)(struct view *v, enum request req);
	/* Does line lineno contain needle (case-insensitive)? NULL: no search. */
	int (*grep)(struct view *v, size_t lineno, const char *needle);
	/* Ticket id the view shows (presence), or 0. */
	int64_t (*ticket)(struct view *v);
	/* A list of tickets (queue, customer): the ticket after (dir 1) or
	 * before (dir -1) ticket id in it, the cursor moved there; 0 at an end
	 * or when id is not in the list. NULL: not a list of tickets. */
	int64_t (*neighbour)(struct view *v, int64_t id, int dir);
	void (*done)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	char title[512];      /* left part of the title bar */
	char pos[64];         /* right part ("12/340") */
	size_t nlines;        /* number of lines */
	size_t lineno;        /* cursor */
	size_t offset;        /* first line shown */
	int height, width;    /* of the body */
	int stale;            /* the workspace changed while hidden */
	int own_change;       /* the next reload follows our own write (2: a new message) */
	dk_time loaded_at;
	struct lines lines;   /* for the line-based views */
	void *priv;
	struct view *parent;  /* the view below on the stack */
};

/* The whole program's state. */
struct tui {
	struct workspace *ws;
	struct view *stack[16];
	int depth;
	char message[512];
	int msg_error;
	char *grep;                /* last in-view search */
	int quit;
	int replay;                /* --keys: keys from a file */
	int hangup;                /* the terminal went away: end as at a quit */
	int colors;
	int utf8;                  /* the locale draws Unicode */
	int64_t n_overdue, n_today;
	dk_time counts_at;
	unsigned generation;       /* bumped on every change seen or made */
	int generation_remote;     /* the last bump came from another agent */
	int64_t presence_ticket;
	dk_time presence_at;
};
extern struct tui tui;

struct view *view_new(const struct view_ops *ops, void *priv);
/* Open v (ops->open) and push it; on failure shows the error, frees v and
 * returns the code. */
int view_push(struct view *v);
void view_pop(void);
struct view *view_top(void);
/* Reload v keeping the cursor where it was (clamped). */
int view_reload(struct view *v);
/* Mark every view stale (the workspace changed) and reload the top one. */
void view_reload_all(void);
void view_layout(struct view *v); /* sizes + ops->layout */
int view_header_rows(struct view *v);
void view_draw(struct view *v);
/* Generic movement and search; returns 1 when handled. */
int view_generic_request(struct view *v, enum request req);
/* The same for the text views whose position is "LINE/LINES": handled
 * requests update v->pos. 1 when handled. */
int view_lines_request(struct view *v, enum request req);
/* Mark the words of query (the search a ticket was opened from) in the
 * text views; NULL clears. */
void tui_highlight_set(const char *query);
void view_move_to(struct view *v, size_t lineno);
/* The line-based views' draw_line and grep. */
void lines_draw_line(struct view *v, WINDOW *w, size_t lineno, int y, int selected);
int lines_grep(struct view *v, size_t lineno, const char *needle);

/* ---- main.c */
void tui_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tui_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Report a DK_ code: the core's message in the message line. */
void tui_report(int rc);
/* Next key (a character or KEY_* code), from the terminal or the replay
 * file; ERR on timeout, -2 at the end of the replay or of the terminal
 * (hung up, end of input), and from then on. */
int tui_getkey(void);
/* Draw everything and flush (wnoutrefresh + one doupdate). */
void tui_redraw(void);
/* Handle a KEY_RESIZE: lay out every view again. */
void tui_resized(void);
void tui_counts_refresh(void);
/* The workspace changed (own: by this agent's action): cached counts are
 * out of date. */
void tui_changed(int own);
/* Other agents with ticket_id open ("lena, omar"), or NULL. */
const char *tui_presence_others(int64_t ticket_id);
int tui_too_small(void);

/* ---- notices.c: what changed since this agent last looked */
/* Compute the notices since the previous session (and record this one). */
void tui_notices_load(void);
/* The line at the top of the queue, or NULL when nothing is new. */
const char *tui_notices_line(void);
/* :notices: the items in a list; Enter opens the ticket. */
void tui_notices_show(void);
void tui_notices_done(void);

/* ---- prompt.c: the message line as an input line */
/* Read a line after prompt; initial may be NULL. Returns 0 and *out
 * (caller frees), or -1 when cancelled (Esc, ^G, ^C). */
int tui_input(const char *prompt, const char *initial, char **out);
/* Ask a question answered with one of the characters in choices
 * (e.g. "yn"); returns the character, or 0 when cancelled. */
int tui_ask(const char *question, const char *choices);
/* Pick one of n items from a list drawn over the bottom of the screen;
 * returns its index, or -1 when cancelled. */
int tui_choose(const char *title, const char *const *items, size_t n, size_t initial);
/* Pick an agent for ticket assignment: "me" first, then every agent of the
 * workspace, then "nobody". Returns 0 with *login (caller frees; "" for
 * nobody), or -1 when cancelled. */
int tui_pick_agent(const char *current, char **login);
/* Ask for a new value of a ticket field (status, priority, assignee:
 * from the list of agents, kind); 0 with *value (caller frees; "" for
 * nobody), -1 when cancelled. */
int tui_ask_field(const char *field, const char *current, char **value);
/* Run a ":" command line. */
void tui_command(const char *line);
/* Pop back to the first view (the queue). */
void tui_pop_to_queue(void);
/* 1 when s is NULL or only white space. */
int tui_isblank_str(const char *s);
/* Characters that collide with ncurses key codes arrive shifted by this
 * from tui_getkey() (so that they are never taken for function keys). */
#define TUI_CHAR_SHIFT 0x200000

/* ---- editor.c */
/* Let the agent edit text in $VISUAL / $EDITOR / vi on a private temp
 * file seeded with initial (may be NULL). Returns 0 with *out (caller
 * frees), 1 when the file came back empty (cancelled), 2 when the editor
 * exited with a failure status (text not taken), or a DK_ code. */
int tui_edit(const char *initial, char **out);
/* Run argv (argv[0] looked up on PATH) on the terminal: curses suspended,
 * the child without docket's privileges (priv_drop) and with the user's
 * environment, the screen restored after. Returns the child's pid (-1
 * when fork failed) and its wait status in *status (127: not run). */
pid_t tui_run_program(char **argv, int *status);
/* cmd split on spaces (no shell) into a NULL-terminated argv with room for
 * one more argument before the NULL; free(argv) and free(*storage). */
char **tui_split_command(const char *cmd, char **storage);

/* ---- navigation (tui/prompt.c); each view's constructor is in its
 * header in tui/views/ */
int tui_open_ticket(int64_t id);
int tui_open_customer(int64_t id);
int tui_open_timeline(int64_t id);
int tui_open_report(dk_time from, dk_time to);

#endif
