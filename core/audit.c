/* audit.c - the audit trail's hash chain (see audit.h). */
#include "core/audit.h"

#include "data/store.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void audit_canonical(struct buf *b, int64_t seq, dk_time at, const char *actor, const char *action,
			    const char *object, const char *detail)
{
	/* "%lld\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%s", without printf: the audit
	 * trail hashes a row per action */
	char num[48];
	buf_reset(b);
	int n = snprintf(num, sizeof(num), "%lld\x1f%lld\x1f", (long long)seq, (long long)at);
	buf_add(b, num, (size_t)n);
	const char *parts[] = { actor, action, object, detail };
	for (int i = 0; i < 4; i++) {
		if (i)
			buf_addc(b, '\x1f');
		buf_adds(b, parts[i] ? parts[i] : "");
	}
}

int audit_append(struct store *st, dk_time at, const char *actor, const char *action, const char *object,
		 const char *detail)
{
	int64_t last = 0;
	char prev[SHA256_HEX_LEN + 1];
	int rc = store_audit_last(st, &last, prev);
	if (rc)
		return rc;
	if (!last)
		snprintf(prev, sizeof(prev), "%s", AUDIT_ZERO_HASH);
	if (!detail)
		detail = "";
	char hash[SHA256_HEX_LEN + 1];
	struct buf b = BUF_INIT;
	audit_canonical(&b, last + 1, at, actor, action, object, detail);
	sha256_hex2(prev, buf_str(&b), hash);
	buf_release(&b);
	return store_audit_insert(st, last + 1, at, actor, action, object, detail, prev, hash);
}

struct verify {
	char prev[SHA256_HEX_LEN + 1];
	int64_t expect;
	int64_t bad;
	struct buf b;
};

static const char *or_empty(const char *s) { return s ? s : ""; }

static int verify_row(const struct audit_row *r, void *ctx)
{
	struct verify *v = ctx;
	char calc[SHA256_HEX_LEN + 1];
	if (r->seq != v->expect) {
		v->bad = v->expect;
		return err_set(DK_ERR, "audit: row %lld: missing (the chain jumps to row %lld)", (long long)v->expect,
			       (long long)r->seq);
	}
	if (strcmp(or_empty(r->prev_hash), v->prev)) {
		v->bad = r->seq;
		return err_set(DK_ERR, "audit: row %lld: does not follow row %lld (rows removed or reordered)",
			       (long long)r->seq, (long long)r->seq - 1);
	}
	audit_canonical(&v->b, r->seq, r->at, or_empty(r->actor), or_empty(r->action), or_empty(r->object),
			or_empty(r->detail));
	sha256_hex2(v->prev, buf_str(&v->b), calc);
	if (strcmp(calc, or_empty(r->hash))) {
		v->bad = r->seq;
		return err_set(DK_ERR, "audit: row %lld: contents do not match its hash (edited)", (long long)r->seq);
	}
	snprintf(v->prev, sizeof(v->prev), "%s", or_empty(r->hash));
	v->expect++;
	return 0;
}

int audit_verify(struct store *st, int64_t *bad_seq, int64_t *rows)
{
	struct verify v = { .prev = AUDIT_ZERO_HASH, .expect = 1, .b = BUF_INIT };
	int rc = store_audit_foreach(st, verify_row, &v);
	buf_release(&v.b);
	int64_t expect = v.expect;
	*bad_seq = v.bad;
	*rows = expect - 1;
	if (rc)
		return rc;
	/* The head is kept apart from the rows so that cutting rows off the
	 * end is noticed too. */
	char *head = NULL;
	if ((rc = store_audit_head(st, &head)))
		return rc;
	if (head || expect > 1) {
		char want[128];
		snprintf(want, sizeof(want), "%lld %s", (long long)(expect - 1), v.prev);
		if (!head || strcmp(head, want)) {
			long long hs = head ? atoll(head) : 0;
			*bad_seq = hs > expect - 1 ? expect : (expect > 1 ? expect - 1 : 1);
			rc = err_set(DK_ERR, "audit: row %lld: the chain's recorded head does not match (%s)",
				     (long long)*bad_seq, hs > expect - 1 ? "rows removed from the end" : "head edited");
		}
	}
	free(head);
	return rc;
}
