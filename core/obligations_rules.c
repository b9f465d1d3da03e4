/* obligations_rules.c - obligations from the rule pack: creating them for
 * a ticket, recomputing due times after pauses and extensions (always
 * with the pack at the revision the obligation was created under),
 * disclosure duties for automated replies, and suggestions. */
#include "core/obligations.h"
#include "core/obligations_impl.h"

#include "core/classify.h"
#include "core/deadline.h"
#include "core/facts.h"
#include "lib/err.h"
#include "core/rules.h"
#include "lib/util.h"
#include "data/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int strv_contains(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

static int has_rule(const struct obligation *ob, size_t n, const char *rule_id, const char *duty)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ob[i].rule_id, rule_id) && !strcmp(ob[i].duty, duty))
			return 1;
	return 0;
}

/* A rule with `duty = acknowledgement` (ccpa-ack) is an acknowledgement
 * duty in itself: the "acknowledged" event meets it. */
static int rule_is_ack(const struct rule *r) { return r->ack_duty; }

/* from_ack_key: the duty comes from the rule's `ack` period (a second,
 * acknowledgement duty beside its deadline). */
static int snapshot(struct workspace *ws, const struct rule *r, int64_t ticket_id, const char *duty,
		    int from_ack_key, dk_time start, dk_time due, char *calnote)
{
	struct obligation o = { 0 };
	o.ticket_id = ticket_id;
	o.rule_id = r->id;
	o.rules_rev = ws->rules_rev;
	o.duty = xstrdup(duty);
	o.title = r->title;
	o.regime = r->regime;
	o.source = r->source;
	char *prompt = calnote ? xasprintf("%s %s", r->prompt, calnote) : NULL;
	o.prompt = prompt ? prompt : r->prompt;
	int ack = from_ack_key;
	o.extension = ack ? NULL : r->extension_text;
	o.pausable = !ack && r->npauses > 0;
	o.started_at = start;
	o.due_at = due;
	o.extended_due_at = DK_TIME_NONE;
	o.paused_since = DK_TIME_NONE;
	o.met_at = DK_TIME_NONE;
	o.status = xstrdup("open");
	struct obligation_step *steps = NULL;
	if (!ack && r->nsteps) {
		steps = xcalloc(r->nsteps, sizeof(*steps));
		for (size_t i = 0; i < r->nsteps; i++) {
			steps[i].n = (int)i + 1;
			steps[i].text = r->steps[i];
			steps[i].done_at = DK_TIME_NONE;
		}
		o.steps = steps;
		o.nsteps = r->nsteps;
	} else if (ack) {
		static char ack_step[] = "Acknowledge receipt to the customer";
		steps = xcalloc(1, sizeof(*steps));
		steps[0].n = 1;
		steps[0].text = ack_step;
		steps[0].done_at = DK_TIME_NONE;
		o.steps = steps;
		o.nsteps = 1;
	}
	int rc = store_obligation_insert(ws->store, &o);
	free(prompt);
	free(calnote);
	free(steps);
	free(o.duty);
	free(o.status);
	return rc;
}

/* For a rule that counts the business's holidays (`calendar =
 * establishment`): which calendar was used, added to the prompt. NULL for
 * other rules. */
static char *cal_note(struct workspace *ws, const struct rule *r, const struct calendar_set *cals, const char *code)
{
	if (!rule_calendar_is_establishment(r))
		return NULL;
	const struct calendar *c = calendar_set_find(cals, code);
	const char *est = ws_config(ws, "establishment", NULL);
	/* short: it ends the prompt on the ticket */
	if (r->calendar_within && !rule_code_within(est, r->calendar_within))
		return est && *est ? xasprintf("(Holidays of %s: the establishment %s is outside %s.)", code, est,
					       r->calendar_within)
				   : xasprintf("(Holidays of %s: no establishment set.)", code);
	if (est && *est)
		return c ? xasprintf("(Holidays of %s, the establishment.)", calendar_code(c))
			 : xasprintf("(No holiday calendar for the establishment %s: weekends only.)", est);
	return c ? xasprintf("(Holidays of %s: no establishment set.)", calendar_code(c))
		 : xasprintf("(No holiday calendar for %s, no establishment set: weekends only.)",
			     code && *code ? code : "the customer");
}

dk_time obligations_aware_at(struct workspace *ws, int64_t ticket_id)
{
	struct event *ev;
	size_t nev;
	dk_time first = DK_TIME_NONE;
	if (store_event_list(ws->store, ticket_id, &ev, &nev)) {
		err_clear();
		return first;
	}
	for (size_t i = 0; i < nev; i++)
		if (event_is(ev[i].type, EV_AWARE) && (first == DK_TIME_NONE || ev[i].at < first))
			first = ev[i].at;
	events_free(ev, nev);
	return first;
}

