/* store_letters.h - the letters docket sent from templates (schema
 * migration 7): which template and legal revision, for which duty, to
 * whom, through which outbox row. Ids only, no personal data: the text
 * is the message's (or the outbox row's) and goes with it.
 *
 * Conventions as in data/store.h: 0 or a negative DK_ code with the
 * message set; writes happen inside the caller's transaction. */
#ifndef DOCKET_STORE_LETTERS_H
#define DOCKET_STORE_LETTERS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/dtime.h"

struct store;

struct letter_row {
	int64_t id;
	char *tpl;          /* template name */
	char *revision;     /* legal commit the template was read from */
	char *purpose;      /* reply, terms, breach, ack (automatic) */
	int64_t ticket_id;  /* 0 when none (a notice of new terms) */
	int64_t message_row;/* the ticket message, 0 when none */
	int64_t customer_id;
	int64_t outbox_id;  /* 0 when nothing was queued (no sender) */
	char *duty;         /* the duty kind it is for, or NULL */
	int64_t obligation_id;
	int met;            /* this letter met the duty */
	char *document;     /* terms: the document, or NULL */
	char *doc_revision; /* terms: the revision given notice of */
	dk_time created_at;
	/* joined from the outbox (NULL / DK_TIME_NONE without a row) */
	char *status;
	dk_time status_at;
	char *last_error;
};
void letter_row_clear(struct letter_row *r);
void letter_rows_free(struct letter_row *r, size_t n);
int store_letter_insert(struct store *st, struct letter_row *r); /* sets id */
/* Letters by ticket (0 = any), customer (0 = any), purpose (NULL = any)
 * and document (NULL = any), oldest first. */
int store_letter_list(struct store *st, int64_t ticket_id, int64_t customer_id, const char *purpose,
		      const char *document, struct letter_row **out, size_t *n);

/* Erasure (data/sqlite/erase.c, in its transaction): the outbox rows of
 * the letters sent to customer_id outside their tickets are scrubbed. */
int store_letters_erase_customer(struct store *st, int64_t customer_id);

#endif
