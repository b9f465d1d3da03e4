#!/bin/sh
# concurrency.sh - several docket processes on one workspace at once:
# writers are serialised (busy retried within the timeout), nothing is
# lost or half-applied, and stale writes are refused.
. tests/cli/lib.sh
t_setup
W="$T/ws"
export DOCKET_WORKSPACE="$W"
run $D init "$W"
run $D customer new --name "Anna Schmidt" --email anna@example.de --jurisdiction DE
runin "hello" $D ticket new --customer 1 --subject "Busy" --kind question
# 4 writers x 15 notes, plus readers, all at once
for w in 1 2 3 4; do
	( i=0; while [ $i -lt 15 ]; do echo "note $w.$i" | $D ticket note 1 >/dev/null 2>>"$T/err.$w" || echo "fail $w.$i" >>"$T/fail"; i=$((i + 1)); done ) &
done
( i=0; while [ $i -lt 20 ]; do $D ticket show 1 >/dev/null 2>>"$T/err.r" || echo "read fail" >>"$T/fail"; i=$((i + 1)); done ) &
wait
expect_eq "$(cat "$T/fail" 2>/dev/null | wc -l)" "0" "no command failed while others wrote"
n=$(sqlite3 "$W/docket.db" "SELECT count(*) FROM messages WHERE direction = 'note'")
expect_eq "$n" "60" "every note was stored exactly once"
run $D audit verify
expect_rc 0 "the audit chain is intact after concurrent writers"
expect_out "63 rows" "one audit row per action"
# two agents read version V; both write with --expect-version V: one wins
v=$(sqlite3 "$W/docket.db" "SELECT version FROM tickets WHERE id = 1")
$D ticket set 1 priority 1 --expect-version "$v" >/dev/null 2>"$T/a" & pa=$!
$D ticket set 1 priority 2 --expect-version "$v" >/dev/null 2>"$T/b" & pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
expect_eq "$(( ra + rb ))" "1" "exactly one of two writes based on the same version wins"
cat "$T/a" "$T/b" > "$T/ab"
ERR=$(cat "$T/ab")
expect_err "changed since you opened it" "the loser is told why"
t_done
