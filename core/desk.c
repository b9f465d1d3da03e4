/* desk.c - support-desk actions: validation, one transaction each, audit. */
#include "core/desk.h"

#include "lib/err.h"
#include "lib/hash.h"
#include "core/jurisdiction.h"
#include "core/letters.h"
#include "core/mail.h"
#include "core/obligations.h"
#include "core/witness.h"
#include "lib/util.h"
#include "data/store.h"
#include "data/store_mail.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Run body() inside one transaction; roll back on failure. */
#define TX(ws, expr)                                   \
	do {                                           \
		int tx_rc_ = ws_begin(ws);             \
		if (tx_rc_)                            \
			return tx_rc_;                 \
		tx_rc_ = (expr);                       \
		if (tx_rc_) {                          \
			ws_rollback(ws);               \
			return tx_rc_;                 \
		}                                      \
		return ws_commit(ws);                  \
	} while (0)

/* The same for a role change, whose new head goes to the system log
 * (core/witness.h). */
#define WITNESSED_TX(ws, expr, what)                   \
	do {                                           \
		int tx_rc_ = ws_begin(ws);             \
		if (tx_rc_)                            \
			return tx_rc_;                 \
		tx_rc_ = (expr);                       \
		if (tx_rc_) {                          \
			ws_rollback(ws);               \
			return tx_rc_;                 \
		}                                      \
		if ((tx_rc_ = ws_commit(ws)))          \
			return tx_rc_;                 \
		witness_log(ws, what);                 \
		return 0;                              \
	} while (0)

static int valid_login(const char *s)
{
	if (!s || !*s || strlen(s) > 64)
		return 0;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
			return 0;
	return 1;
}

/* ---- agents */

static int agent_put_tx(struct workspace *ws, const char *login, int role, const char *action, int must_exist)
{
	struct agent old;
	int rc = store_agent_get(ws->store, login, &old);
	if (rc && rc != DK_ENOTFOUND)
		return rc;
	int existed = rc == 0;
	int old_role = existed ? old.role : ROLE_NONE;
	if (existed)
		agent_clear(&old);
	if (must_exist && !existed)
		return err_set(DK_ENOTFOUND, "agent %s: no such agent", login);
	if (!must_exist && existed)
		return err_set(DK_ECONFLICT, "agent %s: already an agent (change the role with `docket agent set`)", login);
	if (old_role == ROLE_ADMIN && role != ROLE_ADMIN) {
		int64_t n;
		if ((rc = store_agent_count_role(ws->store, ROLE_ADMIN, &n)))
			return rc;
		if (n <= 1)
			return err_set(DK_EPERM, "agent %s: the last admin cannot lose the role", login);
	}
	struct agent a = { .login = xstrdup(login), .name = NULL, .role = role };
	rc = store_agent_put(ws->store, &a);
	agent_clear(&a);
	if (rc)
		return rc;
	/* roles are not personal data: the audit row says what changed */
	if (existed)
		return ws_audit(ws, action, "agent", "login=%s role=%s old_role=%s", login, role_name(role),
				role_name(old_role));
	return ws_audit(ws, action, "agent", "login=%s role=%s", login, role_name(role));
}

int desk_agent_add(struct workspace *ws, const char *login, const char *role, dk_time at)
{
	(void)at;
	int rc = ws_require_role(ws, ROLE_ADMIN, "agent add");
	if (rc)
		return rc;
	if (!valid_login(login))
		return err_set(DK_EINVAL, "agent: %s: not a login name", login ? login : "");
	int r = role_parse(role);
	if (!r)
		return err_set(DK_EINVAL, "role: %s: expected agent, legal or admin", role ? role : "");
	WITNESSED_TX(ws, agent_put_tx(ws, login, r, "agent.add", 0), "agent.add");
}

int desk_agent_set(struct workspace *ws, const char *login, const char *role, dk_time at)
{
	(void)at;
	int rc = ws_require_role(ws, ROLE_ADMIN, "agent set");
	if (rc)
		return rc;
	int r = role_parse(role);
	if (!r)
		return err_set(DK_EINVAL, "role: %s: expected agent, legal or admin", role ? role : "");
	WITNESSED_TX(ws, agent_put_tx(ws, login, r, "agent.set", 1), "agent.set");
}

static int agent_remove_tx(struct workspace *ws, const char *login)
{
	struct agent old;
	int rc = store_agent_get(ws->store, login, &old);
	if (rc)
		return rc;
	int was_admin = old.role == ROLE_ADMIN;
	agent_clear(&old);
	if (was_admin) {
		int64_t n;
		if ((rc = store_agent_count_role(ws->store, ROLE_ADMIN, &n)))
			return rc;
		if (n <= 1)
			return err_set(DK_EPERM, "agent %s: the last admin cannot be removed", login);
	}
	if ((rc = store_agent_delete(ws->store, login)))
		return rc;
	return ws_audit(ws, "agent.remove", "agent", "login=%s", login);
}

