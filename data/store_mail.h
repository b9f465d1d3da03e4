/* store_mail.h - the mail tables of the workspace database (schema
 * migration 3): raw inbound messages and the quarantine, the Message-IDs
 * of every ticket (threading), attachments by content hash, the outbox.
 *
 * Conventions as in data/store.h: 0 or a negative DK_ code with the
 * message set; writes happen inside the caller's transaction. */
#ifndef DOCKET_STORE_MAIL_H
#define DOCKET_STORE_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "lib/dtime.h"

struct store;

/* ---- raw inbound messages: status new (stored, not yet delivered),
 * delivered, quarantined (could not be parsed or delivered), report (a
 * delivery status notification), ignored (a redelivery). */
struct mail_raw {
	int64_t id;
	char *sha256;
	dk_time received_at;
	char *status;
	char *message_id; /* without <>, or NULL */
	char *sender;     /* From address, or NULL */
	int64_t ticket_id; /* 0 when none */
	int64_t message_row;
	char *note;
	int64_t size;
	char *bytes;      /* only from store_mail_raw_get (NUL-terminated) */
};
void mail_raw_clear(struct mail_raw *r);
void mail_raws_free(struct mail_raw *r, size_t n);

/* The raw message with these bytes' SHA-256 (DK_ENOTFOUND when none);
 * out without bytes. */
int store_mail_raw_by_hash(struct store *st, const char *sha256, struct mail_raw *out);
/* A delivered (or reported) message with this Message-ID from this
 * sender (case-insensitive): DK_ENOTFOUND when none. */
int store_mail_raw_by_msgid(struct store *st, const char *message_id, const char *sender, struct mail_raw *out);
/* Store the bytes (status and fields from r); sets r->id. */
int store_mail_raw_insert(struct store *st, struct mail_raw *r, const void *bytes, size_t len);
/* Set status, ticket, message row and note of raw message id. */
int store_mail_raw_set(struct store *st, int64_t id, const char *status, int64_t ticket_id, int64_t message_row,
		       const char *note);
int store_mail_raw_get(struct store *st, int64_t id, struct mail_raw *out); /* with bytes */
/* Rows with status (NULL = all), oldest first, without bytes. */
int store_mail_raw_list(struct store *st, const char *status, struct mail_raw **out, size_t *n);
/* The rows of one ticket, oldest first, without bytes. */
int store_mail_raw_ticket(struct store *st, int64_t ticket_id, struct mail_raw **out, size_t *n);

/* ---- Message-IDs of tickets (ours and theirs) */
int store_mail_id_put(struct store *st, const char *message_id, int64_t ticket_id, int64_t message_row,
		      const char *direction, int machine);
/* The ticket a Message-ID belongs to (the newest mapping); DK_ENOTFOUND. */
int store_mail_id_ticket(struct store *st, const char *message_id, int64_t *ticket_id);
/* The ticket's Message-IDs in order (oldest first); caller frees each
 * and the array. */
int store_mail_id_list(struct store *st, int64_t ticket_id, char ***ids, size_t *n);
/* The newest inbound Message-ID of the ticket and whether that message
 * was machine mail; DK_ENOTFOUND when the ticket has none. */
int store_mail_id_last_in(struct store *st, int64_t ticket_id, char **message_id, int *machine);

/* ---- attachments (bytes stored once per content hash) */
struct mail_attachment {
	int64_t id;
	int64_t ticket_id;
	int64_t message_row;
	int64_t raw_id;
	char *name;   /* UTF-8 file name or NULL */
	char *type;   /* "image/png" */
	int64_t size;
	char *sha256;
	int is_inline;
};
void mail_attachments_free(struct mail_attachment *a, size_t n);
/* Stores the blob (if new) and the row; sets a->id and a->sha256 when
 * NULL. */
int store_mail_attachment_insert(struct store *st, struct mail_attachment *a, const void *bytes, size_t len);
int store_mail_attachment_list(struct store *st, int64_t ticket_id, struct mail_attachment **out, size_t *n);
/* The bytes of the blob with this hash (caller frees); DK_ENOTFOUND. */
int store_mail_blob_get(struct store *st, const char *sha256, char **bytes, size_t *len);

/* ---- outbox: queued (written with the reply), sending (claimed by one
 * docket), accepted (the MTA took it), deferred (temporary failure:
 * retried), failed (permanent failure: shown to the agent), bounced (a
 * delivery status notification reported it failed), suppressed (never
 * sent: automated mail to machine mail). */
struct outbox_row {
	int64_t id;
	int64_t ticket_id;
	int64_t message_row;
	char *message_id;   /* without <> */
	char *sender;
	char *rcpt;
	char *rcpt_name;
	char *subject;
	char *in_reply_to;  /* without <>, or NULL */
	char *refs;         /* space-separated, without <>, or NULL */
	char *auto_submitted; /* "auto-replied", "auto-generated" or NULL */
	char *body;
	dk_time created_at;
	dk_time updated_at;
	char *status;
	int attempts;
	char *last_error;
	char *raw;          /* the message as built (store_outbox_get only) */
	size_t rawlen;
};
void outbox_row_clear(struct outbox_row *o);
void outbox_rows_free(struct outbox_row *o, size_t n);
int store_outbox_insert(struct store *st, struct outbox_row *o); /* sets id */
int store_outbox_get(struct store *st, int64_t id, struct outbox_row *out);
/* Rows whose status is one of the comma-separated list (e.g.
 * "queued,deferred"), or all for NULL; ticket_id 0 = any; oldest first,
 * without raw. */
int store_outbox_list(struct store *st, const char *statuses, int64_t ticket_id, struct outbox_row **out,
		      size_t *n);
/* Any row waiting in status queued? (cheap: after every command) */
int store_outbox_has(struct store *st, const char *status, int *yes);
/* Claim row id for sending: queued/deferred (or sending claimed before
 * stale_before) -> sending; *claimed = 0 when another docket has it or it
 * is done. */
int store_outbox_claim(struct store *st, int64_t id, dk_time at, dk_time stale_before, int *claimed);
/* Record the message as built (kept for the retries and as evidence). */
int store_outbox_set_raw(struct store *st, int64_t id, const void *raw, size_t len);
/* Set status and error; attempts += count_attempt. */
int store_outbox_set_status(struct store *st, int64_t id, const char *status, const char *error, int count_attempt,
			    dk_time at);
/* Automated messages (auto_submitted set) to rcpt (case-insensitive)
 * created at or after since that were or will be sent (not suppressed). */
int store_outbox_count_auto(struct store *st, const char *rcpt, dk_time since, int64_t *n);
/* The outbox row with this Message-ID: DK_ENOTFOUND. */
int store_outbox_by_msgid(struct store *st, const char *message_id, struct outbox_row *out);

/* ---- addresses that bounced permanently */
int store_mail_failing_set(struct store *st, const char *address, dk_time at, const char *status);
int store_mail_failing_get(struct store *st, const char *address, int *failing);

/* ---- erasure, in the caller's transaction: the ticket's raw messages,
 * inbound Message-IDs, attachments (blobs no longer used), the outbox's
 * addresses and text, and the customer's quarantined mail and failing
 * mark. *rows (may be NULL) counts the rows changed. */
int store_mail_erase_ticket(struct store *st, int64_t ticket_id, int64_t *rows);

/* ---- customers by address (case-insensitive; erased ones never): the
 * lowest id; DK_ENOTFOUND. */
int store_customer_by_email(struct store *st, const char *email, int64_t *id);

#endif
