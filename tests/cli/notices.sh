#!/bin/sh
# notices.sh - letters to many customers (issue 14 items 10, 11), mailed
# through real msmtp to an SMTP server on 127.0.0.1 (python3-aiosmtpd):
# `terms notify DOC` sends the notice of a revision (template terms-change)
# to every customer it binds after notice, lists those without a working
# address, records per customer whether the notice was accepted for
# delivery or bounced, and `terms which` then counts the notice period
# from that customer's notice; `breach notify TICKET` sends the breach
# notice (GDPR Art 34(2)) to the affected customers, records each on the
# breach ticket's timeline and reports how many and how long after
# awareness; erasure scrubs the notices.
. "$(dirname "$0")/lib.sh"
t_setup
unset DOCKET_NOW
export EDITOR=false VISUAL=
C=$(pwd)/tests/mail
W="$T/ws"
body() { /usr/bin/python3 -c 'import email,sys; m=email.message_from_binary_file(open(sys.argv[1],"rb")); print(m.get_payload(decode=True).decode("utf-8"))' "$1"; }
hdr() { /usr/bin/python3 -c 'import email,sys; m=email.message_from_binary_file(open(sys.argv[1],"rb")); print(m[sys.argv[2]] or "")' "$1" "$2"; }
at() { DOCKET_NOW=$1; export DOCKET_NOW; }
at 2026-03-01T09:00:00Z
run $D init "$W"
expect_rc 0 "init"
t_msmtprc 4099
S="$T/sink"
/usr/bin/python3 "$C/smtp_sink.py" "$PORT" "$S" 120 >"$T/sink.log" 2>&1 &
SINK=$!
i=0
while [ ! -e "$S/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -e "$S/ready" ] && pass || fail "SMTP sink did not start: $(cat "$T/sink.log")"
stop_sink() { touch "$S/stop"; wait "$SINK" 2>/dev/null; }
trap 'stop_sink; rm -rf "$T"' EXIT
X="$D --workspace $W"
# the notice needs a sender
$X customer new --name "Ada Lovelace" --email ada@example.org --jurisdiction GB >/dev/null      # 1
$X customer new --name "Ben Bounce" --email ben@example.org --jurisdiction DE >/dev/null        # 2
$X customer new --name "Cat Accepts" --email cat@example.org --jurisdiction FR >/dev/null       # 3
$X customer new --name "Dan Erased" --email dan@example.org --jurisdiction GB >/dev/null        # 4
$X customer new --name "Fay Faraway" --email fay@example.net --jurisdiction NL >/dev/null       # 5
at 2026-03-10T12:00:00Z
sed 's/^## 1\. .*/&\n\nWe changed our refund rules./' "$W/legal/terms/terms-of-service.md" >"$T/tos.md"
grep -q "refund rules" "$T/tos.md" || printf '\nWe changed our refund rules.\n' >>"$T/tos.md"
REV=$($X terms publish terms-of-service "$T/tos.md" --effective 2026-03-10 --notice-days 30 --message "Refunds within 14 days")
[ -n "$REV" ] && pass || fail "publish a revision with 30 days' notice"
at 2026-03-12T09:00:00Z
$X customer erase 4 --reason "asked" >/dev/null
$X terms accept 3 --rev "$REV" --channel web >/dev/null
$X customer new --name "Eve Newcomer" --email eve@example.org --jurisdiction GB >/dev/null      # 6
sqlite3 "$W/docket.db" "INSERT INTO mail_failing(address, at, status) VALUES('ben@example.org', 0, '5.1.1')"
at 2026-03-20T09:00:00Z
$X agent add jo agent >/dev/null 2>&1
$X terms log >/dev/null # the legal cache (no change)
before=$(db_dump "$W")
run $X terms notify terms-of-service
expect_rc 1 "without a sender nothing can be mailed"
expect_err "the workspace has no sender" "says so"
printf 'sender = support@desk.example\nsender_name = Example Support\nsendmail = /usr/bin/msmtp -C %s -t\nsendmail_timeout = 20\n' \
	"$T/msmtprc" >>"$W/config"
run $X terms notify terms-of-service --rev "$(git -C "$W/legal" rev-list --max-parents=0 HEAD)"
expect_rc 1 "the starter revision has no notice period"
expect_err "has no notice period" "says there is nothing to give notice of"
run $D --workspace "$W" --as jo terms notify terms-of-service
expect_rc 1 "an agent may not send terms notices"
expect_eq "$(db_dump "$W")" "$before" "refused notices changed nothing"

run $X terms notify terms-of-service
expect_rc 0 "terms notify"
expect_out "terms notify terms-of-service $(echo "$REV" | cut -c1-10) (30 days' notice, effective 2026-03-10; letter terms-change@" "names the revision and the letter"
expect_out "2 notices queued, 2 accepted for delivery" "Ada and Fay"
expect_out "customer 1 <ada@example.org>: accepted 2026-03-20T09:00:00Z" "Ada's notice accepted, with the time"
expect_out "customer 5 <fay@example.net>: accepted" "Fay's"
expect_out "no working address (tell them another way): 1" "those without a working address are listed"
expect_out "customer 2 <ben@example.org>: the address bounced permanently" "Ben's address bounced before"
expect_out "1 accepted the revision" "Cat accepted it herself: no notice"
expect_out_not "customer 3 " "Cat is not notified"
expect_out_not "customer 4" "an erased customer is not notified"
expect_out_not "customer 6" "a customer who joined after publication needs no notice"
i=0
while [ ! -e "$S/0002.eml" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
for f in "$S/0001.eml" "$S/0002.eml"; do
	case "$(hdr "$f" To)" in *ada@example.org*) ADA=$f ;; *fay@example.net*) FAY=$f ;; esac
