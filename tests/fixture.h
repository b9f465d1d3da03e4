/* fixture.h - what the Check suites share: a private temp folder, its
 * removal, a fresh workspace in it, and customers and tickets made through
 * the desk (core/desk.h) that fail the test with the core's message.
 * Header-only (static inline): a suite that links fewer layers (check_store:
 * lib, model, data) uses fx_tmpdir/fx_rm_tree only, and the workspace
 * helpers it does not call are never emitted. */
#ifndef DOCKET_TESTS_FIXTURE_H
#define DOCKET_TESTS_FIXTURE_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dtime.h"
#include "lib/err.h"
#include "lib/util.h"

/* A new private folder /tmp/PREFIX-XXXXXX in dir (n bytes). */
static inline void fx_tmpdir(char *dir, size_t n, const char *prefix)
{
	snprintf(dir, n, "/tmp/%s-XXXXXX", prefix);
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static inline void fx_rm_tree(const char *d)
{
	char *cmd = xasprintf("rm -rf '%s'", d);
	if (system(cmd) != 0)
		fprintf(stderr, "cleanup failed: %s\n", d);
	free(cmd);
}

#ifdef FIXTURE_WORKSPACE
#include "core/desk.h"
#include "core/workspace.h"

/* A fresh workspace in DIR/ws, created at `created`. */
static inline struct workspace *fx_ws_init(const char *dir, dk_time created)
{
	struct workspace *ws;
	char *w = xasprintf("%s/ws", dir);
	int rc = ws_init(w, created, &ws);
	free(w);
	if (rc)
		ck_abort_msg("ws_init: %s", err_msg());
	return ws;
}

/* The suites that pin the clock: DOCKET_NOW and TZ set, *now parsed from
 * now_str, a private folder made and a workspace created `back` days
 * before now. */
static inline struct workspace *fx_ws_at(char *dir, size_t n, const char *prefix, const char *now_str, int back,
					 dk_time *now)
{
	setenv("DOCKET_NOW", now_str, 1);
	setenv("TZ", "UTC", 1);
	fx_tmpdir(dir, n, prefix);
	ck_assert_int_eq(dk_time_parse(now_str, NULL, now), 0);
	return fx_ws_init(dir, *now - (dk_time)back * 86400);
}

static inline int64_t fx_customer(struct workspace *ws, const char *name, const char *email, const char *jur,
				  dk_time at)
{
	int64_t id;
	int rc = desk_customer_new(ws, name, email, jur, at, &id);
	if (rc)
		ck_abort_msg("customer new: %s", err_msg());
	return id;
}

static inline int64_t fx_ticket(struct workspace *ws, int64_t cust, const char *subject, const char *kind,
				const char *body, dk_time at)
{
	struct ticket_new req = { .customer_id = cust, .subject = subject, .kind = kind, .body = body };
	int64_t id;
	int rc = desk_ticket_new(ws, &req, at, &id);
	if (rc)
		ck_abort_msg("ticket new: %s", err_msg());
	return id;
}
#endif

#endif
