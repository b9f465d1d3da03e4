/* letters.c - letter templates from the legal repository: reading and
 * checking them (templates/NAME.md, templates/authorities.ini), filling
 * their placeholders for a ticket, and recording a sent letter. */
#include "core/letters.h"

#include "core/obligations.h"
#include "core/rules.h"
#include "core/workspace.h"
#include "data/store.h"
#include "data/store_letters.h"
#include "lib/err.h"
#include "lib/util.h"
#include "model/vocab.h"
#include "terms/legal.h"

#include <ctype.h>
#include <dirent.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const letter_placeholders[] = {
	/* the customer */
	"customer_name", "customer_email", "jurisdiction",
	/* the ticket and the duty the letter is for */
	"ticket", "ticket_subject", "received", "due", "response_due", "new_due", "extension_reasons", "rule_title",
	"regime", "source",
	/* given by the agent (--set NAME=VALUE, or in $EDITOR) */
	"refusal_reasons", "decision",
	/* the supervisory authority of the customer's jurisdiction */
	"authority", "authority_url", "authority_complain",
	/* the business */
	"sender_name", "sender", "dpo_contact", "agent", "today",
	/* a notice of new terms */
	"terms_document", "terms_revision", "terms_effective", "terms_binding", "terms_summary",
	/* a breach notice (GDPR Art 34(2), 33(3)(b)-(d)) */
	"breach_nature", "breach_consequences", "breach_measures", "aware",
	NULL,
};

int letter_placeholder_known(const char *name)
{
	for (const char *const *p = letter_placeholders; *p; p++)
		if (!strcmp(*p, name))
			return 1;
	return 0;
}

/* ---- reading */

static void strv_push(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

struct loader {
	struct letter_set *s;
	struct buf *errors;
	int nerrors;
	const struct rule_pack *pack;
};

static void lerr(struct loader *L, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void lerr(struct loader *L, const char *file, int line, const char *fmt, ...)
{
	L->nerrors++;
	if (!L->errors)
		return;
	buf_printf(L->errors, "%s:%d: ", file, line);
	va_list ap;
	va_start(ap, fmt);
	char *m = NULL;
	if (vasprintf(&m, fmt, ap) < 0)
		m = NULL;
	va_end(ap);
	buf_adds(L->errors, m ? m : "?");
	buf_addc(L->errors, '\n');
	free(m);
}

static char *trim_dup(const char *a, const char *b)
{
	while (a < b && isspace((unsigned char)*a))
		a++;
	while (b > a && isspace((unsigned char)b[-1]))
		b--;
	return xstrndup(a, (size_t)(b - a));
}

static void split_list(const char *v, char ***out, size_t *n)
{
	const char *p = v;
	while (*p) {
		const char *e = strchr(p, ',');
		if (!e)
			e = p + strlen(p);
		char *item = trim_dup(p, e);
		if (*item)
			strv_push(out, n, item);
		free(item);
		p = *e ? e + 1 : e;
	}
}

/* Check the {{placeholders}} of text (starting on line `line`). */
static void check_placeholders(struct loader *L, const char *file, int line, const char *text)
{
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			line++;
			continue;
		}
		if (p[0] != '{' || p[1] != '{')
			continue;
		const char *e = strstr(p + 2, "}}");
		const char *nl = strchr(p + 2, '\n');
		if (!e || (nl && nl < e)) {
			lerr(L, file, line, "'{{' without '}}' on the same line");
			continue;
		}
		char *name = trim_dup(p + 2, e);
		size_t nl2 = strlen(name);
		if (nl2 && name[nl2 - 1] == '?') /* optional: {{name?}} */
			name[nl2 - 1] = '\0';
		if (!letter_placeholder_known(name))
			lerr(L, file, line, "unknown placeholder {{%s}} (docs/letters.md lists them)", name);
		free(name);
		p = e + 1;
	}
}

static int rule_pattern_ok(const char *s)
{
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-' && *s != '*' && *s != '_')
			return 0;
	return 1;
}

static int pattern_matches_pack(const struct rule_pack *p, const char *pat)
{
	for (size_t i = 0; i < rule_pack_count(p); i++)
		if (!fnmatch(pat, rule_pack_get(p, i)->id, 0))
			return 1;
	return 0;
}

