#!/bin/sh
# witness.sh - the audit chain's head and its anchors: `audit head`,
# `audit verify --anchor/--anchors`, the system-log line, the head in the
# compliance report, and a rewritten chain (what the group or root could
# do) caught by an anchor though the chain alone looks intact.
. tests/cli/lib.sh
t_setup
W="$T/ws"
dk() { "$D" --workspace "$W" "$@"; }
run $D init "$W"
expect_rc 0 "init"
run dk customer new --name "Ada Lovelace" --email ada@example.org --jurisdiction DE
C=$(printf '%s' "$OUT" | grep -o '[0-9][0-9]*' | head -1)
runin "hello" dk ticket new --customer "$C" --subject "Parcel"

# ---- audit head
run dk audit head
expect_rc 0 "audit head"
H1=$OUT
if printf '%s\n' "$H1" | grep -Eqx '[0-9]+:[0-9a-f]{64}'; then pass; else fail "audit head prints SEQ:HASH ($H1)"; fi
rows=$(sqlite3 "$W/docket.db" "SELECT max(seq) FROM audit")
last=$(sqlite3 "$W/docket.db" "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1")
expect_eq "$H1" "$rows:$last" "audit head is the last row's seq and hash"
run dk audit head --json
expect_out "\"seq\": $rows" "audit head --json has the seq"
expect_out "\"hash\": \"$last\"" "audit head --json has the hash"

# ---- anchors that hold
run dk audit verify --anchor "$H1"
expect_rc 0 "verify --anchor of the head"
expect_out "1 anchor hold" "verify names the anchors that hold"
runin "more" dk ticket note 1
run dk ticket set 1 priority 1
run dk audit head
H2=$OUT
run dk audit verify --anchor "$H1" --anchor "$H2"
expect_rc 0 "verify with two anchors (repeatable)"
expect_out "2 anchors hold" "both anchors hold"
run dk audit verify --anchor 1:abc
expect_rc 2 "a malformed anchor is a usage error"
expect_err "expected SEQ:HASH" "malformed anchor: says the form"
run dk audit log --anchor "$H1"
expect_rc 2 "--anchor only with verify"

# ---- the lines `audit head` prints and the lines the system log carries
h1seq=${H1%%:*} h1hash=${H1#*:}
{
	echo "-- Logs begin at whatever --"
	echo "Dec 01 10:00:00 host docket[4242]: audit head $H1 workspace $W after customer.erase"
	echo "audit head $H2 workspace $W after agent.set"
	echo "$H2"
	echo "Dec 01 10:00:01 host docket[4243]: something else entirely"
	# one system log holds every workspace's heads: another's are not ours
	echo "Dec 01 10:00:02 host docket[4244]: audit head 1:$(printf '%064d' 0) workspace $W-other after agent.add"
	echo "Dec 01 10:00:03 host docket[4245]: audit head 99:$(printf 'f%.0s' $(seq 64)) workspace /srv/other after customer.erase"
} >"$T/anchors.log"
run dk audit verify --anchors "$T/anchors.log"
expect_rc 0 "verify --anchors FILE (log lines and audit head lines)"
expect_out "3 anchors hold" "every anchor in the file was checked"
run sh -c "cat '$T/anchors.log' | '$D' --workspace '$W' audit verify --anchors -"
expect_rc 0 "verify --anchors - reads stdin"
expect_out "3 anchors hold" "stdin anchors checked"
echo "nothing here" >"$T/none.log"
run dk audit verify --anchors "$T/none.log"
expect_rc 1 "an anchors file without anchors is an error"
expect_err "no SEQ:HASH anchor" "says so"
grep 'other' "$T/anchors.log" >"$T/others.log"
run dk audit verify --anchors "$T/others.log"
expect_rc 1 "a log with only other workspaces' heads has no anchor for this one"
expect_err "no SEQ:HASH anchor of this workspace in it" "says whose anchors it lacks"

# ---- a rewritten chain: intact alone, caught by the anchor
cp -r "$W" "$T/rw"
/usr/bin/python3 - "$T/rw/docket.db" "$h1seq" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1]); seq = int(sys.argv[2])
db.execute("DROP TRIGGER audit_no_update")
db.execute("UPDATE audit SET detail = detail || ' forged=1' WHERE seq = ?", (seq,))
prev = "0" * 64
for s, at, actor, action, obj, detail in db.execute(
        "SELECT seq, at, actor, action, object, detail FROM audit ORDER BY seq").fetchall():
    canon = "\x1f".join([str(s), str(at), actor, action, obj, detail])
    h = hashlib.sha256((prev + canon).encode()).hexdigest()
    db.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, h, s))
    prev = h; last = s
