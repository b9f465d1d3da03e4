#!/bin/sh
# bench/tui_bench.sh - key-to-screen cost of the workspace screen: replay
# keys (docket --keys FILE, rendered into a terminal on /dev/null) against
# a workspace and print the time per key and the peak RSS.
#
#   sh bench/tui_bench.sh WORKSPACE [DOCKET]
#
# WORKSPACE: e.g. the 1,000,000-ticket workspace from bench/gen. Phases:
#   scroll  the queue down 1,000 rows (j), then PgDn x 50 and back to the top
#   open    100 tickets: Enter, q, j
#   search  20 full-text searches: /WORDS Enter, n x 3, q
# Targets: under 5 ms per key on average, peak RSS under 40 MB.
set -eu

WS=${1:?usage: sh bench/tui_bench.sh WORKSPACE [DOCKET]}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DOCKET=${2:-$ROOT/docket}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/docket-tui-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

export TERM=${TERM:-xterm-256color}
[ "$TERM" = dumb ] && export TERM=xterm-256color
export LINES=24 COLUMNS=80 LANG=${LANG:-C.UTF-8}

{
	i=0
	while [ $i -lt 1000 ]; do printf j; i=$((i + 1)); done
	echo
	i=0
	while [ $i -lt 50 ]; do printf '<PgDn>'; i=$((i + 1)); done
	echo '<Home>'
} >"$TMP/scroll.keys"

{
	i=0
	while [ $i -lt 100 ]; do echo '<Enter>qj'; i=$((i + 1)); done
} >"$TMP/open.keys"

{
	for w in refund parcel invoice password delivery "order refund" account damaged courier voucher \
		screen warranty "tracking number" login expired discount upgrade weekend manager policy; do
		echo "/$w<Enter>nnnq"
	done
} >"$TMP/search.keys"

cat "$TMP/scroll.keys" "$TMP/open.keys" "$TMP/search.keys" >"$TMP/all.keys"

echo "tui bench: $WS ($(du -sh "$WS/docket.db" 2>/dev/null | cut -f1) database), 80x24, TERM=$TERM"
start=$(date +%s.%N)
: >"$TMP/empty.keys"
"$DOCKET" --workspace "$WS" --keys "$TMP/empty.keys" 2>"$TMP/start.err" || { cat "$TMP/start.err"; exit 1; }
end=$(date +%s.%N)
printf '%-8s %s\n' start "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "open the queue and quit: %.0f ms (whole process)", (b - a) * 1000 }')"

for phase in scroll open search all; do
	DOCKET_KEYS_LOG="$TMP/$phase.log" "$DOCKET" --workspace "$WS" --keys "$TMP/$phase.keys" 2>"$TMP/$phase.err" ||
		{ cat "$TMP/$phase.err"; exit 1; }
	printf '%-8s %s\n' "$phase" "$(grep '^tui:' "$TMP/$phase.err" | sed 's/^tui: //')"
done
# the costly keys, per kind
awk '{ n[$1]++; t[$1] += $2; if ($2 > m[$1]) m[$1] = $2 }
     END { for (k in n) printf "  key %-6s %6d presses  %8.3f ms average  %8.1f ms worst\n", k, n[k], t[k] / n[k], m[k] }' \
	"$TMP/all.log" | sort -k3,3nr
