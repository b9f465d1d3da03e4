#!/bin/sh
# changes.sh - the audit trail and the ticket timeline say what changed in
# non-personal fields (never personal data); a customer's email is unique
# ignoring case, also in a workspace that already held such duplicates.
. tests/cli/lib.sh
t_setup
unset NO_COLOR VISUAL EDITOR LANGUAGE || true
for v in $(env | sed -n 's/^\(DOCKET_[A-Z_]*\)=.*/\1/p'); do [ "$v" = DOCKET_NOW ] || unset "$v"; done
export LC_ALL=C.UTF-8
W="$T/ws"
export DOCKET_WORKSPACE="$W"
DOCKET_NOW=2026-01-02T09:00:00Z run $D init "$W"
expect_rc 0 "init"
ME=$($D agent list | awk 'NR == 1 { print $1 }')
run $D agent add maria agent
run $D customer new --name "Ottoline Brackenbury" --email Otto@Example.org --jurisdiction DE
expect_eq "$OUT" "1" "customer 1"
DOCKET_NOW=2026-01-05T09:00:00Z runin "Where is my parcel?" $D ticket new --customer 1 --subject "Parcel" --kind question
expect_eq "$OUT" "1" "ticket 1"

# ---- ticket set: old and new values in the audit row and the timeline
DOCKET_NOW=2026-01-06T09:00:00Z run $D ticket set 1 status pending
DOCKET_NOW=2026-01-07T09:00:00Z run $D ticket set 1 assignee maria
DOCKET_NOW=2026-01-08T09:00:00Z run $D ticket set 1 priority 2
DOCKET_NOW=2026-01-09T09:00:00Z run $D ticket set 1 kind complaint
expect_rc 0 "set kind"
run $D audit log
expect_out "field=status old=new new=pending" "audit: status old and new"
expect_out "field=assignee old=- new=maria" "audit: assignee old and new"
expect_out "field=priority old=3 new=2" "audit: priority old and new"
expect_out "field=kind old=question new=complaint" "audit: kind old and new"
DOCKET_NOW=2026-01-10T09:00:00Z run $D ticket timeline 1
expect_out "day 1   status new -> pending (by $ME)" "timeline: status change"
expect_out "day 2   assignee (none) -> maria (by $ME)" "timeline: assignee change"
expect_out "day 3   priority 3 -> 2 (by $ME)" "timeline: priority change"
expect_out "day 4   kind question -> complaint (by $ME)" "timeline: kind change"
DOCKET_NOW=2026-01-10T09:00:00Z run $D ticket timeline 1 --json
expect_out '"kind": "change"' "timeline JSON marks changes"

# ---- a customer's jurisdiction: codes in the row, the name only hashed
DOCKET_NOW=2026-01-11T09:00:00Z run $D customer rectify 1 jurisdiction fr
expect_rc 0 "rectify jurisdiction"
DOCKET_NOW=2026-01-11T09:00:00Z run $D customer rectify 1 name "Ottoline Brackenbury-Smythe"
expect_rc 0 "rectify name"
run $D audit log
expect_out "old=DE new=FR" "audit: jurisdiction old and new"
expect_out_not "Brackenbury" "audit: no name"
expect_out_not "Otto@" "audit: no email"
DOCKET_NOW=2026-01-12T09:00:00Z run $D ticket timeline 1
expect_out "day 6   customer jurisdiction DE -> FR (by $ME)" "timeline: jurisdiction change"
expect_out_not "Brackenbury" "timeline: no name"

# ---- roles
run $D agent set maria legal
run $D audit log
expect_out "login=maria role=legal old_role=agent" "audit: role old and new"

# ---- email unique ignoring case; the refusal names who has it
before=$(sqlite3 "$W/docket.db" "SELECT count(*) FROM customers; SELECT count(*) FROM audit")
run $D customer new --name "Someone Else" --email otto@EXAMPLE.org --jurisdiction FR
expect_rc 1 "same email in another case refused"
expect_err "email: otto@EXAMPLE.org: already the address of customer 1 (Ottoline Brackenbury-Smythe)" "names the customer"
expect_one_error_line "one error line"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT count(*) FROM customers; SELECT count(*) FROM audit")" "$before" "nothing changed"
run $D customer new --name "Wilhelmina Thorne" --email w@example.org --jurisdiction XK
expect_rc 0 "Kosovo is a customer jurisdiction (as in rule packs)"
run $D customer rectify 2 email OTTO@example.ORG
expect_rc 1 "rectify onto a taken address refused"
expect_err "already the address of customer 1" "rectify names the customer"

# ---- a workspace that already holds duplicates still opens
cp -r "$W" "$T/old"
sqlite3 "$T/old/docket.db" "DROP TRIGGER customers_email_unique_insert; DROP TRIGGER customers_email_unique_update;
  INSERT INTO customers(name, email, jurisdiction, created_at) VALUES('Twin', 'OTTO@EXAMPLE.ORG', 'DE', 0);
  PRAGMA user_version = 4"
run $D --workspace "$T/old" customer list
expect_rc 0 "migration over existing duplicates does not fail"
expect_out "OTTO@EXAMPLE.ORG" "the existing duplicate is kept"
expect_eq "$(sqlite3 "$T/old/docket.db" "PRAGMA user_version")" "8" "migrated"
run $D --workspace "$T/old" customer rectify 3 name "Twin Two"
expect_rc 0 "an existing duplicate can still be rectified"
run $D --workspace "$T/old" customer new --name "Third" --email otto@example.org --jurisdiction DE
expect_rc 1 "no new duplicate after the migration"
t_done
