/* terms.c - the terms browser for legal staff (T anywhere, :terms [DOC]):
 * the revisions of a document, newest first, with effective date, notice,
 * author, subject and how many customers each binds now (one streamed
 * pass over every customer, terms/bound.h, kept for the view's life or
 * until R or a publish).
 * Enter shows the document at a revision, Space marks one and d diffs, b
 * lists the customers a revision binds, Tab switches document, :publish
 * publishes the next revision (legal and admin roles: terms_publish, the
 * same call as `docket terms publish`). From a customer or a ticket (w)
 * the browser opens on the revision in force for that customer, with the
 * reason. */
#include "tui/views/terms.h"
#include "tui/views/terms_customers.h"
#include "tui/views/terms_diff.h"
#include "tui/views/terms_doc.h"

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/text.h"
#include "lib/util.h"
#include "core/which.h"
#include "core/workspace.h"
#include "data/store.h"
#include "core/bound.h"
#include "core/inforce.h"
#include "terms/legal.h"
#include "terms/redline.h"
#include "core/publish.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tterms {
	char **docs;            /* documents on main (terms/ *.md), sorted */
	size_t ndocs, doc_i;
	char head[LEGAL_ID_LEN + 1]; /* HEAD when loaded: reload only when it moves */
	struct legal_rev *revs; /* newest first */
	size_t n;
	struct which_model *m;  /* revisions oldest first */
	struct terms_bound bound;
	long mark;              /* marked revision (index into revs), -1 none */
	int64_t customer_id;    /* focus: the customer we came from, 0 none */
	char *customer_label;
	struct which_answer ans;
	int have_ans;
	size_t ninfo;           /* lines above the revisions */
	char *draft;            /* text of a publish that failed: edited again */
	char *draft_doc;
};

static char *terms_day(dk_time t, char *out)
{
	return dk_date_format(t, tui.ws->tz, out);
}

static const char *cur_doc(const struct tterms *t)
{
	return t->ndocs ? t->docs[t->doc_i] : TERMS_DEFAULT_DOC;
}

static void free_docs(struct tterms *t)
{
	for (size_t i = 0; i < t->ndocs; i++)
		free(t->docs[i]);
	free(t->docs);
	t->docs = NULL;
	t->ndocs = 0;
}

/* The documents at HEAD: terms/NAME.md. */
static int load_docs(struct tterms *t, const char *want)
{
	struct legal_repo *r;
	struct legal_file *f = NULL;
	size_t nf = 0;
	int rc;
	if ((rc = ws_legal(tui.ws, &r)) || (rc = legal_read_files(r, NULL, "terms/", &f, &nf, NULL)))
		return rc;
	char *keep = xstrdup(want ? want : cur_doc(t));
	free_docs(t);
	t->docs = xcalloc(nf ? nf : 1, sizeof(*t->docs));
	for (size_t i = 0; i < nf; i++) {
		const char *base = f[i].path + strlen("terms/");
		size_t bl = strlen(base);
		if (bl > 3 && !strcmp(base + bl - 3, ".md") && !strchr(base, '/'))
			t->docs[t->ndocs++] = xstrndup(base, bl - 3);
	}
	legal_files_free(f, nf);
	t->doc_i = 0;
	int found = 0;
	for (size_t i = 0; i < t->ndocs; i++)
		if (!strcmp(t->docs[i], keep)) {
			t->doc_i = i;
			found = 1;
		}
	if (!found) {
		rc = err_set(DK_ENOTFOUND, "terms/%s.md: no such document (documents: %zu under terms/)", keep, t->ndocs);
		free(keep);
		return rc;
	}
	free(keep);
	return 0;
}

static void unload(struct tterms *t)
{
	legal_revs_free(t->revs, t->n);
	t->revs = NULL;
	t->n = 0;
	which_model_free(t->m);
	t->m = NULL;
	terms_bound_clear(&t->bound);
}

