/* rules.c - rule pack loader and validator (inih with line tracking),
 * jurisdiction groups, matching and phrase suggestions. */
#include "core/rules.h"
#include "core/classify.h"

#include <ctype.h>
#include <dirent.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "core/jurisdiction.h"
#include "model/model.h"
#include "lib/util.h"

/* The one ISO 3166 table, shared with customers: core/jurisdiction.c. */
int rule_jurisdiction_code_valid(const char *code) { return jurisdiction_code_valid(code); }

int rule_calendar_is_establishment(const struct rule *r)
{
	return r && r->calendar && !strcmp(r->calendar, RULE_CALENDAR_ESTABLISHMENT);
}

int rule_code_within(const char *code, const char *within)
{
	if (!code || !within)
		return 0;
	size_t n = strlen(within);
	return !strncmp(code, within, n) && (code[n] == '\0' || code[n] == '-');
}

/* ---- periods ---- */

static const struct {
	const char *word;
	int unit;
} unit_words[] = {
	{ "hour", RULE_UNIT_HOURS },
	{ "hours", RULE_UNIT_HOURS },
	{ "day", RULE_UNIT_DAYS },
	{ "days", RULE_UNIT_DAYS },
	{ "calendar day", RULE_UNIT_DAYS },
	{ "calendar days", RULE_UNIT_DAYS },
	{ "business day", RULE_UNIT_BUSINESS_DAYS },
	{ "business days", RULE_UNIT_BUSINESS_DAYS },
	{ "working day", RULE_UNIT_BUSINESS_DAYS },
	{ "working days", RULE_UNIT_BUSINESS_DAYS },
	{ "week", RULE_UNIT_WEEKS },
	{ "weeks", RULE_UNIT_WEEKS },
	{ "month", RULE_UNIT_MONTHS },
	{ "months", RULE_UNIT_MONTHS },
};

int rule_period_parse(const char *s, struct rule_period *out)
{
	const char *p = s;
	int n = 0, digits = 0;
	while (isdigit((unsigned char)*p) && digits < 5) {
		n = n * 10 + (*p++ - '0');
		digits++;
	}
	if (!digits || isdigit((unsigned char)*p) || n < 1 || n > 9999 || !isspace((unsigned char)*p))
		goto bad;
	while (isspace((unsigned char)*p))
		p++;
	/* Normalise inner runs of blanks to one space. */
	char word[32];
	size_t w = 0;
	for (; *p && w + 1 < sizeof(word); p++) {
		if (isspace((unsigned char)*p)) {
			if (w && word[w - 1] != ' ')
				word[w++] = ' ';
		} else {
			word[w++] = (char)tolower((unsigned char)*p);
		}
	}
	if (*p)
		goto bad;
	while (w && word[w - 1] == ' ')
		w--;
	word[w] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(unit_words); i++) {
		if (!strcmp(word, unit_words[i].word)) {
			out->n = n;
			out->unit = unit_words[i].unit;
			return 0;
		}
	}
bad:
	return err_set(DK_EINVAL,
		       "bad duration '%s' (expected a number 1-9999 and hours, days, calendar days, "
		       "business days, weeks or months)",
		       s);
}

char *rule_period_format(const struct rule_period *p, char *out, size_t n)
{
	static const char *const names[] = { "", "hour", "day", "business day", "week", "month" };
	if (p->unit <= RULE_UNIT_NONE || p->unit > RULE_UNIT_MONTHS)
		snprintf(out, n, "none");
	else
		snprintf(out, n, "%d %s%s", p->n, names[p->unit], p->n == 1 ? "" : "s");
	return out;
}

/* ---- the pack ---- */

struct group {
	char *name;
	char **items; /* as written */
	int *item_lines;
	size_t nitems, capitems;
	char **codes; /* expanded */
	size_t ncodes, capcodes;
	int line;
	int state; /* 0 new, 1 expanding, 2 done */
};

struct rule_pack {
	struct rule **rules;
	size_t n, cap;
	struct calendar_set *cals;
	struct group *groups;
	size_t ngroups, capgroups;
	char **files;
	size_t nfiles, capfiles;
};

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void strv_push(char ***v, size_t *n, const char *s)
{
	size_t cap = *n; /* arrays grow one by one; capacity == length */
	ARRAY_GROW(*v, cap, *n + 1);
	(*v)[(*n)++] = xstrdup(s);
}

static int strv_has(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

static void rule_free(struct rule *r)
{
	if (!r)
		return;
	free(r->id);
	free(r->title);
	free(r->regime);
	strv_free(r->applies, r->napplies);
	strv_free(r->jurisdictions, r->njurisdictions);
	strv_free(r->codes, r->ncodes);
	free(r->from);
	free(r->until);
	strv_free(r->phrases, r->nphrases);
	free(r->starts);
	strv_free(r->start_events, r->nstart_events);
	strv_free(r->pauses, r->npauses);
	free(r->deadline_text);
	free(r->calendar);
	free(r->calendar_within);
	free(r->extension_text);
	free(r->extension_when);
	free(r->ack_text);
	free(r->prompt);
	strv_free(r->steps, r->nsteps);
	for (size_t i = 0; i < r->nstep_done_by; i++)
		free(r->step_done_by[i]);
	free(r->step_done_by);
	strv_free(r->requires, r->nrequires);
	free(r->source);
	free(r->note);
	free(r);
}

void rule_pack_free(struct rule_pack *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		rule_free(p->rules[i]);
	free(p->rules);
	calendar_set_free(p->cals);
	for (size_t i = 0; i < p->ngroups; i++) {
		struct group *g = &p->groups[i];
		free(g->name);
		strv_free(g->items, g->nitems);
		free(g->item_lines);
		strv_free(g->codes, g->ncodes);
	}
	free(p->groups);
	strv_free(p->files, p->nfiles);
	free(p);
}

size_t rule_pack_count(const struct rule_pack *p) { return p ? p->n : 0; }

const struct rule *rule_pack_get(const struct rule_pack *p, size_t i)
{
	return p && i < p->n ? p->rules[i] : NULL;
}

const struct rule *rule_pack_find(const struct rule_pack *p, const char *id)
{
	if (!p || !id)
		return NULL;
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->rules[i]->id, id))
			return p->rules[i];
	return NULL;
}

const struct calendar_set *rule_pack_calendars(const struct rule_pack *p) { return p ? p->cals : NULL; }

static struct group *group_find(const struct rule_pack *p, const char *name)
{
	for (size_t i = 0; i < p->ngroups; i++)
		if (!strcmp(p->groups[i].name, name))
			return &p->groups[i];
	return NULL;
}

const char *const *rule_pack_group(const struct rule_pack *p, const char *name, size_t *n)
{
	struct group *g = p && name ? group_find(p, name) : NULL;
	*n = g ? g->ncodes : 0;
	return g ? (const char *const *)g->codes : NULL;
}

size_t rule_pack_group_count(const struct rule_pack *p) { return p ? p->ngroups : 0; }

