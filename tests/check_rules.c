/* check_rules.c - the rule pack: loading the starter pack, every error
 * message with its file:line, groups, matching, phrase suggestions. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/dtime.h"
#include "lib/err.h"
#include "core/jurisdiction.h"
#include "core/legal_notes.h"
#include "core/rules.h"
#include "model/vocab.h"
#include "lib/util.h"

static struct rule_pack *starter;

static dk_time T(const char *s)
{
	dk_time t;
	ck_assert_msg(dk_time_parse(s, NULL, &t) == 0, "bad time %s", s);
	return t;
}

static const char groups_ini[] = "[groups]\n"
				 "EU = DE, FR, IE\n"
				 "EEA = EU, NO,\n"
				 "  IS, LI\n";

/* A rule with every required key, to build broken variants from. */
#define GOOD_RULE(id)                            \
	"[" id "]\n"                             \
	"title = Test rule\n"                    \
	"regime = GDPR\n"                        \
	"applies = data-access\n"                \
	"jurisdictions = EEA\n"                  \
	"from = 2018-05-25\n"                    \
	"deadline = 1 month\n"                   \
	"prompt = Do it.\n"                      \
	"source = Art 12(3)\n"

/* Load one rules file (plus the groups above) and return the errors. */
static char *load_errors(const char *rules, int *rc)
{
	struct pack_file f[] = {
		{ "rules/t.ini", rules, strlen(rules) },
		{ "jurisdictions.ini", groups_ini, sizeof(groups_ini) - 1 },
	};
	struct buf e = BUF_INIT;
	struct rule_pack *p = (struct rule_pack *)&e; /* must be reset to NULL */
	*rc = rule_pack_load_files(f, 2, &p, &e);
	if (*rc)
		ck_assert_ptr_null(p);
	rule_pack_free(p);
	char *s = buf_detach(&e);
	return s ? s : xstrdup("");
}

START_TEST(test_starter_pack_loads_without_errors)
{
	/* Loaded in main(); check its shape here. */
	ck_assert_ptr_nonnull(starter);
	ck_assert_uint_ge(rule_pack_count(starter), 17);
	ck_assert_uint_ge(calendar_set_count(rule_pack_calendars(starter)), 8);
	static const char *const contract[] = {
		"gdpr-access", "gdpr-erasure", "gdpr-rectification", "gdpr-portability",
		"gdpr-objection", "gdpr-breach-authority", "ukgdpr-access", "ccpa-ack",
		"ccpa-response", "ccpa-opt-out", "lgpd-access", "pipeda-access",
		"fca-complaint-final", "fca-complaint-summary", "eu-withdrawal-refund",
		"ai-disclosure-eu", "bot-disclosure-ca",
	};
	for (size_t i = 0; i < sizeof(contract) / sizeof(contract[0]); i++) {
		const struct rule *r = rule_pack_find(starter, contract[i]);
		ck_assert_msg(r != NULL, "missing contract rule %s", contract[i]);
		ck_assert_msg(r->source && *r->source, "%s cites no source", contract[i]);
		ck_assert_msg(r->title && r->prompt && r->regime, "%s lacks texts", contract[i]);
	}
	for (size_t i = 0; i < rule_pack_count(starter); i++) {
		const struct rule *r = rule_pack_get(starter, i);
		ck_assert_msg(r->source && *r->source, "%s cites no source", r->id);
		ck_assert_msg(r->automated || r->deadline.unit != RULE_UNIT_NONE, "%s has no deadline", r->id);
		ck_assert_msg(r->nsteps > 0, "%s has no checklist", r->id);
		ck_assert_msg(!strncmp(r->file, "rules/", 6), "%s: file %s", r->id, r->file);
		if (r->note && strstr(r->note, "verify"))
			ck_assert_ptr_nonnull(r->source);
	}
	ck_assert_ptr_null(rule_pack_get(starter, rule_pack_count(starter)));
	ck_assert_ptr_null(rule_pack_find(starter, "no-such-rule"));
}
END_TEST

START_TEST(test_starter_rules_carry_what_obligations_snapshot)
{
	const struct rule *r = rule_pack_find(starter, "gdpr-access");
	ck_assert_str_eq(r->deadline_text, "1 month");
	ck_assert_str_eq(r->extension_text, "2 months");
	ck_assert_ptr_nonnull(r->extension_when);
	ck_assert_int_eq(r->roll, 1);
	ck_assert_str_eq(r->starts, "received");
	ck_assert_str_eq(r->from, "2018-05-25");
	ck_assert_ptr_null(r->until);
	ck_assert_uint_ge(r->nsteps, 3);
	/* Continuation lines join with a space. */
	ck_assert_ptr_nonnull(strstr(r->prompt, "processing information (purposes, recipients"));
	r = rule_pack_find(starter, "gdpr-breach-authority");
	ck_assert_int_eq(r->deadline.unit, RULE_UNIT_HOURS);
	ck_assert_int_eq(r->deadline.n, 72);
	ck_assert_str_eq(r->starts, "aware");
	r = rule_pack_find(starter, "ukgdpr-access");
	/* identity and fee restart the month (Art 12A); only clarification pauses */
	ck_assert_uint_eq(r->npauses, 1);
	ck_assert_str_eq(r->pauses[0], "clarification");
	ck_assert_int_eq(r->pause_inclusive, 1);
	ck_assert_str_eq(r->starts, "received, identity-verified, fee-paid");
	ck_assert(rule_starts_on(r, "identity-verified"));
	ck_assert(rule_starts_on(r, "fee-paid"));
	ck_assert(!rule_starts_on(r, "aware"));
	/* the bank holidays of the UK nation where the business acts */
	ck_assert_str_eq(r->calendar, "establishment");
	ck_assert_str_eq(r->calendar_within, "GB");
	ck_assert_ptr_nonnull(strstr(r->note, "5 Feb 2026"));
	r = rule_pack_find(starter, "uk-dpa-complaint-ack");
	ck_assert_int_eq(r->counting, RULE_COUNT_BEGINNING_WITH);
	r = rule_pack_find(starter, "pipeda-access");
	ck_assert_int_eq(r->roll, RULE_ROLL_HOLIDAYS);
	r = rule_pack_find(starter, "gdpr-access");
	ck_assert_str_eq(r->calendar, RULE_CALENDAR_ESTABLISHMENT);
	r = rule_pack_find(starter, "asic-complaint");
	ck_assert_str_eq(r->ack_text, "24 hours");
	r = rule_pack_find(starter, "ai-disclosure-eu");
	ck_assert_int_eq(r->automated, 1);
	ck_assert_str_eq(r->applies[0], RULE_AUTOMATED_REPLY);
	ck_assert_str_eq(r->starts, "reply");
	ck_assert_int_eq(r->deadline.unit, RULE_UNIT_NONE);
}
END_TEST

