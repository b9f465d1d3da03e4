/* fuzz_mail.c - the mail front end's parser glue (mail/parse.c,
 * mail/html.c): any bytes an MTA hands to `docket mail in`.
 *
 * Properties:
 *  - mail_parse() never crashes; when it returns a message, its subject,
 *    sender name and body are valid UTF-8 without control characters
 *    (but '\n' and '\t' in the body), its sender address has an '@', and
 *    every attachment has a type;
 *  - mail_to_utf8() of the bytes as undeclared text is valid UTF-8;
 *  - mail_html_to_text() returns a string ending in '\n'. */
#include "fuzz.h"

#include "mail/mail_impl.h"

static int clean(const char *s, int body)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && !(body && (*p == '\n' || *p == '\t'))) || *p == 0x7f)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	struct mail_parsed *p = mail_parse((const char *)data, size, "windows-1252,iso-8859-1", 1 << 20, &why);
	if (!p) {
		FUZZ_ASSERT(why != NULL, "no message and no reason");
	} else {
		const struct mail_in *m = &p->in;
		FUZZ_ASSERT(m->body != NULL, "no body string");
		FUZZ_ASSERT(fuzz_utf8_valid(m->body, strlen(m->body), NULL, NULL), "body not valid UTF-8");
		FUZZ_ASSERT(clean(m->body, 1), "control character in the body");
		if (m->subject) {
			FUZZ_ASSERT(fuzz_utf8_valid(m->subject, strlen(m->subject), NULL, NULL), "subject not UTF-8");
			FUZZ_ASSERT(clean(m->subject, 0), "control character in the subject");
		}
		if (m->from_name)
			FUZZ_ASSERT(clean(m->from_name, 0), "control character in the sender's name");
		if (m->from_addr)
			FUZZ_ASSERT(strchr(m->from_addr, '@') != NULL, "sender address without @: %s", m->from_addr);
		for (size_t i = 0; i < m->natts; i++)
			FUZZ_ASSERT(m->atts[i].type && *m->atts[i].type, "attachment %zu without a type", i);
		(void)mail_machine_reason(m, "support@desk.example");
		mail_parsed_free(p);
	}
	const char *note = NULL;
	char *t = mail_to_utf8((const char *)data, size, NULL, NULL, &note);
	FUZZ_ASSERT(fuzz_utf8_valid(t, strlen(t), NULL, NULL), "mail_to_utf8 output not valid UTF-8");
	free(t);
	char *h = mail_html_to_text((const char *)data, size);
	size_t hn = strlen(h);
	FUZZ_ASSERT(hn > 0 && h[hn - 1] == '\n', "html text does not end in a newline");
	free(h);
	return 0;
}
