/* rights.c - data-subject rights: export, rectify, restrict, hold, erase,
 * retention. Validation, roles and audit here; the rows in data/ (store.h). */
#include "core/rights.h"
#include "core/export_render.h"
#include "core/mail.h"

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/priv.h"
#include "core/witness.h"
#include "lib/hash.h"
#include "core/json.h"
#include "core/jurisdiction.h"
#include "core/desk.h"
#include "core/obligations.h"
#include "lib/util.h"
#include "data/store.h"
#include "data/store_letters.h"
#include "data/store_mail.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXPORT_FORMAT "docket-customer-export"
#define EXPORT_FORMAT_VERSION 1

static int one_line(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 32 || *p == 127)
			return 0;
	return 1;
}

static int check_reason(const char *reason, int required, const char *what)
{
	if (required && (!reason || !*reason))
		return err_set(DK_EUSAGE, "%s: needs --reason TEXT", what);
	if (reason && (!one_line(reason) || strlen(reason) > 500))
		return err_set(DK_EINVAL, "%s: --reason must be one line of at most 500 bytes", what);
	return 0;
}

static void obj_name(char *out, size_t n, const char *kind, int64_t id)
{
	snprintf(out, n, "%s:%lld", kind, (long long)id);
}

/* Load a customer for a change: DK_ENOTFOUND, or DK_EPERM once erased. */
static int live_customer(struct workspace *ws, int64_t id, const char *what, struct customer *c)
{
	int rc = store_customer_get(ws->store, id, c);
	if (rc)
		return rc;
	if (c->erased_at != DK_TIME_NONE) {
		char t[DK_TIME_BUFSZ];
		dk_time_format(c->erased_at, t);
		customer_clear(c);
		return err_set(DK_EPERM, "customer %lld: erased on %s; nothing to %s", (long long)id, t, what);
	}
	return 0;
}

/* ---- export */

int rights_recipient_parse(const char *s, int *out)
{
	if (!s || !strcmp(s, "subject") || !strcmp(s, "data-subject") || !strcmp(s, "self")) {
		*out = RIGHTS_TO_SUBJECT;
		return 0;
	}
	if (!strcmp(s, "third-party") || !strcmp(s, "controller")) {
		*out = RIGHTS_TO_THIRD_PARTY;
		return 0;
	}
	return err_set(DK_EINVAL, "recipient: %s: expected subject or third-party", s);
}

/* "a; b; c" -> ["a", "b", "c"] */
static json_t *list_setting(struct workspace *ws, const char *key, const char *def)
{
	const char *v = ws_config(ws, key, def);
	json_t *arr = json_array();
	const char *p = v;
	while (p && *p) {
		const char *end = strchr(p, ';');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		while (n && isspace((unsigned char)*p)) {
			p++;
			n--;
		}
		while (n && isspace((unsigned char)p[n - 1]))
			n--;
		if (n) {
			char *item = xstrndup(p, n);
			json_array_append_new(arr, json_string(item));
			free(item);
		}
		p = end ? end + 1 : NULL;
	}
	return arr;
}

static json_t *processing_json(struct workspace *ws)
{
	json_t *by_kind = json_object();
	for (const char *const *k = ticket_kinds; *k; k++)
		json_object_set_new(by_kind, *k, json_string(rights_retention_setting(ws, *k)));
	json_t *retention = json_pack(
		"{s:s, s:o}", "policy",
		ws_config(ws, "processing.retention",
			  "Support tickets are anonymised when the retention period for their kind has run out, counted "
			  "from the ticket's last update; records under legal hold are kept until the hold is lifted."),
		"by_ticket_kind", by_kind);
	return json_pack(
		"{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:s}", "controller",
		json_str(ws_config(ws, "processing.controller", NULL)), "contact",
		json_str(ws_config(ws, "processing.contact", NULL)), "purposes",
		list_setting(ws, "processing.purposes",
			     "answering your support requests; handling complaints; handling your data-protection "
			     "requests; meeting our legal obligations (deadlines, records)"),
		"legal_basis",
		list_setting(ws, "processing.legal_basis",
			     "performance of a contract (GDPR Art 6(1)(b)); legal obligation (GDPR Art 6(1)(c))"),
		"categories",
		list_setting(ws, "processing.categories",
			     "identity (name); contact details (email address); jurisdiction; support correspondence "
			     "(ticket subjects, messages, internal notes about you); request history (events, "
			     "deadlines); acceptances of our terms"),
		"recipients",
		list_setting(ws, "processing.recipients", "our support and legal staff; no other recipients"),
		"retention", retention, "source",
		list_setting(ws, "processing.source",
			     "you, when you contacted us; our staff, who wrote replies and internal notes"),
		"automated_decision_making",
		ws_config(ws, "processing.automated_decisions",
			  "none with legal or similarly significant effects; replies drafted by an automated "
			  "assistant are marked as such"),
		"transfers", ws_config(ws, "processing.transfers", "none outside the EEA"), "rights",
		list_setting(ws, "processing.rights",
			     "access (Art 15); rectification (Art 16); erasure (Art 17); restriction (Art 18); "
			     "portability (Art 20); objection (Art 21)"),
		"complaint",
		ws_config(ws, "processing.complaint",
			  "You may lodge a complaint with a data-protection supervisory authority, in particular in "
			  "the country where you live or work."));
}

