/* mail.c - mail intake and the outbox: the decisions (core/mail.h). */
#include "core/mail.h"

#include "core/desk.h"
#include "core/json.h"
#include "core/letters.h"
#include "core/obligations.h"
#include "data/store.h"
#include "data/store_mail.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/hash.h"
#include "lib/util.h"

#include <ctype.h>
#include <fnmatch.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <unistd.h>

int mail_open_service(const char *dir, struct workspace **out)
{
	int rc = ws_open_anonymous(dir, out);
	if (rc)
		return rc;
	(*out)->login = xstrdup(MAIL_ACTOR);
	(*out)->role = ROLE_NONE;
	return 0;
}

int mail_temporary(int rc)
{
	return rc == DK_EBUSY || rc == DK_EIO;
}

const char *mail_sendmail_command(struct workspace *ws)
{
	return ws_config(ws, "sendmail", MAIL_DEFAULT_SENDMAIL);
}

/* ---- machine mail */

static int word_is(const char *v, const char *w)
{
	while (v && isspace((unsigned char)*v))
		v++;
	size_t n = strlen(w);
	return v && !strncasecmp(v, w, n) && (!v[n] || isspace((unsigned char)v[n]) || v[n] == ';');
}

const char *mail_machine_reason(const struct mail_in *m, const char *our_sender)
{
	if (m->is_report)
		return "a delivery status notification";
	if (m->auto_submitted && !word_is(m->auto_submitted, "no"))
		return "Auto-Submitted";
	if (m->precedence &&
	    (word_is(m->precedence, "bulk") || word_is(m->precedence, "junk") || word_is(m->precedence, "list")))
		return "Precedence bulk, junk or list";
	if (m->list_id)
		return "mailing list (List-Id)";
	if (m->x_loop && our_sender && strcasestr_ascii(m->x_loop, our_sender))
		return "our own X-Loop (a loop)";
	if (!m->from_addr || !*m->from_addr)
		return "no sender";
	if (our_sender && !strcasecmp(m->from_addr, our_sender))
		return "from our own address (a loop)";
	const char *at = strchr(m->from_addr, '@');
	size_t local = at ? (size_t)(at - m->from_addr) : strlen(m->from_addr);
	if ((local == 13 && !strncasecmp(m->from_addr, "mailer-daemon", 13)) ||
	    (local == 10 && !strncasecmp(m->from_addr, "postmaster", 10)))
		return "MAILER-DAEMON or postmaster";
	if (m->autoreply_header)
		return "an auto-reply (X-Autoreply)";
	return NULL;
}

/* ---- subjects */

/* Parse "[docket #N]" at p (p points at '['); *end after it. 0 if not. */
static int64_t tag_at(const char *p, const char **end)
{
	const char *s = p + 1;
	while (*s == ' ')
		s++;
	if (strncasecmp(s, "docket", 6))
		return 0;
	s += 6;
	while (*s == ' ')
		s++;
	if (*s != '#')
		return 0;
	s++;
	int64_t n = 0;
	int digits = 0;
	while (isdigit((unsigned char)*s) && digits < 15) {
		n = n * 10 + (*s - '0');
		s++;
		digits++;
	}
	while (*s == ' ')
		s++;
	if (!digits || *s != ']')
		return 0;
	*end = s + 1;
	return n;
}

int64_t mail_subject_ticket(const char *subject)
{
	int64_t last = 0;
	for (const char *p = subject ? strchr(subject, '[') : NULL; p; p = strchr(p + 1, '[')) {
		const char *end;
		int64_t n = tag_at(p, &end);
		if (n)
			last = n;
	}
	return last;
}

/* Reply prefixes in the languages customers' mail programs use. */
static size_t reply_prefix(const char *s)
{
	static const char *const pfx[] = { "re", "aw", "sv", "vs", "antw", "wg", "fw", "fwd", "tr", "rif", NULL };
	for (const char *const *p = pfx; *p; p++) {
		size_t n = strlen(*p);
		if (strncasecmp(s, *p, n))
			continue;
		const char *t = s + n;
		if (*t == '[') { /* Re[2]: */
			while (isdigit((unsigned char)*++t))
				;
			if (*t != ']')
				continue;
			t++;
		}
		if (*t == ':')
			return (size_t)(t + 1 - s);
	}
	return 0;
}

char *mail_reply_subject(const char *subject, int64_t ticket_id)
{
	struct buf b = BUF_INIT;
	const char *s = subject ? subject : "";
	for (;;) {
		while (isspace((unsigned char)*s))
			s++;
		size_t n = reply_prefix(s);
		if (!n)
			break;
		s += n;
	}
	for (const char *p = s; *p;) {
		const char *end;
		if (*p == '[' && tag_at(p, &end)) {
			p = end;
			continue;
		}
		buf_addc(&b, *p++);
	}
	/* trim and squeeze what the tags left */
	struct buf o = BUF_INIT;
	buf_adds(&o, "Re: ");
	int space = 1;
	for (const char *p = buf_str(&b); *p; p++) {
		if (isspace((unsigned char)*p)) {
			space = 1;
			continue;
		}
		if (space && o.len > 4)
			buf_addc(&o, ' ');
		space = 0;
		buf_addc(&o, *p);
	}
	buf_release(&b);
	if (o.len == 4)
		buf_adds(&o, "(no subject)");
	buf_printf(&o, " [docket #%lld]", (long long)ticket_id);
	return buf_detach(&o);
}

