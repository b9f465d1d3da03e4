/* which.c - the "which revision bound this customer at time T" model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "core/which.h"

#define DAY 86400

struct mrev {
	char id[41];
	dk_time published;
	dk_time effective;
	int notice_days;
	dk_time notice_end; /* published + notice, or published */
};

#define MEMO_SIZE 4096

struct datememo {
	int64_t bucket; /* t / 900, INT64_MIN when empty */
	char day[DK_TIME_BUFSZ];
};

struct which_model {
	struct mrev *revs;
	size_t n;
	int monotonic;       /* publication times never decrease */
	char *tz;
	/* dates by 15-minute bucket (every zone's midnight falls on one) */
	struct datememo *memo;
	/* open-addressing hash of full ids -> index + 1 */
	long *slots;
	size_t nslots;
};

static uint64_t id_hash(const char *id)
{
	uint64_t h = 1469598103934665603ull;
	for (int i = 0; i < 40 && id[i]; i++)
		h = (h ^ (unsigned char)id[i]) * 1099511628211ull;
	return h;
}

struct which_model *which_model_new(const struct which_rev *revs, size_t n, const char *tz)
{
	struct which_model *m = xcalloc(1, sizeof(*m));
	m->revs = n ? xcalloc(n, sizeof(*m->revs)) : NULL;
	m->n = n;
	m->monotonic = 1;
	m->tz = tz && *tz ? xstrdup(tz) : NULL;
	m->memo = xmalloc(MEMO_SIZE * sizeof(*m->memo));
	for (size_t i = 0; i < MEMO_SIZE; i++)
		m->memo[i].bucket = INT64_MIN;
	for (size_t i = 0; i < n; i++) {
		struct mrev *r = &m->revs[i];
		snprintf(r->id, sizeof(r->id), "%s", revs[i].id ? revs[i].id : "");
		r->published = revs[i].published;
		r->effective = revs[i].effective == DK_TIME_NONE ? revs[i].published : revs[i].effective;
		r->notice_days = revs[i].notice_days > 0 ? revs[i].notice_days : 0;
		r->notice_end = r->published + (dk_time)r->notice_days * DAY;
		if (i && r->published < m->revs[i - 1].published)
			m->monotonic = 0;
	}
	m->nslots = 16;
	while (m->nslots < n * 2 + 1)
		m->nslots *= 2;
	m->slots = xcalloc(m->nslots, sizeof(*m->slots));
	for (size_t i = 0; i < n; i++) {
		size_t s = id_hash(m->revs[i].id) & (m->nslots - 1);
		while (m->slots[s])
			s = (s + 1) & (m->nslots - 1);
		m->slots[s] = (long)i + 1;
	}
	return m;
}

void which_model_free(struct which_model *m)
{
	if (!m)
		return;
	free(m->revs);
	free(m->slots);
	free(m->memo);
	free(m->tz);
	free(m);
}

size_t which_model_count(const struct which_model *m)
{
	return m->n;
}

long which_model_find(const struct which_model *m, const char *id)
{
	if (!id)
		return -1;
	size_t len = strlen(id);
	if (len == 40) {
		size_t s = id_hash(id) & (m->nslots - 1);
		while (m->slots[s]) {
			long i = m->slots[s] - 1;
			if (!memcmp(m->revs[i].id, id, 40))
				return i;
			s = (s + 1) & (m->nslots - 1);
		}
		return -1;
	}
	if (len < 4 || len > 40)
		return -1;
	long found = -1;
	for (size_t i = 0; i < m->n; i++) {
		if (!strncmp(m->revs[i].id, id, len)) {
			if (found >= 0 && strcmp(m->revs[found].id, m->revs[i].id) != 0)
				return -1; /* ambiguous */
			found = (long)i;
		}
	}
	return found;
}

/* When revision r starts binding a customer created at `created`,
 * ignoring acceptances; *why receives the rule used. */
static dk_time default_binding(const struct mrev *r, dk_time created, enum which_why *why)
{
	if (created >= r->published) {
		*why = WHICH_JOINED_AFTER;
		return r->effective;
	}
	if (r->notice_end > r->effective && r->notice_days > 0) {
		*why = WHICH_NOTICE;
		return r->notice_end;
	}
	*why = WHICH_EFFECTIVE;
	return r->effective > r->published ? r->effective : r->published;
}

/* The local date of t: time-zone conversion is slow (tzset), and 100,000
 * customers share few dates, so remember them. */
static void day(const struct which_model *m, dk_time t, char *out)
{
	int64_t bucket = t >= 0 ? t / 900 : -((-t + 899) / 900);
	struct datememo *e = &m->memo[(uint64_t)bucket % MEMO_SIZE];
	if (e->bucket != bucket) {
		dk_date_format(t, m->tz, e->day);
		e->bucket = bucket;
	}
	memcpy(out, e->day, sizeof(e->day));
}

