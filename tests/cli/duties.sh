#!/bin/sh
# duties.sh - the legal record never lies (issue 12 items 1-4): an overdue
# duty stays visible through a pause, duties are met only with evidence,
# events and replies complete the steps they complete, an extension must
# be told to the person.
. tests/cli/lib.sh
t_setup
unset DOCKET_NOW
export NO_COLOR=1

# ---- 1. a paused clock hides no overdue duty (the issue's reproduction)
W="$T/demo"
export DOCKET_NOW=2026-11-29T09:00:00Z
run $D demo "$W" --tickets 600 --customers 200 --seed 7
expect_rc 0 "demo"
export DOCKET_WORKSPACE="$W"
run $D ticket list --overdue --limit 1
expect_out "356     OVERDUE 64d" "ticket 356 is the most overdue"
run $D ticket list --overdue --limit 0
n_before=$(printf '%s\n' "$OUT" | grep -c .)
before=$(db_dump "$W")
run $D ticket event 356 clock-paused --detail x
expect_rc 1 "a pause the rule does not allow is refused"
expect_one_error_line "pause refusal"
expect_err "eu-withdrawal-refund is overdue since 2026-09-25T23:59:59Z" "the refusal says the duty is overdue"
expect_err "allows no pause (Directive 2011/83/EU Art 9, Art 13(1))" "the refusal names what the rule allows and its source"
run $D ticket event 356 clock-paused --reason identity --detail "waiting for ID"
expect_rc 1 "a pause for a reason is refused too"
expect_eq "$(db_dump "$W")" "$before" "a refused pause changes nothing"
run $D ticket list --overdue --limit 1
expect_out "356     OVERDUE 64d" "356 stays at the top of --overdue"
run $D ticket list --limit 1
expect_out "356     OVERDUE 64d" "356 stays at the top of the queue"
run $D ticket list --overdue --limit 0
expect_eq "$(printf '%s\n' "$OUT" | grep -c .)" "$n_before" "the overdue count is unchanged"
run $D obligations --ticket 356
expect_out "OVERDUE 64d" "obligations agree"

# breached duties order the queue like open ones: every ticket with an
# overdue duty is in --overdue (the demo marks duties breached)
n_breached=$(sqlite3 "$W/docket.db" "SELECT count(DISTINCT ticket_id) FROM obligations WHERE met_at IS NULL AND (status = 'breached' OR (status = 'open' AND paused_since IS NULL AND coalesce(extended_due_at, due_at) < CAST(strftime('%s','2026-11-29T09:00:00') AS INTEGER)))")
expect_eq "$n_before" "$n_breached" "every ticket with an unmet overdue duty is listed overdue"

# ---- a workspace of our own
W="$T/ws"
export DOCKET_WORKSPACE="$W"
DOCKET_NOW=2026-01-02T09:00:00Z run $D init "$W"
expect_rc 0 "init"
run $D agent add lena legal
run $D customer new --name "Anna Schmidt" --email anna@example.de --jurisdiction DE
run $D customer new --name "Oliver Smith" --email oliver@example.co.uk --jurisdiction GB
run $D customer new --name "Liam Garcia" --email liam@example.com --jurisdiction US-CA

# an allowed pause shows as such; an overdue duty cannot be paused
DOCKET_NOW=2026-03-02T10:00:00Z runin "Please send me my data." $D ticket new --customer 2 --subject "SAR" --kind data-access
expect_eq "$OUT" "1" "ticket 1 (GB access)"
DOCKET_NOW=2026-03-05T10:00:00Z run $D ticket event 1 clock-paused --reason clarification --detail "which account?"
expect_rc 0 "UK GDPR allows a pause for clarification"
DOCKET_NOW=2026-03-06T10:00:00Z run $D ticket list
expect_out "[paused (clarification) since 2026-03-05]" "the queue says paused, why and since when"
DOCKET_NOW=2026-03-06T10:00:00Z run $D ticket event 1 clock-resumed
DOCKET_NOW=2026-01-05T10:00:00Z runin "Please send me my data." $D ticket new --customer 2 --subject "Old SAR" --kind data-access
expect_eq "$OUT" "2" "ticket 2 (GB access, received in January)"
DOCKET_NOW=2026-03-06T10:00:00Z run $D ticket event 2 clock-paused --reason identity
expect_rc 1 "an overdue duty cannot be paused"
expect_err "ukgdpr-access is overdue since" "names the overdue duty"
expect_err "allows pauses for clarification, identity, fee (its clock starts again when that arrives)" "and what the rule allows"
DOCKET_NOW=2026-03-06T10:00:00Z run $D ticket list --overdue
expect_out "2       OVERDUE" "still overdue in the list"

