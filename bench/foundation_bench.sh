#!/bin/sh
# foundation_bench.sh - the 1,000,000-ticket workspace: generation time,
# then whole-command times and peak RSS of `ticket list --status open`
# (first page), `ticket show`, `search` for a rare and a common word, each
# beside the sqlite3 shell opening the same file and running the same
# query in the same run. Prints figures; asserts nothing.
#
#   sh bench/foundation_bench.sh [DIR]      (DIR is reused when it exists)
#   TICKETS=100000 CUSTOMERS=10000 sh bench/foundation_bench.sh /tmp/small
cd "$(dirname "$0")/.." || exit 1
D=${DOCKET_BIN:-$(pwd)/docket}
DIR=${1:-/tmp/docket-bench-1m}
TICKETS=${TICKETS:-1000000}
CUSTOMERS=${CUSTOMERS:-100000}
export DOCKET_NOW=2026-01-31T09:00:00Z TZ=UTC LC_ALL=C DOCKET_WORKSPACE="$DIR"

if [ ! -e "$DIR/docket.db" ]; then
	echo "generating $DIR: $TICKETS tickets, $CUSTOMERS customers"
	/usr/bin/time -f "generation: %e s wall, peak RSS %M KB" build/bench/gen "$DIR" --tickets "$TICKETS" --customers "$CUSTOMERS" || exit 1
fi
echo "database: $(du -h "$DIR/docket.db" | cut -f1)"

# median of 7 runs: wall ms (date +%s%N around the whole command) and the
# peak RSS in KB (GNU time's %M)
measure() {
	label=$1; shift
	ms=$(for i in 1 2 3 4 5 6 7; do
		a=$(date +%s%N); "$@" >/dev/null 2>&1; b=$(date +%s%N)
		echo $(( (b - a) / 1000 ))
	done | sort -n | sed -n 4p)
	kb=$(/usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1)
	printf '%-46s %8s ms  %7s KB\n' "$label" "$(awk "BEGIN { printf \"%.1f\", $ms / 1000 }")" "$kb"
}

open_id=$(sqlite3 "$DIR/docket.db" "SELECT id FROM tickets WHERE is_open = 1 ORDER BY due_key LIMIT 1")
rare=zephyrquartz
common=order
echo "ticket shown: $open_id; rare word: $rare; common word: $common"
echo
measure "docket ticket list --status open --limit 20" $D ticket list --status open --limit 20
measure "sqlite3: same first page" sqlite3 "$DIR/docket.db" \
	"SELECT t.id, t.subject, c.name FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.status = 'open' ORDER BY t.due_key, t.id LIMIT 20"
measure "docket ticket list (queue, --limit 20)" $D ticket list --limit 20
measure "docket ticket show $open_id" $D ticket show "$open_id"
measure "sqlite3: ticket + messages + events" sqlite3 "$DIR/docket.db" \
	"SELECT * FROM tickets WHERE id = $open_id; SELECT * FROM messages WHERE ticket_id = $open_id; SELECT * FROM events WHERE ticket_id = $open_id; SELECT * FROM obligations WHERE ticket_id = $open_id"
measure "docket search $rare" $D search "$rare"
measure "sqlite3: same FTS query, one partition" sqlite3 "$DIR/docket.db" \
	"SELECT rowid FROM fts_0 WHERE fts_0 MATCH '\"$rare\"' ORDER BY rowid DESC LIMIT 50"
measure "docket search $common" $D search "$common"
measure "sqlite3: same FTS query, one partition" sqlite3 "$DIR/docket.db" \
	"SELECT rowid FROM fts_0 WHERE fts_0 MATCH '\"$common\"' ORDER BY rowid DESC LIMIT 50"
measure "sqlite3 shell startup (SELECT 1)" sqlite3 "$DIR/docket.db" "SELECT 1"