static void tpl_clear(struct letter_tpl *t)
{
	free(t->name);
	free(t->path);
	free(t->title);
	free(t->meets);
	strv_free(t->rules, t->nrules);
	strv_free(t->kinds, t->nkinds);
	free(t->use);
	free(t->subject);
	free(t->body);
	memset(t, 0, sizeof(*t));
}

static void parse_template(struct loader *L, const char *path, const char *data, size_t len)
{
	const char *file = path;
	if (legal_check_text(path, data, len)) {
		lerr(L, file, 1, "%s", err_msg());
		err_clear();
		return;
	}
	struct letter_tpl t = { 0 };
	const char *base = path + strlen("templates/");
	t.name = xstrndup(base, strlen(base) - 3);
	t.path = xstrdup(path);
	char *text = xstrndup(data, len);
	const char *p = text;
	int line = 1, closed = 0, errs0 = L->nerrors;
	int have_meets = 0;
	const char *eol = strchr(p, '\n');
	char *first = trim_dup(p, eol ? eol : p + strlen(p));
	if (strcmp(first, "---")) {
		lerr(L, file, 1, "a template starts with a header between '---' lines (title, meets, rules, kinds, use, "
				 "subject)");
		free(first);
		goto out;
	}
	free(first);
	p = eol ? eol + 1 : p + strlen(p);
	while (*p) {
		line++;
		eol = strchr(p, '\n');
		const char *end = eol ? eol : p + strlen(p);
		char *l = trim_dup(p, end);
		p = eol ? eol + 1 : end;
		if (!strcmp(l, "---")) {
			free(l);
			closed = 1;
			break;
		}
		if (!*l || l[0] == '#') {
			free(l);
			continue;
		}
		char *colon = strchr(l, ':');
		if (!colon) {
			lerr(L, file, line, "expected 'key: value' in the header, found '%s'", l);
			free(l);
			continue;
		}
		char *key = trim_dup(l, colon);
		char *val = trim_dup(colon + 1, l + strlen(l));
		char **slot = NULL;
		if (!strcmp(key, "title"))
			slot = &t.title;
		else if (!strcmp(key, "subject"))
			slot = &t.subject;
		else if (!strcmp(key, "use"))
			slot = &t.use;
		if (slot) {
			if (*slot)
				lerr(L, file, line, "duplicate key '%s'", key);
			else if (!*val)
				lerr(L, file, line, "'%s' has no value", key);
			else
				*slot = xstrdup(val);
			if (slot == &t.subject && *val)
				check_placeholders(L, file, line, val);
		} else if (!strcmp(key, "meets")) {
			if (have_meets++)
				lerr(L, file, line, "duplicate key 'meets'");
			else if (!strcmp(val, "ack") || !strcmp(val, "notice") || !strcmp(val, "final"))
				t.meets = xstrdup(val);
			else if (strcmp(val, "none"))
				lerr(L, file, line, "meets: '%s' is not a duty kind (ack, notice, final or none)", val);
		} else if (!strcmp(key, "rules")) {
			split_list(val, &t.rules, &t.nrules);
			for (size_t i = 0; i < t.nrules; i++) {
				if (!rule_pattern_ok(t.rules[i]))
					lerr(L, file, line, "rules: '%s' is not a rule id or pattern (gdpr-*)", t.rules[i]);
				else if (L->pack && !pattern_matches_pack(L->pack, t.rules[i]))
					lerr(L, file, line, "rules: '%s' matches no rule of the rule pack", t.rules[i]);
			}
		} else if (!strcmp(key, "kinds")) {
			split_list(val, &t.kinds, &t.nkinds);
			for (size_t i = 0; i < t.nkinds; i++)
				if (!ticket_kind_valid(t.kinds[i]))
					lerr(L, file, line, "kinds: '%s' is not a ticket kind", t.kinds[i]);
		} else {
			lerr(L, file, line, "unknown key '%s' (title, meets, rules, kinds, use, subject)", key);
		}
		free(key);
		free(val);
		free(l);
	}
	if (!closed) {
		lerr(L, file, line, "the header has no closing '---'");
		goto out;
	}
	if (!t.title)
		lerr(L, file, 1, "the header has no 'title'");
	int bad_use = 0;
	if (!t.use)
		t.use = xstrdup(LETTER_USE_REPLY);
	else if ((bad_use = strcmp(t.use, LETTER_USE_REPLY) && strcmp(t.use, LETTER_USE_TERMS) &&
			    strcmp(t.use, LETTER_USE_BREACH)))
		lerr(L, file, 1, "use: '%s' is not reply, terms or breach", t.use);
	if (!bad_use && strcmp(t.use, LETTER_USE_REPLY) && !t.subject)
		lerr(L, file, 1, "a %s letter needs a 'subject'", t.use);
	t.body_line = line + 1;
	t.body = xstrdup(p);
	check_placeholders(L, file, t.body_line, t.body);
	{
		int blank = 1;
		for (const char *q = t.body; *q; q++)
			if (!isspace((unsigned char)*q))
				blank = 0;
		if (blank)
			lerr(L, file, t.body_line, "the letter has no text");
	}
out:
	free(text);
	if (L->nerrors != errs0 || !t.body) {
		tpl_clear(&t);
		return;
	}
	ARRAY_GROW(L->s->v, L->s->ncap, L->s->n + 1);
	L->s->v[L->s->n++] = t;
}