/* A subject for a new ticket: one line, no control characters, at most
 * 200 bytes (cut at a character boundary). */
static char *clean_subject(const char *s)
{
	struct buf b = BUF_INIT;
	int space = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p < 32 || *p == 127 || *p == ' ') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_addc(&b, ' ');
		space = 0;
		buf_addc(&b, (char)*p);
	}
	if (b.len > 200) {
		size_t n = 200;
		while (n > 0 && ((unsigned char)b.data[n] & 0xC0) == 0x80)
			n--;
		buf_truncate(&b, n);
	}
	if (!b.len)
		buf_adds(&b, "(no subject)");
	return buf_detach(&b);
}

/* ---- intake */

static int is_blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

static int ticket_exists(struct workspace *ws, int64_t id, int *exists)
{
	struct ticket t;
	int rc = store_ticket_get(ws->store, id, &t);
	*exists = rc == 0;
	if (!rc)
		ticket_clear(&t);
	return rc == DK_ENOTFOUND ? 0 : rc;
}

/* The ticket this message continues: the subject tag, then In-Reply-To,
 * then References newest first; 0 for a new ticket. *how says which. */
static int thread_find(struct workspace *ws, const struct mail_in *m, int64_t *tid, const char **how)
{
	int rc, exists;
	*tid = 0;
	int64_t n = mail_subject_ticket(m->subject);
	if (n) {
		if ((rc = ticket_exists(ws, n, &exists)))
			return rc;
		if (exists) {
			*tid = n;
			*how = "subject tag";
			return 0;
		}
	}
	if (m->in_reply_to) {
		rc = store_mail_id_ticket(ws->store, m->in_reply_to, tid);
		if (!rc) {
			*how = "In-Reply-To";
			return 0;
		}
		if (rc != DK_ENOTFOUND)
			return rc;
	}
	for (size_t i = m->nrefs; i-- > 0;) {
		rc = store_mail_id_ticket(ws->store, m->refs[i], tid);
		if (!rc) {
			*how = "References";
			return 0;
		}
		if (rc != DK_ENOTFOUND)
			return rc;
	}
	*tid = 0;
	*how = "new ticket";
	return 0;
}

/* The customer with the sender's address, or a new one (jurisdiction
 * unknown). */
static int customer_for(struct workspace *ws, const struct mail_in *m, dk_time at, struct mail_result *res)
{
	int rc = store_customer_by_email(ws->store, m->from_addr, &res->customer_id);
	if (rc != DK_ENOTFOUND)
		return rc;
	struct customer c = { 0 };
	const char *name = m->from_name && !is_blank(m->from_name) ? m->from_name : NULL;
	c.name = name ? clean_subject(name) : xstrndup(m->from_addr, strcspn(m->from_addr, "@"));
	c.email = xstrdup(m->from_addr);
	c.jurisdiction = xstrdup(MAIL_JURISDICTION_UNKNOWN);
	c.created_at = at;
	c.erased_at = DK_TIME_NONE;
	rc = desk_customer_insert_tx(ws, &c);
	res->customer_id = c.id;
	res->new_customer = rc == 0;
	customer_clear(&c);
	return rc;
}

static int add_event(struct workspace *ws, int64_t tid, const char *type, const char *detail, dk_time at)
{
	struct event e = { .ticket_id = tid, .at = at, .type = xstrdup(type), .actor = xstrdup(ws->login),
			   .detail = detail ? xstrdup(detail) : NULL };
	int rc = store_event_insert(ws->store, &e);
	event_clear(&e);
	return rc;
}

/* A delivery status notification: the outbound message it reports is
 * marked bounced (failed) or gets a "delayed" event; a permanent failure
 * marks the address failing. */
static int report_tx(struct workspace *ws, const struct mail_in *m, int64_t raw_id, dk_time at,
		     struct mail_result *res)
{
	res->outcome = MAIL_REPORT;
	struct outbox_row o;
	int rc = m->report_msgid ? store_outbox_by_msgid(ws->store, m->report_msgid, &o) : DK_ENOTFOUND;
	if (rc == DK_ENOTFOUND) {
		snprintf(res->note, sizeof(res->note), "reports a message docket did not send (%s)",
			 m->report_msgid ? m->report_msgid : "no Message-ID");
		if ((rc = store_mail_raw_set(ws->store, raw_id, "report", 0, 0, res->note)))
			return rc;
		return ws_audit(ws, "mail.report", "mail", "raw=%lld matched=0", (long long)raw_id);
	}
	if (rc)
		return rc;
	const char *action = m->report_action ? m->report_action : "failed";
	int failed = !strncasecmp(action, "failed", 6);
	int permanent = failed && m->report_status && m->report_status[0] == '5';
	struct buf d = BUF_INIT;
	buf_printf(&d, "%s %s%s%s%s%s", action, o.rcpt, m->report_status ? " status " : "",
		   m->report_status ? m->report_status : "", m->report_diag ? ": " : "",
		   m->report_diag ? m->report_diag : "");
	snprintf(res->note, sizeof(res->note), "outbox %lld (ticket %lld): %s", (long long)o.id,
		 (long long)o.ticket_id, buf_str(&d));
	res->ticket_id = o.ticket_id;
	if (failed)
		rc = store_outbox_set_status(ws->store, o.id, "bounced", buf_str(&d), 0, at);
	if (!rc && o.ticket_id) {
		char nd[64];
		snprintf(nd, sizeof(nd), "notice outbox=%lld %s", (long long)o.id, failed ? "failed" : "delayed");
		rc = add_event(ws, o.ticket_id, failed ? "delivery-failed" : "delivery-delayed",
			       o.message_row ? buf_str(&d) : nd, at);
	}
	if (!rc && permanent)
		rc = store_mail_failing_set(ws->store, o.rcpt, at, m->report_status);
	if (!rc)
		rc = store_mail_raw_set(ws->store, raw_id, "report", o.ticket_id, 0, res->note);
	if (!rc) {
		char obj[64];
		snprintf(obj, sizeof(obj), "ticket:%lld", (long long)o.ticket_id);
		rc = ws_audit(ws, "mail.report", obj, "raw=%lld outbox=%lld action=%s status=%s permanent=%d",
			      (long long)raw_id, (long long)o.id, failed ? "failed" : "delayed",
			      m->report_status ? m->report_status : "-", permanent);
	}
	buf_release(&d);
	outbox_row_clear(&o);
	return rc;
}

