/* parse.c - one inbound RFC 5322 message through GMime 3 into the
 * struct mail_in core/mail.h takes: decoded headers, the text body in
 * UTF-8 (text/plain preferred, HTML turned into text), attachments, the
 * machine-mail headers and a delivery status notification's fields. */
#include "mail/mail_impl.h"

#include "lib/util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <gmime/gmime.h>
#include <ytnef.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static int gmime_up;

void mail_gmime_init(void)
{
	if (!gmime_up) {
		g_mime_init();
		gmime_up = 1;
	}
}

void mail_gmime_shutdown(void)
{
	if (gmime_up) {
		g_mime_shutdown();
		gmime_up = 0;
	}
}

/* ---- storage */

static const char *keep(struct mail_parsed *p, char *s)
{
	if (!s)
		return NULL;
	grow_array((void **)&p->strs, &p->capstrs, p->nstrs + 1, sizeof(char *));
	p->strs[p->nstrs++] = s;
	return s;
}

static const char *keep_dup(struct mail_parsed *p, const char *s)
{
	return s ? keep(p, xstrdup(s)) : NULL;
}

static void note(struct mail_parsed *p, const char *what)
{
	if (p->notes && strstr(p->notes, what))
		return;
	char *n = p->notes ? xasprintf("%s; %s", p->notes, what) : xstrdup(what);
	free(p->notes);
	p->notes = n;
}

static void body_add(struct mail_parsed *p, const char *s, size_t n)
{
	if (p->bodylen + n + 1 > p->bodycap) {
		p->bodycap = (p->bodylen + n + 1) * 2;
		p->body = xrealloc(p->body, p->bodycap);
	}
	memcpy(p->body + p->bodylen, s, n);
	p->bodylen += n;
	p->body[p->bodylen] = 0;
}

static void body_adds(struct mail_parsed *p, const char *s)
{
	body_add(p, s, strlen(s));
}

void mail_parsed_free(struct mail_parsed *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nstrs; i++)
		free(p->strs[i]);
	free(p->strs);
	free(p->atts);
	free(p->refs);
	free(p->body);
	free(p->notes);
	free(p);
}

/* ---- charsets */

static int valid_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		size_t k;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			k = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
		} else {
			return 0;
		}
		for (size_t j = 1; j <= k; j++)
			if (i + j >= n || (s[i + j] & 0xC0) != 0x80)
				return 0;
		i += k + 1;
	}
	return 1;
}

/* iconv the whole input; strict: fail on any invalid byte, else replace
 * it with U+FFFD. NULL when the charset is unknown or (strict) invalid. */
static char *convert(const char *s, size_t len, const char *cs, int strict)
{
	iconv_t cd = g_mime_iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = len * 4 + 16, used = 0;
	char *out = xmalloc(cap);
	char *in = (char *)(uintptr_t)s;
	size_t inleft = len;
	while (inleft > 0) {
		char *op = out + used;
		size_t oleft = cap - used - 4;
		size_t r = iconv(cd, &in, &inleft, &op, &oleft);
		used = (size_t)(op - out);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			cap *= 2;
			out = xrealloc(out, cap);
			continue;
		}
		/* EILSEQ or EINVAL (truncated at the end) */
		if (strict) {
			free(out);
			g_mime_iconv_close(cd);
			return NULL;
		}
		if (cap - used < 8) {
			cap *= 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + used, "\xEF\xBF\xBD", 3);
		used += 3;
		in++;
		inleft--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* flush shift states (ISO-2022-JP) */
	char *op = out + used;
	size_t oleft = cap - used - 4;
	iconv(cd, NULL, NULL, &op, &oleft);
	used = (size_t)(op - out);
	out[used] = 0;
	g_mime_iconv_close(cd);
	return out;
}

