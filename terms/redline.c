/* redline.c - the HTML redline of two revisions, and the notice a
 * document's own changes clause promises. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/err.h"
#include "lib/text.h"
#include "lib/util.h"
#include "terms/diff.h"
#include "terms/redline.h"

/* ---- HTML */

/* s made safe for HTML text and attribute values: the five special
 * characters as entities, control characters (but newline and tab) as
 * ^X, invisible and bidi characters as <U+XXXX> (as the terminal shows
 * them), invalid UTF-8 as U+FFFD. */
static void html_escs(struct buf *out, const char *s)
{
	if (s)
		text_html(out, s, strlen(s));
}

static const char css[] =
	"body{font:11pt/1.45 Georgia,\"Times New Roman\",serif;color:#111;background:#fff;max-width:50em;"
	"margin:2em auto;padding:0 1em}\n"
	"h1{font-size:1.45em;margin:0 0 .3em}h2{font-size:1.1em;margin:1.4em 0 .4em}\n"
	"p.what{margin:0 0 1em;color:#333}\n"
	"table.revs{border-collapse:collapse;margin:.5em 0}\n"
	"table.revs th,table.revs td{text-align:left;vertical-align:top;padding:.15em 1em .15em 0;"
	"border-bottom:1px solid #ddd}\n"
	"table.revs thead th{border-bottom:1px solid #555}\n"
	"code{font-family:\"DejaVu Sans Mono\",monospace;font-size:.92em}\n"
	"code.id{font-size:.78em;word-break:break-all}\n"
	"del,.del{text-decoration:line-through;text-decoration-thickness:1px;color:#9b0000;background:#fbe3e3}\n"
	"ins,.ins{text-decoration:underline;color:#005a00;background:#e2f5e2}\n"
	".warning{border:1px solid #b36b00;background:#fff6e0;padding:.5em .8em}\n"
	".text{white-space:pre-wrap;overflow-wrap:anywhere;border-top:1px solid #999;padding-top:1em;"
	"font-family:\"DejaVu Serif\",Georgia,serif}\n"
	".legend{color:#333}\n"
	"@media print{\n"
	"@page{size:A4;margin:2cm 2cm 2.2cm}\n"
	"body{max-width:none;margin:0;padding:0;font-size:10pt}\n"
	"del,.del{color:#000;background:none;text-decoration:line-through}\n"
	"ins,.ins{color:#000;background:none;text-decoration:underline;font-weight:bold}\n"
	"table.revs,ul.clauses,.warning{break-inside:avoid}\n"
	"h2{break-after:avoid}\n"
	".text{border-top:1px solid #000}\n"
	"}\n";

static void rev_cell(struct buf *out, const char *label, const char *a, const char *b)
{
	buf_adds(out, "<tr><th scope=\"row\">");
	buf_adds(out, label);
	buf_adds(out, "</th><td>");
	html_escs(out, a);
	buf_adds(out, "</td><td>");
	html_escs(out, b);
	buf_adds(out, "</td></tr>\n");
}

static char *notice_text(int days)
{
	return days > 0 ? xasprintf("%d days", days) : xstrdup("none");
}

static char *author_text(const struct redline_rev *v)
{
	if (v->author_email && *v->author_email)
		return xasprintf("%s <%s>", v->author ? v->author : "", v->author_email);
	return xstrdup(v->author ? v->author : "");
}