int mail_asks_for_human(struct workspace *ws, const char *body)
{
	const char *p = body ? body : "";
	/* the first line with text that is not quoted */
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p != '>')
			break;
		p += strcspn(p, "\n");
	}
	size_t n = strcspn(p, "\r\n");
	/* lower case (ASCII), trimmed of blanks and punctuation */
	char line[64];
	if (n >= sizeof(line))
		return 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		line[k++] = (char)tolower((unsigned char)p[i]);
	line[k] = 0;
	while (k && strchr(" \t.!?,;:\"'", line[k - 1]))
		line[--k] = 0;
	if (!k)
		return 0;
	char list[1024];
	snprintf(list, sizeof(list), "%s", ws_config(ws, "mail_human_words", MAIL_DEFAULT_HUMAN_WORDS));
	for (char *save = NULL, *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		while (*w == ' ')
			w++;
		size_t wl = strlen(w);
		while (wl && w[wl - 1] == ' ')
			w[--wl] = 0;
		if (wl && !strcasecmp(w, line))
			return 1;
	}
	return 0;
}

int mail_human_requested(struct workspace *ws, int64_t ticket_id, int *yes)
{
	*yes = 0;
	struct event *ev;
	size_t n;
	int rc = store_event_list(ws->store, ticket_id, &ev, &n);
	if (rc)
		return rc == DK_ENOTFOUND ? 0 : rc;
	for (size_t i = 0; i < n; i++)
		if (ev[i].type && !strcmp(ev[i].type, MAIL_HUMAN_EVENT))
			*yes = 1;
	events_free(ev, n);
	return 0;
}

/* A follow-up reopens a resolved or closed ticket; "human" marks it for a
 * person: raised to high priority, automated replies stopped. */
static int follow_up_tx(struct workspace *ws, const struct mail_in *m, int64_t tid, dk_time at, int machine)
{
	struct ticket t;
	int rc = store_ticket_get(ws->store, tid, &t);
	if (rc)
		return rc;
	if (!machine && !ticket_status_is_open(t.status))
		rc = desk_ticket_event_tx(ws, tid, "reopened", "mail from the customer", at);
	ticket_clear(&t);
	if (rc || machine || !mail_asks_for_human(ws, m->body))
		return rc;
	if ((rc = add_event(ws, tid, MAIL_HUMAN_EVENT, "the customer replied \"human\"", at)) ||
	    (rc = store_ticket_get(ws->store, tid, &t)))
		return rc;
	if (t.priority > 2)
		t.priority = 2;
	t.updated_at = at;
	rc = store_ticket_update(ws->store, &t, 0);
	ticket_clear(&t);
	return rc;
}

static int deliver_tx(struct workspace *ws, const struct mail_in *m, int64_t raw_id, dk_time at,
		      struct mail_result *res)
{
	const char *sender = ws_config(ws, "sender", NULL);
	res->machine = mail_machine_reason(m, sender);
	if (m->is_report)
		return report_tx(ws, m, raw_id, at, res);
	const char *how;
	int rc = thread_find(ws, m, &res->ticket_id, &how);
	if (rc)
		return rc;
	const char *body = is_blank(m->body) ? "(no text)" : m->body;
	if (res->ticket_id) {
		if ((rc = desk_ticket_inbound_tx(ws, res->ticket_id, body, m->from_addr, at, &res->message_row)))
			return rc;
		struct ticket t;
		if ((rc = store_ticket_get(ws->store, res->ticket_id, &t)))
			return rc;
		res->customer_id = t.customer_id;
		ticket_clear(&t);
		if ((rc = follow_up_tx(ws, m, res->ticket_id, at, res->machine != NULL)))
			return rc;
	} else {
		if ((rc = customer_for(ws, m, at, res)))
			return rc;
		char *subject = clean_subject(m->subject);
		struct ticket_new req = { .customer_id = res->customer_id, .subject = subject, .channel = "email",
					  .body = body };
		rc = desk_ticket_new_tx(ws, &req, at, &res->ticket_id, &res->message_row);
		free(subject);
		if (rc)
			return rc;
		res->new_ticket = 1;
	}
	if (m->message_id &&
	    (rc = store_mail_id_put(ws->store, m->message_id, res->ticket_id, res->message_row, "in", res->machine != NULL)))
		return rc;
	for (size_t i = 0; i < m->natts; i++) {
		struct mail_attachment a = { .ticket_id = res->ticket_id, .message_row = res->message_row,
					     .raw_id = raw_id, .name = m->atts[i].name ? xstrdup(m->atts[i].name) : NULL,
					     .type = xstrdup(m->atts[i].type ? m->atts[i].type : "application/octet-stream"),
					     .is_inline = m->atts[i].is_inline };
		rc = store_mail_attachment_insert(ws->store, &a, m->atts[i].data, m->atts[i].len);
		free(a.name);
		free(a.type);
		free(a.sha256);
		if (rc)
			return rc;
	}
	if (res->machine &&
	    (rc = add_event(ws, res->ticket_id, "machine-mail", res->machine, at)))
		return rc;
	if ((rc = store_mail_raw_set(ws->store, raw_id, "delivered", res->ticket_id, res->message_row, m->notes)))
		return rc;
	res->outcome = MAIL_DELIVERED;
	char obj[64];
	snprintf(obj, sizeof(obj), "ticket:%lld", (long long)res->ticket_id);
	return ws_audit(ws, "mail.in", obj, "raw=%lld message=%lld thread=%s new_customer=%d machine=%d attachments=%zu",
			(long long)raw_id, (long long)res->message_row, how, res->new_customer, res->machine != NULL,
			m->natts);
}

