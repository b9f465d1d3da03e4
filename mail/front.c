/* front.c - `docket mail ...` subcommands. */
#include "mail/front.h"
#include "mail/mail_impl.h"

#include "core/mail.h"
#include "core/workspace.h"
#include "data/store.h"
#include "data/store_mail.h"
#include "lib/err.h"
#include "lib/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static const char mail_usage[] =
	"usage: docket mail in                 one message on stdin (an MTA's pipe, fetchmail, getmail)\n"
	"       docket mail flush              send what is queued or deferred\n"
	"       docket mail queue [--all]      outbound mail not (yet) accepted (--all: every one)\n"
	"       docket mail quarantine         inbound mail that could not be delivered\n"
	"       docket mail show RAW           the raw bytes of inbound message RAW\n"
	"       docket mail attachments TICKET the attachments of a ticket\n"
	"       docket mail ticket RAW [--customer ID]   a ticket from quarantined message RAW\n";

static int usage(const char *why)
{
	fprintf(stderr, "docket: mail: %s\n%s", why, mail_usage);
	return 2;
}

static int fail(int rc)
{
	return err_report(rc);
}

static char *ws_dir_of(const char *opt)
{
	return ws_default_dir(opt);
}

static int open_service(const char *dir_opt, struct workspace **ws)
{
	char *dir = ws_dir_of(dir_opt);
	int rc = mail_open_service(dir, ws);
	free(dir);
	return rc;
}

static int open_agent(const char *dir_opt, const char *as, struct workspace **ws)
{
	char *dir = ws_dir_of(dir_opt);
	int rc = ws_open(dir, as, ws);
	free(dir);
	return rc;
}

static const char *outcome_name(int o)
{
	switch (o) {
	case MAIL_DELIVERED: return "delivered";
	case MAIL_DUPLICATE: return "duplicate";
	case MAIL_QUARANTINED: return "quarantined";
	case MAIL_REPORT: return "report";
	}
	return "?";
}

/* `mail in`: never lose a message. Anything that keeps the raw bytes from
 * being stored is temporary (75: the MTA keeps it and retries). */
static int cmd_in(const char *dir_opt, int argc, char **argv)
{
	if (argc > 1)
	{
		usage("in: reads one message on stdin and takes no arguments");
		return EX_USAGE;
	}
	char *bytes = NULL;
	size_t len = 0;
	if (read_stream(stdin, &bytes, &len)) {
		fprintf(stderr, "docket: mail in: cannot read stdin\n");
		return EX_TEMPFAIL;
	}
	struct workspace *ws = NULL;
	int rc = open_service(dir_opt, &ws);
	if (rc) {
		err_report(rc);
		free(bytes);
		return EX_TEMPFAIL;
	}
	int64_t max = 25 << 20;
	parse_int64(ws_config(ws, "mail_max_bytes", "26214400"), 1024, INT64_MAX, &max);
	const char *why = NULL;
	struct mail_parsed *p = mail_parse(bytes, len, ws_config(ws, "mail_charsets", NULL), (size_t)max, &why);
	if (p && (int64_t)len > max) {
		char *n = xasprintf("%s%smessage over the size limit (%zu bytes)", p->notes ? p->notes : "",
				    p->notes ? "; " : "", len);
		free(p->notes);
		p->notes = n;
		p->in.notes = n;
	}
	struct mail_result res;
	rc = mail_receive(ws, bytes, len, p ? &p->in : NULL, why, dk_now(), &res);
	int code = EX_OK;
	if (rc) {
		err_report(rc);
		code = EX_TEMPFAIL;
	} else {
		/* a new ticket: the automatic acknowledgement, where the
		 * workspace answers that duty by itself; the message is
		 * delivered whatever becomes of it */
		char ack[32] = "";
		if (res.outcome == MAIL_DELIVERED && res.new_ticket && mail_auto_ack(ws, res.ticket_id, dk_now(), ack, sizeof(ack))) {
			err_report(DK_ERR);
			snprintf(ack, sizeof(ack), "failed");
		}
		printf("outcome=%s raw=%lld ticket=%lld new_ticket=%d customer=%lld new_customer=%d machine=%s%s%s%s%s\n",
		       outcome_name(res.outcome), (long long)res.raw_id, (long long)res.ticket_id, res.new_ticket,
		       (long long)res.customer_id, res.new_customer, res.machine ? "yes" : "no", ack[0] ? " ack=" : "",
		       ack, res.note[0] ? " note=" : "", res.note);
		if (ack[0] == 's' && ack[1] == 'e')
			mail_send_queued(ws, 1);
	}
	mail_parsed_free(p);
	free(bytes);
	ws_close(ws);
	mail_gmime_shutdown();
	return code;
}