int desk_agent_remove(struct workspace *ws, const char *login, dk_time at)
{
	(void)at;
	int rc = ws_require_role(ws, ROLE_ADMIN, "agent remove");
	if (rc)
		return rc;
	WITNESSED_TX(ws, agent_remove_tx(ws, login), "agent.remove");
}

/* ---- customers */

int desk_validate_email(const char *e)
{
	const char *at = e ? strchr(e, '@') : NULL;
	if (!e || !at || at == e || strchr(at + 1, '@') || !strchr(at + 1, '.') || strlen(e) > 254)
		goto bad;
	for (const char *p = e; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || strchr("<>()[]\\,;:\"", *p))
			goto bad;
	const char *dot = strrchr(at + 1, '.');
	if (dot == at + 1 || !dot[1] || at[1] == '.')
		goto bad;
	return 0;
bad:
	return err_set(DK_EINVAL, "email: %s: not an email address", e ? e : "");
}

static int has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 32 || *p == 127)
			return 1;
	return 0;
}

int desk_email_free(struct workspace *ws, const char *email, int64_t except_id)
{
	int64_t other;
	int rc = store_customer_email_owner(ws->store, email, except_id, &other);
	if (rc)
		return rc == DK_ENOTFOUND ? (err_clear(), 0) : rc;
	struct customer c;
	if ((rc = store_customer_get(ws->store, other, &c)))
		return rc;
	rc = err_set(DK_ECONFLICT, "email: %s: already the address of customer %lld (%s)", email, (long long)c.id,
		     c.name ? c.name : "");
	customer_clear(&c);
	return rc;
}

static int customer_new_tx(struct workspace *ws, struct customer *c)
{
	int rc = desk_email_free(ws, c->email, 0);
	if (rc)
		return rc;
	rc = store_customer_insert(ws->store, c);
	if (rc)
		return rc;
	char obj[64];
	snprintf(obj, sizeof(obj), "customer:%lld", (long long)c->id);
	return ws_audit(ws, "customer.new", obj, "fields=name,email,jurisdiction");
}

int desk_customer_new(struct workspace *ws, const char *name, const char *email, const char *jurisdiction,
		      dk_time at, int64_t *id)
{
	char jur[16];
	int rc;
	if (!name || !*name || has_control(name))
		return err_set(DK_EINVAL, "name: must be non-empty text on one line");
	if ((rc = desk_validate_email(email)) || (rc = jurisdiction_check(jurisdiction, jur, sizeof(jur))))
		return rc;
	struct customer c = { 0 };
	c.name = xstrdup(name);
	c.email = xstrdup(email);
	c.jurisdiction = xstrdup(jur);
	c.created_at = at;
	c.erased_at = DK_TIME_NONE;
	if (!(rc = ws_begin(ws))) {
		if ((rc = customer_new_tx(ws, &c)))
			ws_rollback(ws);
		else
			rc = ws_commit(ws);
	}
	if (!rc)
		*id = c.id;
	customer_clear(&c);
	return rc;
}

/* ---- tickets */

static int add_event(struct workspace *ws, int64_t tid, const char *type, const char *detail, dk_time at)
{
	struct event e = { .ticket_id = tid, .at = at, .type = xstrdup(type), .actor = xstrdup(ws->login),
			   .detail = detail ? xstrdup(detail) : NULL };
	int rc = store_event_insert(ws->store, &e);
	event_clear(&e);
	return rc;
}

static int ticket_new_tx(struct workspace *ws, struct ticket *t, const char *body, const char *author, int triage,
			 int64_t *msg_id_out)
{
	int rc = store_ticket_insert(ws->store, t);
	if (rc)
		return rc;
	/* no kind given: awaiting triage (a request's clock runs from
	 * receipt whatever the agent's delay) */
	if (triage && (rc = store_ticket_triage_set(ws->store, t->id, 1)))
		return rc;
	struct message m = { .ticket_id = t->id, .direction = xstrdup("in"), .author = author ? xstrdup(author) : NULL,
			     .body = xstrdup(body), .created_at = t->created_at };
	rc = store_message_insert(ws->store, &m);
	int64_t msg_id = m.id;
	message_clear(&m);
	if (rc || (rc = add_event(ws, t->id, event_type_name(EV_RECEIVED), t->channel, t->created_at)))
		return rc;
	if (msg_id_out)
		*msg_id_out = msg_id;
	int created = 0;
	if ((rc = obligations_evaluate(ws, t->id, t->created_at, &created)))
		return rc;
	char obj[64];
	snprintf(obj, sizeof(obj), "ticket:%lld", (long long)t->id);
	return ws_audit(ws, "ticket.new", obj, "customer=%lld kind=%s message=%lld bytes=%zu obligations=%d",
			(long long)t->customer_id, t->kind, (long long)msg_id, strlen(body), created);
}

