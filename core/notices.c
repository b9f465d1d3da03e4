/* notices.c - notices to many customers: new terms (`terms notify`) and
 * personal data breaches (`breach notify`). */
#include "core/notices.h"

#include "core/inforce.h"
#include "core/letters.h"
#include "core/mail.h"
#include "core/obligations.h"
#include "core/workspace.h"
#include "data/store.h"
#include "data/store_letters.h"
#include "data/store_mail.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/util.h"
#include "terms/legal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

void notice_report_free(struct notice_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].email);
		free(r->v[i].status);
		free(r->v[i].error);
		free(r->v[i].why);
	}
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

static struct notice_item *add_item(struct notice_report *r, size_t *cap, const struct customer *c)
{
	ARRAY_GROW(r->v, *cap, r->n + 1);
	struct notice_item *it = &r->v[r->n++];
	memset(it, 0, sizeof(*it));
	it->customer_id = c->id;
	it->email = c->email && c->erased_at == DK_TIME_NONE ? xstrdup(c->email) : NULL;
	it->at = DK_TIME_NONE;
	return it;
}

/* Why the customer cannot be reached by mail, or NULL. */
static int unreachable(struct workspace *ws, const struct customer *c, const char **why)
{
	*why = NULL;
	if (c->erased_at != DK_TIME_NONE) {
		*why = "erased";
		return 0;
	}
	if (!c->email || !*c->email) {
		*why = "no email address";
		return 0;
	}
	int failing = 0;
	int rc = store_mail_failing_get(ws->store, c->email, &failing);
	if (!rc && failing)
		*why = "the address bounced permanently";
	return rc;
}

static const struct letter_tpl *pick_template(const struct letter_set *s, const char *name, const char *use)
{
	if (name)
		return letter_find(s, name);
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].use, use))
			return &s->v[i];
	return NULL;
}

/* Fill tp for customer c with vars and queue it: outbox row, letters row. */
static int queue_letter(struct workspace *ws, const struct letter_set *ls, const struct letter_tpl *tp,
			const struct customer *c, struct letter_vars *vars, int64_t ticket_id, const char *purpose,
			const char *doc, const char *docrev, dk_time at, struct notice_item *it)
{
	letter_vars_customer(ls, vars, c->name, c->email, c->jurisdiction);
	char *body = NULL, *subject = NULL;
	struct buf missing = BUF_INIT;
	int rc = letter_fill(tp->body, vars, 0, &body, &missing);
	if (!rc)
		rc = letter_fill(tp->subject ? tp->subject : tp->title, vars, 0, &subject, &missing);
	buf_release(&missing);
	if (rc)
		goto out;
	size_t start = 0;
	while (body[start] == '\n')
		start++;
	int64_t oid = 0;
	if ((rc = mail_letter_queue_tx(ws, ticket_id, c, subject, body + start, at, &oid)))
		goto out;
	struct letter_row r = { .tpl = xstrdup(tp->name),
				.revision = xstrdup(ls->revision),
				.purpose = xstrdup(purpose),
				.ticket_id = ticket_id,
				.customer_id = c->id,
				.outbox_id = oid,
				.document = doc ? xstrdup(doc) : NULL,
				.doc_revision = docrev ? xstrdup(docrev) : NULL,
				.created_at = at };
	rc = store_letter_insert(ws->store, &r);
	it->letter_id = r.id;
	it->outbox_id = oid;
	letter_row_clear(&r);
out:
	free(body);
	free(subject);
	return rc;
}

/* After the hand-over: each queued item's outbox state. */
static int refresh(struct workspace *ws, struct notice_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		struct notice_item *it = &r->v[i];
		if (!it->outbox_id)
			continue;
		struct outbox_row o;
		int rc = store_outbox_get(ws->store, it->outbox_id, &o);
		if (rc)
			return rc;
		free(it->status);
		free(it->error);
		it->status = xstrdup(o.status);
		it->error = o.last_error ? xstrdup(o.last_error) : NULL;
		it->at = o.updated_at;
		outbox_row_clear(&o);
	}
	return 0;
}

/* The end of a notify: rolled back on failure, else committed, the mail
 * handed to the MTA, and the report read back with the delivery states. */
static int notify_finish(struct workspace *ws, int rc, struct notice_report *out)
{
	if (rc) {
		ws_rollback(ws);
		return rc;
	}
	if ((rc = ws_commit(ws)))
		return rc;
	if (out->queued)
		mail_after_commit(ws);
	return refresh(ws, out);
}

struct collect {
	struct customer *v;
	size_t n, cap;
	dk_time before;
};