# ---- 2. duties are met only with evidence
DOCKET_NOW=2026-03-09T09:00:00Z runin "Please send me a copy of my personal data." $D ticket new --customer 1 --subject "Access" --kind data-access
expect_eq "$OUT" "3" "ticket 3 (DE access)"
before=$(db_dump "$W")
DOCKET_NOW=2026-03-09T10:00:00Z run $D ticket event 3 resolved
expect_rc 1 "resolving with an open duty is refused"
expect_one_error_line "resolve refusal"
expect_err "cannot resolve: 1 open duty: obligation" "the refusal counts the open duties"
expect_err "(gdpr-access final, due 2026-04-09T23:59:59Z)" "and lists each"
expect_err "--met-by MSG" "and says how to settle them"
DOCKET_NOW=2026-03-09T10:00:00Z run $D ticket set 3 status resolved
expect_rc 1 "ticket set status resolved is refused alike"
expect_eq "$(db_dump "$W")" "$before" "a refused resolution changes nothing"
inbound=$(sqlite3 "$W/docket.db" "SELECT id FROM messages WHERE ticket_id = 3 AND direction = 'in'")
DOCKET_NOW=2026-03-09T10:00:00Z run $D ticket event 3 resolved --met-by "$inbound"
expect_rc 1 "an inbound message is no evidence"
expect_err "is not an outbound message" "says why"
DOCKET_NOW=2026-03-12T10:00:00Z runin "Here is a copy of your data." $D ticket reply 3
reply=$(sqlite3 "$W/docket.db" "SELECT id FROM messages WHERE ticket_id = 3 AND direction = 'out'")
DOCKET_NOW=2026-03-12T11:00:00Z run $D ticket event 3 resolved --met-by "$reply"
expect_rc 0 "resolved with the reply as evidence"
DOCKET_NOW=2026-03-12T11:00:00Z run $D ticket show 3
expect_out "[met] GDPR: right of access (Art 15) (gdpr-access) 2026-03-12T10:00:00Z by reply #$reply" "ticket show names the evidence"
expect_out "--- reply #$reply" "the thread shows message ids"
DOCKET_NOW=2026-03-12T11:00:00Z run $D ticket timeline 3
expect_out "met by reply #$reply" "the timeline names the evidence"
DOCKET_NOW=2026-03-12T11:00:00Z run $D customer export 1
expect_out "\"met_by\": \"message:$reply\"" "the export carries the evidence"

# --keep-open: resolved, yet in the queue, marked
DOCKET_NOW=2026-03-10T09:00:00Z runin "Delete my data." $D ticket new --customer 1 --subject "Erase" --kind data-erasure
expect_eq "$OUT" "4" "ticket 4"
DOCKET_NOW=2026-03-10T10:00:00Z run $D ticket event 4 resolved --keep-open
expect_rc 0 "resolved, duty left open"
DOCKET_NOW=2026-03-10T10:00:00Z run $D ticket list
expect_out "resolved" "a resolved ticket with an open duty stays in the queue"
expect_out "[resolved, 1 duty open]" "marked"
DOCKET_NOW=2026-05-10T10:00:00Z run $D ticket list --overdue
expect_out "4       OVERDUE" "and turns overdue there"
# a waiver settles it (legal), and the ticket leaves the queue
oid=$(sqlite3 "$W/docket.db" "SELECT id FROM obligations WHERE ticket_id = 4")
DOCKET_NOW=2026-03-10T11:00:00Z run $D --as lena obligation waive "$oid" --reason "duplicate of ticket 3"
expect_rc 0 "waived"
DOCKET_NOW=2026-03-10T11:00:00Z run $D ticket list
expect_out_not "Erase" "a settled resolved ticket leaves the queue"

