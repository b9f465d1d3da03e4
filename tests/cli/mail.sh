#!/bin/sh
# mail.sh - docket mail in/out with real components: the corpus of
# tests/mail/ (charsets, MIME, threading, machine mail, reports,
# redelivery, quarantine) against its expected results; replies through
# msmtp to an SMTP server on 127.0.0.1 (python3-aiosmtpd) that writes what
# it receives to files: headers, threading, body; the server down ->
# deferred, back up -> `mail flush` delivers exactly once; a bounce for a
# reply marks it; redelivery and exit codes.
. "$(dirname "$0")/lib.sh"
t_setup
unset DOCKET_NOW
# run with stdin from a file: runfile FILE CMD...
runfile() {
	_f=$1
	shift
	"$@" <"$_f" >"$T/.out" 2>"$T/.err"
	RC=$?
	OUT=$(cat "$T/.out")
	ERR=$(cat "$T/.err")
}
TAB=$(printf '\t')
C=$(pwd)/tests/mail
W="$T/ws"
run $D init "$W"
expect_rc 0 "init"
t_msmtprc 0
t_mail_config "$W"

# ---- the corpus, in order, into one workspace
n=0
while IFS="$TAB" read -r file fields checks; do
	case "$file" in '#'* | '') continue ;; esac
	n=$((n + 1))
	"$D" --workspace "$W" mail in <"$C/corpus/$file" >"$T/.out" 2>"$T/.err"
	RC=$?
	OUT=$(cat "$T/.out")
	ERR=$(cat "$T/.err")
	expect_rc 0 "$file: mail in"
	line=$OUT
	rest=$fields
	while [ -n "$rest" ]; do
		case "$rest" in
		note=*) f=$rest rest="" ;;
		*" "*) f=${rest%% *} rest=${rest#* } ;;
		*) f=$rest rest="" ;;
		esac
		case " $line " in *" $f "* | *" $f") pass ;; *) fail "$file: '$f' not in '$line'" ;; esac
	done
	ticket=$(echo "$line" | sed -n 's/.* ticket=\([0-9]*\).*/\1/p')
	raw=$(echo "$line" | sed -n 's/.* raw=\([0-9]*\).*/\1/p')
	# the raw message is kept byte for byte (a redelivery keeps the first)
	case "$fields" in
	*duplicate*) ;;
	*) "$D" --workspace "$W" mail show "$raw" >"$T/raw" 2>/dev/null
	   if cmp -s "$T/raw" "$C/corpus/$file"; then pass; else fail "$file: raw message $raw differs"; fi ;;
	esac
	[ -n "$checks" ] || continue
	show=$("$D" --workspace "$W" ticket show "$ticket" 2>&1)
	atts=$("$D" --workspace "$W" mail attachments "$ticket" 2>&1)
	quar=$("$D" --workspace "$W" mail quarantine 2>&1)
	printf '%s\n' "$checks" | tr ';' '\n' >"$T/checks"
	while IFS= read -r c; do
		want=$(printf '%b' "${c#*:}")
		case "$c" in
		'!show:'*) case "$show" in *"$want"*) fail "$file: ticket $ticket shows '$want'" ;; *) pass ;; esac ;;
		show:*) case "$show" in *"$want"*) pass ;; *) fail "$file: ticket $ticket lacks '$want': $(echo "$show" | tail -4)" ;; esac ;;
		att:*) case "$atts" in *"$want"*) pass ;; *) fail "$file: attachments lack '$want': $atts" ;; esac ;;
		quar:*) case "$quar" in *"$want"*) pass ;; *) fail "$file: quarantine lacks '$want': $quar" ;; esac ;;
		*) fail "$file: bad check '$c'" ;;
		esac
	done <"$T/checks"
done <"$C/expected.tsv"
[ "$n" -ge 60 ] && pass || fail "corpus has $n messages (at least 60)"
run sqlite3 "$W/docket.db" "SELECT count(*) FROM audit WHERE actor = 'mail' AND action = 'mail.in'"
[ "$OUT" -ge 50 ] && pass || fail "mail.in audited as actor mail ($OUT rows)"
run $D --workspace "$W" audit verify
expect_rc 0 "audit chain intact after the corpus"

