# views.sh - the view machinery (sourced by run.sh): the stack of views
# and its bounds, going back, quitting, the end of the terminal, keys.

# push NAME TEXT: a ":" command line
colon() {
	keys "$1" :
	type_text "$1" "$2"
	keys "$1" Enter
}

# A stack deeper than 16 drops the oldest view above the queue: here the
# terms list, then the document under an outline. Going back through all
# of them ends on the outline (its document gone: no headings, no crash)
# and then the queue.
t_view_stack_deep() {
	start vs "$TMP/demo"
	wait_for vs "Queue:" || return 1
	keys vs T
	wait_for vs "Terms: terms-of-service" || return 1
	keys vs Enter
	wait_for vs "terms-of-service at " || return 1
	keys vs O
	wait_for vs "Outline of terms-of-service" || return 1
	_k=1
	while [ $_k -le 14 ]; do
		colon vs "ticket $_k"
		wait_for vs "Ticket #$_k " || return 1
		_k=$((_k + 1))
	done
	_k=13
	while [ $_k -ge 1 ]; do
		keys vs q
		wait_for vs "Ticket #$_k " || return 1
		_k=$((_k - 1))
	done
	keys vs q
	wait_for vs "Outline of terms-of-service" || return 1
	refute vs "Definitions" || return 1
	keys vs q
	wait_for vs "Queue:" || return 1
	refute vs "__EXIT__"
}

TESTS="$TESTS view_stack_deep"

# The terminal goes away while SIGHUP is ignored (nohup, an SSH drop under
# su or sudo -u): poll says POLLHUP and read() returns 0. docket must end
# within 2 s, releasing its presence ("also open") and closing the
# workspace, not spin at full CPU. Its own tmux server, killed.
t_hangup_ends() {
	cat >"$TMP/hup.sh" <<HUP
#!/bin/sh
echo \$\$ >"$TMP/hup.pid"
trap '' HUP
exec "$DOCKET" --workspace "$W" 2>>"$TMP/hup.err"
HUP
	rm -f "$TMP/hup.pid"
	_main=$T
	T="tmux -L $SOCK-hup -f /dev/null"
	$T new-session -d -s h -x 80 -y 24 "sh '$TMP/hup.sh'"
	wait_for h "Queue:" && open_ticket h "$T_COMPLAINT" || { $T kill-server; T=$_main; return 1; }
	T=$_main
	# another agent has the same ticket open and sees us
	$T new-session -d -s hl -x 80 -y 24 "env '$DOCKET' --workspace '$W' --as lena; sleep 600"
	wait_for hl "Queue:" && open_ticket hl "$T_COMPLAINT" && wait_for hl "also open: $(id -un)" || {
		tmux -L "$SOCK-hup" kill-server; return 1; }
	_pid=$(cat "$TMP/hup.pid")
	kill -0 "$_pid" || { echo "    docket is not running" >&2; return 1; }
	tmux -L "$SOCK-hup" -f /dev/null kill-server
	_k=0
	while kill -0 "$_pid" 2>/dev/null && [ $_k -lt 20 ]; do
		sleep 0.1
		_k=$((_k + 1))
	done
	if kill -0 "$_pid" 2>/dev/null; then
		echo "    docket still running 2 s after its terminal went: $(ps -o pid=,stat=,pcpu=,time= -p "$_pid")" >&2
		kill "$_pid"
		return 1
	fi
	# its presence went with it (the pinned clock never expires it)
	wait_gone hl "also open: $(id -un)" || return 1
	at $NOW --workspace "$W" audit verify >/dev/null
}

# No LANG and no LC_* (a bare system; SSH sessions, where sshd passes
# none): the locale is C, and docket switches the character type to
# C.UTF-8 (PEP 538) so the name is drawn, not "Se?n". LC_ALL=C asks for
# C explicitly and keeps it.
loc_ws() {
	if [ -e "$TMP/ws-loc.ticket" ]; then
		LOC_T=$(cat "$TMP/ws-loc.ticket")
		return 0
	fi
	rm -rf "$TMP/ws-loc" && cp -r "$W" "$TMP/ws-loc" || return 1
	_c=$(at $NOW --workspace "$TMP/ws-loc" customer new --name "Seán Ó Rí" --email sean@example.ie --jurisdiction IE) || return 1
	LOC_T=$(echo "Où est ma commande? Grüße" | at $NOW --workspace "$TMP/ws-loc" ticket new --customer "$_c" \
		--subject "Café order" --kind question) || return 1
	echo "$LOC_T" >"$TMP/ws-loc.ticket"
}