/* Does the rule's clock depend on events other than receipt? */
static int starts_on_events(const struct rule *r)
{
	return rule_starts_on(r, "aware") || rule_starts_on(r, "identity-verified") || rule_starts_on(r, "fee-paid");
}

static dk_time first_event(const struct event *ev, size_t n, const char *type)
{
	dk_time first = DK_TIME_NONE;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ev[i].type, type) && (first == DK_TIME_NONE || ev[i].at < first))
			first = ev[i].at;
	return first;
}

/* When a rule's clock starts, from the ticket's events (ev may be NULL
 * when the rule needs none). `starts = aware`: the first "aware" event,
 * else receipt. Then the latest of that and the first of each other
 * listed event that happened: `starts = received, identity-verified,
 * fee-paid` is the UK "relevant time" (DPA 2018 s.54(3), UK GDPR Art 12A),
 * the latest of receipt, of the identity information asked for and of the
 * fee: a new start, not a pause. */
static dk_time start_of(const struct rule *r, dk_time received, const struct event *ev, size_t nev)
{
	dk_time start = received;
	if (rule_starts_on(r, "aware")) {
		dk_time a = first_event(ev, nev, "aware");
		if (a != DK_TIME_NONE)
			start = a;
	}
	static const char *const later[] = { "identity-verified", "fee-paid" };
	for (size_t k = 0; k < sizeof(later) / sizeof(later[0]); k++) {
		if (!rule_starts_on(r, later[k]))
			continue;
		dk_time t = first_event(ev, nev, later[k]);
		if (t != DK_TIME_NONE && t > start)
			start = t;
	}
	return start;
}

/* The code whose calendar counts for r (the establishment's for
 * `calendar = establishment`, when the workspace sets one). */
static const char *cal_code(struct workspace *ws, const struct rule *r, const char *customer)
{
	return deadline_calendar_code(r, customer, ws_config(ws, "establishment", NULL));
}

int obligations_evaluate(struct workspace *ws, int64_t ticket_id, dk_time at, int *created)
{
	if (created)
		*created = 0;
	struct rule_pack *pack;
	int rc = ws_rules(ws, &pack);
	if (rc)
		return rc;
	struct ticket t;
	if ((rc = store_ticket_get(ws->store, ticket_id, &t)))
		return rc;
	struct obligation *ob = NULL;
	size_t nob = 0;
	const struct rule **rules = NULL;
	size_t nr = 0;
	if ((rc = store_obligation_list_ticket(ws->store, ticket_id, &ob, &nob)))
		goto out;
	/* The clock starts at receipt (the ticket's creation), also for a
	 * duty found later by reclassifying the ticket: the request was
	 * received then. Rules with `starts = aware` (a breach: "72 hours
	 * after becoming aware") start at the first "aware" event when the
	 * ticket has one, else at receipt too; rules that start at identity
	 * or fee (UK) at the latest of receipt and those events (start_of). */
	dk_time received = t.created_at;
	struct event *ev = NULL;
	size_t nev = 0;
	int ev_read = 0; /* events are read only for such a rule */
	int made = 0;
	rule_pack_match(pack, t.kind, t.jurisdiction, t.created_at, ws->tz, &rules, &nr);
	const struct calendar_set *cals = rule_pack_calendars(pack);
	for (size_t i = 0; i < nr && !rc; i++) {
		const struct rule *r = rules[i];
		/* a rule that binds only regulated firms the workspace is not
		 * (config regulated) creates nothing; the ticket view says so.
		 * Duties it created earlier stay (they are kept below). */
		if (ws_rule_missing_fact(ws, r))
			continue;
		if (starts_on_events(r) && !ev_read) {
			if (store_event_list(ws->store, ticket_id, &ev, &nev)) {
				err_clear();
				ev = NULL;
				nev = 0;
			}
			ev_read = 1;
		}
		dk_time due, start = start_of(r, received, ev, nev);
		const char *duty = rule_is_ack(r) ? "ack" : "final";
		const char *cj = cal_code(ws, r, t.jurisdiction);
		if (r->deadline.unit != RULE_UNIT_NONE && !has_rule(ob, nob, r->id, duty)) {
			if ((rc = deadline_compute(r, cals, cj, ws->tz, start, &due)))
				break;
			if ((rc = snapshot(ws, r, ticket_id, duty, 0, start, due, cal_note(ws, r, cals, cj))))
				break;
			made++;
			if (created)
				(*created)++;
		}
		if (r->ack.unit != RULE_UNIT_NONE && !rule_is_ack(r) && !has_rule(ob, nob, r->id, "ack")) {
			if ((rc = deadline_ack(r, cals, cj, ws->tz, start, &due)))
				break;
			if ((rc = snapshot(ws, r, ticket_id, "ack", 1, start, due, NULL)))
				break;
			made++;
			if (created)
				(*created)++;
		}
	}
	/* Open duties whose rule no longer applies (the ticket was
	 * reclassified, or the customer moved) are waived, with the reason. */
	for (size_t k = 0; k < nob && !rc; k++) {
		if (strcmp(ob[k].status, "open"))
			continue;
		int still = 0;
		for (size_t i = 0; i < nr; i++)
			if (!strcmp(rules[i]->id, ob[k].rule_id))
				still = 1;
		if (still)
			continue;
		free(ob[k].status);
		ob[k].status = xstrdup("waived");
		free(ob[k].note);
		ob[k].note = xasprintf("no longer applies: ticket is now %s from %s", t.kind, t.jurisdiction);
		rc = store_obligation_update(ws->store, &ob[k]);
	}
	/* a new acknowledgement duty may already be met by a reply sent
	 * before the ticket was reclassified */
	if (!rc && made && at != t.created_at) /* on receipt there is none yet */
		rc = obligations_settle_evidence(ws, ticket_id);
	if (!rc)
		rc = store_ticket_refresh_due(ws->store, ticket_id);
out:
	events_free(ev, nev);
	free(rules);
	obligations_free(ob, nob);
	ticket_clear(&t);
	return rc;
}

