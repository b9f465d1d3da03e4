/* mail.h - mail's domain logic: intake of one inbound message (evidence
 * first, redelivery, threading, customers, machine mail, delivery status
 * notifications, quarantine) and the outbox (a reply's outbound message,
 * its delivery states). The MIME work (GMime) is the mail/ front end's: it
 * hands core a parsed struct mail_in, and builds and pipes the outbound
 * messages core queues. docs/mail.md describes the rules. */
#ifndef DOCKET_MAIL_H
#define DOCKET_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "core/workspace.h"

struct outbox_row;

/* The actor of every row mail intake writes (the workspace's mail
 * service, not an agent). */
#define MAIL_ACTOR "mail"
/* Jurisdiction of a customer first met as an unknown sender; the queue
 * flags it and an agent sets the real one (customer rectify). */
#define MAIL_JURISDICTION_UNKNOWN "unknown"
#define MAIL_DEFAULT_AUTO_PER_DAY 5

/* Open the workspace as its mail service: no agent needed (the MTA's
 * user runs `mail in`); rows are audited as MAIL_ACTOR. */
int mail_open_service(const char *dir, struct workspace **out);

struct mail_att {
	const char *name; /* UTF-8 file name or NULL */
	const char *type; /* "application/pdf" */
	const void *data;
	size_t len;
	int is_inline;
};

/* One inbound message as the front end parsed it (all text UTF-8, ids
 * without <>; NULL when absent). */
struct mail_in {
	const char *message_id;
	const char *from_addr;
	const char *from_name;
	const char *subject;
	const char *body;
	const char *in_reply_to;
	const char *const *refs; /* References, oldest first */
	size_t nrefs;
	/* machine-mail headers, raw values */
	const char *auto_submitted;
	const char *precedence;
	const char *list_id;
	const char *x_loop;
	int autoreply_header;      /* X-Autoreply, X-Autorespond */
	/* a delivery status notification (multipart/report; RFC 3464) */
	int is_report;
	const char *report_msgid;  /* Message-ID of the message it reports */
	const char *report_action; /* failed | delayed | delivered | ... */
	const char *report_status; /* "5.1.1" */
	const char *report_rcpt;
	const char *report_diag;
	const struct mail_att *atts;
	size_t natts;
	const char *notes;         /* what parsing had to repair, or NULL */
};

/* Why this is machine mail that is never answered automatically (a
 * static string), or NULL. our_sender: the workspace's sender address. */
const char *mail_machine_reason(const struct mail_in *m, const char *our_sender);

/* The ticket number of the last "[docket #N]" tag in subject, or 0. */
int64_t mail_subject_ticket(const char *subject);
/* "Re: SUBJECT [docket #N]" with older tags and Re:/AW:/Fwd: prefixes
 * removed from SUBJECT. Caller frees. */
char *mail_reply_subject(const char *subject, int64_t ticket_id);

enum mail_outcome {
	MAIL_DELIVERED = 1, /* a new ticket or a follow-up */
	MAIL_DUPLICATE,     /* a redelivery: nothing changed */
	MAIL_QUARANTINED,   /* kept raw for an agent */
	MAIL_REPORT,        /* a delivery status notification, recorded */
};

struct mail_result {
	int outcome;
	int64_t raw_id;
	int64_t ticket_id;
	int64_t message_row;
	int64_t customer_id;
	int new_ticket;
	int new_customer;
	const char *machine; /* static reason, or NULL */
	char note[256];      /* quarantine reason, report summary */
};

/* Take one message: m is the parse (NULL when it could not be parsed;
 * why says why). The raw bytes are committed first (the evidence), then
 * the message is delivered in a second transaction; a delivery that fails
 * for any reason but a temporary one leaves the message in the
 * quarantine. Returns 0 (see res->outcome) or a temporary failure
 * (DK_EBUSY, DK_EIO: the MTA should retry; nothing was lost or half
 * done). */
int mail_receive(struct workspace *ws, const void *bytes, size_t len, const struct mail_in *m, const char *why,
		 dk_time at, struct mail_result *res);

/* An agent turns quarantined message raw_id into a ticket of
 * customer_id (0: the sender's customer, made if unknown; the message
 * must then have a sender) with the front end's best reading of it
 * (subject, body). The raw message becomes delivered; audited as the
 * agent. */
int mail_quarantine_ticket(struct workspace *ws, int64_t raw_id, int64_t customer_id, const char *sender,
			   const char *sender_name, const char *subject, const char *body, dk_time at,
			   int64_t *ticket_id);