static void auth_clear(struct authority *a)
{
	free(a->code);
	free(a->name);
	free(a->url);
	free(a->complain);
}

static void parse_authorities(struct loader *L, const char *path, const char *data, size_t len)
{
	if (legal_check_text(path, data, len)) {
		lerr(L, path, 1, "%s", err_msg());
		err_clear();
		return;
	}
	char *text = xstrndup(data, len);
	const char *p = text;
	int line = 0, skip = 0; /* skip: the keys of a section in error */
	struct authority *cur = NULL;
	while (*p) {
		line++;
		const char *eol = strchr(p, '\n');
		const char *end = eol ? eol : p + strlen(p);
		int indented = p < end && isspace((unsigned char)*p);
		char *l = trim_dup(p, end);
		p = eol ? eol + 1 : end;
		if (!*l || l[0] == ';' || l[0] == '#') {
			free(l);
			continue;
		}
		if (l[0] == '[') {
			char *e = strchr(l, ']');
			cur = NULL;
			skip = 1;
			if (!e || e[1]) {
				lerr(L, path, line, "bad section header '%s'", l);
			} else {
				char *code = trim_dup(l + 1, e);
				int dup = 0;
				for (size_t i = 0; i < L->s->nauth && !dup; i++)
					dup = !strcmp(L->s->auth[i].code, code);
				if (strcmp(code, "*") && !rule_jurisdiction_code_valid(code)) {
					lerr(L, path, line, "'%s' is not a jurisdiction code (GB, US-CA) or '*'", code);
				} else if (dup) {
					lerr(L, path, line, "duplicate jurisdiction '%s'", code);
				} else {
					ARRAY_GROW(L->s->auth, L->s->nacap, L->s->nauth + 1);
					cur = &L->s->auth[L->s->nauth++];
					memset(cur, 0, sizeof(*cur));
					cur->code = code;
					cur->line = line;
					code = NULL;
					skip = 0;
				}
				free(code);
			}
			free(l);
			continue;
		}
		if (indented && cur && cur->complain && !strchr(l, '=')) {
			/* an indented line continues `complain` */
			char *j = xasprintf("%s %s", cur->complain, l);
			free(cur->complain);
			cur->complain = j;
			free(l);
			continue;
		}
		char *eq = strchr(l, '=');
		if (!eq) {
			lerr(L, path, line, "expected 'key = value', found '%s'", l);
		} else if (!cur) {
			if (!skip)
				lerr(L, path, line, "a key outside a [JURISDICTION] section");
		} else {
			char *key = trim_dup(l, eq), *val = trim_dup(eq + 1, l + strlen(l));
			char **slot = !strcmp(key, "name")       ? &cur->name
				      : !strcmp(key, "url")      ? &cur->url
				      : !strcmp(key, "complain") ? &cur->complain
								 : NULL;
			if (!slot)
				lerr(L, path, line, "unknown key '%s' (name, url, complain)", key);
			else if (*slot)
				lerr(L, path, line, "duplicate key '%s'", key);
			else if (!*val)
				lerr(L, path, line, "'%s' has no value", key);
			else
				*slot = val, val = NULL;
			free(key);
			free(val);
		}
		free(l);
	}
	for (size_t i = 0; i < L->s->nauth; i++)
		if (!L->s->auth[i].name)
			lerr(L, path, L->s->auth[i].line, "[%s] has no 'name'", L->s->auth[i].code);
	free(text);
}

static int ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcmp(s + a - b, suf);
}