static int quarantine(struct workspace *ws, int64_t raw_id, const char *why, struct mail_result *res)
{
	res->outcome = MAIL_QUARANTINED;
	snprintf(res->note, sizeof(res->note), "%s", why ? why : "could not be delivered");
	int rc = ws_begin(ws);
	if (rc)
		return rc;
	if ((rc = store_mail_raw_set(ws->store, raw_id, "quarantined", 0, 0, res->note)) ||
	    (rc = ws_audit(ws, "mail.quarantine", "mail", "raw=%lld", (long long)raw_id))) {
		ws_rollback(ws);
		return rc;
	}
	return ws_commit(ws);
}

int mail_receive(struct workspace *ws, const void *bytes, size_t len, const struct mail_in *m, const char *why,
		 dk_time at, struct mail_result *res)
{
	memset(res, 0, sizeof(*res));
	char sha[SHA256_HEX_LEN + 1];
	sha256_hex(bytes, len, sha);
	struct mail_raw r;
	int rc = store_mail_raw_by_hash(ws->store, sha, &r);
	if (rc && rc != DK_ENOTFOUND)
		return rc;
	int64_t raw_id = 0;
	if (!rc) {
		/* the same bytes again: done, unless a temporary failure
		 * stopped the delivery after the evidence was stored */
		raw_id = r.id;
		int pending = !strcmp(r.status, "new");
		res->raw_id = r.id;
		res->ticket_id = r.ticket_id;
		mail_raw_clear(&r);
		if (!pending) {
			res->outcome = MAIL_DUPLICATE;
			return 0;
		}
	} else if (m && m->message_id && m->from_addr) {
		rc = store_mail_raw_by_msgid(ws->store, m->message_id, m->from_addr, &r);
		if (!rc) {
			res->outcome = MAIL_DUPLICATE;
			res->raw_id = r.id;
			res->ticket_id = r.ticket_id;
			mail_raw_clear(&r);
			return 0;
		}
		if (rc != DK_ENOTFOUND)
			return rc;
	}
	if (!raw_id) {
		/* the evidence, in its own transaction */
		struct mail_raw nr = { .sha256 = xstrdup(sha), .received_at = at,
				       .status = xstrdup(m ? "new" : "quarantined"),
				       .message_id = m && m->message_id ? xstrdup(m->message_id) : NULL,
				       .sender = m && m->from_addr ? xstrdup(m->from_addr) : NULL,
				       .note = m ? NULL : xstrdup(why ? why : "could not be parsed") };
		if (!(rc = ws_begin(ws))) {
			if ((rc = store_mail_raw_insert(ws->store, &nr, bytes, len)) ||
			    (rc = ws_audit(ws, "mail.received", "mail", "raw=%lld bytes=%zu sha256=%s", (long long)nr.id,
					   len, sha)))
				ws_rollback(ws);
			else
				rc = ws_commit(ws);
		}
		raw_id = nr.id;
		res->raw_id = raw_id;
		if (!rc && !m) {
			res->outcome = MAIL_QUARANTINED;
			snprintf(res->note, sizeof(res->note), "%s", nr.note);
		}
		mail_raw_clear(&nr);
		if (rc || !m)
			return rc;
	}
	if (!m)
		return quarantine(ws, raw_id, why ? why : "could not be parsed", res);
	if (!m->from_addr || !*m->from_addr)
		return quarantine(ws, raw_id, "no sender address (From)", res);
	if ((rc = ws_begin(ws)))
		return rc;
	struct mail_result keep = *res;
	rc = deliver_tx(ws, m, raw_id, at, res);
	if (rc)
		ws_rollback(ws);
	else if (!(rc = ws_commit(ws)))
		return 0;
	if (mail_temporary(rc))
		return rc;
	char why2[256];
	snprintf(why2, sizeof(why2), "could not be delivered: %s", err_msg());
	*res = keep;
	return quarantine(ws, raw_id, why2, res);
}