char *mail_to_utf8(const char *s, size_t len, const char *cs, const char *charsets, const char **why)
{
	*why = NULL;
	if (!s || !len)
		return xstrdup("");
	int declared = cs && *cs && strcasecmp(cs, "us-ascii") && strcasecmp(cs, "ascii");
	if (declared && (!strcasecmp(cs, "utf-8") || !strcasecmp(cs, "utf8"))) {
		if (valid_utf8((const unsigned char *)s, len))
			return xstrndup(s, len);
		*why = "invalid UTF-8 (read with the fallback charsets)";
	} else if (declared) {
		char *r = convert(s, len, cs, 1);
		if (r)
			return r;
		r = convert(s, len, cs, 0);
		if (r) {
			*why = "bytes invalid in the declared charset were replaced";
			return r;
		}
		*why = "unknown charset (read with the fallback charsets)";
	} else {
		if (valid_utf8((const unsigned char *)s, len)) {
			/* 7-bit ISO-2022-JP without a charset (Outlook) */
			if (memmem(s, len, "\x1b$B", 3) || memmem(s, len, "\x1b$@", 3)) {
				char *r = convert(s, len, "iso-2022-jp", 1);
				if (r) {
					*why = "undeclared ISO-2022-JP";
					return r;
				}
			}
			return xstrndup(s, len);
		}
		*why = "undeclared 8-bit text (read with the fallback charsets)";
	}
	char list[256];
	snprintf(list, sizeof(list), "%s", charsets && *charsets ? charsets : "windows-1252,iso-8859-1");
	for (char *save = NULL, *c = strtok_r(list, ", ", &save); c; c = strtok_r(NULL, ", ", &save)) {
		char *r = convert(s, len, c, 1);
		if (r)
			return r;
	}
	char *r = convert(s, len, "iso-8859-1", 0);
	return r ? r : xstrndup(s, len);
}

/* LF line ends, no control characters but tab and newline, no NULs. */
static char *tidy_text(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		unsigned char c = (unsigned char)*r;
		if (c == '\r') {
			if (r[1] != '\n')
				*w++ = '\n';
			continue;
		}
		if ((c < 32 && c != '\n' && c != '\t') || c == 127)
			continue;
		*w++ = (char)c;
	}
	*w = 0;
	return s;
}

/* One line: tidy_text, then tabs and newlines become spaces. */
static char *tidy_line(char *s)
{
	tidy_text(s);
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	return s;
}

/* ---- parts */

struct walk {
	struct mail_parsed *p;
	const char *charsets;
	size_t max_att;
	GMimeParserOptions *opts;
	int depth;
};

static GByteArray *part_bytes(GMimePart *part)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *mem = g_mime_stream_mem_new();
	if (w)
		g_mime_data_wrapper_write_to_stream(w, mem);
	GByteArray *ba = g_byte_array_new();
	GByteArray *src = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	if (src && src->len)
		g_byte_array_append(ba, src->data, src->len);
	g_object_unref(mem);
	return ba;
}

static char *part_text(struct walk *w, GMimeObject *obj)
{
	GByteArray *ba = part_bytes(GMIME_PART(obj));
	const char *cs = g_mime_object_get_content_type_parameter(obj, "charset");
	const char *why = NULL;
	char *t = mail_to_utf8((const char *)ba->data, ba->len, cs, w->charsets, &why);
	g_byte_array_free(ba, TRUE);
	if (why)
		note(w->p, why);
	return tidy_text(t);
}

static void add_text(struct walk *w, const char *t)
{
	if (!t || !*t)
		return;
	if (w->p->bodylen && w->p->body[w->p->bodylen - 1] != '\n')
		body_adds(w->p, "\n");
	if (w->p->bodylen)
		body_adds(w->p, "\n");
	body_adds(w->p, t);
}

/* One attachment row of the parse: data copied, name tidied. */
static void push_att(struct mail_parsed *p, const char *name, const char *type, const void *bytes, size_t len,
		     int is_inline)
{
	grow_array((void **)&p->atts, &p->capatts, p->natts + 1, sizeof(*p->atts));
	char *data = xmalloc(len + 1);
	if (len)
		memcpy(data, bytes, len);
	data[len] = 0;
	p->atts[p->natts].name = name ? keep(p, tidy_line(xstrdup(name))) : NULL;
	p->atts[p->natts].type = keep_dup(p, type ? type : "application/octet-stream");
	p->atts[p->natts].data = keep(p, data);
	p->atts[p->natts].len = len;
	p->atts[p->natts].is_inline = is_inline;
	p->natts++;
}

/* A MAPI string property of a TNEF attachment (8-bit or UTF-16LE) as
 * UTF-8; NULL when absent. Caller frees. */
