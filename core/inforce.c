/* inforce.c - which terms revision bound a customer, from repository and database. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/err.h"
#include "core/legal_cache.h"
#include "core/ticketview.h"
#include "lib/util.h"
#include "core/workspace.h"
#include "data/store.h"
#include "data/store_letters.h"
#include "core/inforce.h"
#include "terms/legal.h"

#define DEFAULT_DOC "terms-of-service"

/* A document's log in the cache for HEAD: one line per revision, newest
 * first, of tab-separated id, committed_at, effective, has_effective (0/1),
 * notice_days, author, author_email, subject; in the last three a
 * backslash, tab or newline is written \\, \t, \n. (Parsing JSON was
 * most of a `terms log` of 5,000 revisions.) */
#define LOG_CACHE "termslog.3:"

static void put_field(struct buf *b, const char *s)
{
	buf_addc(b, '\t');
	for (; s && *s; s++) {
		if (*s == '\\' || *s == '\t' || *s == '\n') {
			buf_addc(b, '\\');
			buf_addc(b, *s == '\t' ? 't' : *s == '\n' ? 'n' : '\\');
		} else {
			buf_addc(b, *s);
		}
	}
}

static char *log_payload(const struct legal_rev *v, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		buf_printf(&b, "%s\t%lld\t%lld\t%d\t%d", v[i].id, (long long)v[i].committed_at, (long long)v[i].effective,
			   v[i].has_effective ? 1 : 0, v[i].notice_days);
		put_field(&b, v[i].author);
		put_field(&b, v[i].author_email);
		put_field(&b, v[i].subject);
		buf_addc(&b, '\n');
	}
	return buf_detach(&b);
}

/* The field at *p up to the next tab or newline, unescaped (NULL if
 * malformed); *p moves past it. */
static char *get_field(const char **p)
{
	struct buf b = BUF_INIT;
	const char *s = *p;
	for (; *s && *s != '\t' && *s != '\n'; s++) {
		if (*s != '\\') {
			buf_addc(&b, *s);
			continue;
		}
		s++;
		if (*s != '\\' && *s != 't' && *s != 'n') {
			buf_release(&b);
			return NULL;
		}
		buf_addc(&b, *s == 't' ? '\t' : *s == 'n' ? '\n' : '\\');
	}
	*p = s;
	if (!b.data)
		buf_adds(&b, "");
	return buf_detach(&b);
}

static int get_int(const char **p, long long *out)
{
	char *end;
	errno = 0;
	*out = strtoll(*p, &end, 10);
	if (end == *p || errno || (*end != '\t'))
		return -1;
	*p = end + 1;
	return 0;
}

static int log_cached(const char *payload, struct legal_rev **out, size_t *n)
{
	size_t nv = 0, cap = 0;
	struct legal_rev *v = NULL;
	const char *p = payload;
	while (*p) {
		ARRAY_GROW(v, cap, nv + 1);
		struct legal_rev *e = &v[nv];
		memset(e, 0, sizeof(*e));
		long long committed, effective, has, notice;
		/* anything but this exact shape (an entry from an older docket,
		 * say) is not used: the log is read from the repository */
		if (strspn(p, "0123456789abcdef") != LEGAL_ID_LEN || p[LEGAL_ID_LEN] != '\t')
			goto bad;
		memcpy(e->id, p, LEGAL_ID_LEN);
		e->id[LEGAL_ID_LEN] = '\0';
		p += LEGAL_ID_LEN + 1;
		if (get_int(&p, &committed) || get_int(&p, &effective) || get_int(&p, &has) || (has != 0 && has != 1) ||
		    get_int(&p, &notice) || notice < 0 || notice > 100000)
			goto bad;
		nv++;
		e->committed_at = (dk_time)committed;
		e->effective = (dk_time)effective;
		e->has_effective = (int)has;
		e->notice_days = (int)notice;
		if (!(e->author = get_field(&p)) || *p++ != '\t' || !(e->author_email = get_field(&p)) || *p++ != '\t' ||
		    !(e->subject = get_field(&p)) || *p++ != '\n')
			goto bad;
	}
	if (!nv)
		return DK_ERR;
	*out = v;
	*n = nv;
	return 0;
bad:
	legal_revs_free(v, nv);
	return DK_ERR;
}

