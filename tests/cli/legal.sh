#!/bin/sh
# legal.sh - obligations, prompts, timeline, AI disclosure and the report
# through the command line.
. tests/cli/lib.sh
t_setup
W="$T/ws"
export DOCKET_WORKSPACE="$W"
DOCKET_NOW=2026-01-02T09:00:00Z run $D init "$W"
expect_rc 0 "init"
run $D agent add maria agent
run $D customer new --name "Anna Schmidt" --email anna@example.de --jurisdiction DE
run $D customer new --name "Liam Garcia" --email liam@example.com --jurisdiction US-CA
run $D customer new --name "Oliver Smith" --email oliver@example.co.uk --jurisdiction GB

# ---- a GDPR access request: the worked example of LEGAL.md
DOCKET_NOW=2026-01-31T09:00:00Z runin "Please send me a copy of my personal data." $D ticket new --customer 1 --subject "Access request" --kind data-access
expect_eq "$OUT" "1" "ticket 1"
DOCKET_NOW=2026-02-01T09:00:00Z run $D ticket show 1
expect_out "Legal prompts:" "ticket show lists the prompts"
expect_out "GDPR: right of access" "the rule's title"
expect_out "due 2026-03-02T23:59:59Z" "31 Jan + 1 month ends Sat 28 Feb -> Mon 2 Mar"
expect_out "[29d]" "countdown"
expect_out "next: 1. Check the requester's identity" "next checklist step"
expect_out "source: GDPR Art 12(3), Art 12(4), Art 15" "cited source"
DOCKET_NOW=2026-02-01T09:00:00Z run $D ticket show 1 --json
expect_out '"rule_id": "gdpr-access"' "prompts in JSON"
expect_out '"due_at": "2026-03-02T23:59:59Z"' "due_at in JSON"
expect_out '"time_left": 2559599' "time_left in seconds"
expect_out '"rules_rev": "' "obligations record the rules revision"
run $D obligations --ticket 1 --json
oid=$(printf '%s' "$OUT" | sed -n 's/^    "id": \([0-9]*\),/\1/p' | head -1)
expect_eq "$oid" "1" "obligation id"
run $D obligation step 1 1 done
expect_rc 0 "tick step 1"
DOCKET_NOW=2026-02-01T09:00:00Z run $D ticket show 1
expect_out "next: 2. Collect the personal data" "the next step moves on"
run $D obligation step 1 9 done
expect_rc 1 "no such step"
run $D obligation step 1 1 maybe
expect_rc 2 "done|undone"
run $D --as maria obligation waive 1 --reason "duplicate"
expect_rc 1 "agents cannot waive"
expect_err "needs the legal or admin role" "waive role message"
DOCKET_NOW=2026-02-10T09:00:00Z run $D ticket event 1 extended --detail "complex"
expect_rc 0 "extend once"
DOCKET_NOW=2026-02-10T09:00:00Z run $D ticket event 1 extended
expect_rc 1 "extend twice refused"
expect_err "already used" "extension refusal names why"
run $D obligations --ticket 1 --json
expect_out '"extended_due_at": "2026-04-30T23:59:59Z"' "1 + 2 months from 31 Jan: 30 Apr"

# ---- a CCPA request: acknowledgement and response
DOCKET_NOW=2026-03-02T15:00:00Z runin "Under the CCPA I want to know what you hold." $D ticket new --customer 2 --subject "Right to know" --kind data-access
DOCKET_NOW=2026-03-04T10:00:00Z run $D ticket event 2 acknowledged
DOCKET_NOW=2026-04-04T12:00:00Z run $D ticket timeline 2
expect_out "day 0   received" "timeline: received"
expect_out "day 2   acknowledged (ccpa-ack: due day 14, met by event #4)" "timeline: acknowledgement met, naming the event"
expect_out "day 45" "timeline: final due day 45"
expect_out "12 days left" "timeline: days left"
DOCKET_NOW=2026-04-04T12:00:00Z run $D ticket timeline 2 --json
expect_out '"state": "pending"' "timeline JSON states"
run $D ticket timeline 99
expect_rc 1 "timeline of an unknown ticket"

