#!/bin/sh
# regulated.sh - rules that bind only some businesses (issue 12 item 7):
# the workspace fact `regulated` (docket config set, admins only,
# audited) and the rule key `requires`; a rule whose facts the workspace
# lacks creates no duty, and ticket show says it was skipped and why.
. tests/cli/lib.sh
t_setup
unset NO_COLOR VISUAL EDITOR LANGUAGE || true
for v in $(env | sed -n 's/^\(DOCKET_[A-Z_]*\)=.*/\1/p'); do [ "$v" = DOCKET_NOW ] || unset "$v"; done
export LC_ALL=C.UTF-8
W="$T/ws"
export DOCKET_WORKSPACE="$W"
DOCKET_NOW=2026-03-02T09:00:00Z run $D init "$W"
expect_rc 0 "init"
run $D config get regulated
expect_rc 1 "init leaves regulated unset"
expect_err "docket: config: regulated: not set" "config get says it is not set"
expect_one_error_line "config get: one error line"
run $D customer new --name "Oliver Smith" --email oliver@example.co.uk --jurisdiction GB

# ---- unset: the FCA rules are skipped, and ticket show says so
DOCKET_NOW=2026-03-02T09:00:00Z runin "I want to complain about your service." $D ticket new --customer 1 --subject "Complaint" --kind complaint
expect_eq "$OUT" "1" "ticket 1"
DOCKET_NOW=2026-03-02T10:00:00Z run $D obligations --ticket 1
expect_out "uk-adr-information" "the ADR duty binds every trader"
expect_out_not "fca-complaint" "no FCA duty for a firm the FCA does not regulate"
DOCKET_NOW=2026-03-02T10:00:00Z run $D ticket show 1
expect_rc 0 "show"
expect_out "fca-complaint-final skipped: the workspace is not regulated by fca (config regulated)" "show says the FCA rule was skipped"
expect_out "fca-complaint-summary skipped: the workspace is not regulated by fca (config regulated)" "and the summary-resolution rule"
DOCKET_NOW=2026-03-02T10:00:00Z run $D ticket show 1 --json
expect_out '"skipped_rules"' "JSON lists skipped rules"
expect_out '"requires": "fca"' "with the missing fact"

# ---- an agent may not set it: exit 1, the config unchanged byte for byte
run $D agent add maria agent
printf '; business settings\ntimezone = UTC\n' > "$W/config"
cp "$W/config" "$T/config.before"
before=$(db_dump "$W")
run $D --as maria config set regulated fca
expect_rc 1 "an agent's config set is refused"
expect_err "needs the admin role" "the refusal names the role"
expect_one_error_line "refusal: one error line"
if cmp -s "$W/config" "$T/config.before"; then pass; else fail "the config file is unchanged"; fi
expect_eq "$(db_dump "$W")" "$before" "the refusal changes nothing in the database"
run $D config set regulated "fca, pay ments"
expect_rc 1 "a malformed fact is refused"
expect_err "bad fact 'pay ments'" "names the bad fact"
if cmp -s "$W/config" "$T/config.before"; then pass; else fail "the config file is unchanged after a bad value"; fi
run $D config set
expect_rc 2 "config set without KEY VALUE: usage"

# ---- the admin sets it: audited, other lines kept, a new complaint gets the duty
run $D config set regulated fca
expect_rc 0 "the admin sets regulated"
expect_out "regulated = fca (audited; 1 open ticket re-evaluated, 2 duties added)" "set says what it set, and that the open complaint got its FCA duties"
expect_eq "$(cat "$W/config")" "$(printf '; business settings\ntimezone = UTC\nregulated = fca')" "every other line kept"
run $D config get regulated
expect_eq "$OUT" "fca" "config get"
run $D config list
expect_out "timezone = UTC" "config list: timezone"
expect_out "regulated = fca" "config list: regulated"
run $D audit log
expect_out "config.set" "audited as config.set"
expect_out "key=regulated old='' new='fca'" "the audit row has the old and new value"
run $D audit verify
expect_rc 0 "the audit chain verifies"
DOCKET_NOW=2026-03-03T09:00:00Z runin "This is a formal complaint." $D ticket new --customer 1 --subject "Complaint 2" --kind complaint
expect_eq "$OUT" "2" "ticket 2"
DOCKET_NOW=2026-03-03T10:00:00Z run $D obligations --ticket 2
expect_out "fca-complaint-final" "a new GB complaint gets the FCA final-response duty"
expect_out "fca-complaint-summary" "and the summary-resolution duty"
expect_out_not "fca-payments-complaint" "the payments rule also needs payment-services"
DOCKET_NOW=2026-03-03T10:00:00Z run $D ticket show 2
expect_out "FCA DISP: final response to a complaint within 8 weeks (fca-complaint-final" "the FCA prompt on the ticket"
expect_out_not "fca-complaint-final skipped" "not skipped any more"
expect_out "fca-payments-complaint skipped: the workspace is not regulated by payment-services (config regulated)" "the payments rule skipped, with its fact"
run $D config set regulated "fca, payment-services"
expect_out "regulated = fca, payment-services (audited; 2 open tickets re-evaluated, 2 duties added)" "set both: the payments rule now binds the two open complaints"
expect_eq "$(grep -c '^regulated' "$W/config")" "1" "one regulated line"

# ---- rules list --json carries each rule's facts (issue 12: `requires`)
run $D rules list --json
expect_rc 0 "rules list --json"
req=$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys
r={x["id"]: x for x in json.load(sys.stdin)}
print(r["fca-complaint-final"]["requires"], r["fca-payments-complaint"]["requires"], r["gdpr-access"]["requires"], all("requires" in x for x in r.values()))')
expect_eq "$req" "['fca'] ['fca', 'payment-services'] [] True" "requires in rules list --json: the facts, an empty array when none"

# ---- rules check: requires must name facts
git -C "$W/legal" config user.name lena
git -C "$W/legal" config user.email lena@docket
sed -i 's/^requires = fca$/requires =/' "$W/legal/rules/complaints.ini"
line=$(grep -n '^requires =$' "$W/legal/rules/complaints.ini" | head -1 | cut -d: -f1)
run $D rules check "$W/legal"
expect_rc 1 "rules check fails on an empty requires"
expect_err "rules/complaints.ini:$line: empty value for 'requires'" "file:line for the empty requires"
git -C "$W/legal" checkout -q rules/complaints.ini
sed -i 's/^requires = asic$/requires = AFS licence/' "$W/legal/rules/complaints.ini"
line=$(grep -n '^requires = AFS licence$' "$W/legal/rules/complaints.ini" | cut -d: -f1)
run $D rules check "$W/legal"
expect_rc 1 "rules check fails on a malformed requires"
expect_err "rules/complaints.ini:$line: bad fact 'AFS licence' in requires" "file:line for the malformed fact"
git -C "$W/legal" checkout -q rules/complaints.ini
run $D rules check "$W/legal"
expect_rc 0 "the shipped pack passes again"

# ---- the demo is regulated by all three, so it shows those duties
run $D demo "$T/demo" --tickets 40 --customers 20
expect_rc 0 "demo"
run $D --workspace "$T/demo" config get regulated
expect_eq "$OUT" "fca, payment-services, asic" "the demo's facts"
t_done
