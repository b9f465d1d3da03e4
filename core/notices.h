/* notices.h - letters to many customers at once (issue 14 items 10, 11):
 * the notice of a new revision of a legal document to every customer it
 * will bind after notice (`terms notify`), and the notice of a personal
 * data breach to the people it affects (`breach notify`). Each notice is
 * a row of the outbox and of the letters table (which template, which
 * revision, to whom); docs/letters.md. */
#ifndef DOCKET_NOTICES_H
#define DOCKET_NOTICES_H

#include <stddef.h>
#include <stdint.h>

#include "lib/dtime.h"

struct workspace;
struct letter_vars;

/* One customer of a notice run. */
struct notice_item {
	int64_t customer_id;
	char *email;        /* NULL when none */
	int64_t letter_id;  /* 0: no notice was queued (see why) */
	int64_t outbox_id;
	char *status;       /* outbox state after sending: accepted, deferred, failed, bounced, ... */
	char *error;
	dk_time at;         /* when the state was reached */
	char *why;          /* no working address: why (then letter_id 0) */
};

struct notice_report {
	char revision[41];  /* terms: the document revision; breach: "" */
	char tpl[64];       /* the template */
	char tpl_revision[41];
	int notice_days;
	dk_time published, effective;
	dk_time aware;      /* breach: when the business became aware */
	struct notice_item *v;
	size_t n;
	size_t queued;      /* notices queued in this run */
	size_t no_address;  /* customers listed for another channel */
	size_t already;     /* notified before (not again) */
	size_t accepted_rev;/* terms: accepted the revision explicitly */
};
void notice_report_free(struct notice_report *r);

/* `terms notify DOC [--rev REV]` (legal and admin): the notice of
 * revision rev (NULL: the newest) of doc, from the template of use
 * `terms` (config terms_notice_template, default terms-change), to every
 * customer it will bind after notice: joined before its publication, not
 * erased, not having accepted it, not notified of it before. Customers
 * without an address, or whose address bounced permanently, are listed
 * instead. One transaction queues them all (audited), then the mail is
 * handed over, and the report says what became of each. DK_EINVAL when
 * the revision has no notice period or the workspace has no sender. */
int terms_notify(struct workspace *ws, const char *doc, const char *rev, dk_time at, struct notice_report *out);

/* `breach notify TICKET` (legal and admin): the breach notice (template
 * of use `breach`; config breach_notice_template, default breach-notice)
 * to each of customers, filled with vars (breach_nature, ...) for each;
 * every placeholder must have a value before anything is sent. Each
 * notice is a "breach-notice" event on the breach ticket's timeline (ids
 * only), its delivery too; customers notified from this ticket before
 * are not notified again. DK_EINVAL when the ticket is not a breach or
 * has no "aware" event. */
int breach_notify(struct workspace *ws, int64_t ticket_id, const int64_t *customers, size_t ncustomers,
		  const struct letter_vars *vars, dk_time at, struct notice_report *out);

/* The letters of a run as they stand now (after mail flush, a bounce):
 * terms (doc, revision) or breach (ticket). */
int notice_status(struct workspace *ws, const char *purpose, const char *doc, const char *revision, int64_t ticket_id,
		  struct notice_report *out);

#endif
