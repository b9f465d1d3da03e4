/* duties.c - what settles a duty, and what may stop its clock (issue 12):
 * pauses only as the rule allows and never over a passed deadline;
 * resolving settles each duty with evidence, a waiver or by leaving it
 * open; replies and events settle the duties and steps they complete;
 * an extension brings the duty to tell the person of it. */
#include "core/obligations.h"
#include "core/obligations_impl.h"

#include "core/rules.h"
#include "data/store.h"
#include "lib/err.h"
#include "lib/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* pause_reasons: the vocabulary, model/vocab.h */

static dk_time due_of(const struct obligation *o)
{
	return o->extended_due_at != DK_TIME_NONE ? o->extended_due_at : o->due_at;
}

int obligation_unsettled(const struct obligation *o)
{
	return (!strcmp(o->status, "open") || !strcmp(o->status, "breached")) && o->met_at == DK_TIME_NONE;
}

const char *obligations_pause_reason(const char *detail, char *out, size_t n)
{
	out[0] = '\0';
	if (!detail)
		return out;
	size_t len = 0;
	while (detail[len] && (isalnum((unsigned char)detail[len]) || detail[len] == '-'))
		len++;
	for (const char *const *p = pause_reasons; *p; p++)
		if (strlen(*p) == len && !strncasecmp(detail, *p, len) && len < n) {
			memcpy(out, *p, len + 1);
			break;
		}
	return out;
}

/* The event that restarts a rule's clock when what the pause waits for
 * arrives (UK GDPR Art 12A: the identity or the fee asked for). */
static const char *restart_event(const char *reason)
{
	return !strcmp(reason, "identity") ? "identity-verified" : !strcmp(reason, "fee") ? "fee-paid" : NULL;
}

static int starts_at(const struct rule *r, const char *event)
{
	for (size_t i = 0; r && event && i < r->nstart_events; i++)
		if (!strcmp(r->start_events[i], event))
			return 1;
	return 0;
}

/* A rule allows a pause for reason when it lists it in `pauses`, or when
 * its clock starts again at what the pause waits for (`starts` names
 * identity-verified or fee-paid): the time does not run before it. */
static int allows(const struct rule *r, const char *reason)
{
	for (size_t i = 0; r && i < r->npauses; i++)
		if (!strcmp(r->pauses[i], reason))
			return 1;
	return starts_at(r, restart_event(reason));
}

static void join_list(struct buf *b, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s%s", i ? ", " : "", v[i]);
}

int obligations_pause(struct workspace *ws, int64_t ticket_id, const char *reason, dk_time at)
{
	struct obligation *ob;
	size_t n;
	int rc = store_obligation_list_ticket(ws->store, ticket_id, &ob, &n);
	if (rc)
		return rc;
	struct buf why = BUF_INIT;
	int paused = 0, duties = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct obligation *o = &ob[i];
		if (!obligation_unsettled(o) || strcmp(o->duty, "final"))
			continue;
		duties++;
		const struct rule *r = NULL;
		if ((rc = obligations_rule_of(ws, o, &r)))
			break;
		char d[DK_TIME_BUFSZ];
		struct buf allow = BUF_INIT;
		int id_restart = starts_at(r, "identity-verified"), fee_restart = starts_at(r, "fee-paid");
		if (r && (r->npauses || id_restart || fee_restart)) {
			buf_adds(&allow, "allows pauses for ");
			join_list(&allow, r->pauses, r->npauses);
			if (id_restart || fee_restart)
				buf_printf(&allow, "%s%s%s%s (its clock starts again when that arrives)",
					   r->npauses ? ", " : "", id_restart ? "identity" : "",
					   id_restart && fee_restart ? ", " : "", fee_restart ? "fee" : "");
			else
				buf_adds(&allow, " only");
		} else {
			buf_adds(&allow, r || !o->pausable ? "allows no pause" : "allows a pause");
		}
		buf_printf(&allow, " (%s)", o->source ? o->source : "no source");
		int overdue = !strcmp(o->status, "breached") || due_of(o) < at;
		int ok = *reason && (r ? allows(r, reason) : o->pausable);
		if (overdue || !ok) {
			if (why.len)
				buf_adds(&why, "; ");
			if (overdue)
				buf_printf(&why, "%s is overdue since %s and an overdue duty cannot be paused; it %s",
					   o->rule_id, dk_time_format(due_of(o), d), buf_str(&allow));
			else if (!*reason)
				buf_printf(&why, "give the reason (--reason): %s %s", o->rule_id, buf_str(&allow));
			else
				buf_printf(&why, "%s %s", o->rule_id, buf_str(&allow));
			buf_release(&allow);
			continue;
		}
		buf_release(&allow);
		if (o->paused_since != DK_TIME_NONE) {
			paused++;
			continue;
		}
		o->paused_since = at;
		paused++;
		rc = store_obligation_update(ws->store, o);
	}
	if (!rc && duties && !paused)
		rc = err_set(DK_EPERM, "ticket %lld: cannot pause the clock%s%s: %s", (long long)ticket_id,
			     *reason ? " for " : "", reason, buf_str(&why));
	if (!rc)
		rc = store_ticket_refresh_due(ws->store, ticket_id);
	buf_release(&why);
	obligations_free(ob, n);
	return rc;
}

