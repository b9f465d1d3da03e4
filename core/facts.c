/* facts.c - workspace facts (`regulated`) and setting config keys. */
#include "core/facts.h"

#include "core/obligations.h"
#include "core/rules.h"
#include "core/workspace.h"

#include "data/store.h"
#include "lib/dtime.h"

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/util.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Calls fn for each trimmed, non-empty item of a comma list; stops when fn
 * returns non-zero and returns that. */
static int each_item(const char *list, int (*fn)(const char *item, size_t len, void *arg), void *arg)
{
	for (const char *p = list; p && *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		size_t len = strcspn(p, ",");
		size_t n = len;
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n) {
			int rc = fn(p, n, arg);
			if (rc)
				return rc;
		}
		p += len;
	}
	return 0;
}

static int item_is(const char *item, size_t len, void *arg)
{
	const char *fact = arg;
	return strlen(fact) == len && !strncasecmp(item, fact, len);
}

int ws_has_fact(struct workspace *ws, const char *fact)
{
	return each_item(ws_config(ws, WS_REGULATED_KEY, NULL), item_is, (void *)(uintptr_t)fact) != 0;
}

const char *ws_rule_missing_fact(struct workspace *ws, const struct rule *r)
{
	for (size_t i = 0; r && i < r->nrequires; i++)
		if (!ws_has_fact(ws, r->requires[i]))
			return r->requires[i];
	return NULL;
}

char *ws_rule_skip_note(struct workspace *ws, const struct rule *r)
{
	const char *f = ws_rule_missing_fact(ws, r);
	return f ? xasprintf("%s skipped: the workspace is not regulated by %s (config %s)", r->id, f, WS_REGULATED_KEY)
		 : NULL;
}

/* ---- setting a key ---- */

static int key_valid(const char *k)
{
	if (!*k)
		return 0;
	for (; *k; k++)
		if (!islower((unsigned char)*k) && !isdigit((unsigned char)*k) && *k != '_' && *k != '-' && *k != '.')
			return 0;
	return 1;
}

struct norm {
	struct buf b;
	const char *bad;
	size_t badlen;
};

static int add_fact(const char *item, size_t len, void *arg)
{
	struct norm *n = arg;
	for (size_t i = 0; i < len; i++)
		if (!islower((unsigned char)tolower((unsigned char)item[i])) && !isdigit((unsigned char)item[i]) &&
		    item[i] != '-') {
			n->bad = item;
			n->badlen = len;
			return 1;
		}
	char *f = xstrndup(item, len);
	for (char *p = f; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	/* once each */
	int dup = 0;
	char *have = xstrdup(buf_str(&n->b));
	dup = each_item(have, item_is, f);
	free(have);
	if (!dup)
		buf_printf(&n->b, "%s%s", n->b.len ? ", " : "", f);
	free(f);
	return 0;
}

/* The key of a config line ("key = value"), or 0 when it has none
 * (blank, comment, section). */
static size_t line_key(const char *line, size_t len, const char **key)
{
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == len || line[i] == ';' || line[i] == '#' || line[i] == '[')
		return 0;
	size_t s = i;
	while (i < len && line[i] != '=' && line[i] != ':')
		i++;
	if (i == len)
		return 0;
	size_t e = i;
	while (e > s && (line[e - 1] == ' ' || line[e - 1] == '\t'))
		e--;
	*key = line + s;
	return e - s;
}

/* The in-memory config sees the new value (later lines win) while the
 * open tickets are re-evaluated; cfg_pop takes it back on failure. */
static void cfg_push(struct workspace *ws, const char *key, const char *val)
{
	ws->cfg_keys = xrealloc(ws->cfg_keys, (ws->ncfg + 1) * sizeof(char *));
	ws->cfg_vals = xrealloc(ws->cfg_vals, (ws->ncfg + 1) * sizeof(char *));
	ws->cfg_keys[ws->ncfg] = xstrdup(key);
	ws->cfg_vals[ws->ncfg] = xstrdup(val);
	ws->ncfg++;
}

static void cfg_pop(struct workspace *ws)
{
	ws->ncfg--;
	free(ws->cfg_keys[ws->ncfg]);
	free(ws->cfg_vals[ws->ncfg]);
}

/* Is fact (len bytes) in the comma list? */
static int list_has(const char *list, const char *fact, size_t len)
{
	char *f = xstrndup(fact, len);
	int r = each_item(list, item_is, f) != 0;
	free(f);
	return r;
}

/* Does rule r need a fact of `added` (a normalised list)? */
static int needs_added(const struct rule *r, const char *added)
{
	for (size_t i = 0; i < r->nrequires; i++)
		if (list_has(added, r->requires[i], strlen(r->requires[i])))
			return 1;
	return 0;
}

struct added {
	const char *old;
	struct buf b;
};

static int add_if_new(const char *item, size_t len, void *arg)
{
	struct added *a = arg;
	if (!list_has(a->old, item, len))
		buf_printf(&a->b, "%s%.*s", a->b.len ? ", " : "", (int)len, item);
	return 0;
}

/* A fact newly in `regulated` makes the rules that require it bind the
 * business from now on, also for requests already received: every open
 * ticket of a kind such a rule applies to is re-evaluated (inside the
 * caller's transaction), so it gets the duties it lacks, counted from its
 * receipt like any duty. A fact taken away removes nothing (duties
 * already created stay, as for any later change of the facts). */
