/* report.c - the compliance report. */
#include "core/report.h"

#include "data/store_letters.h"
#include "core/witness.h"

#include "lib/err.h"
#include "core/json.h"
#include "core/obligations.h"
#include "lib/util.h"
#include "data/store.h"

#include <stdlib.h>
#include <string.h>

struct ctx {
	struct workspace *ws;
	struct report *r;
	int64_t today;
	int64_t *unrecorded; /* ids met without evidence, ascending */
	size_t nunrecorded;
};

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int no_evidence(const struct ctx *c, const struct obligation *o)
{
	return c->nunrecorded && bsearch(&o->id, c->unrecorded, c->nunrecorded, sizeof(int64_t), cmp_id);
}

static struct report_group *group(struct report_group **arr, size_t *n, size_t *cap, const char *key)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*arr)[i].key, key))
			return &(*arr)[i];
	ARRAY_GROW(*arr, *cap, *n + 1);
	struct report_group *g = &(*arr)[(*n)++];
	memset(g, 0, sizeof(*g));
	g->key = xstrdup(key);
	return g;
}

static void count(struct report_group *g, const struct obligation *o, dk_time due, dk_time now, int unrecorded)
{
	g->total++;
	if (!strcmp(o->status, "waived")) {
		g->waived++;
	} else if (!strcmp(o->status, "met") && unrecorded) {
		g->met_no_evidence++;
	} else if (!strcmp(o->status, "met")) {
		g->met++;
		if (o->met_at <= due)
			g->met_on_time++;
		ARRAY_GROW(g->durations, g->capdur, g->ndur + 1);
		g->durations[g->ndur++] = o->met_at - o->started_at;
	} else if (!strcmp(o->status, "breached") || (o->paused_since == DK_TIME_NONE && due < now)) {
		g->breached++;
	} else {
		g->open++;
	}
}

static int on_obligation(const struct obligation *o, void *vctx)
{
	struct ctx *c = vctx;
	struct report *r = c->r;
	dk_time due = o->extended_due_at != DK_TIME_NONE ? o->extended_due_at : o->due_at;
	int unrec = no_evidence(c, o);
	count(group(&r->by_rule, &r->nrule, &r->caprule, o->rule_id), o, due, r->now, unrec);
	count(group(&r->by_regime, &r->nregime, &r->capregime, o->regime ? o->regime : "other"), o, due, r->now,
	      unrec);
	count(&r->all, o, due, r->now, unrec);
	if (o->duty && !strcmp(o->duty, "ack") && strcmp(o->status, "waived") && !unrec) {
		if (!strcmp(o->status, "met")) {
			r->ack_decided++;
			if (o->met_at <= due)
				r->ack_on_time++;
		} else if (!strcmp(o->status, "breached") || (o->paused_since == DK_TIME_NONE && due < r->now)) {
			r->ack_decided++;
		}
	}
	return 0;
}

/* Urgency of what is open now, whatever the report's period. */
static int on_open(const struct obligation *o, void *vctx)
{
	struct ctx *c = vctx;
	struct report *r = c->r;
	if (strcmp(o->status, "open") && strcmp(o->status, "breached"))
		return 0;
	dk_time due = o->extended_due_at != DK_TIME_NONE ? o->extended_due_at : o->due_at;
	if (o->met_at != DK_TIME_NONE) { /* breached, then met late: not open */
		r->breached++;
	} else if (!strcmp(o->status, "breached") || (o->paused_since == DK_TIME_NONE && due < r->now)) {
		r->open_overdue++;
		r->breached++;
	} else if (o->paused_since != DK_TIME_NONE) {
		r->open_paused++;
	} else if (dk_local_days(c->ws->tz, due) == c->today) {
		r->open_due_today++;
	} else if (due < r->now + 7 * 86400) {
		r->open_due_week++;
	} else {
		r->open_later++;
	}
	return 0;
}