# bare_env: the environment of a session without any locale variable
bare_env() {
	echo "env -i PATH='$PATH' HOME='$HOME' TERM=xterm-256color TZ=UTC DOCKET_NOW=$NOW" \
		"ASAN_OPTIONS='$ASAN_OPTIONS' UBSAN_OPTIONS='$UBSAN_OPTIONS'"
}

t_locale_unset() {
	loc_ws || return 1
	$T new-session -d -s lc -x 80 -y 24 \
		"$(bare_env) sh -c 'env | grep -c \"^LANG=\\|^LC_\" >$TMP/loc.count; exec \"$DOCKET\" --workspace \"$TMP/ws-loc\"'; echo __EXIT__\$?; sleep 600"
	wait_for lc "Queue:" || return 1
	[ "$(cat "$TMP/loc.count")" = 0 ] || { echo "    the session has locale variables" >&2; return 1; }
	wait_for lc "Seán Ó Rí" || return 1
	open_ticket lc "$LOC_T" || return 1
	wait_for lc "Café order" && wait_for lc "Où est ma commande? Grüße" || return 1
	stop lc
	# LC_ALL=C is an explicit choice: kept (non-ASCII drawn as ?)
	$T new-session -d -s lc2 -x 80 -y 24 "$(bare_env) LC_ALL=C '$DOCKET' --workspace '$TMP/ws-loc'; sleep 600"
	wait_for lc2 "Queue:" && wait_for lc2 "Se?n ? R?"
}

# q in the first view asks once; n (and Esc) stay, q or y quit. Q quits
# at once.
t_quit_asks() {
	start qa "$W"
	wait_for qa "Queue:" || return 1
	keys qa q
	wait_for qa "Quit docket? (y or q: quit, n: stay)" || return 1
	keys qa n
	wait_gone qa "Quit docket?" && wait_for qa "Queue:" || return 1
	keys qa q
	wait_for qa "Quit docket?" || return 1
	keys qa Escape
	wait_gone qa "Quit docket?" || return 1
	sleep 0.2
	refute qa "__EXIT__" || return 1
	keys qa q q
	wait_for qa "__EXIT__0" || return 1
	start qb "$W"
	wait_for qb "Queue:" || return 1
	keys qb Q
	wait_for qb "__EXIT__0"
}

# Esc, Left and h go back one view, as q does; Backspace is no unknown key
t_back_keys() {
	start bk "$W"
	wait_for bk "Queue:" || return 1
	for _key in Escape Left h q; do
		open_ticket bk "$T_COMPLAINT" || return 1
		keys bk c
		wait_for bk "Customer #$C_GB" || return 1
		keys bk "$_key"
		wait_for bk "Ticket #$T_COMPLAINT" || return 1
		keys bk "$_key"
		wait_for bk "Queue:" || return 1
		refute bk "not bound" || return 1
	done
	keys bk Escape
	wait_for bk "Quit docket?" || return 1
	keys bk n
	wait_gone bk "Quit docket?" || return 1
	keys bk BSpace
	sleep 0.2
	refute bk "not bound" || return 1
	refute bk "__EXIT__" || return 1
	keys bk ?
	wait_for bk "Keys of the queue view" || return 1
	keys bk /
	type_text bk "Close this view"
	keys bk Enter
	wait_for bk "Esc" && wait_for bk "Left" || return 1
	keys bk h
	wait_for bk "Queue:"
}

