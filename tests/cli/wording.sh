#!/bin/sh
# wording.sh - what docket says where the rule pack does not settle a
# ticket: a jurisdiction no rule covers, deadlines counted without a
# holiday calendar (ticket show, rules due), and a report whose columns say
# what they count.
. tests/cli/lib.sh
t_setup
unset NO_COLOR VISUAL EDITOR LANGUAGE || true
for v in $(env | sed -n 's/^\(DOCKET_[A-Z_]*\)=.*/\1/p'); do [ "$v" = DOCKET_NOW ] || unset "$v"; done
export LC_ALL=C.UTF-8
W="$T/ws"
export DOCKET_WORKSPACE="$W"
DOCKET_NOW=2026-01-02T09:00:00Z run $D init "$W"
expect_rc 0 "init"
run $D customer new --name "Haruki Sato" --email haruki@example.jp --jurisdiction JP
run $D customer new --name "Amelie Laurent" --email amelie@example.fr --jurisdiction FR
run $D customer new --name "Jonas Weber" --email jonas@example.de --jurisdiction DE

# ---- no rule covers JP: say so, and who to ask
DOCKET_NOW=2026-03-02T09:00:00Z runin "Please send me a copy of my personal data." $D ticket new --customer 1 --subject "Access" --kind data-access
expect_eq "$OUT" "1" "ticket 1"
DOCKET_NOW=2026-03-02T10:00:00Z run $D ticket show 1
expect_rc 0 "show"
expect_out "Legal prompts: none: no rule in the pack covers JP; check with counsel" "JP: no rule covers it"
expect_out_not "no legal obligations" "not 'no legal obligations'"
DOCKET_NOW=2026-03-02T09:00:00Z runin "Where is my parcel?" $D ticket new --customer 3 --subject "Parcel" --kind question
DOCKET_NOW=2026-03-02T10:00:00Z run $D ticket show 2
expect_out "Legal prompts: none: no rule in the pack applies to question tickets" "a question: no rule for the kind"

# ---- no holiday calendar: weekends only, said in the prompt and in rules due
run $D rules due gdpr-access --from 2026-03-02T09:00:00Z --jurisdiction JP
expect_rc 0 "rules due JP"
expect_err "docket: JP: no holiday calendar, weekends only" "rules due says weekends only"
run $D rules due gdpr-access --from 2026-03-02T09:00:00Z --jurisdiction DE
expect_rc 0 "rules due DE"
case "$ERR" in *"no holiday calendar"*) fail "DE has a calendar: no weekends-only note" ;; *) pass ;; esac
git -C "$W/legal" rm -q calendars/FR.ini
git -C "$W/legal" -c user.name=lena -c user.email=lena@docket commit -qm "no French holidays"
run $D rules due gdpr-access --from 2026-03-02T09:00:00Z --jurisdiction FR
expect_err "docket: FR: no holiday calendar, weekends only" "rules due FR without its calendar"
DOCKET_NOW=2026-03-02T09:00:00Z runin "Je voudrais une copie de mes données." $D ticket new --customer 2 --subject "Accès" --kind data-access
expect_eq "$OUT" "3" "ticket 3"
DOCKET_NOW=2026-03-02T10:00:00Z run $D ticket show 3
expect_out "GDPR: right of access" "FR gets the GDPR prompt"
expect_out "      FR: no holiday calendar, weekends only" "the prompt says weekends only"
DOCKET_NOW=2026-03-02T09:00:00Z runin "Bitte senden Sie mir eine Kopie meiner Daten." $D ticket new --customer 3 --subject "Auskunft" --kind data-access
DOCKET_NOW=2026-03-02T10:00:00Z run $D ticket show 4
expect_out "GDPR: right of access" "DE gets the GDPR prompt"
expect_out_not "no holiday calendar" "DE has its calendar"

# ---- the report's columns say what they count
DOCKET_NOW=2026-04-20T10:00:00Z run $D report
expect_rc 0 "report"
expect_out "started in time  late breached   open waived on time   median" "column headers"
expect_out "in time:  met by the due time" "legend: in time"
expect_out "late:     met after the due time" "legend: late"
expect_out "on time:  in time / (in time + late + breached)" "legend: the rate"
t_done
