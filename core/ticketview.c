/* ticketview.c - load and present one ticket. */
#include "core/ticketview.h"

#include "data/store_mail.h"

#include "lib/err.h"
#include "core/json.h"
#include "core/deadline.h"
#include "core/legal_notes.h"
#include "lib/util.h"
#include "data/store.h"

#include <stdlib.h>
#include <string.h>

static dk_time effective_due(const struct obligation *o)
{
	return o->extended_due_at != DK_TIME_NONE ? o->extended_due_at : o->due_at;
}

static int prompt_cmp(const void *a, const void *b)
{
	dk_time x = ((const struct prompt *)a)->due, y = ((const struct prompt *)b)->due;
	return x < y ? -1 : x > y;
}

int ticket_view_load(struct workspace *ws, int64_t id, dk_time now, struct ticket_view *v)
{
	memset(v, 0, sizeof(*v));
	v->now = now;
	int rc = store_ticket_get(ws->store, id, &v->ticket);
	if (rc)
		return rc;
	if ((rc = store_customer_get(ws->store, v->ticket.customer_id, &v->customer)) ||
	    (rc = store_message_list(ws->store, id, &v->messages, &v->nmessages)) ||
	    (rc = store_event_list(ws->store, id, &v->events, &v->nevents)) ||
	    (rc = store_obligation_list_ticket(ws->store, id, &v->obligations, &v->nobligations)) ||
	    (rc = store_obligation_evidence_load(ws->store, v->obligations, v->nobligations)))
		goto fail;
	v->delivery = xcalloc(v->nmessages + 1, sizeof(char *));
	{
		struct outbox_row *o;
		size_t no;
		if ((rc = store_outbox_list(ws->store, NULL, id, &o, &no)))
			goto fail;
		for (size_t k = 0; k < no; k++)
			for (size_t i = 0; i < v->nmessages; i++)
				if (v->messages[i].id == o[k].message_row && !v->delivery[i]) {
					v->delivery[i] = o[k].status;
					o[k].status = NULL;
				}
		outbox_rows_free(o, no);
	}
	v->prompts = xcalloc(v->nobligations + 1, sizeof(*v->prompts));
	for (size_t i = 0; i < v->nobligations; i++) {
		const struct obligation *o = &v->obligations[i];
		if (!obligation_unsettled(o)) /* met (late), waived */
			continue;
		struct prompt *p = &v->prompts[v->nprompts++];
		p->ob = o;
		p->due = effective_due(o);
		p->left = p->due - now;
		for (size_t k = 0; k < o->nsteps; k++)
			if (o->steps[k].done_at == DK_TIME_NONE) {
				p->next_step = o->steps[k].text;
				p->next_step_n = o->steps[k].n;
				break;
			}
	}
	qsort(v->prompts, v->nprompts, sizeof(*v->prompts), prompt_cmp);
	/* What the pack leaves open; a pack that cannot be read is said so,
	 * and must not hide the ticket. */
	{
		struct rule_pack *pack = NULL;
		if (ws_rules(ws, &pack))
			pack = NULL;
		const char *est = ws_config(ws, "establishment", NULL);
		for (size_t i = 0; pack && i < v->nprompts; i++) {
			const struct rule *r = rule_pack_find(pack, v->prompts[i].ob->rule_id);
			v->prompts[i].calendar_note =
				legal_calendar_note(r, rule_pack_calendars(pack),
						    deadline_calendar_code(r, v->ticket.jurisdiction, est));
		}
		if (!v->nobligations)
			v->no_rule_note = legal_no_rule_note(pack, v->ticket.kind, v->ticket.jurisdiction);
	}
	if ((rc = obligations_suggest(ws, id, &v->suggestions, &v->nsuggestions)))
		goto fail;
	/* Terms are shown when they can be read; a broken legal repository
	 * must not hide the ticket. */
	{
		if (terms_in_force(ws, &v->customer, NULL, v->ticket.created_at, &v->terms_created) ||
		    terms_in_force(ws, &v->customer, NULL, now, &v->terms_now))
			v->terms_error = xstrdup(err_msg());
	}
	return 0;
fail:
	ticket_view_clear(v);
	return rc;
}

