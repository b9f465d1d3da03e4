/* demo.h - a workspace full of realistic, deterministic demo data. */
#ifndef DOCKET_DEMO_H
#define DOCKET_DEMO_H

#include "core/workspace.h"

struct demo_opts {
	int64_t tickets;   /* default 300 */
	int64_t customers; /* default 120 */
	unsigned seed;     /* default 1 */
	dk_time now;       /* the demo's "now"; data spreads over 2 years before */
};

/* Fill an initialised, empty workspace (agents, customers in at least 8
 * jurisdictions, tickets of every kind and status with threads, notes,
 * automated replies, complaints at every stage, terms revisions and
 * acceptances). */
int demo_populate(struct workspace *ws, const struct demo_opts *o);

#endif
