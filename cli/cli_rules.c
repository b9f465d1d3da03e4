/* cli_rules.c - `docket rules`: check, list, due, holidays. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_impl.h"
#include "lib/buf.h"
#include "core/calendar.h"
#include "core/deadline.h"
#include "core/legal_notes.h"
#include "core/letters.h"
#include "lib/err.h"
#include "lib/priv.h"
#include "core/rules.h"
#include "lib/util.h"
#include "core/workspace.h"

/* rules check [DIR]: validate a folder laid out like legal/. Each mistake
 * goes to stderr as "file:line: message"; exit 1 when there is any. No
 * agent identity is needed: it reads files only. */
CLI_HANDLER(cli_rules_check)
{
	int rc;
	char *dir;
	if (a->npos) {
		dir = xstrdup(a->pos[0]);
		priv_drop(); /* a folder the user names: the user's own rights */
	} else {
		char *ws = ws_default_dir(c->ws_dir);
		dir = xasprintf("%s/legal", ws);
		free(ws);
	}
	struct rule_pack *p = NULL;
	struct letter_set *ls = NULL;
	struct buf errors = BUF_INIT, terrors = BUF_INIT;
	rc = rule_pack_load_dir(dir, &p, &errors);
	if (rc && rc != DK_EINVAL) {
		rc = cli_fail(rc);
		goto out;
	}
	char *pack_msg = rc ? xstrdup(err_msg()) : NULL;
	/* the letter templates, their `rules` checked against the pack
	 * when it loaded */
	int trc = letters_load_dir(dir, p, &ls, &terrors);
	if (trc && trc != DK_EINVAL) {
		free(pack_msg);
		rc = cli_fail(trc);
		goto out;
	}
	if (rc || trc) {
		fputs(buf_str(&errors), stderr);
		fputs(buf_str(&terrors), stderr);
		if (pack_msg)
			fprintf(stderr, "docket: rules check: %s: %s\n", dir, pack_msg);
		if (trc)
			fprintf(stderr, "docket: rules check: %s: %s\n", dir, err_msg());
		rc = 1;
	} else {
		printf("%s: %zu rules, %zu calendars, %zu groups, %zu letter templates, %zu authorities: ok\n", dir,
		       rule_pack_count(p), calendar_set_count(rule_pack_calendars(p)), rule_pack_group_count(p), ls->n,
		       ls->nauth);
	}
	free(pack_msg);
out:
	rule_pack_free(p);
	letter_set_free(ls);
	buf_release(&errors);
	buf_release(&terrors);
	free(dir);
	return rc;
}

/* rules holidays CODE: the days off of a calendar, year by year (rules
 * computed, listed days, exceptions applied), "YYYY-MM-DD name" lines.
 * Reads DIR (default: the workspace's legal/ working tree) like check. */
CLI_HANDLER(cli_rules_holidays)
{
	const char *from = cli_arg(a, "from"), *to = cli_arg(a, "to"), *dirarg = cli_arg(a, "dir");
	const char *code = a->pos[0];
	int rc;
	char *end;
	long y0 = from ? strtol(from, &end, 10) : 0, y1;
	if (from && (*end || y0 < 1900 || y0 > 9999))
		return cli_usage("rules holidays: --from takes a year");
	if (!from) {
		int y, m, d;
		dk_civil_from_days(dk_now() / 86400, &y, &m, &d);
		y0 = y;
	}
	y1 = to ? strtol(to, &end, 10) : y0;
	if (to && (*end || y1 < y0 || y1 > 9999 || y1 - y0 > 200))
		return cli_usage("rules holidays: --to takes a year, at most 200 after --from");
	char *dir;
	if (dirarg) {
		dir = xstrdup(dirarg);
	} else {
		char *ws = ws_default_dir(c->ws_dir);
		dir = xasprintf("%s/legal", ws);
		free(ws);
	}
	struct rule_pack *p;
	struct buf errors = BUF_INIT;
	rc = rule_pack_load_dir(dir, &p, &errors);
	if (rc) {
		fputs(buf_str(&errors), stderr);
		buf_release(&errors);
		free(dir);
		return cli_fail(rc);
	}
	buf_release(&errors);
	free(dir);
	const struct calendar *cal = calendar_set_find(rule_pack_calendars(p), code);
	if (!cal) {
		rule_pack_free(p);
		return cli_fail(err_set(DK_ENOTFOUND, "calendar %s: none (only Saturdays and Sundays are days off)", code));
	}
	if (!calendar_set_find_exact(rule_pack_calendars(p), code))
		fprintf(stderr, "docket: no calendar %s; using %s\n", code, calendar_code(cal));
	for (long y = y0; y <= y1; y++) {
		int64_t first = dk_days_from_civil((int)y, 1, 1), last = dk_days_from_civil((int)y, 12, 31);
		for (int64_t d = first; d <= last; d++) {
			/* a weekend day that is worked (HU working Saturdays) is
			 * listed too, marked: it is not a day off */
			const char *name = calendar_holiday(cal, d), *work = calendar_working_day(cal, d);
			if (!name && !work)
				continue;
			int yy, m, dd;
			dk_civil_from_days(d, &yy, &m, &dd);
			if (work)
				printf("%04d-%02d-%02d working day: %s\n", yy, m, dd, work);
			else
				printf("%04d-%02d-%02d %s\n", yy, m, dd, name);
		}
	}
	rule_pack_free(p);
	return 0;
}