static int on_automated(const struct message *m, int64_t customer_id, void *vctx)
{
	struct ctx *c = vctx;
	c->r->automated_replies++;
	if (m->disclosed) {
		c->r->automated_disclosed++;
		return 0;
	}
	struct customer cu;
	int rc = store_customer_get(c->ws->store, customer_id, &cu);
	if (rc)
		return rc;
	char *rule = NULL;
	rc = obligations_disclosure_rule(c->ws, &cu, m->created_at, &rule);
	customer_clear(&cu);
	if (!rc && rule)
		c->r->automated_without_disclosure++;
	free(rule);
	return rc;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static void finish(struct report_group *g)
{
	g->median_hours = -1;
	if (g->ndur) {
		qsort(g->durations, g->ndur, sizeof(*g->durations), cmp_i64);
		double med = g->ndur % 2 ? (double)g->durations[g->ndur / 2]
					 : ((double)g->durations[g->ndur / 2 - 1] + (double)g->durations[g->ndur / 2]) / 2;
		g->median_hours = med / 3600.0;
	}
	free(g->durations);
	g->durations = NULL;
	g->ndur = g->capdur = 0;
}

static int cmp_group(const void *a, const void *b)
{
	return strcmp(((const struct report_group *)a)->key, ((const struct report_group *)b)->key);
}

/* The breach notices sent in the period, per breach ticket. */
static int breach_notices(struct workspace *ws, struct report *r)
{
	struct letter_row *l;
	size_t n, cap = 0;
	int rc = store_letter_list(ws->store, 0, 0, "breach", NULL, &l, &n);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if ((r->from != DK_TIME_NONE && l[i].created_at < r->from) ||
		    (r->to != DK_TIME_NONE && l[i].created_at >= r->to))
			continue;
		struct report_breach *b = NULL;
		for (size_t k = 0; k < r->nbreaches && !b; k++)
			if (r->breaches[k].ticket_id == l[i].ticket_id)
				b = &r->breaches[k];
		if (!b) {
			ARRAY_GROW(r->breaches, cap, r->nbreaches + 1);
			b = &r->breaches[r->nbreaches++];
			b->ticket_id = l[i].ticket_id;
			b->affected = b->notified = 0;
			b->aware = obligations_aware_at(ws, l[i].ticket_id);
			b->first = DK_TIME_NONE;
		}
		b->affected++;
		if (l[i].status && !strcmp(l[i].status, "accepted")) {
			b->notified++;
			if (b->first == DK_TIME_NONE || l[i].status_at < b->first)
				b->first = l[i].status_at;
		}
	}
	letter_rows_free(l, n);
	return 0;
}

int report_build(struct workspace *ws, dk_time from, dk_time to, dk_time now, struct report *r)
{
	memset(r, 0, sizeof(*r));
	r->from = from;
	r->to = to;
	r->now = now;
	r->all.key = xstrdup("all");
	struct ctx c = { .ws = ws, .r = r, .today = dk_local_days(ws->tz, now) };
	/* the head the figures were computed at, so that the report can be
	 * tied to the audit trail (`audit verify --anchor`) */
	struct anchor head;
	int rc = witness_head(ws, &head);
	if (rc)
		return rc;
	witness_format(&head, r->audit_head, sizeof(r->audit_head));
	rc = store_obligation_unrecorded_ids(ws->store, &c.unrecorded, &c.nunrecorded);
	if (!rc)
		rc = store_obligation_foreach(ws->store, from, to, on_obligation, &c);
	if (!rc)
		rc = store_obligation_foreach(ws->store, DK_TIME_NONE, DK_TIME_NONE, on_open, &c);
	if (!rc)
		rc = store_automated_foreach(ws->store, from, to, on_automated, &c);
	if (!rc)
		rc = breach_notices(ws, r);
	for (size_t i = 0; i < r->nrule; i++)
		finish(&r->by_rule[i]);
	for (size_t i = 0; i < r->nregime; i++)
		finish(&r->by_regime[i]);
	finish(&r->all);
	if (r->nrule)
		qsort(r->by_rule, r->nrule, sizeof(*r->by_rule), cmp_group);
	if (r->nregime)
		qsort(r->by_regime, r->nregime, sizeof(*r->by_regime), cmp_group);
	free(c.unrecorded);
	if (rc)
		report_clear(r);
	return rc;
}

static void group_clear(struct report_group *g)
{
	free(g->key);
	free(g->durations);
}

