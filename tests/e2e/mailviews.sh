# mailviews.sh - the mail views (sourced by run.sh): a ticket's
# attachments opened in the user's viewer and saved to a file, and the
# quarantine of undeliverable mail turned into a ticket.

mv_setup() {
	MW="$TMP/mailws"
	[ -d "$MW" ] && return 0
	at $NOW init "$MW" >/dev/null || return 1
	for f in 14-rfc2231-filename 46-not-a-message; do
		at $NOW --workspace "$MW" mail in <"$ROOT/tests/mail/corpus/$f.eml" >/dev/null || return 1
	done
	# the viewer records how it was run, with which groups, and what it got
	cat >"$TMP/viewer.sh" <<VIEWER
#!/bin/sh
{ echo "argc=\$#"; echo "file=\$1"; id -G; cat "\$1"; } >"$TMP/viewer.out"
VIEWER
	chmod +x "$TMP/viewer.sh"
	at $NOW --workspace "$MW" config set viewer "$TMP/viewer.sh" >/dev/null || return 1
	mkdir -p "$TMP/home"
}

t_attachments_open_and_save() {
	mv_setup || return 1
	start ma "$MW" 80 24 HOME="$TMP/home"
	wait_for ma "Queue:" || return 1
	keys ma :
	type_text ma "attachments 1"
	keys ma Enter
	wait_for ma "Attachments of ticket #1 (1)" || return 1
	wait_for ma "Rechnung März €.pdf" || return 1
	wait_for ma "application/pdf" || return 1
	keys ma Enter
	wait_for ma "opened ${TMPDIR:-/tmp}/docket-view-" || return 1
	grep -q '^argc=1$' "$TMP/viewer.out" || { echo "    viewer not run with the file alone" >&2; return 1; }
	at $NOW --workspace "$MW" ticket attachment 1 1 >"$TMP/att.want" || return 1
	tail -c "$(wc -c <"$TMP/att.want")" "$TMP/viewer.out" | cmp -s - "$TMP/att.want" ||
		{ echo "    the viewer got other bytes" >&2; return 1; }
	copy=$(sed -n 's/^file=//p' "$TMP/viewer.out")
	[ "$(stat -c %a "$copy")" = 600 ] || { echo "    private copy not 0600" >&2; return 1; }
	[ "$(stat -c %a "$(dirname "$copy")")" = 700 ] || { echo "    private folder not 0700" >&2; return 1; }
	keys ma x
	wait_for ma "Save attachment to: $TMP/home/Rechnung März €.pdf" || return 1
	keys ma Enter
	wait_for ma "saved 22 bytes to $TMP/home/Rechnung März €.pdf" || return 1
	cmp -s "$TMP/home/Rechnung März €.pdf" "$TMP/att.want" || { echo "    saved file differs" >&2; return 1; }
	keys ma x
	wait_for ma "Save attachment to:" || return 1
	keys ma Enter
	wait_for ma "That file exists. Replace it? (y/n)" || return 1
	keys ma n
	wait_for ma "not saved" || return 1
	keys ma Q
	wait_for ma "__EXIT__0" || return 1
	# the copies made for the viewer go with the session
	[ ! -e "$copy" ] && [ ! -d "$(dirname "$copy")" ] || { echo "    viewer copy left behind: $copy" >&2; return 1; }
}

t_quarantine_to_ticket() {
	mv_setup || return 1
	start mq "$MW" 80 24
	wait_for mq "Queue:" || return 1
	keys mq :
	type_text mq "quarantine"
	keys mq Enter
	wait_for mq "Quarantine: 1 message docket could not deliver" || return 1
	wait_for mq "not an RFC 5322 message" || return 1
	keys mq Enter
	# NUL and control bytes of the raw message are shown, never sent
	wait_for mq "^@^A^B binary garbage" || return 1
	keys mq M
	wait_for mq "Make a ticket of quarantined mail 2? (y/n)" || return 1
	keys mq y
	wait_for mq "No sender in it. Customer number for the ticket:" || return 1
	type_text mq "1"
	keys mq Enter
	wait_for mq "made from quarantined mail 2" || return 1
	wait_for mq "Quarantined mail 2" || return 1
	at $NOW --workspace "$MW" mail quarantine | grep -q 'mail quarantine: empty' ||
		{ echo "    the message is still in quarantine" >&2; return 1; }
}
# new mail reaches an open queue by itself: no key pressed, no restart
t_new_mail_appears() {
	_wn="$TMP/mail-new"
	rm -rf "$_wn"
	at $NOW init "$_wn" >/dev/null || return 1
	at $NOW --workspace "$_wn" mail in <"$ROOT/tests/mail/corpus/14-rfc2231-filename.eml" >/dev/null || return 1
	start mn "$_wn" 80 24
	wait_for mn "Queue: 1 open ticket," || return 1
	refute mn "My orde" || return 1
	at $NOW --workspace "$_wn" mail in <"$ROOT/tests/mail/corpus/01-plain-ascii.eml" >/dev/null || return 1
	wait_for mn "Queue: 2 open tickets" || return 1
	wait_for mn "My orde" || return 1
}
TESTS="$TESTS attachments_open_and_save quarantine_to_ticket new_mail_appears"
