/* accept.h - recording that a customer accepted a revision of a legal
 * document: one user action that checks the revision and the customer and
 * writes the acceptance row with its audit row in one transaction. Used by
 * `docket terms accept`; any front end that records acceptances calls it. */
#ifndef DOCKET_ACCEPT_H
#define DOCKET_ACCEPT_H

#include <stdint.h>

#include "lib/dtime.h"

struct workspace;

/* Record that customer cid accepted document doc ("terms-of-service") at
 * revision rev (anything git resolves; NULL: the newest revision of the
 * document) at time `at`, through channel (web, email, app, paper, agent:
 * 1 to 32 bytes).
 *
 * Refuses with nothing changed: DK_ENOTFOUND no such customer, document or
 * revision of the document; DK_EINVAL a revision published after `at`, an
 * erased customer, an empty or overlong channel. On success the row
 * (customer, document, full revision id, at, channel) and the audit row
 * "terms.accept customer:ID document=DOC revision=ID channel=C" are
 * committed together, and id receives the full revision id. */
int terms_accept(struct workspace *ws, int64_t cid, const char *doc, const char *rev, dk_time at,
		 const char *channel, char id[41]);

#endif
