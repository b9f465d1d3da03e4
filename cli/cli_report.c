/* cli_report.c - `docket report`. */
#include "cli/cli_impl.h"

#include "lib/err.h"
#include "core/report.h"
#include "core/workspace.h"

#include <jansson.h>
#include <stdlib.h>

CLI_HANDLER(cli_report)
{
	const char *from_s = cli_arg(a, "from"), *to_s = cli_arg(a, "to");
	int json = cli_flag(a, "json"), csv = cli_flag(a, "csv"), rc;
	if (json && csv)
		return cli_usage("report: --json and --csv exclude each other");
	struct workspace *ws = c->ws;
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