# a redelivery changes nothing (same bytes; same Message-ID and sender)
before=$(db_dump "$W" | grep -v 'INSERT INTO audit' | md5sum)
runfile "$C/corpus/01-plain-ascii.eml" $D --workspace "$W" mail in
expect_out "outcome=duplicate" "same bytes again"
after=$(db_dump "$W" | grep -v 'INSERT INTO audit' | md5sum)
expect_eq "$before" "$after" "a redelivery changes nothing"
run $D --workspace "$W" mail in extra
expect_rc 64 "mail in with an argument: EX_USAGE"
run $D --workspace "$T/nowhere" mail in </dev/null
expect_rc 75 "no workspace: EX_TEMPFAIL (the MTA keeps the message)"

# an agent turns quarantined mail into a ticket
QR=$(sqlite3 "$W/docket.db" "SELECT id FROM mail_raw WHERE message_id = 'c47@example.com'")
run $D --workspace "$W" mail ticket "$QR"
expect_rc 1 "no sender: refused"
expect_err "name the customer with --customer" "says what to do"
run $D --workspace "$W" mail ticket "$QR" --customer 2
expect_rc 0 "quarantined mail becomes a ticket"
QT=$OUT
run $D --workspace "$W" ticket show "$QT"
expect_out "Who am I" "with its subject"
expect_out "No From." "and its text"
run $D --workspace "$W" mail quarantine
printf '%s\n' "$OUT" | grep -q "^$QR$TAB" && fail "mail $QR still in the quarantine" || pass
run $D --workspace "$W" mail ticket "$QR" --customer 2
expect_rc 1 "only once"
expect_err "not in the quarantine" "says why"

# the database busy beyond the timeout: 75, nothing stored
printf 'BEGIN IMMEDIATE;\nINSERT INTO meta(key, value) VALUES("lock", "x");\n.shell sleep 7\nROLLBACK;\n' |
	sqlite3 "$W/docket.db" >/dev/null 2>&1 &
LOCK=$!
sleep 0.5
before=$(sqlite3 "$W/docket.db" "SELECT count(*) FROM mail_raw" 2>/dev/null)
printf 'From: busy@example.com\nSubject: busy\nMessage-ID: <busy@example.com>\n\nBusy.\n' >"$T/busy.eml"
"$D" --workspace "$W" mail in <"$T/busy.eml" >/dev/null 2>"$T/.err"
RC=$?
ERR=$(cat "$T/.err")
expect_rc 75 "database busy: EX_TEMPFAIL"
expect_err "busy" "says the database is busy"
wait $LOCK
after=$(sqlite3 "$W/docket.db" "SELECT count(*) FROM mail_raw")
expect_eq "$before" "$after" "a temporary failure stored nothing"
runfile "$T/busy.eml" $D --workspace "$W" mail in
expect_out "outcome=delivered" "retried by the MTA: delivered"