static char *tnef_string(MAPIProps *props, unsigned int id)
{
	variableLength *v = MAPIFindProperty(props, PROP_TAG(PT_STRING8, id));
	if (v != MAPI_UNDEFINED && v->size > 0) {
		size_t n = (size_t)v->size;
		while (n && !v->data[n - 1])
			n--;
		/* Outlook writes the ANSI code page; without it, Latin-1 is
		 * the common case and never fails */
		return g_convert((const char *)v->data, (gssize)n, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
	}
	v = MAPIFindProperty(props, PROP_TAG(PT_UNICODE, id));
	if (v != MAPI_UNDEFINED && v->size > 1) {
		size_t n = (size_t)v->size & ~(size_t)1;
		while (n >= 2 && !v->data[n - 1] && !v->data[n - 2])
			n -= 2;
		return g_convert((const char *)v->data, (gssize)n, "UTF-8", "UTF-16LE", NULL, NULL, NULL);
	}
	return NULL;
}

/* winmail.dat (application/ms-tnef): the files inside it, through Debian's
 * libytnef, as attachments of their own beside the winmail.dat itself
 * (kept as received: the evidence). A stream libytnef cannot read stays
 * as it is, with a note. */
static void unpack_tnef(struct walk *w, const GByteArray *ba)
{
	TNEFStruct tnef;
	TNEFInitialize(&tnef);
	tnef.Debug = 0; /* TNEFInitialize leaves it as it finds it: its traces go to stdout */
	/* libytnef prints its complaints about a bad stream with printf:
	 * stdout carries `mail in`'s result line, so it goes to /dev/null
	 * for the call (and stderr too: nothing of a hostile stream reaches a
	 * terminal) */
	fflush(stdout);
	fflush(stderr);
	int out = dup(1), err = dup(2), null = open("/dev/null", O_WRONLY);
	if (null >= 0) {
		dup2(null, 1);
		dup2(null, 2);
		close(null);
	}
	int rc = TNEFParseMemory(ba->data, (long)ba->len, &tnef);
	fflush(stdout);
	fflush(stderr);
	if (out >= 0) {
		dup2(out, 1);
		close(out);
	}
	if (err >= 0) {
		dup2(err, 2);
		close(err);
	}
	if (rc < 0) {
		note(w->p, "winmail.dat: not a TNEF stream libytnef can read; kept as it is");
		TNEFFree(&tnef);
		return;
	}
	int found = 0;
	for (Attachment *a = tnef.starting_attach.next; a; a = a->next) {
		if (a->FileData.size <= 0 || !a->FileData.data)
			continue;
		if ((size_t)a->FileData.size > w->max_att) {
			note(w->p, "winmail.dat: a file in it is over the size limit: kept in winmail.dat only");
			continue;
		}
		char *name = tnef_string(&a->MAPI, PR_ATTACH_LONG_FILENAME);
		if (!name && a->Title.size > 0)
			name = g_convert((const char *)a->Title.data, (gssize)strnlen((const char *)a->Title.data,
										     (size_t)a->Title.size),
					 "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
		char *mime = tnef_string(&a->MAPI, PR_ATTACH_MIME_TAG);
		if (!mime || !*mime) {
			/* TNEF rarely says: the shared MIME database guesses from
			 * the name and the first bytes (GIO, under GMime) */
			g_free(mime);
			char *ct = g_content_type_guess(name, a->FileData.data, (gsize)a->FileData.size, NULL);
			mime = ct ? g_content_type_get_mime_type(ct) : NULL;
			g_free(ct);
		}
		push_att(w->p, name, mime && *mime ? mime : "application/octet-stream", a->FileData.data,
			 (size_t)a->FileData.size, 0);
		g_free(name);
		g_free(mime);
		found++;
	}
	if (!w->p->bodylen && tnef.body.size > 0) {
		/* the message text, when it travelled only inside the TNEF */
		char *t = g_convert((const char *)tnef.body.data,
				    (gssize)strnlen((const char *)tnef.body.data, (size_t)tnef.body.size), "UTF-8",
				    "WINDOWS-1252", NULL, NULL, NULL);
		if (t)
			add_text(w, t);
		g_free(t);
	}
	char *n = xasprintf("winmail.dat: %d file%s unpacked", found, found == 1 ? "" : "s");
	note(w->p, n);
	free(n);
	TNEFFree(&tnef);
}

static int type_is(GMimeObject *obj, const char *type, const char *sub);

static void add_attachment(struct walk *w, GMimeObject *obj, int is_inline)
{
	GByteArray *ba = part_bytes(GMIME_PART(obj));
	const char *name = g_mime_part_get_filename(GMIME_PART(obj));
	char *type = g_mime_content_type_get_mime_type(g_mime_object_get_content_type(obj));
	if (ba->len > w->max_att) {
		char *n = xasprintf("attachment %s (%u bytes) over the size limit: kept in the raw message only",
				    name ? name : "(unnamed)", ba->len);
		note(w->p, n);
		free(n);
	} else {
		push_att(w->p, name, type, ba->data, ba->len, is_inline);
		if (type_is(obj, "application", "ms-tnef") || type_is(obj, "application", "vnd.ms-tnef") ||
		    (name && !strcasecmp(name, "winmail.dat")))
			unpack_tnef(w, ba);
	}
	g_free(type);
	g_byte_array_free(ba, TRUE);
}

static int type_is(GMimeObject *obj, const char *type, const char *sub)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	return ct && g_mime_content_type_is_type(ct, type, sub);
}

/* "Name: value" fields of a delivery-status body: the first recipient's. */
static void read_delivery_status(struct walk *w, const char *text)
{
	struct mail_parsed *p = w->p;
	char *copy = xstrdup(text);
	/* unfold */
	for (char *s = copy; *s; s++)
		if (*s == '\n' && (s[1] == ' ' || s[1] == '\t'))
			*s = ' ';
	for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = 0;
		char *v = colon + 1;
		while (isspace((unsigned char)*v))
			v++;
		size_t vl = strlen(v);
		while (vl && isspace((unsigned char)v[vl - 1]))
			v[--vl] = 0;
		const char *semi = strchr(v, ';');
		if (!strcasecmp(line, "Action") && !p->in.report_action)
			p->in.report_action = keep_dup(p, v);
		else if (!strcasecmp(line, "Status") && !p->in.report_status)
			p->in.report_status = keep_dup(p, v);
		else if ((!strcasecmp(line, "Final-Recipient") || !strcasecmp(line, "Original-Recipient")) &&
			 !p->in.report_rcpt) {
			const char *a = semi ? semi + 1 : v;
			while (isspace((unsigned char)*a))
				a++;
			p->in.report_rcpt = keep_dup(p, a);
		} else if (!strcasecmp(line, "Diagnostic-Code") && !p->in.report_diag) {
			const char *a = semi ? semi + 1 : v;
			while (isspace((unsigned char)*a))
				a++;
			p->in.report_diag = keep(p, xstrndup(a, 200));
		}
	}
	free(copy);
}

