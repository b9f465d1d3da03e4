/* witness.h - the audit chain's head, witnessed outside the workspace.
 *
 * The hash chain proves that rows were not changed by anyone who could
 * not also rewrite its head; whoever can write the files (root, the
 * workspace's group) can rewrite all of it. An anchor, a row's sequence
 * number and hash ("SEQ:HASH") kept where they cannot reach (the system
 * log, a mail, paper), pins the chain: `audit verify --anchor` fails when
 * the chain no longer holds that row with that hash (docs/security.md). */
#ifndef DOCKET_WITNESS_H
#define DOCKET_WITNESS_H

#include <stddef.h>
#include <stdint.h>

struct workspace;

#define WITNESS_HASH_LEN 64

struct anchor {
	int64_t seq;
	char hash[WITNESS_HASH_LEN + 1];
};

/* The last row: seq 0 and an empty hash when the chain is empty. */
int witness_head(struct workspace *ws, struct anchor *out);
/* "SEQ:HASH" into buf (at least 96 bytes). */
char *witness_format(const struct anchor *a, char *buf, size_t n);

/* Write the head to the system log (syslog(3), tag docket): "audit head
 * SEQ:HASH workspace DIR after ACTION". Never fails the action. */
void witness_log(struct workspace *ws, const char *after);
/* Log the head if it was not logged today (a mark in the database). */
void witness_daily(struct workspace *ws);

/* One anchor "SEQ:HASH"; DK_EUSAGE naming s otherwise. */
int witness_parse(const char *s, struct anchor *out);
/* Every "SEQ:HASH" in text: lines as `audit head` prints them and as the
 * system log carries them (`journalctl -t docket -o cat`). A log line
 * that names another workspace than dir ("... workspace DIR after ...")
 * is left out: one system log holds the heads of every workspace on the
 * machine. dir NULL keeps every line. Appends to out, n and cap (an array
 * grown as needed). */
void witness_scan(const char *text, const char *dir, struct anchor **out, size_t *n, size_t *cap);

/* 0 when the chain holds every anchor's row with the anchor's hash;
 * DK_ERR "audit: anchor SEQ:HASH: ..." naming the first that fails. */
int witness_check(struct workspace *ws, const struct anchor *a, size_t n);

#endif