# ---- outbound through msmtp to the SMTP sink on 127.0.0.1
S="$T/sink"
start_sink() {
	rm -f "$S/ready" "$S/stop"
	/usr/bin/python3 "$C/smtp_sink.py" "$PORT" "$S" 60 >"$T/sink.log" 2>&1 &
	SINK=$!
	i=0
	while [ ! -e "$S/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	[ -e "$S/ready" ] && pass || fail "SMTP sink did not start: $(cat "$T/sink.log")"
}
stop_sink() { touch "$S/stop"; wait "$SINK" 2>/dev/null; }
start_sink
runin "Dear Alice,
your parcel left our warehouse today. Grüße!" $D --workspace "$W" ticket reply 1
expect_rc 0 "reply to ticket 1"
sleep 0.2
M="$S/0001.eml"
[ -f "$M" ] && pass || fail "the SMTP server received the reply"
hdrs=$(sed '/^\r\{0,1\}$/q' "$M" 2>/dev/null)
case "$hdrs" in *"From: Example Support <support@desk.example>"*) pass ;; *) fail "From: $hdrs" ;; esac
case "$hdrs" in *"To: Alice Example <alice@example.com>"*) pass ;; *) fail "To: $hdrs" ;; esac
case "$hdrs" in *"Subject: Re: My order has not arrived [docket #1]"*) pass ;; *) fail "Subject: $hdrs" ;; esac
case "$hdrs" in *"In-Reply-To: <c41@example.com>"*) pass ;; *) fail "In-Reply-To (the last inbound): $hdrs" ;; esac
case "$hdrs" in *"References: <c01@example.com>"*"<c41@example.com>"*) pass ;; *) fail "References: $hdrs" ;; esac
case "$hdrs" in *"Message-Id: <docket.1."*"@desk.example>"*) pass ;; *) fail "Message-Id: $hdrs" ;; esac
case "$hdrs" in *"Content-Type: text/plain; charset=utf-8"*) pass ;; *) fail "Content-Type: $hdrs" ;; esac
case "$hdrs" in *"Content-Transfer-Encoding: quoted-printable"*) pass ;; *) fail "CTE: $hdrs" ;; esac
case "$hdrs" in *"Date: "*) pass ;; *) fail "Date: $hdrs" ;; esac
case "$hdrs" in *"Auto-Submitted"*) fail "a human reply is not Auto-Submitted" ;; *) pass ;; esac
grep -q "Gr=C3=BC=C3=9Fe!" "$M" && pass || fail "UTF-8 body quoted-printable: $(tail -3 "$M")"
grep -q "^to alice@example.com" "$S/0001.env" && pass || fail "envelope recipient: $(cat "$S/0001.env")"
run $D --workspace "$W" mail queue --all
expect_out "accepted${TAB}ticket 1${TAB}alice@example.com" "queue shows it accepted"
MID=$(sed -n 's/^Message-Id: <\(.*\)>.*/\1/p' "$M" | tr -d '\r')
# the customer answers the reply: threaded by In-Reply-To to our Message-ID
printf 'From: alice@example.com\nTo: support@desk.example\nSubject: thanks\nMessage-ID: <c99@example.com>\nIn-Reply-To: <%s>\n\nThanks, got it.\n' \
	"$MID" | $D --workspace "$W" mail in >"$T/.out"
OUT=$(cat "$T/.out")
expect_out "outcome=delivered" "answer to our reply"
expect_out "ticket=1 new_ticket=0" "threaded by our own Message-ID"
# internal notes never leave
runin "internal: customer is difficult" $D --workspace "$W" ticket note 1
expect_rc 0 "note"
sleep 0.2
[ ! -e "$S/0002.eml" ] && pass || fail "an internal note was mailed"
# automated reply: Auto-Submitted; automated reply to machine mail: suppressed
runin "We received your message." $D --workspace "$W" ticket reply 2 --automated
expect_rc 0 "automated reply"
sleep 0.2
grep -q "^Auto-Submitted: auto-replied" "$S/0002.eml" 2>/dev/null && pass || fail "automated reply carries Auto-Submitted"
mt=$(sed -n 's/.*ticket=\([0-9]*\).*/\1/p' <<EOF2
$($D --workspace "$W" mail in <"$C/corpus/29-precedence-bulk.eml" 2>&1; sqlite3 "$W/docket.db" "SELECT 'ticket=' || ticket_id FROM mail_raw WHERE message_id = 'c29@shop.example'")
EOF2
)
mt=$(echo "$mt" | tail -1)
runin "Thanks for your newsletter." $D --workspace "$W" ticket reply "$mt" --automated
expect_rc 0 "automated reply to bulk mail is saved"
sleep 0.2
[ ! -e "$S/0003.eml" ] && pass || fail "an automated reply to bulk mail was sent"
run $D --workspace "$W" mail queue
expect_out "suppressed" "queue shows it suppressed"
run $D --workspace "$W" mail queue --all
expect_out "machine mail" "and why"

