/* vocab.c - the vocabulary tables of vocab.h and their lookups. */
#include "model/vocab.h"

#include <stdio.h>
#include <string.h>

const char *const ticket_kinds[] = {
#define K_(id, name, retention) name,
	TICKET_KIND_INFO(K_)
#undef K_
	NULL
};

static const char *const kind_retention[] = {
#define K_(id, name, retention) retention,
	TICKET_KIND_INFO(K_)
#undef K_
};

const char *const ticket_statuses[] = {
#define S_(id, name, open) name,
	TICKET_STATUS_INFO(S_)
#undef S_
	NULL
};

static const int status_open[] = {
#define S_(id, name, open) open,
	TICKET_STATUS_INFO(S_)
#undef S_
};

static const struct event_info {
	const char *name;
	unsigned flags;
	int to, from;
} events[] = {
#define E_(id, name, flags, to, from) { name, flags, to, from },
	EVENT_INFO(E_)
#undef E_
};

const char *const clock_starts[] = {
#define C_(id, name) name,
	CLOCK_START_INFO(C_)
#undef C_
	NULL
};

const char *const pause_reasons[] = {
#define P_(id, name) name,
	PAUSE_REASON_INFO(P_)
#undef P_
	NULL
};

static int find(const char *const *names, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return i;
	return -1;
}

static const char *const event_names[] = {
#define E_(id, name, flags, to, from) name,
	EVENT_INFO(E_)
#undef E_
};

int ticket_kind_parse(const char *s) { return find(ticket_kinds, KIND_COUNT, s); }
int ticket_status_parse(const char *s) { return find(ticket_statuses, TS_COUNT, s); }
int event_type_parse(const char *s) { return find(event_names, EV_COUNT, s); }
int pause_reason_parse(const char *s) { return find(pause_reasons, PAUSE_COUNT, s); }
int clock_start_parse(const char *s) { return find(clock_starts, START_COUNT, s); }

const char *ticket_kind_name(int k) { return k >= 0 && k < KIND_COUNT ? ticket_kinds[k] : ""; }
const char *ticket_status_name(int s) { return s >= 0 && s < TS_COUNT ? ticket_statuses[s] : ""; }
const char *event_type_name(int e) { return e >= 0 && e < EV_COUNT ? events[e].name : ""; }
const char *clock_start_name(int c) { return c >= 0 && c < START_COUNT ? clock_starts[c] : ""; }

const char *ticket_kind_retention(const char *kind)
{
	int k = ticket_kind_parse(kind);
	return k < 0 ? NULL : kind_retention[k];
}

int ticket_kind_valid(const char *k) { return ticket_kind_parse(k) >= 0; }
int ticket_status_valid(const char *s) { return ticket_status_parse(s) >= 0; }

/* Unknown statuses count as open, as before the table: only resolved and
 * closed end the work. */
int ticket_status_is_open(const char *s)
{
	if (!s)
		return 0;
	int i = ticket_status_parse(s);
	return i < 0 || status_open[i];
}

int ticket_kind_is(const char *s, enum ticket_kind k) { return s && !strcmp(s, ticket_kind_name(k)); }
int ticket_status_is(const char *s, enum ticket_status st) { return s && !strcmp(s, ticket_status_name(st)); }
int event_is(const char *s, enum event_type e) { return s && !strcmp(s, event_type_name(e)); }
int clock_start_is(const char *s, enum clock_start c) { return s && !strcmp(s, clock_start_name(c)); }

unsigned event_flags(const char *s)
{
	int i = event_type_parse(s);
	return i < 0 ? 0 : events[i].flags;
}

const char *event_sets_status(const char *type, const char *cur)
{
	int i = event_type_parse(type);
	if (i < 0 || events[i].to < 0)
		return NULL;
	if (events[i].from >= 0 && !ticket_status_is(cur, events[i].from))
		return NULL;
	return ticket_status_name(events[i].to);
}

char *event_names_with(unsigned flags, char *out, size_t n)
{
	size_t len = 0;
	if (n)
		out[0] = '\0';
	for (int i = 0; i < EV_COUNT; i++) {
		if ((events[i].flags & flags) != flags)
			continue;
		int w = snprintf(out + len, len < n ? n - len : 0, "%s%s", len ? ", " : "", events[i].name);
		if (w > 0)
			len += (size_t)w;
		if (len >= n)
			break;
	}
	return out;
}