static void walk_object(struct walk *w, GMimeObject *obj);

/* The Message-ID of a reported message (message/rfc822 or
 * text/rfc822-headers). */
static void reported_message(struct walk *w, GMimeObject *obj)
{
	if (w->p->in.report_msgid)
		return;
	const char *id = NULL;
	GMimeMessage *m = NULL;
	if (GMIME_IS_MESSAGE_PART(obj)) {
		m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
		if (m)
			id = g_mime_message_get_message_id(m);
		if (id)
			w->p->in.report_msgid = keep_dup(w->p, id);
		return;
	}
	GByteArray *ba = part_bytes(GMIME_PART(obj));
	g_byte_array_append(ba, (const guint8 *)"\n\n", 2);
	GMimeStream *s = g_mime_stream_mem_new_with_buffer((const char *)ba->data, ba->len);
	GMimeParser *ps = g_mime_parser_new_with_stream(s);
	m = g_mime_parser_construct_message(ps, w->opts);
	if (m && (id = g_mime_message_get_message_id(m)))
		w->p->in.report_msgid = keep_dup(w->p, id);
	if (m)
		g_object_unref(m);
	g_object_unref(ps);
	g_object_unref(s);
	g_byte_array_free(ba, TRUE);
}

static void walk_multipart(struct walk *w, GMimeMultipart *mp, GMimeObject *obj)
{
	int n = g_mime_multipart_get_count(mp);
	if (type_is(obj, "multipart", "alternative")) {
		/* text/plain first, else HTML, else the richest part we can read */
		GMimeObject *plain = NULL, *html = NULL, *other = NULL;
		for (int i = 0; i < n; i++) {
			GMimeObject *c = g_mime_multipart_get_part(mp, i);
			if (!plain && type_is(c, "text", "plain"))
				plain = c;
			else if (!html && type_is(c, "text", "html"))
				html = c;
			else if (!other && GMIME_IS_MULTIPART(c))
				other = c;
		}
		GMimeObject *pick = plain ? plain : other ? other : html;
		if (plain && other) {
			/* multipart/related with the HTML: plain still wins */
			pick = plain;
		}
		if (pick)
			walk_object(w, pick);
		return;
	}
	if (type_is(obj, "multipart", "report")) {
		const char *rt = g_mime_object_get_content_type_parameter(obj, "report-type");
		if (rt && !strcasecmp(rt, "delivery-status"))
			w->p->in.is_report = 1;
	}
	if (type_is(obj, "multipart", "signed")) {
		/* the content, then the signature as an attachment */
		for (int i = 0; i < n; i++) {
			GMimeObject *c = g_mime_multipart_get_part(mp, i);
			if (i == 0)
				walk_object(w, c);
			else if (GMIME_IS_PART(c))
				add_attachment(w, c, 0);
		}
		return;
	}
	for (int i = 0; i < n; i++)
		walk_object(w, g_mime_multipart_get_part(mp, i));
}

