/* timeline.c - a ticket's events and due markers, in order, with days
 * since receipt. */
#include "core/timeline.h"
#include "core/obligations.h"

#include "lib/err.h"
#include "core/json.h"
#include "lib/util.h"
#include "data/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *timeline_state_name(enum timeline_state s)
{
	switch (s) {
	case TL_MET: return "met";
	case TL_MISSED: return "missed";
	case TL_PENDING: return "pending";
	case TL_OVERDUE: return "overdue";
	case TL_WAIVED: return "waived";
	default: return "";
	}
}

static dk_time due_of(const struct obligation *o)
{
	return o->extended_due_at != DK_TIME_NONE ? o->extended_due_at : o->due_at;
}

static const char *duty_label(const struct obligation *o)
{
	return o->duty && !strcmp(o->duty, "ack") ? "acknowledgement" : "final response";
}

static int item_cmp(const void *a, const void *b)
{
	const struct timeline_item *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind; /* events, then changes, then due markers */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void add_item(struct timeline *t, size_t *cap, enum timeline_kind kind, dk_time at, const char *type,
		     const char *label, enum timeline_state st, dk_time met)
{
	ARRAY_GROW(t->items, *cap, t->n + 1);
	struct timeline_item *it = &t->items[t->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->at = at;
	it->type = xstrdup(type);
	it->label = xstrdup(label);
	it->state = st;
	it->met_at = met;
	it->seq = t->n - 1;
}

/* The value of key=VALUE in an audit detail ("field=status old=open
 * new=pending"), or NULL. */
static char *detail_get(const char *detail, const char *key)
{
	size_t kl = strlen(key);
	for (const char *p = detail; p && *p;) {
		if (!strncmp(p, key, kl) && p[kl] == '=') {
			const char *v = p + kl + 1;
			return xstrndup(v, strcspn(v, " "));
		}
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	return NULL;
}

/* The ticket's field changes (ticket.set) and its customer's jurisdiction
 * changes since receipt (customer.rectify), from the audit trail: its
 * rows hold old and new values of these fields and never personal data. */
static int add_changes(struct workspace *ws, struct timeline *t, size_t *cap, int64_t customer_id)
{
	char objs[2][64];
	snprintf(objs[0], sizeof(objs[0]), "ticket:%lld", (long long)t->ticket_id);
	snprintf(objs[1], sizeof(objs[1]), "customer:%lld", (long long)customer_id);
	for (int k = 0; k < 2; k++) {
		struct audit_row *r = NULL;
		size_t n = 0, rcap = 0;
		/* by the object index: a prefix list would scan the whole trail */
		int rc = store_audit_exact(ws->store, objs[k], &r, &n, &rcap);
		if (rc) {
			audit_rows_free(r, n);
			return rc;
		}
		for (size_t i = 0; i < n; i++) {
			if (r[i].at < t->received)
				continue;
			if (strcmp(r[i].action, k ? "customer.rectify" : "ticket.set"))
				continue;
			char *field = detail_get(r[i].detail, "field");
			if (!field || (k && strcmp(field, "jurisdiction"))) {
				free(field);
				continue;
			}
			char *old = detail_get(r[i].detail, "old"), *new = detail_get(r[i].detail, "new");
			struct buf label = BUF_INIT;
			buf_printf(&label, "%s%s ", k ? "customer " : "", field);
			if (old && new)
				buf_printf(&label, "%s -> %s", strcmp(old, "-") ? old : "(none)",
					   strcmp(new, "-") ? new : "(none)");
			else
				buf_adds(&label, "changed"); /* a row from before values were recorded */
			buf_printf(&label, " (by %s)", r[i].actor);
			add_item(t, cap, TL_CHANGE, r[i].at, field, buf_str(&label), TL_NONE, DK_TIME_NONE);
			buf_release(&label);
			free(field);
			free(old);
			free(new);
		}
		audit_rows_free(r, n);
	}
	return 0;
}

int timeline_build(struct workspace *ws, int64_t ticket_id, dk_time now, struct timeline *t)
{
	memset(t, 0, sizeof(*t));
	t->ticket_id = ticket_id;
	t->now = now;
	t->final_due = DK_TIME_NONE;
	struct ticket tk;
	int rc = store_ticket_get(ws->store, ticket_id, &tk);
	if (rc)
		return rc;
	t->received = tk.created_at;
	int64_t customer_id = tk.customer_id;
	ticket_clear(&tk);
	struct event *ev = NULL;
	struct obligation *ob = NULL;
	size_t nev = 0, nob = 0, cap = 0;
	if ((rc = store_event_list(ws->store, ticket_id, &ev, &nev)) ||
	    (rc = store_obligation_list_ticket(ws->store, ticket_id, &ob, &nob)))
		goto out;
	if ((rc = store_obligation_evidence_load(ws->store, ob, nob)))
		goto out;
	char *used = xcalloc(nob + 1, 1);
	int64_t day0 = dk_local_days(ws->tz, t->received);
	for (size_t i = 0; i < nev; i++) {
		struct buf label = BUF_INIT;
		buf_adds(&label, ev[i].type);
		/* a letter from a template, a breach notice: which one */
		if ((!strcmp(ev[i].type, "letter") || !strcmp(ev[i].type, "breach-notice")) && ev[i].detail)
			buf_printf(&label, " %s", ev[i].detail);
		/* An event that met a duty says so: "acknowledged (due day 3, met)". */
		/* the evidence recorded on the duty names the event, or the
		 * message this "replied" event stands for */
		char evid[40];
		snprintf(evid, sizeof(evid), "event:%lld", (long long)ev[i].id);
		for (size_t k = 0; k < nob; k++) {
			if (used[k] || ob[k].met_at != ev[i].at || !ob[k].met_by || !strcmp(ob[k].status, "waived"))
				continue;
			if (strcmp(ob[k].met_by, evid) &&
			    !(!strcmp(ev[i].type, "replied") && !strncmp(ob[k].met_by, "message:", 8)))
				continue;
			used[k] = 1;
			char by[48];
			buf_printf(&label, " (%s: due day %lld, %s by %s)", ob[k].rule_id,
				   (long long)(dk_local_days(ws->tz, due_of(&ob[k])) - day0),
				   ob[k].met_at <= due_of(&ob[k]) ? "met" : "met late",
				   obligation_evidence_label(ob[k].met_by, by, sizeof(by)));
		}
		add_item(t, &cap, TL_EVENT, ev[i].at, ev[i].type, buf_str(&label), TL_NONE, DK_TIME_NONE);
		buf_release(&label);
	}
	for (size_t k = 0; k < nob; k++) {
		dk_time due = due_of(&ob[k]);
		if (t->final_due == DK_TIME_NONE || due > t->final_due)
			t->final_due = due;
		if (used[k])
			continue;
		enum timeline_state st;
		if (!strcmp(ob[k].status, "waived"))
			st = TL_WAIVED;
		else if (ob[k].met_at != DK_TIME_NONE) /* met, or breached and met late */
			st = ob[k].met_at <= due ? TL_MET : TL_MISSED;
		else if (!strcmp(ob[k].status, "waived"))
			st = TL_WAIVED;
		else if (!strcmp(ob[k].status, "breached") || due < now)
			st = TL_OVERDUE;
		else
			st = TL_PENDING;
		char label[512];
		snprintf(label, sizeof(label), "%s: %s due", ob[k].title ? ob[k].title : ob[k].rule_id, duty_label(&ob[k]));
		if (st == TL_MET || st == TL_MISSED) {
			char by[48];
			size_t l = strlen(label);
			snprintf(label + l, sizeof(label) - l, " (met by %s)",
				 obligation_evidence_label(ob[k].met_by, by, sizeof(by)));
		}
		add_item(t, &cap, TL_DUE, due, ob[k].rule_id, label, st, ob[k].met_at);
	}
	free(used);
	if ((rc = add_changes(ws, t, &cap, customer_id)))
		goto out;
	if (t->n)
		qsort(t->items, t->n, sizeof(*t->items), item_cmp);
	for (size_t i = 0; i < t->n; i++) {
		struct timeline_item *it = &t->items[i];
		it->day = (int)(dk_local_days(ws->tz, it->at) - day0);
		struct buf b = BUF_INIT;
		char d[32];
		buf_printf(&b, "day %-3d %s", it->day, it->label);
		switch (it->state) {
		case TL_PENDING: {
			int64_t left = dk_local_days(ws->tz, it->at) - dk_local_days(ws->tz, now);
			if (left > 0)
				buf_printf(&b, " - %lld day%s left", (long long)left, left == 1 ? "" : "s");
			else
				buf_printf(&b, " - %s left (today)", dk_duration_short(it->at - now, d, sizeof(d)));
			break;
		}
		case TL_OVERDUE:
			buf_printf(&b, " - OVERDUE by %s", dk_duration_short(now - it->at, d, sizeof(d)));
			break;
		case TL_MET:
			buf_printf(&b, " - met day %lld", (long long)(dk_local_days(ws->tz, it->met_at) - day0));
			break;
		case TL_MISSED:
			buf_printf(&b, " - missed, met late day %lld", (long long)(dk_local_days(ws->tz, it->met_at) - day0));
			break;
		case TL_WAIVED:
			buf_adds(&b, " - waived");
			break;
		default:
			break;
		}
		it->text = buf_detach(&b);
	}
out:
	events_free(ev, nev);
	obligations_free(ob, nob);
	if (rc)
		timeline_clear(t);
	return rc;
}

void timeline_clear(struct timeline *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->items[i].type);
		free(t->items[i].label);
		free(t->items[i].text);
	}
	free(t->items);
	t->items = NULL;
	t->n = 0;
}

json_t *timeline_json(const struct timeline *t)
{
	json_t *items = json_array();
	for (size_t i = 0; i < t->n; i++) {
		const struct timeline_item *it = &t->items[i];
		json_array_append_new(items, json_pack("{s:s, s:o, s:i, s:s, s:s, s:o, s:o, s:s}", "kind",
						       it->kind == TL_EVENT ? "event" : it->kind == TL_CHANGE ? "change" : "due", "at", json_time(it->at),
						       "day", it->day, "type", it->type, "label", it->label, "state",
						       it->state == TL_NONE ? json_null() : json_string(timeline_state_name(it->state)),
						       "met_at", json_time(it->met_at), "text", it->text));
	}
	return json_pack("{s:I, s:o, s:o, s:o, s:o}", "ticket_id", (json_int_t)t->ticket_id, "received",
			 json_time(t->received), "final_due", json_time(t->final_due), "now", json_time(t->now), "items",
			 items);
}