struct ecase {
	const char *what;
	const char *text;     /* rules/t.ini */
	const char *expected; /* the whole error output */
};

static const struct ecase ecases[] = {
	{ "unknown key", GOOD_RULE("x") "colour = blue\n", "rules/t.ini:10: unknown key 'colour'\n" },
	{ "bad duration", "[x]\ntitle = T\nregime = R\napplies = data-access\njurisdictions = EEA\n"
			  "from = 2018-05-25\ndeadline = 3 fortnights\nprompt = P\nsource = S\n",
	  "rules/t.ini:7: bad duration '3 fortnights' (expected a number 1-9999 and hours, days, "
	  "calendar days, business days, weeks or months)\n" },
	{ "unknown jurisdiction group", "[x]\ntitle = T\nregime = R\napplies = data-access\n"
					"jurisdictions = EEA, EUROPE\nfrom = 2018-05-25\n"
					"deadline = 1 month\nprompt = P\nsource = S\n",
	  "rules/t.ini:5: unknown jurisdiction or group 'EUROPE'\n" },
	{ "a good rule loads", GOOD_RULE("x") "", "" },
	/* requires (issue 12 item 7) */
	{ "requires facts load", GOOD_RULE("x") "requires = fca, payment-services\n", "" },
	{ "requires empty", GOOD_RULE("x") "requires =\n",
	  "rules/t.ini:10: empty value for 'requires' (name the facts, such as fca; see docs/rule-pack.md)\n" },
	{ "requires malformed", GOOD_RULE("x") "requires = fca, FCA Ltd,\n  asic, ,\n",
	  "rules/t.ini:10: bad fact 'FCA Ltd' in requires (use lower-case letters, digits and '-', such as fca)\n"
	  "rules/t.ini:11: empty item in requires\n" },
	{ "requires twice", GOOD_RULE("x") "requires = fca\nrequires = asic\n",
	  "rules/t.ini:11: duplicate key 'requires' (first at line 10)\n" },
	{ "missing source", "\n; comment\n[x]\ntitle = T\nregime = R\napplies = data-access\n"
			    "jurisdictions = EEA\nfrom = 2018-05-25\ndeadline = 1 month\nprompt = P\n",
	  "rules/t.ini:3: rule 'x': missing required key 'source'\n" },
	{ "missing keys at the section header", GOOD_RULE("a") "\n[b]\ntitle = B\n",
	  "rules/t.ini:11: rule 'b': missing required key 'regime'\n"
	  "rules/t.ini:11: rule 'b': missing required key 'applies'\n"
	  "rules/t.ini:11: rule 'b': missing required key 'jurisdictions'\n"
	  "rules/t.ini:11: rule 'b': missing required key 'from'\n"
	  "rules/t.ini:11: rule 'b': missing required key 'deadline'\n"
	  "rules/t.ini:11: rule 'b': missing required key 'prompt'\n"
	  "rules/t.ini:11: rule 'b': missing required key 'source'\n" },
	{ "duplicate id in one file", GOOD_RULE("x") GOOD_RULE("x"),
	  "rules/t.ini:10: duplicate rule id 'x' (first defined at rules/t.ini:1)\n" },
	{ "duplicate key", GOOD_RULE("x") "title = Again\n",
	  "rules/t.ini:10: duplicate key 'title' (first at line 2)\n" },
	{ "unknown ticket kind", GOOD_RULE("x") "[y]\ntitle = T\nregime = R\napplies = refunds\n"
					     "jurisdictions = DE\nfrom = 2018-05-25\ndeadline = 1 month\n"
					     "prompt = P\nsource = S\n",
	  "rules/t.ini:13: unknown ticket kind 'refunds' (known: question, complaint, data-access, "
	  "data-erasure, data-portability, rectification, objection, breach, refund, opt-out, other, "
	  "restriction, automated-decision, limit-use, appeal, withdrawal, automated-reply)\n" },
	{ "bad date", GOOD_RULE("x") "until = 2026-02-30\n",
	  "rules/t.ini:10: bad date '2026-02-30' (expected YYYY-MM-DD)\n" },
	{ "until before from", GOOD_RULE("x") "until = 2018-01-01\n",
	  "rules/t.ini:10: until 2018-01-01 is before from 2018-05-25\n" },
	{ "bad roll", GOOD_RULE("x") "roll = maybe\n",
	  "rules/t.ini:10: bad value 'maybe' for roll (expected yes, no or holidays)\n" },
	{ "bad duty", GOOD_RULE("x") "duty = thanks\n",
	  "rules/t.ini:10: bad value 'thanks' for duty (expected response or acknowledgement)\n" },
	{ "acknowledgement duty", GOOD_RULE("x") "duty = acknowledgement\n", "" },
	{ "starts: a list of events", GOOD_RULE("x") "starts = received, identity-verified, fee-paid\n", "" },
	{ "starts: one bad event in a list", GOOD_RULE("x") "starts = received, lunch\n",
	  "rules/t.ini:10: unknown clock event 'lunch' (known: received, aware, identity-verified, "
	  "fee-paid, contract, delivery, withdrawal, file-complete, reply)\n" },
	{ "counting beginning-with", GOOD_RULE("x") "counting = beginning-with\n", "" },
	{ "bad counting", GOOD_RULE("x") "counting = inclusive\n",
	  "rules/t.ini:10: bad value 'inclusive' for counting (expected after or beginning-with)\n" },
	{ "counting on hours", "[x]\ntitle = T\nregime = R\napplies = breach\njurisdictions = EEA\n"
			       "from = 2018-05-25\ndeadline = 72 hours\ncounting = beginning-with\nprompt = P\nsource = S\n",
	  "rules/t.ini:8: counting does not apply to a deadline in hours\n" },
	{ "pause_counting inclusive", GOOD_RULE("x") "pauses = clarification\npause_counting = inclusive\n", "" },
	{ "pause_counting without pauses", GOOD_RULE("x") "pause_counting = inclusive\n",
	  "rules/t.ini:10: pause_counting without pauses\n" },
	{ "bad pause_counting", GOOD_RULE("x") "pauses = clarification\npause_counting = both\n",
	  "rules/t.ini:11: bad value 'both' for pause_counting (expected exclusive or inclusive)\n" },
	{ "roll holidays", GOOD_RULE("x") "roll = holidays\n", "" },
	{ "calendar establishment", GOOD_RULE("x") "calendar = establishment\n", "" },
	{ "roll on hours", "[x]\ntitle = T\nregime = R\napplies = breach\njurisdictions = EEA\n"
			   "from = 2018-05-25\ndeadline = 72 hours\nroll = yes\nprompt = P\nsource = S\n",
	  "rules/t.ini:8: roll does not apply to a deadline in hours\n" },
	{ "unknown clock event", GOOD_RULE("x") "starts = lunch\n",
	  "rules/t.ini:10: unknown clock event 'lunch' (known: received, aware, identity-verified, "
	  "fee-paid, contract, delivery, withdrawal, file-complete, reply)\n" },
	{ "unknown pause reason", GOOD_RULE("x") "pauses = identity, holidays\n",
	  "rules/t.ini:10: unknown pause reason 'holidays' (known: identity, clarification, fee, or none)\n" },
	{ "extension_when alone", GOOD_RULE("x") "extension_when = if complex\n",
	  "rules/t.ini:10: extension_when without extension\n" },
	{ "bad extension", GOOD_RULE("x") "extension = two months\n",
	  "rules/t.ini:10: bad duration 'two months' (expected a number 1-9999 and hours, days, "
	  "calendar days, business days, weeks or months)\n" },
	{ "bad calendar", GOOD_RULE("x") "calendar = England\n",
	  "rules/t.ini:10: bad calendar 'England' (expected a jurisdiction code such as GB or US-CA, establishment, "
	  "or establishment in CODE)\n" },
	{ "calendar establishment in", GOOD_RULE("x") "calendar = establishment in GB\n", "" },
	{ "calendar establishment in a bad code", GOOD_RULE("x") "calendar = establishment in Britain\n",
	  "rules/t.ini:10: bad calendar 'establishment in Britain' (expected a jurisdiction code such as GB or US-CA, "
	  "establishment, or establishment in CODE)\n" },
	{ "empty list item", "[x]\ntitle = T\nregime = R\napplies = data-access\njurisdictions = DE,,FR\n"
			     "from = 2018-05-25\ndeadline = 1 month\nprompt = P\nsource = S\n",
	  "rules/t.ini:5: empty item in jurisdictions\n" },
	{ "scalar continued", GOOD_RULE("x") "ack = 10 days\n  more\n",
	  "rules/t.ini:11: 'ack' takes one value on one line\n" },
	{ "syntax: no equals", GOOD_RULE("x") "this line is wrong\n",
	  "rules/t.ini:10: expected 'key = value'\n" },
	{ "key before any section", "title = T\n" GOOD_RULE("x"),
	  "rules/t.ini:1: 'title' outside a [section]\n" },
	{ "unclosed section header", GOOD_RULE("x") "[y\n", "rules/t.ini:10: expected ']' after the section name\n" },
	{ "bad rule id", "[Bad Id]\ntitle = T\n",
	  "rules/t.ini:1: bad rule id 'Bad Id' (use lower-case letters, digits, '-' and '.')\n" },
	{ "automated mixed with kinds", "[x]\ntitle = T\nregime = R\napplies = automated-reply, complaint\n"
					"jurisdictions = EU\nfrom = 2026-08-02\nprompt = P\nsource = S\n",
	  "rules/t.ini:4: 'automated-reply' cannot be combined with ticket kinds\n" },
	{ "line too long", GOOD_RULE("x") "note = "
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
	  "rules/t.ini:10: line longer than 197 characters (continue a long value on indented lines)\n" },
	{ "several mistakes, in line order", "[x]\ntitle = T\nfoo = 1\nregime = R\napplies = data-access\n"
					     "jurisdictions = MARS\nfrom = 2018-05-25\ndeadline = 1 eon\n"
					     "prompt = P\n",
	  "rules/t.ini:1: rule 'x': missing required key 'source'\n"
	  "rules/t.ini:3: unknown key 'foo'\n"
	  "rules/t.ini:6: unknown jurisdiction or group 'MARS'\n"
	  "rules/t.ini:8: bad duration '1 eon' (expected a number 1-9999 and hours, days, calendar days, "
	  "business days, weeks or months)\n" },
	{ "CRLF line ends and inline comments", "[x]\r\ntitle = T ; a comment\r\nregime = R\r\n"
						"applies = data-access\r\njurisdictions = DE\r\n"
						"from = 2018-05-25\r\ndeadline = 1 month\r\nprompt = P\r\nsource = S\r\n",
	  "" },
};

