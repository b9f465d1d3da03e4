/* mail_impl.h - internals of the mail front end (not for other layers). */
#ifndef DOCKET_MAIL_IMPL_H
#define DOCKET_MAIL_IMPL_H

#include <stddef.h>

#include "core/mail.h"

/* A parsed inbound message: in points into storage owned here. */
struct mail_parsed {
	struct mail_in in;
	char **strs; /* every string and buffer to free */
	size_t nstrs, capstrs;
	struct mail_att *atts;
	size_t natts, capatts;
	const char **refs;
	size_t nrefs, caprefs;
	char *body;  /* being built */
	size_t bodylen, bodycap;
	char *notes;
	long long date; /* the Date header (seconds since the epoch), 0 when none */
};

/* Start GMime once (idempotent) and stop it. */
void mail_gmime_init(void);
void mail_gmime_shutdown(void);

/* Parse one RFC 5322 message. charsets: comma- or space-separated
 * fallbacks for undeclared or broken 8-bit text (e.g. "windows-1252,
 * iso-8859-1"); max_att: attachments larger than this stay in the raw
 * message only. NULL when the bytes are no message at all (*why set). */
struct mail_parsed *mail_parse(const char *bytes, size_t len, const char *charsets, size_t max_att,
			       const char **why);
void mail_parsed_free(struct mail_parsed *p);

/* mail_parse() as `mail in` and `mail import` take a message: with the
 * workspace's mail_charsets and mail_max_bytes (default 25 MB; a message
 * over it is kept and its notes say so). */
struct workspace;
struct mail_parsed *mail_parse_intake(struct workspace *ws, const char *bytes, size_t len, const char **why);

/* `docket mail import MBOX|MAILDIR` (mail/import.c): the exit code. */
int mail_import(const char *dir_opt, const char *path);

/* HTML (UTF-8) to readable plain text; caller frees. */
char *mail_html_to_text(const char *html, size_t len);

/* Convert len bytes in charset cs (NULL = undeclared) to UTF-8 with the
 * fallbacks; *note set to a static string when a fallback was needed.
 * Caller frees (g_free not needed: malloc'd). */
char *mail_to_utf8(const char *s, size_t len, const char *cs, const char *charsets, const char **note);

/* Build outbound message of outbox row o (RFC 5322, UTF-8 text/plain,
 * quoted-printable); caller frees. */
struct outbox_row;
/* A file to send with the message (the reply's `--attach`). */
struct mail_out_file {
	const char *name, *type;
	const char *data;
	size_t len;
};
char *mail_build(const struct outbox_row *o, const char *sender_name, const struct mail_out_file *files,
		 size_t nfiles, size_t *len);

/* Send every waiting outbox row (statuses, e.g. "queued" or
 * "queued,deferred"); prints one line per row to out (may be NULL).
 * Counts into *sent, *deferred, *failed. Returns 0 or a DK_ code. */
struct workspace;
int mail_flush(struct workspace *ws, const char *statuses, void *out, int *sent, int *deferred, int *failed);

#endif
