#!/bin/sh
# bounces.sh - bounces that are not RFC 3464 reports: qmail's, old Exim's
# and a provider's plain-text "delivery failed" mail are matched to the
# reply they return by the Message-ID they quote; the status comes from
# their RFC 3463 code, else an SMTP reply code, else their wording; only a
# 5.x.x failure marks the address as failing; a delay marks nothing
# bounced; a bounce of a message docket never sent changes no ticket.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
t_setup
W="$T/ws"
dk() { "$D" --workspace "$W" "$@"; }
mailin() { run sh -c "'$D' --workspace '$W' mail in <'$1'"; }

check "init" "$D" init "$W"
# an MTA that takes everything (the sending path is tested in mail.sh)
printf '#!/bin/sh\ncat >>"%s/sent.mbox"\n' "$T" >"$T/sendmail"
chmod +x "$T/sendmail"
printf 'sender = support@desk.example\nsendmail = %s\n' "$T/sendmail" >>"$W/config"

# four customers, each with a reply sent: the messages the bounces return
for who in ann bob cat dan; do
	printf 'From: %s@example.org\nSubject: Question from %s\nMessage-ID: <q-%s@example.org>\n\nHello.\n' \
		"$who" "$who" "$who" >"$T/q-$who.eml"
	"$D" --workspace "$W" mail in <"$T/q-$who.eml" >/dev/null
done
for t in 1 2 3 4; do
	runin "Thanks, we are on it." dk ticket reply "$t"
	expect_rc 0 "reply $t sent"
done
mid() { sqlite3 "$W/docket.db" "SELECT message_id FROM outbox WHERE ticket_id = $1"; }
status() { sqlite3 "$W/docket.db" "SELECT status FROM outbox WHERE ticket_id = $1"; }
failing() { sqlite3 "$W/docket.db" "SELECT coalesce(max(status), '-') FROM mail_failing WHERE lower(address) = lower('$1')"; }
for t in 1 2 3 4; do expect_eq "$(status $t)" accepted "reply $t accepted"; done

# qmail: the original inline after a divider, an SMTP 550 without a 5.x.x code
cat >"$T/qmail.eml" <<EOF
From: MAILER-DAEMON@mx.example.org
To: support@desk.example
Subject: failure notice
Message-ID: <qmail-1@mx.example.org>

Hi. This is the qmail-send program at mx.example.org.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<ann@example.org>:
192.0.2.7 does not like recipient.
Remote host said: 550 No such user here
Giving up on 192.0.2.7.

--- Below this line is a copy of the message.

From: support@desk.example
To: ann@example.org
Message-ID: <$(mid 1)>
Subject: Re: Question from ann [docket #1]

Thanks, we are on it.
EOF
mailin "$T/qmail.eml"
expect_rc 0 "qmail bounce taken"
expect_out "outcome=report" "read as a delivery report"
expect_out " ticket=1 " "matched to the reply it quotes"
expect_eq "$(status 1)" bounced "the reply is marked bounced"
expect_eq "$(failing ann@example.org)" "5.0.0" "a 550 marks the address failing"
run dk ticket timeline 1
expect_out "delivery-failed" "the timeline shows the failed delivery"

# old Exim: the RFC 3463 code in the text, the original as message/rfc822
cat >"$T/exim.eml" <<EOF
From: Mail Delivery System <Mailer-Daemon@relay.example.net>
To: support@desk.example
Subject: Mail delivery failed: returning message to sender
Message-ID: <exim-1@relay.example.net>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="E"

--E
Content-Type: text/plain

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  bob@example.org
    host mx.example.org [192.0.2.9]
    SMTP error from remote mail server after RCPT TO:<bob@example.org>:
    5.2.2 mailbox full

--E
Content-Type: message/rfc822

From: support@desk.example
To: bob@example.org
Message-ID: <$(mid 2)>
Subject: Re: Question from bob [docket #2]

Thanks, we are on it.
--E--
EOF
mailin "$T/exim.eml"
expect_out "outcome=report" "Exim bounce read as a report"
expect_out " ticket=2 " "matched through the message/rfc822 part"
expect_eq "$(status 2)" bounced "Exim: bounced"
expect_eq "$(failing bob@example.org)" "5.2.2" "with its RFC 3463 status"

# a provider's delay notice: 4.x.x, nothing bounced, no address failing
cat >"$T/delay.eml" <<EOF
From: postmaster@provider.example
To: support@desk.example
Subject: Delivery delayed
Message-ID: <delay-1@provider.example>

Your message to cat@example.org has not yet been delivered.
The server said: 4.4.7 temporary failure, will retry for 4 more days.

> Message-ID: <$(mid 3)>
> Subject: Re: Question from cat [docket #3]
EOF
mailin "$T/delay.eml"
expect_out " ticket=3 " "delay notice matched through a quoted header"
expect_eq "$(status 3)" accepted "a delay does not mark the reply bounced"
expect_eq "$(failing cat@example.org)" "-" "a delay does not mark the address failing"
run dk ticket timeline 3
expect_out "delivery-delayed" "the timeline shows the delay"

# no code at all, final wording: bounced, but the address is not marked
cat >"$T/vague.eml" <<EOF
From: MAILER-DAEMON@mail.example.org
To: support@desk.example
Subject: Undeliverable: Re: Question from dan
Message-ID: <vague-1@mail.example.org>

Delivery has failed to these recipients or groups: dan@example.org

Original message headers:
Message-ID: <$(mid 4)>
EOF
mailin "$T/vague.eml"
expect_out " ticket=4 " "vague bounce matched"
expect_eq "$(status 4)" bounced "vague bounce: bounced"
expect_eq "$(failing dan@example.org)" "-" "without a 5.x.x code the address is not marked failing"

# a bounce of a message docket never sent: a report, no ticket changed
before=$(sqlite3 "$W/docket.db" "SELECT count(*) FROM events")
sed "s/<$(mid 1)>/<someone-else@elsewhere.example>/; s/qmail-1@/qmail-2@/" "$T/qmail.eml" >"$T/other.eml"
mailin "$T/other.eml"
expect_out "outcome=report" "a foreign bounce is still a report"
expect_out " ticket=0 " "and changes no ticket"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT count(*) FROM events")" "$before" "no event added"

# a mailer-daemon mail that quotes no Message-ID is not taken for a bounce
printf 'From: MAILER-DAEMON@mx.example.org\nSubject: Notice\nMessage-ID: <md-2@mx.example.org>\n\nPlease read our policy.\n' >"$T/notice.eml"
mailin "$T/notice.eml"
expect_out "outcome=delivered" "no Message-ID quoted: an ordinary (machine) message"
expect_out "machine=yes" "never answered automatically"
run dk audit verify
expect_rc 0 "audit chain intact"
t_done
