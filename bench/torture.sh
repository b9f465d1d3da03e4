#!/bin/sh
# torture.sh - `make torture` (not part of check; minutes): random SIGKILLs
# across writes, publishes and erasures (with a reader open), then many
# agents at once; prints the figures of issue 13:
#   kills, acknowledged writes, lost (must be 0), git/audit mismatches (0),
#   bytes of erased customers left (0), errors surfaced to agents, p50/p99.
# TORTURE_KILLS (1000), TORTURE_AGENTS (32), TORTURE_SECS (120).
cd "$(dirname "$0")/.." || exit 1
D=$(pwd)/docket
KILLS=${TORTURE_KILLS:-1000}
AGENTS=${TORTURE_AGENTS:-32}
SECS=${TORTURE_SECS:-120}
T=$(mktemp -d /tmp/docket-torture.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$T"' EXIT INT TERM
unset DOCKET_NOW DOCKET_WORKSPACE XDG_DATA_HOME
export LANG=C.UTF-8 TZ=UTC HOME="$T"
W="$T/ws"
dk() { "$D" --workspace "$W" "$@"; }
dk init >/dev/null 2>&1 || "$D" init "$W" >/dev/null || exit 1
dk customer new --name "Keeper" --email keeper@example.org --jurisdiction DE >/dev/null
echo "first" | dk ticket new --customer 1 --subject "Torture" >/dev/null
today=$(date -u +%F)
: >"$T/ack.notes"
: >"$T/ack.erased"
: >"$T/erase.tried"
# a reader holding a read transaction open all along (as an agent's open
# screen can), which blocks the checkpoint an erasure's scrub needs
mkfifo "$T/rfifo"
sqlite3 "$W/docket.db" <"$T/rfifo" >/dev/null 2>&1 &
reader=$!
exec 7>"$T/rfifo"
echo "BEGIN; SELECT count(*) FROM tickets;" >&7

t0s=$(date +%s)
# ---- phase 1: kills
# Each operation is docket itself in the background (not a subshell: a
# SIGKILL to a subshell leaves its docket running), killed after a random
# 0-120 ms; its exit status says whether it finished first (0: acknowledged)
# or was killed (137). The loop runs until KILLS kills have landed.
i=0 kills=0 ops=0 errs1=0
while [ $kills -lt "$KILLS" ] && [ $ops -lt $((KILLS * 3)) ]; do
	op=$(shuf -i 0-9 -n 1)
	tok="tk${i}q$(shuf -i 100000-999999 -n 1)"
	kind=note
	if [ "$op" -le 5 ]; then
		echo "note $tok" >"$T/in"
		"$D" --workspace "$W" ticket note 1 <"$T/in" >/dev/null 2>&1 &
	elif [ "$op" -le 7 ]; then
		kind=publish
		printf '# Terms\n\nRevision %s.\n' "$tok" >"$T/p.md"
		"$D" --workspace "$W" terms publish terms-of-service "$T/p.md" --effective "$today" >/dev/null 2>&1 </dev/null &
	else
		kind=erase
		c=$(dk customer new --name "Zed $tok" --email "$tok@example.org" --jurisdiction DE 2>/dev/null)
		[ -n "$c" ] && echo "secret words $tok" | dk ticket new --customer "$c" --subject "Subj $tok" >/dev/null 2>&1
		echo "$c $tok" >>"$T/erase.tried"
		"$D" --workspace "$W" customer erase "${c:-0}" --reason torture >/dev/null 2>&1 </dev/null &
	fi
	p=$!
	sleep "$(shuf -i 0-120 -n 1 | awk '{printf "%.3f", $1 / 1000}')"
	kill -9 $p 2>/dev/null
	wait $p 2>/dev/null
	rc=$?
	ops=$((ops + 1))
	if [ $rc = 137 ]; then
		kills=$((kills + 1))
	elif [ $rc = 0 ]; then
		case $kind in
		note) echo "$tok" >>"$T/ack.notes" ;;
		erase) echo "$tok" >>"$T/ack.erased" ;;
		esac
	else
		errs1=$((errs1 + 1))
	fi
	# a kill can leave a git lock: docket removes one older than 10 s
	find "$W/legal/.git" -name '*.lock' -mmin -5 -exec touch -d '-1 minute' {} + 2>/dev/null
	i=$((i + 1))
