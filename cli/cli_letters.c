/* cli_letters.c - letters from the legal repository's templates:
 * `ticket reply ID --template NAME`, `ticket templates ID` and the
 * `$EDITOR` hand-off of `ticket reply --edit` (docs/letters.md). */
#include "cli/cli_impl.h"

#include "core/desk.h"
#include "core/letters.h"
#include "core/notices.h"
#include "core/workspace.h"
#include "data/store.h"
#include "lib/buf.h"
#include "lib/editor.h"
#include "lib/err.h"
#include "lib/util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The letter in $VISUAL, $EDITOR or vi (lib/editor.h: no shell, the
 * user's own rights, a private temp file); back blank or from a failed
 * editor, nothing is sent. */
int cli_edit_text(const char *initial, char **out)
{
	int rc = edit_text(initial, out, NULL, NULL);
	if (rc == 1 || rc == 2)
		return err_set(DK_EINVAL, "editor: %s; nothing was sent",
			       rc == 1 ? "the letter came back empty" : "the editor failed");
	return rc;
}

/* --set NAME=VALUE (repeatable) into vars. */
static int parse_sets(const struct cli_args *a, struct letter_vars *vars)
{
	const char **sets = NULL;
	size_t n = cli_arg_all(a, "set", &sets);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const char *eq = strchr(sets[i], '=');
		char *name = eq ? xstrndup(sets[i], (size_t)(eq - sets[i])) : NULL;
		if (!name || !letter_placeholder_known(name))
			rc = cli_usage("ticket reply: --set %s: expected NAME=VALUE with a placeholder of docs/letters.md",
				       sets[i]);
		else
			letter_vars_set(vars, name, eq + 1);
		free(name);
	}
	free(sets);
	return rc;
}

int cli_reply_template(struct cli *c, const struct cli_args *a, int64_t id, int64_t expect)
{
	struct workspace *ws = c->ws;
	const char *name = cli_arg(a, "template");
	int edit = cli_flag(a, "edit");
	struct letter_set *ls = NULL;
	struct letter_vars vars = { 0 };
	char *body = NULL, *edited = NULL;
	struct buf missing = BUF_INIT;
	int rc = parse_sets(a, &vars);
	if (rc)
		goto out;
	if ((rc = ws_letters(ws, &ls)))
		goto fail;
	const struct letter_tpl *t = letter_find(ls, name);
	if (!t) {
		struct buf names = BUF_INIT;
		for (size_t i = 0; i < ls->n; i++)
			if (!strcmp(ls->v[i].use, LETTER_USE_REPLY))
				buf_printf(&names, "%s%s", names.len ? ", " : "", ls->v[i].name);
		rc = err_set(DK_ENOTFOUND, "template %s: not in the legal repository's templates/ (replies: %s)", name,
			     names.len ? buf_str(&names) : "none");
		buf_release(&names);
		goto fail;
	}
	int64_t oid = 0;
	if ((rc = letters_compose(ws, ls, t, id, &vars, edit, &body, &oid, &missing)))
		goto fail;
	if (edit) {
		if ((rc = cli_edit_text(body, &edited)))
			goto fail;
		free(body);
		body = edited;
		edited = NULL;
	}
	struct letter_ref ref = { .tpl = t->name, .revision = ls->revision, .meets = t->meets, .obligation_id = oid,
				  .purpose = LETTER_USE_REPLY };
	struct message m;
	int met = 0;
	struct reply_file *files = NULL;
	size_t nfiles = 0;
	if (!(rc = cli_attachments(c, a, &files, &nfiles))) {
		rc = desk_ticket_reply_files(ws, id, body, cli_flag(a, "automated"), expect, dk_now(), &ref, files, nfiles,
					     &m, &met);
		cli_attachments_free(files, nfiles);
	}
	if (rc)
		goto fail;
	printf("%lld\n", (long long)m.id);
	fprintf(stderr, "docket: letter %s (legal revision %.10s)", t->name, ls->revision);
	if (met)
		fprintf(stderr, " meets the %s duty (obligation %lld)\n", t->meets, (long long)oid);
	else if (t->meets && oid)
		fprintf(stderr, "; the %s duty (obligation %lld) was met already\n", t->meets, (long long)oid);
	else
		fputc('\n', stderr);
	if (m.disclosed)
		fprintf(stderr, "docket: AI disclosure included (rule %s)\n", m.disclosure_rule);
	message_clear(&m);
	goto out;
fail:
	rc = cli_fail(rc);
out:
	free(body);
	free(edited);
	buf_release(&missing);
	letter_vars_release(&vars);
	letter_set_free(ls);
	return rc;
}