int redline_html(const struct redline *r, struct buf *out)
{
	struct diff *d;
	struct word_diff *w = NULL;
	struct clause_list *cl = NULL;
	int rc;
	/* the whole document as one hunk: a redline shows all of the text */
	if ((rc = diff_lines(r->old_text, r->olen, r->new_text, r->nlen, 1 << 30, &d)))
		return rc;
	if ((rc = diff_words_from(d, &w)) || (rc = diff_clauses(r->old_text, r->olen, r->new_text, r->nlen, &cl))) {
		diff_free(d);
		word_diff_free(w);
		return rc;
	}
	const struct redline_rev *a = &r->rev[0], *b = &r->rev[1];
	char sa[8], sb[8];
	snprintf(sa, sizeof(sa), "%.7s", a->id);
	snprintf(sb, sizeof(sb), "%.7s", b->id);

	buf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		      "style-src 'unsafe-inline'\">\n"
		      "<meta name=\"generator\" content=\"docket terms diff --html\">\n<title>Redline: ");
	html_escs(out, r->doc);
	buf_printf(out, ", %s to %s</title>\n<style>\n%s</style>\n</head>\n<body>\n", sa, sb, css);
	buf_adds(out, "<h1>Redline: ");
	html_escs(out, r->doc);
	buf_adds(out, "</h1>\n<p class=\"what\">Changes to <code>");
	html_escs(out, r->path);
	buf_printf(out, "</code> from revision <code>%s</code> to revision <code>%s</code>.</p>\n", sa, sb);

	char *na = notice_text(a->notice_days), *nb = notice_text(b->notice_days);
	char *aa = author_text(a), *ab = author_text(b);
	buf_adds(out, "<table class=\"revs\">\n<thead><tr><th></th><th scope=\"col\">From</th>"
		      "<th scope=\"col\">To</th></tr></thead>\n<tbody>\n");
	buf_adds(out, "<tr><th scope=\"row\">Revision</th><td><code class=\"id\">");
	html_escs(out, a->id);
	buf_adds(out, "</code></td><td><code class=\"id\">");
	html_escs(out, b->id);
	buf_adds(out, "</code></td></tr>\n");
	rev_cell(out, "Effective", a->effective, b->effective);
	rev_cell(out, "Published", a->published, b->published);
	rev_cell(out, "Notice days", na, nb);
	rev_cell(out, "Binds existing customers from", a->binding, b->binding);
	rev_cell(out, "Author", aa, ab);
	rev_cell(out, "Summary", a->subject, b->subject);
	buf_adds(out, "</tbody>\n</table>\n");
	free(na);
	free(nb);
	free(aa);
	free(ab);
	if (r->warning) {
		buf_adds(out, "<p class=\"warning\"><strong>Warning:</strong> ");
		html_escs(out, r->warning);
		buf_adds(out, "</p>\n");
	}

	buf_printf(out, "<h2>Clauses changed (%zu)</h2>\n", cl->n);
	if (cl->n) {
		buf_adds(out, "<ul class=\"clauses\">\n");
		for (size_t i = 0; i < cl->n; i++) {
			struct clause_list one = { &cl->items[i], 1 };
			struct buf cb = BUF_INIT;
			diff_format_clauses(&one, &cb);
			if (cb.len && cb.data[cb.len - 1] == '\n')
				buf_truncate(&cb, cb.len - 1);
			buf_adds(out, "<li>");
			text_html(out, cb.data ? cb.data : "", cb.len);
			buf_adds(out, "</li>\n");
			buf_release(&cb);
		}
		buf_adds(out, "</ul>\n");
	} else {
		buf_adds(out, "<p>No numbered clause changed.</p>\n");
	}

	buf_adds(out, "<h2>Text</h2>\n<p class=\"legend\">Deleted text is <span class=\"del\">struck through</span>, "
		      "inserted text <span class=\"ins\">underlined</span>.</p>\n<div class=\"text\">");
	if (!d->n) {
		text_html(out, r->new_text, r->nlen);
	} else {
		for (size_t i = 0; i < w->n; i++) {
			const struct word_seg *s = &w->segs[i];
			switch (s->kind) {
			case WORD_HUNK:
			case WORD_MARK:
				break;
			case WORD_CTX:
				text_html(out, s->text, s->len);
				break;
			case WORD_DEL:
				buf_adds(out, "<del>");
				text_html(out, s->text, s->len);
				buf_adds(out, "</del>");
				break;
			case WORD_ADD:
				buf_adds(out, "<ins>");
				text_html(out, s->text, s->len);
				buf_adds(out, "</ins>");
				break;
			}
		}
	}
	buf_adds(out, "</div>\n</body>\n</html>\n");
	diff_free(d);
	word_diff_free(w);
	clause_list_free(cl);
	return 0;
}

/* ---- the notice promised */

static int ci_has(const char *s, size_t n, const char *word)
{
	size_t wl = strlen(word);
	for (size_t i = 0; i + wl <= n; i++)
		if (!strncasecmp(s + i, word, wl))
			return 1;
	return 0;
}

static const struct {
	const char *w;
	int n;
} numwords[] = { { "seven", 7 },     { "ten", 10 },     { "fourteen", 14 }, { "fifteen", 15 }, { "twenty-one", 21 },
		 { "twenty", 20 },   { "thirty", 30 },  { "forty-five", 45 }, { "forty", 40 }, { "sixty", 60 },
		 { "ninety", 90 } };

/* The number just before position `at` (after skipping blanks, "(30)"
 * forms and a "-" of "30-day"): digits or a number word; -1 none. */
