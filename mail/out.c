/* out.c - outbound mail: build the message of an outbox row with GMime,
 * hand it to the sendmail command, record what the command said. */
#include "mail/mail_impl.h"

#include "data/store.h"
#include "data/store_mail.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/priv.h"
#include "lib/util.h"

#include <errno.h>
#include <gmime/gmime.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void ids_header(GMimeObject *o, const char *name, const char *ids)
{
	if (!ids || !*ids)
		return;
	struct buf b = BUF_INIT;
	char *copy = xstrdup(ids);
	for (char *save = NULL, *id = strtok_r(copy, " ", &save); id; id = strtok_r(NULL, " ", &save))
		buf_printf(&b, "%s<%s>", b.len ? " " : "", id);
	free(copy);
	g_mime_object_set_header(o, name, buf_str(&b), NULL);
	buf_release(&b);
}

char *mail_build(const struct outbox_row *o, const char *sender_name, const struct mail_out_file *files,
		 size_t nfiles, size_t *len)
{
	mail_gmime_init();
	GMimeMessage *msg = g_mime_message_new(TRUE);
	GMimeObject *mo = GMIME_OBJECT(msg);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, sender_name ? sender_name : "", o->sender);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, o->rcpt_name ? o->rcpt_name : "", o->rcpt);
	g_mime_message_set_subject(msg, o->subject, "utf-8");
	GDateTime *dt = g_date_time_new_from_unix_utc(o->created_at);
	g_mime_message_set_date(msg, dt);
	g_date_time_unref(dt);
	g_mime_message_set_message_id(msg, o->message_id);
	if (o->in_reply_to) {
		char *v = xasprintf("<%s>", o->in_reply_to);
		g_mime_object_set_header(mo, "In-Reply-To", v, NULL);
		free(v);
	}
	ids_header(mo, "References", o->refs);
	if (o->auto_submitted)
		g_mime_object_set_header(mo, "Auto-Submitted", o->auto_submitted, NULL);
	/* ours: mail that comes back with it is a loop */
	g_mime_object_set_header(mo, "X-Loop", o->sender, NULL);
	/* a standalone letter (a notice of new terms, a breach notice) is no
	 * message of a ticket: an answer to it opens a ticket of its own */
	if (o->message_row) {
		char tid[32];
		snprintf(tid, sizeof(tid), "%lld", (long long)o->ticket_id);
		g_mime_object_set_header(mo, "X-Docket-Ticket", tid, NULL);
	}

	struct buf body = BUF_INIT;
	buf_adds(&body, o->body ? o->body : "");
	if (!body.len || body.data[body.len - 1] != '\n')
		buf_addc(&body, '\n');
	/* the UTF-8 bytes as they are (set_text would pick a legacy charset) */
	GMimeTextPart *part = g_mime_text_part_new_with_subtype("plain");
	GMimeStream *bs = g_mime_stream_mem_new_with_buffer(buf_str(&body), body.len);
	GMimeDataWrapper *dw = g_mime_data_wrapper_new_with_stream(bs, GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(GMIME_PART(part), dw);
	g_object_unref(dw);
	g_object_unref(bs);
	g_mime_text_part_set_charset(part, "utf-8");
	g_mime_part_set_content_encoding(GMIME_PART(part), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	if (!nfiles) {
		g_mime_message_set_mime_part(msg, GMIME_OBJECT(part));
	} else {
		/* the text first, then each file: multipart/mixed, base64 */
		GMimeMultipart *mp = g_mime_multipart_new_with_subtype("mixed");
		g_mime_multipart_add(mp, GMIME_OBJECT(part));
		for (size_t i = 0; i < nfiles; i++) {
			const char *t = files[i].type && strchr(files[i].type, '/') ? files[i].type : "application/octet-stream";
			char *type = xstrdup(t), *slash = strchr(type, '/');
			*slash = 0;
			GMimePart *fp = g_mime_part_new_with_type(type, slash + 1);
			free(type);
			GMimeStream *fs = g_mime_stream_mem_new_with_buffer(files[i].data, files[i].len);
			GMimeDataWrapper *fw = g_mime_data_wrapper_new_with_stream(fs, GMIME_CONTENT_ENCODING_DEFAULT);
			g_mime_part_set_content(fp, fw);
			g_object_unref(fw);
			g_object_unref(fs);
			g_mime_part_set_filename(fp, files[i].name ? files[i].name : "attachment");
			g_mime_object_set_disposition(GMIME_OBJECT(fp), GMIME_DISPOSITION_ATTACHMENT);
			g_mime_part_set_content_encoding(fp, GMIME_CONTENT_ENCODING_BASE64);
			g_mime_multipart_add(mp, GMIME_OBJECT(fp));
			g_object_unref(fp);
		}
		g_mime_message_set_mime_part(msg, GMIME_OBJECT(mp));
		g_object_unref(mp);
	}
	g_object_unref(part);
	buf_release(&body);

	GMimeFormatOptions *fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_UNIX);
	char *s = g_mime_object_to_string(mo, fo);
	g_mime_format_options_free(fo);
	g_object_unref(msg);
	char *r = xstrdup(s);
	g_free(s);
	*len = strlen(r);
	return r;
}

