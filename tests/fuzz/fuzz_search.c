/* fuzz_search.c - data/sqlite/search.c turns a user's search words into an FTS5
 * query (static fts_query()); DESIGN.md promises "no input is a syntax
 * error". Tested through the public store_search() on a throw-away
 * workspace made once (two customers, three tickets).
 *
 * Properties, for the input as the query (up to its first NUL), newest
 * first and by relevance: store_search() returns 0, at most `limit` ids,
 * each one of the workspace's tickets, no id twice. */
#include "fuzz.h"

#include <ftw.h>
#include <unistd.h>

#include "core/desk.h"
#include "lib/err.h"
#include "core/init.h"
#include "core/workspace.h"
#include "data/store.h"

static struct workspace *ws;
static char tmpdir[64];
static int64_t tickets[3];

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void cleanup(void)
{
	ws_close(ws);
	ws = NULL;
	if (tmpdir[0])
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void setup(void)
{
	const dk_time t0 = 1772359200; /* 2026-03-01T10:00:00Z */
	strcpy(tmpdir, "/tmp/docket-fuzz-XXXXXX");
	FUZZ_ASSERT(mkdtemp(tmpdir), "mkdtemp");
	atexit(cleanup);
	char wsdir[96];
	snprintf(wsdir, sizeof(wsdir), "%s/ws", tmpdir);
	FUZZ_ASSERT(ws_init(wsdir, t0, &ws) == 0, "ws_init: %s", err_msg());
	int64_t c1, c2;
	FUZZ_ASSERT(desk_customer_new(ws, "Erika Mustermann", "erika@example.de", "DE", t0, &c1) == 0, "%s",
		    err_msg());
	FUZZ_ASSERT(desk_customer_new(ws, "José Álvarez", "jose@example.es", "ES", t0, &c2) == 0, "%s",
		    err_msg());
	struct ticket_new req[3] = {
		{ .customer_id = c1, .subject = "Refund for order #1234", .kind = "refund",
		  .body = "Please refund my order \"1234\"; the parcel never arrived. Danke!" },
		{ .customer_id = c2, .subject = "Acceso a mis datos", .kind = "data-access",
		  .body = "Solicito una copia de mis datos personales (art. 15 RGPD). Gracias — José" },
		{ .customer_id = c1, .subject = "Löschung meiner Daten", .kind = "data-erasure",
		  .body = "Bitte löschen Sie mein Konto. NEAR(delete account) OR \"x\" * ^ - :" },
	};
	for (int i = 0; i < 3; i++)
		FUZZ_ASSERT(desk_ticket_new(ws, &req[i], t0 + i * 60, &tickets[i]) == 0, "%s", err_msg());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ws)
		setup();
	char *q = fuzz_cstr(data, size);
	for (int rank = 0; rank <= 1; rank++) {
		const int64_t limit = 2;
		int64_t *ids = NULL;
		size_t n = 0;
		int rc = store_search(ws->store, q, rank, limit, &ids, &n);
		FUZZ_ASSERT(rc == 0, "rank=%d query '%s': rc %d: %s", rank, q, rc, err_msg());
		FUZZ_ASSERT(n <= (size_t)limit, "%zu results over the limit", n);
		for (size_t i = 0; i < n; i++) {
			FUZZ_ASSERT(ids[i] == tickets[0] || ids[i] == tickets[1] || ids[i] == tickets[2],
				    "unknown ticket id %lld", (long long)ids[i]);
			for (size_t j = 0; j < i; j++)
				FUZZ_ASSERT(ids[j] != ids[i], "ticket %lld twice", (long long)ids[i]);
		}
		free(ids);
	}
	free(q);
	return 0;
}
