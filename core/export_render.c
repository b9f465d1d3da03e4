/* export_render.c - the customer export as text or as one HTML page.
 *
 * One walk over the JSON document drives a small emitter with two
 * outputs (plain text, HTML), so both renderings carry the same sections
 * in the same order: who holds the data and how to reach them; the
 * customer record; the Art 15(1) processing information; every ticket
 * with its messages, duties and events; the terms accepted; the audit
 * rows about the customer. See export_render.h. */
#include "core/export_render.h"

#include <string.h>
#include <strings.h>

#include "lib/err.h"
#include "lib/text.h"
#include "lib/util.h"

int export_format_parse(const char *s, int *out)
{
	if (!s || !strcmp(s, "json"))
		*out = EXPORT_JSON;
	else if (!strcmp(s, "text") || !strcmp(s, "txt"))
		*out = EXPORT_TEXT;
	else if (!strcmp(s, "html"))
		*out = EXPORT_HTML;
	else
		return err_set(DK_EUSAGE, "--format: %s: not a format (json, text, html)", s);
	return 0;
}

int export_format_of_path(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	if (!dot || strchr(dot, '/'))
		return -1;
	if (!strcasecmp(dot, ".json"))
		return EXPORT_JSON;
	if (!strcasecmp(dot, ".txt") || !strcasecmp(dot, ".text"))
		return EXPORT_TEXT;
	if (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"))
		return EXPORT_HTML;
	return -1;
}

const char *export_format_name(int format)
{
	return format == EXPORT_HTML ? "html" : format == EXPORT_TEXT ? "text" : "json";
}

char *export_sibling_path(const char *path, int format)
{
	const char *ext = format == EXPORT_HTML ? ".html" : format == EXPORT_TEXT ? ".txt" : ".json";
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	size_t keep = dot && (!slash || dot > slash + 1) ? (size_t)(dot - path) : strlen(path);
	return xasprintf("%.*s%s", (int)keep, path, ext);
}

/* ---- the emitter */

struct rend {
	struct buf *b;
	int html;
	int in_table; /* columns of the open table, 0 when none */
};

/* Hostile text, made visible, then escaped for HTML. */
static void put(struct rend *r, const char *s)
{
	if (!s)
		return;
	if (!r->html) {
		text_visible(r->b, s, 1);
		return;
	}
	/* text_visible first: tabs become spaces and CRLF line ends LF, as
	 * in the text rendering */
	struct buf v = BUF_INIT;
	text_visible(&v, s, 1);
	text_html(r->b, v.data ? v.data : "", v.len);
	buf_release(&v);
}

/* Characters (not bytes) of s[0..n). */
static size_t chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* Plain text: hostile text made visible, each line word-wrapped to WIDTH
 * columns; the first line continues at column `col`, the others start
 * with `indent` spaces (or the given prefix). */
#define WIDTH 78
static void wrap_put(struct buf *b, const char *s, size_t col, const char *prefix)
{
	struct buf v = BUF_INIT;
	text_visible(&v, s ? s : "", 1);
	size_t plen = chars(prefix, strlen(prefix)), at = col;
	const char *p = v.len ? v.data : "", *end = p + v.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		int first_word = 1;
		while (p < le) {
			const char *w = p;
			while (w < le && *w == ' ')
				w++;
			const char *we = w;
			while (we < le && *we != ' ')
				we++;
			size_t wl = chars(w, (size_t)(we - w)), gap = first_word ? (size_t)(w - p) : 1;
			if (!first_word && at + gap + wl > WIDTH) {
				buf_addc(b, '\n');
				buf_adds(b, prefix);
				at = plen;
				gap = 0;
			}
			for (size_t i = 0; i < gap; i++)
				buf_addc(b, ' ');
			buf_add(b, w, (size_t)(we - w));
			at += gap + wl;
			first_word = 0;
			p = we;
			if (w == we)
				break;
		}
		p = le;
		if (nl) {
			p++;
			if (p < end) {
				buf_addc(b, '\n');
				buf_adds(b, prefix);
				at = plen;
			}
		}
	}
	buf_release(&v);
}

