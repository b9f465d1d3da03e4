/* demo.h - a realistic, deterministic history of the terms of service for
 * `docket demo`. */
#ifndef DOCKET_TERMS_DEMO_H
#define DOCKET_TERMS_DEMO_H

#include <stddef.h>

#include "lib/dtime.h"
#include "terms/legal.h"

/* Append at least 8 published revisions of terms/terms-of-service.md to
 * the repository (on top of its HEAD, normally the starter commit made
 * by legal_init with when <= start): clauses added, reworded, removed and
 * moved, commit times spread between start and end (and after HEAD's own
 * time), each commit with an "Effective:" trailer and some with
 * "Notice-Days:", from several authors. The same seed and inputs give the
 * same commits (ids included).
 *
 * *revs (may be NULL) receives every revision of the document, oldest
 * first, the starter one included, for acceptance records; free with
 * legal_revs_free(). On failure the branch is left at a published
 * revision (each step is one atomic publish). */
int legal_demo_history(struct legal_repo *r, dk_time start, dk_time end, unsigned seed, struct legal_rev **revs,
		       size_t *nrevs);

#endif