done
echo "COMMIT;" >&7
exec 7>&-
wait $reader 2>/dev/null
sqlite3 "$W/docket.db" "UPDATE publish_intents SET started = started - 3600" 2>/dev/null
dk audit verify >"$T/verify" 2>&1
mismatch=$?
acked=$(wc -l <"$T/ack.notes")
lost=0
while read -r tok; do
	n=$(sqlite3 "$W/docket.db" "SELECT count(*) FROM messages WHERE instr(body, 'note $tok') > 0")
	[ "$n" = 1 ] || lost=$((lost + 1))
done <"$T/ack.notes"
left=0
dk ticket show 1 >/dev/null 2>&1 # one more open: pending scrubs finish
# every erasure that committed, acknowledged or killed after its commit
erased=0
while read -r c tok; do
	[ -n "$c" ] || continue
	e=$(sqlite3 "$W/docket.db" "SELECT erased_at IS NOT NULL FROM customers WHERE id = $c")
	[ "$e" = 1 ] || continue
	erased=$((erased + 1))
	b=$(cat "$W"/docket.db "$W"/docket.db-wal "$W"/docket.db-shm 2>/dev/null | grep -a -o "$tok" | wc -c)
	left=$((left + b))
done <"$T/erase.tried"
echo "torture: phase 1: $ops operations, $kills SIGKILLs landed, $errs1 failed with an error; $acked notes acknowledged, $lost lost"
echo "torture: phase 1: git/audit: $(cat "$T/verify") (exit $mismatch)"
echo "torture: phase 1: $erased erasures committed ($(wc -l <"$T/ack.erased") acknowledged), $left bytes of their words left in docket.db*"

t1s=$(date +%s)
echo "torture: phase 1 took $((t1s - t0s)) s (load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)"

# ---- phase 2: agents at once
a=1
while [ $a -le "$AGENTS" ]; do dk agent add "ag$a" agent >/dev/null 2>&1; a=$((a + 1)); done
end=$(($(date +%s) + SECS))
a=1
while [ $a -le "$AGENTS" ]; do
	(
		n=0
		while [ "$(date +%s)" -lt $end ]; do
			t0=$(date +%s%N)
			if echo "ag$a note $n" | "$D" --workspace "$W" --as "ag$a" ticket note 1 >/dev/null 2>>"$T/err.$a"; then
				echo "ag$a note $n" >>"$T/ok.$a"
			else
				echo x >>"$T/fail.$a"
			fi
			echo $(( ($(date +%s%N) - t0) / 1000000 )) >>"$T/lat.$a"
			n=$((n + 1))
		done
	) &
	a=$((a + 1))
done
wait
ok=$(cat "$T"/ok.* 2>/dev/null | wc -l)
errs=$(cat "$T"/fail.* 2>/dev/null | wc -l)
stored=$(sqlite3 "$W/docket.db" "SELECT count(*) FROM messages WHERE body GLOB 'ag[0-9]* note [0-9]*'")
sort -n "$T"/lat.* >"$T/lat"
nl=$(wc -l <"$T/lat")
p50=$(sed -n "$(( (nl + 1) / 2 ))p" "$T/lat")
p99=$(sed -n "$(( nl * 99 / 100 > 0 ? nl * 99 / 100 : 1 ))p" "$T/lat")
echo "torture: phase 2: $AGENTS agents for $SECS s: $ok writes acknowledged, $((ok - stored)) lost, $errs errors surfaced, p50 ${p50} ms, p99 ${p99} ms"
dk audit verify >/dev/null 2>&1 && echo "torture: audit verify: intact" || echo "torture: audit verify: FAILED"
echo "torture: phase 2 took $(($(date +%s) - t1s)) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
[ "$lost" = 0 ] && [ "$mismatch" = 0 ] && [ "$left" = 0 ] && [ "$ok" = "$stored" ]
