#!/bin/sh
# erase-crash.sh - an erasure killed while another session reads: the
# pending scrub is recorded in the erasure's own transaction, so the next
# open after the reader has gone finishes it; then not one byte of the
# customer's unique words is left in docket.db, -wal or -shm.
. tests/cli/lib.sh
t_setup
W="$T/ws"
dk() { "$D" --workspace "$W" "$@"; }
run $D init "$W"
words() { cat "$W/docket.db" "$W/docket.db-wal" "$W/docket.db-shm" 2>/dev/null | grep -a -o "$1" | wc -c; }
new_victim() { # $1 = unique word; prints the customer id
	c=$(dk customer new --name "Zorblax $1" --email "$1@example.org" --jurisdiction DE)
	echo "flibber $1 body" | dk ticket new --customer "$c" --subject "Subject $1" >/dev/null
	echo "$c"
}
reader_start() { # a session holding a read transaction open
	rm -f "$T/rfifo"
	mkfifo "$T/rfifo"
	sqlite3 "$W/docket.db" <"$T/rfifo" >/dev/null 2>&1 &
	RPID=$!
	exec 7>"$T/rfifo"
	echo "BEGIN; SELECT count(*) FROM tickets;" >&7
	sleep 0.2
}
reader_stop() {
	echo "COMMIT;" >&7
	exec 7>&-
	wait $RPID 2>/dev/null
}

# ---- the deterministic point: killed right after the erasure committed
C=$(new_victim qwyxzal)
dk ticket list >/dev/null
reader_start
run env DOCKET_TEST_KILL_AT=erase-after-commit "$D" --workspace "$W" customer erase "$C" --reason test
expect_rc 137 "the erasure was killed after its commit"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT erased_at IS NOT NULL FROM customers WHERE id = $C")" 1 "the erasure committed"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT value FROM meta WHERE key = 'scrub_pending'")" wal "the pending scrub is recorded"
run dk ticket list
expect_rc 0 "an open while the reader still reads"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT count(*) FROM meta WHERE key = 'scrub_pending'")" 1 "the scrub stays pending while blocked"
reader_stop
run dk ticket list
expect_rc 0 "the next open after the reader closed"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT count(*) FROM meta WHERE key = 'scrub_pending'")" 0 "the scrub is done"
expect_eq "$(words qwyxzal)" 0 "no byte of the erased customer's words is left in docket.db*"

# ---- an erasure that completes while a reader blocks the scrub says where copies are
C=$(new_victim plimsoq)
reader_start
run dk customer erase "$C" --reason test
expect_rc 0 "an erasure with a reader open"
expect_err "docket.db and docket.db-wal" "it says the old copies are in docket.db itself (and the WAL)"
reader_stop
dk ticket list >/dev/null
expect_eq "$(words plimsoq)" 0 "finished by the next open"

# ---- random kills during erasures with a reader open
reader_start
i=0
: >"$T/victims"
while [ $i -lt 20 ]; do
	w="rnd${i}vok"
	c=$(new_victim "$w")
	echo "$c $w" >>"$T/victims"
	dk customer erase "$c" --reason test >/dev/null 2>&1 &
	p=$!
	sleep "$(shuf -i 0-400 -n 1 | awk '{printf "%.3f", $1 / 1000}')"
	kill -9 $p 2>/dev/null
	wait $p 2>/dev/null
	i=$((i + 1))
done
reader_stop
dk ticket list >/dev/null
left=0 erased=0
while read -r c w; do
	e=$(sqlite3 "$W/docket.db" "SELECT erased_at IS NOT NULL FROM customers WHERE id = $c")
	[ "$e" = 1 ] || continue
	erased=$((erased + 1))
	left=$((left + $(words "$w")))
done <"$T/victims"
echo "erase-crash: $erased of 20 killed erasures had committed"
expect_eq "$left" 0 "no byte of any committed erasure's words is left after random kills"
run dk audit verify
expect_rc 0 "the audit chain is intact"
t_done
