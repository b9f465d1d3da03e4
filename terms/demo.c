/* demo.c - a scripted, deterministic history of the terms of service. */
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/util.h"
#include "terms/demo.h"

#define TOS "terms/terms-of-service.md"
#define DAY 86400

struct sub {
	char *title;
	char *body;
};

struct sect {
	char *title;
	char *intro;
	struct sub *subs;
	size_t nsubs, cap;
};

struct doc {
	char *preamble;
	struct sect *s;
	size_t n, cap;
};

static char *trimdup(const char *p, size_t n)
{
	while (n && (*p == '\n' || *p == ' '))
		p++, n--;
	while (n && (p[n - 1] == '\n' || p[n - 1] == ' '))
		n--;
	return xstrndup(p, n);
}

/* Heading text after "## 4. " or "### 4.2 ". */
static const char *skip_number(const char *h)
{
	while (*h == ' ')
		h++;
	const char *p = h;
	while ((*p >= '0' && *p <= '9') || *p == '.')
		p++;
	if (p > h && *p == ' ')
		return p + 1;
	return h;
}

static void doc_parse(const char *t, struct doc *d)
{
	memset(d, 0, sizeof(*d));
	const char *p = t, *chunk = t;
	struct sect *cur = NULL;
	struct sub *cursub = NULL;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t ll = nl ? (size_t)(nl - p) : strlen(p);
		int lv = !strncmp(p, "### ", 4) ? 3 : !strncmp(p, "## ", 3) ? 2 : 0;
		if (lv) {
			char *body = trimdup(chunk, (size_t)(p - chunk));
			if (cursub)
				cursub->body = body;
			else if (cur)
				cur->intro = body;
			else
				d->preamble = body;
			char *line = xstrndup(p, ll);
			char *title = xstrdup(skip_number(line + lv));
			free(line);
			if (lv == 2) {
				ARRAY_GROW(d->s, d->cap, d->n + 1);
				cur = &d->s[d->n++];
				memset(cur, 0, sizeof(*cur));
				cur->title = title;
				cursub = NULL;
			} else if (cur) {
				ARRAY_GROW(cur->subs, cur->cap, cur->nsubs + 1);
				cursub = &cur->subs[cur->nsubs++];
				cursub->title = title;
				cursub->body = NULL;
			} else {
				free(title);
			}
			chunk = nl ? nl + 1 : p + ll;
		}
		p = nl ? nl + 1 : p + ll;
	}
	char *body = trimdup(chunk, (size_t)(p - chunk));
	if (cursub)
		cursub->body = body;
	else if (cur)
		cur->intro = body;
	else
		d->preamble = body;
	if (!d->preamble)
		d->preamble = xstrdup("# Terms of Service");
}

static void doc_render(const struct doc *d, struct buf *b)
{
	buf_reset(b);
	buf_printf(b, "%s\n", d->preamble);
	for (size_t i = 0; i < d->n; i++) {
		const struct sect *s = &d->s[i];
		buf_printf(b, "\n## %zu. %s\n", i + 1, s->title);
		if (s->intro && *s->intro)
			buf_printf(b, "\n%s\n", s->intro);
		for (size_t k = 0; k < s->nsubs; k++)
			buf_printf(b, "\n### %zu.%zu %s\n\n%s\n", i + 1, k + 1, s->subs[k].title,
				   s->subs[k].body ? s->subs[k].body : "");
	}
}

static void doc_free(struct doc *d)
{
	free(d->preamble);
	for (size_t i = 0; i < d->n; i++) {
		free(d->s[i].title);
		free(d->s[i].intro);
		for (size_t k = 0; k < d->s[i].nsubs; k++) {
			free(d->s[i].subs[k].title);
			free(d->s[i].subs[k].body);
		}
		free(d->s[i].subs);
	}
	free(d->s);
}

static long find_sect(const struct doc *d, const char *title)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->s[i].title, title))
			return (long)i;
	return -1;
}

static struct sub *find_sub(struct doc *d, const char *title)
{
	for (size_t i = 0; i < d->n; i++)
		for (size_t k = 0; k < d->s[i].nsubs; k++)
			if (!strcmp(d->s[i].subs[k].title, title))
				return &d->s[i].subs[k];
	return NULL;
}

/* Insert a new section at index at (clamped). */
static void add_sect(struct doc *d, size_t at, const char *title, const char *intro)
{
	if (at > d->n)
		at = d->n;
	ARRAY_GROW(d->s, d->cap, d->n + 1);
	memmove(&d->s[at + 1], &d->s[at], (d->n - at) * sizeof(*d->s));
	memset(&d->s[at], 0, sizeof(*d->s));
	d->s[at].title = xstrdup(title);
	d->s[at].intro = xstrdup(intro);
	d->n++;
}