static int cmp_seq(const void *a, const void *b)
{
	int64_t x = ((const struct audit_row *)a)->seq, y = ((const struct audit_row *)b)->seq;
	return x < y ? -1 : x > y;
}

static int cmp_ticket_id(const void *a, const void *b)
{
	int64_t x = ((const struct ticket *)a)->id, y = ((const struct ticket *)b)->id;
	return x < y ? -1 : x > y;
}

static int build_export(struct workspace *ws, int64_t id, int recipient, dk_time at, json_t **out,
			struct export_counts *cnt)
{
	*out = NULL;
	memset(cnt, 0, sizeof(*cnt));
	struct customer c;
	int rc = store_customer_get(ws->store, id, &c);
	if (rc)
		return rc;
	if (recipient == RIGHTS_TO_THIRD_PARTY && c.restricted) {
		customer_clear(&c);
		return err_set(DK_EPERM,
			       "customer %lld: processing is restricted (GDPR Art 18): no export to third parties "
			       "(export to the data subject is allowed)",
			       (long long)id);
	}
	struct audit_row *audit = NULL;
	size_t naudit = 0, capaudit = 0;
	char obj[64];
	obj_name(obj, sizeof(obj), "customer", id);
	if ((rc = store_audit_exact(ws->store, obj, &audit, &naudit, &capaudit))) {
		customer_clear(&c);
		return rc;
	}
	struct ticket_filter f = { .status = "all", .customer_id = id };
	struct ticket *t = NULL;
	size_t nt = 0;
	json_t *tickets = json_array();
	if ((rc = store_ticket_list(ws->store, &f, &t, &nt)))
		goto out;
	if (nt)
		qsort(t, nt, sizeof(*t), cmp_ticket_id);
	for (size_t i = 0; i < nt && !rc; i++) {
		json_t *jt = json_ticket(&t[i]);
		json_array_append_new(tickets, jt);
		struct message *m;
		struct event *e;
		struct obligation *o;
		size_t nm, ne, no;
		if ((rc = store_message_list(ws->store, t[i].id, &m, &nm)))
			break;
		json_t *a = json_array();
		for (size_t j = 0; j < nm; j++)
			json_array_append_new(a, json_message(&m[j]));
		json_object_set_new(jt, "messages", a);
		cnt->messages += (int64_t)nm;
		messages_free(m, nm);
		if ((rc = store_event_list(ws->store, t[i].id, &e, &ne)))
			break;
		a = json_array();
		for (size_t j = 0; j < ne; j++)
			json_array_append_new(a, json_event(&e[j]));
		json_object_set_new(jt, "events", a);
		cnt->events += (int64_t)ne;
		events_free(e, ne);
		if ((rc = store_obligation_list_ticket(ws->store, t[i].id, &o, &no)) ||
		    (rc = store_obligation_evidence_load(ws->store, o, no)))
			break;
		a = json_array();
		for (size_t j = 0; j < no && !rc; j++) {
			json_array_append_new(a, json_obligation(&o[j]));
			obj_name(obj, sizeof(obj), "obligation", o[j].id);
			rc = store_audit_exact(ws->store, obj, &audit, &naudit, &capaudit);
		}
		json_object_set_new(jt, "obligations", a);
		cnt->obligations += (int64_t)no;
		obligations_free(o, no);
		json_t *mj = rc ? NULL : mail_export_ticket(ws, t[i].id, &rc);
		if (mj)
			json_object_set_new(jt, "mail", mj);
		obj_name(obj, sizeof(obj), "ticket", t[i].id);
		if (!rc)
			rc = store_audit_exact(ws->store, obj, &audit, &naudit, &capaudit);
	}
	if (rc)
		goto out;
	cnt->tickets = (int64_t)nt;
	struct acceptance *acc;
	size_t nacc;
	if ((rc = store_acceptance_list(ws->store, id, NULL, &acc, &nacc)))
		goto out;
	json_t *accs = json_array();
	for (size_t j = 0; j < nacc; j++)
		json_array_append_new(accs, json_acceptance(&acc[j]));
	acceptances_free(acc, nacc);
	cnt->acceptances = (int64_t)nacc;
	/* the letters sent to the customer from templates; the text of the
	 * notices that are no message of their tickets (new terms, breach
	 * notices) comes from their outbox rows */
	struct letter_row *lr;
	size_t nlr;
	if ((rc = store_letter_list(ws->store, 0, id, NULL, NULL, &lr, &nlr))) {
		json_decref(accs);
		goto out;
	}
	json_t *letters = json_array();
	for (size_t j = 0; j < nlr && !rc; j++) {
		json_t *l = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:s?, s:s?, s:o, s:s?}", "id", (json_int_t)lr[j].id,
				      "template", lr[j].tpl, "revision", lr[j].revision, "purpose", lr[j].purpose, "ticket",
				      lr[j].ticket_id ? json_integer(lr[j].ticket_id) : json_null(), "message",
				      lr[j].message_row ? json_integer(lr[j].message_row) : json_null(), "document",
				      lr[j].document, "doc_revision", lr[j].doc_revision, "created_at",
				      json_time(lr[j].created_at), "status", lr[j].status);
		if (l && !lr[j].message_row && lr[j].outbox_id) {
			struct outbox_row o;
			if (!(rc = store_outbox_get(ws->store, lr[j].outbox_id, &o))) {
				json_object_set_new(l, "to", json_string(o.rcpt));
				json_object_set_new(l, "subject", json_string(o.subject));
				json_object_set_new(l, "body", json_string(o.body));
				outbox_row_clear(&o);
			}
		}
		json_array_append_new(letters, l);
	}
	letter_rows_free(lr, nlr);
	if (rc) {
		json_decref(letters);
		json_decref(accs);
		goto out;
	}
	if (naudit)
		qsort(audit, naudit, sizeof(*audit), cmp_seq);
	json_t *ja = json_array();
	for (size_t j = 0; j < naudit; j++)
		json_array_append_new(ja, json_audit_row(&audit[j]));
	cnt->audit = (int64_t)naudit;
	json_t *counts = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "tickets", (json_int_t)cnt->tickets, "messages",
				   (json_int_t)cnt->messages, "events", (json_int_t)cnt->events, "obligations",
				   (json_int_t)cnt->obligations, "acceptances", (json_int_t)cnt->acceptances,
				   "audit", (json_int_t)cnt->audit);
	*out = json_pack("{s:s, s:i, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "format", EXPORT_FORMAT,
			 "format_version", EXPORT_FORMAT_VERSION, "generated_at", json_time(at), "generated_by",
			 json_str(ws->login), "recipient",
			 recipient == RIGHTS_TO_THIRD_PARTY ? "third-party" : "data-subject", "customer",
			 json_customer(&c), "processing", processing_json(ws), "tickets", tickets, "acceptances",
			 accs, "letters", letters, "audit", ja, "counts", counts);
	tickets = NULL;
	if (!*out)
		rc = err_set(DK_ERR, "export: cannot build the JSON document");
