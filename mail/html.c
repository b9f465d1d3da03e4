/* html.c - HTML mail as readable text, with libxml2's HTML parser (never
 * shown as markup): blocks become lines, lists get dashes, links keep
 * their address, scripts, styles and the head are dropped. */
#include "mail/mail_impl.h"

#include "lib/buf.h"
#include "lib/util.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>
#include <strings.h>

struct out {
	struct buf b;
	int nl;    /* newlines owed before the next text (0..2) */
	int space; /* a space owed */
	int pre;
};

static void owe_nl(struct out *o, int n)
{
	if (o->nl < n)
		o->nl = n;
}

static void text(struct out *o, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (!o->pre && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')) {
			o->space = 1;
			continue;
		}
		if (o->pre && c == '\n') {
			buf_addc(&o->b, '\n');
			continue;
		}
		if (o->nl && o->b.len) {
			while (o->b.len && o->b.data[o->b.len - 1] == ' ')
				buf_truncate(&o->b, o->b.len - 1);
			for (int i = 0; i < o->nl; i++)
				buf_addc(&o->b, '\n');
		} else if (o->space && o->b.len && o->b.data[o->b.len - 1] != '\n') {
			buf_addc(&o->b, ' ');
		}
		o->nl = 0;
		o->space = 0;
		/* a non-breaking space is a space */
		if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {
			buf_addc(&o->b, ' ');
			s++;
			continue;
		}
		buf_addc(&o->b, (char)c);
	}
}

static int is(const xmlNode *n, const char *name)
{
	return !strcasecmp((const char *)n->name, name);
}

static int block(const xmlNode *n)
{
	static const char *const names[] = { "div", "tr", "table", "ul", "ol", "dl", "dt", "dd", "section", "article",
					     "header", "footer", "address", "center", "form", "li", NULL };
	for (const char *const *p = names; *p; p++)
		if (is(n, *p))
			return 1;
	return 0;
}

static int para(const xmlNode *n)
{
	static const char *const names[] = { "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", NULL };
	for (const char *const *p = names; *p; p++)
		if (is(n, *p))
			return 1;
	return 0;
}

static void walk(struct out *o, xmlNode *n, int depth)
{
	for (; n && depth < 200; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				text(o, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is(n, "script") || is(n, "style") || is(n, "head") || is(n, "title") || is(n, "noscript") ||
		    is(n, "template"))
			continue;
		if (is(n, "br")) {
			if (o->nl < 2)
				o->nl++;
			if (o->nl == 1 && !o->b.len)
				o->nl = 0;
			continue;
		}
		if (is(n, "hr")) {
			owe_nl(o, 1);
			text(o, "----");
			owe_nl(o, 1);
			continue;
		}
		if (is(n, "img")) {
			xmlChar *alt = xmlGetProp(n, (const xmlChar *)"alt");
			if (alt && *alt) {
				text(o, " [");
				text(o, (const char *)alt);
				text(o, "] ");
			}
			xmlFree(alt);
			continue;
		}
		int p = para(n), b = block(n);
		if (p)
			owe_nl(o, 2);
		else if (b)
			owe_nl(o, 1);
		if (is(n, "li"))
			text(o, "- ");
		if (is(n, "td") || is(n, "th"))
			o->space = 1;
		int was_pre = o->pre;
		if (is(n, "pre"))
			o->pre = 1;
		size_t before = o->b.len;
		walk(o, n->children, depth + 1);
		o->pre = was_pre;
		if (is(n, "a")) {
			xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
			if (href && (!strncasecmp((const char *)href, "http", 4) ||
				     !strncasecmp((const char *)href, "mailto:", 7))) {
				const char *h = (const char *)href;
				if (!strncasecmp(h, "mailto:", 7))
					h += 7;
				/* the address only when the text does not show it */
				if (!memmem(o->b.data ? o->b.data + before : "", o->b.len - before, h, strlen(h))) {
					text(o, " <");
					text(o, h);
					text(o, ">");
				}
			}
			xmlFree(href);
		}
		if (p)
			owe_nl(o, 2);
		else if (b)
			owe_nl(o, 1);
	}
}

char *mail_html_to_text(const char *html, size_t len)
{
	struct out o = { .b = BUF_INIT };
	if (!html || !len) {
		buf_addc(&o.b, '\n');
		return buf_detach(&o.b);
	}
	if (len > 0x7fffffff)
		len = 0x7fffffff;
	htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
					HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
						HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED);
	if (doc) {
		walk(&o, xmlDocGetRootElement(doc), 0); /* and its siblings */
		xmlFreeDoc(doc);
	}
	while (o.b.len && (o.b.data[o.b.len - 1] == ' ' || o.b.data[o.b.len - 1] == '\n'))
		buf_truncate(&o.b, o.b.len - 1);
	buf_addc(&o.b, '\n');
	return buf_detach(&o.b);
}