static void add_sub(struct doc *d, const char *sect, const char *title, const char *body)
{
	long i = find_sect(d, sect);
	if (i < 0) {
		add_sect(d, d->n, sect, "");
		i = (long)d->n - 1;
	}
	struct sect *s = &d->s[i];
	ARRAY_GROW(s->subs, s->cap, s->nsubs + 1);
	s->subs[s->nsubs].title = xstrdup(title);
	s->subs[s->nsubs].body = xstrdup(body);
	s->nsubs++;
}

static void move_sect(struct doc *d, const char *title, const char *before)
{
	long i = find_sect(d, title);
	if (i < 0)
		return;
	struct sect tmp = d->s[i];
	memmove(&d->s[i], &d->s[i + 1], (d->n - (size_t)i - 1) * sizeof(*d->s));
	d->n--;
	long j = before ? find_sect(d, before) : -1;
	size_t at = j < 0 ? d->n : (size_t)j;
	ARRAY_GROW(d->s, d->cap, d->n + 1);
	memmove(&d->s[at + 1], &d->s[at], (d->n - at) * sizeof(*d->s));
	d->s[at] = tmp;
	d->n++;
}

static void remove_sub(struct doc *d, const char *title)
{
	for (size_t i = 0; i < d->n; i++)
		for (size_t k = 0; k < d->s[i].nsubs; k++)
			if (!strcmp(d->s[i].subs[k].title, title)) {
				free(d->s[i].subs[k].title);
				free(d->s[i].subs[k].body);
				memmove(&d->s[i].subs[k], &d->s[i].subs[k + 1],
					(d->s[i].nsubs - k - 1) * sizeof(struct sub));
				d->s[i].nsubs--;
				return;
			}
}

/* Replace `from` by `to` in a section's intro or a subsection's body;
 * when `from` is absent, append `to` as a new paragraph. */
static void reword(struct doc *d, const char *title, const char *from, const char *to)
{
	char **text = NULL;
	struct sub *sb = find_sub(d, title);
	long i = find_sect(d, title);
	if (sb)
		text = &sb->body;
	else if (i >= 0)
		text = &d->s[i].intro;
	if (!text)
		return;
	struct buf b = BUF_INIT;
	const char *hit = from ? strstr(*text, from) : NULL;
	if (hit) {
		buf_add(&b, *text, (size_t)(hit - *text));
		buf_adds(&b, to);
		buf_adds(&b, hit + strlen(from));
	} else {
		buf_printf(&b, "%s\n\n%s", *text, to);
	}
	free(*text);
	*text = buf_detach(&b);
}

struct step {
	const char *subject;
	int notice_days;
	void (*apply)(struct doc *d);
};

static void st_price_changes(struct doc *d)
{
	add_sub(d, "Fees and payment", "Price changes",
		"We may change subscription prices. We will tell you at least 30 days\n"
		"before a new price applies to your next billing period, and you may\n"
		"cancel before it does.");
}

static void st_refund_window(struct doc *d)
{
	reword(d, "Refunds", "within 14 days", "within 30 days");
}

static void st_acceptable_use(struct doc *d)
{
	long i = find_sect(d, "Use of the services");
	add_sect(d, i < 0 ? d->n : (size_t)i + 1, "Acceptable use",
		 "You must not use the services to send unsolicited messages, to\n"
		 "infringe the rights of others, to distribute malware, or to probe or\n"
		 "overload our systems. We may remove content that breaks this section.");
}

static void st_move_privacy(struct doc *d)
{
	move_sect(d, "Privacy", "Your account");
}

static void st_liability(struct doc *d)
{
	reword(d, "Liability", "in the twelve months before the claim arose",
	       "in the six months before the claim arose, or 100 euros if that is\nmore");
}

static void st_remove_services_definition(struct doc *d)
{
	remove_sub(d, "The services");
	reword(d, "The Company", "as named\non the order form or in the account settings.",
	       "as named\non the order form or in the account settings, and \"services\" means\n"
	       "everything we provide to you under these Terms.");
}

static void st_ai(struct doc *d)
{
	long i = find_sect(d, "Privacy");
	add_sect(d, i < 0 ? d->n : (size_t)i + 1, "Automated assistants",
		 "Some replies from our support team are drafted or sent by an automated\n"
		 "assistant. We tell you when that is the case, and you can always ask\n"
		 "for a person to handle your request instead.");
}