static int quarantine_ticket_tx(struct workspace *ws, int64_t raw_id, int64_t customer_id, const char *sender,
				const char *sender_name, const char *subject, const char *body, dk_time at,
				int64_t *ticket_id)
{
	struct mail_raw r;
	int rc = store_mail_raw_get(ws->store, raw_id, &r);
	if (rc)
		return rc;
	int quarantined = !strcmp(r.status, "quarantined");
	mail_raw_clear(&r);
	if (!quarantined)
		return err_set(DK_EINVAL, "mail %lld: not in the quarantine", (long long)raw_id);
	struct mail_result res = { 0 };
	if (customer_id) {
		struct customer c;
		if ((rc = store_customer_get(ws->store, customer_id, &c)))
			return rc;
		customer_clear(&c);
		res.customer_id = customer_id;
	} else {
		if (!sender || !*sender)
			return err_set(DK_EINVAL, "mail %lld: no sender address; name the customer with --customer ID",
				       (long long)raw_id);
		struct mail_in m = { .from_addr = sender, .from_name = sender_name };
		if ((rc = customer_for(ws, &m, at, &res)))
			return rc;
	}
	char *subj = clean_subject(subject);
	struct ticket_new req = { .customer_id = res.customer_id, .subject = subj, .channel = "email",
				  .body = is_blank(body) ? "(no text)" : body };
	int64_t msg = 0;
	rc = desk_ticket_new_tx(ws, &req, at, ticket_id, &msg);
	free(subj);
	if (rc || (rc = store_mail_raw_set(ws->store, raw_id, "delivered", *ticket_id, msg, "from the quarantine")))
		return rc;
	char obj[64];
	snprintf(obj, sizeof(obj), "ticket:%lld", (long long)*ticket_id);
	return ws_audit(ws, "mail.unquarantine", obj, "raw=%lld message=%lld", (long long)raw_id, (long long)msg);
}

int mail_quarantine_ticket(struct workspace *ws, int64_t raw_id, int64_t customer_id, const char *sender,
			   const char *sender_name, const char *subject, const char *body, dk_time at,
			   int64_t *ticket_id)
{
	int rc = ws_require_role(ws, ROLE_AGENT, "mail ticket");
	if (rc || (rc = ws_begin(ws)))
		return rc;
	if ((rc = quarantine_ticket_tx(ws, raw_id, customer_id, sender, sender_name, subject, body, at, ticket_id))) {
		ws_rollback(ws);
		return rc;
	}
	return ws_commit(ws);
}

/* ---- outbox */

/* "docket.T.M.RANDOM@domain-of-sender" */
static char *new_message_id(const char *sender, int64_t tid, int64_t mid)
{
	unsigned char rnd[6] = { 0 };
	if (getentropy(rnd, sizeof(rnd)) != 0) {
		pid_t p = getpid();
		memcpy(rnd, &p, sizeof(p) < sizeof(rnd) ? sizeof(p) : sizeof(rnd));
	}
	const char *at = strrchr(sender, '@');
	return xasprintf("docket.%lld.%lld.%02x%02x%02x%02x%02x%02x@%s", (long long)tid, (long long)mid, rnd[0], rnd[1],
			 rnd[2], rnd[3], rnd[4], rnd[5], at && at[1] ? at + 1 : "docket.invalid");
}