out:
	json_decref(tickets);
	tickets_free(t, nt);
	audit_rows_free(audit, naudit);
	customer_clear(&c);
	return rc;
}

int rights_export_json(struct workspace *ws, int64_t id, int recipient, dk_time at, json_t **out,
		       struct export_counts *counts)
{
	struct export_counts tmp;
	return build_export(ws, id, recipient, at, out, counts ? counts : &tmp);
}

/* The JSON text of doc, with its size and digest in cnt. */
static int json_text(json_t *doc, char **text, struct export_counts *cnt)
{
	char *s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!s)
		return err_set(DK_ERR, "export: cannot serialise the JSON document");
	struct buf b = BUF_INIT;
	buf_adds(&b, s);
	buf_addc(&b, '\n');
	free(s);
	cnt->bytes = b.len;
	sha256_hex(b.data, b.len, cnt->sha256);
	*text = buf_detach(&b);
	return 0;
}

/* One copy of doc in the given format; its size and digest in o. */
static int render_copy(json_t *doc, const char *json, const struct export_counts *cnt, struct export_out *o,
		       char **text)
{
	if (o->format == EXPORT_JSON) {
		*text = xstrdup(json);
		o->bytes = cnt->bytes;
		memcpy(o->sha256, cnt->sha256, sizeof(o->sha256));
		return 0;
	}
	struct buf b = BUF_INIT;
	if (o->format == EXPORT_HTML)
		export_render_html(doc, &b);
	else
		export_render_text(doc, &b);
	o->bytes = b.len;
	sha256_hex(b.data, b.len, o->sha256);
	*text = buf_detach(&b);
	return 0;
}

/* "customer.export": the JSON document's counts and digest (what was
 * disclosed), then each copy handed over: where and its digest. */
static int export_audit(struct workspace *ws, int64_t id, int recipient, const struct export_counts *cnt,
			const struct export_out *outs, size_t n)
{
	char obj[64];
	obj_name(obj, sizeof(obj), "customer", id);
	struct buf copies = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_printf(&copies, "%s%s:%s", i ? "," : "", export_format_name(outs[i].format), outs[i].sha256);
	int to_file = n && outs[0].path;
	int rc = ws_audit(ws, "customer.export", obj,
			  "recipient=%s to=%s tickets=%lld messages=%lld events=%lld obligations=%lld "
			  "acceptances=%lld audit=%lld bytes=%zu sha256=%s copies=%s",
			  recipient == RIGHTS_TO_THIRD_PARTY ? "third-party" : "data-subject",
			  to_file ? "file" : "stdout", (long long)cnt->tickets, (long long)cnt->messages,
			  (long long)cnt->events, (long long)cnt->obligations, (long long)cnt->acceptances,
			  (long long)cnt->audit, cnt->bytes, cnt->sha256, buf_str(&copies));
	buf_release(&copies);
	return rc;
}

