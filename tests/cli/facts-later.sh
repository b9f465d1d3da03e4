#!/bin/sh
# facts-later.sh - a fact learnt after a request was received still binds
# it (issue 12): `config set regulated fca` gives the open GB complaints
# received before it their FCA duties, due as counted from their receipt,
# in the same transaction as the config change and audited with it; a
# customer whose jurisdiction goes from `unknown` (an unknown mail sender)
# to a real one gets the duties of that jurisdiction on its open tickets.
# Tickets no longer open are left alone; taking a fact away removes
# nothing; a refused change changes nothing.
. tests/cli/lib.sh
t_setup
unset NO_COLOR VISUAL EDITOR LANGUAGE || true
for v in $(env | sed -n 's/^\(DOCKET_[A-Z_]*\)=.*/\1/p'); do [ "$v" = DOCKET_NOW ] || unset "$v"; done
export LC_ALL=C.UTF-8
W="$T/ws"
export DOCKET_WORKSPACE="$W"
DOCKET_NOW=2026-03-02T09:00:00Z run $D init "$W"
expect_rc 0 "init"
run $D customer new --name "Oliver Smith" --email oliver@example.co.uk --jurisdiction GB
run $D agent add maria agent

# ---- three GB complaints before the business says it is FCA-regulated
DOCKET_NOW=2026-03-02T09:00:00Z runin "I want to complain about your service." $D ticket new --customer 1 --subject "Complaint" --kind complaint
expect_eq "$OUT" "1" "ticket 1, received Monday 2 March"
DOCKET_NOW=2026-03-03T14:00:00Z runin "This is a formal complaint." $D ticket new --customer 1 --subject "Complaint 2" --kind complaint
expect_eq "$OUT" "2" "ticket 2, received Tuesday 3 March"
DOCKET_NOW=2026-03-03T15:00:00Z runin "A complaint, settled at once." $D ticket new --customer 1 --subject "Settled" --kind complaint
expect_eq "$OUT" "3" "ticket 3"
DOCKET_NOW=2026-03-03T16:00:00Z run $D ticket event 3 resolved --keep-open
expect_rc 0 "ticket 3 resolved (no longer open)"
DOCKET_NOW=2026-03-03T16:00:00Z runin "Where is my parcel?" $D ticket new --customer 1 --subject "Parcel" --kind question
expect_eq "$OUT" "4" "ticket 4, a question"
DOCKET_NOW=2026-03-04T10:00:00Z run $D obligations --ticket 1
expect_out_not "fca-complaint" "unregulated: no FCA duty on ticket 1"

# ---- refused (an agent): nothing changes, not even the open tickets' duties
before=$(db_dump "$W")
DOCKET_NOW=2026-03-04T10:00:00Z run $D --as maria config set regulated fca
expect_rc 1 "an agent may not set it"
expect_eq "$(db_dump "$W")" "$before" "the refusal adds no duty"
if [ -e "$W/config" ]; then fail "the refusal wrote a config file"; else pass; fi

# ---- the admin sets it on Wednesday 4 March: the open complaints get their FCA duties
DOCKET_NOW=2026-03-04T10:00:00Z run $D config set regulated fca
expect_rc 0 "config set regulated fca"
expect_out "regulated = fca (audited; 2 open tickets re-evaluated, 4 duties added)" "set says what it re-evaluated"
DOCKET_NOW=2026-03-04T10:00:00Z run $D obligations --ticket 1 --json
due=$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys
print(" ".join(sorted(o["rule_id"] + "=" + o["started_at"] + ">" + o["due_at"] for o in json.load(sys.stdin))))')
expect_eq "$due" "fca-complaint-final=2026-03-02T09:00:00Z>2026-04-27T23:59:59Z fca-complaint-summary=2026-03-02T09:00:00Z>2026-03-05T23:59:59Z uk-adr-information=2026-03-02T09:00:00Z>2026-04-27T23:59:59Z" \
	"ticket 1: FCA duties started at its receipt (8 weeks: 27 April; 3 business days: 5 March)"
DOCKET_NOW=2026-03-04T10:00:00Z run $D obligations --ticket 2 --json
due=$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys
print(" ".join(sorted(o["rule_id"] + "=" + o["started_at"] + ">" + o["due_at"] for o in json.load(sys.stdin))))')
expect_eq "$due" "fca-complaint-final=2026-03-03T14:00:00Z>2026-04-28T23:59:59Z fca-complaint-summary=2026-03-03T14:00:00Z>2026-03-06T23:59:59Z uk-adr-information=2026-03-03T14:00:00Z>2026-04-28T23:59:59Z" \
	"ticket 2: counted from its own receipt (28 April, 6 March)"