void terms_in_force_clear(struct terms_in_force *t)
{
	free(t->revision);
	free(t->reason);
	memset(t, 0, sizeof(*t));
}

void ticket_view_clear(struct ticket_view *v)
{
	ticket_clear(&v->ticket);
	customer_clear(&v->customer);
	for (size_t i = 0; v->delivery && i < v->nmessages; i++)
		free(v->delivery[i]);
	free(v->delivery);
	messages_free(v->messages, v->nmessages);
	events_free(v->events, v->nevents);
	obligations_free(v->obligations, v->nobligations);
	for (size_t i = 0; i < v->nprompts; i++)
		free(v->prompts[i].calendar_note);
	free(v->prompts);
	free(v->no_rule_note);
	suggestions_free(v->suggestions, v->nsuggestions);
	terms_in_force_clear(&v->terms_created);
	terms_in_force_clear(&v->terms_now);
	free(v->terms_error);
	memset(v, 0, sizeof(*v));
}

static json_t *terms_json(const struct terms_in_force *t)
{
	return json_pack("{s:o, s:o, s:o}", "revision", json_str(t->revision), "effective", json_time(t->effective),
			 "reason", json_str(t->reason));
}

json_t *ticket_view_json(const struct ticket_view *v)
{
	json_t *j = json_ticket(&v->ticket);
	json_object_set_new(j, "customer", json_customer(&v->customer));
	json_t *a = json_array();
	for (size_t i = 0; i < v->nmessages; i++)
		json_array_append_new(a, json_message(&v->messages[i]));
	json_object_set_new(j, "messages", a);
	a = json_array();
	for (size_t i = 0; i < v->nevents; i++)
		json_array_append_new(a, json_event(&v->events[i]));
	json_object_set_new(j, "events", a);
	a = json_array();
	for (size_t i = 0; i < v->nobligations; i++)
		json_array_append_new(a, json_obligation(&v->obligations[i]));
	json_object_set_new(j, "obligations", a);
	a = json_array();
	for (size_t i = 0; i < v->nprompts; i++) {
		const struct prompt *p = &v->prompts[i];
		json_array_append_new(
			a, json_pack("{s:I, s:o, s:o, s:o, s:o, s:I, s:b, s:o, s:o, s:o}", "obligation_id",
				     (json_int_t)p->ob->id, "rule_id", json_str(p->ob->rule_id), "duty",
				     json_str(p->ob->duty), "title", json_str(p->ob->title), "due_at", json_time(p->due), "time_left",
				     (json_int_t)p->left, "overdue", p->left < 0, "next_step", json_str(p->next_step),
				     "source", json_str(p->ob->source), "prompt", json_str(p->ob->prompt)));
	}
	json_object_set_new(j, "prompts", a);
	a = json_array();
	for (size_t i = 0; i < v->nsuggestions; i++)
		json_array_append_new(a, json_pack("{s:o, s:o, s:o, s:o}", "rule_id", json_str(v->suggestions[i].rule_id),
						   "title", json_str(v->suggestions[i].title), "kind",
						   json_str(v->suggestions[i].kind), "phrase",
						   json_str(v->suggestions[i].phrase)));
	json_object_set_new(j, "suggestions", a);
	json_t *t = json_object();
	json_object_set_new(t, "document", json_string("terms-of-service"));
	json_object_set_new(t, "at_creation", terms_json(&v->terms_created));
	json_object_set_new(t, "now", terms_json(&v->terms_now));
	if (v->terms_error)
		json_object_set_new(t, "error", json_string(v->terms_error));
	json_object_set_new(j, "terms", t);
	return j;
}
