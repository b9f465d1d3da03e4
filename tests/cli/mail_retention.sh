#!/bin/sh
# mail_retention.sh - mail is personal data (issue 14 item 13) under
# retention and legal hold: when a ticket's retention period runs out, its
# raw messages and attachments go with it (a raw byte scan of docket.db
# and its WAL finds none of their words or bytes); a customer under legal
# hold keeps them; erasure is refused while the hold stands.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
t_setup
W="$T/ws"
dk() { "$D" --workspace "$W" "$@"; }
later() { DOCKET_NOW=2030-06-01T00:00:00Z "$D" --workspace "$W" "$@"; }
raw_hits() {
	n=0
	for f in "$W/docket.db" "$W/docket.db-wal"; do
		[ -f "$f" ] || continue
		c=$(LC_ALL=C grep -aio -- "$1" "$f" | wc -l)
		n=$((n + c))
	done
	echo "$n"
}

check "init" "$D" init "$W"
# two customers' mail, each with a text attachment of its own words
for who in keep gone; do
	cat >"$T/$who.eml" <<EOF
From: $who@example.org
To: support@desk.example
Subject: Question with a file ($who)
Message-ID: <$who-1@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="B"

--B
Content-Type: text/plain

The bassoon${who}word arrived late.
--B
Content-Type: text/plain; name="note.txt"
Content-Disposition: attachment; filename="note.txt"

ATTACHED-${who}-zeppelinbytes
--B--
EOF
	"$D" --workspace "$W" mail in <"$T/$who.eml" >/dev/null || fail "mail in $who"
done
TK=1 TG=2
for t in $TK $TG; do
	runin "Answered." dk ticket reply "$t"
	check "resolve $t" "$D" --workspace "$W" ticket set "$t" status resolved
done
CK=$(sqlite3 "$W/docket.db" "SELECT customer_id FROM tickets WHERE id = $TK")
check "legal hold on the first customer" "$D" --workspace "$W" customer hold "$CK" on --reason "litigation"
dk config set retention.question 1y >/dev/null
for w in bassoongoneword zeppelinbytes bassoonkeepword gone-1@example.org; do
	[ "$(raw_hits "$w")" -gt 0 ] && pass || fail "'$w' is in the files before retention"
done

run later retention run
expect_rc 0 "retention run four years later"
expect_out "question" "reports the kind"
# the unheld customer's mail is gone to the byte: body, attachment, raw message
expect_eq "$(raw_hits bassoongoneword)" 0 "the expired message's words are gone from the files"
expect_eq "$(raw_hits ATTACHED-gone)" 0 "the expired attachment's bytes are gone"
expect_eq "$(raw_hits gone-1@example.org)" 0 "the raw message (with its Message-ID) is gone"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT count(*) FROM mail_raw WHERE ticket_id = $TG")" 0 "no raw message row left for the expired ticket"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT count(*) FROM mail_attachments WHERE ticket_id = $TG")" 0 "no attachment row left for the expired ticket"
# the held customer's mail stays
[ "$(raw_hits ATTACHED-keep-zeppelinbytes)" -ge 1 ] && pass || fail "the held customer's attachment is kept"
run dk mail attachments "$TK"
expect_out "note.txt" "the held ticket still lists its attachment"
run dk mail show "$(sqlite3 "$W/docket.db" "SELECT id FROM mail_raw WHERE ticket_id = $TK LIMIT 1")"
expect_out "bassoonkeepword" "the held customer's raw message is kept"
run later customer erase "$CK" --reason "asked"
expect_rc 1 "erasure is refused under legal hold"
expect_err "legal hold" "says why"
run dk audit verify
expect_rc 0 "audit chain intact"
t_done