static int collect_cb(const struct customer *c, void *p)
{
	struct collect *x = p;
	if (c->created_at >= x->before || c->erased_at != DK_TIME_NONE)
		return 0;
	ARRAY_GROW(x->v, x->cap, x->n + 1);
	struct customer *d = &x->v[x->n++];
	*d = *c;
	d->name = c->name ? xstrdup(c->name) : NULL;
	d->email = c->email ? xstrdup(c->email) : NULL;
	d->jurisdiction = c->jurisdiction ? xstrdup(c->jurisdiction) : NULL;
	d->hold_reason = NULL;
	d->restrict_reason = NULL;
	return 0;
}

static int same_rev(const char *a, const char *full)
{
	return a && full && strlen(a) >= 7 && !strncmp(a, full, strlen(a));
}

int terms_notify(struct workspace *ws, const char *doc, const char *rev, dk_time at, struct notice_report *out)
{
	memset(out, 0, sizeof(*out));
	int rc = ws_require_role(ws, ROLE_LEGAL, "terms notify");
	if (rc)
		return rc;
	const char *sender = ws_config(ws, "sender", NULL);
	if (!sender || !*sender)
		return err_set(DK_EINVAL, "terms notify: the workspace has no sender (config sender): nothing can be mailed");
	struct legal_rev *v = NULL;
	size_t nv = 0;
	struct letter_set *ls = NULL;
	struct acceptance *acc = NULL;
	struct letter_row *prior = NULL;
	size_t nacc = 0, nprior = 0, cap = 0;
	struct collect cs = { 0 };
	struct letter_vars vars = { 0 };
	char *path = NULL;
	if ((rc = legal_doc_path(doc, &path)) || (rc = terms_log(ws, doc, &v, &nv)))
		goto out;
	if (!nv) {
		rc = err_set(DK_ENOTFOUND, "%s: no such document", path);
		goto out;
	}
	const struct legal_rev *r = &v[0];
	if (rev) {
		struct legal_repo *repo;
		char id[41], docrev[41];
		if ((rc = ws_legal(ws, &repo)) || (rc = legal_resolve(repo, rev, id)) ||
		    (rc = legal_doc_revision_at(repo, path, id, docrev)))
			goto out;
		r = NULL;
		for (size_t i = 0; i < nv && !r; i++)
			if (!strcmp(v[i].id, docrev))
				r = &v[i];
		if (!r) {
			rc = err_set(DK_ENOTFOUND, "%s: revision %s is not on main", path, rev);
			goto out;
		}
	}
	memcpy(out->revision, r->id, sizeof(out->revision));
	out->notice_days = r->notice_days;
	out->published = r->committed_at;
	out->effective = r->effective;
	if (r->notice_days <= 0) {
		rc = err_set(DK_EINVAL,
			     "terms notify: %s revision %.10s has no notice period (no Notice-Days: trailer): it binds "
			     "existing customers from its effective date, there is nothing to give notice of",
			     doc, r->id);
		goto out;
	}
	if ((rc = ws_letters(ws, &ls)))
		goto out;
	const char *tname = ws_config(ws, "terms_notice_template", NULL);
	const struct letter_tpl *tp = pick_template(ls, tname, LETTER_USE_TERMS);
	if (!tp || strcmp(tp->use, LETTER_USE_TERMS)) {
		rc = err_set(DK_ENOTFOUND, "terms notify: no template of use terms%s%s in the legal repository's templates/",
			     tname ? " named " : "", tname ? tname : "");
		goto out;
	}
	snprintf(out->tpl, sizeof(out->tpl), "%s", tp->name);
	memcpy(out->tpl_revision, ls->revision, sizeof(out->tpl_revision));
	if ((rc = store_acceptance_list(ws->store, 0, doc, &acc, &nacc)) ||
	    (rc = store_letter_list(ws->store, 0, 0, "terms", doc, &prior, &nprior)))
		goto out;
	cs.before = r->committed_at;
	if ((rc = store_customer_foreach(ws->store, collect_cb, &cs)))
		goto out;
	char d[DK_TIME_BUFSZ], shortrev[11];
	snprintf(shortrev, sizeof(shortrev), "%.10s", r->id);
	letter_vars_workspace(ws, &vars, at);
	letter_vars_set(&vars, "terms_document", doc);
	letter_vars_set(&vars, "terms_revision", shortrev);
	letter_vars_set(&vars, "terms_effective", dk_date_format(r->effective, ws->tz, d));
	dk_time binding = at + (dk_time)r->notice_days * DAY;
	if (binding < r->effective)
		binding = r->effective;
	letter_vars_set(&vars, "terms_binding", dk_date_format(binding, ws->tz, d));
	letter_vars_set(&vars, "terms_summary", r->subject);
	if ((rc = ws_begin(ws)))
		goto out;
	for (size_t i = 0; i < cs.n && !rc; i++) {
		const struct customer *c = &cs.v[i];
		int skip = 0;
		for (size_t k = 0; k < nacc && !skip; k++)
			skip = acc[k].customer_id == c->id && same_rev(acc[k].revision, r->id);
		if (skip) {
			out->accepted_rev++;
			continue;
		}
		for (size_t k = 0; k < nprior && !skip; k++)
			skip = prior[k].customer_id == c->id && prior[k].doc_revision && !strcmp(prior[k].doc_revision, r->id);
		if (skip) {
			out->already++;
			continue;
		}
		const char *why;
		if ((rc = unreachable(ws, c, &why)))
			break;
		struct notice_item *it = add_item(out, &cap, c);
		if (why) {
			it->why = xstrdup(why);
			out->no_address++;
			continue;
		}
		if ((rc = queue_letter(ws, ls, tp, c, &vars, 0, LETTER_USE_TERMS, doc, r->id, at, it)))
			break;
		out->queued++;
	}
	char obj[128];
	snprintf(obj, sizeof(obj), "terms:%s", doc);
	if (!rc)
		rc = ws_audit(ws, "terms.notify", obj, "revision=%s template=%s template_revision=%s queued=%zu no_address=%zu",
			      r->id, tp->name, ls->revision, out->queued, out->no_address);
	rc = notify_finish(ws, rc, out);
out:
	if (rc)
		notice_report_free(out);
	free(path);
	legal_revs_free(v, nv);
	letter_set_free(ls);
	acceptances_free(acc, nacc);
	letter_rows_free(prior, nprior);
	customers_free(cs.v, cs.n);
	letter_vars_release(&vars);
	return rc;
}