int terms_log(struct workspace *ws, const char *doc, struct legal_rev **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	char head[41] = "", *cache_name = xasprintf(LOG_CACHE "%s", doc ? doc : DEFAULT_DOC);
	char *cached = legal_cache_get(ws, cache_name, head);
	if (cached) {
		int crc = log_cached(cached, out, n);
		free(cached);
		if (!crc) {
			free(cache_name);
			return 0;
		}
	}
	struct legal_repo *r;
	char *path = NULL;
	int rc;
	if ((rc = legal_doc_path(doc ? doc : DEFAULT_DOC, &path)) || (rc = ws_legal(ws, &r)) ||
	    (rc = legal_log(r, path, out, n)))
		goto out;
	char now_head[41];
	/* cached only when HEAD did not move while we read */
	if (*head && *n && !legal_head_peek(ws->legal_dir, now_head) && !strcmp(now_head, head)) {
		char *payload = log_payload(*out, *n);
		legal_cache_put(ws, cache_name, head, payload);
		free(payload);
	}
out:
	free(path);
	free(cache_name);
	return rc;
}

int terms_model(struct workspace *ws, const char *doc, struct which_model **out, struct legal_rev **revs,
		size_t *n)
{
	struct legal_rev *v = NULL;
	size_t nv = 0;
	*out = NULL;
	if (revs) {
		*revs = NULL;
		*n = 0;
	}
	int rc = terms_log(ws, doc, &v, &nv);
	if (rc)
		return rc;
	if (!nv) {
		char *path = NULL;
		legal_doc_path(doc ? doc : DEFAULT_DOC, &path);
		rc = err_set(DK_ENOTFOUND, "%s: no such document", path ? path : "document");
		free(path);
		return rc;
	}
	struct which_rev *wr = xcalloc(nv, sizeof(*wr));
	for (size_t i = 0; i < nv; i++) { /* oldest first */
		const struct legal_rev *e = &v[nv - 1 - i];
		wr[i] = (struct which_rev){ e->id, e->committed_at, e->effective, e->notice_days };
	}
	*out = which_model_new(wr, nv, ws->tz);
	free(wr);
	if (revs) {
		*revs = v;
		*n = nv;
	} else {
		legal_revs_free(v, nv);
	}
	return 0;
}

int terms_notice_given(const struct letter_row *l, struct which_acceptance *out)
{
	if (!l->status || strcmp(l->status, "accepted") || !l->doc_revision)
		return 0;
	*out = (struct which_acceptance){ l->doc_revision, l->status_at, "email", 1 };
	return 1;
}

int terms_which_customer(struct workspace *ws, const struct which_model *m, const struct customer *c,
			 const char *doc, dk_time at, struct which_answer *out)
{
	struct acceptance *a = NULL;
	size_t na = 0;
	char label[48];
	int rc = store_acceptance_list(ws->store, c->id, doc ? doc : DEFAULT_DOC, &a, &na);
	if (rc)
		return rc;
	/* the notices of new terms accepted for delivery to the customer
	 * (`terms notify`): the notice period runs from them */
	struct letter_row *nt = NULL;
	size_t nn = 0;
	if ((rc = store_letter_list(ws->store, 0, c->id, "terms", doc ? doc : DEFAULT_DOC, &nt, &nn))) {
		acceptances_free(a, na);
		return rc;
	}
	struct which_acceptance *wa = na + nn ? xcalloc(na + nn, sizeof(*wa)) : NULL;
	size_t k = 0;
	for (size_t i = 0; i < na; i++)
		wa[k++] = (struct which_acceptance){ a[i].revision, a[i].accepted_at, a[i].channel, 0 };
	for (size_t i = 0; i < nn; i++)
		k += (size_t)terms_notice_given(&nt[i], &wa[k]);
	snprintf(label, sizeof(label), "customer %lld", (long long)c->id);
	which_answer_for(m, c->created_at, wa, k, at, label, out);
	free(wa);
	acceptances_free(a, na);
	letter_rows_free(nt, nn);
	return 0;
}

int terms_customer_in_force(struct workspace *ws, int64_t customer_id, const char *doc, dk_time at,
			    struct which_answer *out)
{
	struct customer c = { 0 };
	struct which_model *m = NULL;
	int rc = store_customer_get(ws->store, customer_id, &c);
	if (!rc)
		rc = terms_model(ws, doc, &m, NULL, NULL);
	if (!rc)
		rc = terms_which_customer(ws, m, &c, doc, at, out);
	which_model_free(m);
	customer_clear(&c);
	return rc;
}

/* core/ticketview.h: the ticket view's terms line. */
int terms_in_force(struct workspace *ws, const struct customer *c, const char *doc, dk_time at,
		   struct terms_in_force *out)
{
	struct which_model *m = NULL;
	struct which_answer a;
	memset(out, 0, sizeof(*out));
	out->effective = DK_TIME_NONE;
	int rc = terms_model(ws, doc, &m, NULL, NULL);
	if (!rc)
		rc = terms_which_customer(ws, m, c, doc, at, &a);
	which_model_free(m);
	if (rc)
		return rc;
	out->revision = a.found ? xstrdup(a.revision) : NULL;
	out->effective = a.found ? a.effective : DK_TIME_NONE;
	out->reason = xstrdup(a.reason);
	return 0;
}