int mail_outbox_queue_tx(struct workspace *ws, const struct ticket *t, const struct customer *c,
			 const struct message *m, int64_t *outbox_id)
{
	*outbox_id = 0;
	const char *sender = ws_config(ws, "sender", NULL);
	if (!sender || !*sender)
		return 0;
	struct outbox_row o = { 0 };
	o.ticket_id = t->id;
	o.message_row = m->id;
	o.message_id = new_message_id(sender, t->id, m->id);
	o.sender = xstrdup(sender);
	o.rcpt = xstrdup(c->email && c->erased_at == DK_TIME_NONE ? c->email : "");
	o.rcpt_name = c->name && c->erased_at == DK_TIME_NONE ? xstrdup(c->name) : NULL;
	o.subject = mail_reply_subject(t->subject, t->id);
	o.body = xstrdup(m->body);
	o.created_at = m->created_at;
	o.auto_submitted = m->automated ? xstrdup("auto-replied") : NULL;
	char *last = NULL;
	int machine = 0;
	int rc = store_mail_id_last_in(ws->store, t->id, &last, &machine);
	if (rc && rc != DK_ENOTFOUND)
		goto out;
	o.in_reply_to = last;
	char **ids = NULL;
	size_t nids = 0;
	if ((rc = store_mail_id_list(ws->store, t->id, &ids, &nids)))
		goto out;
	if (nids) {
		struct buf b = BUF_INIT;
		for (size_t i = nids > 20 ? nids - 20 : 0; i < nids; i++)
			buf_printf(&b, "%s%s", b.len ? " " : "", ids[i]);
		o.refs = buf_detach(&b);
	}
	for (size_t i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	int failing = 0;
	if (*o.rcpt && (rc = store_mail_failing_get(ws->store, o.rcpt, &failing)))
		goto out;
	/* at most mail_auto_per_day automated messages per address a day */
	int64_t per_day = MAIL_DEFAULT_AUTO_PER_DAY, sent_today = 0;
	parse_int64(ws_config(ws, "mail_auto_per_day", "5"), 0, 1000000, &per_day);
	if (m->automated && *o.rcpt &&
	    (rc = store_outbox_count_auto(ws->store, o.rcpt, m->created_at - 86400, &sent_today)))
		goto out;
	if (!*o.rcpt) {
		o.status = xstrdup("failed");
		o.last_error = xstrdup("the customer has no email address");
	} else if (m->automated && machine) {
		o.status = xstrdup("suppressed");
		o.last_error = xstrdup("not sent: an automated reply to machine mail (auto-reply, list, bounce or loop)");
	} else if (m->automated && failing) {
		o.status = xstrdup("suppressed");
		o.last_error = xstrdup("not sent: the address bounced permanently");
	} else if (m->automated && sent_today >= per_day) {
		o.status = xstrdup("suppressed");
		o.last_error = xasprintf("not sent: %lld automated messages to this address in 24 hours (mail_auto_per_day)",
					 (long long)sent_today);
	} else {
		o.status = xstrdup("queued");
	}
	if ((rc = store_outbox_insert(ws->store, &o)) ||
	    (rc = store_mail_id_put(ws->store, o.message_id, t->id, m->id, "out", 0)))
		goto out;
	char obj[64];
	snprintf(obj, sizeof(obj), "ticket:%lld", (long long)t->id);
	if ((rc = ws_audit(ws, "mail.queue", obj, "outbox=%lld message=%lld status=%s", (long long)o.id,
			   (long long)m->id, o.status)))
		goto out;
	*outbox_id = o.id;
out:
	outbox_row_clear(&o);
	return rc;
}

int mail_letter_queue_tx(struct workspace *ws, int64_t ticket_id, const struct customer *c, const char *subject,
			 const char *body, dk_time at, int64_t *outbox_id)
{
	*outbox_id = 0;
	const char *sender = ws_config(ws, "sender", NULL);
	if (!sender || !*sender)
		return err_set(DK_EINVAL, "the workspace has no sender (config sender): nothing can be mailed");
	struct outbox_row o = { 0 };
	o.ticket_id = ticket_id;
	o.message_row = 0;
	o.message_id = new_message_id(sender, ticket_id, 0);
	o.sender = xstrdup(sender);
	o.rcpt = xstrdup(c->email && c->erased_at == DK_TIME_NONE ? c->email : "");
	o.rcpt_name = c->name && c->erased_at == DK_TIME_NONE ? xstrdup(c->name) : NULL;
	o.subject = xstrdup(subject);
	o.body = xstrdup(body);
	o.created_at = at;
	o.auto_submitted = xstrdup("auto-generated");
	if (!*o.rcpt) {
		o.status = xstrdup("failed");
		o.last_error = xstrdup("the customer has no email address");
	} else {
		o.status = xstrdup("queued");
	}
	int rc = store_outbox_insert(ws->store, &o);
	if (!rc) {
		char obj[64];
		snprintf(obj, sizeof(obj), "customer:%lld", (long long)c->id);
		rc = ws_audit(ws, "mail.queue", obj, "outbox=%lld ticket=%lld status=%s", (long long)o.id,
			      (long long)ticket_id, o.status);
	}
	if (!rc)
		*outbox_id = o.id;
	outbox_row_clear(&o);
	return rc;
}

static void (*after_commit_fn)(struct workspace *ws, int quiet);
static int after_commit_quiet;

void mail_set_after_commit(void (*fn)(struct workspace *ws, int quiet), int quiet)
{
	after_commit_fn = fn;
	after_commit_quiet = quiet;
}

void mail_after_commit(struct workspace *ws)
{
	if (after_commit_fn)
		after_commit_fn(ws, after_commit_quiet);
}

int mail_outbox_claim(struct workspace *ws, int64_t id, dk_time at, int *claimed)
{
	int rc = ws_begin(ws);
	if (rc)
		return rc;
	/* a claim older than 10 minutes belongs to a docket that died */
	if ((rc = store_outbox_claim(ws->store, id, at, at - 600, claimed))) {
		ws_rollback(ws);
		return rc;
	}
	return ws_commit(ws);
}

int mail_outbox_built(struct workspace *ws, int64_t id, const void *raw, size_t len)
{
	int rc = ws_begin(ws);
	if (rc)
		return rc;
	if ((rc = store_outbox_set_raw(ws->store, id, raw, len))) {
		ws_rollback(ws);
		return rc;
	}
	return ws_commit(ws);
}

int mail_outbox_result(struct workspace *ws, int64_t id, const char *status, const char *error, dk_time at)
{
	struct outbox_row o;
	int rc = store_outbox_get(ws->store, id, &o);
	if (rc)
		return rc;
	if ((rc = ws_begin(ws)))
		goto out;
	const char *ev = !strcmp(status, "accepted") ? "mail-accepted"
			 : !strcmp(status, "deferred") ? "mail-deferred" : "mail-failed";
	char detail[300];
	/* a letter not tied to a message of the ticket (a breach notice to
	 * another customer) names no address on the ticket */
	if (o.message_row)
		snprintf(detail, sizeof(detail), "to %s%s%s", o.rcpt, error ? ": " : "", error ? error : "");
	else
		snprintf(detail, sizeof(detail), "notice outbox=%lld%s%s", (long long)o.id, error ? ": " : "",
			 error ? error : "");
	char obj[64];
	snprintf(obj, sizeof(obj), "ticket:%lld", (long long)o.ticket_id);
	if ((rc = store_outbox_set_status(ws->store, id, status, error, 1, at)) ||
	    (o.ticket_id && (rc = add_event(ws, o.ticket_id, ev, detail, at))) ||
	    (rc = ws_audit(ws, "mail.send", obj, "outbox=%lld status=%s attempt=%d", (long long)id, status,
			   o.attempts + 1))) {
		ws_rollback(ws);
		goto out;
	}
	rc = ws_commit(ws);
out:
	outbox_row_clear(&o);
	return rc;
}

/* ---- export (customer export, core/rights.c) */

static char *base64(const void *data, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = data;
	char *out = xmalloc((n + 2) / 3 * 4 + 1), *o = out;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
		*o++ = tab[v >> 18 & 63];
		*o++ = tab[v >> 12 & 63];
		*o++ = i + 1 < n ? tab[v >> 6 & 63] : '=';
		*o++ = i + 2 < n ? tab[v & 63] : '=';
	}
	*o = 0;
	return out;
}