int obligations_pause_state(struct workspace *ws, int64_t ticket_id, char *reason, size_t n, dk_time *since)
{
	*since = DK_TIME_NONE;
	reason[0] = '\0';
	struct obligation *ob;
	size_t nob;
	int rc = store_obligation_list_ticket(ws->store, ticket_id, &ob, &nob);
	if (rc)
		return rc;
	for (size_t i = 0; i < nob; i++)
		if (!strcmp(ob[i].status, "open") && ob[i].paused_since != DK_TIME_NONE &&
		    (*since == DK_TIME_NONE || ob[i].paused_since < *since))
			*since = ob[i].paused_since;
	obligations_free(ob, nob);
	if (*since == DK_TIME_NONE)
		return 0;
	struct event *ev;
	size_t nev;
	if ((rc = store_event_list(ws->store, ticket_id, &ev, &nev)))
		return rc;
	for (size_t i = 0; i < nev; i++)
		if (!strcmp(ev[i].type, "clock-paused") && ev[i].at <= *since)
			obligations_pause_reason(ev[i].detail, reason, n);
	events_free(ev, nev);
	return 0;
}

const char *obligation_evidence_label(const char *met_by, char *out, size_t n)
{
	if (!met_by || !strcmp(met_by, "unrecorded"))
		snprintf(out, n, "no evidence recorded");
	else if (!strncmp(met_by, "message:", 8))
		snprintf(out, n, "reply #%s", met_by + 8);
	else if (!strncmp(met_by, "event:", 6))
		snprintf(out, n, "event #%s", met_by + 6);
	else
		snprintf(out, n, "%s", met_by);
	return out;
}

/* ---- resolving */

static const struct resolve_choice *choice_for(const struct resolve_plan *p, int64_t oid)
{
	for (size_t i = 0; p && i < p->nchoices; i++)
		if (p->choices[i].obligation_id == oid)
			return &p->choices[i];
	return NULL;
}

static int find_message(const struct message *m, size_t nm, int64_t id, const struct message **out)
{
	for (size_t i = 0; i < nm; i++)
		if (m[i].id == id) {
			*out = &m[i];
			return 1;
		}
	return 0;
}

static void set_met(struct obligation *o, dk_time when)
{
	if (!strcmp(o->status, "open")) {
		free(o->status);
		o->status = xstrdup("met");
	}
	o->met_at = when;
	o->paused_since = DK_TIME_NONE;
}

static int meet_by_message(struct workspace *ws, int64_t ticket_id, struct obligation *o, const struct message *m,
			   size_t nm, int64_t msg_id)
{
	const struct message *msg;
	if (!find_message(m, nm, msg_id, &msg))
		return err_set(DK_EINVAL, "ticket %lld: message %lld is not one of its messages", (long long)ticket_id,
			       (long long)msg_id);
	if (strcmp(msg->direction, "out"))
		return err_set(DK_EINVAL, "message %lld is not an outbound message (it is %s)", (long long)msg_id,
			       !strcmp(msg->direction, "in") ? "inbound" : "an internal note");
	if (msg->created_at < o->started_at)
		return err_set(DK_EINVAL, "message %lld was sent before obligation %lld started", (long long)msg_id,
			       (long long)o->id);
	set_met(o, msg->created_at);
	char ev[48];
	snprintf(ev, sizeof(ev), "message:%lld", (long long)msg_id);
	int rc = store_obligation_update(ws->store, o);
	return rc ? rc : store_obligation_met_by_set(ws->store, o->id, ev);
}

