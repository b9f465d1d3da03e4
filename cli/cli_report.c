/* cli_report.c - `docket report`. */
#include "cli/cli.h"

#include "lib/err.h"
#include "core/report.h"
#include "core/workspace.h"

#include <jansson.h>
#include <stdlib.h>

int cli_report(struct cli *c, int argc, char **argv)
{
	const char *from_s = NULL, *to_s = NULL;
	int json = 0, csv = 0;
	const struct cli_opt opts[] = { { "from", 1, &from_s, NULL }, { "to", 1, &to_s, NULL },
					{ "json", 0, NULL, &json },   { "csv", 0, NULL, &csv }, { 0 } };
	char **pos;
	int npos, rc;
	if ((rc = cli_parse(argc, argv, opts, &pos, &npos)))
		return rc;
	free(pos);
	if (npos)
		return cli_usage("report: unexpected argument");
	if (json && csv)
		return cli_usage("report: --json and --csv exclude each other");
	struct workspace *ws;
	if ((rc = cli_ws(c, &ws)))
		return rc;
	dk_time from = DK_TIME_NONE, to = DK_TIME_NONE;
	if ((from_s && (rc = dk_time_parse(from_s, ws->tz, &from))) || (to_s && (rc = dk_time_parse(to_s, ws->tz, &to))))
		return cli_fail(err_prefix(rc, "report"));
	struct report r;
	if ((rc = report_build(ws, from, to, dk_now(), &r)))
		return cli_fail(rc);
	if (json) {
		json_t *j = report_json(&r);
		cli_print_json(j);
		json_decref(j);
	} else {
		struct buf b = BUF_INIT;
		if (csv)
			report_csv(&r, &b);
		else
			report_text(&r, &b);
		fputs(buf_str(&b), stdout);
		buf_release(&b);
	}
	report_clear(&r);
	return 0;
}