static json_t *raw_json(struct workspace *ws, const struct mail_raw *r, int *rc)
{
	struct mail_raw full;
	if ((*rc = store_mail_raw_get(ws->store, r->id, &full)))
		return NULL;
	char *b64 = base64(full.bytes, (size_t)full.size);
	json_t *j = json_pack("{s:I, s:o, s:s, s:o, s:o, s:s, s:I, s:o, s:s}", "id", (json_int_t)r->id, "received_at",
			      json_time(r->received_at), "status", r->status, "message_id", json_str(r->message_id),
			      "sender", json_str(r->sender), "sha256", r->sha256, "size", (json_int_t)full.size,
			      "note", json_str(r->note), "raw_base64", b64);
	free(b64);
	mail_raw_clear(&full);
	return j;
}

json_t *mail_export_ticket(struct workspace *ws, int64_t ticket_id, int *rc)
{
	*rc = 0;
	json_t *raws = json_array(), *atts = json_array(), *outs = json_array();
	struct mail_raw *r = NULL;
	size_t nr = 0;
	/* the raw messages of this ticket (delivered and reports) */
	if (!(*rc = store_mail_raw_ticket(ws->store, ticket_id, &r, &nr))) {
		for (size_t i = 0; i < nr && !*rc; i++) {
			json_t *j = raw_json(ws, &r[i], rc);
			if (j)
				json_array_append_new(raws, j);
		}
		mail_raws_free(r, nr);
	}
	struct mail_attachment *a = NULL;
	size_t na = 0;
	if (!*rc && !(*rc = store_mail_attachment_list(ws->store, ticket_id, &a, &na))) {
		for (size_t i = 0; i < na && !*rc; i++) {
			char *bytes = NULL;
			size_t len = 0;
			if ((*rc = store_mail_blob_get(ws->store, a[i].sha256, &bytes, &len)))
				break;
			char *b64 = base64(bytes, len);
			json_array_append_new(atts, json_pack("{s:I, s:I, s:o, s:s, s:I, s:s, s:b, s:s}", "id",
							      (json_int_t)a[i].id, "message_id", (json_int_t)a[i].message_row,
							      "name", json_str(a[i].name), "type", a[i].type, "size",
							      (json_int_t)a[i].size, "sha256", a[i].sha256, "inline",
							      a[i].is_inline, "content_base64", b64));
			free(b64);
			free(bytes);
		}
		mail_attachments_free(a, na);
	}
	struct outbox_row *o = NULL;
	size_t no = 0;
	if (!*rc && !(*rc = store_outbox_list(ws->store, NULL, ticket_id, &o, &no))) {
		for (size_t i = 0; i < no; i++)
			json_array_append_new(outs, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:i, s:o}", "id",
							      (json_int_t)o[i].id, "message_id_row", (json_int_t)o[i].message_row,
							      "mail_message_id", o[i].message_id, "to", o[i].rcpt, "subject",
							      o[i].subject, "status", o[i].status, "created_at",
							      json_time(o[i].created_at), "updated_at", json_time(o[i].updated_at),
							      "from", o[i].sender, "attempts", o[i].attempts, "last_error",
							      json_str(o[i].last_error)));
		outbox_rows_free(o, no);
	}
	if (*rc) {
		json_decref(raws);
		json_decref(atts);
		json_decref(outs);
		return NULL;
	}
	return json_pack("{s:o, s:o, s:o}", "raw_messages", raws, "attachments", atts, "outbox", outs);
}

/* ---- the automatic acknowledgement (issue 14 item 7) */

/* Is rule_id one of the comma-separated list (ids or patterns)? */
static int in_rule_list(const char *list, const char *rule_id)
{
	const char *p = list;
	while (*p) {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		const char *e = p;
		while (*e && *e != ',')
			e++;
		const char *b = e;
		while (b > p && isspace((unsigned char)b[-1]))
			b--;
		if (b > p) {
			char *pat = xstrndup(p, (size_t)(b - p));
			int ok = !fnmatch(pat, rule_id, 0);
			free(pat);
			if (ok)
				return 1;
		}
		p = e;
	}
	return 0;
}