/* Revisions, model, counts and (with a focus customer) the answer. */
static int load_doc(struct tterms *t)
{
	unload(t);
	dk_time now = dk_now();
	int rc = terms_model(tui.ws, cur_doc(t), &t->m, &t->revs, &t->n);
	if (!rc)
		rc = terms_bound_scan(tui.ws, t->m, cur_doc(t), now, &t->bound);
	t->have_ans = 0;
	if (!rc && t->customer_id) {
		struct customer c = { 0 };
		if (!(rc = store_customer_get(tui.ws->store, t->customer_id, &c)))
			rc = terms_which_customer(tui.ws, t->m, &c, cur_doc(t), now, &t->ans);
		if (!rc) {
			t->have_ans = 1;
			free(t->customer_label);
			char *name = text_visible_dup(c.name ? c.name : "", 0);
			t->customer_label = xasprintf("Customer #%lld %s (%s)", (long long)c.id, name,
						      c.jurisdiction ? c.jurisdiction : "?");
			free(name);
		}
		customer_clear(&c);
	}
	t->mark = -1;
	return rc;
}

static int tterms_open(struct view *v)
{
	struct tterms *t = v->priv;
	char head[LEGAL_ID_LEN + 1] = "";
	if (legal_head_peek(tui.ws->legal_dir, head))
		head[0] = 0;
	err_clear();
	if (t->revs && *head && !strcmp(head, t->head))
		return 0; /* same legal HEAD: the counts stay cached */
	int rc = load_docs(t, NULL);
	if (!rc)
		rc = load_doc(t);
	if (!rc)
		snprintf(t->head, sizeof(t->head), "%s", head);
	return rc;
}

/* Index into the which-model (oldest first) of revs[i] (newest first). */
static size_t model_index(const struct tterms *t, size_t i)
{
	return t->n - 1 - i;
}

static void tterms_layout(struct view *v)
{
	struct tterms *t = v->priv;
	struct lines *L = &v->lines;
	int W = v->width;
	char d1[DK_TIME_BUFSZ], d2[DK_TIME_BUFSZ];
	lines_clear(L);
	if (t->customer_id && t->have_ans) {
		lines_add(L, S_SECTION, L_SECTION, "%s: %s in force now", t->customer_label, cur_doc(t));
		struct buf b = BUF_INIT;
		if (t->ans.found)
			buf_printf(&b, "%.7s (effective %s): %s", t->ans.revision, terms_day(t->ans.effective, d1),
				   t->ans.reason);
		else
			buf_printf(&b, "none: %s", t->ans.reason);
		lines_add_wrapped(L, S_KEY, buf_str(&b), 2, W);
		buf_release(&b);
		lines_add(L, S_NORMAL, L_TEXT, "%s", "");
	}
	t->ninfo = L->n;
	for (size_t i = 0; i < t->n; i++) {
		const struct legal_rev *r = &t->revs[i];
		size_t mi = model_index(t, i);
		int64_t bound = mi < t->bound.nrevs ? t->bound.count[mi] : 0;
		char nd[16], cnt[24];
		snprintf(nd, sizeof(nd), r->notice_days ? "%dd" : "-", r->notice_days);
		snprintf(cnt, sizeof(cnt), "%lld", (long long)bound);
		int in_force = t->have_ans && t->ans.found && !strcmp(t->ans.revision, r->id);
		char *author = text_visible_dup(r->author ? r->author : "", 0);
		char *subj = text_visible_dup(r->subject ? r->subject : "", 0);
		const char *flag = (long)i == t->mark ? "*" : in_force ? ">" : " ";
		if (W >= 70)
			lines_add(L, in_force ? S_KEY : bound ? S_NORMAL : S_DIM, L_TEXT, "%s%.7s  %s%s %-6s%-10.10s %7s  %s",
				  flag, r->id, terms_day(r->effective, d1), r->has_effective ? " " : "*", nd, author, cnt,
				  subj);
		else
			lines_add(L, in_force ? S_KEY : bound ? S_NORMAL : S_DIM, L_TEXT, "%s%.7s %s %s %s %s", flag, r->id,
				  terms_day(r->effective, d1), nd, cnt, subj);
		L->v[L->n - 1].a = (int64_t)i + 1;
		free(author);
		free(subj);
	}
	(void)d2;
	v->nlines = L->n;
	snprintf(v->title, sizeof(v->title), "Terms: %s [%zu/%zu]: %zu revisions, %lld customers", cur_doc(t),
		 t->doc_i + 1, t->ndocs, t->n, (long long)t->bound.total);
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
}