static int cmd_flush(const char *dir_opt)
{
	struct workspace *ws = NULL;
	int rc = open_service(dir_opt, &ws);
	if (rc)
		return fail(rc);
	int sent, deferred, failed;
	rc = mail_flush(ws, "queued,deferred,sending", stdout, &sent, &deferred, &failed);
	if (!rc)
		printf("mail flush: %d accepted, %d deferred, %d failed\n", sent, deferred, failed);
	ws_close(ws);
	mail_gmime_shutdown();
	return rc ? fail(rc) : deferred || failed ? 1 : 0;
}

static void fmt_time(dk_time t, char *buf)
{
	dk_time_format(t, buf);
}

static int cmd_queue(const char *dir_opt, const char *as, int all)
{
	struct workspace *ws = NULL;
	int rc = open_agent(dir_opt, as, &ws);
	if (rc)
		return fail(rc);
	struct outbox_row *rows;
	size_t n;
	rc = store_outbox_list(ws->store, all ? NULL : "queued,sending,deferred,failed,bounced,suppressed", 0, &rows, &n);
	if (!rc) {
		for (size_t i = 0; i < n; i++) {
			char t[DK_TIME_BUFSZ];
			fmt_time(rows[i].updated_at, t);
			printf("%lld\t%s\tticket %lld\t%s\t%s\tattempts %d%s%s\n", (long long)rows[i].id, rows[i].status,
			       (long long)rows[i].ticket_id, rows[i].rcpt, t, rows[i].attempts,
			       rows[i].last_error ? "\t" : "", rows[i].last_error ? rows[i].last_error : "");
		}
		if (!n)
			printf("mail queue: empty\n");
		outbox_rows_free(rows, n);
	}
	ws_close(ws);
	return rc ? fail(rc) : 0;
}

static int cmd_quarantine(const char *dir_opt, const char *as)
{
	struct workspace *ws = NULL;
	int rc = open_agent(dir_opt, as, &ws);
	if (rc)
		return fail(rc);
	struct mail_raw *rows;
	size_t n;
	if (!(rc = store_mail_raw_list(ws->store, "quarantined", &rows, &n))) {
		for (size_t i = 0; i < n; i++) {
			char t[DK_TIME_BUFSZ];
			fmt_time(rows[i].received_at, t);
			printf("%lld\t%s\t%lld bytes\t%s\t%s\n", (long long)rows[i].id, t, (long long)rows[i].size,
			       rows[i].sender ? rows[i].sender : "-", rows[i].note ? rows[i].note : "");
		}
		if (!n)
			printf("mail quarantine: empty\n");
		mail_raws_free(rows, n);
	}
	ws_close(ws);
	return rc ? fail(rc) : 0;
}

static int cmd_show(const char *dir_opt, const char *as, const char *arg)
{
	int64_t id;
	if (!arg || parse_int64(arg, 1, INT64_MAX, &id))
		return usage("show: expected the number of a raw message (mail quarantine lists them)");
	struct workspace *ws = NULL;
	int rc = open_agent(dir_opt, as, &ws);
	if (rc)
		return fail(rc);
	struct mail_raw r;
	if (!(rc = store_mail_raw_get(ws->store, id, &r))) {
		fwrite(r.bytes, 1, (size_t)r.size, stdout);
		mail_raw_clear(&r);
	}
	ws_close(ws);
	return rc ? fail(rc) : 0;
}

static int cmd_attachments(const char *dir_opt, const char *as, const char *arg)
{
	int64_t id;
	if (!arg || parse_int64(arg, 1, INT64_MAX, &id))
		return usage("attachments: expected a ticket number");
	struct workspace *ws = NULL;
	int rc = open_agent(dir_opt, as, &ws);
	if (rc)
		return fail(rc);
	struct mail_attachment *a;
	size_t n;
	if (!(rc = store_mail_attachment_list(ws->store, id, &a, &n))) {
		for (size_t i = 0; i < n; i++)
			printf("%lld\tmessage %lld\t%s\t%s\t%lld bytes\t%s%s\n", (long long)a[i].id,
			       (long long)a[i].message_row, a[i].name ? a[i].name : "(unnamed)", a[i].type,
			       (long long)a[i].size, a[i].sha256, a[i].is_inline ? "\tinline" : "");
		mail_attachments_free(a, n);
	}
	ws_close(ws);
	return rc ? fail(rc) : 0;
}

/* `mail ticket RAW [--customer ID]`: the best reading of a quarantined
 * message (its text if GMime finds any, else the bytes as text). */