static void st_disputes(struct doc *d)
{
	reword(d, "Governing law", "without affecting", "without depriving you of");
	add_sub(d, "Governing law", "Disputes",
		"Before going to court, please contact us so that we can try to\n"
		"resolve the dispute. You may also use an alternative dispute\n"
		"resolution body where the law of your country provides one.");
}

static void st_move_complaints(struct doc *d)
{
	move_sect(d, "Complaints", "Liability");
}

static void st_changes_notice(struct doc *d)
{
	reword(d, "Changes to these Terms", "give\nyou reasonable notice before it applies to you.",
	       "give\nyou at least 30 days' notice by email before it applies to you. If you do\n"
	       "not agree, you may close your account before the change takes effect.");
}

static const struct step steps[] = {
	{ "Add notice of price changes", 30, st_price_changes },
	{ "Extend the refund window to 30 days", 0, st_refund_window },
	{ "Add an acceptable use section", 30, st_acceptable_use },
	{ "Move the privacy section next to the definitions", 0, st_move_privacy },
	{ "Limit liability to six months of fees", 45, st_liability },
	{ "Fold the services definition into 1.1", 0, st_remove_services_definition },
	{ "Disclose automated assistants", 30, st_ai },
	{ "Add a disputes clause", 0, st_disputes },
	{ "Move complaints before liability", 14, st_move_complaints },
	{ "Give 30 days' notice of changes by email", 0, st_changes_notice },
};

static const char *const authors[] = { "anna", "omar", "mei", "sam" };

static unsigned next_rand(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

int legal_demo_history(struct legal_repo *r, dk_time start, dk_time end, unsigned seed, struct legal_rev **revs,
		       size_t *nrevs)
{
	struct legal_rev *log = NULL;
	size_t nlog = 0;
	char *text = NULL;
	size_t len;
	struct doc d;
	struct buf b = BUF_INIT;
	unsigned rs = seed * 2654435761u + 1;
	int rc;

	if (revs) {
		*revs = NULL;
		*nrevs = 0;
	}
	if ((rc = legal_show(r, NULL, TOS, &text, &len, NULL)))
		return rc;
	if ((rc = legal_log(r, TOS, &log, &nlog)))
		goto out;
	/* start after the current revision */
	if (nlog && start <= log[0].committed_at)
		start = log[0].committed_at + DAY;
	if (end <= start + (dk_time)ARRAY_SIZE(steps) * DAY)
		end = start + (dk_time)ARRAY_SIZE(steps) * 30 * DAY;
	legal_revs_free(log, nlog);
	log = NULL;
	nlog = 0;
	doc_parse(text, &d);
	dk_time slot = (end - start) / (dk_time)ARRAY_SIZE(steps);
	for (size_t i = 0; i < ARRAY_SIZE(steps) && !rc; i++) {
		steps[i].apply(&d);
		doc_render(&d, &b);
		/* a weekday-ish office hour inside the slot */
		dk_time day0 = start + slot * (dk_time)i + (dk_time)(next_rand(&rs) % (unsigned)(slot / DAY > 1 ? slot / DAY - 1 : 1)) * DAY;
		day0 -= day0 % DAY;
		dk_time when = day0 + (8 + next_rand(&rs) % 9) * 3600 + (next_rand(&rs) % 60) * 60;
		if (when < start)
			when = start;
		dk_time eff = day0 + (dk_time)(7 + next_rand(&rs) % 24) * DAY;
		struct legal_publish p = {
			.path = TOS,
			.data = b.data,
			.len = b.len,
			.author = authors[(next_rand(&rs) + i) % ARRAY_SIZE(authors)],
			.when = when,
			.message = steps[i].subject,
			.effective = eff,
			.notice_days = steps[i].notice_days,
			.tz = NULL,
		};
		char id[LEGAL_ID_LEN + 1];
		rc = legal_publish_file(r, &p, id);
		if (rc == DK_ECONFLICT && strstr(err_msg(), "identical"))
			rc = 0; /* a step that found nothing to change */
	}
	doc_free(&d);
	if (!rc && revs) {
		if ((rc = legal_log(r, TOS, &log, &nlog)))
			goto out;
		/* oldest first */
		for (size_t i = 0; i < nlog / 2; i++) {
			struct legal_rev t = log[i];
			log[i] = log[nlog - 1 - i];
			log[nlog - 1 - i] = t;
		}
		*revs = log;
		*nrevs = nlog;
		log = NULL;
		nlog = 0;
	}
out:
	legal_revs_free(log, nlog);
	buf_release(&b);
	free(text);
	return rc;
}