int rights_export_as(struct workspace *ws, int64_t id, int recipient, int format, dk_time at, char **text,
		     struct export_counts *counts)
{
	struct export_counts tmp;
	struct export_counts *cnt = counts ? counts : &tmp;
	*text = NULL;
	int rc = ws_begin(ws);
	if (rc)
		return rc;
	json_t *doc = NULL;
	char *json = NULL, *s = NULL;
	struct export_out o = { .path = NULL, .format = format };
	if ((rc = build_export(ws, id, recipient, at, &doc, cnt)) || (rc = json_text(doc, &json, cnt)) ||
	    (rc = render_copy(doc, json, cnt, &o, &s)) || (rc = export_audit(ws, id, recipient, cnt, &o, 1)))
		ws_rollback(ws);
	else
		rc = ws_commit(ws);
	if (rc) {
		json_decref(doc);
		free(json);
		free(s);
		return rc;
	}
	json_decref(doc);
	free(json);
	*text = s;
	return 0;
}

int rights_export(struct workspace *ws, int64_t id, int recipient, dk_time at, char **text,
		  struct export_counts *counts)
{
	return rights_export_as(ws, id, recipient, EXPORT_JSON, at, text, counts);
}

/* The export goes where the user said, written with the user's own
 * rights (never the workspace group's: docs/security.md). */
static int export_write(const char *path, const char *s, size_t n)
{
	priv_user_begin();
	int rc = write_file_atomic(path, s, n, 0600);
	priv_user_end();
	return rc;
}

static void unlink_all(const struct export_out *outs, size_t n)
{
	priv_user_begin();
	for (size_t i = 0; i < n; i++)
		unlink(outs[i].path);
	priv_user_end();
}

int rights_export_files(struct workspace *ws, int64_t id, int recipient, struct export_out *outs, size_t n,
			dk_time at, struct export_counts *counts)
{
	struct export_counts tmp;
	struct export_counts *cnt = counts ? counts : &tmp;
	if (!n)
		return err_set(DK_EUSAGE, "export: --out needs a file name");
	for (size_t i = 0; i < n; i++) {
		if (!outs[i].path || !*outs[i].path)
			return err_set(DK_EUSAGE, "export: --out needs a file name");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(outs[i].path, outs[j].path))
				return err_set(DK_EUSAGE, "export: %s: named twice", outs[i].path);
	}
	int rc = ws_begin(ws);
	if (rc)
		return rc;
	json_t *doc = NULL;
	char *json = NULL;
	size_t written = 0;
	if ((rc = build_export(ws, id, recipient, at, &doc, cnt)) || (rc = json_text(doc, &json, cnt)))
		goto fail;
	for (; written < n; written++) {
		char *s = NULL;
		struct export_out *o = &outs[written];
		if ((rc = render_copy(doc, json, cnt, o, &s)))
			goto fail;
		rc = export_write(o->path, s, o->bytes);
		free(s);
		if (rc)
			goto fail;
	}
	/* The audit row only once every file is in place; if it cannot be
	 * written, the files go again: no disclosure without its record. */
	if ((rc = export_audit(ws, id, recipient, cnt, outs, n)))
		ws_rollback(ws);
	else
		rc = ws_commit(ws);
	if (rc) {
		unlink_all(outs, n);
		json_decref(doc);
		free(json);
		return rc;
	}
	json_decref(doc);
	free(json);
	return 0;
fail:
	ws_rollback(ws);
	unlink_all(outs, written);
	json_decref(doc);
	free(json);
	return rc;
}

int rights_export_to_file(struct workspace *ws, int64_t id, int recipient, const char *path, dk_time at,
			  struct export_counts *counts)
{
	struct export_out o = { .path = path, .format = EXPORT_JSON };
	return rights_export_files(ws, id, recipient, &o, 1, at, counts);
}

/* ---- rectify */