void report_clear(struct report *r)
{
	for (size_t i = 0; i < r->nrule; i++)
		group_clear(&r->by_rule[i]);
	for (size_t i = 0; i < r->nregime; i++)
		group_clear(&r->by_regime[i]);
	group_clear(&r->all);
	free(r->by_rule);
	free(r->by_regime);
	free(r->breaches);
	memset(r, 0, sizeof(*r));
}

double report_rate(const struct report_group *g)
{
	int64_t decided = g->met + g->breached;
	return decided ? (double)g->met_on_time / (double)decided : -1;
}

static json_t *group_json(const struct report_group *g)
{
	double rate = report_rate(g);
	return json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o}", "key", g->key, "total",
			 (json_int_t)g->total, "met", (json_int_t)g->met, "met_on_time", (json_int_t)g->met_on_time,
			 "met_no_evidence", (json_int_t)g->met_no_evidence, "breached", (json_int_t)g->breached, "open",
			 (json_int_t)g->open, "waived", (json_int_t)g->waived, "on_time_rate",
			 rate < 0 ? json_null() : json_real(rate), "median_hours_to_meet",
			 g->median_hours < 0 ? json_null() : json_real(g->median_hours));
}

json_t *report_json(const struct report *r)
{
	json_t *rules = json_array(), *regimes = json_array();
	for (size_t i = 0; i < r->nrule; i++)
		json_array_append_new(rules, group_json(&r->by_rule[i]));
	for (size_t i = 0; i < r->nregime; i++)
		json_array_append_new(regimes, group_json(&r->by_regime[i]));
	json_t *o = json_pack("{s:o, s:o, s:o, s:{s:I, s:I, s:I, s:I, s:I}, s:I, s:o, s:o, s:o, s:{s:I, s:I, s:o},"
			 " s:{s:I, s:I, s:I}, s:s}",
			 "from", json_time(r->from), "to", json_time(r->to), "now", json_time(r->now), "open", "overdue",
			 (json_int_t)r->open_overdue, "due_today", (json_int_t)r->open_due_today, "due_this_week",
			 (json_int_t)r->open_due_week, "later", (json_int_t)r->open_later, "paused",
			 (json_int_t)r->open_paused, "breached", (json_int_t)r->breached, "totals", group_json(&r->all),
			 "by_rule", rules, "by_regime", regimes, "acknowledgements", "decided", (json_int_t)r->ack_decided,
			 "on_time", (json_int_t)r->ack_on_time, "on_time_rate",
			 r->ack_decided ? json_real((double)r->ack_on_time / (double)r->ack_decided) : json_null(),
			 "automated_replies", "total", (json_int_t)r->automated_replies, "disclosed",
			 (json_int_t)r->automated_disclosed, "without_required_disclosure",
			 (json_int_t)r->automated_without_disclosure, "audit_head", r->audit_head);
	if (o && r->nbreaches) {
		json_t *arr = json_array();
		for (size_t i = 0; i < r->nbreaches; i++) {
			const struct report_breach *b = &r->breaches[i];
			json_t *e = json_pack("{s:I, s:I, s:I, s:o, s:o}", "ticket", (json_int_t)b->ticket_id, "affected",
					      (json_int_t)b->affected, "notified", (json_int_t)b->notified, "aware",
					      json_time(b->aware), "first_notice", json_time(b->first));
			if (b->aware != DK_TIME_NONE && b->first != DK_TIME_NONE)
				json_object_set_new(e, "hours_after_awareness",
						    json_real((double)(b->first - b->aware) / 3600.0));
			json_array_append_new(arr, e);
		}
		json_object_set_new(o, "breach_notices", arr);
	}
	return o;
}

static void csv_row(struct buf *b, const char *section, const struct report_group *g)
{
	double rate = report_rate(g);
	buf_printf(b, "%s,%s,%lld,%lld,%lld,%lld,%lld,%lld,", section, g->key, (long long)g->total, (long long)g->met,
		   (long long)g->met_on_time, (long long)g->breached, (long long)g->open, (long long)g->waived);
	if (rate >= 0)
		buf_printf(b, "%.4f", rate);
	buf_addc(b, ',');
	if (g->median_hours >= 0)
		buf_printf(b, "%.1f", g->median_hours);
	buf_addc(b, '\n');
}