static const char *str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int truthy(const json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

static long long num(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

/* "2026-03-01T10:00:00Z" -> "2026-03-01 10:00 UTC"; NULL -> "-"; other
 * text as is. */
static const char *fmt_time(const char *t, char out[32])
{
	if (!t)
		return "-";
	if (strlen(t) != 20 || t[10] != 'T' || t[19] != 'Z')
		return t;
	memcpy(out, t, 10);
	out[10] = ' ';
	memcpy(out + 11, t + 11, 5);
	memcpy(out + 16, " UTC", 5);
	return out;
}

static void put_time(struct rend *r, const char *t)
{
	char tb[32];
	put(r, fmt_time(t, tb));
}

static void heading(struct rend *r, int level, const char *text)
{
	if (r->html) {
		buf_printf(r->b, "<h%d>", level);
		put(r, text);
		buf_printf(r->b, "</h%d>\n", level);
		return;
	}
	buf_addc(r->b, '\n');
	put(r, text);
	buf_addc(r->b, '\n');
	if (level <= 2) {
		size_t n = 0;
		for (const char *p = text; *p; p++)
			n += ((unsigned char)*p & 0xc0) != 0x80;
		for (size_t i = 0; i < n; i++)
			buf_addc(r->b, level == 1 ? '=' : '-');
		buf_addc(r->b, '\n');
	}
}

static void para(struct rend *r, const char *text)
{
	if (r->html) {
		buf_adds(r->b, "<p>");
		put(r, text);
		buf_adds(r->b, "</p>\n");
	} else {
		buf_addc(r->b, '\n');
		wrap_put(r->b, text, 0, "");
		buf_addc(r->b, '\n');
	}
}

static void kv_begin(struct rend *r)
{
	if (r->html)
		buf_adds(r->b, "<table class=\"kv\">\n");
}

static void kv_end(struct rend *r)
{
	if (r->html)
		buf_adds(r->b, "</table>\n");
}

/* One row; value NULL shows "not set". */
static void kv(struct rend *r, const char *key, const char *value)
{
	if (r->html) {
		buf_adds(r->b, "<tr><th>");
		put(r, key);
		buf_adds(r->b, "</th><td>");
		put(r, value ? value : "not set");
		buf_adds(r->b, "</td></tr>\n");
		return;
	}
	/* continuation lines of a long value line up under it */
	buf_printf(r->b, "  %-26s ", key);
	wrap_put(r->b, value ? value : "not set", 29, "                             ");
	buf_addc(r->b, '\n');
}

static void kv_time(struct rend *r, const char *key, const char *t)
{
	char tb[32];
	kv(r, key, fmt_time(t, tb));
}

/* A list of strings (Art 15 lists) as one value. */
static void kv_list(struct rend *r, const char *key, const json_t *arr)
{
	struct buf v = BUF_INIT;
	size_t i;
	const json_t *it;
	json_array_foreach(arr, i, it) {
		if (i)
			buf_adds(&v, "\n");
		if (json_is_string(it))
			buf_adds(&v, json_string_value(it));
	}
	kv(r, key, v.len ? buf_str(&v) : "none");
	buf_release(&v);
}

static void table_begin(struct rend *r, int ncols, const char *const *heads)
{
	r->in_table = ncols;
	if (!r->html)
		return;
	buf_adds(r->b, "<table class=\"rows\">\n<tr>");
	for (int i = 0; i < ncols; i++) {
		buf_adds(r->b, "<th>");
		put(r, heads[i]);
		buf_adds(r->b, "</th>");
	}
	buf_adds(r->b, "</tr>\n");
}

/* cells[0] is a time (RFC 3339), the rest text. */
static void table_row(struct rend *r, const char *const *cells)
{
	if (r->html)
		buf_adds(r->b, "<tr>");
	else
		buf_adds(r->b, "  ");
	for (int i = 0; i < r->in_table; i++) {
		if (r->html)
			buf_adds(r->b, "<td>");
		else if (i)
			buf_adds(r->b, "  ");
		if (i == 0)
			put_time(r, cells[i]);
		else
			put(r, cells[i] ? cells[i] : "-");
		if (r->html)
			buf_adds(r->b, "</td>");
	}
	buf_adds(r->b, r->html ? "</tr>\n" : "\n");
}

static void table_end(struct rend *r)
{
	if (r->html)
		buf_adds(r->b, "</table>\n");
	r->in_table = 0;
}

/* ---- the sections */

static const char *who_wrote(const json_t *m)
{
	const char *d = str(m, "direction");
	if (d && !strcmp(d, "in"))
		return "you wrote";
	if (d && !strcmp(d, "note"))
		return "internal note by our staff";
	return truthy(m, "automated") ? "we replied (drafted by an automated assistant)" : "we replied";
}

static void message(struct rend *r, const json_t *m)
{
	if (r->html) {
		buf_adds(r->b, "<div class=\"msg\"><div class=\"meta\">");
		put_time(r, str(m, "created_at"));
		buf_adds(r->b, ", ");
		put(r, who_wrote(m));
		buf_adds(r->b, "</div><pre>");
		put(r, str(m, "body"));
		buf_adds(r->b, "</pre></div>\n");
		return;
	}
	buf_adds(r->b, "\n  ");
	put_time(r, str(m, "created_at"));
	buf_adds(r->b, ", ");
	put(r, who_wrote(m));
	buf_adds(r->b, ":\n");
	buf_adds(r->b, "    | ");
	wrap_put(r->b, str(m, "body"), 6, "    | ");
	buf_addc(r->b, '\n');
}

static void duty(struct rend *r, const json_t *o)
{
	char due[96];
	const char *st = str(o, "status");
	snprintf(due, sizeof(due), "%s", st ? st : "-");
	const char *cells[4] = { str(o, "due_at"), str(o, "title"), due, str(o, "source") };
	const char *ext = str(o, "extended_due_at");
	if (ext)
		cells[0] = ext;
	table_row(r, cells);
}

static void ticket(struct rend *r, const json_t *t)
{
	char title[512];
	const char *subj = str(t, "subject");
	snprintf(title, sizeof(title), "Request #%lld: %s", num(t, "id"), subj ? subj : "(no subject)");
	heading(r, 3, title);
	kv_begin(r);
	kv(r, "Kind", str(t, "kind"));
	kv(r, "Status", str(t, "status"));
	kv(r, "Channel", str(t, "channel"));
	kv_time(r, "Received", str(t, "created_at"));
	kv_time(r, "Last update", str(t, "updated_at"));
	kv_end(r);

	const json_t *msgs = json_object_get(t, "messages");
	size_t i;
	const json_t *it;
	if (json_array_size(msgs)) {
		if (r->html)
			buf_adds(r->b, "<h4>Messages</h4>\n");
		else
			buf_adds(r->b, "\n  Messages\n");
		json_array_foreach(msgs, i, it) message(r, it);
	}
	const json_t *obl = json_object_get(t, "obligations");
	if (json_array_size(obl)) {
		if (r->html)
			buf_adds(r->b, "<h4>Our legal duties on this request</h4>\n");
		else
			buf_adds(r->b, "\n  Our legal duties on this request (due, duty, status, source)\n");
		static const char *const h[] = { "Due", "Duty", "Status", "Source" };
		table_begin(r, 4, h);
		json_array_foreach(obl, i, it) duty(r, it);
		table_end(r);
	}
	const json_t *ev = json_object_get(t, "events");
	if (json_array_size(ev)) {
		if (r->html)
			buf_adds(r->b, "<h4>What happened</h4>\n");
		else
			buf_adds(r->b, "\n  What happened (when, what, by whom, detail)\n");
		static const char *const h[] = { "When", "What", "By", "Detail" };
		table_begin(r, 4, h);
		json_array_foreach(ev, i, it) {
			const char *cells[4] = { str(it, "at"), str(it, "type"), str(it, "actor"), str(it, "detail") };
			table_row(r, cells);
		}
		table_end(r);
	}
	const json_t *mail = json_object_get(t, "mail");
	const json_t *att = json_object_get(mail, "attachments");
	if (json_array_size(att)) {
		if (r->html)
			buf_adds(r->b, "<h4>Attachments</h4>\n");
		else
			buf_adds(r->b, "\n  Attachments (name, type, size; the files are in the JSON copy's mail section)\n");
		kv_begin(r);
		json_array_foreach(att, i, it) {
			char sz[64];
			snprintf(sz, sizeof(sz), "%s, %lld bytes", str(it, "content_type") ? str(it, "content_type") : "-",
				 num(it, "size"));
			kv(r, str(it, "filename") ? str(it, "filename") : "(unnamed)", sz);
		}
		kv_end(r);
	}
}

static const char css[] =
	"body{font-family:Georgia,'DejaVu Serif',serif;max-width:46em;margin:2em auto;padding:0 1em;color:#111;"
	"line-height:1.4}\n"
	"h1{font-size:1.6em;border-bottom:2px solid #333}h2{font-size:1.25em;border-bottom:1px solid #999;"
	"margin-top:1.6em}\n"
	"h3{font-size:1.05em;margin-top:1.4em}h4{font-size:.95em;margin:1em 0 .3em}\n"
	"table{border-collapse:collapse;width:100%;margin:.3em 0}th,td{text-align:left;vertical-align:top;"
	"padding:.15em .5em;border-bottom:1px solid #ddd}\n"
	"table.kv th{width:14em;font-weight:normal;color:#444}td{white-space:pre-wrap}\n"
	".msg{border-left:3px solid #999;margin:.6em 0;padding:.2em .8em}.meta{color:#444;font-size:.9em}\n"
	"pre{white-space:pre-wrap;font-family:inherit;margin:.3em 0}.note{color:#444;font-size:.9em}\n"
	"@media print{body{margin:0;max-width:none;font-size:11pt}h2,h3{page-break-after:avoid}"
	".msg,tr{page-break-inside:avoid}a{color:inherit;text-decoration:none}}\n";

static void render(const json_t *doc, struct rend *r)
{
	const json_t *c = json_object_get(doc, "customer");
	const json_t *p = json_object_get(doc, "processing");
	const char *controller = str(p, "controller");
	if (r->html) {
		buf_adds(r->b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			       "<meta name=\"viewport\" content=\"width=device-width\">\n<title>");
		buf_adds(r->b, "Copy of your personal data");
		if (controller) {
			buf_adds(r->b, " held by ");
			put(r, controller);
		}
		buf_adds(r->b, "</title>\n<style>\n");
		buf_adds(r->b, css);
		buf_adds(r->b, "</style>\n</head>\n<body>\n");
	}
	heading(r, 1, "Copy of your personal data");
	kv_begin(r);
	kv(r, "Held by (controller)", controller ? controller : "not configured (processing.controller)");
	kv(r, "Contact", str(p, "contact") ? str(p, "contact") : "not configured (processing.contact)");
	kv_time(r, "Prepared", str(doc, "generated_at"));
	kv(r, "Prepared for",
	   !strcmp(str(doc, "recipient") ? str(doc, "recipient") : "", "third-party")
		   ? "another controller, at your request (GDPR Art 20(2))"
		   : "you (GDPR Art 15)");
	kv_end(r);
	para(r, "This is a readable copy of everything we hold about you. The same data comes as a "
		"machine-readable file (JSON, format docket-customer-export), which you may take to another "
		"provider (GDPR Art 20).");

	heading(r, 2, "About you");
	kv_begin(r);
	char id[32];
	snprintf(id, sizeof(id), "%lld", num(c, "id"));
	kv(r, "Customer number", id);
	kv(r, "Name", str(c, "name") ? str(c, "name") : "erased");
	kv(r, "Email address", str(c, "email") ? str(c, "email") : "erased");
	kv(r, "Jurisdiction", str(c, "jurisdiction"));
	kv_time(r, "Customer since", str(c, "created_at"));
	if (str(c, "erased_at"))
		kv_time(r, "Erased (anonymised)", str(c, "erased_at"));
	if (truthy(c, "legal_hold"))
		kv(r, "Legal hold", str(c, "hold_reason") ? str(c, "hold_reason") : "yes");
	if (truthy(c, "restricted"))
		kv(r, "Processing restricted", str(c, "restrict_reason") ? str(c, "restrict_reason") : "yes");
	kv_end(r);

	heading(r, 2, "How we use your data");
	kv_begin(r);
	kv_list(r, "Purposes", json_object_get(p, "purposes"));
	kv_list(r, "Legal basis", json_object_get(p, "legal_basis"));
	kv_list(r, "Kinds of data", json_object_get(p, "categories"));
	kv_list(r, "Who receives it", json_object_get(p, "recipients"));
	const json_t *ret = json_object_get(p, "retention");
	kv(r, "How long we keep it", str(ret, "policy"));
	struct buf per = BUF_INIT;
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)json_object_get(ret, "by_ticket_kind"), k, v)
	{
		if (per.len)
			buf_addc(&per, '\n');
		buf_printf(&per, "%s: %s", k, json_is_string(v) ? json_string_value(v) : "-");
	}
	kv(r, "Period by kind of request", per.len ? buf_str(&per) : "-");
	buf_release(&per);
	kv_list(r, "Where it came from", json_object_get(p, "source"));
	kv(r, "Automated decisions", str(p, "automated_decision_making"));
	kv(r, "Transfers", str(p, "transfers"));
	kv_list(r, "Your rights", json_object_get(p, "rights"));
	kv(r, "Complaints", str(p, "complaint"));
	kv_end(r);

	const json_t *tickets = json_object_get(doc, "tickets");
	char h[64];
	snprintf(h, sizeof(h), "Your requests (%zu)", json_array_size(tickets));
	heading(r, 2, h);
	if (!json_array_size(tickets))
		para(r, "none");
	size_t i;
	const json_t *it;
	json_array_foreach(tickets, i, it) ticket(r, it);

	const json_t *acc = json_object_get(doc, "acceptances");
	heading(r, 2, "Terms you accepted");
	if (!json_array_size(acc)) {
		para(r, "none recorded");
	} else {
		if (!r->html)
			buf_adds(r->b, "  (when, document, revision, channel)\n");
		static const char *const hd[] = { "When", "Document", "Revision", "Channel" };
		table_begin(r, 4, hd);
		json_array_foreach(acc, i, it) {
			char rev[16] = "-";
			if (str(it, "revision"))
				snprintf(rev, sizeof(rev), "%.12s", str(it, "revision"));
			const char *cells[4] = { str(it, "accepted_at"), str(it, "document"), rev, str(it, "channel") };
			table_row(r, cells);
		}
		table_end(r);
	}

	/* letters from templates; the notices that are no message of the
	 * requests above with their text */
	const json_t *letters = json_object_get(doc, "letters");
	if (json_array_size(letters)) {
		heading(r, 2, "Letters we sent you");
		if (!r->html)
			buf_adds(r->b, "  (when, letter, purpose, request, state)\n");
		static const char *const hl[] = { "When", "Letter", "Purpose", "Request", "State" };
		table_begin(r, 5, hl);
		json_array_foreach(letters, i, it) {
			char req[24] = "-";
			const json_t *tj = json_object_get(it, "ticket");
			if (json_is_integer(tj))
				snprintf(req, sizeof(req), "#%lld", (long long)json_integer_value(tj));
			const char *cells[5] = { str(it, "created_at"), str(it, "template"), str(it, "purpose"), req,
						 str(it, "status") ? str(it, "status") : "-" };
			table_row(r, cells);
		}
		table_end(r);
		json_array_foreach(letters, i, it) {
			if (!str(it, "body"))
				continue;
			char h2[160];
			snprintf(h2, sizeof(h2), "%s (%s)", str(it, "subject") ? str(it, "subject") : "letter",
				 str(it, "created_at") ? str(it, "created_at") : "");
			heading(r, 3, h2);
			para(r, str(it, "body"));
		}
	}

	const json_t *audit = json_object_get(doc, "audit");
	heading(r, 2, "Record of what was done with your data");
	para(r, "Our audit trail about you: each entry names who acted and what was done, never the content.");
	if (!r->html)
		buf_adds(r->b, "  (when, action, by, detail)\n");
	static const char *const ha[] = { "When", "Action", "By", "Detail" };
	table_begin(r, 4, ha);
	json_array_foreach(audit, i, it) {
		const char *cells[4] = { str(it, "at"), str(it, "action"), str(it, "actor"), str(it, "detail") };
		table_row(r, cells);
	}
	table_end(r);
	if (r->html)
		buf_adds(r->b, "</body>\n</html>\n");
}

void export_render_text(const json_t *doc, struct buf *out)
{
	struct rend r = { .b = out, .html = 0 };
	render(doc, &r);
}

void export_render_html(const json_t *doc, struct buf *out)
{
	struct rend r = { .b = out, .html = 1 };
	render(doc, &r);
}