/* Run the sendmail command (split on blanks, no shell) with the message
 * on stdin; *exit_code (or -1 when killed), stderr and stdout in *msg. */
static int run_sendmail(const char *cmd, const char *raw, size_t len, int timeout_s, int *exit_code, char **msg)
{
	*msg = NULL;
	char *copy = xstrdup(cmd);
	char *argv[64];
	int argc = 0;
	for (char *save = NULL, *a = strtok_r(copy, " \t", &save); a && argc < 63; a = strtok_r(NULL, " \t", &save))
		argv[argc++] = a;
	argv[argc] = NULL;
	if (!argc) {
		free(copy);
		*exit_code = 78;
		*msg = xstrdup("the sendmail command is empty");
		return 0;
	}
	int in = memfd_create("docket-mail-in", 0), out = memfd_create("docket-mail-out", 0);
	if (in < 0 || out < 0 || write(in, raw, len) != (ssize_t)len || lseek(in, 0, SEEK_SET) != 0) {
		if (in >= 0)
			close(in);
		if (out >= 0)
			close(out);
		free(copy);
		return err_set(DK_EIO, "mail: cannot prepare the message for %s: %s", argv[0], strerror(errno));
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(in);
		close(out);
		free(copy);
		return err_set(DK_EIO, "mail: cannot run %s: %s", argv[0], strerror(errno));
	}
	if (pid == 0) {
		dup2(in, 0);
		dup2(out, 1);
		dup2(out, 2);
		close(in);
		close(out);
		/* the MTA runs with the user's own rights and environment */
		priv_drop();
		execvpe(argv[0], argv, priv_child_env());
		dprintf(2, "cannot run %s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	close(in);
	int status = 0, killed = 0;
	struct timespec step = { 0, 5 * 1000 * 1000 };
	long waited_ms = 0;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			break;
		if (waited_ms >= (long)timeout_s * 1000 && !killed) {
			kill(pid, SIGKILL);
			killed = 1;
		}
		nanosleep(&step, NULL);
		waited_ms += 5;
	}
	*exit_code = killed || !WIFEXITED(status) ? -1 : WEXITSTATUS(status);
	struct buf b = BUF_INIT;
	char tmp[512];
	lseek(out, 0, SEEK_SET);
	ssize_t n;
	while (b.len < 2000 && (n = read(out, tmp, sizeof(tmp))) > 0)
		buf_add(&b, tmp, (size_t)n);
	close(out);
	/* one line */
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] == '\n' || b.data[i] == '\r' || b.data[i] == '\t')
			b.data[i] = ' ';
	while (b.len && b.data[b.len - 1] == ' ')
		buf_truncate(&b, b.len - 1);
	if (killed)
		*msg = xasprintf("%s: no answer within %d s%s%s", argv[0], timeout_s, b.len ? ": " : "", buf_str(&b));
	else
		*msg = b.len ? xstrdup(buf_str(&b)) : NULL;
	buf_release(&b);
	free(copy);
	return 0;
}