void report_csv(const struct report *r, struct buf *b)
{
	buf_adds(b, "section,key,total,met,met_on_time,breached,open,waived,on_time_rate,median_hours_to_meet\n");
	csv_row(b, "total", &r->all);
	for (size_t i = 0; i < r->nregime; i++)
		csv_row(b, "regime", &r->by_regime[i]);
	for (size_t i = 0; i < r->nrule; i++)
		csv_row(b, "rule", &r->by_rule[i]);
	buf_printf(b, "open,overdue,%lld,,,,,,,\nopen,due_today,%lld,,,,,,,\nopen,due_this_week,%lld,,,,,,,\n"
		      "open,later,%lld,,,,,,,\nopen,paused,%lld,,,,,,,\n",
		   (long long)r->open_overdue, (long long)r->open_due_today, (long long)r->open_due_week,
		   (long long)r->open_later, (long long)r->open_paused);
	buf_printf(b, "acknowledgements,on_time,%lld,,%lld,,,,,\n", (long long)r->ack_decided, (long long)r->ack_on_time);
	buf_printf(b, "automated_replies,without_required_disclosure,%lld,,,,,,,\n",
		   (long long)r->automated_without_disclosure);
	buf_printf(b, "met_no_evidence,total,%lld,,,,,,,\n", (long long)r->all.met_no_evidence);
	buf_printf(b, "audit_head,%s,,,,,,,,\n", r->audit_head);
}

/* Column layout of the text tables: the full one (the CLI's, unchanged)
 * or, for a screen narrower than it, short headers and a name column
 * that takes what is left. */
struct text_cols {
	int namew, compact;
};

static void text_row(struct buf *b, const struct report_group *g, const struct text_cols *c)
{
	double rate = report_rate(g);
	char rs[16] = "-", md[16] = "-";
	if (rate >= 0)
		snprintf(rs, sizeof(rs), "%.0f%%", rate * 100);
	if (g->median_hours >= 0)
		snprintf(md, sizeof(md), "%.1fd", g->median_hours / 24);
	if (c->compact)
		buf_printf(b, "  %-*.*s %5lld %5lld %4lld %4lld %5lld %4lld %4s %6s\n", c->namew, c->namew, g->key,
			   (long long)g->total, (long long)g->met_on_time, (long long)(g->met - g->met_on_time),
			   (long long)g->breached, (long long)g->open, (long long)g->waived, rs, md);
	else
		buf_printf(b, "  %-30s %7lld %7lld %5lld %8lld %6lld %6lld %7s %8s\n", g->key, (long long)g->total,
			   (long long)g->met_on_time, (long long)(g->met - g->met_on_time), (long long)g->breached,
			   (long long)g->open, (long long)g->waived, rs, md);
}

static void text_head(struct buf *b, const char *what, const struct text_cols *c)
{
	if (c->compact)
		buf_printf(b, "  %-*s %5s %5s %4s %4s %5s %4s %4s %6s\n", c->namew, what, "start", "in-t", "late", "brch",
			   "open", "waiv", "rate", "median");
	else
		buf_printf(b, "  %-30s %7s %7s %5s %8s %6s %6s %7s %8s\n", what, "started", "in time", "late",
			   "breached", "open", "waived", "on time", "median");
}

void report_text(const struct report *r, struct buf *b)
{
	report_text_fit(r, 0, b);
}