# the report counts met only with evidence
DOCKET_NOW=2026-03-12T12:00:00Z run $D report --json
expect_out '"met_no_evidence": 0' "no duty met without evidence"

# a migration marks duties met before evidence was recorded
cp -a "$W" "$T/old"
sqlite3 "$T/old/docket.db" "UPDATE obligations SET met_by = NULL; ALTER TABLE obligations DROP COLUMN met_by; ALTER TABLE obligation_steps DROP COLUMN evidence; ALTER TABLE tickets DROP COLUMN triage; PRAGMA user_version = 2;"
DOCKET_WORKSPACE="$T/old" DOCKET_NOW=2026-03-12T12:00:00Z run $D report
expect_rc 0 "an old workspace migrates"
expect_out "Met, no evidence recorded: 1" "duties met before are counted apart"

# ---- 3. events and replies complete the steps they complete
DOCKET_NOW=2026-03-16T09:00:00Z runin "Send me my data please." $D ticket new --customer 1 --subject "Access again" --kind data-access
expect_eq "$OUT" "5" "ticket 5"
DOCKET_NOW=2026-03-16T10:00:00Z run $D ticket show 5
expect_out "next: 1. Check the requester's identity" "identity first"
DOCKET_NOW=2026-03-16T11:00:00Z run $D ticket event 5 identity-verified --detail passport
DOCKET_NOW=2026-03-16T11:00:00Z run $D ticket show 5
expect_out "next: 2. Collect the personal data" "identity-verified ticked the identity step"
run $D obligations --ticket 5 --json
expect_out '"evidence": "event:' "the step records the event as evidence"
# the acknowledgement: met by the first outbound reply, recording which
DOCKET_NOW=2026-03-02T15:00:00Z runin "Under the CCPA I want to know what you hold." $D ticket new --customer 3 --subject "Right to know" --kind data-access
expect_eq "$OUT" "6" "ticket 6 (CCPA)"
DOCKET_NOW=2026-03-03T10:00:00Z runin "We received your request." $D ticket reply 6
ack_reply=$(sqlite3 "$W/docket.db" "SELECT id FROM messages WHERE ticket_id = 6 AND direction = 'out'")
run $D obligations --ticket 6 --json
expect_out "\"met_by\": \"message:$ack_reply\"" "the reply met the acknowledgement"
DOCKET_NOW=2026-03-03T10:00:00Z run $D ticket timeline 6
expect_out "replied (ccpa-ack: due day 14, met by reply #$ack_reply)" "the timeline says so"
# rules check validates the key
mkdir -p "$T/pack"
cp -r "$W/legal/." "$T/pack/"
cat >>"$T/pack/rules/gdpr.ini" <<'EOF'

[test-bad-done-by]
title = T
regime = GDPR
applies = question
jurisdictions = DE
from = 2026-01-01
deadline = 1 month
prompt = P
source = S
done_by = reply
step = Answer
done_by = answered
EOF
run $D rules check "$T/pack"
expect_rc 1 "rules check refuses bad done_by"
expect_err "'done_by' must follow the step it completes" "done_by before any step"
expect_err "unknown completing event 'answered' (known: reply, acknowledged, identity-verified" "unknown event"

# ---- 4. an extension must be told to the person
DOCKET_NOW=2026-03-02T15:00:00Z runin "Delete what you hold on me." $D ticket new --customer 3 --subject "Delete" --kind data-erasure
expect_eq "$OUT" "7" "ticket 7 (CCPA delete)"
DOCKET_NOW=2026-03-10T10:00:00Z run $D ticket event 7 extended --detail "many requests"
expect_rc 0 "extended"
expect_out "tell the person of the extension, with the reasons, by 2026-04-16T23:59:59Z" "the prompt says the person must be told by the first deadline"
run $D obligations --ticket 7 --json
expect_out '"duty": "notice"' "a notice duty"
DOCKET_NOW=2026-03-11T10:00:00Z runin "We need 45 more days because of the volume of requests." $D ticket reply 7
notice_reply=$(sqlite3 "$W/docket.db" "SELECT max(id) FROM messages WHERE ticket_id = 7 AND direction = 'out'")
notice=$(sqlite3 "$W/docket.db" "SELECT status || ' ' || met_by FROM obligations WHERE ticket_id = 7 AND duty = 'notice'")
expect_eq "$notice" "met message:$notice_reply" "the outbound message met the notice duty"
DOCKET_NOW=2026-05-01T10:00:00Z runin "x" $D ticket new --customer 3 --subject "Late" --kind data-erasure
DOCKET_NOW=2026-06-20T10:00:00Z run $D ticket event 8 extended
expect_rc 1 "an extension after the first period is refused"
expect_err "has passed" "as today"