static json_t *json_strv(char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *json_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *rule_json(const struct rule *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(r->id));
	json_object_set_new(o, "title", json_string(r->title));
	json_object_set_new(o, "regime", json_string(r->regime));
	json_object_set_new(o, "applies", json_strv(r->applies, r->napplies));
	json_object_set_new(o, "jurisdictions", json_strv(r->jurisdictions, r->njurisdictions));
	json_object_set_new(o, "codes", json_strv(r->codes, r->ncodes));
	json_object_set_new(o, "from", json_string(r->from));
	json_object_set_new(o, "until", json_str_or_null(r->until));
	json_object_set_new(o, "starts", json_string(r->starts));
	json_object_set_new(o, "pauses", json_strv(r->pauses, r->npauses));
	json_object_set_new(o, "deadline", json_str_or_null(r->deadline_text));
	json_object_set_new(o, "roll", json_boolean(r->roll));
	/* the new counting keys (rule-pack.md); "roll" stays a boolean */
	json_object_set_new(o, "start_events", json_strv(r->start_events, r->nstart_events));
	json_object_set_new(o, "roll_mode",
			    json_string(r->roll == RULE_ROLL_HOLIDAYS ? "holidays" : r->roll ? "yes" : "no"));
	json_object_set_new(o, "counting",
			    json_string(r->counting == RULE_COUNT_BEGINNING_WITH ? "beginning-with" : "after"));
	json_object_set_new(o, "pause_counting", json_string(r->pause_inclusive ? "inclusive" : "exclusive"));
	json_object_set_new(o, "calendar", json_str_or_null(r->calendar));
	json_object_set_new(o, "calendar_within", json_str_or_null(r->calendar_within));
	json_object_set_new(o, "extension", json_str_or_null(r->extension_text));
	json_object_set_new(o, "extension_when", json_str_or_null(r->extension_when));
	json_object_set_new(o, "ack", json_str_or_null(r->ack_text));
	json_object_set_new(o, "phrases", json_strv(r->phrases, r->nphrases));
	/* the workspace facts the rule needs (config regulated; issue 12 item 7) */
	json_object_set_new(o, "requires", json_strv(r->requires, r->nrequires));
	json_object_set_new(o, "prompt", json_string(r->prompt));
	json_object_set_new(o, "steps", json_strv(r->steps, r->nsteps));
	json_object_set_new(o, "source", json_string(r->source));
	json_object_set_new(o, "note", json_str_or_null(r->note));
	json_object_set_new(o, "file", json_string(r->file));
	json_object_set_new(o, "line", json_integer(r->line));
	return o;
}

