/* model.c - freeing domain records; roles (kinds and statuses: vocab.c). */
#include "model/model.h"

#include <stdlib.h>
#include <string.h>

const char *role_name(int role)
{
	switch (role) {
	case ROLE_AGENT: return "agent";
	case ROLE_LEGAL: return "legal";
	case ROLE_ADMIN: return "admin";
	default: return "none";
	}
}

int role_parse(const char *s)
{
	if (!s)
		return ROLE_NONE;
	if (!strcmp(s, "agent"))
		return ROLE_AGENT;
	if (!strcmp(s, "legal"))
		return ROLE_LEGAL;
	if (!strcmp(s, "admin"))
		return ROLE_ADMIN;
	return ROLE_NONE;
}

void agent_clear(struct agent *a)
{
	free(a->login);
	free(a->name);
	memset(a, 0, sizeof(*a));
}

void customer_clear(struct customer *c)
{
	free(c->name);
	free(c->email);
	free(c->jurisdiction);
	free(c->hold_reason);
	free(c->restrict_reason);
	memset(c, 0, sizeof(*c));
}

void ticket_clear(struct ticket *t)
{
	free(t->subject);
	free(t->kind);
	free(t->status);
	free(t->assignee);
	free(t->channel);
	free(t->customer_name);
	free(t->jurisdiction);
	memset(t, 0, sizeof(*t));
}

void message_clear(struct message *m)
{
	free(m->direction);
	free(m->author);
	free(m->body);
	free(m->disclosure_rule);
	memset(m, 0, sizeof(*m));
}

void event_clear(struct event *e)
{
	free(e->type);
	free(e->actor);
	free(e->detail);
	memset(e, 0, sizeof(*e));
}

void obligation_clear(struct obligation *o)
{
	free(o->rule_id);
	free(o->rules_rev);
	free(o->duty);
	free(o->title);
	free(o->regime);
	free(o->source);
	free(o->prompt);
	free(o->extension);
	free(o->status);
	free(o->note);
	free(o->met_by);
	for (size_t i = 0; i < o->nsteps; i++) {
		free(o->steps[i].text);
		free(o->steps[i].done_by);
		free(o->steps[i].evidence);
	}
	free(o->steps);
	memset(o, 0, sizeof(*o));
}

void acceptance_clear(struct acceptance *a)
{
	free(a->document);
	free(a->revision);
	free(a->channel);
	memset(a, 0, sizeof(*a));
}

void audit_row_clear(struct audit_row *r)
{
	free(r->actor);
	free(r->action);
	free(r->object);
	free(r->detail);
	free(r->prev_hash);
	free(r->hash);
	memset(r, 0, sizeof(*r));
}

#define ARRAY_FREE(fn, type, clear)                  \
	void fn(type *a, size_t n)                   \
	{                                            \
		for (size_t i = 0; a && i < n; i++)  \
			clear(&a[i]);                \
		free(a);                             \
	}
ARRAY_FREE(agents_free, struct agent, agent_clear)
ARRAY_FREE(customers_free, struct customer, customer_clear)
ARRAY_FREE(tickets_free, struct ticket, ticket_clear)
ARRAY_FREE(messages_free, struct message, message_clear)
ARRAY_FREE(events_free, struct event, event_clear)
ARRAY_FREE(obligations_free, struct obligation, obligation_clear)
ARRAY_FREE(acceptances_free, struct acceptance, acceptance_clear)
ARRAY_FREE(audit_rows_free, struct audit_row, audit_row_clear)