int letters_load_files(const struct pack_file *files, size_t n, const struct rule_pack *pack,
		       struct letter_set **out, struct buf *errors)
{
	*out = NULL;
	struct loader L = { .s = xcalloc(1, sizeof(struct letter_set)), .errors = errors, .pack = pack };
	for (size_t i = 0; i < n; i++) {
		const char *path = files[i].path;
		if (strncmp(path, "templates/", 10) || strchr(path + 10, '/'))
			continue;
		if (!strcmp(path, "templates/authorities.ini"))
			parse_authorities(&L, path, files[i].data, files[i].len);
		else if (ends_with(path, ".md") && strlen(path) > 13 && path[10] != '.')
			parse_template(&L, path, files[i].data, files[i].len);
	}
	if (L.nerrors) {
		letter_set_free(L.s);
		return err_set(DK_EINVAL, "templates: %d error%s", L.nerrors, L.nerrors == 1 ? "" : "s");
	}
	*out = L.s;
	return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int letters_load_dir(const char *dir, const struct rule_pack *pack, struct letter_set **out, struct buf *errors)
{
	*out = NULL;
	char *full = xasprintf("%s/templates", dir);
	DIR *d = opendir(full);
	free(full);
	char **names = NULL;
	size_t nn = 0;
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)))
			if (e->d_name[0] != '.' && (ends_with(e->d_name, ".md") || !strcmp(e->d_name, "authorities.ini")))
				strv_push(&names, &nn, e->d_name);
		closedir(d);
	}
	if (nn)
		qsort(names, nn, sizeof(*names), cmp_str);
	struct pack_file *pf = xcalloc(nn + 1, sizeof(*pf));
	char **bufs = xcalloc(nn + 1, sizeof(*bufs));
	char **paths = xcalloc(nn + 1, sizeof(*paths));
	int rc = 0;
	for (size_t i = 0; i < nn && !rc; i++) {
		paths[i] = xasprintf("templates/%s", names[i]);
		char *p = xasprintf("%s/%s", dir, paths[i]);
		rc = read_file(p, &bufs[i], &pf[i].len);
		free(p);
		pf[i].path = paths[i];
		pf[i].data = bufs[i];
	}
	if (!rc)
		rc = letters_load_files(pf, nn, pack, out, errors);
	for (size_t i = 0; i < nn; i++) {
		free(bufs[i]);
		free(paths[i]);
	}
	free(bufs);
	free(paths);
	free(pf);
	strv_free(names, nn);
	return rc;
}

void letter_set_free(struct letter_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		tpl_clear(&s->v[i]);
	free(s->v);
	for (size_t i = 0; i < s->nauth; i++)
		auth_clear(&s->auth[i]);
	free(s->auth);
	free(s);
}

const struct letter_tpl *letter_find(const struct letter_set *s, const char *name)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (!strcmp(s->v[i].name, name))
			return &s->v[i];
	return NULL;
}

static const struct authority *auth_exact(const struct letter_set *s, const char *code)
{
	for (size_t i = 0; i < s->nauth; i++)
		if (!strcmp(s->auth[i].code, code))
			return &s->auth[i];
	return NULL;
}

const struct authority *letter_authority(const struct letter_set *s, const char *jurisdiction)
{
	const struct authority *a = NULL;
	if (jurisdiction && *jurisdiction) {
		a = auth_exact(s, jurisdiction);
		const char *dash = strchr(jurisdiction, '-');
		if (!a && dash) {
			char *country = xstrndup(jurisdiction, (size_t)(dash - jurisdiction));
			a = auth_exact(s, country);
			free(country);
		}
	}
	return a ? a : auth_exact(s, "*");
}

int letter_matches(const struct letter_tpl *t, const char *rule_id, const char *kind)
{
	int ok = !t->nrules;
	for (size_t i = 0; i < t->nrules && !ok; i++)
		ok = rule_id && !fnmatch(t->rules[i], rule_id, 0);
	if (!ok)
		return 0;
	ok = !t->nkinds;
	for (size_t i = 0; i < t->nkinds && !ok; i++)
		ok = kind && !strcmp(t->kinds[i], kind);
	return ok;
}

