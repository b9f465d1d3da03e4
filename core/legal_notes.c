/* legal_notes.c - the notes of legal_notes.h. */
#include "core/legal_notes.h"

#include "core/deadline.h"
#include "lib/util.h"

#include <string.h>

char *legal_no_rule_note(const struct rule_pack *p, const char *kind, const char *jurisdiction)
{
	const char *jur = jurisdiction && *jurisdiction ? jurisdiction : "?";
	if (!p)
		return xstrdup("no rule pack could be read; check with counsel");
	int for_kind = 0, covering = 0;
	for (size_t i = 0; i < rule_pack_count(p); i++) {
		const struct rule *r = rule_pack_get(p, i);
		if (!rule_applies_to(r, kind))
			continue;
		for_kind = 1;
		if (jurisdiction && rule_covers(r, jurisdiction))
			covering = 1;
	}
	if (!for_kind)
		return xasprintf("no rule in the pack applies to %s tickets", kind ? kind : "?");
	if (!covering)
		return xasprintf("no rule in the pack covers %s; check with counsel", jur);
	return xasprintf("no rule in the pack is in force for %s tickets from %s at receipt; check with counsel",
			 kind, jur);
}

static int counts_working_days(const struct rule *r)
{
	return r->roll || r->deadline.unit == RULE_UNIT_BUSINESS_DAYS ||
	       r->extension.unit == RULE_UNIT_BUSINESS_DAYS || r->ack.unit == RULE_UNIT_BUSINESS_DAYS;
}

char *legal_calendar_note(const struct rule *r, const struct calendar_set *cals, const char *jurisdiction)
{
	if (!r)
		return NULL;
	const char *code = r->calendar && !rule_calendar_is_establishment(r) ? r->calendar : jurisdiction;
	if (!code || !*code || !counts_working_days(r) || deadline_calendar(r, cals, jurisdiction))
		return NULL;
	return xasprintf("%s: no holiday calendar, weekends only", code);
}