/* Record why no acknowledgement went out (an event on the ticket). */
static int ack_skipped(struct workspace *ws, int64_t ticket_id, const char *rule_id, const char *why, dk_time at,
		       char *outcome, size_t n)
{
	snprintf(outcome, n, "skipped");
	int rc = ws_begin(ws);
	if (rc)
		return rc;
	char *detail = xasprintf("%s: %s", rule_id, why);
	struct event e = { .ticket_id = ticket_id, .at = at, .type = xstrdup("auto-ack-skipped"),
			   .actor = xstrdup(ws->login), .detail = detail };
	char obj[64];
	snprintf(obj, sizeof(obj), "ticket:%lld", (long long)ticket_id);
	if ((rc = store_event_insert(ws->store, &e)) ||
	    (rc = ws_audit(ws, "mail.auto-ack", obj, "rule=%s sent=0", rule_id)))
		ws_rollback(ws);
	else
		rc = ws_commit(ws);
	event_clear(&e);
	return rc;
}

int mail_auto_ack(struct workspace *ws, int64_t ticket_id, dk_time at, char *outcome, size_t n)
{
	outcome[0] = '\0';
	const char *list = ws_config(ws, "auto_ack", NULL);
	if (!list || !*list)
		return 0;
	struct obligation *ob;
	size_t nob;
	int rc = store_obligation_list_ticket(ws->store, ticket_id, &ob, &nob);
	if (rc)
		return rc;
	const struct obligation *o = NULL;
	for (size_t i = 0; i < nob && !o; i++)
		if (!strcmp(ob[i].duty, "ack") && obligation_unsettled(&ob[i]) && in_rule_list(list, ob[i].rule_id))
			o = &ob[i];
	if (!o) {
		obligations_free(ob, nob);
		return 0; /* no acknowledgement duty that the workspace answers by itself */
	}
	char *rule_id = xstrdup(o->rule_id);
	int64_t oid = o->id;
	obligations_free(ob, nob);
	struct ticket t;
	struct customer c;
	struct letter_set *ls = NULL;
	char *body = NULL, *last = NULL, why[200] = "";
	if ((rc = store_ticket_get(ws->store, ticket_id, &t)))
		goto out_rule;
	if ((rc = store_customer_get(ws->store, t.customer_id, &c))) {
		ticket_clear(&t);
		goto out_rule;
	}
	/* what would keep an automated message from going out: then no
	 * acknowledgement is written at all (it would meet the duty unsent) */
	int machine = 0, failing = 0, human = 0;
	int64_t per_day = MAIL_DEFAULT_AUTO_PER_DAY, sent = 0;
	parse_int64(ws_config(ws, "mail_auto_per_day", "5"), 0, 1000000, &per_day);
	const char *sender = ws_config(ws, "sender", NULL);
	if ((rc = store_mail_id_last_in(ws->store, ticket_id, &last, &machine))) {
		if (rc == DK_ENOTFOUND) { /* not a ticket that came by mail */
			err_clear();
			rc = 0;
		}
		goto out;
	}
	if (!sender || !*sender)
		snprintf(why, sizeof(why), "the workspace has no sender: nothing is mailed");
	else if (!c.email || c.erased_at != DK_TIME_NONE)
		snprintf(why, sizeof(why), "the customer has no email address");
	else if (machine)
		snprintf(why, sizeof(why), "machine mail (auto-reply, list, bounce or loop) is never answered automatically");
	else if ((rc = store_mail_failing_get(ws->store, c.email, &failing)) || failing)
		snprintf(why, sizeof(why), "the address bounced permanently");
	else if ((rc = store_outbox_count_auto(ws->store, c.email, at - 86400, &sent)) || sent >= per_day)
		snprintf(why, sizeof(why), "%lld automated messages to this address in 24 hours (mail_auto_per_day)",
			 (long long)sent);
	else if ((rc = mail_human_requested(ws, ticket_id, &human)) || human)
		snprintf(why, sizeof(why), "the customer asked for a human");
	else if (c.restricted)
		snprintf(why, sizeof(why), "the customer is restricted (GDPR Art 18)");
	if (rc)
		goto out;
	const char *name = ws_config(ws, "auto_ack_template", "acknowledgement");
	const struct letter_tpl *tp = NULL;
	if (!*why) {
		if ((rc = ws_letters(ws, &ls))) {
			snprintf(why, sizeof(why), "%s", err_msg());
			err_clear();
			rc = 0;
		} else if (!(tp = letter_find(ls, name))) {
			snprintf(why, sizeof(why), "no template %s in the legal repository", name);
		}
	}
	int64_t for_oid = 0;
	if (!*why) {
		struct buf missing = BUF_INIT;
		if (letters_compose(ws, ls, tp, ticket_id, NULL, 0, &body, &for_oid, &missing)) {
			snprintf(why, sizeof(why), "%s", err_msg());
			err_clear();
		}
		buf_release(&missing);
	}
	if (*why) {
		rc = ack_skipped(ws, ticket_id, rule_id, why, at, outcome, n);
		goto out;
	}
	struct letter_ref ref = { .tpl = tp->name, .revision = ls->revision, .meets = "ack", .obligation_id = oid,
				  .purpose = "auto-ack" };
	int met = 0;
	rc = desk_ticket_reply_letter(ws, ticket_id, body, 1, 0, at, &ref, NULL, &met);
	if (rc) {
		snprintf(why, sizeof(why), "%s", err_msg());
		err_clear();
		rc = ack_skipped(ws, ticket_id, rule_id, why, at, outcome, n);
	} else {
		snprintf(outcome, n, "%s", met ? "sent" : "sent-unmet");
	}
out:
	free(last);
	free(body);
	letter_set_free(ls);
	customer_clear(&c);
	ticket_clear(&t);
out_rule:
	free(rule_id);
	return rc;
}