int ws_letters(struct workspace *ws, struct letter_set **out)
{
	*out = NULL;
	struct legal_repo *repo;
	struct rule_pack *pack = NULL;
	int rc = ws_legal(ws, &repo);
	if (rc)
		return rc;
	if ((rc = ws_rules(ws, &pack)))
		return rc;
	struct legal_file *files;
	size_t n;
	char commit[41];
	if ((rc = legal_read_files(repo, NULL, "templates/", &files, &n, commit)))
		return rc;
	struct pack_file *pf = xcalloc(n + 1, sizeof(*pf));
	for (size_t i = 0; i < n; i++) {
		pf[i].path = files[i].path;
		pf[i].data = files[i].data;
		pf[i].len = files[i].len;
	}
	struct buf errors = BUF_INIT;
	rc = letters_load_files(pf, n, pack, out, &errors);
	if (rc == DK_EINVAL)
		rc = err_set(DK_EINVAL, "the letter templates at legal revision %.10s have errors (run `docket rules "
					"check`):\n%s",
			     commit, buf_str(&errors));
	else if (!rc)
		memcpy((*out)->revision, commit, sizeof(commit));
	buf_release(&errors);
	free(pf);
	legal_files_free(files, n);
	return rc;
}

/* ---- filling */

void letter_vars_set(struct letter_vars *v, const char *name, const char *value)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->names[i], name)) {
			free(v->values[i]);
			v->values[i] = value ? xstrdup(value) : NULL;
			return;
		}
	ARRAY_GROW(v->names, v->cap, v->n + 1);
	v->values = xrealloc(v->values, v->cap * sizeof(*v->values));
	v->names[v->n] = xstrdup(name);
	v->values[v->n] = value ? xstrdup(value) : NULL;
	v->n++;
}

const char *letter_vars_get(const struct letter_vars *v, const char *name)
{
	for (size_t i = 0; v && i < v->n; i++)
		if (!strcmp(v->names[i], name))
			return v->values[i];
	return NULL;
}

void letter_vars_release(struct letter_vars *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->names[i]);
		free(v->values[i]);
	}
	free(v->names);
	free(v->values);
	memset(v, 0, sizeof(*v));
}

/* Does the paragraph [p, end) hold an optional placeholder {{name?}}
 * without a value? */
static int drop_paragraph(const char *p, const char *end, const struct letter_vars *vars)
{
	for (const char *q = p; q < end && (q = strstr(q, "{{")) && q < end; q += 2) {
		const char *e = strstr(q + 2, "}}");
		if (!e || e > end)
			break;
		char *name = trim_dup(q + 2, e);
		size_t n = strlen(name);
		int drop = n && name[n - 1] == '?';
		if (drop) {
			name[n - 1] = '\0';
			const char *v = letter_vars_get(vars, name);
			drop = !v || !*v;
		}
		free(name);
		if (drop)
			return 1;
	}
	return 0;
}

/* text without the paragraphs whose optional placeholders have no value */
static char *drop_optional(const char *text, const struct letter_vars *vars)
{
	struct buf b = BUF_INIT;
	const char *p = text;
	while (*p) {
		const char *end = strstr(p, "\n\n");
		end = end ? end + 2 : p + strlen(p);
		if (!drop_paragraph(p, end, vars))
			buf_add(&b, p, (size_t)(end - p));
		p = end;
	}
	return buf_detach(&b);
}

int letter_fill(const char *text0, const struct letter_vars *vars, int keep_missing, char **out, struct buf *missing)
{
	struct buf b = BUF_INIT;
	int nmissing = 0;
	char *text = drop_optional(text0, vars);
	for (const char *p = text; *p;) {
		const char *e;
		if (p[0] == '{' && p[1] == '{' && (e = strstr(p + 2, "}}"))) {
			char *name = trim_dup(p + 2, e);
			size_t nl = strlen(name);
			if (nl && name[nl - 1] == '?')
				name[nl - 1] = '\0';
			const char *val = letter_vars_get(vars, name);
			if (val && *val) {
				buf_adds(&b, val);
			} else {
				if (missing && !strstr(buf_str(missing), name)) {
					if (missing->len)
						buf_adds(missing, ", ");
					buf_adds(missing, name);
				}
				nmissing++;
				buf_add(&b, p, (size_t)(e + 2 - p));
			}
			free(name);
			p = e + 2;
			continue;
		}
		buf_addc(&b, *p++);
	}
	free(text);
	if (nmissing && !keep_missing) {
		buf_release(&b);
		*out = NULL;
		return err_set(DK_EINVAL, "the letter's placeholders %s have no value: give them with --set NAME=VALUE, or "
					  "fill them in with --edit",
			       missing && missing->len ? buf_str(missing) : "(some)");
	}
	*out = buf_detach(&b);
	return 0;
}

