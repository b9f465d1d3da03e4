# rights.sh - the data-rights actions of the customer view (sourced by
# run.sh): export, restrict, legal hold blocking erasure, erase with the
# preview, rectify; refusals say why.

t_rights_export_restrict() {
	start rx "$W" 80 24
	wait_for rx "Queue:" || return 1
	keys rx :
	type_text rx "customer $C_CA"
	keys rx Enter
	wait_for rx "Sofia Lee" || return 1
	keys rx x
	# the default names the folder in full (HOME here), never a bare name
	wait_for rx "Export (JSON + readable .html) to: $HOME/customer-$C_CA-export.json" || return 1
	keys rx C-u
	type_text rx "$TMP/sofia-export.json"
	keys rx Enter
	wait_for rx "exported to $TMP/sofia-export.json and .html" || return 1
	[ "$(stat -c %a "$TMP/sofia-export.json")" = 600 ] || { echo "    export mode not 0600" >&2; return 1; }
	[ "$(stat -c %a "$TMP/sofia-export.html")" = 600 ] || { echo "    readable copy mode not 0600" >&2; return 1; }
	grep -q '"Sofia Lee"' "$TMP/sofia-export.json" || { echo "    export lacks the name" >&2; return 1; }
	grep -q '<h1>Copy of your personal data</h1>' "$TMP/sofia-export.html" ||
		{ echo "    readable copy lacks its title" >&2; return 1; }
	grep -q 'Sofia Lee' "$TMP/sofia-export.html" || { echo "    readable copy lacks the name" >&2; return 1; }
	keys rx S
	wait_for rx "Reason for the restriction" || return 1
	type_text rx "accuracy contested (Art 18(1)(a))"
	keys rx Enter
	wait_for rx "RESTRICTED processing" || return 1
	at $NOW --workspace "$W" customer show "$C_CA" --json | grep -q '"restricted": true' || return 1
	# the same customer's automated replies are now refused
	at $NOW --workspace "$W" audit verify >/dev/null
}

t_rights_hold_blocks_erase() {
	start rh "$W" 80 24
	wait_for rh "Queue:" || return 1
	keys rh :
	type_text rh "customer $C_WIDE"
	keys rh Enter
	wait_for rh "taro@example.jp" || return 1
	keys rh H
	wait_for rh "Reason for the legal hold" || return 1
	type_text rh "litigation 2026-17"
	keys rh Enter
	wait_for rh "LEGAL HOLD" || return 1
	colon rh erase
	wait_for rh "erase refused" && wait_for rh "legal hold" || return 1
	at $NOW --workspace "$W" customer show "$C_WIDE" --json | grep -q '"name": "山田 太郎 Zoë"' || return 1
	keys rh H
	wait_for rh "Lift the legal hold" || return 1
	keys rh y
	wait_for rh "legal hold off" && wait_gone rh "LEGAL HOLD (blocks"
}

t_rights_erase_and_rectify() {
	start re "$W" 80 24
	wait_for re "Queue:" || return 1
	keys re :
	type_text re "customer $C_WIDE"
	keys re Enter
	wait_for re "taro@example.jp" || return 1
	keys re C
	wait_for re "Rectify which field" || return 1
	keys re n
	wait_for re "New name" || return 1
	keys re C-u
	type_text re "Taro Yamada"
	keys re Enter
	wait_for re "name corrected" && wait_for re "Taro Yamada" || return 1
	colon re erase
	wait_for re "Erase customer #$C_WIDE Taro Yamada? Goes: name, email" || return 1
	keys re n
	wait_for re "erase cancelled; nothing changed" || return 1
	colon re erase
	wait_for re "It cannot be undone. y erase, n keep" || return 1
	keys re y
	wait_for re "Reason" || return 1
	type_text re "Art 17 request, ticket $T_WIDE"
	keys re Enter
	wait_for re "erased:" && wait_for re "ERASED" || return 1
	refute re "Taro Yamada" || return 1
	at $NOW --workspace "$W" search "日本語" | grep -q . && { echo "    erased text still found" >&2; return 1; }
	at $NOW --workspace "$W" audit verify >/dev/null
}

