/* rights.h - data-subject rights: access and portability export,
 * rectification, restriction of processing, legal hold, erasure by
 * anonymisation, and retention.
 *
 * Every action that writes is one transaction with one audit row; audit
 * rows hold ids, field names, counts and hashes, never personal data
 * (names, emails, message text, old values, free-text reasons). On
 * failure nothing is changed and the error message says why. The CLI
 * (cli/cli_rights.c) and the TUI call these directly. See
 * docs/data-rights.md and docs/export-format.md. */
#ifndef DOCKET_RIGHTS_H
#define DOCKET_RIGHTS_H

#include <jansson.h>

#include "core/workspace.h"
#include "data/store.h"

/* ---- export (GDPR Art 15 access, Art 20 portability) */

enum rights_recipient {
	RIGHTS_TO_SUBJECT = 0,     /* the data subject (or their agent) */
	RIGHTS_TO_THIRD_PARTY = 1, /* another controller (Art 20(2)); refused when restricted */
};

/* "subject" (also "data-subject", "self") or "third-party" (also
 * "controller"); DK_EINVAL otherwise. */
int rights_recipient_parse(const char *s, int *out);

/* Summary of an export, for messages and the audit row. */
struct export_counts {
	int64_t tickets, messages, events, obligations, acceptances, audit;
	size_t bytes;                 /* length of the JSON text */
	char sha256[65];              /* digest of the JSON text */
};

/* The export document (docs/export-format.md) as JSON, read in one
 * snapshot; no audit row (use rights_export / rights_export_to_file for
 * an actual disclosure). *out is a new reference. Refused (DK_EPERM) for
 * RIGHTS_TO_THIRD_PARTY when the customer's processing is restricted. */
int rights_export_json(struct workspace *ws, int64_t id, int recipient, dk_time at, json_t **out,
		       struct export_counts *counts);

/* One copy to write: the file and its format (enum export_format,
 * core/export_render.h); bytes and sha256 are filled in. */
struct export_out {
	const char *path;
	int format;
	size_t bytes;
	char sha256[65];
};

/* Export as text in format (JSON, or the readable text/HTML rendering of
 * the same document), audited like rights_export. *text: caller frees. */
int rights_export_as(struct workspace *ws, int64_t id, int recipient, int format, dk_time at, char **text,
		     struct export_counts *counts);

/* Export to each of outs (e.g. the JSON and its HTML rendering), from one
 * snapshot, each file written with the user's own rights, mode 0600,
 * atomically. One audit row names the JSON's counts and digest and each
 * copy's format and digest ("copies=json:…,html:…"); it is written only
 * once every file is in place, and if anything fails no file is left. */
int rights_export_files(struct workspace *ws, int64_t id, int recipient, struct export_out *outs, size_t n,
			dk_time at, struct export_counts *counts);

/* Export as indented JSON text, audited ("customer.export" with counts
 * and the document's SHA-256). *text: caller frees. counts may be NULL. */
int rights_export(struct workspace *ws, int64_t id, int recipient, dk_time at, char **text,
		  struct export_counts *counts);

/* Same, written to path with mode 0600 (atomically: temp file + rename).
 * The audit row is written only once the file is in place; if it cannot
 * be written the file is removed. */
int rights_export_to_file(struct workspace *ws, int64_t id, int recipient, const char *path, dk_time at,
			  struct export_counts *counts);

/* ---- rectification (Art 16) */

/* FIELD: name | email | jurisdiction. Validates like customer new. An
 * email change also updates the author of the customer's inbound
 * messages that carried the old address. A jurisdiction change
 * re-evaluates the obligations of every open ticket of the customer
 * (*reevaluated counts them; may be NULL). Refused for erased customers.
 * Audited with the field name and SHA-256 of old and new value. */
int rights_rectify(struct workspace *ws, int64_t id, const char *field, const char *value, dk_time at,
		   int *reevaluated);

/* ---- restriction (Art 18) and legal hold */

/* Turn restriction of processing on (any agent; reason stored in
 * customers.restrict_reason) or off (legal or admin; reason cleared).
 * Restricted customers get a banner, no new automated replies, and no
 * export to third parties. */
int rights_restrict(struct workspace *ws, int64_t id, int on, const char *reason, dk_time at);

/* Legal hold on (reason required) or off; legal or admin only. A held
 * customer cannot be erased and is skipped by retention. */
