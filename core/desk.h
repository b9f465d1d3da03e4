/* desk.h - the support desk's actions: agents, customers, tickets,
 * messages, events. The CLI and the TUI call these and nothing below
 * them for writes. Each action is one transaction with its audit row;
 * on failure nothing is changed. `at` is the time of the action
 * (dk_now() in front ends; explicit in the demo and in tests). */
#ifndef DOCKET_DESK_H
#define DOCKET_DESK_H

#include "core/workspace.h"
#include "core/obligations.h"

/* ---- agents (admin only, except list) */
int desk_agent_add(struct workspace *ws, const char *login, const char *role, dk_time at);
int desk_agent_set(struct workspace *ws, const char *login, const char *role, dk_time at);
/* Refuses to remove the last admin. */
int desk_agent_remove(struct workspace *ws, const char *login, dk_time at);

/* ---- customers */
/* Validates: name non-empty, email looks like an address, jurisdiction
 * known (core/jurisdiction.h). */
int desk_customer_new(struct workspace *ws, const char *name, const char *email, const char *jurisdiction,
		      dk_time at, int64_t *id);
int desk_validate_email(const char *email);
/* 0 when no customer but except_id has this address, ignoring case (as
 * the schema enforces); DK_ECONFLICT naming the customer who has it. */
int desk_email_free(struct workspace *ws, const char *email, int64_t except_id);

/* ---- tickets */
struct ticket_new {
	int64_t customer_id;
	const char *subject;
	const char *kind;    /* NULL = question */
	const char *channel; /* NULL = email */
	const char *body;    /* first inbound message */
	int priority;        /* 0 = default 3 */
	const char *assignee;
};
/* Creates the ticket, its inbound message, the "received" event and its
 * obligations. */
int desk_ticket_new(struct workspace *ws, const struct ticket_new *req, dk_time at, int64_t *id);

/* The same inside the caller's open transaction (mail intake); *msg_id
 * (may be NULL) is the first message. */
int desk_ticket_new_tx(struct workspace *ws, const struct ticket_new *req, dk_time at, int64_t *id,
		       int64_t *msg_id);
/* Insert customer c as given (sets c->id; audited) inside the caller's
 * transaction: mail intake's unknown senders (jurisdiction unknown). */
int desk_customer_insert_tx(struct workspace *ws, struct customer *c);
/* An inbound message by author inside the caller's transaction. */
int desk_ticket_inbound_tx(struct workspace *ws, int64_t id, const char *body, const char *author, dk_time at,
			   int64_t *msg_id);

/* Outbound reply. With a `sender` in the config it is also queued in the
 * outbox in the same transaction (core/mail.h); the mail front end sends
 * it after the commit. automated: drafted/sent by a bot or AI: where a
 * disclosure rule applies, the workspace's disclosure text is added
 * unless present (refused, naming the rule, when no text is configured).
 * expect_version > 0: refuse if the ticket changed. On success *msg is
 * the stored message (may be NULL). */
int desk_ticket_reply(struct workspace *ws, int64_t id, const char *body, int automated, int64_t expect_version,
		      dk_time at, struct message *msg);
/* The same for a letter from a template (core/letters.h): the message
 * records template, revision and the duty it is for (a final-duty letter
 * meets it); *met (may be NULL) says whether the duty is now met by it.
 * A body that still holds a {{placeholder}} is refused. */
struct letter_ref;
int desk_ticket_reply_letter(struct workspace *ws, int64_t id, const char *body, int automated,
			     int64_t expect_version, dk_time at, const struct letter_ref *letter, struct message *out,
			     int *met);
/* A file sent with a reply (`ticket reply --attach`): stored with the
 * message by content hash like an inbound attachment, and sent as a MIME
 * part of the mail. */
struct reply_file {
	char *name;       /* the file's name as the customer sees it */
	const char *type; /* MIME type */
	char *data;
	size_t len;
};
/* desk_ticket_reply_letter with files (letter may be NULL). When a file
 * is a copy the workspace exported for the ticket's customer (its SHA-256
 * is in a `customer.export` audit row of that customer), a `copy-sent`
 * event records it, and the step of an access duty that the rule pack
 * completes by it (`done_by = copy-sent`) is ticked with it as evidence. */
