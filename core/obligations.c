/* obligations.c - moving obligations with ticket events; checklist steps;
 * waivers. (Creating them from the rule pack: obligations_rules.c.) */
#include "core/obligations.h"
#include "core/obligations_impl.h"

#include "lib/err.h"
#include "lib/util.h"
#include "data/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_open(const struct obligation *o) { return !strcmp(o->status, "open"); }

static dk_time due_of(const struct obligation *o)
{
	return o->extended_due_at != DK_TIME_NONE ? o->extended_due_at : o->due_at;
}

static void set_status(struct obligation *o, const char *st)
{
	free(o->status);
	o->status = xstrdup(st);
}

/* The clock runs again: due times are recomputed from the rule with every
 * pause span of the ticket (deadline_apply_pauses); if the rule is gone
 * from the pack, the exact paused time is added. */
static int resume(struct workspace *ws, struct obligation *o, const char *jur, dk_time at, int *changed)
{
	if (o->paused_since == DK_TIME_NONE)
		return 0;
	int rc = obligations_redue(ws, o, jur, at);
	if (rc)
		return rc;
	o->paused_since = DK_TIME_NONE;
	*changed = 1;
	return 0;
}

int obligations_apply_event(struct workspace *ws, int64_t ticket_id, const char *type, dk_time at)
{
	struct obligation *ob;
	size_t n;
	int rc = store_obligation_list_ticket(ws->store, ticket_id, &ob, &n);
	if (rc)
		return rc;
	int extended = 0;
	char why[512] = "";
	char *jur = NULL;
	dk_time received = DK_TIME_NONE;
	unsigned flags = event_flags(type);
	{
		struct ticket t;
		if ((rc = store_ticket_get(ws->store, ticket_id, &t)))
			goto out;
		jur = t.jurisdiction ? xstrdup(t.jurisdiction) : NULL;
		received = t.created_at;
		ticket_clear(&t);
	}
	for (size_t i = 0; i < n && !rc; i++) {
		struct obligation *o = &ob[i];
		int changed = 0, ack = o->duty && !strcmp(o->duty, "ack");
		if (!is_open(o) && strcmp(o->status, "breached"))
			continue;
		/* acknowledged: obligations_settle_evidence (recording the
		 * event); resolved: obligations_resolve; clock-paused:
		 * obligations_pause (desk calls it with the reason) */
		if (!strcmp(o->duty, "notice"))
			continue;
		if ((flags & EVF_RESUME) && is_open(o)) {
			rc = resume(ws, o, jur, at, &changed);
			/* UK: the identity information received is a new start */
			int restarted = 0;
			if (!rc && (flags & EVF_START))
				rc = obligations_restart(ws, o, jur, received, &restarted);
			changed |= restarted;
		} else if ((flags & EVF_START) && is_open(o)) {
			rc = obligations_restart(ws, o, jur, received, &changed);
		} else if (event_is(type, EV_EXTENDED) && !ack && is_open(o)) {
			if (!o->extension || !*o->extension) {
				snprintf(why, sizeof(why), "rule %s allows no extension", o->rule_id);
			} else if (o->extended) {
				snprintf(why, sizeof(why), "the extension of rule %s was already used", o->rule_id);
			} else if (due_of(o) < at) {
				snprintf(why, sizeof(why), "the deadline of rule %s has passed", o->rule_id);
			} else {
				dk_time d = o->due_at;
				if ((rc = obligations_extend_due(ws, o, jur, &d)))
					break;
				o->extended_due_at = d;
				o->extended = 1;
				changed = 1;
				extended++;
				if ((rc = obligations_add_notice(ws, o, at)))
					break;
			}
		}
		if (changed)
			rc = store_obligation_update(ws->store, o);
	}
	if (!rc && event_is(type, EV_EXTENDED) && !extended)
		rc = err_set(DK_EPERM, "ticket %lld: cannot extend: %s", (long long)ticket_id,
			     *why ? why : "no open obligation with a deadline to extend");
	if (!rc && (flags & EVF_RESOLVE))
		rc = obligations_resolve(ws, ticket_id, NULL, at);
	if (!rc)
		rc = obligations_settle_evidence(ws, ticket_id);
	if (!rc)
		rc = store_ticket_refresh_due(ws->store, ticket_id);
out:
	free(jur);
	obligations_free(ob, n);
	return rc;
}