done
[ -n "${ADA:-}" ] && [ -n "${FAY:-}" ] && pass || fail "the SMTP server received both notices"
expect_eq "$(hdr "$ADA" Subject)" "Changes to our terms-of-service" "the template's subject"
expect_eq "$(hdr "$ADA" Auto-Submitted)" "auto-generated" "Auto-Submitted: auto-generated"
expect_eq "$(hdr "$ADA" X-Docket-Ticket)" "" "no ticket: an answer opens a ticket of its own"
b=$(body "$ADA")
case "$b" in *"Dear Ada Lovelace,"*"takes effect on"*"2026-03-10 and will apply to you from 2026-04-19."*) pass ;; *) fail "effective date and binding date (30 days from the notice): $b" ;; esac
case "$b" in *"What changes: Refunds within 14 days"*) pass ;; *) fail "the revision's summary: $b" ;; esac
head=$(git -C "$W/legal" rev-parse HEAD)
expect_eq "$(sqlite3 "$W/docket.db" "SELECT template, revision, purpose, customer_id, document, doc_revision FROM letters WHERE customer_id = 1")" \
	"terms-change|$head|terms|1|terms-of-service|$REV" "the letters row: template, revision, customer, document revision"
sqlite3 "$W/docket.db" "SELECT detail FROM audit WHERE action = 'terms.notify'" | grep -q "revision=$REV template=terms-change" && pass ||
	fail "the run is audited"
# again: nobody twice
run $X terms notify terms-of-service
expect_rc 0 "notify again"
expect_out "0 notices queued" "nobody is notified twice"
expect_out "2 notified before" "and says so"

# a bounce of Fay's notice
FMID=$(hdr "$FAY" Message-Id | tr -d '<>')
printf 'From: MAILER-DAEMON@mx.example.net\nTo: support@desk.example\nSubject: Undelivered Mail\nMessage-ID: <dsn-fay@mx.example.net>\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="R"\n\n--R\nContent-Type: text/plain\n\nCould not deliver.\n--R\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; fay@example.net\nAction: failed\nStatus: 5.1.1\n\n--R\nContent-Type: text/rfc822-headers\n\nFrom: support@desk.example\nTo: fay@example.net\nMessage-ID: <%s>\n\n--R--\n' "$FMID" >"$T/dsn.eml"
at 2026-03-20T10:00:00Z
$X mail in <"$T/dsn.eml" >"$T/.out"
OUT=$(cat "$T/.out")
expect_out "outcome=report" "the bounce is a delivery report"
expect_out "outbox" "matched to the notice"
run $X terms notices terms-of-service
expect_rc 0 "terms notices"
expect_out "notices of terms-of-service: 2 (1 accepted for delivery, 1 bounced)" "per customer: accepted or bounced"
expect_out "customer 5 <fay@example.net>: bounced" "Fay's bounced"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT count(*) FROM events WHERE ticket_id = 0")" "0" "a notice without a ticket writes no ticket event"

