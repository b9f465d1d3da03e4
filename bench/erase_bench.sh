#!/bin/sh
# erase_bench.sh - the cost of erasing one customer on a big workspace.
#
#   sh bench/erase_bench.sh WORKSPACE [CUSTOMER_ID...]
#
# WORKSPACE is copied first (erasure is destructive); the copy goes to
# $BENCH_TMP (default /tmp) and is removed afterwards. Without ids, three
# erasable customers spread over the id range are picked. For each: the
# preview (`customer erase --dry-run`), then the erasure itself (one
# transaction: scrub + rebuild of the customer's FTS partition + audit
# row, then the WAL checkpoint/truncate), timed end to end as a user runs
# it. Prints figures; asserts nothing. Make a workspace with
# `build/bench/gen DIR --tickets 1000000 --customers 100000`.
set -eu
[ $# -ge 1 ] || { echo "usage: erase_bench.sh WORKSPACE [CUSTOMER_ID...]" >&2; exit 2; }
src=$1
shift
D=${DOCKET_BIN:-$(pwd)/docket}
tmp=${BENCH_TMP:-/tmp}
work=$(mktemp -d "$tmp/erase-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
export DOCKET_NOW=${DOCKET_NOW:-2026-03-01T10:00:00Z}

now() { date +%s.%N; }
secs() { echo "$1 $2" | awk '{ printf "%.3f", $2 - $1 }'; }

t0=$(now)
cp -r "$src/." "$work/"
# flush the copy: otherwise the first erasure's fsync pays for writing
# the whole copied file to disk
sync
echo "copy of $src (synced): $(secs "$t0" "$(now)") s"
db="$work/docket.db"
sq() { sqlite3 "$db" "$@"; }

tickets=$(sq "SELECT count(*) FROM tickets")
messages=$(sq "SELECT count(*) FROM messages")
customers=$(sq "SELECT count(*) FROM customers")
size=$(du -m "$db" | cut -f1)
echo "workspace: $customers customers, $tickets tickets, $messages messages, docket.db $size MB"

if [ $# -eq 0 ]; then
	for off in $((customers / 7)) $((customers / 2)) $((customers * 6 / 7)); do
		id=$(sq "SELECT id FROM customers c WHERE erased_at IS NULL AND legal_hold = 0
			AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.customer_id = c.id
			  AND t.kind IN ('complaint', 'breach')
			  AND (t.is_open = 1 OR EXISTS (SELECT 1 FROM obligations o WHERE o.ticket_id = t.id AND o.status = 'open')))
			AND id >= $off ORDER BY id LIMIT 1")
		[ -n "$id" ] && set -- "$@" "$id"
	done
fi

dk() { "$D" --workspace "$work" "$@"; }
for id in "$@"; do
	part=$((id % 32))
	ct=$(sq "SELECT count(*) FROM tickets WHERE customer_id = $id")
	cm=$(sq "SELECT count(*) FROM messages WHERE ticket_id IN (SELECT id FROM tickets WHERE customer_id = $id)")
	pd=$(sq "SELECT count(*) FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.customer_id % 32 = $part")
	email=$(sq "SELECT email FROM customers WHERE id = $id")
	t0=$(now)
	dk customer erase "$id" --dry-run >/dev/null
	t1=$(now)
	out=$(dk customer erase "$id" --reason "benchmark" 2>&1)
	t2=$(now)
	wal=$(stat -c %s "$work/docket.db-wal" 2>/dev/null || echo 0)
	echo "customer $id: $ct tickets, $cm messages; partition $part holds $pd messages"
	echo "  preview  $(secs "$t0" "$t1") s"
	echo "  erase    $(secs "$t1" "$t2") s   (WAL after: $wal bytes)"
	case "$out" in *warning*) echo "  $out" | grep warning ;; esac
	if [ -n "$email" ]; then
		left=$(cat "$db" "$work/docket.db-wal" 2>/dev/null | LC_ALL=C grep -aio -- "$email" | wc -l)
		echo "  raw bytes of docket.db + WAL afterwards: $left copies of the email"
	fi
done
t0=$(now)
dk audit verify
echo "audit verify: $(secs "$t0" "$(now)") s"
