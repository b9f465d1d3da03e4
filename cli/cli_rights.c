/* cli_rights.c - customer export, rectify, restrict, hold, erase, and
 * retention run (data-subject rights; core/rights.h). */
#include "cli/cli_impl.h"

#include "lib/err.h"
#include "core/export_render.h"
#include "core/rights.h"
#include "lib/util.h"
#include "core/workspace.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_cust(const char *s, int64_t *id)
{
	if (!s || parse_int64(s, 1, INT64_MAX, id))
		return err_set(DK_EINVAL, "customer: %s: not an id (a positive number)", s ? s : "");
	return 0;
}

static int parse_on_off(const char *s, const char *what, int *on)
{
	if (s && (!strcmp(s, "on") || !strcmp(s, "off"))) {
		*on = !strcmp(s, "on");
		return 0;
	}
	return cli_usage("%s: expected ID on|off", what);
}

static const char *plural(int64_t n, const char *one, const char *many) { return n == 1 ? one : many; }

static json_t *counts_json(const struct erase_counts *c)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "customers",
			 (json_int_t)c->customers, "tickets", (json_int_t)c->tickets, "messages",
			 (json_int_t)c->messages, "notes", (json_int_t)c->notes, "authors", (json_int_t)c->authors,
			 "event_details", (json_int_t)c->events, "obligation_notes", (json_int_t)c->obligation_notes,
			 "kept_events", (json_int_t)c->kept_events, "kept_obligations",
			 (json_int_t)c->kept_obligations, "kept_acceptances", (json_int_t)c->kept_acceptances,
			 "fts_partitions", (json_int_t)c->index_parts, "fts_docs", (json_int_t)c->index_docs);
}

static void print_counts(const struct erase_counts *c, const char *verb_removed, const char *verb_kept)
{
	printf("  %s: %sname and email; %lld ticket %s; %lld %s (%lld internal %s); %lld inbound %s;"
	       " %lld event %s; %lld obligation %s\n",
	       verb_removed, c->customers ? "" : "(already gone) ", (long long)c->tickets,
	       plural(c->tickets, "subject", "subjects"), (long long)c->messages,
	       plural(c->messages, "message body", "message bodies"), (long long)c->notes,
	       plural(c->notes, "note", "notes"), (long long)c->authors, plural(c->authors, "author", "authors"),
	       (long long)c->events, plural(c->events, "detail", "details"), (long long)c->obligation_notes,
	       plural(c->obligation_notes, "note", "notes"));
	printf("  %s as evidence: %lld %s, %lld %s, %lld %s, %lld %s (ids, kinds, times, outcomes, revision ids)\n",
	       verb_kept, (long long)c->tickets, plural(c->tickets, "ticket", "tickets"), (long long)c->kept_events,
	       plural(c->kept_events, "event", "events"), (long long)c->kept_obligations,
	       plural(c->kept_obligations, "obligation", "obligations"), (long long)c->kept_acceptances,
	       plural(c->kept_acceptances, "acceptance", "acceptances"));
}

/* Art 15(1) and Art 13(1)(a): the copy names the controller; say so
 * when the workspace does not (the export still goes out). */
static void warn_controller(struct workspace *ws)
{
	if (!ws_config(ws, "processing.controller", NULL))
		fprintf(stderr, "docket: warning: processing.controller is not set in the workspace config: the copy "
				"does not name the controller (GDPR Art 15(1)); set it with `docket config set "
				"processing.controller \"NAME, ADDRESS\"`\n");
	if (!ws_config(ws, "processing.contact", NULL))
		fprintf(stderr, "docket: warning: processing.contact is not set: the copy gives no contact "
				"(`docket config set processing.contact EMAIL`)\n");
}

static int do_export(struct workspace *ws, int64_t id, const struct cli_args *a)
{
	int recipient, format = EXPORT_JSON;
	int rc = rights_recipient_parse(cli_arg(a, "recipient"), &recipient);
	if (!rc && cli_arg(a, "format"))
		rc = export_format_parse(cli_arg(a, "format"), &format);
	if (rc)
		return cli_fail(rc);
	const char **paths;
	size_t n = cli_arg_all(a, "out", &paths);
	struct export_counts cnt;
	if (n) {
		struct export_out *outs = xcalloc(n, sizeof(*outs));
		for (size_t i = 0; i < n; i++) {
			int f = export_format_of_path(paths[i]);
			outs[i].path = paths[i];
			outs[i].format = f >= 0 && !cli_arg(a, "format") ? f : format;
		}
		rc = rights_export_files(ws, id, recipient, outs, n, dk_now(), &cnt);
		if (!rc) {
			warn_controller(ws);
			for (size_t i = 0; i < n; i++)
				printf("customer %lld: exported to %s (%s; %lld %s, %lld %s, %zu bytes, sha256 %s)\n",
				       (long long)id, outs[i].path, export_format_name(outs[i].format),
				       (long long)cnt.tickets, plural(cnt.tickets, "ticket", "tickets"),
				       (long long)cnt.messages, plural(cnt.messages, "message", "messages"), outs[i].bytes,
				       outs[i].sha256);
		}
		free(outs);
		free(paths);
		return rc ? cli_fail(rc) : 0;
	}
	free(paths);
	char *text;
	if ((rc = rights_export_as(ws, id, recipient, format, dk_now(), &text, &cnt)))
		return cli_fail(rc);
	warn_controller(ws);
	fputs(text, stdout);
	free(text);
	return 0;
}