const char *letter_unfilled(const char *text)
{
	/* in the letter, not in the customer's message quoted below it */
	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		if (line[0] != '>') {
			for (const char *p = line; p + 1 < line + len; p++)
				if (p[0] == '{' && p[1] == '{') {
					const char *e = strstr(p + 2, "}}");
					if (e && e < line + len)
						return p;
				}
		}
		line = eol ? eol + 1 : NULL;
	}
	return NULL;
}

void letter_vars_workspace(struct workspace *ws, struct letter_vars *v, dk_time now)
{
	char d[DK_TIME_BUFSZ];
	/* the address customers write to: the mail sender, else the
	 * config key `contact` (a workspace that does not send mail) */
	const char *sender = ws_config(ws, "sender", ws_config(ws, "contact", NULL));
	letter_vars_set(v, "sender_name",
			ws_config(ws, "sender_name", ws_config(ws, "business_name", sender ? sender : "Customer Support")));
	letter_vars_set(v, "sender", sender ? sender : "the address you wrote to");
	letter_vars_set(v, "dpo_contact", ws_config(ws, "dpo_contact", sender));
	letter_vars_set(v, "agent", ws->login);
	letter_vars_set(v, "today", dk_date_format(now, ws->tz, d));
}

void letter_vars_customer(const struct letter_set *s, struct letter_vars *v, const char *name, const char *email,
			  const char *jurisdiction)
{
	letter_vars_set(v, "customer_name", name);
	letter_vars_set(v, "customer_email", email);
	letter_vars_set(v, "jurisdiction", jurisdiction);
	const struct authority *a = letter_authority(s, jurisdiction);
	letter_vars_set(v, "authority", a ? a->name : NULL);
	letter_vars_set(v, "authority_url", a ? a->url : NULL);
	letter_vars_set(v, "authority_complain", a ? a->complain : NULL);
}

/* ---- on tickets */

static dk_time due_of(const struct obligation *o)
{
	return o->extended_due_at != DK_TIME_NONE ? o->extended_due_at : o->due_at;
}

void letter_offers_free(struct letter_offer *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(o[i].rule_id);
		free(o[i].duty);
	}
	free(o);
}

/* Does template t serve duty o (ticket kind)? */
static int serves(const struct letter_tpl *t, const struct obligation *o, const char *kind)
{
	if (strcmp(t->use, LETTER_USE_REPLY))
		return 0;
	if (strcmp(o->duty, t->meets ? t->meets : "final"))
		return 0;
	return letter_matches(t, o->rule_id, kind);
}

int letters_for_ticket(struct workspace *ws, const struct letter_set *s, int64_t ticket_id,
		       struct letter_offer **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct ticket t;
	int rc = store_ticket_get(ws->store, ticket_id, &t);
	if (rc)
		return rc;
	struct obligation *ob;
	size_t nob;
	if ((rc = store_obligation_list_ticket(ws->store, ticket_id, &ob, &nob))) {
		ticket_clear(&t);
		return rc;
	}
	size_t cap = 0;
	for (size_t i = 0; i < nob; i++) {
		if (!obligation_unsettled(&ob[i]))
			continue;
		for (size_t k = 0; k < s->n; k++) {
			const struct letter_tpl *tp = &s->v[k];
			if (!serves(tp, &ob[i], t.kind))
				continue;
			int dup = 0;
			for (size_t j = 0; j < *n && !dup; j++)
				dup = (*out)[j].tpl == tp;
			if (dup)
				continue;
			ARRAY_GROW(*out, cap, *n + 1);
			struct letter_offer *f = &(*out)[(*n)++];
			f->tpl = tp;
			f->obligation_id = ob[i].id;
			f->rule_id = xstrdup(ob[i].rule_id);
			f->duty = xstrdup(ob[i].duty);
			f->due = due_of(&ob[i]);
		}
	}
	obligations_free(ob, nob);
	ticket_clear(&t);
	return 0;
}

/* The duty a letter is for: an unsettled one it serves, else any one it
 * serves, else NULL. */
static const struct obligation *pick_duty(const struct letter_tpl *tp, const struct obligation *ob, size_t n,
					  const char *kind)
{
	for (size_t i = 0; i < n; i++)
		if (obligation_unsettled(&ob[i]) && serves(tp, &ob[i], kind))
			return &ob[i];
	for (size_t i = 0; i < n; i++)
		if (serves(tp, &ob[i], kind))
			return &ob[i];
	return NULL;
}