const char *rule_pack_group_name(const struct rule_pack *p, size_t i)
{
	return p && i < p->ngroups ? p->groups[i].name : NULL;
}

/* ---- matching ---- */

int rule_in_force(const struct rule *r, dk_time at, const char *tz)
{
	int64_t d = dk_local_days(tz, at);
	return d >= r->from_day && d <= r->until_day;
}

int rule_covers(const struct rule *r, const char *j)
{
	if (!j)
		return 0;
	size_t jl = strlen(j);
	for (size_t i = 0; i < r->ncodes; i++) {
		const char *c = r->codes[i];
		size_t cl = strlen(c);
		if (!strcmp(c, "*") || !strcmp(c, j))
			return 1;
		if (!strchr(c, '-') && jl > cl && !memcmp(c, j, cl) && j[cl] == '-')
			return 1;
	}
	return 0;
}

int rule_starts_on(const struct rule *r, const char *event)
{
	return event && strv_has(r->start_events, r->nstart_events, event);
}

int rule_applies_to(const struct rule *r, const char *kind)
{
	return kind && strv_has(r->applies, r->napplies, kind);
}

int rule_pack_match(const struct rule_pack *p, const char *kind, const char *jurisdiction,
		    dk_time at, const char *tz, const struct rule ***out, size_t *n)
{
	const struct rule **v = NULL;
	size_t nv = 0, cap = 0;
	for (size_t i = 0; p && i < p->n; i++) {
		const struct rule *r = p->rules[i];
		if (rule_applies_to(r, kind) && rule_covers(r, jurisdiction) && rule_in_force(r, at, tz)) {
			ARRAY_GROW(v, cap, nv + 1);
			v[nv++] = r;
		}
	}
	*out = v;
	*n = nv;
	return 0;
}

static int is_word(unsigned char c) { return isalnum(c) || c >= 0x80; }

/* Offset of the first case-insensitive, word-bounded occurrence of
 * needle in hay, or -1. */
static long find_phrase(const char *hay, const char *needle)
{
	size_t nl = strlen(needle);
	if (!nl)
		return -1;
	for (const char *h = hay; *h; h++) {
		if (h > hay && is_word((unsigned char)h[-1]) && is_word((unsigned char)needle[0]))
			continue;
		if (strncasecmp(h, needle, nl))
			continue;
		if (is_word((unsigned char)h[nl]) && is_word((unsigned char)needle[nl - 1]))
			continue;
		return (long)(h - hay);
	}
	return -1;
}

int rule_pack_suggest(const struct rule_pack *p, const char *text, struct rule_suggestion **out,
		      size_t *n)
{
	struct rule_suggestion *v = NULL;
	size_t nv = 0, cap = 0;
	for (size_t i = 0; p && text && i < p->n; i++) {
		const struct rule *r = p->rules[i];
		for (size_t k = 0; k < r->nphrases; k++) {
			long off = find_phrase(text, r->phrases[k]);
			if (off < 0)
				continue;
			ARRAY_GROW(v, cap, nv + 1);
			v[nv].rule = r;
			v[nv].phrase = r->phrases[k];
			v[nv].offset = (size_t)off;
			nv++;
			break;
		}
	}
	*out = v;
	*n = nv;
	return 0;
}

/* ---- loading ---- */

enum file_kind { F_GROUPS, F_CALENDAR, F_RULES, F_OTHER };

enum key_type { T_TEXT, T_LIST, T_SCALAR, T_STEP };

enum rule_key {
	K_TITLE, K_REGIME, K_APPLIES, K_JURISDICTIONS, K_FROM, K_UNTIL, K_PHRASES, K_STARTS,
	K_PAUSES, K_DEADLINE, K_ROLL, K_CALENDAR, K_EXTENSION, K_EXTENSION_WHEN, K_ACK, K_PROMPT,
	K_STEP, K_SOURCE, K_NOTE, K_DUTY, K_COUNTING, K_PAUSE_COUNTING, NKEYS
};

static const struct {
	const char *name;
	int type;
	int required;
} rule_keys[NKEYS] = {
	[K_TITLE] = { "title", T_TEXT, 1 },
	[K_REGIME] = { "regime", T_TEXT, 1 },
	[K_APPLIES] = { "applies", T_LIST, 1 },
	[K_JURISDICTIONS] = { "jurisdictions", T_LIST, 1 },
	[K_FROM] = { "from", T_SCALAR, 1 },
	[K_UNTIL] = { "until", T_SCALAR, 0 },
	[K_PHRASES] = { "phrases", T_LIST, 0 },
	[K_STARTS] = { "starts", T_SCALAR, 0 },
	[K_PAUSES] = { "pauses", T_LIST, 0 },
	[K_DEADLINE] = { "deadline", T_SCALAR, 0 }, /* required unless automated */
	[K_ROLL] = { "roll", T_SCALAR, 0 },
	[K_CALENDAR] = { "calendar", T_SCALAR, 0 },
	[K_EXTENSION] = { "extension", T_SCALAR, 0 },
	[K_EXTENSION_WHEN] = { "extension_when", T_TEXT, 0 },
	[K_ACK] = { "ack", T_SCALAR, 0 },
	[K_PROMPT] = { "prompt", T_TEXT, 1 },
	[K_STEP] = { "step", T_STEP, 0 },
	[K_SOURCE] = { "source", T_TEXT, 1 },
	[K_NOTE] = { "note", T_TEXT, 0 },
	[K_DUTY] = { "duty", T_SCALAR, 0 },
	[K_COUNTING] = { "counting", T_SCALAR, 0 },
	[K_PAUSE_COUNTING] = { "pause_counting", T_SCALAR, 0 },
};

/* What may start a clock (clock_starts) and the pause reasons
 * (pause_reasons): model/vocab.h, docs/rule-pack.md. */

struct lerror {
	size_t file; /* parse order */
	int line;
	int seq;
	char *text; /* "file:line: message" */
};

struct loader {
	struct rule_pack *p;
	struct lerror *errs;
	size_t nerrs, caperrs;
	int nerrors;
	const char *file; /* owned by p->files */
	int kind;
	/* reader */
	const char *pos, *end;
	int line;
	int have_prev; /* inih's prev_name is set */
	int cont;      /* the current line continues the previous value */
	int in_section;
	int section_line;
	int skip;      /* ignore the keys of this section */
	/* rules */
	struct rule *r;
	int dup;
	int key_line[NKEYS];
	int last_key;  /* key of the previous line, -1 if unknown/bad */
	int after_step; /* the previous key was a step (done_by may follow) */
	int requires_line; /* line of the rule's `requires`, 0 if none */
	int in_requires;   /* the previous line was `requires` (a list may continue) */
	/* calendars */
	struct calendar *cal;
	int cal_section; /* 1 [calendar], 2 [holidays] */
	int cal_years_line;
	struct cal_line {
		int64_t day;
		int line;
	} *cal_excl; /* exceptions of the current file, checked at its end */
	size_t cal_nexcl, cal_capexcl;
	struct cal_line *cal_work; /* working days, checked at its end */
	size_t cal_nwork, cal_capwork;
	int hol_bad_last;
	/* groups */
	struct group *grp;
};