# terms which: the notice period runs from the customer's own notice
run $X terms which 1 --at 2026-04-10T12:00:00Z
expect_out "$(git -C "$W/legal" rev-list --max-parents=0 HEAD | cut -c1-7) " "on 04-10 Ada is still bound by the revision before (her notice runs until 04-19)"
run $X terms which 1 --at 2026-04-19T09:00:00Z
expect_out "$(echo "$REV" | cut -c1-7) (effective 2026-03-10): published 2026-03-10, effective 2026-03-10, binding after 30 days' notice from 2026-04-19 (notice sent to the customer 2026-03-20)" \
	"then the new revision, and the reason names her notice"
run $X terms which 5 --at 2026-04-10T12:00:00Z
expect_out "binding after 30 days' notice from 2026-04-09" "a bounced notice is no notice: Fay's counts from publication"
run $X terms which --all --at 2026-04-19T09:00:00Z
expect_out "1	$(echo "$REV" | cut -c1-7)	published 2026-03-10, effective 2026-03-10, binding after 30 days' notice from 2026-04-19 (notice sent to the customer 2026-03-20)" \
	"terms which --all counts from the notice too"

# ---- breach notices
at 2026-03-21T08:00:00Z
printf 'Where is my parcel?\n' | $X ticket new --customer 5 --subject "Parcel" --kind question >/dev/null
Q1=$(sqlite3 "$W/docket.db" "SELECT max(id) FROM tickets")
printf 'Our backup server was accessed without authorisation.\n' | $X ticket new --customer 1 --subject "Backup server intrusion" --kind breach >/dev/null
T1=$(sqlite3 "$W/docket.db" "SELECT max(id) FROM tickets")
before=$(db_dump "$W")
run $X breach notify "$T1" --customers 1,5
expect_rc 1 "no awareness recorded yet"
expect_err "ticket event $T1 aware --at T" "says how to record it"
$X ticket event "$T1" aware --at 2026-03-20T22:00:00Z >/dev/null
before=$(db_dump "$W")
run $X breach notify "$T1" --customers 1,6
expect_rc 1 "the breach notice's own placeholders must be given"
expect_err "breach_nature" "naming them"
expect_eq "$(db_dump "$W")" "$before" "nothing sent, nothing changed"
run $X breach notify "$T1"
expect_rc 2 "which customers: a usage error"
run $X breach notify "$Q1" --customers 1
case "$ERR$OUT" in *"not a breach"*) pass ;; *) fail "only a breach ticket: $ERR" ;; esac
at 2026-03-21T10:30:00Z
run $X breach notify "$T1" --search example.org --set "breach_nature=On 20 March someone copied our customer backup, including names and email addresses." \
	--set "breach_consequences=You may receive phishing emails that appear to come from us." \
	--set "breach_measures=We closed the access, reset all credentials and informed the ICO."
expect_rc 0 "breach notify by search"
expect_out "breach notify $T1 (letter breach-notice@" "names the letter"
expect_out "3 notices queued" "Ada, Cat and Eve (example.org; Dan is erased)"
expect_out "customer 2 <ben@example.org>: the address bounced permanently" "Ben is listed for another channel"
expect_out "breach $T1 (aware 2026-03-20T22:00:00Z): 3 of 4 notified (accepted for delivery), 12 h 30 min after awareness" \
	"how many, and how long after awareness"