static void tterms_header(struct view *v, WINDOW *w)
{
	if (v->width >= 70)
		draw_text(w, " REV      EFFECTIVE   NOTICE AUTHOR       BOUND  SUBJECT", v->width, S_DIM);
	else
		draw_text(w, " REV     EFFECTIVE  NOTICE BOUND SUBJECT", v->width, S_DIM);
}

/* The revision under the cursor (index into revs), or -1. */
static long cur_rev(struct view *v)
{
	if (!v->nlines || v->lineno >= v->lines.n)
		return -1;
	int64_t a = v->lines.v[v->lineno].a;
	return a > 0 ? (long)a - 1 : -1;
}

static void goto_rev(struct view *v, long i)
{
	struct tterms *t = v->priv;
	view_move_to(v, t->ninfo + (size_t)i);
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
}

static void rev_label(const struct legal_rev *r, char *out, size_t n)
{
	char d[DK_TIME_BUFSZ];
	snprintf(out, n, "%.7s (effective %s)", r->id, terms_day(r->effective, d));
}

/* ---- publish */

static void publish(struct view *v)
{
	struct tterms *t = v->priv;
	if (tui.ws->role < ROLE_LEGAL) {
		tui_error("publish: needs the legal or admin role (you are %s, %s)", tui.ws->login ? tui.ws->login : "?",
			  role_name(tui.ws->role));
		return;
	}
	/* a copy: the reload after the publish frees the list it points into */
	char *doc = xstrdup(cur_doc(t));
	struct legal_repo *r;
	char *path = NULL, *cur = NULL, *text = NULL, *eff_s = NULL, *notice_s = NULL, *msg = NULL;
	size_t curlen = 0;
	int rc;
	if ((rc = ws_legal(tui.ws, &r)) || (rc = legal_doc_path(doc, &path)) ||
	    (rc = legal_show(r, NULL, path, &cur, &curlen, NULL))) {
		tui_report(rc);
		goto out;
	}
	/* start from the current text, or from the draft of a failed try */
	int from_draft = t->draft && t->draft_doc && !strcmp(t->draft_doc, doc);
	rc = tui_edit(from_draft ? t->draft : cur, &text);
	if (rc == 1) {
		tui_message("publish cancelled: the text was empty");
		goto out;
	} else if (rc == 2) {
		tui_message("publish cancelled: the editor exited with an error");
		goto out;
	} else if (rc) {
		tui_report(rc);
		goto out;
	}
	if (strlen(text) == curlen && !memcmp(text, cur, curlen)) {
		tui_error("publish: no change from the current revision: nothing to publish");
		goto out;
	}
	char today[DK_TIME_BUFSZ];
	dk_time now = dk_now(), eff;
	int64_t notice = 0;
	/* the date and the notice on the prompt line; Esc cancels. A value
	 * refused is asked again with the reason in the prompt and the text
	 * as typed (a second Enter must not publish something else). */
	char prompt[256];
	snprintf(prompt, sizeof(prompt), "Effective date (YYYY-MM-DD): ");
	eff_s = xstrdup(terms_day(now, today));
	for (;;) {
		char *typed = eff_s;
		eff_s = NULL;
		int cancelled = tui_input(prompt, typed, &eff_s);
		free(typed);
		if (cancelled) {
			tui_message("publish cancelled (your text is kept: :publish edits it again)");
			goto keep;
		}
		if (dk_time_parse(eff_s, tui.ws->tz, &eff) == 0)
			break;
		char *safe = text_visible_dup(eff_s, 0);
		snprintf(prompt, sizeof(prompt), "%.40s: not a date. Effective date (YYYY-MM-DD): ", safe);
		free(safe);
	}
	snprintf(prompt, sizeof(prompt), "Notice days for existing customers (0-3650): ");
	notice_s = xstrdup("30");
	for (;;) {
		char *typed = notice_s;
		notice_s = NULL;
		int cancelled = tui_input(prompt, typed, &notice_s);
		free(typed);
		if (cancelled) {
			tui_message("publish cancelled (your text is kept: :publish edits it again)");
			goto keep;
		}
		if (parse_int64(notice_s, 0, 3650, &notice) == 0)
			break;
		char *safe = text_visible_dup(notice_s, 0);
		snprintf(prompt, sizeof(prompt), "%.20s: not 0 to 3650. Notice days: ", safe);
		free(safe);
	}
	if (tui_input("Subject (empty: \"Publish terms/DOC.md\"): ", NULL, &msg)) {
		tui_message("publish cancelled (your text is kept: :publish edits it again)");
		goto keep;
	}
	/* publishing cannot be taken back (the legal repository's history is
	 * append-only): the question says what changes and what stays, after
	 * the warning when the notice is shorter than the text in force
	 * promises ("§9" of "§9 Changes to these Terms") */
	char effday[DK_TIME_BUFSZ], q[768], ask[256];
	long given;
	int promised;
	char *clause;
	terms_day(eff, effday);
	if (redline_notice_short(cur, curlen, now, eff, (int)notice, &given, &promised, &clause)) {
		size_t k = strncmp(clause, "§", 2) ? strlen(clause) : strcspn(clause, " ");
		snprintf(ask, sizeof(ask), "%.*s promises %d days' notice, this gives %ld: publish anyway?", (int)k, clause,
			 promised, given);
		free(clause);
	} else {
		snprintf(ask, sizeof(ask), "Publish %s effective %s, %lld days' notice?", doc, effday, (long long)notice);
	}
	snprintf(q, sizeof(q), "%s Changes: from %s it binds new customers, and existing ones after the notice. "
		 "Stays: every earlier revision and acceptance, in the history for good. y publish, n not now",
		 ask, effday);
	if (tui_ask(q, "yn") != 'y') {
		tui_message("publish cancelled (your text is kept: :publish edits it again)");
		goto keep;
	}
	char new_id[LEGAL_ID_LEN + 1];
	rc = terms_publish(tui.ws, doc, NULL, text, strlen(text), eff, (int)notice, tui_isblank_str(msg) ? NULL : msg,
			   dk_now(), new_id);
	if (rc) {
		char *why = xstrdup(*err_msg() ? err_msg() : "failed");
		tui_error("%s (your text is kept: :publish edits it again)", why);
		free(why);
		goto keep;
	}
	free(t->draft);
	free(t->draft_doc);
	t->draft = t->draft_doc = NULL;
	view_reload(v); /* HEAD moved: revisions and counts again */
	goto_rev(v, 0);
	tui_message("published %.7s: %s effective %s, %lldd notice (audited)", new_id, doc, effday, (long long)notice);
	goto out;
keep:
	free(t->draft);
	free(t->draft_doc);
	t->draft = text;
	t->draft_doc = xstrdup(doc);
	text = NULL;
out:
	free(doc);
	free(path);
	free(cur);
	free(text);
	free(eff_s);
	free(notice_s);
	free(msg);
}

