/* draft.c - the draft a reply starts from (issue 16): the customer's last
 * message quoted ("On DATE, NAME wrote:" and "> " lines), a greeting by
 * name, room for the answer, and the workspace's signature (config key
 * `signature`; "\n" in it starts a new line). One function for the TUI's
 * reply editor and `docket ticket reply --edit`. */
#include "core/desk.h"

#include "lib/buf.h"
#include "lib/dtime.h"
#include "lib/err.h"
#include "lib/util.h"
#include "data/store.h"

#include <string.h>
#include <time.h>

/* the config value with "\n" turned into new lines */
static void add_signature(struct buf *b, const char *sig)
{
	for (const char *p = sig; *p; p++) {
		if (p[0] == '\\' && p[1] == 'n') {
			buf_addc(b, '\n');
			p++;
		} else {
			buf_addc(b, *p);
		}
	}
	buf_addc(b, '\n');
}

int desk_reply_draft(struct workspace *ws, int64_t ticket_id, char **out)
{
	*out = NULL;
	struct ticket t;
	int rc = store_ticket_get(ws->store, ticket_id, &t);
	if (rc)
		return rc;
	struct customer c;
	if ((rc = store_customer_get(ws->store, t.customer_id, &c))) {
		ticket_clear(&t);
		return rc;
	}
	struct message *m = NULL;
	size_t n = 0;
	if ((rc = store_message_list(ws->store, ticket_id, &m, &n))) {
		customer_clear(&c);
		ticket_clear(&t);
		return rc;
	}
	const struct message *last = NULL;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(m[i].direction, "in"))
			last = &m[i];
	const char *name = c.name && *c.name && c.erased_at == DK_TIME_NONE ? c.name : NULL;
	struct buf b = BUF_INIT;
	if (last && last->body) {
		struct tm tm;
		char when[32];
		dk_utc_to_local(ws->tz, last->created_at, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		buf_printf(&b, "On %s, %s wrote:\n", when, name ? name : "you");
		const char *p = last->body;
		size_t len = strlen(p);
		while (len && (p[len - 1] == '\n' || p[len - 1] == '\r'))
			len--;
		for (size_t i = 0; i < len;) {
			size_t j = i;
			while (j < len && p[j] != '\n')
				j++;
			size_t e = j > i && p[j - 1] == '\r' ? j - 1 : j;
			buf_adds(&b, e > i ? "> " : ">");
			buf_add(&b, p + i, e - i);
			buf_addc(&b, '\n');
			i = j + 1;
		}
		buf_addc(&b, '\n');
	}
	if (name)
		buf_printf(&b, "Hello %s,\n\n\n\n", name);
	else
		buf_adds(&b, "Hello,\n\n\n\n");
	const char *sig = ws_config(ws, "signature", NULL);
	if (sig && *sig)
		add_signature(&b, sig);
	*out = buf_detach(&b);
	messages_free(m, n);
	customer_clear(&c);
	ticket_clear(&t);
	return 0;
}
