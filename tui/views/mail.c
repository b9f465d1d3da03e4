/* mail.c - the mail views of the TUI.
 *
 * Attachments (:attachments [N]): the files that came with a ticket's
 * mail, by name, type and size. Enter opens one with the user's viewer
 * (the `viewer` config command, else run-mailcap, else xdg-open) from a
 * private copy (mode 0600 in a 0700 directory, removed when the TUI
 * ends), run like $EDITOR: curses suspended, without docket's privileges
 * (tui_run_program). x saves it to a file the agent names, with the
 * agent's own rights (core/attach.h, as `docket ticket attachment
 * --out`). Names come from mail and are hostile: only a safe last path
 * component is ever offered (text_safe_filename).
 *
 * Quarantine (:quarantine): the inbound messages `docket mail in` could
 * not deliver (docs/mail.md), by number, time, size, sender and why;
 * Enter shows the raw message (every character made visible); M makes a
 * ticket of it through `docket mail ticket RAW`, the same command as on
 * the command line (the mail front end is its own program: tui/front.h). */
#include "tui/views/mail.h"

#include "core/attach.h"
#include "data/store.h"
#include "data/store_mail.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/priv.h"
#include "lib/text.h"
#include "lib/util.h"
#include "tui/front.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- the hook to the mail front end (main.c sets it) */

static tui_mail_runner mail_runner;

void tui_set_mail_runner(tui_mail_runner fn)
{
	mail_runner = fn;
}

/* ---- files opened for viewing */

static char *view_dir; /* created on first use, removed at exit */
static char **view_files;
static size_t nview_files, capview_files;

void mail_views_cleanup(void)
{
	priv_user_begin();
	for (size_t i = 0; i < nview_files; i++) {
		unlink(view_files[i]);
		free(view_files[i]);
	}
	if (view_dir)
		rmdir(view_dir);
	priv_user_end();
	free(view_files);
	free(view_dir);
	view_files = NULL;
	view_dir = NULL;
	nview_files = capview_files = 0;
}

/* A private copy of the bytes to hand to a viewer; caller frees. */
static char *private_copy(const char *name, const char *bytes, size_t len)
{
	int rc = 0;
	char *path = NULL;
	priv_user_begin();
	if (!view_dir) {
		const char *tmp = getenv("TMPDIR");
		char *d = xasprintf("%s/docket-view-XXXXXX", tmp && *tmp == '/' ? tmp : "/tmp");
		if (mkdtemp(d))
			view_dir = d;
		else {
			rc = err_set(DK_EIO, "viewer: %s: %s", d, strerror(errno));
			free(d);
		}
	}
	if (!rc) {
		path = xasprintf("%s/%zu-%s", view_dir, nview_files + 1, name);
		if ((rc = write_file_atomic(path, bytes, len, 0600))) {
			free(path);
			path = NULL;
		} else {
			ARRAY_GROW(view_files, capview_files, nview_files + 1);
			view_files[nview_files++] = xstrdup(path);
		}
	}
	priv_user_end();
	return path;
}

/* ---- attachments */

struct aview {
	int64_t ticket_id;
	struct mail_attachment *a;
	size_t n;
	int loaded;
};

static int av_open(struct view *v)
{
	struct aview *av = v->priv;
	struct mail_attachment *a;
	size_t n;
	int rc = attach_list(tui.ws, av->ticket_id, &a, &n);
	if (rc)
		return rc;
	if (av->loaded)
		mail_attachments_free(av->a, av->n);
	av->a = a;
	av->n = n;
	av->loaded = 1;
	snprintf(v->title, sizeof(v->title), "Attachments of ticket #%lld (%zu)", (long long)av->ticket_id, n);
	return 0;
}

static void human_size(int64_t n, char *out, size_t len)
{
	if (n < 10 * 1024)
		snprintf(out, len, "%lld B", (long long)n);
	else if (n < 10 * 1024 * 1024)
		snprintf(out, len, "%lld KB", (long long)(n / 1024));
	else
		snprintf(out, len, "%lld MB", (long long)(n / (1024 * 1024)));
}