/* Is rc a temporary failure (the MTA retries)? */
int mail_temporary(int rc);

/* Does this text ask for a human ("human", "Mensch", "humain", ...: its
 * first line that is not quoted, alone; config mail_human_words
 * replaces the list)? */
int mail_asks_for_human(struct workspace *ws, const char *body);
/* Has the customer asked for a human on ticket id (a human-requested
 * event)? Automated replies are then refused. */
int mail_human_requested(struct workspace *ws, int64_t ticket_id, int *yes);
#define MAIL_HUMAN_EVENT "human-requested"
#define MAIL_DEFAULT_HUMAN_WORDS \
	"human,a human,human please,person,a person,mensch,ein mensch,humain,un humain,humano,un humano," \
	"persona,una persona,umano,mens,een mens,czlowiek,człowiek,människa,menneske,ihminen,人間,人工"

/* The automatic acknowledgement (issue 14 item 7; off by default): when
 * config `auto_ack` (rule ids or patterns, comma-separated; set by an
 * admin with `config set`, audited) names the rule of one of the new
 * ticket's unsettled acknowledgement duties, the template
 * `auto_ack_template` (default acknowledgement) is sent as an automated
 * reply that meets the duty. When the message could not go out (machine
 * mail, no address, a failing address, mail_auto_per_day reached, a
 * human asked for, a restricted customer, no sender, a template that
 * cannot be filled) nothing is written but an "auto-ack-skipped" event
 * with the reason. outcome (n bytes): "" (no such duty), "sent",
 * "sent-unmet" or "skipped". Runs its own transactions, after intake. */
int mail_auto_ack(struct workspace *ws, int64_t ticket_id, dk_time at, char *outcome, size_t n);

/* ---- outbox */

/* Inside the reply's transaction (core/desk.c): queue message m of
 * ticket t to customer c, when the workspace has a `sender`. Automated
 * replies to machine mail, to an address that bounced permanently, or
 * beyond mail_auto_per_day (default below) to one address in 24 hours are
 * recorded as suppressed, never sent. Sets
 * *outbox_id (0 when nothing was queued). */
int mail_outbox_queue_tx(struct workspace *ws, const struct ticket *t, const struct customer *c,
			 const struct message *m, int64_t *outbox_id);

/* Inside the caller's transaction: queue a standalone letter (a notice
 * of new terms: ticket_id 0; a breach notice: the breach ticket) to
 * customer c, not tied to a message of a ticket and not threaded (an
 * answer opens a ticket of its own), Auto-Submitted: auto-generated.
 * A customer without an address gets a failed row. DK_EINVAL when the
 * workspace has no sender. */
int mail_letter_queue_tx(struct workspace *ws, int64_t ticket_id, const struct customer *c, const char *subject,
			 const char *body, dk_time at, int64_t *outbox_id);

/* Claim a waiting row for sending (one transaction); *claimed = 0 when
 * another docket has it or it is no longer waiting. */
int mail_outbox_claim(struct workspace *ws, int64_t id, dk_time at, int *claimed);
/* Record the message as built for row id (before it is handed over). */
int mail_outbox_built(struct workspace *ws, int64_t id, const void *raw, size_t len);
/* Record the outcome: accepted, deferred or failed, with the command's
 * message; an event on the ticket says so (audited). */
int mail_outbox_result(struct workspace *ws, int64_t id, const char *status, const char *error, dk_time at);

/* The front end that sends mail registers fn here (main.c: mail/'s
 * sender); core calls it after a commit that queued mail (a reply), for
 * the CLI and the TUI alike. quiet: no messages on stderr (the TUI). */
void mail_set_after_commit(void (*fn)(struct workspace *ws, int quiet), int quiet);
void mail_after_commit(struct workspace *ws);

/* A ticket's mail for the customer export: {"raw_messages": [...],
 * "attachments": [...], "outbox": [...]} with the raw bytes and contents
 * base64-encoded (docs/export-format.md); NULL with *rc on failure. */
typedef struct json_t json_t;
json_t *mail_export_ticket(struct workspace *ws, int64_t ticket_id, int *rc);

/* The sendmail command (config `sendmail`, default below). */
#define MAIL_DEFAULT_SENDMAIL "/usr/sbin/sendmail -t -oi"
const char *mail_sendmail_command(struct workspace *ws);

#endif
