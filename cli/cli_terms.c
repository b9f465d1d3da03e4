/* cli_terms.c - `docket terms`: log, show, diff, which, publish, accept. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/cli_impl.h"
#include "data/store_letters.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/priv.h"
#include "core/json.h"
#include "lib/util.h"
#include "core/which.h"
#include "core/workspace.h"
#include "data/store.h"
#include "terms/diff.h"
#include "terms/redline.h"
#include "core/inforce.h"
#include "terms/legal.h"
#include "core/publish.h"
#include "core/accept.h"

#define DEFAULT_DOC "terms-of-service"

static int parse_time_opt(struct workspace *ws, const char *s, dk_time *out)
{
	if (!s) {
		*out = dk_now();
		return 0;
	}
	return dk_time_parse(s, ws->tz, out);
}

static char *day(struct workspace *ws, dk_time t, char *out)
{
	return dk_date_format(t, ws->tz, out);
}

/* JSON string into b without building a json_t (long lists). */
static void put_json_str(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (const char *p = s; *p;) {
		size_t run = strcspn(p, "\"\\\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f");
		buf_add(b, p, run);
		p += run;
		if (!*p)
			break;
		if (*p == '"' || *p == '\\')
			buf_printf(b, "\\%c", *p);
		else
			buf_printf(b, "\\u%04x", (unsigned char)*p);
		p++;
	}
	buf_addc(b, '"');
}

static void put_json_time(struct buf *b, dk_time t)
{
	char d[DK_TIME_BUFSZ];
	if (t == DK_TIME_NONE) {
		buf_adds(b, "null");
	} else {
		buf_addc(b, '"');
		buf_adds(b, dk_time_format(t, d));
		buf_addc(b, '"');
	}
}

/* ---- log */

CLI_HANDLER(cli_terms_log)
{
	int json = cli_flag(a, "json"), rc;
	const char *doc = a->npos ? a->pos[0] : DEFAULT_DOC;
	struct workspace *ws = c->ws;
	char *path;
	if ((rc = legal_doc_path(doc, &path)))
		return cli_fail(rc);
	struct legal_rev *v;
	size_t n;
	rc = terms_log(ws, doc, &v, &n);
	if (!rc && !n)
		rc = err_set(DK_ENOTFOUND, "%s: no such document", path);
	free(path);
	if (rc)
		return cli_fail(rc);
	if (json) {
		/* written directly (thousands of revisions), laid out as
		 * cli_print_json lays out the same array */
		struct buf b = BUF_INIT;
		buf_adds(&b, "[\n");
		for (size_t i = 0; i < n; i++) {
			buf_printf(&b, "%s  {\n    \"revision\": \"%s\",\n    \"id\": \"%s\",\n    \"author\": ",
				   i ? ",\n" : "", v[i].id, v[i].id);
			put_json_str(&b, v[i].author ? v[i].author : "");
			buf_adds(&b, ",\n    \"author_email\": ");
			put_json_str(&b, v[i].author_email ? v[i].author_email : "");
			buf_adds(&b, ",\n    \"committed_at\": ");
			put_json_time(&b, v[i].committed_at);
			buf_adds(&b, ",\n    \"effective\": ");
			put_json_time(&b, v[i].effective);
			buf_printf(&b, ",\n    \"has_effective\": %s,\n    \"notice_days\": %d,\n    \"subject\": ",
				   v[i].has_effective ? "true" : "false", v[i].notice_days);
			put_json_str(&b, v[i].subject ? v[i].subject : "");
			buf_adds(&b, "\n  }");
		}
		buf_adds(&b, "\n]\n");
		fwrite(b.data, 1, b.len, stdout);
		buf_release(&b);
	} else {
		for (size_t i = 0; i < n; i++) {
			char d1[DK_TIME_BUFSZ], d2[DK_TIME_BUFSZ], nd[16];
			snprintf(nd, sizeof(nd), v[i].notice_days ? "%dd" : "-", v[i].notice_days);
			printf("%.7s  %s  effective %s%s  notice %-4s %-10s %s\n", v[i].id, day(ws, v[i].committed_at, d1),
			       day(ws, v[i].effective, d2), v[i].has_effective ? "" : "*", nd, v[i].author, v[i].subject);
		}
	}
	legal_revs_free(v, n);
	return 0;
}

/* ---- show */