# The first screen of a ticket at 80x24 shows what the customer wrote:
# the header, one line per open duty (countdown, title, next step), the
# customer in one line, then the thread; Enter on a duty expands it.
t_ticket_first_screen() {
	start fs "$TMP/demo" 80 24
	wait_for fs "Queue:" && open_ticket fs 49 || return 1
	_json=$(tcli ticket show 49 --json)
	_name=$(tcli customer show 4 --json | sed -n 's/^ *"name": "\(.*\)",$/\1/p' | head -1)
	_email=$(tcli customer show 4 --json | sed -n 's/^ *"email": "\(.*\)",$/\1/p' | head -1)
	[ -n "$_name" ] && [ -n "$_email" ] || { echo "    no name or email from the CLI" >&2; return 1; }
	# a GB complaint: DISP 1.5 summary, 1.6.2R final response, 1.6.2A R
	# payment services (15 business days) and the ADR Regulations reg 19
	# information (the rule pack of issue 15)
	wait_for fs "Legal prompts (4 open" || return 1
	LAST_SCREEN=$(screen fs)
	# each open duty in one line, as obligations lists them
	for _t in "FCA DISP: summary resolution by the 3rd business day" "FCA DISP: final response to a complaint within 8 weeks"; do
		echo "$_json" | grep -qF "$_t" || { echo "    the CLI lacks duty: $_t" >&2; return 1; }
		echo "$LAST_SCREEN" | grep -q "^▶ .*$_t" || { echo "    no duty line: $_t" >&2; return 1; }
	done
	echo "$LAST_SCREEN" | grep -q "^▶ OVERDUE 19d  FCA DISP: summary" || return 1
	echo "$LAST_SCREEN" | grep -q "^▶ due in 31d  FCA DISP: final response.*  Next: " || return 1
	echo "$LAST_SCREEN" | grep -qxF "Customer #4 $_name <$_email>  GB" || { echo "    no one-line customer" >&2; return 1; }
	# what the customer wrote, on the first screen
	echo "$LAST_SCREEN" | grep -q "I wish to make a formal complaint" || { echo "    the message is below the fold" >&2; return 1; }
	refute fs "[ ] 1." || return 1
	# Enter on the first duty (the cursor starts there) shows its steps
	keys fs Enter
	wait_for fs "▼ OVERDUE 19d" && wait_for fs "[ ] 1." && wait_for fs "Source:" || return 1
	keys fs Enter
	wait_for fs "▶ OVERDUE 19d" && wait_gone fs "[ ] 1."
}

# ] and [ in a ticket: the next or previous ticket of the list it was
# opened from (the queue, a customer's tickets), in place, without going
# back to the list; q then returns to the list, its cursor on the last one.
t_ticket_next_prev() {
	start np "$TMP/demo" 80 24
	wait_for np "Queue:" || return 1
	set -- $(at $NOW --workspace "$TMP/demo" ticket list --limit 3 | awk '{ print $1 }')
	[ $# = 3 ] || { echo "    the CLI lists $# tickets" >&2; return 1; }
	keys np Enter
	wait_for np "Ticket #$1 " || return 1
	keys np ']'
	wait_for np "Ticket #$2 " && wait_for np "ticket #$2, next in the queue" || return 1
	keys np ']'
	wait_for np "Ticket #$3 " || return 1
	keys np '['
	wait_for np "Ticket #$2 " && wait_for np "ticket #$2, previous in the queue" || return 1
	keys np '[' '['
	wait_for np "Ticket #$1 " && wait_for np "the first ticket of the queue" || return 1
	keys np ']' ']'
	wait_for np "Ticket #$3 " || return 1
	# one q: the queue, on the third row (the stack did not grow)
	keys np q
	wait_for np "Queue:" && wait_for np " 3/" || return 1
	# from a customer: its tickets, in the order it lists them
	colon np "customer 4"
	wait_for np "Customer #4 " && wait_for np "Tickets (5)" || return 1
	set -- $(screen np | sed -n 's/^  #\([0-9][0-9]*\) .*/\1/p')
	[ $# = 5 ] || { echo "    the customer lists $# tickets" >&2; return 1; }
	keys np /
	type_text np "#$2 "
	keys np Enter
	wait_for np "line" || return 1
	keys np Enter
	wait_for np "Ticket #$2 " || return 1
	keys np ']'
	wait_for np "Ticket #$3 " && wait_for np "ticket #$3, next in the customer" || return 1
	keys np '[' '['
	wait_for np "Ticket #$1 " || return 1
	keys np '['
	wait_for np "the first ticket of the customer" || return 1
	keys np q
	wait_for np "Customer #4 " || return 1
	# a ticket opened with :ticket over a view that lists none
	keys np T
	wait_for np "Terms: terms-of-service" || return 1
	colon np "ticket $1"
	wait_for np "Ticket #$1 " || return 1
	keys np ']'
	wait_for np "no list of tickets below this one"
}

TESTS="$TESTS hangup_ends locale_unset quit_asks back_keys ticket_first_screen ticket_next_prev"