db.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", ("%d %s" % (last, prev),))
db.commit()
PY
run $D --workspace "$T/rw" audit verify
expect_rc 0 "a chain rewritten whole looks intact alone (why anchors exist)"
run $D --workspace "$T/rw" audit verify --anchor "$H1"
expect_rc 1 "the anchor catches the rewritten chain"
expect_err "anchor $H1" "the failure names the anchor"
expect_err "another hash" "and says the row's hash changed"
expect_one_error_line "anchor failure is one line"
run $D --workspace "$T/rw" audit verify --anchors "$T/anchors.log"
expect_rc 1 "the log's anchors catch it too"

# ---- rows cut off the end (head rewritten to match)
cp -r "$W" "$T/cut"
/usr/bin/python3 - "$T/cut/docket.db" "$h1seq" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); seq = int(sys.argv[2])
db.execute("DROP TRIGGER audit_no_delete")
db.execute("DELETE FROM audit WHERE seq >= ?", (seq,))
s, h = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
db.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", ("%d %s" % (s, h),))
db.commit()
PY
run $D --workspace "$T/cut" audit verify
expect_rc 0 "a chain cut short with its head rewritten looks intact alone"
run $D --workspace "$T/cut" audit verify --anchor "$H1"
expect_rc 1 "the anchor catches the cut"
expect_err "no longer holds row $h1seq" "the cut: names the missing row"

# ---- only prev_hash edited: caught (the chain links are compared)
cp -r "$W" "$T/ph"
sqlite3 "$T/ph/docket.db" "DROP TRIGGER audit_no_update; UPDATE audit SET prev_hash = '$(printf '%064d' 7)' WHERE seq = 2"
run $D --workspace "$T/ph" audit verify
expect_rc 1 "editing only prev_hash is caught"
expect_err "row 2" "prev_hash edit: names the row"

# ---- the compliance report prints the head it was computed at
run dk audit head
H3=$OUT
run dk report
expect_rc 0 "report"
expect_out "Audit chain head: $H3" "the report prints the head"
run dk report --json
expect_out "\"audit_head\": \"$H3\"" "report --json has the head"
run dk report --csv
expect_out "audit_head,$H3," "report --csv has the head"

# ---- the system log: a listener on /dev/log when no log daemon runs
if [ ! -e /dev/log ] && [ "$(id -u)" = 0 ]; then
	/usr/bin/python3 - "$T/syslog.txt" <<'PY' &
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log"); os.chmod("/dev/log", 0o666)
s.settimeout(0.2)
out = open(sys.argv[1], "w")
end = time.time() + 20
while time.time() < end and not os.path.exists(sys.argv[1] + ".stop"):
    try:
        out.write(s.recv(65536).decode(errors="replace") + "\n"); out.flush()
    except socket.timeout:
        pass
os.unlink("/dev/log")
PY
	LPID=$!
	i=0; while [ ! -S /dev/log ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	run dk agent add bob agent
	run dk audit head
	HA=$OUT
	run dk customer erase "$C" --reason "asked"
	run dk audit head
	HE=$OUT
	sleep 0.3
	touch "$T/syslog.txt.stop"
	wait $LPID
	grep -q "docket\[[0-9]*\]: audit head $HA workspace $W after agent.add" "$T/syslog.txt" && pass ||
		fail "a role change writes the head to the system log ($(cat "$T/syslog.txt"))"
	grep -q "docket\[[0-9]*\]: audit head $HE workspace $W after customer.erase" "$T/syslog.txt" && pass ||
		fail "an erasure writes the head to the system log"
	run dk audit verify --anchors "$T/syslog.txt"
	expect_rc 0 "the logged heads verify as anchors"
	expect_out "anchors hold" "logged anchors checked"
fi

t_done