# ---- AI disclosure
DOCKET_NOW=2026-09-01T10:00:00Z runin "Where is my parcel?" $D ticket new --customer 1 --subject "Parcel"
tid=$OUT
DOCKET_NOW=2026-09-01T11:00:00Z runin "It ships today." $D ticket reply "$tid" --automated
expect_rc 0 "automated reply"
expect_err "AI disclosure included (rule ai-disclosure-eu)" "the reply says which rule"
run $D ticket show "$tid" --json
expect_out '"disclosure_rule": "ai-disclosure-eu"' "message records the rule"
expect_out 'automated assistant (AI)' "disclosure text added"
printf 'ai_disclosure =\n' > "$W/config"
before=$(db_dump "$W")
DOCKET_NOW=2026-09-01T12:00:00Z runin "Another bot reply." $D ticket reply "$tid" --automated
expect_rc 1 "no disclosure text: refused"
expect_err "ai-disclosure-eu" "refusal names the rule"
expect_eq "$(db_dump "$W")" "$before" "the refusal changes nothing"
rm "$W/config"

# ---- suggestions
DOCKET_NOW=2026-03-05T09:00:00Z runin "Hi, please delete my account and all my data." $D ticket new --customer 1 --subject "Leaving"
sid=$OUT
run $D ticket show "$sid"
expect_out "Suggestion: mentions" "suggestion from inbound text"
expect_out "set the kind to data-erasure" "suggested kind"
DOCKET_NOW=2026-03-05T10:00:00Z run $D ticket set "$sid" kind data-erasure
run $D obligations --ticket "$sid"
expect_out "gdpr-erasure" "reclassifying creates the duty"

# ---- complaint, breach, report
# the FCA DISP rules bind only FCA-regulated firms (requires = fca): this
# business is one (issue 12 item 7)
run $D config set regulated fca
expect_rc 0 "the workspace is FCA-regulated"
DOCKET_NOW=2026-03-09T10:00:00Z runin "This is a formal complaint." $D ticket new --customer 3 --subject "Complaint" --kind complaint
DOCKET_NOW=2026-03-20T10:00:00Z run $D report --json
expect_rc 0 "report"
expect_out '"by_rule"' "report by rule"
expect_out '"by_regime"' "report by regime"
expect_out '"without_required_disclosure": 0' "no automated reply without disclosure"
expect_out '"key": "fca-complaint-summary"' "complaint duties counted"
DOCKET_NOW=2026-03-20T10:00:00Z run $D report --csv
expect_out "section,key,total,met,met_on_time,breached,open,waived,on_time_rate,median_hours_to_meet" "CSV header"
expect_out "rule,gdpr-access," "CSV rows"
DOCKET_NOW=2026-03-20T10:00:00Z run $D report
expect_out "Open obligations now:" "plain report"
run $D report --from yesterday
expect_rc 1 "bad --from"
run $D report --json --csv
expect_rc 2 "--json with --csv"
run $D obligations --status nonsense
expect_rc 1 "bad obligation status"
run $D audit verify
expect_rc 0 "audit chain intact after all of it"

# ---- a broken rule pack: docket says so on stderr and keeps the last good one
run $D rules check
expect_rc 0 "the starter pack checks"
sed -i 's/^deadline = 1 month$/deadline = one month/' "$W/legal/rules/gdpr.ini"
git -C "$W/legal" -c user.name=lena -c user.email=lena@docket commit -qam "typo in the GDPR deadline"
bad_line=$(grep -n '^deadline = one month$' "$W/legal/rules/gdpr.ini" | head -1 | cut -d: -f1)
run $D rules check
expect_rc 1 "rules check finds the mistake"
expect_err "rules/gdpr.ini:$bad_line:" "file:line of the bad value"
DOCKET_NOW=2026-02-01T09:00:00Z run $D ticket show 1
expect_rc 0 "docket keeps working"
expect_err "rules/gdpr.ini:$bad_line:" "the mistake is reported on stderr"
expect_err "using the last good rule pack" "and which pack is used"
expect_out "GDPR: right of access" "prompts still shown"
expect_out_not "gdpr.ini" "nothing of it on stdout"
DOCKET_NOW=2026-02-02T09:00:00Z runin "Another request." $D ticket new --customer 1 --subject "Again" --kind data-access
expect_rc 0 "new tickets still get obligations"
tnew=$OUT
run $D obligations --ticket "$tnew"
expect_rc 0 "obligations of the new ticket"
expect_eq "$(printf '%s\n' "$OUT" | awk 'NF { print $2, $3, $5, $6 }')" "ticket $tnew 2026-03-02T23:59:59Z gdpr-access" \
	"from the last good pack: exactly one duty, gdpr-access, due one month after 2026-02-02"