static int rectify_tx(struct workspace *ws, struct customer *c, const char *field, const char *value, dk_time at,
		      int *reevaluated)
{
	char oldh[SHA256_HEX_LEN + 1], newh[SHA256_HEX_LEN + 1];
	char **slot = !strcmp(field, "name") ? &c->name : !strcmp(field, "email") ? &c->email : &c->jurisdiction;
	const char *old = *slot ? *slot : "";
	sha256_hex(old, strlen(old), oldh);
	sha256_hex(value, strlen(value), newh);
	int64_t authors = 0;
	int rc = 0;
	if (!strcmp(field, "email") && (rc = store_rectify_authors(ws->store, c->id, old, value, &authors)))
		return rc;
	char *prev = *slot;
	*slot = xstrdup(value);
	rc = store_customer_update(ws->store, c);
	free(*slot);
	*slot = prev;
	if (rc)
		return rc;
	int n = 0;
	if (!strcmp(field, "jurisdiction")) {
		struct ticket_filter f = { .status = NULL, .customer_id = c->id };
		struct ticket *t;
		size_t nt;
		if ((rc = store_ticket_list(ws->store, &f, &t, &nt)))
			return rc;
		for (size_t i = 0; i < nt && !rc; i++) {
			rc = obligations_evaluate(ws, t[i].id, at, NULL);
			n++;
		}
		tickets_free(t, nt);
		if (rc)
			return rc;
	}
	if (reevaluated)
		*reevaluated = n;
	char obj[64];
	obj_name(obj, sizeof(obj), "customer", c->id);
	/* a jurisdiction code is not personal data: the row says what it was
	 * and is (name and email only by hash) */
	if (!strcmp(field, "jurisdiction"))
		return ws_audit(ws, "customer.rectify", obj,
				"field=%s old_sha256=%s new_sha256=%s authors=%lld reevaluated=%d old=%s new=%s", field, oldh,
				newh, (long long)authors, n, *old ? old : "-", value);
	return ws_audit(ws, "customer.rectify", obj, "field=%s old_sha256=%s new_sha256=%s authors=%lld reevaluated=%d",
			field, oldh, newh, (long long)authors, n);
}

int rights_rectify(struct workspace *ws, int64_t id, const char *field, const char *value, dk_time at,
		   int *reevaluated)
{
	if (reevaluated)
		*reevaluated = 0;
	int rc = ws_require_role(ws, ROLE_AGENT, "customer rectify");
	if (rc)
		return rc;
	if (!field || !value)
		return err_set(DK_EUSAGE, "customer rectify: expected ID FIELD VALUE");
	char jur[16];
	if (!strcmp(field, "name")) {
		if (!*value || !one_line(value) || strlen(value) > 200)
			return err_set(DK_EINVAL, "name: must be non-empty text on one line");
	} else if (!strcmp(field, "email")) {
		if ((rc = desk_validate_email(value)))
			return rc;
	} else if (!strcmp(field, "jurisdiction")) {
		if ((rc = jurisdiction_check(value, jur, sizeof(jur))))
			return rc;
		value = jur;
	} else {
		return err_set(DK_EUSAGE, "customer rectify: %s: expected name, email or jurisdiction", field);
	}
	if ((rc = ws_begin(ws)))
		return rc;
	struct customer c;
	if ((rc = live_customer(ws, id, "rectify", &c))) {
		ws_rollback(ws);
		return rc;
	}
	const char *cur = !strcmp(field, "name") ? c.name : !strcmp(field, "email") ? c.email : c.jurisdiction;
	if (cur && !strcmp(cur, value))
		rc = err_set(DK_EINVAL, "customer %lld: %s: already has that value; nothing changed", (long long)id,
			     field);
	else if (strcmp(field, "email") || !(rc = desk_email_free(ws, value, id)))
		rc = rectify_tx(ws, &c, field, value, at, reevaluated);
	customer_clear(&c);
	if (rc) {
		ws_rollback(ws);
		return rc;
	}
	return ws_commit(ws);
}

/* ---- restrict and hold */

static int flag_tx(struct workspace *ws, int64_t id, int hold, int on, const char *reason)
{
	struct customer c;
	int rc = live_customer(ws, id, hold ? "hold" : "restrict", &c);
	if (rc)
		return rc;
	int *flag = hold ? &c.legal_hold : &c.restricted;
	char **why = hold ? &c.hold_reason : &c.restrict_reason;
	int was = *flag;
	*flag = on;
	free(*why);
	*why = on && reason && *reason ? xstrdup(reason) : NULL;
	rc = store_customer_update(ws->store, &c);
	customer_clear(&c);
	if (rc)
		return rc;
	char obj[64], h[SHA256_HEX_LEN + 1];
	obj_name(obj, sizeof(obj), "customer", id);
	const char *r = reason ? reason : "";
	sha256_hex(r, strlen(r), h);
	return ws_audit(ws, hold ? "customer.hold" : "customer.restrict", obj,
			"%s=%d was=%d reason_bytes=%zu reason_sha256=%s", hold ? "legal_hold" : "restricted", on, was,
			strlen(r), h);
}

static int flag_set(struct workspace *ws, int64_t id, int hold, int on, const char *reason)
{
	const char *what = hold ? "customer hold" : "customer restrict";
	int rc = ws_require_role(ws, hold || !on ? ROLE_LEGAL : ROLE_AGENT,
				 hold ? "customer hold" : on ? "customer restrict on" : "customer restrict off");
	if (rc || (rc = check_reason(reason, hold && on, what)))
		return rc;
	if ((rc = ws_begin(ws)))
		return rc;
	if ((rc = flag_tx(ws, id, hold, on, reason))) {
		ws_rollback(ws);
		return rc;
	}
	return ws_commit(ws);
}

int rights_restrict(struct workspace *ws, int64_t id, int on, const char *reason, dk_time at)
{
	(void)at;
	return flag_set(ws, id, 0, on, reason);
}

int rights_hold(struct workspace *ws, int64_t id, int on, const char *reason, dk_time at)
{
	(void)at;
	return flag_set(ws, id, 1, on, reason);
}

