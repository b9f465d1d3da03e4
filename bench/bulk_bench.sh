#!/bin/sh
# bulk_bench.sh - the bulk creation path (issue 14, Speed): `docket demo
# --tickets N --customers M` timed as a whole (wall, user, sys, peak RSS),
# beside the sqlite3 shell writing the very rows the demo wrote (every
# table, same schema and indexes, the search index from the messages) into
# a new database in one transaction, in the same run: the floor for this
# data on this machine. Prints figures; asserts nothing.
#
#   sh bench/bulk_bench.sh [DIR]                 (DIR is made again)
#   TICKETS=100000 CUSTOMERS=10000 sh bench/bulk_bench.sh /tmp/demo-100k
#
# The workspace stays in DIR: bench/mail_bench.sh delivers into it.
cd "$(dirname "$0")/.." || exit 1
D=${DOCKET_BIN:-$(pwd)/docket}
DIR=${1:-/tmp/docket-bench-demo}
TICKETS=${TICKETS:-1000000}
CUSTOMERS=${CUSTOMERS:-100000}
export DOCKET_NOW=2026-01-31T09:00:00Z TZ=UTC LC_ALL=C
unset DOCKET_WORKSPACE
exec 2>&1
rm -rf "$DIR" "$DIR.sqlite3"
echo "docket demo: $TICKETS tickets, $CUSTOMERS customers (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
/usr/bin/time -f "docket demo:         %e s wall, %U s user, %S s sys, peak RSS %M KB" \
	"$D" demo "$DIR" --tickets "$TICKETS" --customers "$CUSTOMERS" >/dev/null || exit 1
DB=$DIR/docket.db
echo "database: $(du -h "$DB" | cut -f1)"
rows=""
for t in customers tickets messages events obligations obligation_steps acceptances audit; do
	rows="$rows $t=$(sqlite3 "$DB" "SELECT count(*) FROM $t")"
done
echo "rows:$rows"

# the same rows by the sqlite3 shell: schema from the demo's database,
# WAL and synchronous=NORMAL as docket opens it, one transaction
{
	echo "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
	sqlite3 "$DB" .schema | grep -v "^CREATE TABLE IF NOT EXISTS .fts_" | grep -v "^CREATE TABLE sqlite_"
	echo "ATTACH '$DB' AS src; BEGIN;"
	for t in agents customers tickets messages events obligations obligation_steps acceptances audit meta; do
		echo "INSERT INTO main.$t SELECT * FROM src.$t;"
	done
	p=0
	while [ $p -lt 32 ]; do
		echo "INSERT INTO fts_$p(rowid, subject, body) SELECT m.id, CASE WHEN m.id = (SELECT min(id) FROM src.messages WHERE ticket_id = t.id) THEN t.subject END, m.body FROM src.messages m JOIN src.tickets t ON t.id = m.ticket_id WHERE t.customer_id % 32 = $p ORDER BY m.id;"
		p=$((p + 1))
	done
	echo "COMMIT;"
} >"$DIR.sql"
/usr/bin/time -f "sqlite3, same rows:  %e s wall, %U s user, %S s sys, peak RSS %M KB" \
	sqlite3 "$DIR.sqlite3" <"$DIR.sql" >/dev/null || exit 1
rm -f "$DIR.sqlite3" "$DIR.sqlite3-wal" "$DIR.sqlite3-shm" "$DIR.sql"