static void av_layout(struct view *v)
{
	struct aview *av = v->priv;
	struct lines *L = &v->lines;
	lines_clear(L);
	if (!av->n)
		lines_add(L, S_DIM, L_TEXT, "  no attachments (Enter opens one, x saves it: when there are some)");
	int namew = v->width - 1 - 8 - 9 - 26;
	if (namew < 12)
		namew = 12;
	for (size_t i = 0; i < av->n; i++) {
		const struct mail_attachment *a = &av->a[i];
		char *name = text_visible_dup(a->name ? a->name : "(unnamed)", 0);
		char *type = text_visible_dup(a->type ? a->type : "-", 0);
		char size[32];
		human_size(a->size, size, sizeof(size));
		/* the name cut to its column and padded by display width */
		size_t fit = text_fit(name, namew);
		name[fit] = 0;
		int pad = namew - text_width(name);
		lines_add(L, S_NORMAL, L_TEXT, "%-6lld  %s%*s  %8s  %-24.24s%s", (long long)a->id, name, pad > 0 ? pad : 0,
			  "", size, type, a->is_inline ? " inline" : "");
		L->v[L->n - 1].a = (int64_t)i + 1;
		free(name);
		free(type);
	}
	v->nlines = L->n;
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
}

static const struct mail_attachment *current_attachment(struct view *v)
{
	struct aview *av = v->priv;
	if (v->lineno >= v->lines.n)
		return NULL;
	int64_t k = v->lines.v[v->lineno].a;
	return k >= 1 && (size_t)k <= av->n ? &av->a[k - 1] : NULL;
}

static void av_save(struct view *v)
{
	struct aview *av = v->priv;
	const struct mail_attachment *a = current_attachment(v);
	if (!a) {
		tui_error("no attachment here");
		return;
	}
	char cwd[4096];
	const char *home = getenv("HOME");
	const char *dir = home && *home == '/' ? home : getcwd(cwd, sizeof(cwd)) ? cwd : ".";
	char *safe = text_safe_filename(a->name, "attachment");
	char *def = xasprintf("%s/%s", dir, safe), *path = NULL;
	free(safe);
	int rc = tui_input("Save attachment to: ", def, &path);
	free(def);
	if (rc || tui_isblank_str(path)) {
		free(path);
		tui_message("not saved");
		return;
	}
	int replace = 0;
	struct stat sb;
	if (lstat(path, &sb) == 0) {
		if (tui_ask("That file exists. Replace it? (y/n)", "yn") != 'y') {
			free(path);
			tui_message("not saved");
			return;
		}
		replace = 1;
	}
	size_t len = 0;
	if ((rc = attach_save(tui.ws, av->ticket_id, a->id, path, replace, &len)))
		tui_report(rc);
	else
		tui_message("saved %zu bytes to %s", len, path);
	free(path);
}

static void av_view(struct view *v)
{
	struct aview *av = v->priv;
	const struct mail_attachment *a = current_attachment(v);
	if (!a) {
		tui_error("no attachment here");
		return;
	}
	if (tui.replay) {
		tui_error("viewer: not available when replaying keys");
		return;
	}
	struct mail_attachment meta;
	char *bytes;
	size_t len;
	int rc = attach_get(tui.ws, av->ticket_id, a->id, &meta, &bytes, &len);
	if (rc) {
		tui_report(rc);
		return;
	}
	char *safe = text_safe_filename(meta.name, "attachment");
	char *path = private_copy(safe, bytes, len);
	free(safe);
	free(bytes);
	if (!path) {
		attach_clear(&meta);
		tui_report(DK_EIO);
		return;
	}
	/* the user's viewer: the config's command, else mailcap, else the
	 * desktop's opener; no shell, the file as the last argument */
	const char *cfg = ws_config(tui.ws, "viewer", NULL);
	char *storage = NULL, **argv = NULL, *typed = NULL;
	if (cfg && *cfg) {
		argv = tui_split_command(cfg, &storage);
	} else if (access("/usr/bin/run-mailcap", X_OK) == 0) {
		argv = tui_split_command("run-mailcap --action=view", &storage);
		typed = xasprintf("%s:%s", meta.type ? meta.type : "application/octet-stream", path);
	} else {
		argv = tui_split_command("xdg-open", &storage);
	}
	size_t argc = 0;
	while (argv[argc])
		argc++;
	argv[argc] = typed ? typed : path;
	argv[argc + 1] = NULL;
	int status;
	pid_t pid = tui_run_program(argv, &status);
	if (pid < 0)
		tui_error("viewer: cannot start: %s", strerror(errno));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) == 127)
		tui_error("viewer: %s failed to run (set `viewer` in the config, or install mailcap or xdg-utils)",
			  argv[0]);
	else
		tui_message("opened %s with %s", path, argv[0]);
	free(argv);
	free(storage);
	free(typed);
	free(path);
	attach_clear(&meta);
}