DOCKET_NOW=2026-03-04T10:00:00Z run $D obligations --ticket 3
expect_out_not "fca-complaint" "a resolved ticket is not re-evaluated"
DOCKET_NOW=2026-03-04T10:00:00Z run $D obligations --ticket 4
expect_eq "$OUT" "" "a question gets no duty"
DOCKET_NOW=2026-03-04T10:00:00Z run $D ticket show 1
expect_out "FCA DISP: final response to a complaint within 8 weeks (fca-complaint-final" "ticket show has the FCA prompt"
expect_out_not "fca-complaint-final skipped" "and no longer says it was skipped"
run $D audit log
expect_out "key=regulated old='' new='fca' reevaluated=2 duties=4" "one audit row: the change and what it re-evaluated"
run $D audit verify
expect_rc 0 "the audit chain verifies"
# the summary-resolution duty of ticket 1 (due 5 March) is overdue on 6 March
DOCKET_NOW=2026-03-06T09:00:00Z run $D ticket list --overdue
expect_out "Complaint" "ticket 1 is overdue by its receipt-counted FCA deadline"

# ---- taking the fact away removes nothing; setting it again adds nothing twice
DOCKET_NOW=2026-03-05T10:00:00Z run $D config set regulated ""
expect_rc 0 "regulated emptied"
expect_out "regulated =  (audited)" "nothing re-evaluated when a fact goes"
DOCKET_NOW=2026-03-05T10:00:00Z run $D obligations --ticket 1
expect_out "fca-complaint-final" "the FCA duty stays"
DOCKET_NOW=2026-03-05T10:00:00Z run $D config set regulated "fca, payment-services"
expect_rc 0 "set again with payment-services"
expect_out "(audited; 2 open tickets re-evaluated, 2 duties added)" "payment-services is new: the payments rule binds the two open complaints"
DOCKET_NOW=2026-03-05T10:00:00Z run $D obligations --ticket 1 --json
due=$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys
print(" ".join(o["started_at"] + ">" + o["due_at"] for o in json.load(sys.stdin) if o["rule_id"] == "fca-payments-complaint"))')
expect_eq "$due" "2026-03-02T09:00:00Z>2026-03-23T23:59:59Z" "15 business days from ticket 1's receipt: 23 March"
n=$(sqlite3 "$W/docket.db" "SELECT count(*) FROM obligations WHERE ticket_id = 1 AND rule_id = 'fca-complaint-final'")
expect_eq "$n" "1" "one FCA final-response duty on ticket 1"

# ---- an unknown mail sender: jurisdiction unknown, then rectified to DE
printf 'From: Anna Weber <anna@example.de>\nTo: support@desk.example\nSubject: Meine Daten\nMessage-ID: <a1@example.de>\nDate: Mon, 02 Mar 2026 09:00:00 +0000\n\nBitte senden Sie mir eine Kopie meiner Daten.\n' >"$T/m1.eml"
DOCKET_NOW=2026-03-02T09:05:00Z run sh -c "$D mail in <'$T/m1.eml'"
expect_out "ticket=5 new_ticket=1 customer=2 new_customer=1" "mail in: a new ticket and a new customer"
run $D customer show 2
expect_out "unknown" "the unknown sender's jurisdiction is unknown"
DOCKET_NOW=2026-03-03T09:00:00Z run $D ticket set 5 kind data-access
expect_rc 0 "the agent sets the kind"
DOCKET_NOW=2026-03-03T09:00:00Z run $D obligations --ticket 5
expect_eq "$OUT" "" "jurisdiction unknown: no duty yet"
DOCKET_NOW=2026-03-10T09:00:00Z run $D customer rectify 2 jurisdiction DE
expect_rc 0 "rectify the jurisdiction"
expect_out "obligations re-evaluated on 1 open ticket" "says it re-evaluated the open ticket"
DOCKET_NOW=2026-03-10T09:00:00Z run $D obligations --ticket 5 --json
due=$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys
print(" ".join(sorted(o["rule_id"] + "=" + o["started_at"] + ">" + o["due_at"] for o in json.load(sys.stdin))))')
expect_eq "$due" "gdpr-access=2026-03-02T09:05:00Z>2026-04-02T23:59:59Z" "the GDPR access duty counts one month from receipt (2 March), not from the rectification"
run $D audit log
expect_out "reevaluated=1 old=unknown new=DE" "the rectification is audited with the re-evaluation"
t_done