/* ---- erase */

void erase_preview_clear(struct erase_preview *p)
{
	if (!p)
		return;
	free(p->block_reason);
	free(p->blocking_tickets);
	memset(p, 0, sizeof(*p));
}

static int kind_blocks(const char *kind)
{
	return ticket_kind_is(kind, KIND_BREACH) || ticket_kind_is(kind, KIND_COMPLAINT);
}

/* Fill p->blocked / block_reason / blocking_tickets for customer c. */
static int erase_blockers(struct workspace *ws, const struct customer *c, struct erase_preview *p)
{
	char t[DK_TIME_BUFSZ];
	if (c->erased_at != DK_TIME_NONE) {
		p->blocked = 1;
		p->block_reason = xasprintf("customer %lld: already erased on %s", (long long)c->id,
					    dk_time_format(c->erased_at, t));
		return 0;
	}
	if (c->legal_hold) {
		p->blocked = 1;
		p->block_reason = xasprintf("customer %lld: under legal hold (%s); a legal or admin agent lifts it "
					    "with `docket customer hold %lld off`",
					    (long long)c->id, c->hold_reason ? c->hold_reason : "no reason given",
					    (long long)c->id);
		return 0;
	}
	struct ticket_filter f = { .status = "all", .customer_id = c->id };
	struct ticket *tk;
	size_t nt;
	int rc = store_ticket_list(ws->store, &f, &tk, &nt);
	if (rc)
		return rc;
	size_t cap = 0;
	for (size_t i = 0; i < nt && !rc; i++) {
		if (!kind_blocks(tk[i].kind))
			continue;
		int block = ticket_status_is_open(tk[i].status);
		if (!block) {
			struct obligation *o;
			size_t no;
			if ((rc = store_obligation_list_ticket(ws->store, tk[i].id, &o, &no)))
				break;
			for (size_t j = 0; j < no; j++)
				if (o[j].status && !strcmp(o[j].status, "open"))
					block = 1;
			obligations_free(o, no);
		}
		if (block) {
			ARRAY_GROW(p->blocking_tickets, cap, p->nblocking + 1);
			p->blocking_tickets[p->nblocking++] = tk[i].id;
		}
	}
	tickets_free(tk, nt);
	if (rc || !p->nblocking)
		return rc;
	struct buf b = BUF_INIT;
	buf_printf(&b, "customer %lld: open breach or complaint on ticket%s ", (long long)c->id,
		   p->nblocking > 1 ? "s" : "");
	for (size_t i = 0; i < p->nblocking; i++)
		buf_printf(&b, "%s%lld", i ? ", " : "", (long long)p->blocking_tickets[i]);
	buf_adds(&b, ": its records must be kept until it is closed and its obligations are met");
	p->blocked = 1;
	p->block_reason = buf_detach(&b);
	return 0;
}

int rights_erase_preview(struct workspace *ws, int64_t id, struct erase_preview *out)
{
	memset(out, 0, sizeof(*out));
	out->customer_id = id;
	struct customer c;
	int rc = store_customer_get(ws->store, id, &c);
	if (rc)
		return rc;
	rc = erase_blockers(ws, &c, out);
	customer_clear(&c);
	if (!rc)
		rc = store_erase_customer_preview(ws->store, id, &out->counts);
	if (rc)
		erase_preview_clear(out);
	else
		store_erase_note(ws->store, &out->counts, ERASE_NOTE_PREVIEW, out->index_note, sizeof(out->index_note));
	return rc;
}

/* Scrub the storage after an erasure has committed; a failure is not the
 * erasure's (it stands): it is reported as an incomplete scrub. */
static void scrub(struct workspace *ws, int *complete, char *note, size_t len)
{
	struct store_scrub sc;
	if (store_scrub(ws->store, &sc))
		err_clear();
	*complete = sc.complete;
	snprintf(note, len, "%s", sc.note);
}

static int erase_tx(struct workspace *ws, int64_t id, const char *reason, dk_time at, struct erase_counts *cnt)
{
	struct customer c;
	int rc = store_customer_get(ws->store, id, &c);
	if (rc)
		return rc;
	struct erase_preview p = { 0 };
	rc = erase_blockers(ws, &c, &p);
	customer_clear(&c);
	if (!rc && p.blocked)
		rc = err_set(DK_EPERM, "%s; nothing was erased", p.block_reason);
	erase_preview_clear(&p);
	if (rc)
		return rc;
	char *detail = reason && *reason ? xasprintf("erasure: %s", reason) : xstrdup("erasure");
	rc = store_erase_customer(ws->store, id, at, ws->login, detail, cnt);
	free(detail);
	if (rc)
		return rc;
	char obj[64], h[SHA256_HEX_LEN + 1], index[96];
	obj_name(obj, sizeof(obj), "customer", id);
	const char *r = reason ? reason : "";
	sha256_hex(r, strlen(r), h);
	store_erase_note(ws->store, cnt, ERASE_NOTE_AUDIT, index, sizeof(index));
	return ws_audit(ws, "customer.erase", obj,
			"fields=name,email tickets=%lld messages=%lld notes=%lld authors=%lld event_details=%lld "
			"obligation_notes=%lld kept_events=%lld kept_obligations=%lld kept_acceptances=%lld "
			"%s reason_bytes=%zu reason_sha256=%s%s",
			(long long)cnt->tickets, (long long)cnt->messages, (long long)cnt->notes,
			(long long)cnt->authors, (long long)cnt->events, (long long)cnt->obligation_notes,
			(long long)cnt->kept_events, (long long)cnt->kept_obligations, (long long)cnt->kept_acceptances,
			index, strlen(r), h, ws->role < ROLE_LEGAL ? " allowed_by=" RIGHTS_ERASE_AGENTS_KEY : "");
}