int desk_ticket_new_tx(struct workspace *ws, const struct ticket_new *req, dk_time at, int64_t *id, int64_t *msg_id)
{
	int rc;
	const char *kind = req->kind ? req->kind : ticket_kind_name(KIND_QUESTION);
	if (!ticket_kind_valid(kind))
		return err_set(DK_EINVAL, "kind: %s: unknown ticket kind (question, complaint, data-access, ...)", kind);
	if (!req->subject || !*req->subject || has_control(req->subject))
		return err_set(DK_EINVAL, "subject: must be non-empty text on one line");
	if (req->priority && (req->priority < 1 || req->priority > 4))
		return err_set(DK_EINVAL, "priority: %d: expected 1 (urgent) to 4 (low)", req->priority);
	struct customer c;
	if ((rc = store_customer_get(ws->store, req->customer_id, &c)))
		return rc;
	if (c.erased_at != DK_TIME_NONE) {
		customer_clear(&c);
		return err_set(DK_EPERM, "customer %lld: erased; open a ticket for a new customer record",
			       (long long)req->customer_id);
	}
	struct ticket t = { 0 };
	t.customer_id = req->customer_id;
	t.subject = xstrdup(req->subject);
	t.kind = xstrdup(kind);
	t.status = xstrdup(ticket_status_name(TS_NEW));
	t.priority = req->priority ? req->priority : 3;
	t.assignee = req->assignee ? xstrdup(req->assignee) : NULL;
	t.channel = xstrdup(req->channel ? req->channel : "email");
	t.created_at = t.updated_at = at;
	t.next_due_at = DK_TIME_NONE;
	rc = ticket_new_tx(ws, &t, req->body ? req->body : "", c.email, !req->kind, msg_id);
	customer_clear(&c);
	if (!rc)
		*id = t.id;
	ticket_clear(&t);
	return rc;
}

int desk_ticket_new(struct workspace *ws, const struct ticket_new *req, dk_time at, int64_t *id)
{
	TX(ws, desk_ticket_new_tx(ws, req, at, id, NULL));
}

int desk_customer_insert_tx(struct workspace *ws, struct customer *c)
{
	return customer_new_tx(ws, c);
}

int desk_queue_mark(struct workspace *ws, const struct ticket *t, dk_time now, char *out, size_t n)
{
	(void)now;
	out[0] = '\0';
	int triage = 0, rc;
	if ((rc = store_ticket_triage_get(ws->store, t->id, &triage)))
		return rc;
	if (triage) {
		struct suggestion *sg;
		size_t ns;
		if ((rc = obligations_suggest(ws, t->id, &sg, &ns)))
			return rc;
		if (ns)
			snprintf(out, n, "suggests %s: '%s'", sg[0].kind, sg[0].phrase);
		else
			snprintf(out, n, "needs triage");
		suggestions_free(sg, ns);
		return 0;
	}
	if (t->status && !ticket_status_is_open(t->status)) {
		struct obligation *ob;
		size_t nob, open = 0;
		if ((rc = store_obligation_list_ticket(ws->store, t->id, &ob, &nob)))
			return rc;
		for (size_t i = 0; i < nob; i++)
			open += obligation_unsettled(&ob[i]) != 0;
		obligations_free(ob, nob);
		if (open)
			snprintf(out, n, "%s, %zu dut%s open", t->status, open, open == 1 ? "y" : "ies");
		return 0;
	}
	if (t->status && !strcmp(t->status, "on-hold")) {
		char reason[32], d[DK_TIME_BUFSZ];
		dk_time since;
		if ((rc = obligations_pause_state(ws, t->id, reason, sizeof(reason), &since)))
			return rc;
		if (since != DK_TIME_NONE)
			snprintf(out, n, "paused (%s) since %s", *reason ? reason : "no reason given",
				 dk_date_format(since, ws->tz, d));
	}
	return 0;
}

const char *desk_disclosure_text(struct workspace *ws)
{
	return ws_config(ws, "ai_disclosure", DESK_DEFAULT_DISCLOSURE);
}