static void set_reason(const struct which_model *m, const struct mrev *r, dk_time created,
		       const struct which_acceptance *a, struct which_answer *out)
{
	char p[DK_TIME_BUFSZ], e[DK_TIME_BUFSZ], b[DK_TIME_BUFSZ], j[DK_TIME_BUFSZ];
	day(m, r->published, p);
	day(m, r->effective, e);
	day(m, out->binding_from, b);
	switch (out->why) {
	case WHICH_ACCEPTED:
		snprintf(out->reason, sizeof(out->reason), "accepted %s via %s", b,
			 a && a->channel && *a->channel ? a->channel : "unknown channel");
		break;
	case WHICH_JOINED_AFTER:
		day(m, created, j);
		snprintf(out->reason, sizeof(out->reason),
			 "published %s, effective %s, customer joined %s after publication", p, e, j);
		break;
	case WHICH_NOTICE:
		snprintf(out->reason, sizeof(out->reason),
			 "published %s, effective %s, binding after %d days' notice from %s", p, e, r->notice_days, b);
		break;
	case WHICH_NOTICE_SENT:
		day(m, a ? a->accepted_at : r->published, j);
		snprintf(out->reason, sizeof(out->reason),
			 "published %.10s, effective %.10s, binding after %d days' notice from %.10s (notice sent to "
			 "the customer %.10s)",
			 p, e, r->notice_days, b, j);
		break;
	case WHICH_EFFECTIVE:
	default:
		if (r->notice_days > 0)
			snprintf(out->reason, sizeof(out->reason),
				 "published %s, effective %s, binding from %s (%d days' notice ended before)", p, e, b,
				 r->notice_days);
		else
			snprintf(out->reason, sizeof(out->reason), "published %s, effective %s, binding from %s", p,
				 e, b);
		break;
	}
}

void which_answer_for(const struct which_model *m, dk_time created, const struct which_acceptance *acc,
		      size_t nacc, dk_time at, const char *customer_label, struct which_answer *out)
{
	char d[DK_TIME_BUFSZ], d2[DK_TIME_BUFSZ];
	const char *who = customer_label && *customer_label ? customer_label : "customer";

	memset(out, 0, sizeof(*out));
	out->rev_index = -1;
	out->effective = out->published = out->binding_from = DK_TIME_NONE;

	if (created != DK_TIME_NONE && at < created) {
		out->why = WHICH_NONE_NO_CUSTOMER;
		day(m, created, d);
		snprintf(out->reason, sizeof(out->reason), "none: %s did not exist yet (joined %s)", who, d);
		return;
	}
	/* Revisions published by `at`: a prefix when publication is monotonic. */
	size_t top = m->n;
	if (m->monotonic) {
		size_t lo = 0, hi = m->n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (m->revs[mid].published <= at)
				lo = mid + 1;
			else
				hi = mid;
		}
		top = lo;
	}
	/* resolve each acceptance's revision once */
	long idx_small[32], *idx = nacc <= 32 ? idx_small : xmalloc(nacc * sizeof(*idx));
	for (size_t i = 0; i < nacc; i++)
		idx[i] = which_model_find(m, acc[i].revision);
	int any_published = 0;
	for (size_t k = top; k-- > 0;) {
		const struct mrev *r = &m->revs[k];
		if (r->published > at)
			continue;
		any_published = 1;
		enum which_why why;
		dk_time bind = default_binding(r, created == DK_TIME_NONE ? r->published : created, &why);
		/* the notice recorded as sent to this customer (the first),
		 * for an existing customer and a revision with a notice period */
		const struct which_acceptance *notice = NULL;
		if (r->notice_days > 0 && why != WHICH_JOINED_AFTER)
			for (size_t i = 0; i < nacc; i++)
				if (acc[i].notice && idx[i] == (long)k &&
				    (!notice || acc[i].accepted_at < notice->accepted_at))
					notice = &acc[i];
		if (notice) {
			dk_time end = notice->accepted_at + (dk_time)r->notice_days * DAY;
			bind = end > r->effective ? end : r->effective;
			why = WHICH_NOTICE_SENT;
		}
		const struct which_acceptance *best = NULL;
		for (size_t i = 0; i < nacc; i++) {
			if (acc[i].notice || acc[i].accepted_at > at || acc[i].accepted_at >= bind)
				continue;
			if (best && acc[i].accepted_at >= best->accepted_at)
				continue;
			if (idx[i] != (long)k)
				continue;
			best = &acc[i];
		}
		if (best) {
			bind = best->accepted_at;
			why = WHICH_ACCEPTED;
		}
		if (bind > at)
			continue;
		out->found = 1;
		out->rev_index = (long)k;
		memcpy(out->revision, r->id, sizeof(out->revision));
		out->effective = r->effective;
		out->published = r->published;
		out->binding_from = bind;
		out->why = why;
		set_reason(m, r, created, why == WHICH_NOTICE_SENT ? notice : best, out);
		if (idx != idx_small)
			free(idx);
		return;
	}
	if (idx != idx_small)
		free(idx);
	if (!any_published) {
		out->why = WHICH_NONE_NO_REVISION;
		if (m->n) {
			day(m, m->revs[0].published, d);
			snprintf(out->reason, sizeof(out->reason), "none: no revision published yet (first on %s)", d);
		} else {
			snprintf(out->reason, sizeof(out->reason), "none: the document has no revision");
		}
		return;
	}
	/* Published revisions exist but none binds yet: say when the
	 * earliest will. */
	dk_time first = DK_TIME_NONE;
	for (size_t k = 0; k < top; k++) {
		enum which_why why;
		if (m->revs[k].published > at)
			continue;
		dk_time b = default_binding(&m->revs[k], created == DK_TIME_NONE ? m->revs[k].published : created, &why);
		if (first == DK_TIME_NONE || b < first)
			first = b;
	}
	out->why = WHICH_NONE_NOT_YET;
	day(m, first, d);
	day(m, at, d2);
	snprintf(out->reason, sizeof(out->reason), "none: no revision binding on %s yet (first binds %s)", d2, d);
}
