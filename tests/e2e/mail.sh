# mail.sh - a reply from the TUI goes out as mail (sourced by run.sh): the
# workspace has a sender, the reply is handed to msmtp, which delivers it
# to an SMTP server on 127.0.0.1 started here (tests/mail/smtp_sink.py);
# the screen stays clean (no messages of the send on the terminal) and the
# thread shows the reply's delivery state.

t_reply_mails() {
	_wm="$TMP/ws-mail" _sink="$TMP/sink-e2e" _port=$((20000 + ($$ + 13) % 20000))
	rm -rf "$_wm" "$_sink"
	cp -r "$W" "$_wm" || return 1
	printf 'account default\nhost 127.0.0.1\nport %s\nauth off\ntls off\nfrom support@desk.example\n' "$_port" >"$TMP/msmtprc-e2e"
	chmod 600 "$TMP/msmtprc-e2e"
	printf 'sender = support@desk.example\nsendmail = /usr/bin/msmtp -C %s -t\nsendmail_timeout = 10\n' \
		"$TMP/msmtprc-e2e" >>"$_wm/config"
	/usr/bin/python3 "$ROOT/tests/mail/smtp_sink.py" "$_port" "$_sink" 30 >"$TMP/sink-e2e.log" 2>&1 &
	_i=0
	while [ ! -e "$_sink/ready" ] && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
	echo "Your copy of the data is attached to this mail soon." >"$TMP/editor-text"
	start rm "$_wm" 80 24 "EDITOR='$TMP/fake-editor'"
	wait_for rm "Queue:" && open_ticket rm "$T_ACCESS" || { touch "$_sink/stop"; return 1; }
	keys rm r
	wait_for rm "y send" || { touch "$_sink/stop"; return 1; }
	keys rm y
	wait_for rm "reply saved" || { touch "$_sink/stop"; return 1; }
	_i=0
	while [ ! -e "$_sink/0001.eml" ] && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
	touch "$_sink/stop"
	grep -q "^Subject: Re: Access request Anna \[docket #$T_ACCESS\]" "$_sink/0001.eml" 2>/dev/null ||
		{ echo "    no mail: $(cat "$TMP/sink-e2e.log" "$TMP/rm.err" 2>/dev/null)" >&2; return 1; }
	grep -q "^To: Anna Schmidt <anna@example.de>" "$_sink/0001.eml" || return 1
	refute rm "docket:" || return 1
	# the thread shows the delivery state of the reply
	wait_for rm "[mail accepted]" || return 1
	at $NOW --workspace "$_wm" mail queue --all | grep -q "accepted"
}
TESTS="$TESTS reply_mails"