static int av_request(struct view *v, enum request req)
{
	switch (req) {
	case REQ_ENTER: av_view(v); return 1;
	case REQ_ATTACHMENT_SAVE: av_save(v); return 1;
	default: break;
	}
	return view_lines_request(v, req);
}

static int64_t av_ticket(struct view *v)
{
	return ((struct aview *)v->priv)->ticket_id;
}

static void av_done(struct view *v)
{
	struct aview *av = v->priv;
	if (av->loaded)
		mail_attachments_free(av->a, av->n);
	free(av);
}

static const struct view_ops attachments_ops = {
	.name = "attachments",
	.kind = VK_ATTACHMENTS,
	.open = av_open,
	.layout = av_layout,
	.draw_line = lines_draw_line,
	.request = av_request,
	.grep = lines_grep,
	.ticket = av_ticket,
	.done = av_done,
};

struct view *attachments_view_new(int64_t ticket_id)
{
	struct aview *av = xcalloc(1, sizeof(*av));
	av->ticket_id = ticket_id;
	return view_new(&attachments_ops, av);
}

/* ---- the raw message of the quarantine */

struct rawview {
	int64_t raw_id;
	struct mail_raw r;
	int loaded;
};

static int raw_open(struct view *v)
{
	struct rawview *rv = v->priv;
	struct mail_raw r;
	int rc = store_mail_raw_get(tui.ws->store, rv->raw_id, &r);
	if (rc)
		return rc;
	if (rv->loaded)
		mail_raw_clear(&rv->r);
	rv->r = r;
	rv->loaded = 1;
	snprintf(v->title, sizeof(v->title), "Quarantined mail %lld (%lld bytes, %s)", (long long)rv->raw_id,
		 (long long)r.size, r.status ? r.status : "-");
	return 0;
}

static void raw_layout(struct view *v)
{
	struct rawview *rv = v->priv;
	struct lines *L = &v->lines;
	lines_clear(L);
	if (rv->r.note) {
		char *note = text_visible_dup(rv->r.note, 0);
		lines_add(L, S_WARN, L_TEXT, "why: %s", note);
		free(note);
	}
	lines_add(L, S_DIM, L_TEXT, "M makes a ticket of it; every character below is shown, none is run");
	lines_add(L, S_SECTION, L_SECTION, "The message as received");
	/* at most the first 256 KB on screen; `docket mail show RAW` has all */
	size_t n = rv->r.bytes ? (size_t)rv->r.size : 0, shown = n > 262144 ? 262144 : n;
	struct buf head = BUF_INIT;
	for (size_t i = 0; i < shown; i++) {
		if (rv->r.bytes[i])
			buf_addc(&head, rv->r.bytes[i]);
		else
			buf_adds(&head, "^@"); /* a NUL byte: shown, and the rest after it too */
	}
	lines_add_wrapped(L, S_NORMAL, buf_str(&head), 0, v->width);
	buf_release(&head);
	if (shown < n)
		lines_add(L, S_DIM, L_TEXT, "(%zu more bytes: docket mail show %lld)", n - shown, (long long)rv->raw_id);
	v->nlines = L->n;
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
}

static void make_ticket(int64_t raw_id)
{
	if (!mail_runner) {
		tui_error("mail ticket: the mail front end is not available here");
		return;
	}
	char q[96];
	snprintf(q, sizeof(q), "Make a ticket of quarantined mail %lld? (y/n)", (long long)raw_id);
	if (tui_ask(q, "yn") != 'y') {
		tui_message("no ticket made");
		return;
	}
	char id[32];
	snprintf(id, sizeof(id), "%lld", (long long)raw_id);
	const char *args[] = { "ticket", id, NULL, NULL, NULL };
	char *out = NULL, *err = NULL, *cust = NULL;
	int code = mail_runner(tui.ws->dir, args, &out, &err);
	if (code != 0 && err && strstr(err, "--customer")) {
		/* no sender address to match: the agent names the customer */
		free(out);
		free(err);
		out = err = NULL;
		if (tui_input("No sender in it. Customer number for the ticket: ", NULL, &cust) || tui_isblank_str(cust)) {
			free(cust);
			tui_message("no ticket made");
			return;
		}
		args[2] = "--customer";
		args[3] = cust;
		code = mail_runner(tui.ws->dir, args, &out, &err);
	}
	int64_t tid = 0;
	if (code == 0 && out && !parse_int64(strtok(out, "\n"), 1, INT64_MAX, &tid)) {
		tui_changed(1);
		view_reload_all();
		tui_counts_refresh();
		tui_open_ticket(tid);
		tui_message("ticket #%lld made from quarantined mail %lld", (long long)tid, (long long)raw_id);
	} else {
		char *msg = text_visible_dup(err && *err ? strtok(err, "\n") : "it failed", 0);
		tui_error("mail ticket %lld: %s", (long long)raw_id, msg);
		free(msg);
	}
	free(cust);
	free(out);
	free(err);
}