static int tterms_request(struct view *v, enum request req)
{
	struct tterms *t = v->priv;
	long i = cur_rev(v);
	char label[96];
	switch (req) {
	case REQ_ENTER:
		if (i < 0) {
			tui_error("move the cursor onto a revision");
			return 1;
		}
		rev_label(&t->revs[i], label, sizeof(label));
		view_push(terms_doc_view_new(cur_doc(t), t->revs[i].id, label));
		return 1;
	case REQ_TERMS_MARK:
		if (i < 0) {
			tui_error("move the cursor onto a revision");
			return 1;
		}
		t->mark = t->mark == i ? -1 : i;
		view_layout(v);
		if (t->mark >= 0)
			tui_message("marked %.7s: move to another revision and press d", t->revs[i].id);
		else
			tui_message("mark cleared");
		return 1;
	case REQ_TERMS_DIFF: {
		if (i < 0) {
			tui_error("move the cursor onto a revision");
			return 1;
		}
		long other = t->mark >= 0 && t->mark != i ? t->mark : i + 1;
		if ((size_t)other >= t->n) {
			tui_error("%.7s is the first revision: nothing before it (mark another with Space)", t->revs[i].id);
			return 1;
		}
		long older = other > i ? other : i, newer = other > i ? i : other; /* newest first */
		view_push(terms_diff_view_new(cur_doc(t), t->revs[older].id, t->revs[newer].id));
		return 1;
	}
	case REQ_TERMS_BOUND: {
		if (i < 0) {
			tui_error("move the cursor onto a revision");
			return 1;
		}
		size_t mi = model_index(t, (size_t)i);
		if (mi >= t->bound.nrevs || !t->bound.count[mi]) {
			tui_error("%.7s binds no customer now", t->revs[i].id);
			return 1;
		}
		view_push(terms_customers_view_new(cur_doc(t), t->revs[i].id, t->bound.ids + t->bound.start[mi],
						   (size_t)t->bound.count[mi]));
		return 1;
	}
	case REQ_TERMS_DOC: {
		if (t->ndocs < 2) {
			tui_error("only one document under terms/");
			return 1;
		}
		t->doc_i = (t->doc_i + 1) % t->ndocs;
		int rc = load_doc(t);
		v->lineno = v->offset = 0;
		view_layout(v);
		if (rc)
			tui_report(rc);
		else
			tui_message("document: %s", cur_doc(t));
		if (!rc && t->have_ans && t->ans.found)
			goto_rev(v, (long)(t->n - 1 - (size_t)t->ans.rev_index));
		return 1;
	}
	case REQ_TERMS_PUBLISH:
		publish(v);
		return 1;
	case REQ_TERMS:
		tui_message("terms browser: Enter document, Space mark, d diff, b customers, Tab document, :publish");
		return 1;
	case REQ_REFRESH:
		t->head[0] = 0; /* count the customers again (the generic handler reloads) */
		return 0;
	default:
		if (view_generic_request(v, req)) {
			snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
			return 1;
		}
		return 0;
	}
}