static int cmd_ticket(const char *dir_opt, const char *as, int argc, char **argv)
{
	int64_t raw_id = 0, cust = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--customer") && i + 1 < argc) {
			if (parse_int64(argv[++i], 1, INT64_MAX, &cust))
				return usage("ticket: --customer takes a customer number");
		} else if (!raw_id && !parse_int64(argv[i], 1, INT64_MAX, &raw_id)) {
		} else {
			return usage("ticket: expected RAW [--customer ID]");
		}
	}
	if (!raw_id)
		return usage("ticket: expected the number of a quarantined message (mail quarantine lists them)");
	struct workspace *ws = NULL;
	int rc = open_agent(dir_opt, as, &ws);
	if (rc)
		return fail(rc);
	struct mail_raw r;
	if ((rc = store_mail_raw_get(ws->store, raw_id, &r))) {
		ws_close(ws);
		return fail(rc);
	}
	const char *why = NULL, *note = NULL;
	const char *charsets = ws_config(ws, "mail_charsets", NULL);
	struct mail_parsed *p = mail_parse(r.bytes, (size_t)r.size, charsets, (size_t)r.size + 1, &why);
	char *text = NULL;
	if (!p || !p->in.body || !*p->in.body)
		text = mail_to_utf8(r.bytes, strlen(r.bytes), NULL, charsets, &note);
	char *subject = p && p->in.subject && *p->in.subject ? xstrdup(p->in.subject)
							       : xasprintf("Quarantined mail %lld", (long long)raw_id);
	int64_t tid = 0;
	rc = mail_quarantine_ticket(ws, raw_id, cust, p ? p->in.from_addr : NULL, p ? p->in.from_name : NULL, subject,
				    text ? text : p->in.body, dk_now(), &tid);
	if (!rc)
		printf("%lld\n", (long long)tid);
	free(subject);
	free(text);
	mail_parsed_free(p);
	mail_raw_clear(&r);
	ws_close(ws);
	mail_gmime_shutdown();
	return rc ? fail(rc) : 0;
}

int mail_main(const char *ws_dir, const char *as_login, int argc, char **argv)
{
	if (argc < 2)
		return usage("expected in, flush, queue, quarantine, show, attachments or ticket");
	const char *sub = argv[1];
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(mail_usage, stdout);
			return 0;
		}
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h") || !strcmp(sub, "help")) {
		fputs(mail_usage, stdout);
		return 0;
	}
	if (!strcmp(sub, "in"))
		return cmd_in(ws_dir, argc - 1, argv + 1);
	if (!strcmp(sub, "flush") && argc == 2)
		return cmd_flush(ws_dir);
	if (!strcmp(sub, "queue")) {
		int all = argc == 3 && !strcmp(argv[2], "--all");
		if (argc > 3 || (argc == 3 && !all))
			return usage("queue: takes only --all");
		return cmd_queue(ws_dir, as_login, all);
	}
	if (!strcmp(sub, "quarantine") && argc == 2)
		return cmd_quarantine(ws_dir, as_login);
	if (!strcmp(sub, "show") && argc == 3)
		return cmd_show(ws_dir, as_login, argv[2]);
	if (!strcmp(sub, "attachments") && argc == 3)
		return cmd_attachments(ws_dir, as_login, argv[2]);
	if (!strcmp(sub, "ticket"))
		return cmd_ticket(ws_dir, as_login, argc - 1, argv + 1);
	if (!strcmp(sub, "send-queued") && (argc == 2 || (argc == 3 && !strcmp(argv[2], "--quiet")))) {
		/* what ./docket runs after a reply's commit (main.c) */
		struct workspace *ws = NULL;
		int rc = open_service(ws_dir, &ws);
		if (rc)
			return argc == 3 ? 1 : fail(rc);
		mail_send_queued(ws, argc == 3);
		ws_close(ws);
		return 0;
	}
	return usage("expected in, flush, queue, quarantine, show RAW, attachments TICKET or ticket RAW");
}

void mail_send_queued(struct workspace *ws, int quiet)
{
	int queued = 0;
	if (!ws || !ws->store || store_outbox_has(ws->store, "queued", &queued) || !queued)
		return;
	int sent, deferred, failed;
	int rc = mail_flush(ws, "queued", NULL, &sent, &deferred, &failed);
	if (quiet)
		err_clear();
	else if (rc)
		err_report(rc);
	else if (deferred || failed)
		fprintf(stderr, "docket: mail: %d accepted, %d deferred (`docket mail flush` retries), %d failed "
				"(`docket mail queue` shows why)\n", sent, deferred, failed);
}