static void quote_message(struct buf *b, const struct message *m, const char *who, const char *tz)
{
	char d[DK_TIME_BUFSZ];
	while (b->len && b->data[b->len - 1] == '\n')
		buf_truncate(b, b->len - 1);
	buf_printf(b, "\n\nOn %s, %s wrote:\n", dk_date_format(m->created_at, tz, d), who ? who : "you");
	const char *p = m->body;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		buf_adds(b, len ? "> " : ">");
		buf_add(b, p, len);
		buf_addc(b, '\n');
		p = e ? e + 1 : p + len;
	}
}

int letters_compose(struct workspace *ws, const struct letter_set *s, const struct letter_tpl *tp, int64_t ticket_id,
		    const struct letter_vars *extra, int keep_missing, char **body, int64_t *obligation_id,
		    struct buf *missing)
{
	*body = NULL;
	*obligation_id = 0;
	if (strcmp(tp->use, LETTER_USE_REPLY))
		return err_set(DK_EINVAL, "template %s: is a %s letter, not a reply (use = %s)", tp->name, tp->use,
			       tp->use);
	struct ticket t;
	struct customer c;
	int rc = store_ticket_get(ws->store, ticket_id, &t);
	if (rc)
		return rc;
	if ((rc = store_customer_get(ws->store, t.customer_id, &c))) {
		ticket_clear(&t);
		return rc;
	}
	struct obligation *ob = NULL;
	struct message *m = NULL;
	struct event *ev = NULL;
	size_t nob = 0, nm = 0, nev = 0;
	struct letter_vars v = { 0 };
	char d[DK_TIME_BUFSZ], num[32];
	if ((rc = store_obligation_list_ticket(ws->store, ticket_id, &ob, &nob)) ||
	    (rc = store_message_list(ws->store, ticket_id, &m, &nm)) ||
	    (rc = store_event_list(ws->store, ticket_id, &ev, &nev)))
		goto out;
	dk_time now = dk_now();
	letter_vars_workspace(ws, &v, now);
	int erased = c.erased_at != DK_TIME_NONE;
	letter_vars_customer(s, &v, erased ? NULL : c.name, erased ? NULL : c.email, c.jurisdiction);
	snprintf(num, sizeof(num), "%lld", (long long)t.id);
	letter_vars_set(&v, "ticket", num);
	letter_vars_set(&v, "ticket_subject", t.subject);
	letter_vars_set(&v, "received", dk_date_format(t.created_at, ws->tz, d));
	const struct obligation *o = pick_duty(tp, ob, nob, t.kind);
	if (o) {
		*obligation_id = o->id;
		letter_vars_set(&v, "due", dk_date_format(due_of(o), ws->tz, d));
		letter_vars_set(&v, "rule_title", o->title);
		letter_vars_set(&v, "regime", o->regime);
		letter_vars_set(&v, "source", o->source);
		/* the extended deadline: the duty's own, or (for the notice
		 * of an extension) that of the duty of the same rule */
		dk_time ext = o->extended_due_at;
		for (size_t i = 0; i < nob && ext == DK_TIME_NONE; i++)
			if (!strcmp(ob[i].rule_id, o->rule_id) && ob[i].extended_due_at != DK_TIME_NONE)
				ext = ob[i].extended_due_at;
		if (ext != DK_TIME_NONE)
			letter_vars_set(&v, "new_due", dk_date_format(ext, ws->tz, d));
	}
	/* when the full response is due: the earliest unsettled final duty */
	dk_time resp = DK_TIME_NONE;
	for (size_t i = 0; i < nob; i++)
		if (!strcmp(ob[i].duty, "final") && obligation_unsettled(&ob[i]) &&
		    (resp == DK_TIME_NONE || due_of(&ob[i]) < resp))
			resp = due_of(&ob[i]);
	if (resp != DK_TIME_NONE)
		letter_vars_set(&v, "response_due", dk_date_format(resp, ws->tz, d));
	for (size_t i = nev; i-- > 0;)
		if (!strcmp(ev[i].type, "extended")) {
			letter_vars_set(&v, "extension_reasons", ev[i].detail);
			break;
		}
	dk_time aware = obligations_aware_at(ws, ticket_id);
	if (aware != DK_TIME_NONE)
		letter_vars_set(&v, "aware", dk_date_format(aware, ws->tz, d));
	for (size_t i = 0; extra && i < extra->n; i++)
		letter_vars_set(&v, extra->names[i], extra->values[i]);
	char *filled = NULL;
	if ((rc = letter_fill(tp->body, &v, keep_missing, &filled, missing)))
		goto out;
	struct buf b = BUF_INIT;
	size_t start = 0;
	while (filled[start] == '\n')
		start++;
	buf_adds(&b, filled + start);
	free(filled);
	for (size_t i = nm; i-- > 0;)
		if (!strcmp(m[i].direction, "in")) {
			quote_message(&b, &m[i], erased ? NULL : c.name, ws->tz);
			break;
		}
	*body = buf_detach(&b);
out:
	letter_vars_release(&v);
	obligations_free(ob, nob);
	messages_free(m, nm);
	events_free(ev, nev);
	customer_clear(&c);
	ticket_clear(&t);
	return rc;
}

