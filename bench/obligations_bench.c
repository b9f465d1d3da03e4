/* obligations_bench.c - recompute every obligation of a workspace from
 * scratch (all tickets, the rule pack at HEAD), then build the compliance
 * report; prints the times and peak RSS. Works on the workspace it is
 * given: use a copy.
 *
 * usage: build/bench/obligations_bench DIR */
#include "lib/err.h"
#include "core/obligations.h"
#include "core/report.h"
#include "lib/util.h"
#include "core/workspace.h"
#include "data/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct ids {
	int64_t *v;
	size_t n, cap;
};

static int collect(const struct customer *c, void *ctx)
{
	(void)c;
	(void)ctx;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: obligations_bench DIR (a copy: obligations are rebuilt)\n");
		return 2;
	}
	struct workspace *ws;
	if (ws_open(argv[1], NULL, &ws)) {
		fprintf(stderr, "docket: %s\n", err_msg());
		return 1;
	}
	(void)collect;
	double t0 = now_s();
	struct ticket_filter f = { .status = "all", .limit = 0 };
	int64_t total;
	if (store_ticket_count(ws->store, &f, &total)) {
		fprintf(stderr, "docket: %s\n", err_msg());
		return 1;
	}
	/* wipe, then re-evaluate ticket by ticket in batches */
	int rc = store_begin(ws->store);
	rc = rc ? rc : store_obligations_wipe(ws->store);
	rc = rc ? rc : store_commit(ws->store);
	int64_t done = 0, created_total = 0;
	const int64_t batch = 20000;
	for (int64_t id = 1; !rc && done < total; id++) {
		if (done % batch == 0 && (rc = store_begin(ws->store)))
			break;
		int created = 0;
		rc = obligations_evaluate(ws, id, DK_TIME_NONE, &created);
		if (rc == DK_ENOTFOUND) {
			rc = 0;
			continue;
		}
		created_total += created;
		done++;
		if (!rc && (done % batch == 0 || done == total))
			rc = store_commit(ws->store);
	}
	if (rc) {
		fprintf(stderr, "docket: %s\n", err_msg());
		store_rollback(ws->store);
		return 1;
	}
	double t1 = now_s();
	struct report r;
	if (report_build(ws, DK_TIME_NONE, DK_TIME_NONE, dk_now(), &r)) {
		fprintf(stderr, "docket: %s\n", err_msg());
		return 1;
	}
	double t2 = now_s();
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("recompute: %lld tickets, %lld obligations in %.1f s\n", (long long)done, (long long)created_total, t1 - t0);
	printf("report: %lld obligations (%lld open now) in %.2f s\n", (long long)r.all.total,
	       (long long)(r.open_overdue + r.open_due_today + r.open_due_week + r.open_later + r.open_paused), t2 - t1);
	printf("peak RSS: %ld KB\n", ru.ru_maxrss);
	report_clear(&r);
	ws_close(ws);
	return 0;
}