CLI_HANDLER(cli_terms_show)
{
	const char *rev = cli_arg(a, "rev");
	const char *doc = a->npos ? a->pos[0] : DEFAULT_DOC;
	struct legal_repo *r;
	int rc;
	if ((rc = ws_legal(c->ws, &r)))
		return cli_fail(rc);
	char *path, *data;
	size_t len;
	if ((rc = legal_doc_path(doc, &path)))
		return cli_fail(rc);
	rc = legal_show(r, rev, path, &data, &len, NULL);
	free(path);
	if (rc)
		return cli_fail(rc);
	fwrite(data, 1, len, stdout);
	free(data);
	return 0;
}

/* ---- diff */

static int term_width(const char *opt, int *w)
{
	int64_t v;
	if (opt) {
		if (parse_int64(opt, 20, 1000, &v))
			return err_set(DK_EUSAGE, "terms diff: --width %s: expected 20..1000", opt);
		*w = (int)v;
		return 0;
	}
	const char *cols = getenv("COLUMNS");
	struct winsize ws;
	if (cols && !parse_int64(cols, 20, 1000, &v))
		*w = (int)v;
	else if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col >= 20)
		*w = ws.ws_col;
	else
		*w = 80;
	return 0;
}

/* git's --word-diff=plain text of a line diff */
static int format_words(const struct diff *d, const char *path, struct buf *out)
{
	struct word_diff *w;
	int rc = diff_words_from(d, &w);
	if (rc)
		return rc;
	if (w->n)
		buf_printf(out, "diff --git a/%s b/%s\n", path, path);
	word_diff_format(w, path, out);
	word_diff_free(w);
	return 0;
}

/* the revision of path that rev stands for, from the document's log */
static const struct legal_rev *find_rev(struct legal_repo *r, const char *path, const char *commit,
					 const struct legal_rev *v, size_t n)
{
	/* a commit of the log itself (the ids `terms log` prints): no walk */
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].id, commit))
			return &v[i];
	char id[LEGAL_ID_LEN + 1];
	if (legal_doc_revision_at(r, path, commit, id))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].id, id))
			return &v[i];
	return NULL;
}

/* The warning when `nv` gives existing customers less notice than the
 * changes clause of the text they are bound by (`bound`) promises; NULL
 * when it does not, or when the clause cannot be read reliably. */
static char *notice_warning(const char *bound, size_t blen, const char *bound_id, dk_time published,
			    dk_time effective, int notice_days, const char *what)
{
	long given;
	int days;
	char *clause;
	if (!redline_notice_short(bound, blen, published, effective, notice_days, &given, &days, &clause))
		return NULL;
	char *w = xasprintf("%s gives existing customers %ld days' notice; %s of %.7s promises %d days", what, given,
			    clause, bound_id, days);
	free(clause);
	return w;
}

static int write_html(struct workspace *ws, struct legal_repo *r, const char *doc, const char *path,
		      const struct legal_text *ta, const struct legal_text *tb, struct buf *out)
{
	struct legal_rev *v;
	size_t n;
	int rc;
	if ((rc = legal_log(r, path, &v, &n)))
		return rc;
	const struct legal_rev *ra = find_rev(r, path, ta->id, v, n), *rb = find_rev(r, path, tb->id, v, n);
	struct redline rl = { doc, path, { { 0 }, { 0 } }, ta->data, tb->data, ta->len, tb->len, NULL };
	char dates[6][DK_TIME_BUFSZ];
	const struct legal_rev *rs[2] = { ra, rb };
	const struct legal_text *ts[2] = { ta, tb };
	for (int k = 0; k < 2; k++) {
		struct redline_rev *x = &rl.rev[k];
		x->id = rs[k] ? rs[k]->id : ts[k]->id;
		x->published = rs[k] ? day(ws, rs[k]->committed_at, dates[2 * k]) : "";
		x->effective = rs[k] ? day(ws, rs[k]->effective, dates[2 * k + 1]) : "";
		x->notice_days = rs[k] ? rs[k]->notice_days : 0;
		if (rs[k]) {
			dk_time bind = rs[k]->committed_at + (dk_time)(x->notice_days > 0 ? x->notice_days : 0) * 86400;
			if (rs[k]->effective > bind)
				bind = rs[k]->effective;
			x->binding = day(ws, bind, dates[4 + k]);
		} else {
			x->binding = "";
		}
		x->author = rs[k] ? rs[k]->author : "";
		x->author_email = rs[k] ? rs[k]->author_email : "";
		x->subject = rs[k] ? rs[k]->subject : "";
	}
	char *warn = NULL;
	if (ra && rb && rb < ra) { /* the log is newest first: b is the newer */
		char what[64];
		snprintf(what, sizeof(what), "Revision %.7s", rb->id);
		warn = notice_warning(ta->data, ta->len, ra->id, rb->committed_at, rb->effective, rb->notice_days, what);
	}
	rl.warning = warn;
	rc = redline_html(&rl, out);
	free(warn);
	legal_revs_free(v, n);
	return rc;
}