int letters_record_reply_tx(struct workspace *ws, int64_t ticket_id, int64_t msg_id, int64_t customer_id,
			    int64_t outbox_id, const struct letter_ref *ref, dk_time at, int *met)
{
	*met = 0;
	char evid[48];
	snprintf(evid, sizeof(evid), "message:%lld", (long long)msg_id);
	int rc = 0;
	struct obligation o = { 0 };
	int have = 0;
	if (ref->obligation_id) {
		if ((rc = store_obligation_get(ws->store, ref->obligation_id, &o)))
			return rc;
		have = 1;
		if (o.ticket_id != ticket_id) {
			rc = err_set(DK_EINVAL, "obligation %lld is not ticket %lld's", (long long)o.id, (long long)ticket_id);
			goto out;
		}
		if ((rc = store_obligation_evidence_load(ws->store, &o, 1)))
			goto out;
		if (ref->meets && !strcmp(ref->meets, "final") && obligation_unsettled(&o)) {
			/* the letter is the final response: it meets the duty */
			if (!strcmp(o.status, "open")) {
				free(o.status);
				o.status = xstrdup("met");
			}
			o.met_at = at;
			o.paused_since = DK_TIME_NONE;
			if ((rc = store_obligation_update(ws->store, &o)) ||
			    (rc = store_obligation_met_by_set(ws->store, o.id, evid)) ||
			    (rc = store_ticket_refresh_due(ws->store, ticket_id)))
				goto out;
			*met = 1;
		} else if (ref->meets && o.met_by && !strcmp(o.met_by, evid)) {
			*met = 1; /* the reply settled it (an ack, a notice) */
		}
	}
	struct letter_row r = { .tpl = xstrdup(ref->tpl),
				.revision = xstrdup(ref->revision),
				.purpose = xstrdup(ref->purpose ? ref->purpose : LETTER_USE_REPLY),
				.ticket_id = ticket_id,
				.message_row = msg_id,
				.customer_id = customer_id,
				.outbox_id = outbox_id,
				.duty = ref->meets ? xstrdup(ref->meets) : NULL,
				.obligation_id = ref->obligation_id,
				.met = *met,
				.created_at = at };
	rc = store_letter_insert(ws->store, &r);
	int64_t letter_id = r.id;
	letter_row_clear(&r);
	if (rc)
		goto out;
	char detail[256];
	snprintf(detail, sizeof(detail), "%s@%.10s message=%lld", ref->tpl, ref->revision, (long long)msg_id);
	if (*met) {
		size_t l0 = strlen(detail);
		snprintf(detail + l0, sizeof(detail) - l0, " meets %s", o.duty);
	}
	if (*met) {
		size_t l = strlen(detail);
		snprintf(detail + l, sizeof(detail) - l, " of %s (obligation %lld)", o.rule_id, (long long)o.id);
	}
	struct event e = { .ticket_id = ticket_id, .at = at, .type = xstrdup("letter"), .actor = xstrdup(ws->login),
			   .detail = xstrdup(detail) };
	rc = store_event_insert(ws->store, &e);
	event_clear(&e);
	if (rc)
		goto out;
	char obj[64];
	snprintf(obj, sizeof(obj), "ticket:%lld", (long long)ticket_id);
	rc = ws_audit(ws, "letter.send", obj, "letter=%lld template=%s revision=%s message=%lld obligation=%lld met=%d",
		      (long long)letter_id, ref->tpl, ref->revision, (long long)msg_id, (long long)ref->obligation_id, *met);
out:
	if (have)
		obligation_clear(&o);
	return rc;
}