static int message_tx(struct workspace *ws, struct message *m, int64_t expect_version, const char *action)
{
	int rc = store_ticket_touch(ws->store, m->ticket_id, m->created_at, expect_version);
	if (rc || (rc = store_message_insert(ws->store, m)))
		return rc;
	if (!strcmp(m->direction, "out")) {
		if ((rc = add_event(ws, m->ticket_id, event_type_name(EV_REPLIED), m->automated ? "automated" : NULL, m->created_at)))
			return rc;
		/* a reply meets the acknowledgement and the notice of an
		 * extension, and ticks the steps it completes */
		if ((rc = obligations_settle_evidence(ws, m->ticket_id)) ||
		    (rc = store_ticket_refresh_due(ws->store, m->ticket_id)))
			return rc;
	}
	char obj[64], hash[SHA256_HEX_LEN + 1];
	snprintf(obj, sizeof(obj), "ticket:%lld", (long long)m->ticket_id);
	sha256_hex(m->body, strlen(m->body), hash);
	return ws_audit(ws, action, obj, "message=%lld direction=%s automated=%d disclosed=%d rule=%s bytes=%zu sha256=%s",
			(long long)m->id, m->direction, m->automated, m->disclosed,
			m->disclosure_rule ? m->disclosure_rule : "-", strlen(m->body), hash);
}

static int require_body(const char *body)
{
	for (const char *p = body ? body : ""; *p; p++)
		if (!isspace((unsigned char)*p))
			return 0;
	return err_set(DK_EINVAL, "body: empty; nothing was sent");
}

/* The customer of ticket id. */
static int ticket_customer(struct workspace *ws, int64_t id, struct customer *c)
{
	struct ticket t;
	int rc = store_ticket_get(ws->store, id, &t);
	if (rc)
		return rc;
	rc = store_customer_get(ws->store, t.customer_id, c);
	ticket_clear(&t);
	return rc;
}

/* DK_ECONFLICT when the agent's version of the ticket is stale. */
static int check_version(const struct ticket *t, int64_t expect_version)
{
	if (expect_version > 0 && t->version != expect_version)
		return err_set(DK_ECONFLICT,
			       "ticket %lld changed since you opened it (version %lld, now %lld); reload and try again",
			       (long long)t->id, (long long)expect_version, (long long)t->version);
	return 0;
}

/* With a `sender` configured, the reply is also an outbox row, in the
 * same transaction (core/mail.h); without one it stays in docket. */
static int reply_outbox_tx(struct workspace *ws, const struct customer *c, const struct message *m, int64_t *oid)
{
	*oid = 0;
	if (!ws_config(ws, "sender", NULL))
		return 0;
	struct ticket t;
	int rc = store_ticket_get(ws->store, m->ticket_id, &t);
	if (rc)
		return rc;
	rc = mail_outbox_queue_tx(ws, &t, c, m, oid);
	ticket_clear(&t);
	return rc;
}

int desk_ticket_reply(struct workspace *ws, int64_t id, const char *body, int automated, int64_t expect_version,
		      dk_time at, struct message *out)
{
	return desk_ticket_reply_letter(ws, id, body, automated, expect_version, at, NULL, out, NULL);
}

/* The reply's files, in its transaction: each stored with the message;
 * one that is a recorded export of the customer sends the copy. */
static int reply_files_tx(struct workspace *ws, int64_t tid, int64_t customer_id, int64_t msg_id,
			  const struct reply_file *files, size_t n, dk_time at)
{
	if (!n)
		return 0;
	struct audit_row *exports = NULL;
	size_t nexp = 0, capexp = 0;
	char obj[64];
	snprintf(obj, sizeof(obj), "customer:%lld", (long long)customer_id);
	int rc = store_audit_exact(ws->store, obj, &exports, &nexp, &capexp);
	struct buf sums = BUF_INIT;
	int copies = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct mail_attachment a = { .ticket_id = tid, .message_row = msg_id };
		a.name = xstrdup(files[i].name);
		a.type = xstrdup(files[i].type ? files[i].type : "application/octet-stream");
		rc = store_mail_attachment_insert(ws->store, &a, files[i].data, files[i].len);
		buf_printf(&sums, "%s%s", i ? "," : "", a.sha256 ? a.sha256 : "-");
		int copy = 0;
		for (size_t k = 0; !rc && k < nexp && !copy; k++)
			copy = !strcmp(exports[k].action, "customer.export") && exports[k].detail &&
			       strstr(exports[k].detail, a.sha256) != NULL;
		if (!rc && copy) {
			copies++;
			char d[160];
			snprintf(d, sizeof(d), "message %lld: export sha256 %.64s", (long long)msg_id, a.sha256);
			rc = add_event(ws, tid, event_type_name(EV_COPY_SENT), d, at);
		}
		free(a.name);
		free(a.type);
		free(a.sha256);
	}
	audit_rows_free(exports, nexp);
	char mobj[64];
	snprintf(mobj, sizeof(mobj), "ticket:%lld", (long long)tid);
	if (!rc)
		rc = ws_audit(ws, "ticket.attach", mobj, "message=%lld files=%zu sha256=%s", (long long)msg_id, n,
			      buf_str(&sums));
	buf_release(&sums);
	/* a copy-sent event may complete a step (message_tx settled the rest) */
	if (!rc && copies)
		rc = obligations_settle_evidence(ws, tid);
	return rc;
}