# calendars are described by rule, so every year has its holidays (no
# "lists holidays for 2024-2028 only" warning any more); gdpr-access
# counts the business's holidays and says which calendar it used
run $D rules due gdpr-access --from 2029-01-31 --jurisdiction DE
expect_rc 0 "rules due in any year"
expect_eq "$OUT" "2029-02-28T23:59:59Z" "the due time on stdout"
expect_err "no establishment is set, so the calendar of DE is used" "and which calendar counted, on stderr"
case "$ERR" in *"lists holidays"*) fail "no calendar-years warning for calendars by rule" ;; *) pass ;; esac
run $D rules due gdpr-access --from 2026-01-31 --jurisdiction DE
case "$ERR" in *"lists holidays"*) fail "no calendar warning inside the calendar years" ;; *) pass ;; esac
run $D rules due nope --from 2026-01-01
expect_rc 1 "unknown rule in rules due"

# ---- a breach: 72 hours from becoming aware (GDPR Art 33(1))
DOCKET_NOW=2026-04-02T10:00:00Z runin "Our invoices were emailed to the wrong customer." $D ticket new --customer 1 --subject "Leak" --kind breach
bid=$OUT
DOCKET_NOW=2026-04-02T11:00:00Z run $D obligations --ticket "$bid" --json
expect_out '"due_at": "2026-04-05T10:00:00Z"' "breach: 72 hours from receipt until awareness is recorded"
before=$(db_dump "$W")
DOCKET_NOW=2026-04-02T11:00:00Z run $D ticket event "$bid" aware --at 2026-04-03T09:00:00Z
expect_rc 1 "aware in the future refused"
expect_err "is in the future" "and says so"
DOCKET_NOW=2026-04-02T11:00:00Z run $D ticket event "$bid" escalated --at 2026-04-01T09:00:00Z
expect_rc 1 "--at for another event refused"
expect_err 'only "aware", "identity-verified" and "fee-paid" take a time' "and says why"
DOCKET_NOW=2026-04-02T11:00:00Z run $D ticket event "$bid" aware --at yesterday
expect_rc 1 "a bad --at refused"
expect_err "ticket event: --at" "naming the option"
DOCKET_NOW=2026-04-02T11:00:00Z run $D ticket list --at 2026-04-01T09:00:00Z
expect_rc 2 "--at elsewhere is a usage error"
expect_eq "$(db_dump "$W")" "$before" "the refusals changed nothing"
DOCKET_NOW=2026-04-02T11:00:00Z run $D ticket event "$bid" aware --at 2026-04-01T16:30:00Z --detail "seen in the mail log"
expect_rc 0 "aware recorded"
DOCKET_NOW=2026-04-02T11:00:00Z run $D obligations --ticket "$bid" --json
expect_out '"started_at": "2026-04-01T16:30:00Z"' "the clock starts at awareness"
expect_out '"due_at": "2026-04-04T16:30:00Z"' "due 72 hours after it"
DOCKET_NOW=2026-04-02T11:00:00Z run $D ticket timeline "$bid"
expect_out "day -1  aware" "the timeline shows awareness before receipt"
# lena's commit above went to main with git, not through docket: the rows
# are intact, but git history and the audit trail disagree, a finding
lena=$(git -C "$W/legal" log -1 --format=%h --abbrev=7 --grep "typo in the GDPR deadline")
run $D audit verify
expect_rc 1 "a revision committed behind docket's back fails audit verify"
expect_err "legal revision $lena on main: unaudited" "names the unaudited revision"
expect_one_error_line "unaudited revision is one line"
run $D audit log --json
expect_out_not '"action": "terms.publish"' "no publish row was made up for it"
t_done
