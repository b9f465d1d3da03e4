/* legal_notes.h - what docket says when the rule pack does not settle a
 * ticket: no rule covering the customer's jurisdiction, or deadlines
 * counted without a holiday calendar. Shared by `ticket show`, the TUI's
 * ticket view and `rules due`, so that they say the same. */
#ifndef DOCKET_LEGAL_NOTES_H
#define DOCKET_LEGAL_NOTES_H

#include "core/calendar.h"
#include "core/rules.h"

/* Why a ticket of kind from a customer in jurisdiction has no obligation,
 * as one line (heap; free() it):
 *   "no rule in the pack covers JP; check with counsel"  (rules exist for
 *       the kind, none covers the jurisdiction),
 *   "no rule in the pack applies to question tickets"    (none for the kind),
 *   "no rule in the pack is in force for ..."             (covered, not in force).
 * p NULL (no readable pack): "no rule pack could be read; check with counsel". */
char *legal_no_rule_note(const struct rule_pack *p, const char *kind, const char *jurisdiction);

/* When rule r counts working days (business days, or rolling off weekends
 * and holidays) and there is no holiday calendar for its calendar code
 * (the rule's `calendar` code, else jurisdiction: pass the code that
 * counts, deadline_calendar_code(), for `calendar = establishment`):
 * "ES: no holiday calendar, weekends only" (heap); else NULL. */
char *legal_calendar_note(const struct rule *r, const struct calendar_set *cals, const char *jurisdiction);

#endif