int desk_ticket_reply_files(struct workspace *ws, int64_t id, const char *body, int automated,
			    int64_t expect_version, dk_time at, const struct letter_ref *letter,
			    const struct reply_file *files, size_t nfiles, struct message *out, int *met);
/* Full-text search for people (the TUI's / and `docket search`): the
 * matching tickets, newest match first, by relevance, or by urgency (the
 * queue's order: most urgent deadline first) among the newest 1,000
 * matches (or `limit`, when more); open_only leaves out resolved and
 * closed tickets. *more: the
 * index may hold more matches than were read. */
enum search_order { SEARCH_NEWEST = 0, SEARCH_RELEVANCE = 1, SEARCH_URGENCY = 2, SEARCH_ORDER_COUNT };
const char *search_order_name(int order);
int search_order_parse(const char *s, int *out);
int desk_search(struct workspace *ws, const char *query, int order, int open_only, int64_t limit, int64_t **ids,
		size_t *n, int *more);
/* Internal note. */
int desk_ticket_note(struct workspace *ws, int64_t id, const char *body, int64_t expect_version, dk_time at,
		     int64_t *msg_id);
/* The draft a reply starts from (core/draft.c): the customer's last
 * message quoted ("On DATE, NAME wrote:", "> " lines), "Hello NAME,", room
 * for the answer, and the workspace's signature (config `signature`, "\n"
 * for a new line). *out: caller frees. */
int desk_reply_draft(struct workspace *ws, int64_t ticket_id, char **out);
/* Inbound message from the customer (e.g. a follow-up by email). */
int desk_ticket_inbound(struct workspace *ws, int64_t id, const char *body, dk_time at, int64_t *msg_id);
/* FIELD: status | kind | assignee | priority. */
int desk_ticket_set(struct workspace *ws, int64_t id, const char *field, const char *value,
		    int64_t expect_version, dk_time at);
/* The same change on several tickets in one transaction (the TUI's
 * tagged tickets, `ticket set ID,ID,... FIELD VALUE`): each audited with
 * its old and new value; one failure (named by its ticket) changes none. */
int desk_tickets_set(struct workspace *ws, const int64_t *ids, size_t n, const char *field, const char *value,
		     dk_time at);
/* TYPE: acknowledged identity-verified clock-paused clock-resumed extended
 * escalated resolved reopened aware (and classified, replied internally). */
int desk_ticket_event(struct workspace *ws, int64_t id, const char *type, const char *detail,
		      int64_t expect_version, dk_time at);
/* The same with the moment it happened: WHEN may lie before AT (now) for
 * "aware" only, when the business first became aware of what the ticket
 * reports (a breach's 72 hours run from it); the event is recorded at
 * WHEN, the ticket's change and audit row at AT. */
int desk_ticket_event_at(struct workspace *ws, int64_t id, const char *type, const char *detail,
			 int64_t expect_version, dk_time when, dk_time at);
int desk_event_type_valid(const char *type);
/* desk_ticket_event inside the caller's transaction (mail intake). */
int desk_ticket_event_tx(struct workspace *ws, int64_t id, const char *type, const char *detail, dk_time at);
/* Resolve the ticket, settling each unsettled duty as plan says (met by
 * an outbound message, waived, left open); refused with the list of open
 * duties when plan leaves one unsettled. */
int desk_ticket_resolve(struct workspace *ws, int64_t id, const char *detail, const struct resolve_plan *plan,
			int64_t expect_version, dk_time at);

/* What the queue marks on a ticket (empty when nothing): "needs triage",
 * "suggests data-access: 'copy of my data'", "paused (identity) since
 * 2026-11-29", "resolved, duty open". */
int desk_queue_mark(struct workspace *ws, const struct ticket *t, dk_time now, char *out, size_t n);

/* The disclosure text from config (key ai_disclosure), or the default. */
const char *desk_disclosure_text(struct workspace *ws);
#define DESK_DEFAULT_DISCLOSURE \
	"This reply was written by an automated assistant (AI). Reply \"human\" to reach a person."

#endif