int obligations_mark_breached(struct workspace *ws, int64_t ticket_id, dk_time now, int *changed)
{
	return store_obligations_mark_breached(ws->store, ticket_id, now, changed);
}

static int step_tx(struct workspace *ws, int64_t oid, int n, int done, dk_time at)
{
	struct obligation o;
	int rc = store_obligation_get(ws->store, oid, &o);
	if (rc)
		return rc;
	if (n < 1 || (size_t)n > o.nsteps) {
		rc = err_set(DK_EINVAL, "obligation %lld: no step %d (it has %zu)", (long long)oid, n, o.nsteps);
		goto out;
	}
	if ((rc = store_obligation_step_set(ws->store, oid, n, done ? at : DK_TIME_NONE, ws->login)) ||
	    (rc = store_ticket_touch(ws->store, o.ticket_id, at, 0)))
		goto out;
	char obj[64];
	snprintf(obj, sizeof(obj), "obligation:%lld", (long long)oid);
	rc = ws_audit(ws, done ? "obligation.step.done" : "obligation.step.undone", obj, "ticket=%lld step=%d",
		      (long long)o.ticket_id, n);
out:
	obligation_clear(&o);
	return rc;
}

int obligation_step(struct workspace *ws, int64_t oid, int n, int done, dk_time at)
{
	int rc = ws_begin(ws);
	if (rc)
		return rc;
	if ((rc = step_tx(ws, oid, n, done, at))) {
		ws_rollback(ws);
		return rc;
	}
	return ws_commit(ws);
}

static int waive_tx(struct workspace *ws, int64_t oid, const char *reason, dk_time at)
{
	struct obligation o;
	int rc = store_obligation_get(ws->store, oid, &o);
	if (rc)
		return rc;
	if (strcmp(o.status, "open") && strcmp(o.status, "breached")) {
		rc = err_set(DK_EINVAL, "obligation %lld: already %s", (long long)oid, o.status);
		goto out;
	}
	set_status(&o, "waived");
	free(o.note);
	o.note = xasprintf("waived by %s: %s", ws->login, reason);
	o.met_at = DK_TIME_NONE;
	if ((rc = store_obligation_update(ws->store, &o)) || (rc = store_ticket_refresh_due(ws->store, o.ticket_id)) ||
	    (rc = store_ticket_touch(ws->store, o.ticket_id, at, 0)))
		goto out;
	char obj[64];
	snprintf(obj, sizeof(obj), "obligation:%lld", (long long)oid);
	rc = ws_audit(ws, "obligation.waive", obj, "ticket=%lld rule=%s reason_bytes=%zu", (long long)o.ticket_id,
		      o.rule_id, strlen(reason));
out:
	obligation_clear(&o);
	return rc;
}

int obligation_waive(struct workspace *ws, int64_t oid, const char *reason, dk_time at)
{
	int rc = ws_require_role(ws, ROLE_LEGAL, "obligation waive");
	if (rc)
		return rc;
	if (!reason || !*reason)
		return err_set(DK_EINVAL, "obligation waive: a reason is required");
	if ((rc = ws_begin(ws)))
		return rc;
	if ((rc = waive_tx(ws, oid, reason, at))) {
		ws_rollback(ws);
		return rc;
	}
	return ws_commit(ws);
}

void suggestions_free(struct suggestion *s, size_t n)
{
	for (size_t i = 0; s && i < n; i++) {
		free(s[i].rule_id);
		free(s[i].title);
		free(s[i].kind);
		free(s[i].phrase);
	}
	free(s);
}