int desk_ticket_reply_letter(struct workspace *ws, int64_t id, const char *body, int automated,
			     int64_t expect_version, dk_time at, const struct letter_ref *letter, struct message *out,
			     int *met)
{
	return desk_ticket_reply_files(ws, id, body, automated, expect_version, at, letter, NULL, 0, out, met);
}

int desk_ticket_reply_files(struct workspace *ws, int64_t id, const char *body, int automated,
			    int64_t expect_version, dk_time at, const struct letter_ref *letter,
			    const struct reply_file *files, size_t nfiles, struct message *out, int *met)
{
	int met_dummy;
	if (!met)
		met = &met_dummy;
	*met = 0;
	if (letter && letter_unfilled(body))
		return err_set(DK_EINVAL, "the letter still holds a placeholder (%.40s): fill it in; nothing was sent",
			       letter_unfilled(body));
	int rc = require_body(body);
	if (rc)
		return rc;
	struct customer c;
	if ((rc = ticket_customer(ws, id, &c)))
		return rc;
	char *rule = NULL;
	struct buf text = BUF_INIT;
	buf_adds(&text, body);
	int disclosed = 0;
	if (automated) {
		int human = 0;
		if ((rc = mail_human_requested(ws, id, &human)))
			goto out;
		if (human) {
			rc = err_set(DK_EPERM, "ticket %lld: the customer asked for a human; automated replies are stopped",
				     (long long)id);
			goto out;
		}
		if (c.restricted) {
			rc = err_set(DK_EPERM, "ticket %lld: customer %lld is restricted (GDPR Art 18): no new automated replies",
				     (long long)id, (long long)c.id);
			goto out;
		}
		/* a letter from a template is automated mail but no AI's
		 * writing: the disclosure is for replies a bot or AI drafted */
		if (!letter && (rc = obligations_disclosure_rule(ws, &c, at, &rule)))
			goto out;
		if (rule) {
			const char *disc = desk_disclosure_text(ws);
			if (!disc || !*disc) {
				rc = err_set(DK_EPERM,
					     "ticket %lld: rule %s requires an AI disclosure and the workspace has no "
					     "ai_disclosure text configured",
					     (long long)id, rule);
				goto out;
			}
			if (!strstr(body, disc)) {
				while (text.len && isspace((unsigned char)text.data[text.len - 1]))
					buf_truncate(&text, text.len - 1);
				buf_printf(&text, "\n\n%s\n", disc);
			}
			disclosed = 1;
		}
	}
	struct message m = { .ticket_id = id, .direction = xstrdup("out"), .author = xstrdup(ws->login),
			     .body = xstrdup(buf_str(&text)), .created_at = at, .automated = automated,
			     .disclosed = disclosed, .disclosure_rule = rule ? xstrdup(rule) : NULL };
	int64_t oid = 0;
	if (!(rc = ws_begin(ws))) {
		if ((rc = message_tx(ws, &m, expect_version, "ticket.reply")) ||
		    (rc = reply_files_tx(ws, id, c.id, m.id, files, nfiles, at)) || (rc = reply_outbox_tx(ws, &c, &m, &oid)) ||
		    (letter && (rc = letters_record_reply_tx(ws, id, m.id, c.id, oid, letter, at, met))))
			ws_rollback(ws);
		else
			rc = ws_commit(ws);
	}
	/* committed: hand the mail to the MTA now (the front end's sender) */
	if (!rc && oid)
		mail_after_commit(ws);
	int64_t msg_id = m.id;
	message_clear(&m);
	if (rc)
		goto out;
	if (out) {
		memset(out, 0, sizeof(*out));
		out->id = msg_id;
		out->ticket_id = id;
		out->direction = xstrdup("out");
		out->author = xstrdup(ws->login);
		out->body = buf_detach(&text);
		out->created_at = at;
		out->automated = automated;
		out->disclosed = disclosed;
		out->disclosure_rule = rule;
		rule = NULL;
	}
out:
	customer_clear(&c);
	buf_release(&text);
	free(rule);
	return rc;
}

int desk_ticket_note(struct workspace *ws, int64_t id, const char *body, int64_t expect_version, dk_time at,
		     int64_t *msg_id)
{
	int rc = require_body(body);
	if (rc)
		return rc;
	struct message m = { .ticket_id = id, .direction = xstrdup("note"), .author = xstrdup(ws->login),
			     .body = xstrdup(body), .created_at = at };
	if (!(rc = ws_begin(ws))) {
		if ((rc = message_tx(ws, &m, expect_version, "ticket.note")))
			ws_rollback(ws);
		else
			rc = ws_commit(ws);
	}
	if (!rc && msg_id)
		*msg_id = m.id;
	message_clear(&m);
	return rc;
}

