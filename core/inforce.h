/* inforce.h - the terms revision in force for a customer, over the
 * workspace's legal repository and database (for ticket show, the TUI and
 * `terms which`). */
#ifndef DOCKET_INFORCE_H
#define DOCKET_INFORCE_H

#include <stdint.h>

#include "model/model.h"
#include "core/which.h"

struct workspace;
struct legal_rev;

/* The revisions of doc (default terms-of-service) on main, newest first,
 * as legal_log() gives them, served from the database cache while HEAD
 * has not moved (core/legal_cache.h). An unknown document gives 0 rows. */
int terms_log(struct workspace *ws, const char *doc, struct legal_rev **out, size_t *n);

/* The which-model of document doc ("terms-of-service" when NULL) built
 * from its revisions on main; *revs / *n (may be NULL) receive the log,
 * newest first. DK_ENOTFOUND "terms/DOC.md: no such document" when the
 * document has no revision. Free with which_model_free/legal_revs_free. */
int terms_model(struct workspace *ws, const char *doc, struct which_model **out, struct legal_rev **revs,
		size_t *n);

struct letter_row;
/* A letter that is a notice of new terms (`terms notify`) accepted for
 * delivery, as the which-model takes it (notice = 1): 1 and *out set, or 0
 * for any other letter (queued, bounced, no revision). */
int terms_notice_given(const struct letter_row *l, struct which_acceptance *out);

/* The answer for customer c at `at` (reads c's acceptances of doc, and
 * the notices of it accepted for delivery). */
int terms_which_customer(struct workspace *ws, const struct which_model *m, const struct customer *c,
			 const char *doc, dk_time at, struct which_answer *out);

/* All in one: the revision of doc that bound customer customer_id at
 * `at`. DK_ENOTFOUND for an unknown customer or document. */
int terms_customer_in_force(struct workspace *ws, int64_t customer_id, const char *doc, dk_time at,
			    struct which_answer *out);

#endif