static int reevaluate_open(struct workspace *ws, const char *old, const char *val, int *tickets, int *duties)
{
	struct added a = { .old = old ? old : "", .b = BUF_INIT };
	each_item(val, add_if_new, &a);
	if (!a.b.len) {
		buf_release(&a.b);
		return 0;
	}
	struct rule_pack *p;
	int rc = ws_rules(ws, &p);
	const char **kinds = NULL;
	size_t nk = 0, cap = 0;
	for (size_t i = 0; !rc && i < rule_pack_count(p); i++) {
		const struct rule *r = rule_pack_get(p, i);
		if (!needs_added(r, buf_str(&a.b)) || ws_rule_missing_fact(ws, r))
			continue;
		for (size_t k = 0; k < r->napplies; k++) {
			size_t j = 0;
			while (j < nk && strcmp(kinds[j], r->applies[k]))
				j++;
			if (j == nk) {
				ARRAY_GROW(kinds, cap, nk + 1);
				kinds[nk++] = r->applies[k];
			}
		}
	}
	buf_release(&a.b);
	dk_time now = dk_now();
	for (size_t k = 0; !rc && k < nk; k++) {
		struct ticket_filter f = { .status = NULL, .kind = kinds[k] }; /* the open ones */
		struct ticket *t;
		size_t nt;
		if ((rc = store_ticket_list(ws->store, &f, &t, &nt)))
			break;
		for (size_t i = 0; i < nt && !rc; i++) {
			int made = 0;
			/* the queue keeps a resolved ticket with an open duty:
			 * resolved, it is no open request any more */
			if (!ticket_status_is_open(t[i].status))
				continue;
			rc = obligations_evaluate(ws, t[i].id, now, &made);
			(*tickets)++;
			*duties += made;
		}
		tickets_free(t, nt);
	}
	free(kinds);
	return rc;
}

int ws_config_set(struct workspace *ws, const char *key, const char *value, int *reevaluated, int *duties)
{
	int n_re = 0, n_duties = 0;
	if (reevaluated)
		*reevaluated = 0;
	if (duties)
		*duties = 0;
	int rc = ws_require_role(ws, ROLE_ADMIN, "config set");
	if (rc)
		return rc;
	if (!key_valid(key))
		return err_set(DK_EINVAL, "config set: bad key '%s' (lower-case letters, digits, '_', '-', '.')", key);
	if (!strcmp(key, WS_DATABASE_KEY))
		return err_set(DK_EPERM, "config set: %s: moving the database is not a setting; see `docket backup`",
			       key);
	if (strpbrk(value, "\n\r"))
		return err_set(DK_EINVAL, "config set: %s: the value must be one line", key);
	char *val;
	if (!strcmp(key, WS_REGULATED_KEY)) {
		struct norm n = { .b = BUF_INIT };
		each_item(value, add_fact, &n);
		if (n.bad) {
			rc = err_set(DK_EINVAL,
				     "config set: %s: bad fact '%.*s' (use lower-case letters, digits and '-', e.g. fca, payment-services, asic)",
				     key, (int)n.badlen, n.bad);
			buf_release(&n.b);
			return rc;
		}
		val = buf_detach(&n.b);
		if (!val)
			val = xstrdup("");
	} else {
		while (*value == ' ' || *value == '\t')
			value++;
		val = xstrdup(value);
		size_t l = strlen(val);
		while (l && (val[l - 1] == ' ' || val[l - 1] == '\t'))
			val[--l] = 0;
	}
	const char *cur = ws_config(ws, key, NULL);
	char *old = cur ? xstrdup(cur) : NULL;

	char *path = xasprintf("%s/config", ws->dir);
	char *data = NULL;
	size_t len = 0;
	struct stat sb;
	int existed = stat(path, &sb) == 0;
	if (existed && (rc = read_file(path, &data, &len)))
		goto out;
	struct buf nb = BUF_INIT;
	int done = 0;
	size_t klen = strlen(key);
	for (size_t pos = 0; pos < len;) {
		const char *line = data + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - line) : len - pos;
		const char *k;
		size_t kl = line_key(line, ll, &k);
		if (kl == klen && !memcmp(k, key, klen)) {
			if (!done)
				buf_printf(&nb, "%s = %s\n", key, val);
			done = 1;
		} else {
			buf_add(&nb, line, ll);
			buf_add(&nb, "\n", 1);
		}
		pos += ll + (nl ? 1 : 0);
	}
	if (!done)
		buf_printf(&nb, "%s = %s\n", key, val);
	if ((rc = ws_begin(ws))) {
		buf_release(&nb);
		goto out;
	}
	cfg_push(ws, key, val);
	if (!strcmp(key, WS_REGULATED_KEY))
		rc = reevaluate_open(ws, old, val, &n_re, &n_duties);
	char *object = xasprintf("config:%s", key);
	if (!rc)
		rc = ws_audit(ws, "config.set", object, "key=%s old='%s' new='%s' reevaluated=%d duties=%d", key,
			      old ? old : "", val, n_re, n_duties);
	free(object);
	if (rc) {
		cfg_pop(ws);
		ws_rollback(ws);
		buf_release(&nb);
		goto out;
	}
	if ((rc = write_file_atomic(path, nb.data ? nb.data : "", nb.len, existed ? (int)(sb.st_mode & 07777) : 0660))) {
		cfg_pop(ws);
		ws_rollback(ws);
		buf_release(&nb);
		goto out;
	}
	if ((rc = ws_commit(ws))) {
		/* the audit row is gone: so must the change be */
		int keep = rc;
		char *msg = xstrdup(err_msg());
		cfg_pop(ws);
		if (existed)
			write_file_atomic(path, data, len, (int)(sb.st_mode & 07777));
		else
			remove(path);
		rc = err_set(keep, "%s", msg);
		free(msg);
		buf_release(&nb);
		goto out;
	}
	buf_release(&nb);
	if (reevaluated)
		*reevaluated = n_re;
	if (duties)
		*duties = n_duties;
out:
	free(data);
	free(path);
	free(old);
	free(val);
	return rc;
}