START_TEST(test_each_error_has_its_file_and_line)
{
	const struct ecase *c = &ecases[_i];
	int rc;
	char *got = load_errors(c->text, &rc);
	ck_assert_msg(!strcmp(got, c->expected), "%s:\n got: [%s]\nwant: [%s]", c->what, got, c->expected);
	ck_assert_int_eq(rc, *c->expected ? DK_EINVAL : 0);
	free(got);
}
END_TEST

START_TEST(test_requires_lists_the_facts_a_rule_needs)
{
	const char text[] = GOOD_RULE("x") "requires = fca,\n  payment-services, fca\nstep = S\n" GOOD_RULE("y");
	struct pack_file f[] = {
		{ "rules/t.ini", text, sizeof(text) - 1 },
		{ "jurisdictions.ini", groups_ini, sizeof(groups_ini) - 1 },
	};
	struct buf e = BUF_INIT;
	struct rule_pack *p;
	ck_assert_msg(rule_pack_load_files(f, 2, &p, &e) == 0, "%s", buf_str(&e));
	const struct rule *r = rule_pack_find(p, "x");
	ck_assert_uint_eq(r->nrequires, 2);
	ck_assert_str_eq(r->requires[0], "fca");
	ck_assert_str_eq(r->requires[1], "payment-services");
	ck_assert_uint_eq(r->nsteps, 1); /* the list ended at the next key */
	ck_assert_uint_eq(rule_pack_find(p, "y")->nrequires, 0);
	rule_pack_free(p);
	buf_release(&e);
	/* the shipped pack: FCA DISP needs fca, ASIC RG 271 asic, the
	 * payment-services rule both; GDPR binds everyone */
	r = rule_pack_find(starter, "fca-complaint-final");
	ck_assert_uint_eq(r->nrequires, 1);
	ck_assert_str_eq(r->requires[0], "fca");
	r = rule_pack_find(starter, "fca-complaint-summary");
	ck_assert_uint_eq(r->nrequires, 1);
	ck_assert_str_eq(r->requires[0], "fca");
	r = rule_pack_find(starter, "asic-complaint");
	ck_assert_uint_eq(r->nrequires, 1);
	ck_assert_str_eq(r->requires[0], "asic");
	r = rule_pack_find(starter, "fca-payments-complaint");
	ck_assert_uint_eq(r->nrequires, 2);
	ck_assert_str_eq(r->requires[1], "payment-services");
	ck_assert_uint_eq(rule_pack_find(starter, "gdpr-access")->nrequires, 0);
	ck_assert_uint_eq(rule_pack_find(starter, "uk-adr-information")->nrequires, 0);
}
END_TEST