i=0
while [ ! -e "$S/0005.eml" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
for f in "$S"/000[345].eml; do case "$(hdr "$f" To)" in *cat@example.org*) CAT=$f ;; esac; done
[ -n "${CAT:-}" ] && pass || fail "the SMTP server received Cat's breach notice"
expect_eq "$(hdr "$CAT" Subject)" "Important: a personal data breach that affects you" "the notice's subject"
b=$(body "$CAT")
case "$b" in *"Dear Cat Accepts,"*"We became aware of it on 2026-03-20."*) pass ;; *) fail "name and awareness date: $b" ;; esac
case "$b" in *"including names and email addresses."*"phishing emails"*"reset all credentials"*) pass ;; *) fail "Art 34(2): nature, consequences, measures: $b" ;; esac
case "$b" in *"contact support@desk.example"*) pass ;; *) fail "the contact point: $b" ;; esac
case "$b" in *"Commission nationale de l'informatique et des libertés (CNIL)"*) pass ;; *) fail "Cat's authority (FR): $b" ;; esac
run $X ticket timeline "$T1"
expect_out "breach-notice customer=1 letter=" "each notice is on the breach ticket's timeline"
expect_out "breach-notice customer=2 not sent: the address bounced permanently" "and the one not sent"
expect_out "mail-accepted" "and each delivery"
case "$OUT" in *"@example.org"*) fail "no notified customer's address on the breach ticket: $OUT" ;; *) pass ;; esac
run $X breach notices "$T1"
expect_out "3 of 4 notified" "breach notices shows the same"
run $X report
expect_out "Breach notices, ticket $T1: 3 of 4 affected notified (accepted for delivery), the first 12 h 30 min after awareness" \
	"the compliance report shows how many were notified and how long after awareness"
run $X report --json
expect_out '"hours_after_awareness": 12.5' "and in JSON"
run $X breach notify "$T1" --customers 1 --set breach_nature=x --set breach_consequences=y --set breach_measures=z
expect_out "0 notices queued, 1 notified before (not again)" "nobody is notified twice of one breach"

# the customer export holds the letters sent, with the notices' text
run $X customer export 3
expect_rc 0 "export Cat"
printf '%s' "$OUT" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
ls = d["letters"]
assert [l["purpose"] for l in ls] == ["breach"], ls
assert ls[0]["template"] == "breach-notice" and ls[0]["status"] == "accepted" and ls[0]["message"] is None, ls
assert ls[0]["to"] == "cat@example.org" and "reset all credentials" in ls[0]["body"], ls
' && pass || fail "the export lists the breach notice sent to Cat, with its text"
run $X customer export 1
printf '%s' "$OUT" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
ps = sorted(l["purpose"] for l in d["letters"])
assert ps == ["breach", "terms"], ps
t = [l for l in d["letters"] if l["purpose"] == "terms"][0]
assert t["document"] == "terms-of-service" and t["subject"] == "Changes to our terms-of-service", t
' && pass || fail "Ada export: the terms notice and the breach notice"
run $X customer export 1 --format text
expect_out "Letters we sent you" "the readable copy lists the letters"
expect_out "Changes to our terms-of-service (2026-03-20" "with the notice's subject"
expect_out "What changes: Refunds within 14 days" "and its text"

# ---- erasure scrubs the notices sent outside the customer's tickets
run $X customer erase 3 --reason "asked"
expect_rc 0 "erase Cat"
n=$(sqlite3 "$W/docket.db" "SELECT count(*) FROM outbox WHERE rcpt LIKE '%cat@%' OR body LIKE '%Cat Accepts%' OR CAST(raw AS TEXT) LIKE '%Cat Accepts%'")
run $X customer export 3
printf '%s' "$OUT" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
l = d["letters"][0]
assert l["to"] == "" and l["body"] == "[erased]", l
' && pass || fail "after erasure the export keeps the letter only as ids and states"
expect_eq "$n" "0" "Cat's notices are scrubbed from the outbox"
sqlite3 "$W/docket.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
if grep -a -q "cat@example.org" "$W/docket.db"; then fail "cat@example.org left in the database file"; else pass; fi

stop_sink
t_done
