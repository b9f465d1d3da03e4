#!/bin/sh
# mail_import.sh - docket mail import MBOX|MAILDIR: the corpus of
# tests/mail/ as an mbox and as a Maildir (tests/mail/mkbox.py) gives the
# very database that a `mail in` of each message gives (tickets, messages, raw mail,
# Message-IDs, attachments, the audit chain); bad messages are quarantined,
# not fatal; a second import changes nothing; progress only on a terminal;
# what is no mailbox is refused and changes nothing; mail_max_bytes: a
# message over the limit is kept and flagged, its big attachment not
# stored.
. "$(dirname "$0")/lib.sh"
t_setup
TAB=$(printf '\t')
C=$(pwd)/tests/mail
PY=/usr/bin/python3
FILES=$(awk -F"$TAB" '!/^#/ && NF { print "'"$C"'/corpus/" $1 }' "$C/expected.tsv")
NOW=$(date -u -d "$DOCKET_NOW" +%s)
# the delivery time in the mbox From lines and the Maildir names is
# DOCKET_NOW, so that each message is received when `mail in` receives it
$PY "$C/mkbox.py" mbox "$T/box.mbox" $FILES --date "$NOW"
$PY "$C/mkbox.py" maildir "$T/md" $FILES --date "$NOW"
n=$(echo "$FILES" | wc -w)
[ "$n" -ge 70 ] && pass || fail "the corpus has $n messages, not 70 or more"

mkws() {
	run $D init "$1"
	expect_rc 0 "init $1"
	printf 'sender = support@desk.example\n' >>"$1/config"
}
# what a workspace holds, the audit chain included (its hashes cover the
# times: DOCKET_NOW is pinned)
content() {
	for t in customers tickets messages events obligations mail_raw mail_ids mail_attachments mail_blobs; do
		echo "== $t"
		sqlite3 "$1/docket.db" "SELECT * FROM $t ORDER BY 1"
	done
	echo "== audit"
	sqlite3 "$1/docket.db" "SELECT seq, at, actor, action, object, detail, hash FROM audit ORDER BY seq"
}

# ---- the reference: mail in, one message at a time
mkws "$T/in"
for f in $FILES; do
	"$D" --workspace "$T/in" mail in <"$f" 2>/dev/null
done >"$T/in.lines"
content "$T/in" >"$T/in.txt"
# what the import must say: the outcomes of those mail in runs
count() { grep -c -- "$1" "$T/in.lines"; }
SUMMARY="imported=$n delivered=$(count outcome=delivered) new_tickets=$(count new_ticket=1) duplicate=$(count outcome=duplicate) quarantined=$(count outcome=quarantined) report=$(count outcome=report)"
DUPS="imported=$n delivered=0 new_tickets=0 duplicate=$n quarantined=0 report=0"
expect_eq "$(count outcome=duplicate) $(count outcome=quarantined) $(count outcome=report)" "2 3 2" "mail in: two redeliveries, three quarantined, two reports"
raws=$(sqlite3 "$T/in/docket.db" "SELECT count(*) FROM mail_raw")
expect_eq "$raws" $((n - 2)) "mail in: a raw message for all but the two redeliveries"

# ---- the mbox
mkws "$T/mbox"
run $D --workspace "$T/mbox" mail import "$T/box.mbox"
expect_rc 0 "mail import mbox"
expect_eq "$OUT" "$SUMMARY" "mbox: the summary"
expect_eq "$ERR" "" "mbox: no progress when stderr is no terminal"
content "$T/mbox" >"$T/mbox.txt"
if cmp -s "$T/in.txt" "$T/mbox.txt"; then pass; else fail "mbox import differs from mail in: $(diff "$T/in.txt" "$T/mbox.txt" | head -5)"; fi
# each message's bytes are kept as they were (the mbox escaping undone)
i=0
for f in $FILES; do
	i=$((i + 1))
	case "$f" in *35-redelivery* | *36-redelivery*) continue ;; esac
	raw=$(sqlite3 "$T/mbox/docket.db" "SELECT id FROM mail_raw WHERE sha256 = '$(sha256sum "$f" | cut -c1-64)'")
	if [ -n "$raw" ]; then pass; else fail "mbox: $(basename "$f") not kept byte for byte"; fi
done
# the bad ones are in the quarantine, the import went on
run $D --workspace "$T/mbox" mail quarantine
expect_out "not an RFC 5322 message" "mbox: the message that is none is quarantined"
expect_out "no sender address" "mbox: the message without From is quarantined"
# a second import changes nothing
db_dump "$T/mbox" >"$T/before"
run $D --workspace "$T/mbox" mail import "$T/box.mbox"
expect_rc 0 "second import"
expect_eq "$OUT" "$DUPS" "second import: all duplicates"
db_dump "$T/mbox" >"$T/after"
if cmp -s "$T/before" "$T/after"; then pass; else fail "a second import changed the database"; fi