CLI_HANDLER(cli_terms_diff)
{
	int word = cli_flag(a, "word"), sbs = cli_flag(a, "side-by-side"), clauses = cli_flag(a, "clauses");
	int html = cli_flag(a, "html");
	const char *ofile = cli_arg(a, "output");
	int rc, width = 80, npos = a->npos;
	if (word + sbs + clauses + html > 1)
		return cli_usage("terms diff: choose one of --word, --side-by-side, --clauses, --html");
	if (ofile && !html)
		return cli_usage("terms diff: -o FILE goes with --html");
	if (ofile && !*ofile)
		return cli_usage("terms diff: -o: expected a file name");
	const char *doc = npos == 3 ? a->pos[0] : DEFAULT_DOC;
	const char *rev1 = a->pos[npos - 2], *rev2 = a->pos[npos - 1];
	if ((rc = term_width(cli_arg(a, "width"), &width)))
		return cli_fail(rc);
	struct legal_repo *r;
	if ((rc = ws_legal(c->ws, &r)))
		return cli_fail(rc);
	char *path;
	struct legal_text ta = { 0 }, tb = { 0 };
	struct buf out = BUF_INIT;
	if ((rc = legal_doc_path(doc, &path)))
		return cli_fail(rc);
	if ((rc = legal_text_read(r, rev1, path, &ta)) || (rc = legal_text_read(r, rev2, path, &tb)))
		goto out;
	if (html) {
		rc = write_html(c->ws, r, doc, path, &ta, &tb, &out);
	} else if (clauses) {
		struct clause_list *cl;
		if (!(rc = diff_clauses(ta.data, ta.len, tb.data, tb.len, &cl))) {
			diff_format_clauses(cl, &out);
			clause_list_free(cl);
		}
	} else {
		struct diff *d = NULL;
		if (!(rc = diff_lines_texts(&ta, &tb, 3, &d))) {
			if (word)
				rc = format_words(d, path, &out);
			else if (sbs)
				rc = diff_format_side_by_side(d, width, &out);
			else {
				if (d->n)
					buf_printf(&out, "diff --git a/%s b/%s\n", path, path);
				diff_format_unified(d, path, &out);
			}
		}
		diff_free(d);
	}
	if (!rc && ofile) {
		/* a file the user named: with the user's own rights, whole or not at all */
		priv_user_begin();
		rc = write_file_atomic(ofile, out.data ? out.data : "", out.len, 0666 & ~priv_user_umask());
		priv_user_end();
	} else if (!rc) {
		fwrite(out.data ? out.data : "", 1, out.len, stdout);
	}
out:
	buf_release(&out);
	legal_text_free(&ta);
	legal_text_free(&tb);
	free(path);
	return cli_fail(rc);
}

/* ---- which */

static json_t *answer_json(const struct which_answer *a, int64_t customer_id, const char *doc, dk_time at)
{
	return json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:s}", "customer_id", (json_int_t)customer_id, "document",
			 doc, "at", json_time(at), "revision", a->found ? json_string(a->revision) : json_null(),
			 "effective", json_time(a->effective), "binding_from", json_time(a->binding_from), "reason",
			 a->reason);
}

static void answer_line(struct workspace *ws, const struct which_answer *a, FILE *f)
{
	char d[DK_TIME_BUFSZ];
	if (a->found)
		fprintf(f, "%.7s (effective %s): %s\n", a->revision, day(ws, a->effective, d), a->reason);
	else
		fprintf(f, "%s\n", a->reason);
}

struct all_ctx {
	struct workspace *ws;
	const struct which_model *m;
	const char *doc;
	dk_time at;
	int json;
	struct acceptance *acc; /* sorted by customer, then time */
	size_t nacc, next;
	struct which_acceptance *wa;
	size_t wcap;
	struct letter_row *nt; /* accepted notices, sorted by customer */
	size_t nnt, nnext;
	size_t count;
	struct buf out; /* pending JSON output */
};

static int cmp_letter_customer(const void *a, const void *b)
{
	const struct letter_row *x = a, *y = b;
	return x->customer_id < y->customer_id ? -1 : x->customer_id > y->customer_id ? 1 : (x->id > y->id) - (x->id < y->id);
}

