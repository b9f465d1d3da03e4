/* redline.h - a redline to circulate: one self-contained HTML file of the
 * changes between two revisions of a legal document, and the notice a
 * document's own "changes to these terms" clause promises.
 *
 * The HTML needs nothing from the network (inline CSS, no scripts, no
 * external URLs; a Content-Security-Policy that forbids them), escapes
 * every character of the documents, commit data and names (they are
 * hostile), and prints (a print stylesheet): deletions in <del> (struck
 * through), insertions in <ins> (underlined), exactly the removed and
 * added parts of terms/diff.h's word diff. */
#ifndef DOCKET_REDLINE_H
#define DOCKET_REDLINE_H

#include <stddef.h>

#include "lib/buf.h"
#include "lib/dtime.h"

struct redline_rev {
	const char *id;        /* full commit id */
	const char *published; /* "2026-10-10" */
	const char *effective; /* "2026-11-02" */
	int notice_days;       /* Notice-Days: trailer, 0 none */
	const char *binding;   /* when it binds existing customers: the later of
				* effective and published + notice */
	const char *author;
	const char *author_email;
	const char *subject;
};

struct redline {
	const char *doc;  /* "terms-of-service" */
	const char *path; /* "terms/terms-of-service.md" */
	struct redline_rev rev[2]; /* old, new */
	const char *old_text, *new_text;
	size_t olen, nlen;
	const char *warning; /* a sentence shown above the text, or NULL */
};

/* The HTML redline of r. 0 or a negative DK_ code with the message set. */
int redline_html(const struct redline *r, struct buf *out);

/* The notice a document promises for changes to itself: the body of a
 * heading that speaks of changes to these terms (or the agreement,
 * policy, conditions), its sentences that mention notice, and in them a
 * number of days ("at least 30 days'", "thirty (30) days"). Returns 1
 * with *days and *clause ("§9 Changes to these Terms", caller frees) when
 * exactly one such number stands there; 0 when the document has no such
 * clause or it promises no number ("reasonable notice"); -1 when it
 * cannot be read reliably (several different numbers, business days,
 * weeks or months): then no warning should be given. */
int redline_notice_promise(const char *text, size_t len, int *days, char **clause);

/* Whether a revision published at `published`, effective `effective`
 * with notice_days, binds existing customers sooner than the text they
 * are bound by (`bound`) promises: 1 with *given (days from publication
 * to binding: the later of effective and published + notice), *promised
 * and *clause (caller frees); 0 when not, or when the promise cannot be
 * read reliably (redline_notice_promise). */
int redline_notice_short(const char *bound, size_t blen, dk_time published, dk_time effective, int notice_days,
			 long *given, int *promised, char **clause);

#endif
