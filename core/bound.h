/* bound.h - who is bound by which revision of a document: one pass over
 * every customer (store_customer_foreach, streamed) with the which-model
 * and the acceptances, for the TUI's terms browser. The answer per
 * customer is the same as `docket terms which --all`. */
#ifndef DOCKET_BOUND_H
#define DOCKET_BOUND_H

#include <stddef.h>
#include <stdint.h>

#include "lib/dtime.h"

struct workspace;
struct which_model;

struct terms_bound {
	size_t nrevs;     /* revisions of the model (oldest first) */
	int64_t *count;   /* customers bound per model revision index */
	int64_t none;     /* customers bound by no revision */
	int64_t total;    /* customers seen */
	/* customer ids (ascending) per revision: ids[start[i] .. start[i+1]),
	 * 8 bytes a customer; no customer record is kept */
	int64_t *ids;
	size_t *start;    /* nrevs + 1 entries */
};

/* Scan every customer at time `at` for document doc (NULL:
 * terms-of-service) with model m (terms/inforce.h terms_model). On
 * failure (database) *out is left empty and the code returned. Free with
 * terms_bound_clear. */
int terms_bound_scan(struct workspace *ws, const struct which_model *m, const char *doc, dk_time at,
		     struct terms_bound *out);
void terms_bound_clear(struct terms_bound *b);

#endif