static int all_cb(const struct customer *c, void *p)
{
	struct all_ctx *x = p;
	char label[48];
	struct which_answer a;
	size_t k = 0;
	while (x->next < x->nacc && x->acc[x->next].customer_id < c->id)
		x->next++;
	while (x->next < x->nacc && x->acc[x->next].customer_id == c->id) {
		ARRAY_GROW(x->wa, x->wcap, k + 1);
		const struct acceptance *s = &x->acc[x->next++];
		x->wa[k++] = (struct which_acceptance){ s->revision, s->accepted_at, s->channel, 0 };
	}
	while (x->nnext < x->nnt && x->nt[x->nnext].customer_id < c->id)
		x->nnext++;
	while (x->nnext < x->nnt && x->nt[x->nnext].customer_id == c->id) {
		ARRAY_GROW(x->wa, x->wcap, k + 1);
		const struct letter_row *r = &x->nt[x->nnext++];
		x->wa[k++] = (struct which_acceptance){ r->doc_revision, r->status_at, "email", 1 };
	}
	snprintf(label, sizeof(label), "customer %lld", (long long)c->id);
	which_answer_for(x->m, c->created_at, x->wa, k, x->at, label, &a);
	if (x->json) {
		/* the same object as answer_json(), written directly */
		struct buf *b = &x->out;
		buf_printf(b, "%s  {\"customer_id\":%lld,\"document\":", x->count ? ",\n" : "", (long long)c->id);
		put_json_str(b, x->doc);
		buf_adds(b, ",\"at\":");
		put_json_time(b, x->at);
		buf_adds(b, ",\"revision\":");
		if (a.found) {
			buf_addc(b, '"');
			buf_adds(b, a.revision);
			buf_addc(b, '"');
		} else {
			buf_adds(b, "null");
		}
		buf_adds(b, ",\"effective\":");
		put_json_time(b, a.effective);
		buf_adds(b, ",\"binding_from\":");
		put_json_time(b, a.binding_from);
		buf_adds(b, ",\"reason\":");
		put_json_str(b, a.reason);
		buf_addc(b, '}');
		if (b->len > (1 << 16)) {
			fwrite(b->data, 1, b->len, stdout);
			buf_reset(b);
		}
	} else {
		printf("%lld\t%.7s\t%s\n", (long long)c->id, a.found ? a.revision : "none", a.reason);
	}
	x->count++;
	return 0;
}

CLI_HANDLER(cli_terms_which)
{
	const char *at_s = cli_arg(a, "at");
	int json = cli_flag(a, "json"), all = cli_flag(a, "all"), npos = a->npos, rc;
	if (all ? npos > 1 : npos < 1)
		return cli_usage(all ? "terms which --all: too many arguments" : "terms which: expected CUSTOMER [DOC]");
	const char *cust_s = all ? NULL : a->pos[0];
	const char *doc = all ? (npos ? a->pos[0] : DEFAULT_DOC) : (npos > 1 ? a->pos[1] : DEFAULT_DOC);
	int64_t cid = 0;
	if (cust_s && parse_int64(cust_s, 1, INT64_MAX, &cid))
		return cli_usage("terms which: %s: expected a customer id", cust_s);
	struct workspace *ws = c->ws;
	dk_time at;
	if ((rc = parse_time_opt(ws, at_s, &at)))
		return cli_fail(rc);
	struct which_model *m;
	if ((rc = terms_model(ws, doc, &m, NULL, NULL)))
		return cli_fail(rc);
	if (!all) {
		struct customer cu = { 0 };
		struct which_answer ans;
		if (!(rc = store_customer_get(ws->store, cid, &cu)))
			rc = terms_which_customer(ws, m, &cu, doc, at, &ans);
		customer_clear(&cu);
		which_model_free(m);
		if (rc)
			return cli_fail(rc);
		if (json) {
			json_t *o = answer_json(&ans, cid, doc, at);
			cli_print_json(o);
			json_decref(o);
		} else {
			answer_line(ws, &ans, stdout);
		}
		return 0;
	}
	struct all_ctx x = { ws, m, doc, at, json, NULL, 0, 0, NULL, 0, NULL, 0, 0, 0, BUF_INIT };
	static char obuf[1 << 16];
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	struct letter_row *notices = NULL;
	size_t nnotices = 0;
	if (!(rc = store_letter_list(ws->store, 0, 0, "terms", doc, &notices, &nnotices))) {
		/* the accepted ones, by customer */
		x.nt = xcalloc(nnotices + 1, sizeof(*x.nt));
		for (size_t i = 0; i < nnotices; i++)
			if (notices[i].status && !strcmp(notices[i].status, "accepted") && notices[i].doc_revision)
				x.nt[x.nnt++] = notices[i];
		qsort(x.nt, x.nnt, sizeof(*x.nt), cmp_letter_customer);
	}
	if (!rc && !(rc = store_acceptance_list(ws->store, 0, doc, &x.acc, &x.nacc))) {
		if (json)
			fputs("[\n", stdout);
		rc = store_customer_foreach_created(ws->store, all_cb, &x);
		fwrite(x.out.data ? x.out.data : "", 1, x.out.len, stdout);
		buf_release(&x.out);
		if (json)
			fputs(x.count ? "\n]\n" : "]\n", stdout);
	}
	fflush(stdout);
	setvbuf(stdout, NULL, _IOLBF, 0);
	acceptances_free(x.acc, x.nacc);
	free(x.nt); /* shallow copies of notices' rows */
	letter_rows_free(notices, nnotices);
	free(x.wa);
	which_model_free(m);
	return cli_fail(rc);
}

