/* obligations_impl.h - what the two files of the obligations module share:
 * obligations.c (duties' state) calls into obligations_rules.c (the rule
 * pack's arithmetic). Not for other modules. */
#ifndef DOCKET_OBLIGATIONS_IMPL_H
#define DOCKET_OBLIGATIONS_IMPL_H

#include "lib/dtime.h"

struct workspace;
struct obligation;
struct rule;

/* Period arithmetic for an extension ("2 months", "45 days") from due,
 * implemented with the deadline module in obligations_rules.c. */
int obligations_extend_due(struct workspace *ws, const struct obligation *o, const char *jurisdiction,
			   dk_time *due);
/* Recompute due times from the rule after the clock resumed. */
int obligations_redue(struct workspace *ws, struct obligation *o, const char *jurisdiction, dk_time at);
/* Restart an open duty whose rule starts at an event (aware,
 * identity-verified, fee-paid) from the ticket's events, received being
 * the ticket's receipt; *changed says whether its start moved. */
int obligations_restart(struct workspace *ws, struct obligation *o, const char *jurisdiction, dk_time received,
			int *changed);

/* The rule an obligation was created under, from the pack at its
 * revision; *r NULL (not an error) when that rule is gone. */
int obligations_rule_of(struct workspace *ws, const struct obligation *o, const struct rule **r);

/* After an extension of o at `at`: the duty to tell the person of it,
 * with reasons, due at the original deadline (core/duties.c). */
int obligations_add_notice(struct workspace *ws, const struct obligation *o, dk_time at);

#endif
