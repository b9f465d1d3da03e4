#!/bin/sh
# bench/terms_tui_bench.sh - the terms browser on a big history: replay
# keys (docket --keys FILE, drawn into a terminal on /dev/null) that open
# the terms view (T: 5,000 revisions, customers counted per revision),
# diff two distant revisions of the ~200 KB document (the first generated
# one against HEAD), scroll the diff in each mode and jump between its
# changes. Prints the time per key, by key, and the peak RSS; asserts
# nothing. Target: under 50 ms per key for the diff and its scrolling.
#
#   sh bench/terms_tui_bench.sh [TERMS_WORKSPACE]
#   sh bench/terms_tui_bench.sh ONE_M_WORKSPACE TERMS_WORKSPACE   (bench/run.sh)
#
# The workspace is the one bench/terms_bench.sh generates (bench/terms_gen:
# 5,000 revisions, 100,000 customers); made here when missing.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -ge 2 ]; then WS=$2; else WS=${1:-/tmp/docket-terms-bench}; fi
DOCKET=$ROOT/docket
GEN=$ROOT/build/bench/terms_gen
TMP=$(mktemp -d "${TMPDIR:-/tmp}/docket-terms-tui.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

export DOCKET_NOW=${DOCKET_NOW:-2026-01-31T09:00:00Z} TZ=UTC LANG=${LANG:-C.UTF-8}
export TERM=${TERM:-xterm-256color}
[ "$TERM" = dumb ] && export TERM=xterm-256color
GIT="env HOME=/nonexistent GIT_CONFIG_NOSYSTEM=1 git -C $WS/legal"

if [ ! -e "$WS/docket.db" ]; then
	echo "generating $WS: 5000 revisions of 200 KB, 100000 customers"
	"$DOCKET" init "$WS" >/dev/null
	"$GEN" "$WS" --revisions "${REVISIONS:-5000}" --kb 200 --customers "${CUSTOMERS:-100000}"
	$GIT gc -q
fi

DOC=terms/terms-of-service.md
nrev=$($GIT rev-list --count main -- $DOC)
size=$($GIT cat-file -s "main:$DOC")
ncust=$("$DOCKET" --workspace "$WS" terms which --all | wc -l)

# T opens the browser; G k: the first generated revision (the oldest is
# the starter text); m marks it; g d: diff it against HEAD (unified)
rep() { i=0; while [ $i -lt "$2" ]; do printf '%s' "$1"; i=$((i + 1)); done; echo; }
{
	echo 'T'
	echo 'Gkmgd'
	rep j 200
	rep '<PgDn>' 100
	rep ']' 50
	rep '[' 20
	echo 'G'
	echo 'g'
	echo 'v' # word (redline)
	rep '<PgDn>' 100
	rep ']' 50
	echo 'v' # side by side
	rep '<PgDn>' 100
	rep ']' 50
	echo 'v' # back to unified: already laid out once
	echo 'q'
} >"$TMP/diff.keys"

run() { # COLS ROWS
	LINES=$2 COLUMNS=$1 DOCKET_KEYS_LOG="$TMP/keys.log" "$DOCKET" --workspace "$WS" --keys "$TMP/diff.keys" \
		2>"$TMP/run.err" || { cat "$TMP/run.err"; exit 1; }
	echo "  $(grep '^tui:' "$TMP/run.err" | sed 's/^tui: //')"
	# by key: T (open the view), d (open the diff), v (switch mode), the rest
	awk '
		{ k = $1; if (k != "T" && k != "d" && k != "v" && k != "m") k = "scroll " k
		  n[k]++; s[k] += $2; if ($2 > m[k]) m[k] = $2
		  if (k ~ /^scroll/) { sn++; ss += $2; if ($2 > sm) sm = $2 } }
		END {
			for (k in n) printf "  %-12s %4d key%s  %8.3f ms average  %8.3f ms worst\n", k, n[k], n[k] == 1 ? " " : "s", s[k] / n[k], m[k]
			printf "  %-12s %4d keys  %8.3f ms average  %8.3f ms worst\n", "all scrolling", sn, ss / sn, sm
		}' "$TMP/keys.log" | sort
}

echo "terms tui bench: $WS: $nrev revisions of $DOC ($size bytes at HEAD), $ncust customers, TERM=$TERM"
echo "80x24:"
run 80 24
echo "200x50:"
run 200 50
