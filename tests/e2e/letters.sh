# letters.sh - L in a ticket (sourced by run.sh): the letters the ticket's
# open duties call for are offered by number before $EDITOR opens; the
# chosen one opens filled for the ticket with the customer's message
# quoted, the agent fills what the ticket cannot (the refusal's reasons),
# and the letter sent records its template and meets the duty.

t_reply_letter() {
	_wl="$TMP/ws-letter"
	rm -rf "$_wl"
	cp -r "$W" "$_wl" || return 1
	cat >"$TMP/letter-editor" <<EOF2
#!/bin/sh
f=""
for a in "\$@"; do f="\$a"; done
cp "\$f" "$TMP/letter-seen"
sed -i 's/{{refusal_reasons}}/We hold no personal data about you./' "\$f"
EOF2
	chmod +x "$TMP/letter-editor"
	start rl "$_wl" 100 50 "EDITOR='$TMP/letter-editor'"
	wait_for rl "Queue:" && open_ticket rl "$T_ACCESS" || return 1
	# Esc at the picker: nothing happens
	keys rl L
	wait_for rl "letter:" || return 1
	keys rl Escape
	wait_for rl "letter cancelled" || return 1
	keys rl L
	wait_for rl "letter: 1 access-response 2 identity-request 3 refusal (Esc cancels)" || return 1
	keys rl 3
	wait_for rl "Reply to #$T_ACCESS: preview" || return 1
	wait_for rl "We hold no personal data about you." || return 1
	grep -q "^Dear Anna Schmidt,$" "$TMP/letter-seen" || { echo "    not filled: $(head -3 "$TMP/letter-seen")" >&2; return 1; }
	grep -q "^> Please send me a copy of all personal data you hold about me.$" "$TMP/letter-seen" || return 1
	grep -q "{{refusal_reasons}}" "$TMP/letter-seen" || return 1 # left for the agent
	keys rl y
	wait_for rl "letter saved" || return 1
	refute rl "docket:" || return 1
	_row=$(sqlite3 "$_wl/docket.db" "SELECT template, duty, met FROM letters WHERE ticket_id = $T_ACCESS")
	[ "$_row" = "refusal|final|1" ] || { echo "    letters row: $_row" >&2; return 1; }
	[ "$(sqlite3 "$_wl/docket.db" "SELECT status FROM obligations WHERE ticket_id = $T_ACCESS AND rule_id = 'gdpr-access'")" = met ] || return 1
	# the duty is met: nothing left to offer
	keys rl L
	wait_for rl "no letter: no open duty of this ticket calls for a template" || return 1
	stop rl
}
TESTS="$TESTS reply_letter"
