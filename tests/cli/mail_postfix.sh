#!/bin/sh
# mail_postfix.sh - inbound through a real MTA: a postfix instance run
# from its own temporary configuration (never the system's), listening on
# 127.0.0.1 only, delivering the support address through its pipe
# transport to `docket mail in`; mail is sent to it with Python's smtplib.
# Checks the ticket, the thread, redelivery and that the reply goes back
# out. Needs root (postfix's master) and the postfix package
# (scripts/deps.sh); stopped by the test itself, bounded in time.
. "$(dirname "$0")/lib.sh"
t_setup
unset DOCKET_NOW
if [ "$(id -u)" != 0 ] || [ ! -x /usr/sbin/postfix ] || ! id postfix >/dev/null 2>&1; then
	fail "needs root and postfix (scripts/deps.sh installs it)"
	
# the reply goes back out: docket -> postfix's sendmail -> postfix -> SMTP
runin "Ihre Daten kommen per Post." $D --workspace "$W" ticket reply 1
expect_rc 0 "reply"
i=0
while [ ! -e "$S/0001.eml" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
[ -e "$S/0001.eml" ] && pass || fail "the reply did not arrive through postfix: $(tail -5 "$P/maillog")"
grep -q "^In-Reply-To: <pf2@example.com>" "$S/0001.eml" 2>/dev/null && pass || fail "threaded to the customer's last mail"
grep -q "^Subject: Re: Auskunft =?UTF-8?b?w7xiZXI=?= meine Daten \[docket #1\]\|^Subject: Re: .*\[docket #1\]" "$S/0001.eml" 2>/dev/null &&
	pass || fail "subject with the tag: $(grep ^Subject "$S/0001.eml")"
grep -q "^to alice@example.com" "$S/0001.env" 2>/dev/null && pass || fail "envelope recipient"
run $D --workspace "$W" mail queue --all
expect_out "accepted" "accepted by postfix"
t_done
fi
W="$T/ws"
run $D init "$W"
expect_rc 0 "init"
chmod 755 "$T"
# the pipe runs as nobody (postfix refuses root): the workspace is theirs,
# and its group nobody's own, so that the -wal and -shm files that the
# test's own root processes (sqlite3 polls, docket) may create in the setgid
# folder stay writable for nobody (sq: sqlite3 under umask 007; docket sets
# its own); a root-owned -shm made the pipe's delivery fail as a read-only
# database
sq() { (umask 007 && sqlite3 "$@"); }
chown -R nobody:"$(id -gn nobody)" "$W"
chmod -R g+rwX,o+rX "$W"
PORT=$((20000 + ($$ + 7) % 20000))
SPORT=$((PORT + 1))
P="$T/postfix"
mkdir -p "$P/etc" "$P/queue" "$P/data"
chown postfix "$P/data"
cat >"$P/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $P/queue
data_directory = $P/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.desk.example
mydomain = desk.example
mydestination = desk.example
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
smtputf8_enable = no
maillog_file_prefixes = $P
maillog_file = $P/maillog
transport_maps = inline:{ support@desk.example=docket:, example.com=smtp:[127.0.0.1]:$SPORT }
smtp_tls_security_level = none
docket_destination_recipient_limit = 1
default_transport = error:no relaying from the test postfix
relayhost =
EOF
cat >"$P/etc/master.cf" <<EOF
127.0.0.1:$PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
docket    unix  -       n       n       -       -       pipe
  flags=Rq user=nobody argv=$D --workspace $W mail in
EOF
PF="/usr/sbin/postfix -c $P/etc"
$PF check >"$T/pf.out" 2>&1
$PF start >>"$T/pf.out" 2>&1 && pass || fail "postfix start: $(cat "$T/pf.out")"
i=0
while ! /usr/bin/python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
stop_postfix() { $PF stop >/dev/null 2>&1; }
S="$T/sink"
/usr/bin/python3 "$(pwd)/tests/mail/smtp_sink.py" "$SPORT" "$S" 240 >"$T/sink.log" 2>&1 &
SINK=$!
trap 'stop_postfix; touch "$S/stop"; wait $SINK; rm -rf "$T"' EXIT
i=0
while [ ! -e "$S/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
# replies go out through the same postfix (its sendmail), which relays
# example.com to the SMTP sink on 127.0.0.1
printf 'sender = support@desk.example\nsendmail = /usr/sbin/sendmail -C %s -t -oi\n' "$P/etc" >>"$W/config"

send() { # FILE: one SMTP transaction with smtplib
	/usr/bin/python3 - "$PORT" "$1" <<'EOF'
import smtplib, sys
with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=10) as s:
    s.sendmail("alice@example.com", ["support@desk.example"], open(sys.argv[2], "rb").read())
EOF
}
wait_rows() { # N [TABLE]: until TABLE (mail_raw) has N rows (at most 60 s: postfix on a loaded machine)
	i=0
	while [ "$(sq "$W/docket.db" "SELECT count(*) FROM ${2:-mail_raw}" 2>/dev/null)" != "$1" ] && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
cat >"$T/m1.eml" <<'EOF'
From: Alice Example <alice@example.com>
To: support@desk.example
Subject: =?UTF-8?Q?Auskunft_=C3=BCber_meine_Daten?=
Message-ID: <pf1@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Bitte schicken Sie mir eine Kopie meiner Daten.
EOF
send "$T/m1.eml" && pass || fail "smtplib to postfix on 127.0.0.1:$PORT"
# the raw message commits before the ticket does: wait for both
wait_rows 1
wait_rows 1 tickets
run $D --workspace "$W" ticket show 1
expect_rc 0 "postfix delivered a ticket through its pipe transport"
expect_out "Auskunft über meine Daten" "subject decoded"
expect_out "Bitte schicken Sie mir eine Kopie meiner Daten." "body"
run sq "$W/docket.db" "SELECT actor FROM audit WHERE action = 'mail.in'"
expect_eq "$OUT" "mail" "audited as the mail service"
cat >"$T/m2.eml" <<'EOF'
From: alice@example.com
To: support@desk.example
Subject: Re: Auskunft [docket #1]
Message-ID: <pf2@example.com>
In-Reply-To: <pf1@example.com>

Noch eine Frage.
EOF
send "$T/m2.eml"
wait_rows 2
wait_rows 2 messages
run $D --workspace "$W" ticket show 1
expect_out "Noch eine Frage." "the follow-up threads into ticket 1"
run sq "$W/docket.db" "SELECT count(*) FROM tickets"
expect_eq "$OUT" "1" "no second ticket"
# the MTA delivers the same message again: nothing changes
send "$T/m2.eml"
# until postfix has handed it to docket a third time (at most 60 s)
i=0
while [ "$(grep -c 'delivered via docket service' "$P/maillog" 2>/dev/null)" -lt 3 ] && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
run sq "$W/docket.db" "SELECT count(*) FROM messages"
expect_eq "$OUT" "2" "a redelivery through postfix adds nothing"
grep -q "status=sent (delivered via docket service (outcome=delivered raw=1 ticket=1" "$P/maillog" && pass ||
	fail "postfix log: $(tail -5 "$P/maillog" 2>/dev/null)"

# the reply goes back out: docket -> postfix's sendmail -> postfix -> SMTP
runin "Ihre Daten kommen per Post." $D --workspace "$W" ticket reply 1
expect_rc 0 "reply"
i=0
while [ ! -e "$S/0001.eml" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
[ -e "$S/0001.eml" ] && pass || fail "the reply did not arrive through postfix: $(tail -5 "$P/maillog")"
grep -q "^In-Reply-To: <pf2@example.com>" "$S/0001.eml" 2>/dev/null && pass || fail "threaded to the customer's last mail"
grep -q "^Subject: Re: Auskunft =?UTF-8?b?w7xiZXI=?= meine Daten \[docket #1\]\|^Subject: Re: .*\[docket #1\]" "$S/0001.eml" 2>/dev/null &&
	pass || fail "subject with the tag: $(grep ^Subject "$S/0001.eml")"
grep -q "^to alice@example.com" "$S/0001.env" 2>/dev/null && pass || fail "envelope recipient"
run $D --workspace "$W" mail queue --all
expect_out "accepted" "accepted by postfix"
t_done