START_TEST(test_duplicate_id_across_files)
{
	const char a[] = GOOD_RULE("same");
	const char b[] = "; b\n" GOOD_RULE("same");
	struct pack_file f[] = {
		{ "rules/b.ini", b, sizeof(b) - 1 },
		{ "rules/a.ini", a, sizeof(a) - 1 },
		{ "jurisdictions.ini", groups_ini, sizeof(groups_ini) - 1 },
		{ "terms/terms-of-service.md", "# Terms", 7 }, /* ignored */
	};
	struct buf e = BUF_INIT;
	struct rule_pack *p;
	ck_assert_int_eq(rule_pack_load_files(f, 4, &p, &e), DK_EINVAL);
	ck_assert_str_eq(buf_str(&e), "rules/b.ini:2: duplicate rule id 'same' (first defined at rules/a.ini:1)\n");
	ck_assert_str_eq(err_msg(), "rule pack: 1 error");
	buf_release(&e);
	/* NULL errors buffer is allowed. */
	ck_assert_int_eq(rule_pack_load_files(f, 4, &p, NULL), DK_EINVAL);
}
END_TEST

START_TEST(test_calendar_and_group_errors)
{
	static const char cal[] = "[calendar]\nname = Test\nweekend = sat, sun\nyears = 2026-2026\n"
				  "colour = red\n[holidays]\n2026-12-25 = Christmas\n2026-12-25 = Again\n"
				  "2026-13-01 = Nope\n2027-01-01 = Out of range\n2026-06-01 =\n[extra]\nx = 1\n";
	static const char cal2[] = "[calendar]\nweekend = mon, tue, wed, thu, fri, sat, sun\n";
	static const char grp[] = "[groups]\nEU = DE, FR\nDE = FR\nLOOP = LOOP2\nLOOP2 = LOOP\n"
				  "ODD = EU, ZZ\nEU = IT\n[other]\n";
	static const char rules[] = GOOD_RULE("x");
	struct pack_file f[] = {
		{ "calendars/GB.ini", cal, sizeof(cal) - 1 },
		{ "calendars/England.ini", "", 0 },
		{ "calendars/FR.ini", cal2, sizeof(cal2) - 1 },
		{ "jurisdictions.ini", grp, sizeof(grp) - 1 },
		{ "rules/t.ini", rules, sizeof(rules) - 1 },
	};
	struct buf e = BUF_INIT;
	struct rule_pack *p;
	ck_assert_int_eq(rule_pack_load_files(f, 5, &p, &e), DK_EINVAL);
	ck_assert_str_eq(buf_str(&e),
			 "jurisdictions.ini:3: bad group name 'DE' (upper-case, and not a country code)\n"
			 "jurisdictions.ini:5: group 'LOOP2' includes itself through 'LOOP'\n"
			 "jurisdictions.ini:6: unknown jurisdiction or group 'ZZ'\n"
			 "jurisdictions.ini:7: duplicate group 'EU' (first at line 2)\n"
			 "jurisdictions.ini:8: unknown section 'other' (expected [groups])\n"
			 "calendars/England.ini:1: 'England' is not a jurisdiction code (name calendar files like GB.ini, US-CA.ini)\n"
			 "calendars/FR.ini:2: a week needs at least one working day\n"
			 "calendars/GB.ini:5: unknown key 'colour'\n"
			 "calendars/GB.ini:8: duplicate holiday date 2026-12-25\n"
			 "calendars/GB.ini:9: bad date '2026-13-01' (expected YYYY-MM-DD = name)\n"
			 "calendars/GB.ini:10: holiday 2027-01-01 outside years 2026-2026\n"
			 "calendars/GB.ini:11: holiday 2026-06-01 has no name\n"
			 "calendars/GB.ini:12: unknown section 'extra' (expected [calendar] or [holidays])\n"
			 "rules/t.ini:5: unknown jurisdiction or group 'EEA'\n");
	buf_release(&e);
}
END_TEST