static void lerr(struct loader *L, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void lerr(struct loader *L, int line, const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s:%d: ", L->file, line);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	ARRAY_GROW(L->errs, L->caperrs, L->nerrs + 1);
	struct lerror *e = &L->errs[L->nerrs++];
	e->file = L->p->nfiles;
	e->line = line;
	e->seq = L->nerrors++;
	e->text = buf_detach(&b);
}

static int cmp_lerror(const void *a, const void *b)
{
	const struct lerror *x = a, *y = b;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq - y->seq;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Split a comma-separated value, calling fn for each trimmed item.
 * Empty items are reported. */
static void split_list(struct loader *L, const char *value, const char *key,
		       void (*fn)(struct loader *, const char *item, void *), void *arg)
{
	char *copy = xstrdup(value);
	int any = 0;
	char *s = copy;
	for (;;) {
		char *comma = strchr(s, ',');
		if (comma)
			*comma = '\0';
		char *item = trim(s);
		if (*item) {
			fn(L, item, arg);
			any = 1;
		} else if (comma || !any) {
			lerr(L, L->line, "empty item in %s", key);
		}
		if (!comma)
			break;
		s = comma + 1;
	}
	free(copy);
}

static int parse_date(const char *s, int64_t *day)
{
	int y, m, d;
	char tail;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > dk_days_in_month(y, m))
		return -1;
	*day = dk_days_from_civil(y, m, d);
	return 0;
}

static int valid_id(const char *s)
{
	if (!*s || !(islower((unsigned char)*s) || isdigit((unsigned char)*s)))
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-' && *s != '.')
			return 0;
	return 1;
}

static int in_list(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (!strcmp(*l, s))
			return 1;
	return 0;
}

static void list_known(struct buf *b, const char *const *l)
{
	for (size_t i = 0; l[i]; i++)
		buf_printf(b, "%s%s", i ? ", " : "", l[i]);
}

/* -- rules -- */

static void finish_rule(struct loader *L)
{
	struct rule *r = L->r;
	if (!r)
		return;
	L->r = NULL;
	int automated = r->automated;
	for (int k = 0; k < NKEYS && !L->dup; k++) {
		int req = rule_keys[k].required || (k == K_DEADLINE && !automated);
		if (req && !L->key_line[k])
			lerr(L, r->line, "rule '%s': missing required key '%s'", r->id, rule_keys[k].name);
	}
	if (automated && r->napplies > 1)
		lerr(L, L->key_line[K_APPLIES], "'%s' cannot be combined with ticket kinds",
		     RULE_AUTOMATED_REPLY);
	if (r->from && r->until && r->until_day < r->from_day)
		lerr(L, L->key_line[K_UNTIL], "until %s is before from %s", r->until, r->from);
	if (r->extension_when && !r->extension_text)
		lerr(L, L->key_line[K_EXTENSION_WHEN], "extension_when without extension");
	if (r->roll && r->deadline.unit == RULE_UNIT_HOURS)
		lerr(L, L->key_line[K_ROLL], "roll does not apply to a deadline in hours");
	if (!r->starts) {
		r->starts = xstrdup(automated ? "reply" : "received");
		strv_push(&r->start_events, &r->nstart_events, r->starts);
	}
	if (r->counting == RULE_COUNT_BEGINNING_WITH && r->deadline.unit == RULE_UNIT_HOURS)
		lerr(L, L->key_line[K_COUNTING], "counting does not apply to a deadline in hours");
	if (r->pause_inclusive && !r->npauses)
		lerr(L, L->key_line[K_PAUSE_COUNTING], "pause_counting without pauses");
	if (L->dup) {
		rule_free(r);
		return;
	}
	ARRAY_GROW(L->p->rules, L->p->cap, L->p->n + 1);
	L->p->rules[L->p->n++] = r;
}

static void start_rule(struct loader *L, const char *id)
{
	struct rule *r = xcalloc(1, sizeof(*r));
	r->id = xstrdup(id);
	r->file = L->file;
	r->line = L->line;
	r->until_day = INT64_MAX;
	L->r = r;
	L->dup = 0;
	memset(L->key_line, 0, sizeof(L->key_line));
	L->last_key = -1;
	L->requires_line = 0;
	L->in_requires = 0;
	if (!valid_id(id)) {
		lerr(L, L->line, "bad rule id '%s' (use lower-case letters, digits, '-' and '.')", id);
		L->dup = 1;
		return;
	}
	const struct rule *prev = rule_pack_find(L->p, id);
	if (prev) {
		lerr(L, L->line, "duplicate rule id '%s' (first defined at %s:%d)", id, prev->file, prev->line);
		L->dup = 1;
	}
}

static void add_kind(struct loader *L, const char *item, void *arg)
{
	struct rule *r = L->r;
	if (!strcmp(item, RULE_AUTOMATED_REPLY)) {
		r->automated = 1;
	} else if (!ticket_kind_valid(item)) {
		struct buf b = BUF_INIT;
		list_known(&b, ticket_kinds);
		lerr(L, L->line, "unknown ticket kind '%s' (known: %s, %s)", item, buf_str(&b),
		     RULE_AUTOMATED_REPLY);
		buf_release(&b);
		return;
	}
	if (!strv_has(r->applies, r->napplies, item))
		strv_push(&r->applies, &r->napplies, item);
}

static void add_jurisdiction(struct loader *L, const char *item, void *arg)
{
	struct rule *r = L->r;
	struct group *g = group_find(L->p, item);
	if (g) {
		for (size_t i = 0; i < g->ncodes; i++)
			if (!strv_has(r->codes, r->ncodes, g->codes[i]))
				strv_push(&r->codes, &r->ncodes, g->codes[i]);
	} else if (!strcmp(item, "*") || rule_jurisdiction_code_valid(item)) {
		if (!strv_has(r->codes, r->ncodes, item))
			strv_push(&r->codes, &r->ncodes, item);
	} else {
		lerr(L, L->line, "unknown jurisdiction or group '%s'", item);
		return;
	}
	strv_push(&r->jurisdictions, &r->njurisdictions, item);
}

static void add_phrase(struct loader *L, const char *item, void *arg)
{
	char bad[48];
	if (classify_phrase_check(item, bad, sizeof(bad))) {
		lerr(L, L->line, "unknown concept '%s' in phrases (known: %s)", bad, classify_concept_names());
		return;
	}
	strv_push(&L->r->phrases, &L->r->nphrases, item);
}

static void add_start(struct loader *L, const char *item, void *arg)
{
	struct rule *r = L->r;
	if (clock_start_parse(item) < 0) {
		struct buf b = BUF_INIT;
		list_known(&b, clock_starts);
		lerr(L, L->line, "unknown clock event '%s' (known: %s)", item, buf_str(&b));
		buf_release(&b);
		return;
	}
	if (!strv_has(r->start_events, r->nstart_events, item))
		strv_push(&r->start_events, &r->nstart_events, item);
}

static void add_pause(struct loader *L, const char *item, void *arg)
{
	struct rule *r = L->r;
	if (!strcmp(item, "none")) {
		if (r->npauses || L->cont)
			lerr(L, L->line, "'none' cannot be combined with pause reasons");
		return;
	}
	if (pause_reason_parse(item) < 0) {
		struct buf b = BUF_INIT;
		list_known(&b, pause_reasons);
		lerr(L, L->line, "unknown pause reason '%s' (known: %s, or none)", item, buf_str(&b));
		buf_release(&b);
		return;
	}
	strv_push(&r->pauses, &r->npauses, item);
}

/* Append a continuation line to a text value. */
static void append_text(char **dst, const char *v)
{
	if (!*v)
		return;
	char *s = *dst && **dst ? xasprintf("%s %s", *dst, v) : xstrdup(v);
	free(*dst);
	*dst = s;
}

static void period_key(struct loader *L, const char *value, struct rule_period *per, char **text)
{
	if (rule_period_parse(value, per)) {
		lerr(L, L->line, "%s", err_msg());
		return;
	}
	char tmp[32];
	free(*text);
	*text = xstrdup(rule_period_format(per, tmp, sizeof(tmp)));
}

/* ---- step completion keys (issue 12 item 3; kept apart from the keys
 * above). `done_by = EVENT` right after a `step` line names what
 * completes that step: an event type, or `reply` (the first outbound
 * reply). docket ticks the step with it as evidence. */

static const char *const done_by_events[] = { "reply", "acknowledged", "identity-verified", "extended",
					      "escalated", "aware", "clock-resumed", "copy-sent", NULL };

const char *rule_step_done_by(const struct rule *r, size_t i)
{
	return r && i < r->nstep_done_by ? r->step_done_by[i] : NULL;
}

/* 1 when name is a step completion key (handled here, errors included). */
static int completion_key(struct loader *L, const char *name, const char *value)
{
	if (L->cont || strcmp(name, "done_by"))
		return 0;
	struct rule *r = L->r;
	L->last_key = -1;
	if (!r->nsteps || !L->after_step) {
		lerr(L, L->line, "'done_by' must follow the step it completes");
		return 1;
	}
	if (!*value) {
		lerr(L, L->line, "empty value for 'done_by'");
		return 1;
	}
	/* a comma list: whichever comes first completes the step */
	struct buf norm = BUF_INIT;
	int bad = 0;
	for (const char *p = value; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t len = strcspn(p, ",");
		while (len && p[len - 1] == ' ')
			len--;
		if (!len)
			break;
		char *item = xstrndup(p, len);
		if (!in_list(done_by_events, item)) {
			struct buf b = BUF_INIT;
			list_known(&b, done_by_events);
			lerr(L, L->line, "unknown completing event '%s' (known: %s)", item, buf_str(&b));
			buf_release(&b);
			bad = 1;
		} else {
			buf_printf(&norm, "%s%s", norm.len ? "," : "", item);
		}
		free(item);
		p += strcspn(p, ",");
	}
	if (bad || !norm.len) {
		if (!bad)
			lerr(L, L->line, "empty value for 'done_by'");
		buf_release(&norm);
		return 1;
	}
	if (r->nstep_done_by < r->nsteps) {
		r->step_done_by = xrealloc(r->step_done_by, r->nsteps * sizeof(*r->step_done_by));
		for (size_t i = r->nstep_done_by; i < r->nsteps; i++)
			r->step_done_by[i] = NULL;
		r->nstep_done_by = r->nsteps;
	}
	char **slot = &r->step_done_by[r->nsteps - 1];
	if (*slot) {
		lerr(L, L->line, "step %zu already has done_by", r->nsteps);
		buf_release(&norm);
		return 1;
	}
	*slot = buf_detach(&norm);
	L->after_step = 0;
	return 1;
}

/* ---- end of step completion keys */

/* ---- workspace facts (issue 12 item 7; kept apart like done_by).
 * `requires = fca, payment-services`: the rule binds only a workspace
 * whose config `regulated` lists every one of them (core/facts.h). A fact
 * is a lower-case name: letters, digits and '-'. */

static int fact_valid(const char *s)
{
	if (!*s || !islower((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-')
			return 0;
	return 1;
}

static void add_fact(struct loader *L, const char *item, void *arg)
{
	struct rule *r = L->r;
	if (!fact_valid(item)) {
		lerr(L, L->line, "bad fact '%s' in requires (use lower-case letters, digits and '-', such as fca)", item);
		return;
	}
	if (!strv_has(r->requires, r->nrequires, item))
		strv_push(&r->requires, &r->nrequires, item);
}

/* 1 when the line is `requires` or continues it (handled here, errors
 * included). */
static int facts_key(struct loader *L, const char *name, const char *value)
{
	if (L->cont ? !L->in_requires : strcmp(name, "requires")) {
		L->in_requires = 0;
		return 0;
	}
	L->last_key = -1;
	L->after_step = 0;
	if (!L->cont) {
		if (L->requires_line) {
			lerr(L, L->line, "duplicate key 'requires' (first at line %d)", L->requires_line);
			L->in_requires = 0;
			return 1;
		}
		L->requires_line = L->line;
		if (!*value) {
			lerr(L, L->line, "empty value for 'requires' (name the facts, such as fca; see docs/rule-pack.md)");
			L->in_requires = 0;
			return 1;
		}
	}
	L->in_requires = 1;
	if (*value)
		split_list(L, value, "requires", add_fact, NULL);
	return 1;
}

/* ---- end of workspace facts */

static void rule_key(struct loader *L, const char *name, const char *value)
{
	if (facts_key(L, name, value))
		return;
	if (completion_key(L, name, value))
		return;
	L->after_step = 0;
	struct rule *r = L->r;
	int k;
	if (L->cont) {
		k = L->last_key;
		if (k < 0)
			return; /* continuing a key already reported */
		if (rule_keys[k].type == T_SCALAR) {
			lerr(L, L->line, "'%s' takes one value on one line", rule_keys[k].name);
			return;
		}
	} else {
		for (k = 0; k < NKEYS; k++)
			if (!strcmp(rule_keys[k].name, name))
				break;
		L->last_key = -1;
		if (k == NKEYS) {
			lerr(L, L->line, "unknown key '%s'", name);
			return;
		}
		if (L->key_line[k] && rule_keys[k].type != T_STEP) {
			lerr(L, L->line, "duplicate key '%s' (first at line %d)", name, L->key_line[k]);
			return;
		}
		if (!L->key_line[k])
			L->key_line[k] = L->line;
		L->last_key = k;
		if (!*value && rule_keys[k].type != T_TEXT && rule_keys[k].type != T_STEP) {
			lerr(L, L->line, "empty value for '%s'", name);
			return;
		}
	}
	int64_t day;
	switch (k) {
	case K_TITLE: append_text(&r->title, value); break;
	case K_REGIME: append_text(&r->regime, value); break;
	case K_PROMPT: append_text(&r->prompt, value); break;
	case K_SOURCE: append_text(&r->source, value); break;
	case K_NOTE: append_text(&r->note, value); break;
	case K_EXTENSION_WHEN: append_text(&r->extension_when, value); break;
	case K_STEP:
		L->after_step = 1;
		if (L->cont)
			append_text(&r->steps[r->nsteps - 1], value);
		else if (!*value) {
			lerr(L, L->line, "empty value for 'step'");
			L->last_key = -1; /* its continuation lines have no step */
		} else
			strv_push(&r->steps, &r->nsteps, value);
		break;
	case K_APPLIES: split_list(L, value, "applies", add_kind, NULL); break;
	case K_JURISDICTIONS: split_list(L, value, "jurisdictions", add_jurisdiction, NULL); break;
	case K_PHRASES: split_list(L, value, "phrases", add_phrase, NULL); break;
	case K_PAUSES: split_list(L, value, "pauses", add_pause, NULL); break;
	case K_FROM:
	case K_UNTIL:
		if (parse_date(value, &day)) {
			lerr(L, L->line, "bad date '%s' (expected YYYY-MM-DD)", value);
			break;
		}
		if (k == K_FROM) {
			r->from = xstrdup(value);
			r->from_day = day;
		} else {
			r->until = xstrdup(value);
			r->until_day = day;
		}
		break;
	case K_STARTS: {
		size_t before = r->nstart_events;
		split_list(L, value, "starts", add_start, NULL);
		if (r->nstart_events > before)
			append_text(&r->starts, value);
		break;
	}
	case K_COUNTING:
		if (!strcmp(value, "beginning-with"))
			r->counting = RULE_COUNT_BEGINNING_WITH;
		else if (!strcmp(value, "after"))
			r->counting = RULE_COUNT_AFTER;
		else
			lerr(L, L->line, "bad value '%s' for counting (expected after or beginning-with)", value);
		break;
	case K_PAUSE_COUNTING:
		if (!strcmp(value, "inclusive"))
			r->pause_inclusive = 1;
		else if (!strcmp(value, "exclusive"))
			r->pause_inclusive = 0;
		else
			lerr(L, L->line, "bad value '%s' for pause_counting (expected exclusive or inclusive)", value);
		break;
	case K_DEADLINE: period_key(L, value, &r->deadline, &r->deadline_text); break;
	case K_EXTENSION: period_key(L, value, &r->extension, &r->extension_text); break;
	case K_ACK: period_key(L, value, &r->ack, &r->ack_text); break;
	case K_DUTY:
		if (!strcmp(value, "acknowledgement") || !strcmp(value, "acknowledge"))
			r->ack_duty = 1;
		else if (!strcmp(value, "response"))
			r->ack_duty = 0;
		else
			lerr(L, L->line, "bad value '%s' for duty (expected response or acknowledgement)", value);
		break;
	case K_ROLL:
		if (!strcmp(value, "yes") || !strcmp(value, "true"))
			r->roll = RULE_ROLL_YES;
		else if (!strcmp(value, "no") || !strcmp(value, "false"))
			r->roll = RULE_ROLL_NO;
		else if (!strcmp(value, "holidays"))
			r->roll = RULE_ROLL_HOLIDAYS;
		else
			lerr(L, L->line, "bad value '%s' for roll (expected yes, no or holidays)", value);
		break;
	case K_CALENDAR: {
		/* CODE, establishment, or establishment in CODE */
		const char *in = NULL;
		size_t el = strlen(RULE_CALENDAR_ESTABLISHMENT);
		if (!strncmp(value, RULE_CALENDAR_ESTABLISHMENT, el) && !strncmp(value + el, " in ", 4)) {
			in = value + el + 4;
			while (*in == ' ')
				in++;
		}
		if (in ? !rule_jurisdiction_code_valid(in)
		       : !rule_jurisdiction_code_valid(value) && strcmp(value, RULE_CALENDAR_ESTABLISHMENT)) {
			lerr(L, L->line,
			     "bad calendar '%s' (expected a jurisdiction code such as GB or US-CA, establishment, or "
			     "establishment in CODE)",
			     value);
			break;
		}
		free(r->calendar);
		free(r->calendar_within);
		r->calendar = xstrdup(in ? RULE_CALENDAR_ESTABLISHMENT : value);
		r->calendar_within = in ? xstrdup(in) : NULL;
		break;
	}
	}
}

/* -- calendars -- */

static const char *const day_abbr[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

static void add_weekend_day(struct loader *L, const char *item, void *arg)
{
	unsigned *mask = arg;
	for (int i = 0; i < 7; i++) {
		if (!strcasecmp(item, day_abbr[i])) {
			*mask |= 1u << i;
			return;
		}
	}
	lerr(L, L->line, "bad weekend day '%s' (expected mon, tue, wed, thu, fri, sat or sun)", item);
}

/* "2026-12-25...": a dated (listed) holiday, as opposed to a rule. */
static int looks_like_date(const char *s)
{
	return isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
	       isdigit((unsigned char)s[3]) && s[4] == '-';
}

#define HOLIDAY_RULE_HELP                                                                                    \
	"expected MM-DD, MM-DD/wkd, easter[+-N], orthodox-easter[+-N], not YYYY-MM-DD or work YYYY-MM-DD; then " \
	"substitute, sunday-substitute, observed, from YYYY, until YYYY"

static int parse_year(const char *s, int *y)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < 1900 || v > 9999)
		return -1;
	*y = (int)v;
	return 0;
}

/* A [holidays] line that is not a date: a rule ("12-25 substitute =
 * Christmas Day", "easter+1 = Easter Monday", "05-25/mon = Spring bank
 * holiday") or an exception ("not 2022-06-02 = moved by proclamation"). */
static void holiday_rule_key(struct loader *L, const char *name, const char *value)
{
	struct calendar *c = L->cal;
	char *copy = xstrdup(name), *save = NULL;
	char *tok = strtok_r(copy, " \t", &save);
	struct calendar_rule r = { .wday = -1, .name = value };
	int ok = tok != NULL;
	if (!*value) {
		lerr(L, L->line, "holiday %s has no name", name);
		goto out;
	}
	if (ok && !strcmp(tok, "not")) {
		char *d = strtok_r(NULL, " \t", &save);
		int64_t day;
		if (!d || strtok_r(NULL, " \t", &save) || parse_date(d, &day)) {
			lerr(L, L->line, "bad exception '%s' (expected not YYYY-MM-DD = reason)", name);
			goto out;
		}
		if (calendar_add_exception(c, day))
			lerr(L, L->line, "duplicate exception %s", d);
		else {
			ARRAY_GROW(L->cal_excl, L->cal_capexcl, L->cal_nexcl + 1);
			L->cal_excl[L->cal_nexcl].day = day;
			L->cal_excl[L->cal_nexcl++].line = L->line;
		}
		goto out;
	}
	if (ok && !strcmp(tok, "work")) {
		char *d = strtok_r(NULL, " \t", &save);
		int64_t day;
		if (!d || strtok_r(NULL, " \t", &save) || parse_date(d, &day)) {
			lerr(L, L->line, "bad working day '%s' (expected work YYYY-MM-DD = reason)", name);
			goto out;
		}
		if (calendar_add_working_day(c, day, value))
			lerr(L, L->line, "duplicate working day %s", d);
		else {
			ARRAY_GROW(L->cal_work, L->cal_capwork, L->cal_nwork + 1);
			L->cal_work[L->cal_nwork].day = day;
			L->cal_work[L->cal_nwork++].line = L->line;
		}
		goto out;
	}
	if (ok && !strncmp(tok, "easter", 6)) {
		r.kind = CAL_RULE_EASTER;
		tok += 6;
	} else if (ok && !strncmp(tok, "orthodox-easter", 15)) {
		r.kind = CAL_RULE_ORTHODOX;
		tok += 15;
	} else if (ok) {
		int mo, md, used = 0;
		int digits = strlen(tok) >= 5 && isdigit((unsigned char)tok[0]) && isdigit((unsigned char)tok[1]) &&
			     tok[2] == '-' && isdigit((unsigned char)tok[3]) && isdigit((unsigned char)tok[4]);
		if (!digits || sscanf(tok, "%2d-%2d%n", &mo, &md, &used) != 2 || used != 5 || mo < 1 || mo > 12 || md < 1 ||
		    md > dk_days_in_month(2001, mo)) {
			ok = 0;
		} else if (tok[5] == '/') {
			ok = 0;
			for (int i = 0; i < 7; i++)
				if (!strcasecmp(tok + 6, day_abbr[i])) {
					r.wday = i;
					ok = 1;
				}
		} else if (tok[5]) {
			ok = 0;
		}
		r.kind = CAL_RULE_FIXED;
		r.month = mo;
		r.mday = md;
	}
	if (ok && r.kind != CAL_RULE_FIXED && *tok) {
		char *end;
		long off = strtol(tok, &end, 10);
		if ((*tok != '+' && *tok != '-') || *end || off < -200 || off > 200)
			ok = 0;
		else
			r.offset = (int)off;
	}
	while (ok && (tok = strtok_r(NULL, " \t", &save))) {
		if (!strcmp(tok, "substitute"))
			r.sub = CAL_SUB_NEXT;
		else if (!strcmp(tok, "sunday-substitute"))
			r.sub = CAL_SUB_SUNDAY;
		else if (!strcmp(tok, "observed"))
			r.sub = CAL_SUB_OBSERVED;
		else if (!strcmp(tok, "from") || !strcmp(tok, "until")) {
			char *y = strtok_r(NULL, " \t", &save);
			if (!y || parse_year(y, !strcmp(tok, "from") ? &r.from_year : &r.until_year))
				ok = 0;
		} else
			ok = 0;
	}
	if (ok && r.from_year && r.until_year && r.until_year < r.from_year)
		ok = 0;
	if (!ok) {
		lerr(L, L->line, "bad holiday rule '%s' (" HOLIDAY_RULE_HELP ")", name);
		goto out;
	}
	calendar_add_rule(c, &r);
out:
	free(copy);
}

/* End of a calendar file: each exception must cancel a day a rule gives. */
static void finish_calendar(struct loader *L)
{
	for (size_t i = 0; L->cal && i < L->cal_nexcl; i++) {
		if (!calendar_rule_holiday(L->cal, L->cal_excl[i].day)) {
			char d[16];
			int y, m, dd;
			dk_civil_from_days(L->cal_excl[i].day, &y, &m, &dd);
			snprintf(d, sizeof(d), "%04d-%02d-%02d", y, m, dd);
			lerr(L, L->cal_excl[i].line, "exception %s: no holiday rule gives that day", d);
		}
	}
	/* a working day is a weekend day that counts: on a holiday or a
	 * weekday it says nothing */
	for (size_t i = 0; L->cal && i < L->cal_nwork; i++) {
		int64_t day = L->cal_work[i].day;
		char d[16];
		int y, m, dd;
		dk_civil_from_days(day, &y, &m, &dd);
		snprintf(d, sizeof(d), "%04d-%02d-%02d", y, m, dd);
		if (!calendar_is_weekend(L->cal, day))
			lerr(L, L->cal_work[i].line, "working day %s: not a weekend day", d);
		else if (calendar_holiday(L->cal, day))
			lerr(L, L->cal_work[i].line, "working day %s: also a holiday", d);
	}
	free(L->cal_work);
	L->cal_work = NULL;
	L->cal_nwork = L->cal_capwork = 0;
	free(L->cal_excl);
	L->cal_excl = NULL;
	L->cal_nexcl = L->cal_capexcl = 0;
}

/* aliases = GB-ENG, GB-WLS: other codes whose calendar this is. */
static void add_calendar_alias(struct loader *L, const char *item, void *arg)
{
	struct calendar *c = arg;
	if (!rule_jurisdiction_code_valid(item))
		lerr(L, L->line, "bad alias '%s' (expected a jurisdiction code such as GB-ENG)", item);
	else if (calendar_set_alias(L->p->cals, item, c))
		lerr(L, L->line, "alias %s: already a calendar or an alias", item);
}

static void calendar_key(struct loader *L, const char *name, const char *value)
{
	struct calendar *c = L->cal;
	if (L->cal_section == 1) {
		if (L->cont) {
			if (L->last_key != 0)
				lerr(L, L->line, "value cannot continue on another line here");
			return;
		}
		L->last_key = -1;
		if (!strcmp(name, "name")) {
			calendar_set_name(c, value);
			L->last_key = 0;
		} else if (!strcmp(name, "source") || !strcmp(name, "note")) {
			L->last_key = 0; /* documentation only */
		} else if (!strcmp(name, "aliases")) {
			split_list(L, value, "aliases", add_calendar_alias, c);
		} else if (!strcmp(name, "weekend")) {
			unsigned mask = 0;
			if (strcmp(value, "none"))
				split_list(L, value, "weekend", add_weekend_day, &mask);
			if (mask == 0x7f)
				lerr(L, L->line, "a week needs at least one working day");
			else
				calendar_set_weekend(c, mask);
		} else if (!strcmp(name, "years")) {
			int a, b, used = 0;
			if (sscanf(value, "%d-%d%n", &a, &b, &used) != 2 || value[used] || a < 1900 ||
			    b > 9999 || b < a) {
				lerr(L, L->line, "bad years '%s' (expected FIRST-LAST, e.g. 2024-2028)", value);
				return;
			}
			calendar_set_years(c, a, b);
			L->cal_years_line = L->line;
		} else {
			lerr(L, L->line, "unknown key '%s'", name);
		}
		return;
	}
	/* [holidays] */
	if (L->cont) {
		lerr(L, L->line, "a holiday name takes one line");
		return;
	}
	int64_t day;
	if (!looks_like_date(name)) {
		holiday_rule_key(L, name, value);
		return;
	}
	if (parse_date(name, &day)) {
		lerr(L, L->line, "bad date '%s' (expected YYYY-MM-DD = name)", name);
		return;
	}
	if (!*value) {
		lerr(L, L->line, "holiday %s has no name", name);
		return;
	}
	if (!calendar_covers(c, day)) {
		int a, b;
		calendar_years(c, &a, &b);
		lerr(L, L->line, "holiday %s outside years %d-%d", name, a, b);
	}
	if (calendar_add_holiday(c, day, value))
		lerr(L, L->line, "duplicate holiday date %s", name);
}

/* -- groups -- */

static int valid_group_name(const char *s)
{
	if (!isupper((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!isupper((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-' && *s != '_')
			return 0;
	return 1;
}

static void add_group_item(struct loader *L, const char *item, void *arg)
{
	struct group *g = L->grp;
	size_t cap = g->capitems;
	ARRAY_GROW(g->items, g->capitems, g->nitems + 1);
	ARRAY_GROW(g->item_lines, cap, g->nitems + 1);
	g->items[g->nitems] = xstrdup(item);
	g->item_lines[g->nitems] = L->line;
	g->nitems++;
}

static void group_key(struct loader *L, const char *name, const char *value)
{
	if (L->cont) {
		if (L->grp)
			split_list(L, value, L->grp->name, add_group_item, NULL);
		return;
	}
	L->grp = NULL;
	if (!valid_group_name(name) || rule_jurisdiction_code_valid(name)) {
		lerr(L, L->line, "bad group name '%s' (upper-case, and not a country code)", name);
		return;
	}
	if (group_find(L->p, name)) {
		lerr(L, L->line, "duplicate group '%s' (first at line %d)", name, group_find(L->p, name)->line);
		return;
	}
	struct rule_pack *p = L->p;
	ARRAY_GROW(p->groups, p->capgroups, p->ngroups + 1);
	struct group *g = &p->groups[p->ngroups++];
	memset(g, 0, sizeof(*g));
	g->name = xstrdup(name);
	g->line = L->line;
	L->grp = g;
	split_list(L, value, name, add_group_item, NULL);
}

static void expand_group(struct loader *L, struct group *g)
{
	if (g->state == 2)
		return;
	g->state = 1;
	for (size_t i = 0; i < g->nitems; i++) {
		const char *it = g->items[i];
		struct group *sub = group_find(L->p, it);
		if (sub) {
			if (sub->state == 1) {
				lerr(L, g->item_lines[i], "group '%s' includes itself through '%s'", g->name, it);
				continue;
			}
			expand_group(L, sub);
			for (size_t k = 0; k < sub->ncodes; k++)
				if (!strv_has(g->codes, g->ncodes, sub->codes[k]))
					strv_push(&g->codes, &g->ncodes, sub->codes[k]);
		} else if (rule_jurisdiction_code_valid(it)) {
			if (!strv_has(g->codes, g->ncodes, it))
				strv_push(&g->codes, &g->ncodes, it);
		} else {
			lerr(L, g->item_lines[i], "unknown jurisdiction or group '%s'", it);
		}
	}
	g->state = 2;
}

/* -- the line-aware INI driver --
 *
 * inih hands the handler no line numbers in Debian's build
 * (INI_HANDLER_LINENO is 0), so we feed it through our own reader: it
 * counts lines, sees section headers before inih does, classifies each
 * line the way inih will (comment, continuation, section, key), and
 * reports syntax errors for every bad line (inih only returns the
 * first). The handler then runs with L->line pointing at its line. */

static void on_section(struct loader *L, const char *name)
{
	if (L->kind == F_RULES) {
		finish_rule(L);
		start_rule(L, name);
	} else if (L->kind == F_CALENDAR) {
		L->last_key = -1;
		if (!strcmp(name, "calendar")) {
			L->cal_section = 1;
		} else if (!strcmp(name, "holidays")) {
			L->cal_section = 2;
		} else {
			lerr(L, L->line, "unknown section '%s' (expected [calendar] or [holidays])", name);
			L->skip = 1;
		}
	} else {
		L->grp = NULL;
		if (strcmp(name, "groups")) {
			lerr(L, L->line, "unknown section '%s' (expected [groups])", name);
			L->skip = 1;
		}
	}
}

static void classify(struct loader *L, char *s)
{
	char *start = s;
	if (L->line == 1 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
	    (unsigned char)s[2] == 0xBF)
		start = s += 3;
	while (isspace((unsigned char)*start))
		start++;
	L->cont = 0;
	if (!*start || *start == ';' || *start == '#')
		return;
	if (L->have_prev && start > s) {
		L->cont = 1;
		return;
	}
	if (*start == '[') {
		char *end = strchr(start + 1, ']');
		L->have_prev = 0;
		if (!end) {
			lerr(L, L->line, "expected ']' after the section name");
			/* Keys up to the next header would be misattributed. */
			if (L->kind == F_RULES)
				finish_rule(L);
			L->in_section = 0;
			return;
		}
		char name[256];
		size_t n = (size_t)(end - start - 1);
		if (n >= sizeof(name))
			n = sizeof(name) - 1;
		memcpy(name, start + 1, n);
		name[n] = '\0';
		L->in_section = 1;
		L->skip = 0;
		L->section_line = L->line;
		on_section(L, trim(name));
		return;
	}
	/* A key line: inih looks for '=' or ':' before any inline comment. */
	for (char *p = start; *p; p++) {
		if (*p == ';' && p > start && isspace((unsigned char)p[-1]))
			break;
		if (*p == '=' || *p == ':') {
			L->have_prev = 1;
			return;
		}
	}
	lerr(L, L->line, "expected 'key = value'");
	L->last_key = -1;
}

static char *reader(char *str, int num, void *stream)
{
	struct loader *L = stream;
	if (L->pos >= L->end)
		return NULL;
	const char *line = L->pos;
	const char *nl = memchr(line, '\n', (size_t)(L->end - line));
	size_t len = nl ? (size_t)(nl - line) : (size_t)(L->end - line);
	L->pos = nl ? nl + 1 : L->end;
	L->line++;
	if (len && line[len - 1] == '\r')
		len--;
	size_t max = num > 3 ? (size_t)num - 3 : 0;
	if (len > max) {
		lerr(L, L->line, "line longer than %zu characters (continue a long value on indented lines)",
		     max);
		len = max;
	}
	memcpy(str, line, len);
	str[len] = '\n';
	str[len + 1] = '\0';
	/* inih stops at a NUL; classify what it will see. */
	if (memchr(line, '\0', len)) {
		lerr(L, L->line, "NUL byte in line");
		len = strlen(str);
	}
	char *copy = xstrndup(str, len);
	classify(L, copy);
	free(copy);
	return str;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct loader *L = user;
	if (!L->in_section) {
		lerr(L, L->line, "'%s' outside a [section]", name);
		return 1;
	}
	if (L->skip)
		return 1;
	if (!value)
		value = "";
	switch (L->kind) {
	case F_RULES:
		if (L->r)
			rule_key(L, name, value);
		break;
	case F_CALENDAR:
		calendar_key(L, name, value);
		break;
	case F_GROUPS:
		group_key(L, name, value);
		break;
	}
	return 1;
}

static void parse_file(struct loader *L, const struct pack_file *f, int kind)
{
	char *path = xstrdup(f->path);
	strv_push(&L->p->files, &L->p->nfiles, path);
	free(path);
	L->file = L->p->files[L->p->nfiles - 1];
	L->kind = kind;
	L->pos = f->data;
	L->end = f->data + f->len;
	L->line = 0;
	L->have_prev = 0;
	L->cont = 0;
	L->in_section = 0;
	L->skip = 0;
	L->r = NULL;
	L->cal = NULL;
	L->cal_section = 0;
	L->grp = NULL;
	L->last_key = -1;
	if (kind == F_CALENDAR) {
		/* calendars/CODE.ini */
		const char *base = strrchr(f->path, '/') + 1;
		char *code = xstrndup(base, strlen(base) - 4);
		if (!rule_jurisdiction_code_valid(code)) {
			lerr(L, 1, "'%s' is not a jurisdiction code (name calendar files like GB.ini, US-CA.ini)",
			     code);
		} else {
			L->cal = calendar_set_add(L->p->cals, code);
			if (!L->cal)
				lerr(L, 1, "duplicate calendar '%s'", code);
		}
		free(code);
		if (!L->cal)
			return;
	}
	int rc = ini_parse_stream(reader, L, handler, L);
	if (rc < 0)
		lerr(L, 1, "cannot parse (inih error %d)", rc);
	if (kind == F_RULES)
		finish_rule(L);
	if (kind == F_CALENDAR)
		finish_calendar(L);
	if (kind == F_GROUPS)
		for (size_t i = 0; i < L->p->ngroups; i++)
			expand_group(L, &L->p->groups[i]);
}

static int ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcmp(s + a - b, suf);
}

static int file_kind(const char *path)
{
	if (!strcmp(path, "jurisdictions.ini"))
		return F_GROUPS;
	if (!strncmp(path, "calendars/", 10) && !strchr(path + 10, '/') && ends_with(path, ".ini") &&
	    strlen(path) > 14)
		return F_CALENDAR;
	if (!strncmp(path, "rules/", 6) && !strchr(path + 6, '/') && ends_with(path, ".ini") &&
	    strlen(path) > 10)
		return F_RULES;
	return F_OTHER;
}

struct file_order {
	const struct pack_file *files;
};

static int cmp_file_idx(const void *a, const void *b, void *order)
{
	const struct pack_file *files = ((const struct file_order *)order)->files;
	const struct pack_file *fa = &files[*(const size_t *)a];
	const struct pack_file *fb = &files[*(const size_t *)b];
	int ka = file_kind(fa->path), kb = file_kind(fb->path);
	if (ka != kb)
		return ka - kb;
	return strcmp(fa->path, fb->path);
}

int rule_pack_load_files(const struct pack_file *files, size_t n, struct rule_pack **out,
			 struct buf *errors)
{
	*out = NULL;
	struct loader L;
	memset(&L, 0, sizeof(L));
	L.p = xcalloc(1, sizeof(struct rule_pack));
	L.p->cals = calendar_set_new();
	size_t *idx = xcalloc(n ? n : 1, sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	struct file_order order = { files };
	qsort_r(idx, n, sizeof(size_t), cmp_file_idx, &order);
	for (size_t i = 0; i < n; i++) {
		const struct pack_file *f = &files[idx[i]];
		int kind = file_kind(f->path);
		if (kind != F_OTHER)
			parse_file(&L, f, kind);
	}
	free(idx);
	if (L.nerrs)
		qsort(L.errs, L.nerrs, sizeof(*L.errs), cmp_lerror);
	for (size_t i = 0; i < L.nerrs; i++) {
		if (errors) {
			buf_adds(errors, L.errs[i].text);
			buf_addc(errors, '\n');
		}
		free(L.errs[i].text);
	}
	free(L.errs);
	if (L.nerrors) {
		rule_pack_free(L.p);
		return err_set(DK_EINVAL, "rule pack: %d error%s", L.nerrors, L.nerrors == 1 ? "" : "s");
	}
	*out = L.p;
	return 0;
}

/* -- from a folder -- */

struct file_list {
	struct pack_file *v;
	char **paths; /* the v[i].path strings, owned */
	char **bufs;
	size_t n, cap, capbufs, cappaths;
};

static int add_disk_file(struct file_list *fl, const char *dir, const char *rel)
{
	char *full = xasprintf("%s/%s", dir, rel);
	char *data = NULL;
	size_t len = 0;
	int rc = read_file(full, &data, &len);
	free(full);
	if (rc)
		return rc;
	ARRAY_GROW(fl->v, fl->cap, fl->n + 1);
	ARRAY_GROW(fl->bufs, fl->capbufs, fl->n + 1);
	ARRAY_GROW(fl->paths, fl->cappaths, fl->n + 1);
	fl->bufs[fl->n] = data;
	fl->paths[fl->n] = xstrdup(rel);
	fl->v[fl->n].path = fl->paths[fl->n];
	fl->v[fl->n].data = data;
	fl->v[fl->n].len = len;
	fl->n++;
	return 0;
}

static int add_disk_dir(struct file_list *fl, const char *dir, const char *sub, int required)
{
	char *full = xasprintf("%s/%s", dir, sub);
	DIR *d = opendir(full);
	if (!d) {
		int rc = required ? err_set(DK_ENOTFOUND, "%s: no such folder", full) : 0;
		free(full);
		return rc;
	}
	free(full);
	struct dirent *e;
	int rc = 0;
	while (!rc && (e = readdir(d))) {
		if (e->d_name[0] == '.' || !ends_with(e->d_name, ".ini"))
			continue;
		char *rel = xasprintf("%s/%s", sub, e->d_name);
		rc = add_disk_file(fl, dir, rel);
		free(rel);
	}
	closedir(d);
	return rc;
}

int rule_pack_load_dir(const char *dir, struct rule_pack **out, struct buf *errors)
{
	*out = NULL;
	struct file_list fl = { 0 };
	int rc = add_disk_dir(&fl, dir, "rules", 1);
	if (!rc)
		rc = add_disk_dir(&fl, dir, "calendars", 0);
	if (!rc) {
		rc = add_disk_file(&fl, dir, "jurisdictions.ini");
		if (rc == DK_ENOTFOUND) {
			err_clear();
			rc = 0;
		}
	}
	if (!rc)
		rc = rule_pack_load_files(fl.v, fl.n, out, errors);
	for (size_t i = 0; i < fl.n; i++) {
		free(fl.paths[i]);
		free(fl.bufs[i]);
	}
	free(fl.v);
	free(fl.paths);
	free(fl.bufs);
	return rc;
}