void report_text_fit(const struct report *r, int width, struct buf *b)
{
	/* the full table is 2 + 30 + 62 = 94 columns */
	struct text_cols c = { .namew = 30, .compact = width > 0 && width < 95 };
	if (c.compact) {
		c.namew = width - 1 - 2 - 46;
		if (c.namew < 8)
			c.namew = 8;
	}
	char f[DK_TIME_BUFSZ], t[DK_TIME_BUFSZ], n[DK_TIME_BUFSZ];
	buf_printf(b, "Compliance report  %s .. %s  (as of %s)\n\n",
		   r->from == DK_TIME_NONE ? "beginning" : dk_time_format(r->from, f),
		   r->to == DK_TIME_NONE ? "now" : dk_time_format(r->to, t), dk_time_format(r->now, n));
	if (c.compact)
		buf_printf(b, "Audit chain head (check it later with `docket audit verify --anchor`):\n  %s\n\n",
			   r->audit_head);
	else
		buf_printf(b, "Audit chain head: %s (check it later with `docket audit verify --anchor %s`)\n\n",
			   r->audit_head, r->audit_head);
	buf_printf(b, c.compact ? "Open obligations now: %lld overdue, %lld due today, %lld due this week,\n"
				  "  %lld later, %lld paused\n"
				: "Open obligations now: %lld overdue, %lld due today, %lld due this week, %lld later, %lld paused\n",
		   (long long)r->open_overdue, (long long)r->open_due_today, (long long)r->open_due_week,
		   (long long)r->open_later, (long long)r->open_paused);
	buf_printf(b, "Breached (overdue or marked): %lld\n", (long long)r->breached);
	buf_printf(b, "Acknowledgements on time: %lld of %lld\n", (long long)r->ack_on_time, (long long)r->ack_decided);
	if (r->all.met_no_evidence)
		buf_printf(b, c.compact ? "Met, no evidence recorded: %lld (marked met before docket kept evidence;\n"
					  "  not counted as met)\n"
					: "Met, no evidence recorded: %lld (marked met before docket kept evidence; not counted as met)\n",
			   (long long)r->all.met_no_evidence);
	buf_printf(b, c.compact ? "Automated replies: %lld, with disclosure %lld,\n  WITHOUT a required disclosure %lld\n\n"
				: "Automated replies: %lld, with disclosure %lld, WITHOUT a required disclosure %lld\n\n",
		   (long long)r->automated_replies, (long long)r->automated_disclosed,
		   (long long)r->automated_without_disclosure);
	for (size_t i = 0; i < r->nbreaches; i++) {
		const struct report_breach *br = &r->breaches[i];
		buf_printf(b, "Breach notices, ticket %lld: %lld of %lld affected notified (accepted for delivery)",
			   (long long)br->ticket_id, (long long)br->notified, (long long)br->affected);
		if (br->aware != DK_TIME_NONE && br->first != DK_TIME_NONE) {
			long long mins = (long long)((br->first - br->aware) / 60);
			buf_printf(b, ", the first %lld h %02lld min after awareness", mins / 60, mins % 60);
		}
		buf_adds(b, "\n");
		if (i + 1 == r->nbreaches)
			buf_adds(b, "\n");
	}
	/* The columns say what they count (docs/obligations.md): a duty met
	 * late is not "met" beside a 0% on-time rate. */
	text_head(b, "regime", &c);
	for (size_t i = 0; i < r->nregime; i++)
		text_row(b, &r->by_regime[i], &c);
	text_row(b, &r->all, &c);
	buf_printf(b, "\n");
	text_head(b, "rule", &c);
	for (size_t i = 0; i < r->nrule; i++)
		text_row(b, &r->by_rule[i], &c);
	if (c.compact)
		buf_adds(b, "\n  start: duties whose clock started in the period\n"
			    "  in-t:  met by the due time (the extended one when extended)\n"
			    "  late:  met after the due time\n"
			    "  brch:  breached: not met by the due time (marked, or open past it)\n"
			    "  open:  not met and not yet due (or paused)\n"
			    "  waiv:  waived; left out of the on-time rate\n"
			    "  rate:  on time: in-t / (in-t + late + brch)\n"
			    "  median: days from the start of the clock to met, over met duties\n");
	else
		buf_adds(b, "\n  started:  duties whose clock started in the period\n"
			    "  in time:  met by the due time (the extended one when extended)\n"
			    "  late:     met after the due time\n"
			    "  breached: not met by the due time: marked breached, or open and past it\n"
			    "  open:     not met and not yet due (or paused)\n"
			    "  waived:   waived; left out of the on-time rate\n"
			    "  on time:  in time / (in time + late + breached)\n"
			    "  median:   days from the start of the clock to met, over met duties\n");
}