START_TEST(test_groups_expand_recursively)
{
	size_t n;
	const char *const *eea = rule_pack_group(starter, "EEA", &n);
	ck_assert_ptr_nonnull(eea);
	ck_assert_uint_eq(n, 30);
	int de = 0, no = 0, gb = 0;
	for (size_t i = 0; i < n; i++) {
		de += !strcmp(eea[i], "DE");
		no += !strcmp(eea[i], "NO");
		gb += !strcmp(eea[i], "GB");
	}
	ck_assert(de && no && !gb);
	ck_assert_ptr_nonnull(rule_pack_group(starter, "EU", &n));
	ck_assert_uint_eq(n, 27);
	ck_assert_ptr_null(rule_pack_group(starter, "MARS", &n));
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_ge(rule_pack_group_count(starter), 4);
	const struct rule *r = rule_pack_find(starter, "gdpr-access");
	ck_assert_uint_eq(r->njurisdictions, 1);
	ck_assert_str_eq(r->jurisdictions[0], "EEA");
	ck_assert_uint_eq(r->ncodes, 30);
	ck_assert(rule_covers(r, "IS"));
	ck_assert(rule_covers(r, "DE-BY")); /* a country covers its subdivisions */
	ck_assert(!rule_covers(r, "GB"));
	ck_assert(!rule_covers(r, "D"));
	ck_assert(!rule_covers(r, NULL));
	r = rule_pack_find(starter, "ccpa-response");
	ck_assert(rule_covers(r, "US-CA"));
	ck_assert(!rule_covers(r, "US"));
	ck_assert(!rule_covers(r, "US-NY"));
	ck_assert(!rule_covers(r, "US-CAX"));
	ck_assert(rule_jurisdiction_code_valid("US-CA"));
	ck_assert(rule_jurisdiction_code_valid("ZW"));
	ck_assert(!rule_jurisdiction_code_valid("UK"));
	ck_assert(!rule_jurisdiction_code_valid("EU"));
	ck_assert(!rule_jurisdiction_code_valid("de"));
	ck_assert(!rule_jurisdiction_code_valid("US-"));
	ck_assert(!rule_jurisdiction_code_valid("US-ABCD"));
}
END_TEST

static int has(const struct rule **v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i]->id, id))
			return 1;
	return 0;
}

struct mcase {
	const char *kind, *jur, *at;
	const char *want; /* space-separated ids, exactly */
};