/* ---- publish */

/* the table checks the role before this reads FILE; terms_publish checks again */
CLI_HANDLER(cli_terms_publish)
{
	const char *eff_s = cli_arg(a, "effective"), *notice_s = cli_arg(a, "notice-days"), *msg = cli_arg(a, "message");
	const char *doc = a->pos[0], *file = a->pos[1];
	int rc;
	int64_t notice = 0;
	if (notice_s && parse_int64(notice_s, 0, 3650, &notice))
		return cli_usage("terms publish: --notice-days %s: expected 0..3650", notice_s);
	struct workspace *ws = c->ws;
	dk_time eff;
	if ((rc = dk_time_parse(eff_s, ws->tz, &eff)))
		return cli_fail(err_prefix(rc, "terms publish: --effective"));
	char *data = NULL;
	size_t len;
	if (!strcmp(file, "-"))
		rc = read_stream(stdin, &data, &len);
	else {
		priv_user_begin(); /* FILE is read with the user's own rights */
		rc = read_file(file, &data, &len);
		priv_user_end();
	}
	if (rc)
		return cli_fail(rc);
	/* the text customers are bound by now, for the notice its changes
	 * clause promises (a warning only: publishing goes ahead) */
	struct legal_repo *lr;
	char *path = NULL, *cur = NULL, cur_id[LEGAL_ID_LEN + 1] = "";
	size_t cur_len = 0;
	if (!ws_legal(ws, &lr) && !legal_doc_path(doc, &path) && legal_show(lr, NULL, path, &cur, &cur_len, cur_id)) {
		free(cur);
		cur = NULL;
	}
	free(path);
	char new_id[LEGAL_ID_LEN + 1];
	dk_time now = dk_now();
	rc = terms_publish(ws, doc, file, data, len, eff, (int)notice, msg, now, new_id);
	free(data);
	if (!rc) {
		printf("%s\n", new_id);
		char *warn = cur ? notice_warning(cur, cur_len, cur_id, now, eff, (int)notice, "this revision") : NULL;
		if (warn)
			fprintf(stderr, "docket: warning: %s\n", warn);
		free(warn);
	}
	free(cur);
	return cli_fail(rc);
}

/* ---- accept */

CLI_HANDLER(cli_terms_accept)
{
	const char *rev = cli_arg(a, "rev"), *at_s = cli_arg(a, "at"), *channel = cli_arg(a, "channel");
	const char *cust_s = a->pos[0], *doc = a->npos > 1 ? a->pos[1] : DEFAULT_DOC;
	int rc;
	int64_t cid;
	if (!channel)
		channel = "agent";
	if (parse_int64(cust_s, 1, INT64_MAX, &cid))
		return cli_usage("terms accept: %s: expected a customer id", cust_s);
	if (!*channel || strlen(channel) > 32)
		return cli_usage("terms accept: --channel: expected a short name such as web, email, app, paper");
	dk_time at;
	if ((rc = parse_time_opt(c->ws, at_s, &at)))
		return cli_fail(rc);
	char id[LEGAL_ID_LEN + 1];
	if ((rc = terms_accept(c->ws, cid, doc, rev, at, channel, id)))
		return cli_fail(rc);
	printf("customer %lld accepted %s %.7s via %s\n", (long long)cid, doc, id, channel);
	return 0;
}