# ---- the Maildir (cur/ and new/, in the order of the names)
mkws "$T/md-ws"
run $D --workspace "$T/md-ws" mail import "$T/md"
expect_rc 0 "mail import maildir"
expect_eq "$OUT" "$SUMMARY" "maildir: the summary"
content "$T/md-ws" >"$T/md.txt"
if cmp -s "$T/in.txt" "$T/md.txt"; then pass; else fail "maildir import differs from mail in: $(diff "$T/in.txt" "$T/md.txt" | head -5)"; fi
run $D --workspace "$T/md-ws" mail import "$T/md"
expect_eq "$OUT" "$DUPS" "maildir: a second import is all duplicates"

# ---- the receipt time: the From line's, else the Date header's
mkws "$T/dates"
printf 'From a@b Sat Nov 14 22:13:20 2023\nFrom: Ann <ann@example.org>\nSubject: old mail\nMessage-ID: <old1@example.org>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nfrom 2023\n\nFrom ann@example.org\nFrom: Ann <ann@example.org>\nSubject: no date in the From line\nMessage-ID: <old2@example.org>\nDate: Mon, 1 Jan 2024 12:00:00 +0000\n\n>From the escaped line\n' >"$T/dates.mbox"
run $D --workspace "$T/dates" mail import "$T/dates.mbox"
expect_out "imported=2 delivered=2" "dates: both delivered"
got=$(sqlite3 "$T/dates/docket.db" "SELECT group_concat(received_at, ' ') FROM (SELECT received_at FROM mail_raw ORDER BY id)")
expect_eq "$got" "1700000000 1704110400" "dates: From line time, then the Date header"
got=$(sqlite3 "$T/dates/docket.db" "SELECT created_at FROM tickets ORDER BY id LIMIT 1")
expect_eq "$got" 1700000000 "dates: the ticket's clock runs from receipt"
run $D --workspace "$T/dates" ticket show 2
expect_out "From the escaped line" "mboxrd: '>From ' unescaped"

# ---- progress on a terminal (script(1) gives the command one)
mkws "$T/tty"
script -qec "$D --workspace $T/tty mail import $T/box.mbox" /dev/null >"$T/tty.out" 2>&1
if grep -q "mail import: $n messages (" "$T/tty.out"; then pass; else fail "no progress on a terminal: $(head -c 300 "$T/tty.out")"; fi

# ---- refused, and nothing changed
db_dump "$T/mbox" >"$T/before"
printf 'Subject: no From line first\n\nhello\n' >"$T/notmbox"
run $D --workspace "$T/mbox" mail import "$T/notmbox"
expect_rc 1 "not an mbox"
expect_err "not an mbox" "not an mbox: says so"
mkdir -p "$T/empty-dir"
run $D --workspace "$T/mbox" mail import "$T/empty-dir"
expect_rc 1 "a folder that is no Maildir"
expect_err "not a Maildir" "no Maildir: says so"
run $D --workspace "$T/mbox" mail import "$T/missing.mbox"
expect_rc 1 "a missing mailbox"
run $D --workspace "$T/mbox" mail import
expect_rc 2 "mail import without a mailbox: usage"
run $D --workspace "$T/mbox" mail import a b
expect_rc 2 "mail import with two: usage"
db_dump "$T/mbox" >"$T/after"
if cmp -s "$T/before" "$T/after"; then pass; else fail "a refused import changed the database"; fi
run $D --workspace "$T/nowhere" mail import "$T/box.mbox"
expect_rc 1 "no workspace"

# ---- mail_max_bytes: over the limit, kept and flagged; the attachment
# over it stays in the raw message only
mkws "$T/max"
printf 'mail_max_bytes = 100000\n' >>"$T/max/config"
big=$C/corpus/50-large-attachment.eml
"$D" --workspace "$T/max" mail in <"$big" >"$T/.out" 2>"$T/.err"
RC=$?
OUT=$(cat "$T/.out")
expect_rc 0 "max: mail in of a message over the limit"
expect_out "outcome=delivered" "max: delivered all the same"
raw=$(echo "$OUT" | sed -n 's/.* raw=\([0-9]*\).*/\1/p')
ticket=$(echo "$OUT" | sed -n 's/.* ticket=\([0-9]*\).*/\1/p')
"$D" --workspace "$T/max" mail show "$raw" >"$T/raw" 2>/dev/null
if cmp -s "$T/raw" "$big"; then pass; else fail "max: the raw message is not kept whole"; fi
note=$(sqlite3 "$T/max/docket.db" "SELECT note FROM mail_raw WHERE id = $raw")
case "$note" in *"message over the size limit ($(wc -c <"$big") bytes)"*) pass ;; *) fail "max: not flagged: '$note'" ;; esac
case "$note" in *"attachment big.log (524288 bytes) over the size limit: kept in the raw message only"*) pass ;; *) fail "max: attachment not flagged: '$note'" ;; esac
run $D --workspace "$T/max" mail attachments "$ticket"
expect_out_not "big.log" "max: the attachment over the limit is not stored"
blobs=$(sqlite3 "$T/max/docket.db" "SELECT count(*) FROM mail_blobs WHERE size > 100000")
expect_eq "$blobs" 0 "max: no blob over the limit"
# under the default limit the same message keeps its attachment
run $D --workspace "$T/in" mail attachments "$(sqlite3 "$T/in/docket.db" "SELECT ticket_id FROM mail_raw WHERE sha256 = '$(sha256sum "$big" | cut -c1-64)'")"
expect_out "big.log" "default limit: the attachment is stored"
t_done