int rights_hold(struct workspace *ws, int64_t id, int on, const char *reason, dk_time at);

/* ---- erasure (Art 17) by anonymisation */

struct erase_preview {
	int64_t customer_id;
	struct erase_counts counts;
	char index_note[96];      /* what happens to the search index, for people */
	int blocked;              /* 1 when rights_erase would refuse */
	char *block_reason;       /* why (legal hold, open complaint...), or NULL */
	int64_t *blocking_tickets;/* tickets that block it (open breach/complaint) */
	size_t nblocking;
};

/* What rights_erase would remove and keep, and whether it would refuse
 * (role not checked here: the TUI shows the preview to anyone, the
 * action checks the role). Reads only. Free with erase_preview_clear. */
int rights_erase_preview(struct workspace *ws, int64_t id, struct erase_preview *out);
void erase_preview_clear(struct erase_preview *p);

struct erase_result {
	struct erase_counts counts;
	char index_note[96]; /* what was done to the search index, for people */
	int scrub_complete;  /* 0: other sessions kept the storage from being
				scrubbed; it finishes at the next open */
	char scrub_note[256]; /* then: where old copies stay until then */
};

/* The config key that lets agents erase (yes/no; default no). Only an
 * admin sets config keys, and `config set` audits the change; an erasure
 * it allowed says so in its audit row (allowed_by=...). */
#define RIGHTS_ERASE_AGENTS_KEY "erasure_by_agents"
/* The role an erasure needs here: legal, or agent when the key allows. */
int rights_erase_role(struct workspace *ws);

/* Erase customer id: legal or admin only (agents too where
 * erasure_by_agents = yes); refused when the customer is
 * erased already, under legal hold, or has an open breach or complaint
 * (an open ticket of that kind, or an open obligation on one). The
 * reason (optional, should name the request, e.g. "Art 17 request,
 * ticket 42", never personal data) is kept on the tickets' "anonymised"
 * events; the audit row gets its length and SHA-256. After the commit the
 * storage is scrubbed of old copies (store_scrub). out may be NULL. */
int rights_erase(struct workspace *ws, int64_t id, const char *reason, dk_time at, struct erase_result *out);

/* ---- retention */

/* A retention period: "3y", "18m", "90d", "6w" or "never" (also "0",
 * "off", "keep"). 0 or DK_EINVAL. *unit is 'y', 'm', 'w', 'd' or 0 for
 * never. */
int rights_period_parse(const char *s, int *count, char *unit);
/* now minus the period in calendar terms (UTC; 31 Mar - 1m = 28/29 Feb);
 * DK_TIME_NONE for never. */
dk_time rights_period_cutoff(int count, char unit, dk_time now);

/* The configured period for a ticket kind: config key retention.KIND,
 * else retention.default, else the built-in default for the kind. */
const char *rights_retention_setting(struct workspace *ws, const char *kind);
/* The built-in default for a kind (docs/data-rights.md). */
const char *rights_retention_default(const char *kind);

struct retention_kind {
	char kind[24];
	char period[24];  /* as configured */
	dk_time cutoff;   /* tickets last updated before this; DK_TIME_NONE = never */
	int64_t tickets;  /* anonymised (or, dry run, that would be) */
	int64_t messages;
	int64_t held;     /* skipped: customer under legal hold */
};

struct retention_report {
	int dry_run;
	dk_time now;
	struct retention_kind *kinds; /* one per known ticket kind */
	size_t nkinds;
	int64_t tickets, messages, held;
	int64_t partitions;   /* parts of the search index rebuilt */
	char index_note[96];  /* the same for people */
	int scrub_complete;
	char scrub_note[256]; /* when not complete: where old copies stay */
};

/* Anonymise closed and resolved tickets whose period has run out
 * (counted from their last update), skipping customers under legal hold
 * and erased customers. dry_run: report only (any agent); otherwise
 * legal or admin, one transaction, one audit row ("retention.run" with
 * the counts per kind), the search index rebuilt where it held erased
 * words, the storage scrubbed.
 * Free *out with retention_report_clear. */
int rights_retention_run(struct workspace *ws, dk_time now, int dry_run, struct retention_report *out);
void retention_report_clear(struct retention_report *r);
json_t *retention_report_json(const struct retention_report *r);

#endif