CLI_HANDLER(cli_rules_list)
{
	int json = cli_flag(a, "json"), rc;
	struct rule_pack *p;
	if ((rc = ws_rules(c->ws, &p)))
		return cli_fail(rc);
	size_t n = rule_pack_count(p);
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, rule_json(rule_pack_get(p, i)));
		cli_print_json(arr);
		json_decref(arr);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		const struct rule *r = rule_pack_get(p, i);
		struct buf j = BUF_INIT;
		for (size_t k = 0; k < r->njurisdictions; k++)
			buf_printf(&j, "%s%s", k ? "," : "", r->jurisdictions[k]);
		printf("%-26s %-17s %-14s %s\n", r->id,
		       r->deadline_text ? r->deadline_text : (r->automated ? "each reply" : "-"),
		       buf_str(&j), r->title);
		buf_release(&j);
	}
	return 0;
}

CLI_HANDLER(cli_rules_due)
{
	const char *from = cli_arg(a, "from"), *jur = cli_arg(a, "jurisdiction"), *id = a->pos[0];
	const char *est = cli_arg(a, "establishment");
	int extended = cli_flag(a, "extended"), rc;
	struct workspace *ws = c->ws;
	struct rule_pack *p;
	dk_time start, due;
	if ((rc = dk_time_parse(from, ws->tz, &start)))
		return cli_fail(rc);
	if ((rc = ws_rules(ws, &p)))
		return cli_fail(rc);
	const struct rule *r = rule_pack_find(p, id);
	if (!r)
		return cli_fail(err_set(DK_ENOTFOUND, "rule %s: no such rule", id));
	/* calendar = establishment: --establishment, else the config's,
	 * else the customer's jurisdiction (and say so) */
	if (!est)
		est = ws_config(ws, "establishment", NULL);
	const char *cust = jur;
	jur = deadline_calendar_code(r, cust, est);
	if (r->calendar_within && !rule_code_within(est, r->calendar_within))
		fprintf(stderr, "docket: rule %s counts the business's holidays within %s; %s, so the calendar of %s is used\n",
			id, r->calendar_within, est && *est ? "the establishment is outside it" : "no establishment is set",
			jur);
	else if (rule_calendar_is_establishment(r) && !r->calendar_within && (!est || !*est))
		fprintf(stderr, "docket: rule %s counts the business's holidays; no establishment is set, so the "
				"calendar of %s is used\n",
			id, cust && *cust ? cust : "no jurisdiction (weekends only)");
	if (extended)
		rc = deadline_extend(r, rule_pack_calendars(p), jur, ws->tz, start, NULL, 0, &due);
	else
		rc = deadline_compute(r, rule_pack_calendars(p), jur, ws->tz, start, &due);
	if (rc)
		return cli_fail(rc);
	/* holidays are listed for some years only: say so when the period
	 * runs past them (weekends are still right) */
	const struct calendar *cal = deadline_calendar(r, rule_pack_calendars(p), jur);
	int64_t d0 = dk_local_days(ws->tz, start), d1 = dk_local_days(ws->tz, due);
	if (cal && (!calendar_covers(cal, d0) || !calendar_covers(cal, d1))) {
		int first, last;
		calendar_years(cal, &first, &last);
		fprintf(stderr, "docket: calendar %s lists holidays for %d-%d only; holidays outside those years are not counted\n",
			calendar_code(cal), first, last);
	}
	char *note = legal_calendar_note(r, rule_pack_calendars(p), jur);
	if (note)
		fprintf(stderr, "docket: %s\n", note);
	free(note);
	char out[DK_TIME_BUFSZ];
	if (cli_flag(a, "json")) {
		json_t *o = json_object();
		json_object_set_new(o, "rule", json_string(r->id));
		json_object_set_new(o, "jurisdiction", json_str_or_null(cust));
		json_object_set_new(o, "establishment", json_str_or_null(est && *est ? est : NULL));
		json_object_set_new(o, "from", json_string(dk_time_format(start, out)));
		json_object_set_new(o, "extended", json_boolean(extended));
		json_object_set_new(o, "calendar", json_str_or_null(cal ? calendar_code(cal) : NULL));
		json_object_set_new(o, "due", json_string(dk_time_format(due, out)));
		cli_print_json(o);
		json_decref(o);
		return 0;
	}
	puts(dk_time_format(due, out));
	return 0;
}
