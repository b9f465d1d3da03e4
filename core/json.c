/* json.c - records to JSON. */
#include "core/json.h"
#include "lib/text.h"

#include <stdlib.h>

json_t *json_time(dk_time t)
{
	if (t == DK_TIME_NONE)
		return json_null();
	char b[DK_TIME_BUFSZ];
	return json_string(dk_time_format(t, b));
}

json_t *json_str(const char *s) { return s ? json_string(s) : json_null(); }

/* json_string returns NULL for invalid UTF-8: keep the bytes visible
 * rather than dropping the field. */
static json_t *json_text(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (!j) {
		char *v = text_valid_utf8(s);
		j = json_string(v);
		free(v);
	}
	return j ? j : json_null();
}

json_t *json_agent(const struct agent *a)
{
	return json_pack("{s:o, s:o, s:s}", "login", json_str(a->login), "name", json_str(a->name), "role",
			 role_name(a->role));
}

json_t *json_customer(const struct customer *c)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:b, s:o}", "id", (json_int_t)c->id, "name",
			 json_text(c->name), "email", json_text(c->email), "jurisdiction", json_str(c->jurisdiction),
			 "created_at", json_time(c->created_at), "erased_at", json_time(c->erased_at), "legal_hold",
			 c->legal_hold, "hold_reason", json_text(c->hold_reason), "restricted", c->restricted,
			 "restrict_reason", json_text(c->restrict_reason));
}

json_t *json_ticket(const struct ticket *t)
{
	json_t *j = json_pack("{s:I, s:I, s:o, s:o, s:o, s:i, s:o, s:o, s:o, s:o, s:I, s:o}", "id", (json_int_t)t->id,
			      "customer_id", (json_int_t)t->customer_id, "subject", json_text(t->subject), "kind",
			      json_str(t->kind), "status", json_str(t->status), "priority", t->priority, "assignee",
			      json_str(t->assignee), "channel", json_str(t->channel), "created_at",
			      json_time(t->created_at), "updated_at", json_time(t->updated_at), "version",
			      (json_int_t)t->version, "due_at", json_time(t->next_due_at));
	if (t->jurisdiction)
		json_object_set_new(j, "jurisdiction", json_str(t->jurisdiction));
	if (t->customer_name)
		json_object_set_new(j, "customer_name", json_text(t->customer_name));
	return j;
}

json_t *json_message(const struct message *m)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:b, s:b, s:o}", "id", (json_int_t)m->id, "ticket_id",
			 (json_int_t)m->ticket_id, "direction", json_str(m->direction), "author", json_text(m->author),
			 "body", json_text(m->body), "created_at", json_time(m->created_at), "automated", m->automated,
			 "disclosed", m->disclosed, "disclosure_rule", json_str(m->disclosure_rule));
}

json_t *json_event(const struct event *e)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)e->id, "ticket_id",
			 (json_int_t)e->ticket_id, "at", json_time(e->at), "type", json_str(e->type), "actor",
			 json_str(e->actor), "detail", json_text(e->detail));
}

json_t *json_obligation(const struct obligation *o)
{
	json_t *steps = json_array();
	for (size_t i = 0; i < o->nsteps; i++)
		json_array_append_new(steps, json_pack("{s:i, s:o, s:b, s:o, s:o}", "n", o->steps[i].n, "text",
						       json_str(o->steps[i].text), "done",
						       o->steps[i].done_at != DK_TIME_NONE, "done_at",
						       json_time(o->steps[i].done_at), "done_by",
						       json_str(o->steps[i].done_by)));
	/* the evidence (store_obligation_evidence_load): what met it, what
	 * ticked each step */
	for (size_t i = 0; i < o->nsteps; i++)
		json_object_set_new(json_array_get(steps, i), "evidence", json_str(o->steps[i].evidence));
	json_t *j = json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			 "id", (json_int_t)o->id, "ticket_id", (json_int_t)o->ticket_id, "rule_id",
			 json_str(o->rule_id), "rules_rev", json_str(o->rules_rev), "duty", json_str(o->duty), "title",
			 json_str(o->title), "regime", json_str(o->regime), "source", json_str(o->source), "prompt", json_str(o->prompt), "extension",
			 json_str(o->extension), "extended", o->extended, "started_at", json_time(o->started_at),
			 "due_at", json_time(o->due_at), "extended_due_at", json_time(o->extended_due_at),
			 "paused_since", json_time(o->paused_since), "met_at", json_time(o->met_at), "status",
			 json_str(o->status), "note", json_text(o->note), "steps", steps);
	json_object_set_new(j, "met_by", json_str(o->met_by));
	return j;
}

json_t *json_acceptance(const struct acceptance *a)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)a->id, "customer_id",
			 (json_int_t)a->customer_id, "document", json_str(a->document), "revision",
			 json_str(a->revision), "accepted_at", json_time(a->accepted_at), "channel",
			 json_str(a->channel));
}

json_t *json_audit_row(const struct audit_row *r)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "seq", (json_int_t)r->seq, "at", json_time(r->at),
			 "actor", json_str(r->actor), "action", json_str(r->action), "object", json_str(r->object),
			 "detail", json_str(r->detail), "prev_hash", json_str(r->prev_hash), "hash", json_str(r->hash));
}