static int number_before(const char *s, size_t at)
{
	size_t e = at;
	while (e && (s[e - 1] == ' ' || s[e - 1] == '-' || s[e - 1] == '\n'))
		e--;
	if (e && s[e - 1] == ')') { /* "thirty (30) days" */
		size_t p = e - 1;
		while (p && isdigit((unsigned char)s[p - 1]))
			p--;
		if (p && s[p - 1] == '(' && p < e - 1)
			return atoi(s + p);
		return -1;
	}
	size_t p = e;
	while (p && isdigit((unsigned char)s[p - 1]))
		p--;
	if (p < e && (!p || !isalnum((unsigned char)s[p - 1])))
		return atoi(s + p);
	p = e;
	while (p && (isalpha((unsigned char)s[p - 1]) || s[p - 1] == '-'))
		p--;
	for (size_t k = 0; k < ARRAY_SIZE(numwords); k++)
		if (e - p == strlen(numwords[k].w) && !strncasecmp(s + p, numwords[k].w, e - p))
			return numwords[k].n;
	return -1;
}

int redline_notice_promise(const char *text, size_t len, int *days, char **clause)
{
	*days = 0;
	*clause = NULL;
	/* the clause: a heading about changes to these terms, outside code */
	size_t i = 0, body = 0, bend = 0;
	int found = 0, fence = 0;
	char *label = NULL;
	while (i < len) {
		const char *ln = text + i;
		const char *nl = memchr(ln, '\n', len - i);
		size_t ll = nl ? (size_t)(nl - ln) : len - i;
		size_t next = nl ? i + ll + 1 : len;
		if (ll >= 3 && (!strncmp(ln, "```", 3) || !strncmp(ln, "~~~", 3)))
			fence = !fence;
		int lv = 0;
		while (!fence && lv < (int)ll && ln[lv] == '#')
			lv++;
		int heading = lv >= 1 && lv <= 6 && (size_t)lv < ll && ln[lv] == ' ';
		if (heading && found == 1) {
			bend = i;
			found = 2;
		}
		if (heading && !found && ci_has(ln, ll, "change") &&
		    (ci_has(ln, ll, "terms") || ci_has(ln, ll, "agreement") || ci_has(ln, ll, "policy") ||
		     ci_has(ln, ll, "conditions"))) {
			const char *h = ln + lv;
			size_t hl = ll - (size_t)lv;
			while (hl && (*h == ' ' || *h == '\t')) {
				h++;
				hl--;
			}
			while (hl && (h[hl - 1] == ' ' || h[hl - 1] == '#' || h[hl - 1] == '\r'))
				hl--;
			size_t k = 0;
			while (k < hl && (isdigit((unsigned char)h[k]) || (k && h[k] == '.')))
				k++;
			if (k && k < hl && h[k] == ' ') {
				size_t nk = k;
				while (nk && h[nk - 1] == '.')
					nk--;
				label = xasprintf("§%.*s %.*s", (int)nk, h, (int)(hl - k - 1), h + k + 1);
			} else {
				label = xstrndup(h, hl);
			}
			body = next;
			found = 1;
		}
		i = next;
	}
	if (!found)
		return 0;
	if (found == 1)
		bend = len;
	/* its sentences that mention notice, and the days in them */
	int value = 0, rc = 0;
	const char *s = text + body;
	size_t n = bend - body, a = 0;
	while (a < n && rc >= 0) {
		size_t e = a;
		while (e < n && !(s[e] == '.' && (e + 1 >= n || s[e + 1] == ' ' || s[e + 1] == '\n')) &&
		       !(s[e] == '\n' && e + 1 < n && s[e + 1] == '\n'))
			e++;
		if (ci_has(s + a, e - a, "notice") || ci_has(s + a, e - a, "notify") || ci_has(s + a, e - a, "tell you")) {
			if (ci_has(s + a, e - a, "business day") || ci_has(s + a, e - a, "working day") ||
			    ci_has(s + a, e - a, "week") || ci_has(s + a, e - a, "month"))
				rc = -1;
			for (size_t k = a; k + 3 <= e && rc >= 0; k++) {
				if (strncasecmp(s + k, "day", 3) || (k > a && isalpha((unsigned char)s[k - 1])))
					continue;
				int v = number_before(s, k);
				if (v <= 0)
					continue;
				if (value && v != value)
					rc = -1;
				value = v;
				rc = rc < 0 ? rc : 1;
			}
		}
		a = e + 1;
	}
	if (rc == 1) {
		*days = value;
		*clause = label;
		return 1;
	}
	free(label);
	return rc;
}

int redline_notice_short(const char *bound, size_t blen, dk_time published, dk_time effective, int notice_days,
			 long *given, int *promised, char **clause)
{
	*clause = NULL;
	if (redline_notice_promise(bound, blen, promised, clause) != 1)
		return 0;
	dk_time binding = published + (dk_time)(notice_days > 0 ? notice_days : 0) * 86400;
	if (effective > binding)
		binding = effective;
	*given = (long)((binding - published) / 86400);
	if (*given < *promised)
		return 1;
	free(*clause);
	*clause = NULL;
	return 0;
}