/* The rule an obligation was created under, from the pack at its
 * revision; NULL (not an error) when that rule is gone. */
static int rule_of(struct workspace *ws, const struct obligation *o, const struct rule **r,
		   const struct calendar_set **cals)
{
	struct rule_pack *pack;
	int rc = ws_rules_at(ws, o->rules_rev, &pack);
	if (rc)
		return rc;
	*r = rule_pack_find(pack, o->rule_id);
	*cals = rule_pack_calendars(pack);
	return 0;
}

/* The ticket's clock pauses, from its events: clock-paused opens a span,
 * clock-resumed or identity-verified closes it. */
static int pause_spans(struct workspace *ws, const struct rule *r, int64_t ticket_id, struct dk_span **out,
		       size_t *n)
{
	struct event *ev;
	size_t nev, cap = 0;
	*out = NULL;
	*n = 0;
	if (!r->npauses) /* the rule lets nothing pause its clock */
		return 0;
	int rc = store_event_list(ws->store, ticket_id, &ev, &nev);
	if (rc)
		return rc;
	int open = 0;
	for (size_t i = 0; i < nev; i++) {
		char why[32];
		const char *reason = obligations_pause_reason(ev[i].detail, why, sizeof(why));
		if ((event_flags(ev[i].type) & EVF_PAUSE) && !open && *reason &&
		    !strv_contains(r->pauses, r->npauses, reason))
			continue; /* a pause this rule does not allow */
		if ((event_flags(ev[i].type) & EVF_PAUSE) && !open) {
			ARRAY_GROW(*out, cap, *n + 1);
			(*out)[(*n)++] = (struct dk_span){ ev[i].at, DK_TIME_NONE };
			open = 1;
		} else if ((event_flags(ev[i].type) & EVF_RESUME) && open) {
			(*out)[*n - 1].to = ev[i].at;
			open = 0;
		}
	}
	events_free(ev, nev);
	return 0;
}

int obligations_rule_of(struct workspace *ws, const struct obligation *o, const struct rule **r)
{
	const struct calendar_set *cals;
	return rule_of(ws, o, r, &cals);
}

int obligations_redue(struct workspace *ws, struct obligation *o, const char *jurisdiction, dk_time at)
{
	const struct rule *r;
	const struct calendar_set *cals;
	int rc = rule_of(ws, o, &r, &cals);
	if (rc)
		return rc;
	if (!r) { /* the rule is gone from the pack: add the exact paused time */
		dk_time span = at > o->paused_since ? at - o->paused_since : 0;
		o->due_at += span;
		if (o->extended_due_at != DK_TIME_NONE)
			o->extended_due_at += span;
		return 0;
	}
	struct dk_span *sp;
	size_t n;
	if ((rc = pause_spans(ws, r, o->ticket_id, &sp, &n)))
		return rc;
	jurisdiction = cal_code(ws, r, jurisdiction);
	dk_time due;
	rc = deadline_apply_pauses(r, cals, jurisdiction, ws->tz, o->started_at, sp, n, &due);
	if (!rc && due != DK_TIME_NONE)
		o->due_at = due;
	if (!rc && o->extended && due != DK_TIME_NONE &&
	    !(rc = deadline_extend(r, cals, jurisdiction, ws->tz, o->started_at, sp, n, &due)))
		o->extended_due_at = due;
	free(sp);
	return rc;
}