static int do_erase(struct workspace *ws, int64_t id, const char *reason, int dry_run, int json)
{
	int rc;
	if (dry_run) {
		struct erase_preview p;
		if ((rc = rights_erase_preview(ws, id, &p)))
			return cli_fail(rc);
		if (json) {
			json_t *j = json_pack("{s:I, s:b, s:o, s:i, s:o}", "customer_id", (json_int_t)id, "blocked",
					      p.blocked, "block_reason", p.block_reason ? json_string(p.block_reason)
										     : json_null(),
					      "fts_partition", p.counts.index_part, "counts", counts_json(&p.counts));
			cli_print_json(j);
			json_decref(j);
		} else {
			printf("customer %lld: erasure would\n", (long long)id);
			print_counts(&p.counts, "remove", "keep");
			printf("  %s\n", p.index_note);
			if (p.blocked)
				printf("  REFUSED: %s\n", p.block_reason);
		}
		rc = p.blocked ? err_set(DK_EPERM, "%s", p.block_reason) : 0;
		erase_preview_clear(&p);
		return rc ? (json ? 1 : cli_fail(rc)) : 0;
	}
	struct erase_result res;
	if ((rc = rights_erase(ws, id, reason, dk_now(), &res)))
		return cli_fail(rc);
	if (json) {
		json_t *j = json_pack("{s:I, s:b, s:o}", "customer_id", (json_int_t)id, "scrub_complete",
				      res.scrub_complete, "counts", counts_json(&res.counts));
		cli_print_json(j);
		json_decref(j);
	} else {
		printf("customer %lld: erased\n", (long long)id);
		print_counts(&res.counts, "removed", "kept");
		printf("  %s\n", res.index_note);
	}
	if (!res.scrub_complete)
		fprintf(stderr, "docket: warning: %s\n", res.scrub_note);
	return 0;
}

CLI_HANDLER(cli_customer_export)
{
	int64_t id;
	int rc = parse_cust(a->pos[0], &id);
	return rc ? cli_fail(rc) : do_export(c->ws, id, a);
}

CLI_HANDLER(cli_customer_erase)
{
	int64_t id;
	int rc = parse_cust(a->pos[0], &id);
	return rc ? cli_fail(rc) : do_erase(c->ws, id, cli_arg(a, "reason"), cli_flag(a, "dry-run"), cli_flag(a, "json"));
}

CLI_HANDLER(cli_customer_rectify)
{
	int64_t id;
	int n = 0, rc;
	if ((rc = parse_cust(a->pos[0], &id)))
		return cli_fail(rc);
	if ((rc = rights_rectify(c->ws, id, a->pos[1], a->pos[2], dk_now(), &n)))
		return cli_fail(rc);
	printf("customer %lld: %s rectified\n", (long long)id, a->pos[1]);
	if (!strcmp(a->pos[1], "jurisdiction"))
		printf("  obligations re-evaluated on %d open %s\n", n, n == 1 ? "ticket" : "tickets");
	return 0;
}

/* customer hold|restrict ID on|off [--reason T] */
static int hold_or_restrict(struct cli *c, const struct cli_args *a, int hold)
{
	const char *sub = hold ? "customer hold" : "customer restrict";
	int64_t id;
	int on = 0, rc;
	if ((rc = parse_on_off(a->pos[1], sub, &on)))
		return rc;
	if ((rc = parse_cust(a->pos[0], &id)))
		return cli_fail(rc);
	const char *reason = cli_arg(a, "reason");
	rc = hold ? rights_hold(c->ws, id, on, reason, dk_now()) : rights_restrict(c->ws, id, on, reason, dk_now());
	if (rc)
		return cli_fail(rc);
	printf("customer %lld: %s %s\n", (long long)id, hold ? "legal hold" : "restriction of processing",
	       on ? "on" : "off");
	return 0;
}

CLI_HANDLER(cli_customer_hold) { return hold_or_restrict(c, a, 1); }

CLI_HANDLER(cli_customer_restrict) { return hold_or_restrict(c, a, 0); }

CLI_HANDLER(cli_retention_run)
{
	int dry_run = cli_flag(a, "dry-run"), json = cli_flag(a, "json"), rc;
	struct workspace *ws = c->ws;
	struct retention_report r;
	if ((rc = rights_retention_run(ws, dk_now(), dry_run, &r)))
		return cli_fail(rc);
	if (json) {
		json_t *j = retention_report_json(&r);
		cli_print_json(j);
		json_decref(j);
	} else {
		char t[DK_TIME_BUFSZ], cut[DK_TIME_BUFSZ];
		printf("retention run%s at %s\n", dry_run ? " (dry run: nothing changed)" : "", dk_time_format(r.now, t));
		printf("  %-18s %-7s %-21s %8s %9s %5s\n", "kind", "period", "closed before", "tickets", "messages",
		       "held");
		for (size_t i = 0; i < r.nkinds; i++) {
			const struct retention_kind *k = &r.kinds[i];
			if (k->cutoff == DK_TIME_NONE)
				snprintf(cut, sizeof(cut), "(kept)");
			else
				dk_time_format(k->cutoff, cut);
			printf("  %-18s %-7s %-21s %8lld %9lld %5lld\n", k->kind, k->period, cut, (long long)k->tickets,
			       (long long)k->messages, (long long)k->held);
		}
		printf("  total: %lld %s and %lld %s %s; %lld skipped (legal hold)",
		       (long long)r.tickets, plural(r.tickets, "ticket", "tickets"), (long long)r.messages,
		       plural(r.messages, "message", "messages"), dry_run ? "would be anonymised" : "anonymised",
		       (long long)r.held);
		if (!dry_run)
			printf("; %s", r.index_note);
		printf("\n");
	}
	if (!dry_run && !r.scrub_complete)
		fprintf(stderr, "docket: warning: %s\n", r.scrub_note);
	retention_report_clear(&r);
	return 0;
}