static void walk_object(struct walk *w, GMimeObject *obj)
{
	if (!obj || ++w->depth > 32) {
		w->depth--;
		return;
	}
	if (GMIME_IS_MULTIPART(obj)) {
		if (GMIME_IS_MULTIPART_ENCRYPTED(obj)) {
			GMimeMultipart *mp = GMIME_MULTIPART(obj);
			for (int i = 0; i < g_mime_multipart_get_count(mp); i++) {
				GMimeObject *c = g_mime_multipart_get_part(mp, i);
				if (GMIME_IS_PART(c))
					add_attachment(w, c, 0);
			}
			note(w->p, "encrypted: kept as attachments");
		} else {
			walk_multipart(w, GMIME_MULTIPART(obj), obj);
		}
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		if (w->p->in.is_report) {
			reported_message(w, obj);
		} else {
			GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
			if (m) {
				/* a forwarded message: its headers, then its text */
				char *from = internet_address_list_to_string(g_mime_message_get_from(m), NULL, FALSE);
				const char *subj = g_mime_message_get_subject(m);
				const char *date = g_mime_object_get_header(GMIME_OBJECT(m), "Date");
				char *h = xasprintf("---------- Forwarded message ----------\nFrom: %s\nDate: %s\nSubject: %s\n",
						    from ? from : "", date ? date : "", subj ? subj : "");
				g_free(from);
				add_text(w, tidy_text(h));
				free(h);
				walk_object(w, g_mime_message_get_mime_part(m));
			}
		}
	} else if (GMIME_IS_PART(obj)) {
		const char *disp = g_mime_object_get_disposition(obj);
		int attachment = disp && !strcasecmp(disp, "attachment");
		if (w->p->in.is_report && (type_is(obj, "message", "delivery-status") ||
					   type_is(obj, "message", "global-delivery-status"))) {
			char *t = part_text(w, obj);
			read_delivery_status(w, t);
			free(t);
		} else if (w->p->in.is_report && type_is(obj, "text", "rfc822-headers")) {
			reported_message(w, obj);
		} else if (!attachment && type_is(obj, "text", "plain")) {
			char *t = part_text(w, obj);
			add_text(w, t);
			free(t);
		} else if (!attachment && type_is(obj, "text", "html")) {
			char *t = part_text(w, obj);
			char *txt = mail_html_to_text(t, strlen(t));
			add_text(w, txt);
			free(txt);
			free(t);
			note(w->p, "HTML converted to text");
		} else {
			const char *cid = g_mime_object_get_content_id(obj);
			add_attachment(w, obj, !attachment && (cid || (disp && !strcasecmp(disp, "inline"))));
		}
	}
	w->depth--;
}

/* ---- headers */

static const char *header(GMimeObject *o, const char *name)
{
	const char *v = g_mime_object_get_header(o, name);
	return v && *v ? v : NULL;
}

static const char *first_id(struct mail_parsed *p, GMimeParserOptions *opts, const char *v)
{
	if (!v)
		return NULL;
	GMimeReferences *r = g_mime_references_parse(opts, v);
	const char *id = NULL;
	if (r && g_mime_references_length(r) > 0)
		id = keep_dup(p, g_mime_references_get_message_id(r, 0));
	if (r)
		g_mime_references_free(r);
	return id;
}