static int send_one(struct workspace *ws, int64_t id, FILE *out, int *sent, int *deferred, int *failed)
{
	int claimed = 0;
	int rc = mail_outbox_claim(ws, id, dk_now(), &claimed);
	if (rc || !claimed)
		return rc;
	struct outbox_row o;
	if ((rc = store_outbox_get(ws->store, id, &o)))
		return rc;
	if (!o.raw) {
		/* the files sent with the reply: the message's own attachments */
		struct mail_attachment *a = NULL;
		size_t na = 0, nf = 0;
		struct mail_out_file *files = NULL;
		char **blobs = NULL;
		if (o.message_row && (rc = store_mail_attachment_list(ws->store, o.ticket_id, &a, &na))) {
			outbox_row_clear(&o);
			return rc;
		}
		if (na) {
			files = xcalloc(na, sizeof(*files));
			blobs = xcalloc(na, sizeof(*blobs));
		}
		for (size_t i = 0; i < na && !rc; i++) {
			if (a[i].message_row != o.message_row)
				continue;
			size_t len = 0;
			if ((rc = store_mail_blob_get(ws->store, a[i].sha256, &blobs[nf], &len)))
				break;
			files[nf] = (struct mail_out_file){ a[i].name, a[i].type, blobs[nf], len };
			nf++;
		}
		if (!rc)
			o.raw = mail_build(&o, ws_config(ws, "sender_name", NULL), files, nf, &o.rawlen);
		for (size_t i = 0; i < nf; i++)
			free(blobs[i]);
		free(blobs);
		free(files);
		mail_attachments_free(a, na);
		if (rc) {
			outbox_row_clear(&o);
			return rc;
		}
		if ((rc = mail_outbox_built(ws, id, o.raw, o.rawlen))) {
			outbox_row_clear(&o);
			return rc;
		}
	}
	const char *cmd = mail_sendmail_command(ws);
	int64_t timeout = 60;
	parse_int64(ws_config(ws, "sendmail_timeout", "60"), 1, 3600, &timeout);
	int code = 0;
	char *msg = NULL;
	if ((rc = run_sendmail(cmd, o.raw, o.rawlen, (int)timeout, &code, &msg))) {
		/* could not even start it: try again later */
		code = 75;
		msg = xstrdup(err_msg());
	}
	const char *status = code == 0 ? "accepted" : code == 75 || code == -1 ? "deferred" : "failed";
	char *error = NULL;
	if (code != 0)
		error = xasprintf("%s exited %d%s%s", cmd, code, msg ? ": " : "", msg ? msg : "");
	rc = mail_outbox_result(ws, id, status, error, dk_now());
	if (!rc && out)
		fprintf(out, "mail %lld (ticket %lld) to %s: %s%s%s\n", (long long)id, (long long)o.ticket_id, o.rcpt,
			status, error ? ": " : "", error ? error : "");
	if (code == 0)
		(*sent)++;
	else if (!strcmp(status, "deferred"))
		(*deferred)++;
	else
		(*failed)++;
	free(error);
	free(msg);
	outbox_row_clear(&o);
	return rc;
}

int mail_flush(struct workspace *ws, const char *statuses, void *outp, int *sent, int *deferred, int *failed)
{
	*sent = *deferred = *failed = 0;
	struct outbox_row *rows;
	size_t n;
	int rc = store_outbox_list(ws->store, statuses, 0, &rows, &n);
	if (rc)
		return rc;
	for (size_t i = 0; i < n && !rc; i++)
		rc = send_one(ws, rows[i].id, outp, sent, deferred, failed);
	outbox_rows_free(rows, n);
	return rc;
}