static const struct mcase mcases[] = {
	{ "data-access", "DE", "2026-03-01", "gdpr-access" },
	{ "data-access", "DE-BY", "2026-03-01", "gdpr-access" },
	{ "data-access", "NO", "2026-03-01", "gdpr-access" },
	{ "data-access", "GB", "2026-03-01", "ukgdpr-access" },
	{ "data-access", "DE", "2018-05-24", "" },
	{ "data-access", "US-CA", "2026-03-01", "ccpa-ack ccpa-response" },
	/* one rule per state, each from its own date */
	{ "data-access", "US-VA", "2026-03-01", "us-va-privacy-response" },
	{ "data-access", "US-VA", "2024-01-15", "us-va-privacy-response" },
	{ "data-access", "US-VA", "2022-12-31", "" },
	{ "data-access", "US-CT", "2023-07-01", "us-ct-privacy-response" },
	{ "data-access", "US-OR", "2026-03-01", "us-or-privacy-response" },
	{ "data-access", "US-IA", "2026-03-01", "us-ia-privacy-response" },
	{ "rectification", "US-UT", "2026-03-02", "" },
	{ "rectification", "US-UT", "2026-07-01", "us-ut-privacy-correction" },
	{ "appeal", "US-VA", "2026-03-01", "us-va-privacy-appeal" },
	{ "limit-use", "US-CA", "2026-03-01", "ccpa-limit-sensitive" },
	{ "breach", "US-CA", "2025-12-31", "" },
	{ "breach", "US-CA", "2026-01-01", "ca-breach-residents ca-breach-ag-sample" },
	{ "breach", "US-NY", "2026-01-01", "ny-breach" },
	{ "breach", "GB", "2026-03-01", "ukgdpr-breach-ico ukgdpr-breach-individuals" },
	{ "breach", "BR", "2026-03-01", "lgpd-breach" },
	{ "breach", "CA", "2026-03-01", "pipeda-breach" },
	{ "restriction", "DE", "2026-03-01", "gdpr-restriction" },
	{ "automated-decision", "GB", "2026-03-01", "ukgdpr-automated-decision" },
	{ "refund", "GB", "2026-03-01", "uk-ccr-refund" },
	{ "withdrawal", "FR", "2026-06-18", "eu-withdrawal-refund" },
	{ "withdrawal", "FR", "2026-06-19", "eu-withdrawal-refund eu-withdrawal-ack" },
	{ "data-access", "US-NY", "2026-03-01", "" },
	{ "data-access", "BR", "2026-03-01", "lgpd-access" },
	{ "data-access", "CA", "2026-03-01", "pipeda-access" },
	{ "data-erasure", "FR", "2026-03-01", "gdpr-erasure" },
	{ "breach", "IE", "2026-03-01", "gdpr-breach-authority gdpr-breach-individuals" },
	{ "opt-out", "US-CA", "2026-03-01", "ccpa-opt-out" },
	{ "complaint", "GB", "2026-06-18", "fca-complaint-final fca-complaint-summary fca-payments-complaint uk-adr-information" },
	{ "complaint", "GB", "2026-06-19",
	  "fca-complaint-final fca-complaint-summary fca-payments-complaint uk-adr-information uk-dpa-complaint-ack" },
	{ "complaint", "DE", "2026-06-19", "eu-adr-information" },
	{ "refund", "FR", "2026-03-01", "eu-withdrawal-refund" },
	{ "question", "DE", "2026-03-01", "" },
	{ "automated-reply", "DE", "2026-08-01", "" },
	{ "automated-reply", "DE", "2026-08-02", "ai-disclosure-eu" },
	{ "automated-reply", "NO", "2026-08-02", "" },
	{ "automated-reply", "US-CA", "2026-03-01", "bot-disclosure-ca" },
	{ "automated-reply", "US-UT", "2025-05-07", "ai-disclosure-ut" },
	{ "automated-reply", "US-UT", "2025-05-06", "ai-disclosure-ut-2024" },
	{ "complaint", "IN", "2027-05-13", "" },
};

START_TEST(test_match_by_kind_jurisdiction_and_date)
{
	const struct mcase *c = &mcases[_i];
	const struct rule **v;
	size_t n;
	ck_assert_int_eq(rule_pack_match(starter, c->kind, c->jur, T(c->at), NULL, &v, &n), 0);
	struct buf got = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_printf(&got, "%s%s", i ? " " : "", v[i]->id);
	ck_assert_msg(!strcmp(buf_str(&got), c->want), "%s %s %s: got [%s], want [%s]", c->kind, c->jur,
		      c->at, buf_str(&got), c->want);
	buf_release(&got);
	free(v);
}
END_TEST