static void tterms_done(struct view *v)
{
	struct tterms *t = v->priv;
	unload(t);
	free_docs(t);
	free(t->customer_label);
	free(t->draft);
	free(t->draft_doc);
	free(t);
}

static const struct view_ops tterms_ops = {
	.name = "terms",
	.kind = VK_TERMS,
	.open = tterms_open,
	.layout = tterms_layout,
	.draw_header = tterms_header,
	.draw_line = lines_draw_line,
	.request = tterms_request,
	.grep = lines_grep,
	.done = tterms_done,
};

static struct view *terms_view_new(const char *doc, int64_t customer_id)
{
	struct tterms *t = xcalloc(1, sizeof(*t));
	t->mark = -1;
	t->customer_id = customer_id;
	/* the wanted document, until load_docs knows the list */
	t->docs = xcalloc(1, sizeof(*t->docs));
	t->docs[0] = xstrdup(doc ? doc : TERMS_DEFAULT_DOC);
	t->ndocs = 1;
	return view_new(&tterms_ops, t);
}

int tui_open_terms(const char *doc)
{
	/* already browsing: back to the revisions list */
	for (int i = tui.depth - 1; i >= 0; i--)
		if (tui.stack[i]->ops == &tterms_ops && !((struct tterms *)tui.stack[i]->priv)->customer_id &&
		    (!doc || !strcmp(cur_doc(tui.stack[i]->priv), doc))) {
			while (view_top() != tui.stack[i])
				view_pop();
			return 0;
		}
	return view_push(terms_view_new(doc, 0));
}

int tui_open_terms_for(int64_t customer_id)
{
	struct view *v = terms_view_new(NULL, customer_id);
	int rc = view_push(v);
	if (rc)
		return rc;
	struct tterms *t = v->priv;
	if (t->have_ans && t->ans.found) {
		goto_rev(v, (long)(t->n - 1 - (size_t)t->ans.rev_index));
		tui_message("in force: %.7s: %s", t->ans.revision, t->ans.reason);
	} else if (t->have_ans) {
		tui_message("no revision binds customer #%lld: %s", (long long)customer_id, t->ans.reason);
	}
	return 0;
}