# server down: deferred; back up: mail flush delivers exactly once
stop_sink
runin "Second reply while the server is down." $D --workspace "$W" ticket reply 1
expect_rc 0 "reply saved although the MTA is unreachable"
expect_err "deferred" "says the mail was deferred"
run $D --workspace "$W" mail queue
expect_out "deferred${TAB}ticket 1" "queue: deferred"
expect_out "exited 75" "with the command's exit status"
start_sink
run $D --workspace "$W" mail flush
expect_rc 0 "flush"
expect_out "1 accepted, 0 deferred, 0 failed" "flush delivers it"
run $D --workspace "$W" mail flush
expect_out "0 accepted, 0 deferred, 0 failed" "a second flush sends nothing"
sleep 0.2
got=$(grep -l "Second reply while the server is down" "$S"/*.eml 2>/dev/null | wc -l)
expect_eq "$got" "1" "delivered exactly once"

# a failing command: failed, with its message; nothing shown as sent
cp "$W/config" "$T/config.good"
printf 'sendmail = /bin/sh -c exit\n' >>"$W/config"
printf '#!/bin/sh\necho "550 mailbox unavailable" >&2\nexit 69\n' >"$T/bad-sendmail"
chmod +x "$T/bad-sendmail"
printf 'sendmail = %s\n' "$T/bad-sendmail" >>"$W/config"
runin "This one fails." $D --workspace "$W" ticket reply 1
expect_rc 0 "reply saved"
expect_err "1 failed" "says it failed"
run $D --workspace "$W" mail queue
expect_out "failed${TAB}ticket 1" "queue: failed"
expect_out "550 mailbox unavailable" "with the command's message"
cp "$T/config.good" "$W/config"

# a delivery status notification for our reply marks it bounced
cat >"$T/dsn.eml" <<EOF
From: MAILER-DAEMON@mx.example.com
To: support@desk.example
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn1@mx.example.com>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="R"

--R
Content-Type: text/plain

Your message could not be delivered.
--R
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; alice@example.com
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <alice@example.com>: Recipient address rejected

--R
Content-Type: text/rfc822-headers

From: support@desk.example
To: alice@example.com
Message-ID: <$MID>
Subject: Re: My order has not arrived [docket #1]

--R--
EOF
runfile "$T/dsn.eml" $D --workspace "$W" mail in
expect_rc 0 "bounce taken"
expect_out "outcome=report" "a delivery report"
expect_out " ticket=1 " "matched to the reply it reports"
run $D --workspace "$W" mail queue
expect_out "bounced${TAB}ticket 1${TAB}alice@example.com" "the reply is marked bounced"
expect_out "5.1.1" "with the status"
run $D --workspace "$W" ticket timeline 1
expect_out "delivery-failed" "the ticket's timeline shows the failed delivery"
run sqlite3 "$W/docket.db" "SELECT status FROM mail_failing WHERE address = 'ALICE@example.com'"
expect_eq "$OUT" "5.1.1" "the address is marked failing"

# at most mail_auto_per_day (5) automated messages to one address a day
printf 'From: hu@example.com\nSubject: Help\nMessage-ID: <hu1@example.com>\n\nHelp me.\n' >"$T/hu1.eml"
runfile "$T/hu1.eml" $D --workspace "$W" mail in
HT=$(echo "$OUT" | sed -n 's/.* ticket=\([0-9]*\).*/\1/p')
for k in 1 2 3 4 5 6; do
	runin "Automated answer $k." $D --workspace "$W" ticket reply "$HT" --automated
	expect_rc 0 "automated reply $k saved"
done
run sqlite3 "$W/docket.db" "SELECT group_concat(status, ' ') FROM (SELECT status FROM outbox WHERE ticket_id = $HT ORDER BY id)"
expect_eq "$OUT" "accepted accepted accepted accepted accepted suppressed" "the sixth automated message in a day is not sent"
run $D --workspace "$W" mail queue
expect_out "mail_auto_per_day" "queue says why"
# "human": the ticket is marked and raised; automated replies stop
printf 'From: hu@example.com\nSubject: Re: Help [docket #%s]\nMessage-ID: <hu2@example.com>\n\nHuman!\n\n> Automated answer 5.\n' "$HT" >"$T/hu2.eml"
runfile "$T/hu2.eml" $D --workspace "$W" mail in
expect_out " ticket=$HT " "the answer threads"
run $D --workspace "$W" ticket timeline "$HT"
expect_out "human-requested" "the ticket is marked for a human"
run $D --workspace "$W" ticket show "$HT"
expect_out "priority 2" "and raised to high priority"
runin "Another automated answer." $D --workspace "$W" ticket reply "$HT" --automated
expect_rc 1 "automated reply after \"human\" refused"
expect_err "asked for a human" "says why"
runin "A person answers." $D --workspace "$W" ticket reply "$HT"
expect_rc 0 "a person may still answer"
# mail on a resolved ticket reopens it; an auto-reply does not
run $D --workspace "$W" ticket set "$HT" status resolved
expect_rc 0 "resolve"
printf 'From: hu@example.com\nSubject: Re: Help [docket #%s]\nMessage-ID: <hu3@example.com>\nAuto-Submitted: auto-replied\n\nI am on holiday.\n' "$HT" >"$T/hu3.eml"
runfile "$T/hu3.eml" $D --workspace "$W" mail in
run $D --workspace "$W" ticket show "$HT"
expect_out "[resolved]" "an auto-reply does not reopen"
printf 'From: hu@example.com\nSubject: Re: Help [docket #%s]\nMessage-ID: <hu4@example.com>\n\nStill broken.\n' "$HT" >"$T/hu4.eml"
runfile "$T/hu4.eml" $D --workspace "$W" mail in
run $D --workspace "$W" ticket show "$HT"
expect_out "[open]" "the customer's follow-up reopens the ticket"
stop_sink

# the customer export carries the raw messages, attachments and outbox
run $D --workspace "$W" customer export 1 --out "$T/alice.json"
expect_rc 0 "export of a customer with mail"
/usr/bin/python3 - "$T/alice.json" "$C/corpus/01-plain-ascii.eml" <<'EOF2' && pass || fail "export lacks the raw message or the outbox"
import base64, json, sys
d = json.load(open(sys.argv[1]))
raw = open(sys.argv[2], "rb").read()
t1 = [t for t in d["tickets"] if t["id"] == 1][0]
assert any(base64.b64decode(r["raw_base64"]) == raw for r in t1["mail"]["raw_messages"])
assert any(o["status"] == "bounced" and o["to"] == "alice@example.com" for o in t1["mail"]["outbox"])
EOF2
AC=$(sqlite3 "$W/docket.db" "SELECT customer_id FROM tickets WHERE id = 14")
run $D --workspace "$W" customer export "$AC" --out "$T/r.json"
/usr/bin/python3 - "$T/r.json" <<'EOF2' && pass || fail "export lacks the attachment's content"
import base64, json, sys
d = json.load(open(sys.argv[1]))
a = [a for t in d["tickets"] for a in t["mail"]["attachments"]]
assert any(x["name"] == "Rechnung März €.pdf" and base64.b64decode(x["content_base64"]) == b"%PDF-1.4 fake invoice\n" for x in a), a
EOF2

# erasure leaves no byte of the customer's mail: raw messages, the
# quarantine, attachments, the outbox (scan of docket.db and its WAL)
raw_hits() {
	n=0
	for f in "$W/docket.db" "$W/docket.db-wal"; do
		[ -f "$f" ] || continue
		c=$(LC_ALL=C grep -aio -- "$1" "$f" | wc -l)
		n=$((n + c))
	done
	echo "$n"
}
# (a quarantined message of hers, not tied to any ticket)
sqlite3 "$W/docket.db" "INSERT INTO mail_raw(sha256, bytes, size, received_at, status, sender, note) VALUES('x', 'quarantined words of alice@example.com: zanzibar', 10, 0, 'quarantined', 'Alice@Example.com', 'test')"
ALICE_WORDS="order 4711 has not arrived|Follow-up by tag|parcel left our warehouse|alice@example.com|Alice Example|zanzibar|I am away until Monday"
echo "$ALICE_WORDS" | tr '|' '\n' >"$T/words"
while IFS= read -r w; do
	[ "$(raw_hits "$w")" -gt 0 ] && pass || fail "scan does not see '$w' before erasure"
done <"$T/words"
run $D --workspace "$W" customer erase 1 --reason "Art 17 request"
expect_rc 0 "erase the customer with mail"
while IFS= read -r w; do
	h=$(raw_hits "$w")
	[ "$h" = 0 ] && pass || fail "'$w' still in docket.db/-wal ($h hits) after erasure"
done <"$T/words"
run sqlite3 "$W/docket.db" "SELECT count(*) FROM outbox WHERE ticket_id = 1 AND status IN ('accepted','bounced')"
[ "$OUT" -ge 2 ] && pass || fail "the outbox keeps the evidence that letters were sent ($OUT)"
run $D --workspace "$W" mail attachments 14
expect_out "Rechnung" "another customer's attachments stay"

# without a sender the reply stays in docket (no outbox)
cp "$T/config.good" "$W/config"
grep -v '^sender' "$T/config.good" >"$W/config"
c0=$(sqlite3 "$W/docket.db" "SELECT count(*) FROM outbox")
runin "No sender configured." $D --workspace "$W" ticket reply 3
expect_rc 0 "reply without a sender"
c1=$(sqlite3 "$W/docket.db" "SELECT count(*) FROM outbox")
expect_eq "$c0" "$c1" "no outbox row without a sender"
t_done