int rights_erase_role(struct workspace *ws)
{
	const char *v = ws_config(ws, RIGHTS_ERASE_AGENTS_KEY, NULL);
	return v && (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on")) ? ROLE_AGENT : ROLE_LEGAL;
}

int rights_erase(struct workspace *ws, int64_t id, const char *reason, dk_time at, struct erase_result *out)
{
	struct erase_result tmp;
	struct erase_result *res = out ? out : &tmp;
	memset(res, 0, sizeof(*res));
	int rc = ws_require_role(ws, rights_erase_role(ws), "customer erase");
	if (rc && ws->role >= ROLE_AGENT) {
		char why[400];
		snprintf(why, sizeof(why), "%s", err_msg());
		err_set(rc, "%s; an admin can allow agents with `docket config set %s yes`", why, RIGHTS_ERASE_AGENTS_KEY);
	}
	if (rc || (rc = check_reason(reason, 0, "customer erase")))
		return rc;
	if ((rc = ws_begin(ws)))
		return rc;
	if ((rc = erase_tx(ws, id, reason, at, &res->counts))) {
		ws_rollback(ws);
		return rc;
	}
	if ((rc = ws_commit(ws)))
		return rc;
	priv_test_kill_at("erase-after-commit");
	witness_log(ws, "customer.erase");
	store_erase_note(ws->store, &res->counts, ERASE_NOTE_CUSTOMER, res->index_note, sizeof(res->index_note));
	/* The erasure is done; the scrub of the storage follows. A failure
	 * here is reported but the erasure stands (and the scrub is retried). */
	scrub(ws, &res->scrub_complete, res->scrub_note, sizeof(res->scrub_note));
	return 0;
}

/* ---- retention */

/* The built-in default of each kind: model/vocab.h (TICKET_KIND_INFO). */
#define RETENTION_FALLBACK "3y"

const char *rights_retention_default(const char *kind)
{
	const char *p = ticket_kind_retention(kind);
	return p ? p : RETENTION_FALLBACK;
}

const char *rights_retention_setting(struct workspace *ws, const char *kind)
{
	char key[64];
	snprintf(key, sizeof(key), "retention.%s", kind);
	const char *v = ws_config(ws, key, NULL);
	if (v)
		return v;
	/* retention.default only replaces the fallback for kinds that have
	 * no built-in default of their own. */
	const char *p = ticket_kind_retention(kind);
	if (p)
		return p;
	return ws_config(ws, "retention.default", RETENTION_FALLBACK);
}

int rights_period_parse(const char *s, int *count, char *unit)
{
	*count = 0;
	*unit = 0;
	if (!s)
		return err_set(DK_EINVAL, "retention period: missing");
	if (!strcmp(s, "never") || !strcmp(s, "0") || !strcmp(s, "off") || !strcmp(s, "keep"))
		return 0;
	int64_t n;
	size_t len = strlen(s);
	char buf[24];
	if (len < 2 || len >= sizeof(buf) || !strchr("ymwd", s[len - 1]))
		goto bad;
	memcpy(buf, s, len - 1);
	buf[len - 1] = '\0';
	if (parse_int64(buf, 1, 200 * 366, &n))
		goto bad;
	*count = (int)n;
	*unit = s[len - 1];
	return 0;
bad:
	return err_set(DK_EINVAL, "retention period: %s: expected a number and y, m, w or d (3y, 18m, 90d), or never",
		       s);
}

dk_time rights_period_cutoff(int count, char unit, dk_time now)
{
	if (!unit || count <= 0)
		return DK_TIME_NONE;
	if (unit == 'd' || unit == 'w')
		return now - (int64_t)count * (unit == 'w' ? 7 : 1) * 86400;
	int64_t days = now >= 0 ? now / 86400 : -((-now + 86399) / 86400);
	int64_t secs = now - days * 86400;
	int y, m, d;
	dk_civil_from_days(days, &y, &m, &d);
	int64_t months = (int64_t)y * 12 + (m - 1) - (unit == 'y' ? (int64_t)count * 12 : count);
	y = (int)(months >= 0 ? months / 12 : (months - 11) / 12);
	m = (int)(months - (int64_t)y * 12) + 1;
	int dim = dk_days_in_month(y, m);
	if (d > dim)
		d = dim;
	return dk_days_from_civil(y, m, d) * 86400 + secs;
}

void retention_report_clear(struct retention_report *r)
{
	if (!r)
		return;
	free(r->kinds);
	memset(r, 0, sizeof(*r));
}

json_t *retention_report_json(const struct retention_report *r)
{
	json_t *kinds = json_array();
	for (size_t i = 0; i < r->nkinds; i++) {
		const struct retention_kind *k = &r->kinds[i];
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:o, s:I, s:I, s:I}", "kind", k->kind, "period",
						       k->period, "cutoff", json_time(k->cutoff), "tickets",
						       (json_int_t)k->tickets, "messages", (json_int_t)k->messages,
						       "held", (json_int_t)k->held));
	}
	return json_pack("{s:b, s:o, s:I, s:I, s:I, s:I, s:b, s:o}", "dry_run", r->dry_run, "now", json_time(r->now),
			 "tickets", (json_int_t)r->tickets, "messages", (json_int_t)r->messages, "held",
			 (json_int_t)r->held, "partitions", (json_int_t)r->partitions, "scrub_complete",
			 r->dry_run ? 1 : r->scrub_complete, "kinds", kinds);
}