int desk_ticket_inbound_tx(struct workspace *ws, int64_t id, const char *body, const char *author, dk_time at,
			   int64_t *msg_id)
{
	struct message m = { .ticket_id = id, .direction = xstrdup("in"), .author = author ? xstrdup(author) : NULL,
			     .body = xstrdup(body), .created_at = at };
	int rc = message_tx(ws, &m, 0, "ticket.inbound");
	if (!rc && msg_id)
		*msg_id = m.id;
	message_clear(&m);
	return rc;
}

int desk_ticket_inbound(struct workspace *ws, int64_t id, const char *body, dk_time at, int64_t *msg_id)
{
	int rc = require_body(body);
	if (rc)
		return rc;
	struct customer c;
	if ((rc = ticket_customer(ws, id, &c)))
		return rc;
	struct message m = { .ticket_id = id, .direction = xstrdup("in"), .author = c.email ? xstrdup(c.email) : NULL,
			     .body = xstrdup(body), .created_at = at };
	if (!(rc = ws_begin(ws))) {
		if ((rc = message_tx(ws, &m, 0, "ticket.inbound")))
			ws_rollback(ws);
		else
			rc = ws_commit(ws);
	}
	customer_clear(&c);
	if (!rc && msg_id)
		*msg_id = m.id;
	message_clear(&m);
	return rc;
}

int desk_event_type_valid(const char *type) { return (event_flags(type) & EVF_RECORD) != 0; }

/* The status an event implies, or NULL (model/vocab.h says which). */
static const char *event_status(const char *type, const char *cur) { return event_sets_status(type, cur); }

static int event_tx(struct workspace *ws, int64_t id, const char *type, const char *detail, int64_t expect_version,
		    dk_time when, dk_time at, const struct resolve_plan *plan)
{
	struct ticket t;
	int rc = store_ticket_get(ws->store, id, &t);
	if (rc)
		return rc;
	if ((rc = check_version(&t, expect_version)))
		goto out;
	if (event_is(type, EV_REOPENED) && ticket_status_is_open(t.status)) {
		rc = err_set(DK_EINVAL, "ticket %lld: not resolved or closed; nothing to reopen", (long long)id);
		goto out;
	}
	if (event_is(type, EV_RESOLVED) && !ticket_status_is_open(t.status)) {
		rc = err_set(DK_EINVAL, "ticket %lld: already %s", (long long)id, t.status);
		goto out;
	}
	if ((rc = add_event(ws, id, type, detail, when)))
		goto out;
	if (!strcmp(type, "clock-paused")) {
		/* only as the rules allow, never over a passed deadline */
		char reason[32];
		rc = obligations_pause(ws, id, obligations_pause_reason(detail, reason, sizeof(reason)), when);
	} else if (!strcmp(type, "resolved") && plan) {
		if (!(rc = obligations_resolve(ws, id, plan, when)) && !(rc = obligations_settle_evidence(ws, id)))
			rc = store_ticket_refresh_due(ws->store, id);
	} else {
		rc = obligations_apply_event(ws, id, type, when);
	}
	if (rc)
		goto out;
	const char *ns = event_status(type, t.status);
	struct ticket cur;
	if ((rc = store_ticket_get(ws->store, id, &cur)))
		goto out;
	if (ns) {
		free(cur.status);
		cur.status = xstrdup(ns);
	}
	cur.updated_at = at;
	rc = store_ticket_update(ws->store, &cur, 0);
	ticket_clear(&cur);
	if (rc || (rc = store_ticket_refresh_due(ws->store, id)))
		goto out;
	char obj[64];
	snprintf(obj, sizeof(obj), "ticket:%lld", (long long)id);
	if (ns && strcmp(ns, t.status))
		rc = ws_audit(ws, "ticket.event", obj, "type=%s status=%s detail_bytes=%zu old_status=%s", type, ns,
			      detail ? strlen(detail) : 0, t.status);
	else
		rc = ws_audit(ws, "ticket.event", obj, "type=%s status=%s detail_bytes=%zu", type, ns ? ns : t.status,
			      detail ? strlen(detail) : 0);
out:
	ticket_clear(&t);
	return rc;
}

int desk_ticket_event_tx(struct workspace *ws, int64_t id, const char *type, const char *detail, dk_time at)
{
	if (!desk_event_type_valid(type))
		return err_set(DK_EINVAL, "event: %s: unknown type", type ? type : "");
	return event_tx(ws, id, type, detail, 0, at, at, NULL);
}