static int add_ticket_event(struct workspace *ws, int64_t ticket_id, const char *type, const char *detail, dk_time at)
{
	struct event e = { .ticket_id = ticket_id, .at = at, .type = xstrdup(type), .actor = xstrdup(ws->login),
			   .detail = xstrdup(detail) };
	int rc = store_event_insert(ws->store, &e);
	event_clear(&e);
	return rc;
}

int breach_notify(struct workspace *ws, int64_t ticket_id, const int64_t *customers, size_t ncustomers,
		  const struct letter_vars *extra, dk_time at, struct notice_report *out)
{
	memset(out, 0, sizeof(*out));
	int rc = ws_require_role(ws, ROLE_LEGAL, "breach notify");
	if (rc)
		return rc;
	const char *sender = ws_config(ws, "sender", NULL);
	if (!sender || !*sender)
		return err_set(DK_EINVAL, "breach notify: the workspace has no sender (config sender): nothing can be mailed");
	struct ticket t;
	if ((rc = store_ticket_get(ws->store, ticket_id, &t)))
		return rc;
	int breach = !strcmp(t.kind, "breach");
	ticket_clear(&t);
	if (!breach)
		return err_set(DK_EINVAL, "breach notify: ticket %lld is not a breach (kind breach)", (long long)ticket_id);
	out->aware = obligations_aware_at(ws, ticket_id);
	if (out->aware == DK_TIME_NONE)
		return err_set(DK_EINVAL,
			       "breach notify: ticket %lld has no awareness recorded: `docket ticket event %lld aware --at T` "
			       "first (the notice's timing counts from it)",
			       (long long)ticket_id, (long long)ticket_id);
	if (!ncustomers)
		return err_set(DK_EINVAL, "breach notify: no customers to notify");
	struct letter_set *ls = NULL;
	struct letter_row *prior = NULL;
	size_t nprior = 0, cap = 0;
	struct letter_vars vars = { 0 };
	if ((rc = ws_letters(ws, &ls)))
		return rc;
	const char *tname = ws_config(ws, "breach_notice_template", NULL);
	const struct letter_tpl *tp = pick_template(ls, tname, LETTER_USE_BREACH);
	if (!tp || strcmp(tp->use, LETTER_USE_BREACH)) {
		rc = err_set(DK_ENOTFOUND, "breach notify: no template of use breach%s%s in the legal repository's templates/",
			     tname ? " named " : "", tname ? tname : "");
		goto out;
	}
	snprintf(out->tpl, sizeof(out->tpl), "%s", tp->name);
	memcpy(out->tpl_revision, ls->revision, sizeof(out->tpl_revision));
	if ((rc = store_letter_list(ws->store, ticket_id, 0, LETTER_USE_BREACH, NULL, &prior, &nprior)))
		goto out;
	char d[DK_TIME_BUFSZ], num[32];
	letter_vars_workspace(ws, &vars, at);
	snprintf(num, sizeof(num), "%lld", (long long)ticket_id);
	letter_vars_set(&vars, "ticket", num);
	letter_vars_set(&vars, "aware", dk_date_format(out->aware, ws->tz, d));
	for (size_t i = 0; extra && i < extra->n; i++)
		letter_vars_set(&vars, extra->names[i], extra->values[i]);
	if ((rc = ws_begin(ws)))
		goto out;
	for (size_t i = 0; i < ncustomers && !rc; i++) {
		struct customer c;
		if ((rc = store_customer_get(ws->store, customers[i], &c)))
			break;
		int skip = 0;
		for (size_t k = 0; k < nprior && !skip; k++)
			skip = prior[k].customer_id == c.id;
		for (size_t k = 0; k < out->n && !skip; k++)
			skip = out->v[k].customer_id == c.id; /* named twice */
		if (skip) {
			out->already++;
			customer_clear(&c);
			continue;
		}
		const char *why;
		char ev[160];
		if ((rc = unreachable(ws, &c, &why))) {
			customer_clear(&c);
			break;
		}
		struct notice_item *it = add_item(out, &cap, &c);
		if (why) {
			/* affected, and recorded so, but to be told another way */
			it->why = xstrdup(why);
			out->no_address++;
			struct letter_row lr = { .tpl = xstrdup(tp->name), .revision = xstrdup(ls->revision),
						 .purpose = xstrdup(LETTER_USE_BREACH), .ticket_id = ticket_id,
						 .customer_id = c.id, .created_at = at };
			rc = store_letter_insert(ws->store, &lr);
			it->letter_id = lr.id;
			letter_row_clear(&lr);
			snprintf(ev, sizeof(ev), "customer=%lld not sent: %s", (long long)c.id, why);
			if (!rc)
				rc = add_ticket_event(ws, ticket_id, "breach-notice", ev, at);
		} else if (!(rc = queue_letter(ws, ls, tp, &c, &vars, ticket_id, LETTER_USE_BREACH, NULL, NULL, at, it))) {
			out->queued++;
			snprintf(ev, sizeof(ev), "customer=%lld letter=%lld outbox=%lld", (long long)c.id,
				 (long long)it->letter_id, (long long)it->outbox_id);
			rc = add_ticket_event(ws, ticket_id, "breach-notice", ev, at);
		}
		customer_clear(&c);
	}
	char obj[64];
	snprintf(obj, sizeof(obj), "ticket:%lld", (long long)ticket_id);
	if (!rc)
		rc = ws_audit(ws, "breach.notify", obj, "template=%s revision=%s queued=%zu no_address=%zu already=%zu",
			      tp->name, ls->revision, out->queued, out->no_address, out->already);
	rc = notify_finish(ws, rc, out);
out:
	if (rc)
		notice_report_free(out);
	letter_set_free(ls);
	letter_rows_free(prior, nprior);
	letter_vars_release(&vars);
	return rc;
}