START_TEST(test_match_respects_until_and_time_zone)
{
	static const char r[] = "[old]\ntitle = T\nregime = R\napplies = complaint\njurisdictions = US\n"
				"from = 2020-01-01\nuntil = 2025-12-31\ndeadline = 15 days\nprompt = P\nsource = S\n";
	struct pack_file f[] = { { "rules/r.ini", r, sizeof(r) - 1 } };
	struct rule_pack *p;
	ck_assert_int_eq(rule_pack_load_files(f, 1, &p, NULL), 0);
	const struct rule **v;
	size_t n;
	rule_pack_match(p, "complaint", "US-NY", T("2025-12-31T23:00:00Z"), NULL, &v, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert(has(v, n, "old"));
	free(v);
	/* Already 1 Jan 2026 in Berlin. */
	rule_pack_match(p, "complaint", "US-NY", T("2025-12-31T23:00:00Z"), "Europe/Berlin", &v, &n);
	ck_assert_uint_eq(n, 0);
	free(v);
	ck_assert(!rule_applies_to(rule_pack_get(p, 0), "question"));
	ck_assert(!rule_applies_to(rule_pack_get(p, 0), NULL));
	rule_pack_free(p);
}
END_TEST

START_TEST(test_suggest_by_phrase)
{
	struct rule_suggestion *s;
	size_t n;
	const char *text = "Hello, under the right to be forgotten please DELETE MY DATA today.";
	ck_assert_int_eq(rule_pack_suggest(starter, text, &s, &n), 0);
	int found = 0;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(s[i].rule->id, "gdpr-erasure")) {
			found = 1;
			ck_assert_str_eq(s[i].phrase, "delete my data");
			ck_assert_uint_eq(s[i].offset, (size_t)(strstr(text, "DELETE") - text));
		}
		ck_assert_str_ne(s[i].rule->id, "gdpr-access");
	}
	ck_assert(found);
	free(s);
	/* Word boundaries: no match inside other words. */
	ck_assert_int_eq(rule_pack_suggest(starter, "Accessibility of SARS-era disarticles", &s, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(s);
	ck_assert_int_eq(rule_pack_suggest(starter, "We had a data breach: my account was hacked!", &s, &n), 0);
	ck_assert_uint_ge(n, 1);
	/* the US breach rules come first in pack order (ccpa.ini) */
	size_t gi = n;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s[i].rule->id, "gdpr-breach-authority"))
			gi = i;
	ck_assert_uint_lt(gi, n);
	ck_assert_str_eq(s[gi].phrase, "data breach");
	free(s);
	ck_assert_int_eq(rule_pack_suggest(starter, "", &s, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(s);
	ck_assert_int_eq(rule_pack_suggest(NULL, "x", &s, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(s);
}
END_TEST

/* A code is valid for a customer exactly when it is valid in a rule pack
 * (rule packs write the upper-case form; customers' codes are normalised
 * to it): one ISO 3166 table. */
static void same_verdict(const char *code, int *n_ok)
{
	char norm[8];
	int customer = jurisdiction_check(code, norm, sizeof(norm)) == 0;
	int rule = rule_jurisdiction_code_valid(code);
	ck_assert_msg(customer == rule, "%s: customer %s, rule pack %s", code, customer ? "accepts" : "refuses",
		      rule ? "accepts" : "refuses");
	if (customer) {
		ck_assert_str_eq(norm, code);
		(*n_ok)++;
	}
}

START_TEST(test_customers_and_rule_packs_accept_the_same_codes)
{
	static const char *const subs[] = { "CA", "NY", "ZZ", "ON", "QC", "SP", "BY", "1", "12", "123", "ABC",
					    "ABCD", "", "A", "X9" };
	int n_ok = 0, n_countries = 0;
	char code[16];
	for (char a = 'A'; a <= 'Z'; a++) {
		for (char b = 'A'; b <= 'Z'; b++) {
			snprintf(code, sizeof(code), "%c%c", a, b);
			int before = n_ok;
			same_verdict(code, &n_ok);
			if (n_ok == before)
				continue;
			n_countries++;
			for (size_t i = 0; i < sizeof(subs) / sizeof(*subs); i++) {
				snprintf(code, sizeof(code), "%c%c-%s", a, b, subs[i]);
				same_verdict(code, &n_ok);
			}
		}
	}
	ck_assert_int_eq(n_countries, 250); /* 249 ISO 3166-1 codes and XK */
	/* Kosovo: in the EU's lists and accepted by both */
	ck_assert(rule_jurisdiction_code_valid("XK"));
	ck_assert_int_eq(jurisdiction_check("xk", NULL, 0), 0);
	/* subdivisions are checked the same way for both */
	ck_assert(!rule_jurisdiction_code_valid("US-ZZ"));
	ck_assert(rule_jurisdiction_code_valid("US-CA"));
	ck_assert(rule_jurisdiction_code_valid("DE-BY"));
	/* lower case: a customer's code is normalised, the rule pack wants
	 * the normal form */
	ck_assert_int_eq(jurisdiction_check("us-ca", NULL, 0), 0);
	ck_assert(!rule_jurisdiction_code_valid("us-ca"));
}
END_TEST

/* The vocabulary's lists and lookups agree with each other. */
START_TEST(test_vocabulary_tables)
{
	int n = 0;
	for (; ticket_kinds[n]; n++) {
		ck_assert_int_eq(ticket_kind_parse(ticket_kinds[n]), n);
		ck_assert_str_eq(ticket_kind_name(n), ticket_kinds[n]);
		(void)ticket_kind_retention(ticket_kinds[n]); /* NULL: no built-in period */
	}
	ck_assert_int_eq(n, KIND_COUNT);
	ck_assert_str_eq(ticket_kind_retention("complaint"), "6y");
	ck_assert_ptr_null(ticket_kind_retention("appeal"));
	ck_assert_int_eq(ticket_kind_parse("refunds"), -1);
	ck_assert_int_eq(ticket_kind_parse(NULL), -1);
	for (n = 0; ticket_statuses[n]; n++)
		ck_assert_int_eq(ticket_status_parse(ticket_statuses[n]), n);
	ck_assert_int_eq(n, TS_COUNT);
	ck_assert(ticket_status_is_open("new") && ticket_status_is_open("on-hold"));
	ck_assert(!ticket_status_is_open("resolved") && !ticket_status_is_open("closed") && !ticket_status_is_open(NULL));
	char known[256];
	ck_assert_str_eq(event_names_with(EVF_RECORD, known, sizeof(known)),
			 "acknowledged, identity-verified, fee-paid, clock-paused, clock-resumed, extended, escalated, "
			 "resolved, reopened, aware");
	ck_assert_str_eq(event_names_with(EVF_PAUSE, known, sizeof(known)), "clock-paused");
	ck_assert_str_eq(event_names_with(EVF_RESUME, known, sizeof(known)), "identity-verified, clock-resumed");
	ck_assert_str_eq(event_names_with(EVF_AT, known, sizeof(known)), "identity-verified, fee-paid, aware");
	ck_assert_str_eq(event_names_with(EVF_START, known, sizeof(known)), "identity-verified, fee-paid, aware");
	ck_assert_str_eq(event_names_with(EVF_RECORD, known, 20), "acknowledged, ident");
	ck_assert_uint_eq(event_flags("received"), EVF_SYSTEM);
	ck_assert_uint_eq(event_flags("lunch"), 0);
	ck_assert_str_eq(event_sets_status("clock-resumed", "on-hold"), "open");
	ck_assert_ptr_null(event_sets_status("clock-resumed", "pending"));
	ck_assert_str_eq(event_sets_status("resolved", "pending"), "resolved");
	ck_assert_ptr_null(event_sets_status("escalated", "open"));
	ck_assert_int_eq(clock_start_parse("fee-paid"), START_FEE_PAID);
	ck_assert_int_eq(pause_reason_parse("fee"), PAUSE_FEE);
	ck_assert_int_eq(pause_reason_parse("holidays"), -1);
}
END_TEST

/* What docket says when the pack does not settle a ticket. */
START_TEST(test_legal_notes_say_what_the_pack_leaves_open)
{
	static const char rules[] = GOOD_RULE("rolls") "roll = yes\n"
				    "\n[hours]\ntitle = Hours\nregime = GDPR\napplies = breach\njurisdictions = EEA\n"
				    "from = 2018-05-25\ndeadline = 72 hours\nprompt = Do it.\nsource = Art 33\n"
				    "\n[business]\ntitle = Business days\nregime = X\napplies = complaint\n"
				    "jurisdictions = EEA\nfrom = 2018-05-25\ndeadline = 10 business days\nprompt = Do it.\n"
				    "source = X\n"
				    "\n[named]\ntitle = Named calendar\nregime = X\napplies = refund\njurisdictions = EEA\n"
				    "from = 2018-05-25\ndeadline = 14 days\nroll = yes\ncalendar = GB\nprompt = Do it.\n"
				    "source = X\n";
	static const char de_cal[] = "[calendar]\nname = Germany\n[holidays]\n2026-01-01 = New Year\n";
	struct pack_file f[] = {
		{ "rules/t.ini", rules, sizeof(rules) - 1 },
		{ "jurisdictions.ini", groups_ini, sizeof(groups_ini) - 1 },
		{ "calendars/DE.ini", de_cal, sizeof(de_cal) - 1 },
	};
	struct buf e = BUF_INIT;
	struct rule_pack *p = NULL;
	ck_assert_msg(rule_pack_load_files(f, 3, &p, &e) == 0, "%s", buf_str(&e));
	buf_release(&e);
	const struct calendar_set *cals = rule_pack_calendars(p);

	char *n = legal_no_rule_note(p, "data-access", "JP");
	ck_assert_str_eq(n, "no rule in the pack covers JP; check with counsel");
	free(n);
	n = legal_no_rule_note(p, "question", "DE");
	ck_assert_str_eq(n, "no rule in the pack applies to question tickets");
	free(n);
	n = legal_no_rule_note(NULL, "data-access", "DE");
	ck_assert_str_eq(n, "no rule pack could be read; check with counsel");
	free(n);

	/* rolling or business days without a calendar: said; with one, or
	 * counting hours or plain days: nothing to say */
	n = legal_calendar_note(rule_pack_find(p, "rolls"), cals, "FR");
	ck_assert_str_eq(n, "FR: no holiday calendar, weekends only");
	free(n);
	ck_assert_ptr_null(legal_calendar_note(rule_pack_find(p, "rolls"), cals, "DE"));
	ck_assert_ptr_null(legal_calendar_note(rule_pack_find(p, "hours"), cals, "FR"));
	n = legal_calendar_note(rule_pack_find(p, "business"), cals, "IE");
	ck_assert_str_eq(n, "IE: no holiday calendar, weekends only");
	free(n);
	/* a rule naming its calendar is judged by that calendar */
	n = legal_calendar_note(rule_pack_find(p, "named"), cals, "DE");
	ck_assert_str_eq(n, "GB: no holiday calendar, weekends only");
	free(n);
	ck_assert_ptr_null(legal_calendar_note(NULL, cals, "FR"));
	rule_pack_free(p);
}
END_TEST

START_TEST(test_load_dir_reports_missing_folder)
{
	struct rule_pack *p = (struct rule_pack *)1;
	ck_assert_int_eq(rule_pack_load_dir("/nonexistent/legal", &p, NULL), DK_ENOTFOUND);
	ck_assert_ptr_null(p);
	ck_assert_ptr_nonnull(strstr(err_msg(), "/nonexistent/legal/rules"));
	rule_pack_free(NULL);
}
END_TEST

int main(void)
{
	struct buf errors = BUF_INIT;
	int rc = rule_pack_load_dir("legal-starter", &starter, &errors);
	if (rc) {
		/* The starter pack must load with zero errors: show them. */
		fprintf(stderr, "check_rules: legal-starter: %s\n%s", err_msg(), buf_str(&errors));
		buf_release(&errors);
		return EXIT_FAILURE;
	}
	buf_release(&errors);

	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_starter_pack_loads_without_errors);
	tcase_add_test(tc, test_starter_rules_carry_what_obligations_snapshot);
	tcase_add_loop_test(tc, test_each_error_has_its_file_and_line, 0,
			    (int)(sizeof(ecases) / sizeof(ecases[0])));
	tcase_add_test(tc, test_duplicate_id_across_files);
	tcase_add_test(tc, test_requires_lists_the_facts_a_rule_needs);
	tcase_add_test(tc, test_calendar_and_group_errors);
	tcase_add_test(tc, test_groups_expand_recursively);
	tcase_add_loop_test(tc, test_match_by_kind_jurisdiction_and_date, 0,
			    (int)(sizeof(mcases) / sizeof(mcases[0])));
	tcase_add_test(tc, test_match_respects_until_and_time_zone);
	tcase_add_test(tc, test_suggest_by_phrase);
	tcase_add_test(tc, test_load_dir_reports_missing_folder);
	tcase_add_test(tc, test_customers_and_rule_packs_accept_the_same_codes);
	tcase_add_test(tc, test_vocabulary_tables);
	tcase_add_test(tc, test_legal_notes_say_what_the_pack_leaves_open);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	rule_pack_free(starter);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