int obligations_resolve(struct workspace *ws, int64_t ticket_id, const struct resolve_plan *plan, dk_time at)
{
	struct obligation *ob;
	size_t n;
	int rc = store_obligation_list_ticket(ws->store, ticket_id, &ob, &n);
	if (rc)
		return rc;
	struct message *m = NULL;
	size_t nm = 0;
	struct buf open = BUF_INIT;
	int nopen = 0;
	if ((rc = store_message_list(ws->store, ticket_id, &m, &nm)))
		goto out;
	for (size_t i = 0; i < n && !rc; i++) {
		struct obligation *o = &ob[i];
		if (!obligation_unsettled(o))
			continue;
		const struct resolve_choice *c = choice_for(plan, o->id);
		int action = c ? c->action
			       : plan && plan->met_by ? RESOLVE_MET_BY : plan && plan->keep_open ? RESOLVE_KEEP_OPEN
											    : RESOLVE_NONE;
		if (action == RESOLVE_MET_BY) {
			rc = meet_by_message(ws, ticket_id, o, m, nm, c ? c->message_id : plan->met_by);
		} else if (action == RESOLVE_WAIVE) {
			if (!c->reason || !*c->reason) {
				rc = err_set(DK_EINVAL, "obligation %lld: a waiver needs a reason", (long long)o->id);
				break;
			}
			if ((rc = ws_require_role(ws, ROLE_LEGAL, "obligation waive")))
				break;
			free(o->status);
			o->status = xstrdup("waived");
			free(o->note);
			o->note = xasprintf("waived by %s: %s", ws->login, c->reason);
			o->paused_since = DK_TIME_NONE;
			char obj[64];
			snprintf(obj, sizeof(obj), "obligation:%lld", (long long)o->id);
			if (!(rc = store_obligation_update(ws->store, o)))
				rc = ws_audit(ws, "obligation.waive", obj, "ticket=%lld rule=%s reason_bytes=%zu",
					      (long long)ticket_id, o->rule_id, strlen(c->reason));
		} else if (action == RESOLVE_NONE) {
			char d[DK_TIME_BUFSZ];
			buf_printf(&open, "%sobligation %lld (%s %s, %s %s)", nopen ? ", " : "", (long long)o->id, o->rule_id,
				   o->duty, strcmp(o->status, "breached") && due_of(o) >= at ? "due" : "OVERDUE since",
				   dk_time_format(due_of(o), d));
			nopen++;
		}
	}
	if (!rc && nopen)
		rc = err_set(DK_EPERM,
			     "ticket %lld: cannot resolve: %d open dut%s: %s; settle each: --met-by MSG (an outbound "
			     "message that met it), `docket obligation waive OID --reason T`, or --keep-open",
			     (long long)ticket_id, nopen, nopen == 1 ? "y" : "ies", buf_str(&open));
	if (!rc)
		rc = store_ticket_refresh_due(ws->store, ticket_id);
out:
	buf_release(&open);
	messages_free(m, nm);
	obligations_free(ob, n);
	return rc;
}

/* ---- evidence from replies and events */

/* The first outbound message at or after t, or NULL. */
static const struct message *first_out(const struct message *m, size_t nm, dk_time t)
{
	for (size_t i = 0; i < nm; i++)
		if (!strcmp(m[i].direction, "out") && m[i].created_at >= t)
			return &m[i];
	return NULL;
}

static const struct event *first_event(const struct event *ev, size_t nev, const char *type, dk_time t)
{
	const struct event *best = NULL;
	for (size_t i = 0; i < nev; i++)
		if (!strcmp(ev[i].type, type) && ev[i].at >= t && (!best || ev[i].at < best->at))
			best = &ev[i];
	return best;
}

/* What completes `what` ("reply" or an event type) after t: *when and
 * evidence set; 0 when nothing yet. */
static int evidence_one(const char *what, const struct message *m, size_t nm, const struct event *ev, size_t nev,
			dk_time t, dk_time *when, char *evidence, size_t n);

/* The earliest of a comma list ("reply,acknowledged"). */
static int evidence_for(const char *what, const struct message *m, size_t nm, const struct event *ev, size_t nev,
			dk_time t, dk_time *when, char *evidence, size_t n)
{
	int found = 0;
	while (*what) {
		size_t len = strcspn(what, ",");
		char item[40], e[48];
		dk_time w;
		snprintf(item, sizeof(item), "%.*s", (int)len, what);
		if (evidence_one(item, m, nm, ev, nev, t, &w, e, sizeof(e)) && (!found || w < *when)) {
			*when = w;
			snprintf(evidence, n, "%s", e);
			found = 1;
		}
		what += len;
		if (*what == ',')
			what++;
	}
	return found;
}

static int evidence_one(const char *what, const struct message *m, size_t nm, const struct event *ev, size_t nev,
			dk_time t, dk_time *when, char *evidence, size_t n)
{
	if (!strcmp(what, "reply")) {
		const struct message *msg = first_out(m, nm, t);
		if (!msg)
			return 0;
		*when = msg->created_at;
		snprintf(evidence, n, "message:%lld", (long long)msg->id);
		return 1;
	}
	const struct event *e = first_event(ev, nev, what, t);
	if (!e)
		return 0;
	*when = e->at;
	snprintf(evidence, n, "event:%lld", (long long)e->id);
	return 1;
}