t_rights_linked_from_ticket() {
	start rl "$W" 80 24
	wait_for rl "Queue:" && open_ticket rl "$T_ACCESS" || return 1
	keys rl Enter
	wait_for rl "Fulfil: c opens the customer, x exports"
}

TESTS="$TESTS rights_export_restrict rights_hold_blocks_erase rights_erase_and_rectify rights_linked_from_ticket"

# An erasure whose scrub a reader blocked: an open docket screen finishes
# it at its refresh once the reader has gone, with no other docket
# opening the workspace (issue 13 item 3): the mark is cleared and not one
# byte of the customer's unique words is left in docket.db, -wal or -shm.
t_rights_tui_scrubs() {
	_w="$TMP/ws-scrub"
	at $NOW init "$_w" >/dev/null 2>&1 || return 1
	_c=$(at $NOW --workspace "$_w" customer new --name "Zorblax Quimwuff" --email quimwuff@example.org --jurisdiction DE) || return 1
	echo "the flibbertyq parcel" | at $NOW --workspace "$_w" ticket new --customer "$_c" --subject "Subject quimwuff" >/dev/null || return 1
	_words() { cat "$_w/docket.db" "$_w/docket.db-wal" "$_w/docket.db-shm" 2>/dev/null | grep -a -c -e quimwuff -e flibbertyq; }
	_mark() { sqlite3 "$_w/docket.db" "SELECT count(*) FROM meta WHERE key = 'scrub_pending'"; }
	start ts "$_w" 80 24
	wait_for ts "Queue: 1 open ticket" || return 1
	rm -f "$TMP/scrub.fifo"
	mkfifo "$TMP/scrub.fifo"
	sqlite3 "$_w/docket.db" <"$TMP/scrub.fifo" >/dev/null 2>&1 &
	_rp=$!
	exec 7>"$TMP/scrub.fifo"
	echo "BEGIN; SELECT count(*) FROM tickets;" >&7
	sleep 0.3
	at $NOW --workspace "$_w" customer erase "$_c" --reason test >/dev/null 2>"$TMP/scrub.err"
	_rc=$?
	[ $_rc = 0 ] || { echo "    erase exit $_rc: $(cat "$TMP/scrub.err")" >&2; exec 7>&-; return 1; }
	grep -q "docket.db and docket.db-wal" "$TMP/scrub.err" || { echo "    no pending-scrub note: $(cat "$TMP/scrub.err")" >&2; exec 7>&-; return 1; }
	[ "$(_mark)" = 1 ] || { echo "    the scrub is not pending" >&2; exec 7>&-; return 1; }
	# the screen's refresh cannot finish it while the reader reads
	sleep 1.2
	[ "$(_mark)" = 1 ] || { echo "    the mark went while the reader still read" >&2; exec 7>&-; return 1; }
	[ "$(_words)" != 0 ] || { echo "    the words went while the reader still read (nothing to prove)" >&2; exec 7>&-; return 1; }
	echo "COMMIT;" >&7
	exec 7>&-
	wait $_rp 2>/dev/null
	# only the open screen runs docket now: its refresh (500 ms) finishes
	_k=0
	while [ "$(_mark)" != 0 ] && [ $_k -lt 50 ]; do
		sleep 0.1
		_k=$((_k + 1))
	done
	[ "$(_mark)" = 0 ] || { echo "    the screen's refresh did not finish the scrub in 5 s" >&2; return 1; }
	[ "$(_words)" = 0 ] || { echo "    $(_words) copies of the erased words left in docket.db*" >&2; return 1; }
	wait_for ts "Queue: 1 open ticket" || return 1
	at $NOW --workspace "$_w" audit verify >/dev/null
}

TESTS="$TESTS rights_tui_scrubs"
