/* report.h - the compliance report (the monitoring, auditing and
 * reporting duty): open obligations by urgency, breaches, on-time rates and
 * median time to meet per rule and per regime, acknowledgements met on
 * time, automated replies without a required disclosure.
 *
 * Definitions (docs/report.md):
 *  - the report covers obligations whose clock started in [from, to);
 *  - an obligation is decided when met, breached, or open past its due
 *    time (counted as breached); waived ones are left out of rates;
 *  - on-time rate = met by the due time / decided;
 *  - time to meet = met_at - started_at, median over met obligations;
 *  - the urgency counts are of obligations open now, whatever their start;
 *  - met counts only duties met with evidence (a message or an event);
 *    duties marked met before docket recorded evidence are counted apart
 *    ("met, no evidence recorded") and left out of rates. */
#ifndef DOCKET_REPORT_H
#define DOCKET_REPORT_H

#include <jansson.h>

#include "lib/buf.h"
#include "core/workspace.h"

struct report_group {
	char *key;            /* rule id or regime */
	int64_t total, met, met_on_time, breached, open, waived;
	int64_t met_no_evidence; /* marked met before evidence was recorded
				    (migration 3): not counted as met */
	double median_hours;  /* < 0 when nothing was met */
	/* internal: durations of met obligations */
	int64_t *durations;
	size_t ndur, capdur;
};

struct report {
	dk_time from, to, now;
	int64_t open_overdue, open_due_today, open_due_week, open_later, open_paused;
	int64_t breached;
	struct report_group *by_rule;
	size_t nrule, caprule;
	struct report_group *by_regime;
	size_t nregime, capregime;
	struct report_group all;
	int64_t ack_decided, ack_on_time;
	int64_t automated_replies, automated_disclosed, automated_without_disclosure;
	char audit_head[96]; /* "SEQ:HASH": the audit chain's head it was
				computed at (core/witness.h) */
	/* breach notices to the people affected (`breach notify`), per
	 * breach ticket that sent any in [from, to) */
	struct report_breach {
		int64_t ticket_id;
		int64_t affected;  /* customers named: notices and those
				      without a working address */
		int64_t notified;  /* accepted for delivery */
		dk_time aware;     /* DK_TIME_NONE when not recorded */
		dk_time first;     /* first notice accepted, or DK_TIME_NONE */
	} *breaches;
	size_t nbreaches;
};

int report_build(struct workspace *ws, dk_time from, dk_time to, dk_time now, struct report *out);
void report_clear(struct report *r);
json_t *report_json(const struct report *r);
/* CSV: one row per rule and per regime, plus the totals. */
void report_csv(const struct report *r, struct buf *out);
/* Plain text for people. */
void report_text(const struct report *r, struct buf *out);
/* The same for a screen width columns wide (the TUI's :report): below the
 * full table's 95 columns, short column headers (start, in-t, late, brch,
 * open, waiv, rate, median) and a name column that takes the rest, every
 * line within width - 1 columns. width 0: exactly report_text. */
void report_text_fit(const struct report *r, int width, struct buf *out);
/* on-time rate in [0,1], or -1 when nothing was decided */
double report_rate(const struct report_group *g);

#endif