CLI_HANDLER(cli_ticket_templates)
{
	struct workspace *ws = c->ws;
	int64_t id;
	if (parse_int64(a->pos[0], 1, INT64_MAX, &id))
		return cli_fail(err_set(DK_EINVAL, "ticket: %s: not an id (a positive number)", a->pos[0]));
	struct ticket t;
	int rc = store_ticket_get(ws->store, id, &t);
	if (rc)
		return cli_fail(rc);
	ticket_clear(&t);
	struct letter_set *ls = NULL;
	struct letter_offer *o = NULL;
	size_t n = 0;
	if ((rc = ws_letters(ws, &ls)) || (rc = letters_for_ticket(ws, ls, id, &o, &n))) {
		letter_set_free(ls);
		return cli_fail(rc);
	}
	char d[DK_TIME_BUFSZ];
	if (cli_flag(a, "json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(
				arr, json_pack("{s:s, s:s, s:s?, s:s, s:s, s:I, s:s, s:s}", "template", o[i].tpl->name,
					       "title", o[i].tpl->title, "meets", o[i].tpl->meets, "duty", o[i].duty,
					       "rule", o[i].rule_id, "obligation", (json_int_t)o[i].obligation_id, "due",
					       dk_time_format(o[i].due, d), "revision", ls->revision));
		cli_print_json(arr);
		json_decref(arr);
	} else if (!n) {
		printf("no templates: ticket %lld has no open duty a template of the legal repository (revision %.10s) "
		       "meets\n",
		       (long long)id, ls->revision);
	} else {
		for (size_t i = 0; i < n; i++)
			printf("%-24s %s %s of %s (obligation %lld, due %s)  %s\n", o[i].tpl->name,
			       o[i].tpl->meets ? "meets the" : "for the", o[i].duty, o[i].rule_id,
			       (long long)o[i].obligation_id, dk_date_format(o[i].due, ws->tz, d), o[i].tpl->title);
	}
	letter_offers_free(o, n);
	letter_set_free(ls);
	return 0;
}

/* ---- notices to many customers: terms notify, breach notify */

static void print_items(struct workspace *ws, const struct notice_report *r, int json)
{
	char d[DK_TIME_BUFSZ];
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < r->n; i++) {
			const struct notice_item *it = &r->v[i];
			json_t *o = json_pack("{s:I, s:s?, s:s?}", "customer_id", (json_int_t)it->customer_id, "email",
					      it->email, "status", it->why ? "no-address" : it->status);
			if (it->letter_id)
				json_object_set_new(o, "letter", json_integer(it->letter_id));
			if (it->why)
				json_object_set_new(o, "why", json_string(it->why));
			if (it->error)
				json_object_set_new(o, "error", json_string(it->error));
			if (it->at != DK_TIME_NONE)
				json_object_set_new(o, "at", json_string(dk_time_format(it->at, d)));
			json_array_append_new(arr, o);
		}
		cli_print_json(arr);
		json_decref(arr);
		return;
	}
	size_t nsent = 0;
	for (size_t i = 0; i < r->n; i++)
		if (!r->v[i].why) {
			const struct notice_item *it = &r->v[i];
			printf("  customer %lld <%s>: %s", (long long)it->customer_id, it->email ? it->email : "",
			       it->status ? it->status : "?");
			if (it->at != DK_TIME_NONE)
				printf(" %s", dk_time_format(it->at, d));
			if (it->error)
				printf(" (%s)", it->error);
			putchar('\n');
			nsent++;
		}
	size_t nno = r->n - nsent;
	if (nno) {
		printf("no working address (tell them another way): %zu\n", nno);
		for (size_t i = 0; i < r->n; i++)
			if (r->v[i].why)
				printf("  customer %lld%s%s%s: %s\n", (long long)r->v[i].customer_id, r->v[i].email ? " <" : "",
				       r->v[i].email ? r->v[i].email : "", r->v[i].email ? ">" : "", r->v[i].why);
	}
	(void)ws;
}

static size_t count_status(const struct notice_report *r, const char *st)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].status && !strcmp(r->v[i].status, st) && !r->v[i].why)
			n++;
	return n;
}

CLI_HANDLER(cli_terms_notify)
{
	struct workspace *ws = c->ws;
	struct notice_report r;
	int json = cli_flag(a, "json");
	int rc = terms_notify(ws, a->pos[0], cli_arg(a, "rev"), dk_now(), &r);
	if (rc)
		return cli_fail(rc);
	if (!json) {
		char d[DK_TIME_BUFSZ];
		printf("terms notify %s %.10s (%d days' notice, effective %s; letter %s@%.10s): %zu notices queued, "
		       "%zu accepted for delivery\n",
		       a->pos[0], r.revision, r.notice_days, dk_date_format(r.effective, ws->tz, d), r.tpl, r.tpl_revision,
		       r.queued, count_status(&r, "accepted"));
		if (r.already || r.accepted_rev)
			printf("not notified again: %zu notified before, %zu accepted the revision\n", r.already,
			       r.accepted_rev);
	}
	print_items(ws, &r, json);
	notice_report_free(&r);
	return 0;
}

CLI_HANDLER(cli_terms_notices)
{
	struct workspace *ws = c->ws;
	struct notice_report r;
	int rc = notice_status(ws, LETTER_USE_TERMS, a->pos[0], cli_arg(a, "rev"), 0, &r);
	if (rc)
		return cli_fail(rc);
	if (!cli_flag(a, "json"))
		printf("notices of %s%s%s: %zu (%zu accepted for delivery, %zu bounced)\n", a->pos[0],
		       cli_arg(a, "rev") ? " " : "", cli_arg(a, "rev") ? cli_arg(a, "rev") : "", r.n,
		       count_status(&r, "accepted"), count_status(&r, "bounced"));
	print_items(ws, &r, cli_flag(a, "json"));
	notice_report_free(&r);
	return 0;
}