int obligations_settle_evidence(struct workspace *ws, int64_t ticket_id)
{
	struct obligation *ob;
	size_t n;
	int rc = store_obligation_list_ticket(ws->store, ticket_id, &ob, &n);
	if (rc)
		return rc;
	struct message *m = NULL;
	struct event *ev = NULL;
	size_t nm = 0, nev = 0;
	int read = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct obligation *o = &ob[i];
		if (!obligation_unsettled(o))
			continue;
		const struct rule *r = NULL;
		if (strcmp(o->duty, "notice") && (rc = obligations_rule_of(ws, o, &r)))
			break;
		/* an ack duty from a rule's `ack` period has one step of its
		 * own; one from `duty = acknowledgement` has the rule's steps */
		int own_steps = r && (strcmp(o->duty, "ack") || r->ack_duty);
		if (!strcmp(o->duty, "final") && (!r || !r->nstep_done_by))
			continue; /* nothing in its rule completes a step */
		if (!read) {
			if ((rc = store_message_list(ws->store, ticket_id, &m, &nm)) ||
			    (rc = store_event_list(ws->store, ticket_id, &ev, &nev)))
				break;
			read = 1;
		}
		char evid[48];
		dk_time when;
		if (!strcmp(o->duty, "ack") || !strcmp(o->duty, "notice")) {
			/* the first outbound message after receipt (after the
			 * extension for a notice), or "acknowledged" */
			char e2[48];
			dk_time w2;
			int a = evidence_for("reply", m, nm, ev, nev, o->started_at, &when, evid, sizeof(evid));
			int b = !strcmp(o->duty, "ack") &&
				evidence_for("acknowledged", m, nm, ev, nev, o->started_at, &w2, e2, sizeof(e2));
			if (b && (!a || w2 < when)) {
				when = w2;
				memcpy(evid, e2, sizeof(evid));
			}
			if (!a && !b)
				continue;
			set_met(o, when);
			if ((rc = store_obligation_update(ws->store, o)) ||
			    (rc = store_obligation_met_by_set(ws->store, o->id, evid)))
				break;
			for (size_t k = 0; k < o->nsteps && !rc && !own_steps; k++)
				if (o->steps[k].done_at == DK_TIME_NONE &&
				    !(rc = store_obligation_step_set(ws->store, o->id, o->steps[k].n, when, ws->login)))
					rc = store_obligation_step_evidence_set(ws->store, o->id, o->steps[k].n, evid);
			if (!own_steps)
				continue;
		}
		for (size_t k = 0; k < o->nsteps && !rc; k++) {
			const char *what = rule_step_done_by(r, (size_t)o->steps[k].n - 1);
			if (!what || o->steps[k].done_at != DK_TIME_NONE)
				continue;
			if (!evidence_for(what, m, nm, ev, nev, o->started_at, &when, evid, sizeof(evid)))
				continue;
			if (!(rc = store_obligation_step_set(ws->store, o->id, o->steps[k].n, when, ws->login)))
				rc = store_obligation_step_evidence_set(ws->store, o->id, o->steps[k].n, evid);
		}
	}
	messages_free(m, nm);
	events_free(ev, nev);
	obligations_free(ob, n);
	return rc;
}

/* ---- the notice of an extension */

int obligations_add_notice(struct workspace *ws, const struct obligation *o, dk_time at)
{
	char d[DK_TIME_BUFSZ], e[DK_TIME_BUFSZ];
	static char step[] = "Tell the person of the extension and the reasons for it";
	struct obligation_step st = { .n = 1, .text = step, .done_at = DK_TIME_NONE };
	struct obligation nb = { 0 };
	nb.ticket_id = o->ticket_id;
	nb.rule_id = o->rule_id;
	nb.rules_rev = o->rules_rev;
	nb.duty = xstrdup("notice");
	nb.title = xasprintf("%s: tell the person of the extension", o->title ? o->title : o->rule_id);
	nb.regime = o->regime;
	nb.source = o->source;
	nb.prompt = xasprintf("The deadline was extended to %s. Tell the person of the extension, with the reasons, "
			      "within the first period (by %s): an outbound message meets this duty.",
			      dk_time_format(o->extended_due_at, e), dk_time_format(o->due_at, d));
	nb.extension = NULL;
	nb.pausable = 0;
	nb.started_at = at;
	nb.due_at = o->due_at;
	nb.extended_due_at = DK_TIME_NONE;
	nb.paused_since = DK_TIME_NONE;
	nb.met_at = DK_TIME_NONE;
	nb.status = xstrdup("open");
	nb.steps = &st;
	nb.nsteps = 1;
	int rc = store_obligation_insert(ws->store, &nb);
	free(nb.duty);
	free(nb.title);
	free(nb.prompt);
	free(nb.status);
	return rc;
}