static int retention_tx(struct workspace *ws, struct retention_report *r)
{
	int rc = 0;
	struct erase_counts all = { 0 };
	for (size_t i = 0; i < r->nkinds && !rc; i++) {
		struct retention_kind *k = &r->kinds[i];
		if (k->cutoff == DK_TIME_NONE)
			continue;
		int64_t *ids;
		size_t n;
		if ((rc = store_retention_candidates(ws->store, k->kind, k->cutoff, &ids, NULL, &n, &k->held)))
			break;
		char *detail = xasprintf("retention: %s %s", k->kind, k->period);
		int64_t tickets = all.tickets, messages = all.messages;
		for (size_t j = 0; j < n && !rc; j++)
			rc = r->dry_run ? store_erase_ticket_preview(ws->store, ids[j], &all)
					: store_erase_ticket(ws->store, ids[j], r->now, ws->login, detail, &all);
		free(detail);
		free(ids);
		k->tickets = all.tickets - tickets;
		k->messages = all.messages - messages;
		r->tickets += k->tickets;
		r->messages += k->messages;
		r->held += k->held;
	}
	if (rc || r->dry_run)
		return rc;
	/* the search index forgets the erased words at the commit */
	r->partitions = all.index_parts;
	store_erase_note(ws->store, &all, ERASE_NOTE_TICKETS, r->index_note, sizeof(r->index_note));
	struct buf b = BUF_INIT;
	buf_printf(&b, "tickets=%lld messages=%lld held=%lld partitions=%lld", (long long)r->tickets,
		   (long long)r->messages, (long long)r->held, (long long)r->partitions);
	for (size_t i = 0; i < r->nkinds; i++)
		if (r->kinds[i].tickets || r->kinds[i].held)
			buf_printf(&b, " %s=%lld/%lld/%lld", r->kinds[i].kind, (long long)r->kinds[i].tickets,
				   (long long)r->kinds[i].messages, (long long)r->kinds[i].held);
	rc = ws_audit(ws, "retention.run", "retention", "%s", buf_str(&b));
	buf_release(&b);
	return rc;
}

int rights_retention_run(struct workspace *ws, dk_time now, int dry_run, struct retention_report *out)
{
	memset(out, 0, sizeof(*out));
	int rc = ws_require_role(ws, dry_run ? ROLE_AGENT : ROLE_LEGAL, "retention run");
	if (rc)
		return rc;
	size_t nk = 0;
	while (ticket_kinds[nk])
		nk++;
	out->dry_run = dry_run;
	out->now = now;
	out->kinds = xcalloc(nk, sizeof(*out->kinds));
	out->nkinds = nk;
	out->scrub_complete = 1;
	for (size_t i = 0; i < nk; i++) {
		struct retention_kind *k = &out->kinds[i];
		const char *v = rights_retention_setting(ws, ticket_kinds[i]);
		int count;
		char unit;
		snprintf(k->kind, sizeof(k->kind), "%s", ticket_kinds[i]);
		snprintf(k->period, sizeof(k->period), "%s", v);
		if ((rc = rights_period_parse(v, &count, &unit))) {
			err_prefix(rc, "config: retention.%s", ticket_kinds[i]);
			retention_report_clear(out);
			return rc;
		}
		k->cutoff = rights_period_cutoff(count, unit, now);
	}
	if (dry_run) {
		rc = retention_tx(ws, out);
	} else {
		if ((rc = ws_begin(ws))) {
			retention_report_clear(out);
			return rc;
		}
		if ((rc = retention_tx(ws, out)))
			ws_rollback(ws);
		else if (!(rc = ws_commit(ws)) && out->tickets)
			scrub(ws, &out->scrub_complete, out->scrub_note, sizeof(out->scrub_note));
	}
	if (rc) {
		retention_report_clear(out);
		return rc;
	}
	return 0;
}