int obligations_restart(struct workspace *ws, struct obligation *o, const char *jurisdiction, dk_time received,
			int *changed)
{
	const struct rule *r;
	const struct calendar_set *cals;
	*changed = 0;
	int rc = rule_of(ws, o, &r, &cals);
	if (rc || !r || !starts_on_events(r))
		return rc;
	struct event *ev;
	size_t nev;
	if ((rc = store_event_list(ws->store, o->ticket_id, &ev, &nev)))
		return rc;
	dk_time start = start_of(r, received, ev, nev);
	events_free(ev, nev);
	if (start == o->started_at)
		return 0;
	o->started_at = start;
	*changed = 1;
	return obligations_redue(ws, o, jurisdiction, start);
}

int obligations_extend_due(struct workspace *ws, const struct obligation *o, const char *jurisdiction, dk_time *due)
{
	const struct rule *r;
	const struct calendar_set *cals;
	int rc = rule_of(ws, o, &r, &cals);
	if (rc)
		return rc;
	if (!r)
		return err_set(DK_EPERM, "rule %s: no longer in the rule pack at %.10s", o->rule_id,
			       o->rules_rev ? o->rules_rev : "?");
	struct dk_span *sp;
	size_t n;
	if ((rc = pause_spans(ws, r, o->ticket_id, &sp, &n)))
		return rc;
	rc = deadline_extend(r, cals, cal_code(ws, r, jurisdiction), ws->tz, o->started_at, sp, n, due);
	free(sp);
	if (!rc && *due == DK_TIME_NONE)
		rc = err_set(DK_EPERM, "rule %s: the clock is paused; resume it before extending", o->rule_id);
	return rc;
}

int obligations_disclosure_rule(struct workspace *ws, const struct customer *c, dk_time at, char **rule_id)
{
	*rule_id = NULL;
	struct rule_pack *pack;
	int rc = ws_rules(ws, &pack);
	if (rc)
		return rc;
	const struct rule **rules;
	size_t n;
	rule_pack_match(pack, RULE_AUTOMATED_REPLY, c->jurisdiction, at, ws->tz, &rules, &n);
	for (size_t i = 0; i < n && !*rule_id; i++)
		if (!ws_rule_missing_fact(ws, rules[i]))
			*rule_id = xstrdup(rules[i]->id);
	free(rules);
	return 0;
}

int obligations_suggest(struct workspace *ws, int64_t ticket_id, struct suggestion **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct rule_pack *pack;
	/* Suggestions are a help, not a duty: a missing pack shows none. */
	if (ws_rules(ws, &pack))
		return 0;
	struct ticket t;
	int rc = store_ticket_get(ws->store, ticket_id, &t);
	if (rc)
		return rc;
	struct message *m;
	size_t nm, cap = 0;
	if ((rc = store_message_list(ws->store, ticket_id, &m, &nm))) {
		ticket_clear(&t);
		return rc;
	}
	for (size_t i = 0; i < nm; i++) {
		if (strcmp(m[i].direction, "in"))
			continue;
		/* normalised phrases of every language (core/classify.h); the
		 * rule named is one of the kind that covers the customer, else
		 * the rule whose phrase matched */
		struct classification *cl;
		size_t ncl;
		classify_text(pack, m[i].body, &cl, &ncl);
		for (size_t k = 0; k < ncl; k++) {
			if (!strcmp(cl[k].kind, t.kind))
				continue;
			int dup = 0;
			for (size_t j = 0; j < *n; j++)
				if (!strcmp((*out)[j].kind, cl[k].kind))
					dup = 1;
			if (dup)
				continue;
			const struct rule *r = cl[k].rule, **match;
			size_t nmatch;
			rule_pack_match(pack, cl[k].kind, t.jurisdiction, t.created_at, ws->tz, &match, &nmatch);
			if (nmatch)
				r = match[0];
			free(match);
			ARRAY_GROW(*out, cap, *n + 1);
			struct suggestion *s = &(*out)[(*n)++];
			s->rule_id = xstrdup(r->id);
			s->title = xstrdup(r->title ? r->title : r->id);
			s->kind = xstrdup(cl[k].kind);
			/* a concept phrase says little by itself: the text's own
			 * words first, then the concepts they stand for */
			s->phrase = classify_is_concept(cl[k].phrase) ? xasprintf("%s (%s)", cl[k].text, cl[k].phrase)
								   : xstrdup(cl[k].phrase);
		}
		classifications_free(cl, ncl);
	}
	messages_free(m, nm);
	ticket_clear(&t);
	return 0;
}