int notice_status(struct workspace *ws, const char *purpose, const char *doc, const char *revision, int64_t ticket_id,
		  struct notice_report *out)
{
	memset(out, 0, sizeof(*out));
	struct letter_row *rows;
	size_t n, cap = 0;
	int rc = store_letter_list(ws->store, ticket_id, 0, purpose, doc, &rows, &n);
	if (rc)
		return rc;
	if (ticket_id)
		out->aware = obligations_aware_at(ws, ticket_id);
	for (size_t i = 0; i < n; i++) {
		if (revision && (!rows[i].doc_revision || !same_rev(revision, rows[i].doc_revision)))
			continue;
		struct customer c = { .id = rows[i].customer_id, .erased_at = DK_TIME_NONE };
		struct customer full;
		int have = !store_customer_get(ws->store, rows[i].customer_id, &full);
		if (!have)
			err_clear();
		struct notice_item *it = add_item(out, &cap, have ? &full : &c);
		it->letter_id = rows[i].id;
		it->outbox_id = rows[i].outbox_id;
		if (!rows[i].outbox_id)
			it->why = xstrdup("no working address: not mailed");
		it->status = rows[i].status ? xstrdup(rows[i].status) : NULL;
		it->error = rows[i].last_error ? xstrdup(rows[i].last_error) : NULL;
		it->at = rows[i].status_at;
		if (!out->revision[0] && rows[i].doc_revision)
			snprintf(out->revision, sizeof(out->revision), "%s", rows[i].doc_revision);
		snprintf(out->tpl, sizeof(out->tpl), "%s", rows[i].tpl);
		if (have)
			customer_clear(&full);
	}
	letter_rows_free(rows, n);
	return 0;
}
