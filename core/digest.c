/* digest.c - what changed since an agent last looked (digest.h). Duties
 * from the obligations by due time; assignments and breach clocks from the
 * audit trail streamed back from its newest row to `since` (at most
 * DIGEST_AUDIT_SCAN rows). */
#include "core/digest.h"

#include "lib/dtime.h"
#include "lib/err.h"
#include "lib/util.h"
#include "core/obligations.h"
#include "data/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct acc {
	struct digest *d;
	size_t cap;
};

static void add(struct acc *a, int kind, int64_t ticket_id, dk_time at, char *what)
{
	struct digest *d = a->d;
	d->count[kind]++;
	if (d->count[kind] > DIGEST_MAX) {
		d->truncated = 1;
		free(what);
		return;
	}
	ARRAY_GROW(d->v, a->cap, d->n + 1);
	d->v[d->n++] = (struct notice){ kind, ticket_id, at, what };
}

/* mine: the ticket is assigned to the acting agent */
static int ticket_is_mine(struct workspace *ws, int64_t id)
{
	struct ticket t;
	if (store_ticket_get(ws->store, id, &t)) {
		err_clear();
		return 0;
	}
	int mine = t.assignee && ws->login && !strcmp(t.assignee, ws->login);
	ticket_clear(&t);
	return mine;
}

static int duties(struct workspace *ws, struct acc *a, int mine)
{
	struct digest *d = a->d;
	/* the end of today in the business's zone */
	int64_t day = dk_local_days(ws->tz, d->now);
	int y, m, dd;
	dk_civil_from_days(day + 1, &y, &m, &dd);
	dk_time end = dk_local_to_utc(ws->tz, y, m, dd, 0, 0, 0);
	dk_civil_from_days(day, &y, &m, &dd);
	dk_time start = dk_local_to_utc(ws->tz, y, m, dd, 0, 0, 0);
	struct obligation *o = NULL;
	size_t n = 0;
	struct obligation_filter f = { .due_after = d->since, .due_before = end };
	int rc = store_obligation_list(ws->store, &f, &o, &n);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (!obligation_unsettled(&o[i]) || o[i].paused_since != DK_TIME_NONE)
			continue;
		if (mine && !ticket_is_mine(ws, o[i].ticket_id))
			continue;
		dk_time due = o[i].extended_due_at != DK_TIME_NONE ? o[i].extended_due_at : o[i].due_at;
		/* due later today is news only to someone who last looked before today */
		if (due > d->now && d->since >= start)
			continue;
		add(a, due <= d->now ? NOTICE_OVERDUE : NOTICE_DUE_TODAY, o[i].ticket_id, due,
		    xasprintf("%s (%s)", o[i].rule_id ? o[i].rule_id : "?", o[i].duty ? o[i].duty : "?"));
	}
	obligations_free(o, n);
	return 0;
}

/* "key=VALUE" in an audit detail ("field=assignee old=- new=lena") */
static int detail_has(const char *detail, const char *kv)
{
	size_t n = strlen(kv);
	for (const char *p = detail; (p = strstr(p, kv)); p += n)
		if ((p == detail || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* what the audit rows since `since` say, collected newest first */
struct scan {
	struct workspace *ws;
	struct digest *d;
	int mine;
	char *to_me;
	struct notice *v; /* newest first */
	size_t n, cap;
	int64_t rows;
	int reached;      /* a row older than `since` was seen */
};

static int scan_row(const struct audit_row *x, void *ctx)
{
	struct scan *sc = ctx;
	sc->rows++;
	if (x->at < sc->d->since) {
		sc->reached = 1;
		return 1; /* back at `since`: done */
	}
	if (x->at > sc->d->now || strncmp(x->object, "ticket:", 7))
		return 0;
	int64_t id;
	if (parse_int64(x->object + 7, 1, INT64_MAX, &id))
		return 0;
	struct workspace *ws = sc->ws;
	int kind = -1;
	char *what = NULL;
	if (!strcmp(x->action, "ticket.set") && detail_has(x->detail, "field=assignee") && detail_has(x->detail, sc->to_me) &&
	    ws->login && strcmp(x->actor, ws->login)) {
		kind = NOTICE_ASSIGNED;
		what = xasprintf("by %s", x->actor);
	} else if ((!strcmp(x->action, "ticket.new") && detail_has(x->detail, "kind=breach")) ||
		   (!strcmp(x->action, "ticket.set") && detail_has(x->detail, "field=kind") &&
		    detail_has(x->detail, "new=breach")) ||
		   (!strcmp(x->action, "ticket.event") && detail_has(x->detail, "type=aware"))) {
		if (sc->mine && !ticket_is_mine(ws, id))
			return 0;
		kind = NOTICE_BREACH;
		what = xstrdup(!strcmp(x->action, "ticket.event") ? "awareness recorded: the clock restarted"
								 : "a breach ticket: the clock started");
	}
	if (kind < 0)
		return 0;
	ARRAY_GROW(sc->v, sc->cap, sc->n + 1);
	sc->v[sc->n++] = (struct notice){ kind, id, x->at, what };
	return 0;
}

static int from_audit(struct workspace *ws, struct acc *a, int mine)
{
	struct scan sc = { ws, a->d, mine, xasprintf("new=%s", ws->login ? ws->login : ""), NULL, 0, 0, 0, 0 };
	int rc = store_audit_foreach_newest(ws->store, DIGEST_AUDIT_SCAN, scan_row, &sc);
	if (!rc && !sc.reached && sc.rows >= DIGEST_AUDIT_SCAN)
		a->d->truncated = 1;
	/* oldest first */
	for (size_t k = sc.n; k-- > 0;) {
		if (rc)
			free(sc.v[k].what);
		else
			add(a, sc.v[k].kind, sc.v[k].ticket_id, sc.v[k].at, sc.v[k].what);
	}
	free(sc.v);
	free(sc.to_me);
	return rc;
}

int digest_build(struct workspace *ws, dk_time since, dk_time now, int mine, struct digest *out)
{
	memset(out, 0, sizeof(*out));
	out->since = since;
	out->now = now;
	struct acc a = { out, 0 };
	int rc = duties(ws, &a, mine);
	if (!rc)
		rc = from_audit(ws, &a, mine);
	if (rc)
		digest_clear(out);
	return rc;
}

void digest_clear(struct digest *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].what);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

const char *notice_kind_name(int kind)
{
	static const char *const names[NOTICE_KINDS] = { "overdue", "due today", "assigned", "breach" };
	return kind >= 0 && kind < NOTICE_KINDS ? names[kind] : "?";
}
