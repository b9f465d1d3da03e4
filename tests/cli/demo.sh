#!/bin/sh
# demo.sh - `docket demo`: realistic, deterministic, complete.
. tests/cli/lib.sh
t_setup
export DOCKET_NOW=2026-11-29T09:00:00Z
run $D demo "$T/a" --seed 7
expect_rc 0 "demo"
expect_out "120 customers, 300 tickets" "demo says what it made"
run $D demo "$T/b" --seed 7
q() { sqlite3 "$1/docket.db" "$2"; }
same="SELECT id, customer_id, subject, kind, status, created_at FROM tickets ORDER BY id;
SELECT id, ticket_id, direction, body, automated, created_at FROM messages ORDER BY id;
SELECT id, ticket_id, rule_id, due_at, status FROM obligations ORDER BY id;
SELECT name, email, jurisdiction, created_at FROM customers ORDER BY id"
expect_eq "$(q "$T/a" "$same" | md5sum)" "$(q "$T/b" "$same" | md5sum)" "the same seed gives the same data"
expect_eq "$(git -C "$T/a/legal" log --format=%H | md5sum)" "$(git -C "$T/b/legal" log --format=%H | md5sum)" "the same seed gives the same legal history"
run $D demo "$T/c" --seed 8 --tickets 50 --customers 20
expect_out "20 customers, 50 tickets" "--tickets and --customers"
expect_eq "$(q "$T/c" "SELECT count(*) FROM tickets")" "50" "50 tickets"
if [ "$(q "$T/a" "SELECT group_concat(subject) FROM tickets")" = "$(q "$T/c" "SELECT group_concat(subject) FROM tickets")" ]; then
	fail "another seed gives other data"; else pass; fi

W="$T/a"
jurs=$(q "$W" "SELECT count(DISTINCT jurisdiction) FROM customers")
[ "$jurs" -ge 8 ] && pass || fail "customers in at least 8 jurisdictions ($jurs)"
for j in DE FR IE GB US-CA US-NY BR CA; do
	n=$(q "$W" "SELECT count(*) FROM customers WHERE jurisdiction = '$j'")
	[ "$n" -gt 0 ] && pass || fail "customers in $j"
done
for k in question complaint data-access data-erasure data-portability rectification objection breach refund opt-out; do
	n=$(q "$W" "SELECT count(*) FROM tickets WHERE kind = '$k'")
	[ "$n" -gt 0 ] && pass || fail "tickets of kind $k"
done
for s in new open pending on-hold resolved closed; do
	n=$(q "$W" "SELECT count(*) FROM tickets WHERE status = '$s'")
	[ "$n" -gt 0 ] && pass || fail "tickets with status $s"
done
n=$(q "$W" "SELECT count(*) FROM messages WHERE direction = 'note'")
[ "$n" -gt 0 ] && pass || fail "internal notes"
n=$(q "$W" "SELECT count(*) FROM messages WHERE automated = 1 AND disclosed = 1")
[ "$n" -gt 0 ] && pass || fail "automated replies with disclosure"
n=$(q "$W" "SELECT count(*) FROM (SELECT ticket_id FROM messages GROUP BY ticket_id HAVING count(*) >= 3)")
[ "$n" -gt 50 ] && pass || fail "multi-message threads ($n)"
# complaints at every stage: new, acknowledged, escalated, resolved, overdue
n=$(q "$W" "SELECT count(*) FROM tickets WHERE kind = 'complaint' AND status = 'new'")
[ "$n" -gt 0 ] && pass || fail "a complaint not yet touched"
n=$(q "$W" "SELECT count(DISTINCT e.ticket_id) FROM events e JOIN tickets t ON t.id = e.ticket_id WHERE t.kind = 'complaint' AND e.type = 'escalated'")
[ "$n" -gt 0 ] && pass || fail "an escalated complaint"
n=$(q "$W" "SELECT count(*) FROM tickets WHERE kind = 'complaint' AND status IN ('resolved', 'closed')")
[ "$n" -gt 0 ] && pass || fail "resolved complaints"
n=$(q "$W" "SELECT count(*) FROM tickets t JOIN events e ON e.ticket_id = t.id WHERE t.kind = 'complaint' AND t.status IN ('open','pending') AND e.type = 'acknowledged'")
[ "$n" -gt 0 ] && pass || fail "acknowledged, open complaints"
span=$(q "$W" "SELECT (max(created_at) - min(created_at)) / 86400 FROM tickets")
[ "$span" -gt 500 ] && pass || fail "tickets spread over two years ($span days)"
revs=$(git -C "$W/legal" log --format=%H -- terms/terms-of-service.md | wc -l)
[ "$revs" -ge 8 ] && pass || fail "at least 8 revisions of the terms ($revs)"
eff=$(git -C "$W/legal" log --format=%B -- terms/terms-of-service.md | grep -c '^Effective: ')
expect_eq "$eff" "$revs" "every revision has an Effective: trailer"
nd=$(git -C "$W/legal" log --format=%B -- terms/terms-of-service.md | grep -c '^Notice-Days: ')
[ "$nd" -gt 0 ] && pass || fail "some revisions have Notice-Days:"
authors=$(git -C "$W/legal" log --format=%an | sort -u | wc -l)
[ "$authors" -ge 3 ] && pass || fail "several authors ($authors)"
n=$(q "$W" "SELECT count(DISTINCT revision) FROM acceptances")
[ "$n" -ge 3 ] && pass || fail "acceptances of several revisions ($n)"
n=$(q "$W" "SELECT count(DISTINCT channel) FROM acceptances")
[ "$n" -ge 2 ] && pass || fail "acceptances through several channels"
run $D --workspace "$W" audit verify
expect_rc 0 "the demo's audit chain verifies"
run $D --workspace "$W" terms which 1 --json
expect_rc 0 "terms which on the demo"
rev=$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["revision"] or "")' 2>/dev/null)
expect_eq "$(printf '%s' "$rev" | grep -cE '^[0-9a-f]{40}$')" 1 "terms which names a revision: a full commit hash, not null ($rev)"
expect_eq "$(git -C "$W/legal" log --format=%H -- terms/terms-of-service.md | grep -cx "$rev")" 1 \
	"... one of the terms' revisions in git"
run $D --workspace "$W" terms which 1
expect_eq "$(printf '%s\n' "$OUT" | cut -c1-7)" "$(printf '%s' "$rev" | cut -c1-7)" "the plain form names the same revision"
run $D demo "$W"
expect_rc 1 "demo over an existing workspace is refused"
run $D demo "$T/d" --tickets 0
expect_rc 1 "demo --tickets 0"
run $D demo "$T/e" --seed banana
expect_rc 1 "demo --seed banana"
t_done
