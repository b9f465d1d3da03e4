#!/bin/sh
# mail_bench.sh - mail intake (issue 14, Speed), in the same run beside
# the sqlite3 shell doing the comparable bare work. Prints figures;
# asserts nothing.
#
#  1. `docket mail import MBOX` of COPIES rounds of the corpus of
#     tests/mail (71 messages each: its mix of charsets, HTML, a 700 KB
#     attachment, reports, broken mail; from the second round on each
#     message is a new one, tests/mail/mkbox.py) into a new workspace:
#     messages a second and peak RSS; beside sqlite3 storing the same
#     messages' bytes (one row each, a unique SHA-3 key) from a Maildir.
#  2. `docket mail in` of one ordinary message (a new question from a
#     known customer) into the workspace WS, as the MTA runs it: whole
#     command, median of 7 (each a new message), and peak RSS; beside
#     sqlite3 opening WS's database and committing one row.
#
#   sh bench/mail_bench.sh [WS]   WS: a big workspace, e.g. the 1,000,000-
#                                 ticket demo of bench/bulk_bench.sh
#   COPIES=100 (default) sets the size of the mailbox.
cd "$(dirname "$0")/.." || exit 1
exec 2>&1
D=${DOCKET_BIN:-$(pwd)/docket}
WS=${1:-/tmp/docket-bench-demo}
COPIES=${COPIES:-100}
B=${BENCH_TMP:-/tmp/docket-mail-bench}
export TZ=UTC LC_ALL=C
unset DOCKET_WORKSPACE DOCKET_NOW
rm -rf "$B"
mkdir -p "$B"
C=tests/mail
FILES=$(awk -F'\t' '!/^#/ && NF { print "'"$C"'/corpus/" $1 }' "$C/expected.tsv")
/usr/bin/python3 "$C/mkbox.py" mbox "$B/box.mbox" $FILES --copies "$COPIES"
/usr/bin/python3 "$C/mkbox.py" maildir "$B/md" $FILES --copies "$COPIES"
n=$((COPIES * $(echo "$FILES" | wc -w)))
echo "== mail import: $n messages, $(du -h "$B/box.mbox" | cut -f1) mbox (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
"$D" init "$B/ws" >/dev/null || exit 1
printf 'sender = support@desk.example\n' >>"$B/ws/config"
a=$(date +%s%N)
/usr/bin/time -o "$B/time" -f "%U %S %M" "$D" --workspace "$B/ws" mail import "$B/box.mbox" >"$B/out" || exit 1
b=$(date +%s%N)
set -- $(cat "$B/time")
cat "$B/out"
awk -v ns=$((b - a)) -v n="$n" -v u="$1" -v s="$2" -v kb="$3" 'BEGIN {
	printf "docket mail import:     %7.2f s wall (%.2f user, %.2f sys)  %6.0f messages/s  peak RSS %d KB\n",
		ns / 1e9, u, s, n / (ns / 1e9), kb }'
a=$(date +%s%N)
/usr/bin/time -o "$B/time" -f "%U %S %M" sqlite3 "$B/raw.db" \
	"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
	 CREATE TABLE raw(id INTEGER PRIMARY KEY, sha TEXT NOT NULL UNIQUE, bytes BLOB NOT NULL);
	 INSERT OR IGNORE INTO raw(sha, bytes) SELECT sha3(data), data FROM fsdir('$B/md') WHERE data IS NOT NULL;" >/dev/null || exit 1
b=$(date +%s%N)
set -- $(cat "$B/time")
awk -v ns=$((b - a)) -v n="$n" -v u="$1" -v s="$2" -v kb="$3" 'BEGIN {
	printf "sqlite3, the bytes only: %7.2f s wall (%.2f user, %.2f sys)  %6.0f messages/s  peak RSS %d KB\n",
		ns / 1e9, u, s, n / (ns / 1e9), kb }'

echo
if [ ! -e "$WS/docket.db" ]; then
	echo "== mail in: no workspace $WS (make one with bench/bulk_bench.sh)"
	exit 0
fi
tickets=$(sqlite3 "$WS/docket.db" "SELECT count(*) FROM tickets")
echo "== mail in: one message into $WS ($tickets tickets, $(du -h "$WS/docket.db" | cut -f1))"
addr=$(sqlite3 "$WS/docket.db" "SELECT email FROM customers WHERE email IS NOT NULL ORDER BY id LIMIT 1 OFFSET 100")
msg() {
	printf 'From: Customer <%s>\nTo: support@desk.example\nSubject: Where is my parcel %s?\nMessage-ID: <bench.%s@example.org>\nDate: Sat, 31 Jan 2026 09:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nHello,\n\nmy parcel of last week has not arrived. Could you look into it?\n\nThanks\n' \
		"$addr" "$1" "$1"
}
run=$$
for i in 1 2 3 4 5 6 7; do
	msg "$run.$i" >"$B/m$i"
	a=$(date +%s%N)
	"$D" --workspace "$WS" mail in <"$B/m$i" >"$B/out$i" 2>&1
	b=$(date +%s%N)
	echo $(((b - a) / 1000))
done | sort -n >"$B/times"
msg "$run.rss" >"$B/mrss"
set -- $(/usr/bin/time -f "%M %U %S" "$D" --workspace "$WS" mail in <"$B/mrss" 2>&1 >/dev/null | tail -1)
echo "$(cat "$B/out1")"
awk -v kb="$1" -v u="$2" -v s="$3" 'NR == 4 { m = $1 } { a[NR] = $1 } END {
	printf "docket mail in:          %7.1f ms (median of 7; %.1f .. %.1f)  peak RSS %d KB  (one run: %.0f ms user + sys)\n",
		m / 1000, a[1] / 1000, a[NR] / 1000, kb, (u + s) * 1000 }' "$B/times"
# CPU time (perf's task-clock: the figure a quiet machine's wall time
# approaches), median of 3 more messages
if command -v perf >/dev/null 2>&1; then
	for i in 1 2 3; do
		msg "$run.cpu$i" >"$B/c$i"
		perf stat -x, -e task-clock "$D" --workspace "$WS" mail in <"$B/c$i" 2>&1 >/dev/null | awk -F, '/task-clock/ { print $1 }'
	done | sort -n | awk 'NR == 2 { printf "docket mail in, CPU:     %7.1f ms (median of 3, user + sys)\n", $1 }'
fi
for i in 1 2 3 4 5 6 7; do
	a=$(date +%s%N)
	sqlite3 "$WS/docket.db" "INSERT INTO meta(key, value) VALUES('bench', '$i') ON CONFLICT(key) DO UPDATE SET value = excluded.value" >/dev/null 2>&1
	b=$(date +%s%N)
	echo $(((b - a) / 1000))
done | sort -n | awk 'NR == 4 { printf "sqlite3, open + one row: %7.1f ms (median of 7)\n", $1 / 1000 }'
sqlite3 "$WS/docket.db" "DELETE FROM meta WHERE key = 'bench'"
rm -rf "$B"