/* "3,5, 9" -> ids */
static int parse_ids(const char *s, int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	size_t cap = 0;
	char *copy = xstrdup(s), *save = NULL;
	int rc = 0;
	for (char *w = strtok_r(copy, ", ", &save); w && !rc; w = strtok_r(NULL, ", ", &save)) {
		int64_t v;
		if (parse_int64(w, 1, INT64_MAX, &v))
			rc = cli_usage("breach notify: --customers %s: expected customer ids (3,5,9)", s);
		else {
			ARRAY_GROW(*ids, cap, *n + 1);
			(*ids)[(*n)++] = v;
		}
	}
	free(copy);
	if (!rc && !*n)
		rc = cli_usage("breach notify: --customers: expected customer ids (3,5,9)");
	return rc;
}

static void print_breach_summary(struct workspace *ws, int64_t tid, const struct notice_report *r, size_t total)
{
	char d[DK_TIME_BUFSZ];
	dk_time first = DK_TIME_NONE;
	size_t ok = 0;
	for (size_t i = 0; i < r->n; i++)
		if (!r->v[i].why && r->v[i].status && !strcmp(r->v[i].status, "accepted")) {
			ok++;
			if (first == DK_TIME_NONE || r->v[i].at < first)
				first = r->v[i].at;
		}
	printf("breach %lld (aware %s): %zu of %zu notified (accepted for delivery)", (long long)tid,
	       dk_time_format(r->aware, d), ok, total);
	if (first != DK_TIME_NONE) {
		long long mins = (long long)((first - r->aware) / 60);
		printf(", %lld h %02lld min after awareness", mins / 60, mins % 60);
	}
	putchar('\n');
	(void)ws;
}

CLI_HANDLER(cli_breach_notify)
{
	struct workspace *ws = c->ws;
	int64_t tid;
	if (parse_int64(a->pos[0], 1, INT64_MAX, &tid))
		return cli_fail(err_set(DK_EINVAL, "ticket: %s: not an id (a positive number)", a->pos[0]));
	const char *ids_s = cli_arg(a, "customers"), *q = cli_arg(a, "search");
	if (!!ids_s == !!q)
		return cli_usage("breach notify: give the affected customers with --customers IDS or --search TEXT");
	struct letter_vars vars = { 0 };
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = parse_sets(a, &vars);
	if (!rc && ids_s)
		rc = parse_ids(ids_s, &ids, &n);
	if (rc) {
		letter_vars_release(&vars);
		free(ids);
		return rc;
	}
	if (q) {
		struct customer_filter f = { .search = q };
		struct customer *cs;
		size_t nc;
		if ((rc = store_customer_list(ws->store, &f, &cs, &nc))) {
			letter_vars_release(&vars);
			return cli_fail(rc);
		}
		ids = xcalloc(nc + 1, sizeof(*ids));
		for (size_t i = 0; i < nc; i++)
			if (cs[i].erased_at == DK_TIME_NONE)
				ids[n++] = cs[i].id;
		customers_free(cs, nc);
	}
	struct notice_report r;
	rc = breach_notify(ws, tid, ids, n, &vars, dk_now(), &r);
	letter_vars_release(&vars);
	free(ids);
	if (rc)
		return cli_fail(rc);
	int json = cli_flag(a, "json");
	if (!json) {
		printf("breach notify %lld (letter %s@%.10s): %zu notices queued", (long long)tid, r.tpl, r.tpl_revision,
		       r.queued);
		if (r.already)
			printf(", %zu notified before (not again)", r.already);
		putchar('\n');
	}
	print_items(ws, &r, json);
	notice_report_free(&r);
	if (!json) {
		struct notice_report all;
		if (!notice_status(ws, LETTER_USE_BREACH, NULL, NULL, tid, &all)) {
			print_breach_summary(ws, tid, &all, all.n);
			notice_report_free(&all);
		}
	}
	return 0;
}

CLI_HANDLER(cli_breach_notices)
{
	struct workspace *ws = c->ws;
	int64_t tid;
	if (parse_int64(a->pos[0], 1, INT64_MAX, &tid))
		return cli_fail(err_set(DK_EINVAL, "ticket: %s: not an id (a positive number)", a->pos[0]));
	struct ticket t;
	int rc = store_ticket_get(ws->store, tid, &t);
	if (rc)
		return cli_fail(rc);
	ticket_clear(&t);
	struct notice_report r;
	if ((rc = notice_status(ws, LETTER_USE_BREACH, NULL, NULL, tid, &r)))
		return cli_fail(rc);
	int json = cli_flag(a, "json");
	if (!json) {
		if (r.aware == DK_TIME_NONE)
			printf("breach %lld: no awareness recorded; %zu notices\n", (long long)tid, r.n);
		else
			print_breach_summary(ws, tid, &r, r.n);
	}
	print_items(ws, &r, json);
	notice_report_free(&r);
	return 0;
}