int desk_ticket_event_at(struct workspace *ws, int64_t id, const char *type, const char *detail,
			 int64_t expect_version, dk_time when, dk_time at)
{
	if (!desk_event_type_valid(type)) {
		char known[256];
		return err_set(DK_EINVAL, "event: %s: unknown type (%s)", type ? type : "",
			       event_names_with(EVF_RECORD, known, sizeof(known)));
	}
	/* events that start a clock may be recorded after the fact */
	if (when != at && !(event_flags(type) & EVF_AT))
		return err_set(DK_EINVAL,
			       "event %s: happens now; only \"aware\", \"identity-verified\" and \"fee-paid\" take a "
			       "time (--at)",
			       type);
	if (when > at) {
		char w[DK_TIME_BUFSZ];
		return err_set(DK_EINVAL, "%s: %s is in the future", type, dk_time_format(when, w));
	}
	TX(ws, event_tx(ws, id, type, detail, expect_version, when, at, NULL));
}

int desk_ticket_resolve(struct workspace *ws, int64_t id, const char *detail, const struct resolve_plan *plan,
			int64_t expect_version, dk_time at)
{
	static const struct resolve_plan none = { 0 };
	TX(ws, event_tx(ws, id, "resolved", detail, expect_version, at, at, plan ? plan : &none));
}

int desk_ticket_event(struct workspace *ws, int64_t id, const char *type, const char *detail,
		      int64_t expect_version, dk_time at)
{
	return desk_ticket_event_at(ws, id, type, detail, expect_version, at, at);
}

/* FIELD's value on t as the audit row writes it ("-" for none), or NULL
 * for an unknown field. */
static char *set_field_value(const struct ticket *t, const char *field)
{
	if (!strcmp(field, "status"))
		return xstrdup(t->status ? t->status : "-");
	if (!strcmp(field, "kind"))
		return xstrdup(t->kind ? t->kind : "-");
	if (!strcmp(field, "assignee"))
		return xstrdup(t->assignee && *t->assignee ? t->assignee : "-");
	if (!strcmp(field, "priority"))
		return xasprintf("%d", t->priority);
	return NULL;
}

static int set_tx(struct workspace *ws, int64_t id, const char *field, const char *value, int64_t expect_version,
		  dk_time at)
{
	struct ticket t;
	char *old = NULL;
	int rc = store_ticket_get(ws->store, id, &t);
	if (rc)
		return rc;
	if ((rc = check_version(&t, expect_version)))
		goto out;
	int reevaluate = 0;
	const char *event = NULL;
	old = set_field_value(&t, field);
	if (!strcmp(field, "status")) {
		if (!ticket_status_valid(value)) {
			rc = err_set(DK_EINVAL, "status: %s: expected %s, %s, %s, %s, %s or %s", value, ticket_statuses[TS_NEW],
				     ticket_statuses[TS_OPEN], ticket_statuses[TS_PENDING], ticket_statuses[TS_ON_HOLD],
				     ticket_statuses[TS_RESOLVED], ticket_statuses[TS_CLOSED]);
			goto out;
		}
		if (ticket_status_is_open(t.status) && !ticket_status_is_open(value))
			event = event_type_name(EV_RESOLVED);
		else if (!ticket_status_is_open(t.status) && ticket_status_is_open(value))
			event = event_type_name(EV_REOPENED);
		free(t.status);
		t.status = xstrdup(value);
	} else if (!strcmp(field, "kind")) {
		if (!ticket_kind_valid(value)) {
			rc = err_set(DK_EINVAL, "kind: %s: unknown ticket kind (question, complaint, data-access, ...)", value);
			goto out;
		}
		reevaluate = strcmp(t.kind, value) != 0;
		free(t.kind);
		t.kind = xstrdup(value);
		event = event_type_name(EV_CLASSIFIED);
	} else if (!strcmp(field, "assignee")) {
		free(t.assignee);
		t.assignee = NULL;
		if (*value && strcmp(value, "none") && strcmp(value, "-")) {
			struct agent a;
			if ((rc = store_agent_get(ws->store, value, &a)))
				goto out;
			agent_clear(&a);
			t.assignee = xstrdup(value);
		}
	} else if (!strcmp(field, "priority")) {
		int64_t p;
		if (parse_int64(value, 1, 4, &p)) {
			rc = err_set(DK_EINVAL, "priority: %s: expected 1 (urgent) to 4 (low)", value);
			goto out;
		}
		t.priority = (int)p;
	} else {
		rc = err_set(DK_EUSAGE, "ticket set: %s: expected status, kind, assignee or priority", field);
		goto out;
	}
	t.updated_at = at;
	if ((rc = store_ticket_update(ws->store, &t, 0)))
		goto out;
	if (event) {
		int classified = event_is(event, EV_CLASSIFIED);
		if ((rc = add_event(ws, id, event, classified ? value : NULL, at)))
			goto out;
		if (!classified && (rc = obligations_apply_event(ws, id, event, at)))
			goto out;
	}
	if (reevaluate && (rc = obligations_evaluate(ws, id, at, NULL)))
		goto out;
	/* its kind is set: out of triage; the queue key follows the duties */
	if ((!strcmp(field, "kind") && (rc = store_ticket_triage_set(ws->store, id, 0))) ||
	    (rc = store_ticket_refresh_due(ws->store, id)))
		goto out;
	char obj[64];
	snprintf(obj, sizeof(obj), "ticket:%lld", (long long)id);
	/* status, kind, priority and assignee are not personal data: the
	 * audit row and the ticket's timeline say what changed */
	char *now_v = set_field_value(&t, field);
	rc = ws_audit(ws, "ticket.set", obj, "field=%s old=%s new=%s", field, old, now_v);
	free(now_v);
out:
	free(old);
	ticket_clear(&t);
	return rc;
}

