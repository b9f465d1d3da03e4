/* audit.h - the audit trail's hash chain: each row's
 *   hash = SHA-256(prev_hash || canonical row),
 * canonical row = "seq US at US actor US action US object US detail"
 * (US = 0x1f; seq and at in decimal), prev_hash of row 1 = 64 zeros.
 * Core computes and verifies the chain; the store only appends rows, reads
 * them back and keeps the chain's head (data/store.h), so that any backend
 * holds the same chain and an existing workspace still verifies. */
#ifndef DOCKET_AUDIT_H
#define DOCKET_AUDIT_H

#include <stdint.h>

#include "lib/dtime.h"

struct store;

#define AUDIT_ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* Append a row after the newest one, in the caller's transaction
 * (detail NULL = ""). */
int audit_append(struct store *st, dk_time at, const char *actor, const char *action, const char *object,
		 const char *detail);

/* Recompute the chain. 0 if intact; DK_ERR with "audit: row N: <why>"
 * and *bad_seq set to the first bad row otherwise. *rows counts the rows
 * read. */
int audit_verify(struct store *st, int64_t *bad_seq, int64_t *rows);

#endif