static int raw_request(struct view *v, enum request req)
{
	struct rawview *rv = v->priv;
	if (req == REQ_MAIL_TICKET) {
		make_ticket(rv->raw_id);
		return 1;
	}
	return view_lines_request(v, req);
}

static void raw_done(struct view *v)
{
	struct rawview *rv = v->priv;
	if (rv->loaded)
		mail_raw_clear(&rv->r);
	free(rv);
}

static const struct view_ops raw_ops = {
	.name = "quarantined mail",
	.kind = VK_QUARANTINE,
	.open = raw_open,
	.layout = raw_layout,
	.draw_line = lines_draw_line,
	.request = raw_request,
	.grep = lines_grep,
	.done = raw_done,
};

/* ---- the quarantine list */

struct qview {
	struct mail_raw *rows;
	size_t n;
	int loaded;
};

static int qv_open(struct view *v)
{
	struct qview *qv = v->priv;
	struct mail_raw *rows;
	size_t n;
	int rc = store_mail_raw_list(tui.ws->store, "quarantined", &rows, &n);
	if (rc)
		return rc;
	if (qv->loaded)
		mail_raws_free(qv->rows, qv->n);
	qv->rows = rows;
	qv->n = n;
	qv->loaded = 1;
	snprintf(v->title, sizeof(v->title), "Quarantine: %zu message%s docket could not deliver", n, n == 1 ? "" : "s");
	return 0;
}

static void qv_layout(struct view *v)
{
	struct qview *qv = v->priv;
	struct lines *L = &v->lines;
	lines_clear(L);
	if (!qv->n)
		lines_add(L, S_DIM, L_TEXT, "  empty: every message was delivered to a ticket");
	for (size_t i = 0; i < qv->n; i++) {
		const struct mail_raw *r = &qv->rows[i];
		char t[32], size[32];
		tui_fmt_time(r->received_at, "%Y-%m-%d %H:%M", t, sizeof(t));
		human_size(r->size, size, sizeof(size));
		char *sender = text_visible_dup(r->sender ? r->sender : "-", 0);
		char *note = text_visible_dup(r->note ? r->note : "", 0);
		lines_add(L, S_NORMAL, L_TEXT, "%-5lld %s %7s  %-24.24s %s", (long long)r->id, t, size, sender, note);
		L->v[L->n - 1].a = r->id;
		free(sender);
		free(note);
	}
	v->nlines = L->n;
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
}

static int64_t qv_current(struct view *v)
{
	return v->lineno < v->lines.n ? v->lines.v[v->lineno].a : 0;
}

static int qv_request(struct view *v, enum request req)
{
	int64_t id = qv_current(v);
	if (req == REQ_ENTER || req == REQ_MAIL_TICKET) {
		if (!id) {
			tui_error("no message here");
		} else if (req == REQ_ENTER) {
			struct rawview *rv = xcalloc(1, sizeof(*rv));
			rv->raw_id = id;
			view_push(view_new(&raw_ops, rv));
		} else {
			make_ticket(id);
		}
		return 1;
	}
	return view_lines_request(v, req);
}

static void qv_done(struct view *v)
{
	struct qview *qv = v->priv;
	if (qv->loaded)
		mail_raws_free(qv->rows, qv->n);
	free(qv);
}

static const struct view_ops quarantine_ops = {
	.name = "quarantine",
	.kind = VK_QUARANTINE,
	.open = qv_open,
	.layout = qv_layout,
	.draw_line = lines_draw_line,
	.request = qv_request,
	.grep = lines_grep,
	.done = qv_done,
};

struct view *quarantine_view_new(void)
{
	return view_new(&quarantine_ops, xcalloc(1, sizeof(struct qview)));
}