int desk_ticket_set(struct workspace *ws, int64_t id, const char *field, const char *value,
		    int64_t expect_version, dk_time at)
{
	if (!field || !value)
		return err_set(DK_EUSAGE, "ticket set: needs FIELD and VALUE");
	int rc = ws_begin(ws);
	if (rc)
		return rc;
	if ((rc = set_tx(ws, id, field, value, expect_version, at))) {
		ws_rollback(ws);
		return rc;
	}
	if ((rc = ws_commit(ws)) || strcmp(field, "kind"))
		return rc;
	/* triage of a ticket that came by mail: the kind brings its duties,
	 * and an acknowledgement the workspace sends by itself goes now (its
	 * clock ran from receipt); the kind is set whatever becomes of it */
	char ack[32];
	if (mail_auto_ack(ws, id, at, ack, sizeof(ack)))
		err_clear();
	else if (!strncmp(ack, "sent", 4))
		mail_after_commit(ws);
	return 0;
}

static int set_many_tx(struct workspace *ws, const int64_t *ids, size_t n, const char *field, const char *value,
		       dk_time at)
{
	for (size_t i = 0; i < n; i++) {
		int rc = set_tx(ws, ids[i], field, value, 0, at);
		if (rc)
			return err_prefix(rc, "ticket %lld", (long long)ids[i]);
	}
	return 0;
}

int desk_tickets_set(struct workspace *ws, const int64_t *ids, size_t n, const char *field, const char *value,
		     dk_time at)
{
	if (!field || !value || !n)
		return err_set(DK_EUSAGE, "ticket set: needs tickets, FIELD and VALUE");
	TX(ws, set_many_tx(ws, ids, n, field, value, at));
}

/* ---- search */

static const char *const search_orders[SEARCH_ORDER_COUNT] = { "newest", "relevance", "urgency" };

const char *search_order_name(int order)
{
	return order >= 0 && order < SEARCH_ORDER_COUNT ? search_orders[order] : "?";
}

int search_order_parse(const char *s, int *out)
{
	for (int i = 0; i < SEARCH_ORDER_COUNT; i++)
		if (s && !strcmp(s, search_orders[i])) {
			*out = i;
			return 0;
		}
	return err_set(DK_EUSAGE, "--sort: %s: not an order (newest, relevance, urgency)", s ? s : "");
}

int desk_search(struct workspace *ws, const char *query, int order, int open_only, int64_t limit, int64_t **ids,
		size_t *n, int *more)
{
	*more = 0;
	*ids = NULL;
	*n = 0;
	if (limit <= 0)
		limit = 50;
	/* resolved tickets left out: read more matches until `limit` open
	 * ones are found or the index has no more (at most 10,000 read); the
	 * urgency order is that of the newest 1,000 matches at least, whatever
	 * the limit, so a short list and a long one begin alike */
	int64_t first = order == SEARCH_URGENCY && limit < 1000 ? 1000 : limit;
	for (int64_t read = first;; read *= 4) {
		free(*ids);
		*ids = NULL;
		int rc = store_search(ws->store, query, order == SEARCH_RELEVANCE, read, ids, n);
		if (rc)
			return rc;
		*more = (int64_t)*n >= read;
		if ((rc = store_tickets_pick(ws->store, *ids, n, open_only, order == SEARCH_URGENCY)))
			return rc;
		if ((int64_t)*n >= limit || !*more || !open_only || read >= 10000)
			break;
	}
	if ((int64_t)*n > limit) {
		*n = (size_t)limit;
		*more = 1;
	}
	return 0;
}