/* ---- bounces that are not RFC 3464 reports (qmail, old Exim,
 * Exchange's and many providers' plain-text "delivery failed" mail) */

static int local_is(const char *addr, const char *name)
{
	const char *at = addr ? strchr(addr, '@') : NULL;
	size_t n = strlen(name);
	return at && (size_t)(at - addr) == n && !strncasecmp(addr, name, n);
}

/* The first "Message-ID: <...>" line in the body of the raw message: the
 * header of the returned message, inline or in a message/rfc822 part. */
static const char *returned_message_id(struct mail_parsed *p, const char *bytes, size_t len)
{
	const char *end = bytes + len, *b = NULL;
	for (const char *q = bytes; q + 1 < end; q++)
		if (q[0] == '\n' && (q[1] == '\n' || (q[1] == '\r' && q + 2 < end && q[2] == '\n'))) {
			b = q + 1;
			break;
		}
	for (const char *q = b; q && q < end; q++) {
		if (q != b && q[-1] != '\n')
			continue;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '>'))
			q++; /* quoted or indented copies too */
		if (end - q > 11 && !strncasecmp(q, "message-id:", 11)) {
			const char *lt = memchr(q, '<', (size_t)(end - q)), *nl = memchr(q, '\n', (size_t)(end - q));
			const char *gt = lt ? memchr(lt, '>', (size_t)(end - lt)) : NULL;
			if (lt && gt && (!nl || gt < nl) && gt - lt > 1)
				return keep(p, xstrndup(lt + 1, (size_t)(gt - lt - 1)));
		}
	}
	return NULL;
}

/* An RFC 3463 status code ("5.1.1") in text, or NULL. */
static const char *enhanced_status(struct mail_parsed *p, const char *t)
{
	for (const char *q = t; *q; q++) {
		if ((*q != '2' && *q != '4' && *q != '5') || (q > t && (isalnum((unsigned char)q[-1]) || q[-1] == '.')) ||
		    q[1] != '.')
			continue;
		const char *r = q + 2;
		int d1 = 0, d2 = 0;
		while (isdigit((unsigned char)*r) && d1 < 4)
			r++, d1++;
		if (!d1 || d1 > 3 || *r != '.')
			continue;
		r++;
		while (isdigit((unsigned char)*r) && d2 < 4)
			r++, d2++;
		if (!d2 || d2 > 3 || isalnum((unsigned char)*r) || (*r == '.' && isdigit((unsigned char)r[1])))
			continue;
		return keep(p, xstrndup(q, (size_t)(r - q)));
	}
	return NULL;
}

/* An SMTP reply code (550, 452...) as the remote server gave it ("said:
 * 550 No such user"): the RFC 3463 class it stands for ("5.0.0"), or NULL. */
static const char *smtp_reply_class(const char *t)
{
	for (const char *q = t; *q; q++) {
		if ((q[0] != '4' && q[0] != '5') || (q > t && (isalnum((unsigned char)q[-1]) || q[-1] == '.')))
			continue;
		if (q[1] >= '0' && q[1] <= '5' && isdigit((unsigned char)q[2]) && (q[3] == ' ' || q[3] == '-') &&
		    isalpha((unsigned char)q[4]))
			return q[0] == '5' ? "5.0.0" : "4.0.0";
	}
	return NULL;
}

static int has_word(const char *t, const char *w)
{
	return strcasestr(t, w) != NULL;
}

/* A bounce from MAILER-DAEMON or postmaster without a delivery-status
 * part: reported as one when it quotes the Message-ID of the message it
 * returns. The status is its RFC 3463 code; else an SMTP 5xx reply or
 * wording that says the failure is final makes it failed, wording about
 * retrying makes it delayed; a failed one without a 5.x.x code does not
 * mark the address as failing (core/mail.c). */
static void plain_bounce(struct mail_parsed *p, const char *bytes, size_t len)
{
	struct mail_in *in = &p->in;
	if (in->is_report || !(local_is(in->from_addr, "mailer-daemon") || local_is(in->from_addr, "postmaster")))
		return;
	const char *id = returned_message_id(p, bytes, len);
	if (!id || (in->message_id && !strcmp(id, in->message_id)))
		return;
	const char *t = p->body ? p->body : "";
	in->is_report = 1;
	in->report_msgid = id;
	in->report_status = enhanced_status(p, t);
	if (!in->report_status)
		in->report_status = smtp_reply_class(t);
	if (in->report_status)
		in->report_action = in->report_status[0] == '4' ? "delayed" : in->report_status[0] == '2' ? "delivered"
													  : "failed";
	else if (has_word(t, "will retry") || has_word(t, "will be retried") || has_word(t, "still trying") ||
		 has_word(t, "not yet been delivered") || has_word(t, "delayed"))
		in->report_action = "delayed";
	else
		in->report_action = "failed";
	note(p, "a bounce without a delivery-status part: read from its text");
}

