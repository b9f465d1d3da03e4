/* gen.c - benchmark workspace generator: N tickets, M customers, about
 * three messages per ticket, obligations from the workspace's rule pack.
 *
 * usage: build/bench/gen DIR [--tickets N] [--customers M] [--seed S]
 *
 * Writes through data/ in large transactions (one audit row per batch)
 * instead of one transaction per action as the desk does: the point is
 * a big, realistic database, quickly. */
#include "lib/err.h"
#include "core/audit.h"
#include "core/init.h"
#include "core/obligations.h"
#include "lib/util.h"
#include "core/workspace.h"
#include "data/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng_s;
static uint64_t rnd(void)
{
	uint64_t z = (rng_s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static const char *const words[] = {
	"order", "refund", "account", "delivery", "invoice", "payment", "parcel", "address", "password", "email",
	"subscription", "cancel", "return", "damaged", "charged", "twice", "please", "help", "thanks", "hello",
	"data", "personal", "copy", "delete", "erase", "complaint", "service", "agent", "phone", "week",
	"tracking", "number", "received", "missing", "broken", "screen", "replacement", "warranty", "store", "app",
	"login", "reset", "link", "expired", "discount", "voucher", "price", "plan", "upgrade", "downgrade",
	"shipping", "courier", "weekend", "monday", "friday", "urgent", "waiting", "reply", "manager", "policy",
};
static const char *const kinds[] = { "question", "question", "question", "complaint", "complaint", "data-access",
				     "data-erasure", "refund", "rectification", "objection", "opt-out", "data-portability" };
static const char *const jurs[] = { "DE", "FR", "IE", "GB", "US-CA", "US-NY", "BR", "CA", "NL", "ES" };
static const char *const statuses[] = { "new", "open", "pending", "resolved", "closed", "closed", "resolved", "closed" };

static void sentence(struct buf *b, int n)
{
	for (int i = 0; i < n; i++) {
		/* skewed: low indexes are common words */
		uint64_t r = rnd() % 1000;
		size_t w = (size_t)(r * r / 1000 * ARRAY_SIZE(words) / 1000);
		buf_adds(b, words[w % ARRAY_SIZE(words)]);
		buf_addc(b, i + 1 < n ? ' ' : '.');
	}
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	int64_t tickets = 1000000, customers = 100000;
	rng_s = 42;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--tickets") && i + 1 < argc)
			tickets = atoll(argv[++i]);
		else if (!strcmp(argv[i], "--customers") && i + 1 < argc)
			customers = atoll(argv[++i]);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			rng_s = (uint64_t)atoll(argv[++i]);
		else if (!dir)
			dir = argv[i];
		else {
			fprintf(stderr, "usage: gen DIR [--tickets N] [--customers M] [--seed S]\n");
			return 2;
		}
	}
	if (!dir || tickets < 1 || customers < 1) {
		fprintf(stderr, "usage: gen DIR [--tickets N] [--customers M] [--seed S]\n");
		return 2;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	dk_time now = dk_now();
	dk_time start = now - 2 * 365 * 86400LL;
	struct workspace *ws;
	int rc = ws_init(dir, start - 86400, &ws);
	if (rc) {
		fprintf(stderr, "docket: %s\n", err_msg());
		return 1;
	}
	struct buf b = BUF_INIT, subj = BUF_INIT;
	const int64_t batch = 20000;
	/* customers */
	for (int64_t i = 0; i < customers && !rc; i++) {
		if (i % batch == 0 && (rc = store_begin(ws->store)))
			break;
		char name[64], email[96];
		snprintf(name, sizeof(name), "Customer %lld", (long long)i + 1);
		snprintf(email, sizeof(email), "customer%lld@example.com", (long long)i + 1);
		struct customer c = { .name = xstrdup(name), .email = xstrdup(email),
				      .jurisdiction = xstrdup(jurs[i % ARRAY_SIZE(jurs)]),
				      .created_at = start + (dk_time)(rnd() % (uint64_t)(365 * 86400)),
				      .erased_at = DK_TIME_NONE };
		rc = store_customer_insert(ws->store, &c);
		customer_clear(&c);
		if (!rc && ((i + 1) % batch == 0 || i + 1 == customers)) {
			rc = audit_append(ws->store, now, ws->login, "bench.customers", "customers", "batch");
			if (!rc)
				rc = store_commit(ws->store);
		}
	}
	/* tickets: ids grow with time; the newest tenth is open */
	int64_t open_from = tickets - tickets / 10;
	for (int64_t i = 0; i < tickets && !rc; i++) {
		if (i % batch == 0 && (rc = store_begin(ws->store)))
			break;
		dk_time created = start + (dk_time)((double)i / (double)tickets * (double)(now - start - 3600));
		int open = i >= open_from;
		buf_reset(&subj);
		sentence(&subj, 4 + (int)(rnd() % 4));
		struct ticket t = { .customer_id = 1 + (int64_t)(rnd() % (uint64_t)customers), .subject = xstrdup(subj.data),
				    .kind = xstrdup(kinds[rnd() % ARRAY_SIZE(kinds)]),
				    .status = xstrdup(open ? statuses[rnd() % 3] : statuses[3 + rnd() % 5]),
				    .priority = 1 + (int)(rnd() % 4), .channel = xstrdup("email"), .created_at = created,
				    .updated_at = created, .next_due_at = DK_TIME_NONE };
		rc = store_ticket_insert(ws->store, &t);
		int64_t tid = t.id;
		ticket_clear(&t); /* zeroes the record, id included */
		if (rc)
			break;
		int nmsg = 2 + (int)(rnd() % 3);
		for (int m = 0; m < nmsg && !rc; m++) {
			buf_reset(&b);
			sentence(&b, 12 + (int)(rnd() % 20));
			if (rnd() % 100000 == 0)
				buf_adds(&b, " zephyrquartz");
			struct message msg = { .ticket_id = tid, .direction = xstrdup(m == 0 ? "in" : (m % 3 == 2 ? "note" : "out")),
					       .author = xstrdup(m == 0 ? "customer@example.com" : "agent"),
					       .body = xstrdup(b.data), .created_at = created + m * 3600 };
			rc = store_message_insert(ws->store, &msg);
			message_clear(&msg);
		}
		struct event e = { .ticket_id = tid, .at = created, .type = xstrdup("received"),
				   .actor = xstrdup("bench") };
		if (!rc)
			rc = store_event_insert(ws->store, &e);
		event_clear(&e);
		if (!rc && open)
			rc = obligations_evaluate(ws, tid, created, NULL);
		if (!rc && ((i + 1) % batch == 0 || i + 1 == tickets)) {
			rc = audit_append(ws->store, now, ws->login, "bench.tickets", "tickets", "batch");
			if (!rc)
				rc = store_commit(ws->store);
			if (!rc && (i + 1) % 100000 == 0)
				fprintf(stderr, "gen: %lld tickets\n", (long long)i + 1);
		}
	}
	if (rc) {
		fprintf(stderr, "docket: %s\n", err_msg());
		store_rollback(ws->store); /* (the WAL is checkpointed when the workspace closes) */
	}
	buf_release(&b);
	buf_release(&subj);
	ws_close(ws);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("generation: %lld tickets, %lld customers in %.1f s\n", (long long)tickets, (long long)customers,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return rc ? 1 : 0;
}
