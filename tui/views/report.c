/* report.c - the compliance report in the TUI (`:report [FROM [TO]]`):
 * the same core call and the same text as `docket report` (report_build,
 * report_text_fit), laid out for the screen's width: open duties by
 * urgency, breaches, acknowledgements, automated replies without the
 * required disclosure, the tables by regime and by rule, and the audit
 * chain head the figures were computed at. Scrolls and searches like the
 * other text views; R (refresh) recomputes it. */
#include "tui/views/report.h"

#include "core/report.h"
#include "lib/buf.h"
#include "lib/text.h"
#include "lib/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rview {
	dk_time from, to;
	struct report r;
	int loaded;
};

static int rv_open(struct view *v)
{
	struct rview *rv = v->priv;
	struct report fresh;
	int rc = report_build(tui.ws, rv->from, rv->to, dk_now(), &fresh);
	if (rc)
		return rc;
	if (rv->loaded)
		report_clear(&rv->r);
	rv->r = fresh;
	rv->loaded = 1;
	snprintf(v->title, sizeof(v->title), "Compliance report (audit head %.24s)", rv->r.audit_head);
	return 0;
}

static enum style line_style(const char *s)
{
	if (!strncmp(s, "Compliance report", 17))
		return S_SECTION;
	if (!strncmp(s, "  regime ", 9) || !strncmp(s, "  rule ", 7))
		return S_SECTION;
	if (strstr(s, "WITHOUT a required disclosure") && !strstr(s, "disclosure 0"))
		return S_WARN;
	return S_NORMAL;
}

static void rv_layout(struct view *v)
{
	struct rview *rv = v->priv;
	struct lines *L = &v->lines;
	lines_clear(L);
	struct buf b = BUF_INIT;
	report_text_fit(&rv->r, v->width, &b);
	const char *p = buf_str(&b);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n);
		/* regime and rule ids come from the rule pack: made visible
		 * like any text that is not docket's own; the lines already fit
		 * the width (report_text_fit) */
		char *safe = text_visible_dup(line, 0);
		lines_add(L, line_style(line), L_TEXT, "%s", safe);
		free(safe);
		free(line);
		p += n + (nl ? 1 : 0);
	}
	buf_release(&b);
	v->nlines = L->n;
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
}

static void rv_done(struct view *v)
{
	struct rview *rv = v->priv;
	if (rv->loaded)
		report_clear(&rv->r);
	free(rv);
}

static const struct view_ops report_ops = {
	.name = "report",
	.kind = VK_REPORT,
	.open = rv_open,
	.layout = rv_layout,
	.draw_line = lines_draw_line,
	.request = view_lines_request,
	.grep = lines_grep,
	.done = rv_done,
};

struct view *report_view_new(dk_time from, dk_time to)
{
	struct rview *rv = xcalloc(1, sizeof(*rv));
	rv->from = from;
	rv->to = to;
	return view_new(&report_ops, rv);
}