struct mail_parsed *mail_parse(const char *bytes, size_t len, const char *charsets, size_t max_att,
			       const char **why)
{
	mail_gmime_init();
	*why = NULL;
	GMimeParserOptions *opts = g_mime_parser_options_new();
	g_mime_parser_options_set_rfc2047_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	/* undeclared 8-bit headers: UTF-8, then the configured fallbacks */
	char list[256];
	snprintf(list, sizeof(list), "utf-8,%s", charsets && *charsets ? charsets : "windows-1252,iso-8859-1");
	const char *cs[16];
	int ncs = 0;
	for (char *save = NULL, *c = strtok_r(list, ", ", &save); c && ncs < 15; c = strtok_r(NULL, ", ", &save))
		cs[ncs++] = c;
	cs[ncs] = NULL;
	g_mime_parser_options_set_fallback_charsets(opts, cs);

	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(bytes, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	GMimeMessage *msg = g_mime_parser_construct_message(parser, opts);
	g_object_unref(parser);
	g_object_unref(stream);
	if (!msg) {
		*why = "not an RFC 5322 message (no headers)";
		g_mime_parser_options_free(opts);
		return NULL;
	}
	GMimeObject *mo = GMIME_OBJECT(msg);
	struct mail_parsed *p = xcalloc(1, sizeof(*p));
	struct mail_in *in = &p->in;
	in->message_id = keep_dup(p, g_mime_message_get_message_id(msg));
	InternetAddressList *from = g_mime_message_get_from(msg);
	if (!from || internet_address_list_length(from) == 0)
		from = g_mime_message_get_sender(msg);
	for (int i = 0; from && i < internet_address_list_length(from); i++) {
		InternetAddress *a = internet_address_list_get_address(from, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
			const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
			if (addr && strchr(addr, '@')) {
				in->from_addr = keep_dup(p, addr);
				const char *name = internet_address_get_name(a);
				in->from_name = name && *name ? keep(p, tidy_line(xstrdup(name))) : NULL;
				break;
			}
		}
	}
	const char *subj = g_mime_message_get_subject(msg);
	in->subject = subj ? keep(p, tidy_line(xstrdup(subj))) : NULL;
	in->in_reply_to = first_id(p, opts, header(mo, "In-Reply-To"));
	const char *refs = header(mo, "References");
	if (refs) {
		GMimeReferences *r = g_mime_references_parse(opts, refs);
		for (int i = 0; r && i < g_mime_references_length(r); i++) {
			grow_array((void **)&p->refs, &p->caprefs, p->nrefs + 1, sizeof(char *));
			p->refs[p->nrefs++] = keep_dup(p, g_mime_references_get_message_id(r, i));
		}
		if (r)
			g_mime_references_free(r);
	}
	in->auto_submitted = keep_dup(p, header(mo, "Auto-Submitted"));
	in->precedence = keep_dup(p, header(mo, "Precedence"));
	in->list_id = keep_dup(p, header(mo, "List-Id"));
	in->x_loop = keep_dup(p, header(mo, "X-Loop"));
	in->autoreply_header = header(mo, "X-Autoreply") || header(mo, "X-Autorespond") ||
			       (header(mo, "X-Auto-Response-Suppress") && header(mo, "Auto-Submitted"));

	struct walk w = { .p = p, .charsets = charsets, .max_att = max_att, .opts = opts };
	walk_object(&w, g_mime_message_get_mime_part(msg));
	if (!g_mime_message_get_mime_part(msg))
		note(p, "no body");
	plain_bounce(p, bytes, len);
	in->body = keep_dup(p, p->body ? p->body : "");
	in->atts = p->atts;
	in->natts = p->natts;
	in->refs = p->refs;
	in->nrefs = p->nrefs;
	in->notes = p->notes;
	g_object_unref(msg);
	g_mime_parser_options_free(opts);
	return p;
}
