/* letters.h - the letters the law asks for (issue 14 items 7-11): letter
 * templates kept in the legal repository beside the terms and the rule
 * pack, versioned and diffable like them.
 *
 *   templates/NAME.md          one letter: a header between "---" lines
 *                              (title, meets, rules, kinds, use, subject),
 *                              then the text with {{placeholders}}
 *   templates/authorities.ini  the supervisory authority, and how to
 *                              complain to it, per jurisdiction
 *
 * The format, every header key and every placeholder are documented in
 * docs/letters.md; `docket rules check` validates them with "file:line:
 * message" errors like the rule pack's. */
#ifndef DOCKET_LETTERS_H
#define DOCKET_LETTERS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/dtime.h"

struct rule_pack;
struct pack_file;
struct workspace;

/* Where a template is used. */
#define LETTER_USE_REPLY "reply"   /* a reply on a ticket (the default) */
#define LETTER_USE_TERMS "terms"   /* `terms notify`: a notice of new terms */
#define LETTER_USE_BREACH "breach" /* `breach notify`: to affected people */

struct letter_tpl {
	char *name;    /* "acknowledgement" (templates/acknowledgement.md) */
	char *path;    /* "templates/acknowledgement.md" */
	char *title;   /* "Acknowledgement of receipt" */
	char *meets;   /* the duty kind it meets: "ack", "notice", "final",
			  or NULL (meets none: offered while a final duty
			  of its rules is open) */
	char **rules;  /* rule-id patterns ("gdpr-*"), none = any rule */
	size_t nrules;
	char **kinds;  /* ticket kinds, none = any kind */
	size_t nkinds;
	char *use;     /* LETTER_USE_* */
	char *subject; /* for standalone letters (terms, breach); may hold
			  placeholders; NULL for replies (Re: ... [docket #N]) */
	char *body;    /* the text after the header */
	int body_line; /* the line the text starts on */
};

struct authority {
	char *code;     /* "GB", "US-CA", or "*" (the fallback) */
	char *name;     /* "Information Commissioner's Office (ICO)" */
	char *url;      /* where to complain */
	char *complain; /* how, in a sentence */
	int line;       /* of its [CODE] header */
};

struct letter_set {
	struct letter_tpl *v;
	size_t n, ncap;
	struct authority *auth;
	size_t nauth, nacap;
	char revision[41]; /* the legal commit read ("" from a folder) */
};

/* The placeholders a template may use, NULL-terminated (docs/letters.md
 * lists what each is filled with). */
extern const char *const letter_placeholders[];
int letter_placeholder_known(const char *name);

/* Read templates/ from files (other paths are ignored). pack (may be
 * NULL: not checked) is the rule pack the `rules` patterns must match.
 * Each mistake is appended to errors as "file:line: message\n"; then
 * *out is NULL and DK_EINVAL is returned ("templates: N errors"). No
 * templates at all is an empty set, not an error. */
int letters_load_files(const struct pack_file *files, size_t n, const struct rule_pack *pack,
		       struct letter_set **out, struct buf *errors);
/* The same from DIR/templates/ on disk (rules check). */
int letters_load_dir(const char *dir, const struct rule_pack *pack, struct letter_set **out, struct buf *errors);
void letter_set_free(struct letter_set *s);
const struct letter_tpl *letter_find(const struct letter_set *s, const char *name);
/* The authority for a jurisdiction: its own entry, else its country's
 * ("US-CA" -> "US"), else "*"; NULL when none. */
const struct authority *letter_authority(const struct letter_set *s, const char *jurisdiction);
/* Does template t apply to a duty of rule_id on a ticket of kind? */
int letter_matches(const struct letter_tpl *t, const char *rule_id, const char *kind);

/* The templates at the legal repository's HEAD (caller frees). A set
 * with errors is refused: DK_EINVAL naming `docket rules check`. */
int ws_letters(struct workspace *ws, struct letter_set **out);

/* Values for the placeholders. */
struct letter_vars {
	char **names;
	char **values;
	size_t n, cap;
};
void letter_vars_set(struct letter_vars *v, const char *name, const char *value);
const char *letter_vars_get(const struct letter_vars *v, const char *name);
void letter_vars_release(struct letter_vars *v);

/* Fill {{name}} in text from vars. A placeholder without a value is an
 * error (DK_EINVAL "... has no value ...", each missing name appended
 * to missing, comma-separated) unless keep_missing, which leaves it as
 * written for the agent to fill in $EDITOR. */
int letter_fill(const char *text, const struct letter_vars *vars, int keep_missing, char **out, struct buf *missing);
/* The first {{placeholder}} left in text, or NULL. */
const char *letter_unfilled(const char *text);

/* The workspace-wide values (sender_name, today, dpo_contact) and a
 * customer's (name, email, jurisdiction, its authority). */
void letter_vars_workspace(struct workspace *ws, struct letter_vars *v, dk_time now);
void letter_vars_customer(const struct letter_set *s, struct letter_vars *v, const char *name, const char *email,
			  const char *jurisdiction);

/* ---- letters on tickets */

/* A template the ticket's unsettled duties call for. */
struct letter_offer {
	const struct letter_tpl *tpl; /* points into the set */
	int64_t obligation_id;
	char *rule_id;
	char *duty;       /* the duty's kind: ack, notice, final */
	dk_time due;
};
/* The `reply` templates that the ticket's unsettled duties call for: a
 * template meeting kind K is offered for each unsettled duty of kind K
 * whose rule and ticket kind it matches; one meeting none for each
 * unsettled final duty it matches. In the duties' order, each template
 * once (its first duty). */
int letters_for_ticket(struct workspace *ws, const struct letter_set *s, int64_t ticket_id,
		       struct letter_offer **out, size_t *n);
void letter_offers_free(struct letter_offer *o, size_t n);

/* A letter composed for a ticket: the template filled for the ticket
 * (its customer, dates, the duty it meets, extension reasons, authority)
 * with extra (NAME=VALUE from the agent, may be NULL) taking precedence,
 * and the customer's last message quoted below. *obligation_id is the
 * duty the letter is for (0 when none). */
int letters_compose(struct workspace *ws, const struct letter_set *s, const struct letter_tpl *t, int64_t ticket_id,
		    const struct letter_vars *extra, int keep_missing, char **body, int64_t *obligation_id,
		    struct buf *missing);

/* What a sent letter records with its message (table letters). */
struct letter_ref {
	const char *tpl;         /* template name */
	const char *revision;    /* legal commit it was read from */
	const char *meets;       /* duty kind, or NULL */
	int64_t obligation_id;   /* the duty it is for, or 0 */
	const char *purpose;     /* LETTER_USE_* */
};

/* Inside the reply's transaction, after message msg_id of ticket_id was
 * written (its evidence already settled): a template meeting a final
 * duty meets obligation_id with the message as evidence; the letters
 * row records template, revision, the duty and whether this message met
 * it; an event "letter" on the ticket says so. *met: 1 when the duty is
 * now met by this message. */
int letters_record_reply_tx(struct workspace *ws, int64_t ticket_id, int64_t msg_id, int64_t customer_id,
			    int64_t outbox_id, const struct letter_ref *ref, dk_time at, int *met);

#endif