# ---- 5. plain requests are recognised; unclassified tickets need triage
W="$T/triage"
export DOCKET_WORKSPACE="$W"
DOCKET_NOW=2026-01-02T09:00:00Z run $D init "$W"
run $D customer new --name "Anna Schmidt" --email anna@example.de --jurisdiction DE
run $D customer new --name "Jean Dupont" --email jean@example.fr --jurisdiction FR
DOCKET_NOW=2026-03-01T09:00:00Z runin "Where is my parcel?" $D ticket new --customer 1 --subject "Parcel" --kind question
expect_eq "$OUT" "1" "a routine question"
DOCKET_NOW=2026-03-02T09:00:00Z runin "Please send me a copy of all my personal data." $D ticket new --customer 1 --subject "Hello"
expect_eq "$OUT" "2" "the README's example, no kind given"
DOCKET_NOW=2026-03-02T10:00:00Z runin "Bonjour, merci de supprimer toutes mes données." $D ticket new --customer 2 --subject "Bonjour"
expect_eq "$OUT" "3" "a French erasure request"
DOCKET_NOW=2026-03-02T11:00:00Z runin "Do you ship to Norway?" $D ticket new --customer 1 --subject "Shipping"
expect_eq "$OUT" "4" "an ordinary question, no kind given"
DOCKET_NOW=2026-03-03T09:00:00Z run $D ticket list
expect_out "[suggests data-access: 'copy of all my personal data']" "the queue shows the suggestion and the phrase that matched"
expect_out "[suggests data-erasure: 'supprimer mes données']" "French, normalised and with a gap"
expect_out "[needs triage]" "no confident suggestion: needs triage"
last=$(printf '%s\n' "$OUT" | tail -1)
case "$last" in "1 "*) pass ;; *) fail "routine tickets sort below tickets awaiting triage (last: $last)" ;; esac
DOCKET_NOW=2026-03-03T09:00:00Z run $D ticket show 3
expect_out "Suggestion: mentions 'supprimer mes données' - GDPR: right to erasure (Art 17) (gdpr-erasure)? set the kind to data-erasure" "ticket show explains the suggestion"
# a concept phrase is shown with the text's own words, then the concepts
DOCKET_NOW=2026-03-03T09:01:00Z runin "Kunnen jullie mijn account opheffen?" $D ticket new --customer 1 --subject "Opzeggen"
expect_eq "$OUT" "5" "a Dutch request matched by concepts only"
DOCKET_NOW=2026-03-03T09:02:00Z run $D ticket show 5
expect_out "Suggestion: mentions 'account opheffen (@close + @account)' - GDPR: right to erasure (Art 17) (gdpr-erasure)? set the kind to data-erasure" "the words that matched, and the concepts they stand for"
DOCKET_NOW=2026-03-03T09:02:00Z run $D ticket list
expect_out "Opzeggen  [suggests data-erasure: 'account opheffen (@close + @account)']" "the queue too"
DOCKET_NOW=2026-03-03T09:03:00Z run $D ticket set 5 kind data-erasure
DOCKET_NOW=2026-03-03T09:05:00Z run $D ticket set 4 kind question
DOCKET_NOW=2026-03-03T09:06:00Z run $D ticket list
expect_out_not "Shipping  [needs triage]" "setting the kind ends triage"
case "$(printf '%s\n' "$OUT" | tail -1)" in "4 "*|"1 "*) pass ;; *) fail "a classified question sorts with the routine ones" ;; esac

t_done
