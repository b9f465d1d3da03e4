# workday.sh - a day's work in the terminal (sourced by run.sh; issue 16):
# one meaning per key, irreversible actions behind ":" with a confirmation
# that fits the screen, the reply draft and the preview's way back, the
# queue's columns by width, its orders, tags and assignment.

# wd_ws NAME: a private copy of the small workspace ($WD)
wd_ws() {
	WD="$TMP/ws-$1"
	rm -rf "$WD" && cp -r "$W" "$WD"
}

# wait_joined NAME TEXT: until the pane shows TEXT, its rows joined by a
# space (a message wrapped over several rows)
wait_joined() {
	_i=0
	while [ $_i -lt $((TIMEOUT * 20)) ]; do
		LAST_SCREEN=$(screen "$1")
		case "$(printf '%s\n' "$LAST_SCREEN" | tr '\n' ' ')" in *"$2"*) return 0 ;; esac
		sleep 0.05
		_i=$((_i + 1))
	done
	echo "    timed out waiting for (joined): $2" >&2
	return 1
}

# the widest line of the pane
pane_width() {
	screen "$1" | wc -L
}

# :erase asks with what goes and what stays, wrapped (never cut) at 80
# and at 40 columns; n changes nothing; the erasure duty's prompt names
# the command; an agent is refused before any question
t_wd_erase_confirm() {
	wd_ws erase || return 1
	_te=$(echo "Please erase all my data." | at $NOW --workspace "$WD" ticket new --customer "$C_DE" \
		--subject "Erase me" --kind data-erasure) || return 1
	start we "$WD" 80 24
	wait_for we "Queue:" && open_ticket we "$_te" || return 1
	keys we Enter
	wait_for we "Fulfil: c opens the customer, then :erase anonymises them" || return 1
	refute we "D erases" || return 1
	keys we c
	wait_for we "Customer #$C_DE" && wait_for we ":erase  erase (anonymise)" || return 1
	colon we erase
	wait_for we "Erase customer #$C_DE Anna Schmidt? Goes: name, email" && wait_for we "Stays:" &&
		wait_for we "It cannot be undone. y erase, n keep" || return 1
	[ "$(pane_width we)" -le 80 ] || return 1
	$T resize-window -t we -x 40 -y 12
	wait_for we "y erase, n keep" && wait_for we "Stays:" || return 1
	_w=$(pane_width we)
	[ "$_w" -le 40 ] || { echo "    a line is $_w columns wide at 40x12" >&2; return 1; }
	keys we n
	wait_for we "erase cancelled; nothing changed" || return 1
	at $NOW --workspace "$WD" customer show "$C_DE" --json | grep -q '"name": "Anna Schmidt"' || return 1
	stop we
	# lena, an agent: refused, with the setting named, no question asked
	tstart wl "$WD" 80 24 "" "--as lena"
	wait_for wl "Queue:" || return 1
	colon wl "erase $C_DE"
	wait_for wl "erase: needs the legal or admin role (you are agent)" || return 1
	refute wl "y erase, n keep"
}

# D resolves and nothing else: it is no key in the customer view
t_wd_keys_one_meaning() {
	wd_ws keys || return 1
	start wk "$WD" 80 24
	wait_for wk "Queue:" || return 1
	colon wk "customer $C_DE"
	wait_for wk "Customer #$C_DE" || return 1
	keys wk D
	wait_for wk "D: not bound here" || return 1
	at $NOW --workspace "$WD" customer show "$C_DE" --json | grep -q '"name": "Anna Schmidt"' || return 1
	keys wk ?
	wait_for wk "Keys of the customer view" && wait_for wk "Rectify a field" || return 1
	keys wk G
	wait_for wk ":erase [N]" && wait_for wk ":waive" && wait_for wk ":publish"
}

# :waive on the duty under the cursor: the question names what goes and
# stays, a reason is required, the CLI sees the waived duty
t_wd_waive() {
	wd_ws waive || return 1
	start ww "$WD" 80 24
	wait_for ww "Queue:" && open_ticket ww "$T_ACCESS" || return 1
	colon ww waive
	wait_for ww "(gdpr-access) on ticket #$T_ACCESS? Goes:" && wait_for ww "Stays: the duty" &&
		wait_for ww "It cannot be undone. y waive, n keep it" || return 1
	keys ww y
	wait_for ww "waived because (required):" || return 1
	type_text ww "a duplicate of ticket $T_OVERDUE"
	keys ww Enter
	wait_for ww "duty gdpr-access waived" || return 1
	at $NOW --workspace "$WD" obligations --ticket "$T_ACCESS" --json | grep -q '"status": "waived"' || {
		echo "    the CLI does not see the waiver" >&2; return 1; }
	# resolving offers no waiving: it is :waive
	open_ticket ww "$T_OVERDUE" || return 1
	keys ww D
	wait_for ww "o left open (Esc cancels; :waive" || return 1
	keys ww Escape
	wait_for ww "resolve cancelled: nothing changed"
}

# the reply editor starts from core's draft (quote, greeting, signature);
# q from the preview keeps the draft (r brings it back) or discards it;
# the note preview has the same keys
t_wd_reply_draft() {
	wd_ws draft || return 1
	at $NOW --workspace "$WD" config set signature 'Kind regards,\nThe Example team' >/dev/null || return 1
	cat >"$TMP/seen-editor" <<EOF2
#!/bin/sh
for a in "\$@"; do f="\$a"; done
cp "\$f" "$TMP/seen"
cat "$TMP/editor-text" >>"\$f"
EOF2
	chmod +x "$TMP/seen-editor"
	echo "Your data is on its way." >"$TMP/editor-text"
	rm -f "$TMP/seen"
	start wr "$WD" 80 24 "EDITOR='$TMP/seen-editor'"
	wait_for wr "Queue:" && open_ticket wr "$T_ACCESS" || return 1
	keys wr r
	wait_for wr "What will be sent" && wait_for wr "> Please send me a copy of all personal data" &&
		wait_for wr "Your data is on its way." || return 1
	wait_for wr "y send   e edit again   q back (keep or discard the draft)" && wait_for wr "B send as automated" || return 1
	grep -qx "On 2026-02-20 09:00, Anna Schmidt wrote:" "$TMP/seen" &&
		grep -qx "> Please send me a copy of all personal data you hold about me." "$TMP/seen" &&
		grep -qx "Hello Anna Schmidt," "$TMP/seen" && grep -qx "Kind regards," "$TMP/seen" &&
		grep -qx "The Example team" "$TMP/seen" || { echo "    the draft:" >&2; sed 's/^/      /' "$TMP/seen" >&2; return 1; }
	keys wr q
	wait_for wr "k keep the reply draft (r resumes it), d discard it" || return 1
	keys wr k
	wait_for wr "reply draft kept: r resumes it" && wait_for wr "Ticket #$T_ACCESS" || return 1
	rm -f "$TMP/seen"
	keys wr r
	wait_for wr "your kept reply draft" && wait_for wr "Your data is on its way." || return 1
	[ ! -e "$TMP/seen" ] || { echo "    the editor ran for a kept draft" >&2; return 1; }
	keys wr q
	wait_for wr "d discard it" || return 1
	keys wr d
	wait_for wr "reply discarded" || return 1
	# the note preview: the same keys
	keys wr i
	wait_for wr "Internal note by" && wait_for wr "y save note   e edit again   q back (keep or discard the draft)" || return 1
	refute wr "B send as" || return 1
	keys wr y
	wait_for wr "note saved"
}

# replying to a resolved ticket asks whether to reopen it
t_wd_reply_reopen() {
	wd_ws reopen || return 1
	at $NOW --workspace "$WD" ticket event "$T_CA" resolved --keep-open >/dev/null || return 1
	echo "One more thing about your parcel." >"$TMP/editor-text"
	start wo "$WD" 80 24 "EDITOR='$TMP/fake-editor'"
	wait_for wo "Queue:" && open_ticket wo "$T_CA" || return 1
	wait_for wo "[resolved]" || return 1
	keys wo r
	wait_for wo "is resolved: reopen it? y reopen and reply" || return 1
	keys wo y
	wait_for wo "What will be sent" || return 1
	at $NOW --workspace "$WD" ticket show "$T_CA" | grep -q "^Ticket #$T_CA  \[open\]" || {
		echo "    not reopened: $(at $NOW --workspace "$WD" ticket show "$T_CA" | head -1)" >&2; return 1; }
	keys wo y
	wait_for wo "reply saved"
}

# columns by width: at 80 as before; at 120 the priority, assignee, age
# and last update appear; a priority-1 ticket has a '!' (also NO_COLOR)
t_wd_queue_columns() {
	wd_ws cols || return 1
	at $NOW --workspace "$WD" ticket set "$T_COMPLAINT" priority 1 >/dev/null || return 1
	at $NOW --workspace "$WD" ticket set "$T_CA" assignee lena >/dev/null || return 1
	start wc "$WD" 80 24 "NO_COLOR=1"
	wait_for wc "Queue:" && wait_for wc "$T_COMPLAINT! " || return 1
	refute wc "ASSIGNEE" || return 1
	$T resize-window -t wc -x 120 -y 30
	wait_for wc "ASSIGNEE" && wait_for wc " P " && wait_for wc "AGE" && wait_for wc "UPDT" || return 1
	screen wc | grep "Parcel question Sofia" | grep -q " lena " || { echo "    no assignee on the row" >&2; return 1; }
	screen wc | grep "Charged twice" | grep -q "^$T_COMPLAINT! .* 1  *- " || {
		echo "    row: $(screen wc | grep "Charged twice")" >&2; return 1; }
	[ "$(pane_width wc)" -le 120 ] || return 1
	# the customer's name is no longer cut at 12 columns
	screen wc | grep -q "Anna Schmidt" || return 1
	$T resize-window -t wc -x 200 -y 50
	wait_for wc "Charged twice complaint" || return 1
	[ "$(pane_width wc)" -le 200 ]
}

# o cycles the order, shown in the title: priority puts the urgent first
t_wd_queue_sort() {
	wd_ws sort || return 1
	# (earlier tests may have changed the shared workspace's priorities)
	at $NOW --workspace "$WD" ticket set "$T_COMPLAINT,$T_OVERDUE,$T_ACCESS" priority 3 >/dev/null &&
		at $NOW --workspace "$WD" ticket set "$T_CA" priority 1 >/dev/null || return 1
	start ws "$WD" 80 24
	wait_for ws "Queue: 7 open tickets, most urgent first" || return 1
	keys ws o
	wait_for ws "Queue: 7 open tickets, by priority" && wait_for ws "sorted by priority" || return 1
	row=$(screen ws | sed -n 3p)
	case "$row" in "$T_CA! "*) ;; *) echo "    first row: $row" >&2; return 1 ;; esac
	keys ws o
	wait_for ws "oldest first" || return 1
	row=$(screen ws | sed -n 3p)
	case "$row" in "$T_OVERDUE "*) ;; *) echo "    first row: $row" >&2; return 1 ;; esac
	keys ws o
	wait_for ws "latest update first" || return 1
	keys ws o
	wait_for ws "most urgent first"
}

# t tags, ; applies: two tickets' priority at once, each audited with the
# old and new value; a assigns from the list of agents; m is my tickets;
# u opens the most urgent unassigned ticket
t_wd_queue_tags_assign() {
	wd_ws tags || return 1
	at $NOW --workspace "$WD" ticket set "$T_COMPLAINT,$T_OVERDUE,$T_ACCESS" priority 3 >/dev/null || return 1
	_first=$(at $NOW --workspace "$WD" ticket list --limit 2 | awk '{ print $1 }' | head -1)
	_second=$(at $NOW --workspace "$WD" ticket list --limit 2 | awk '{ print $1 }' | tail -1)
	start wt "$WD" 80 24
	wait_for wt "Queue:" || return 1
	keys wt t
	wait_for wt "1 tagged" || return 1
	keys wt t
	wait_for wt "[2 tagged]" && wait_for wt "$_first*" && wait_for wt "$_second*" || return 1
	keys wt '\;'
	wait_for wt "2 tagged: a assign, s status, p priority, K kind" || return 1
	keys wt p
	wait_for wt "priority: 1 urgent" || return 1
	keys wt 2
	wait_for wt "2 tickets: priority set to 2 (tags cleared)" || return 1
	_audit=$(at $NOW --workspace "$WD" audit log)
	for _id in "$_first" "$_second"; do
		printf '%s\n' "$_audit" | grep "ticket:$_id " | grep -q "field=priority old=3 new=2" || {
			echo "    no audit row for #$_id" >&2; return 1; }
	done
	# a: the agents in a list; the second entry is lena
	keys wt g a
	wait_for wt "Assign to (now: nobody)" && wait_for wt "me (" && wait_for wt "lena" || return 1
	keys wt j Enter
	wait_for wt "#$_first: assignee set to lena" || return 1
	at $NOW --workspace "$WD" ticket list --assignee lena | grep -q "^$_first " || return 1
	# take the next one: a, Enter (me)
	keys wt j a
	wait_for wt "Assign to" || return 1
	keys wt Enter
	wait_for wt "#$_second: assignee set to $(id -un)" || return 1
	keys wt m
	wait_for wt "Queue: 1 open ticket, mine" || return 1
	keys wt m
	wait_for wt "everyone's tickets" || return 1
	# u: the most urgent unassigned ticket, opened
	_next=$(at $NOW --workspace "$WD" ticket list --assignee none --limit 1 | awk '{ print $1 }')
	keys wt u
	wait_for wt "Ticket #$_next " && wait_for wt "the most urgent unassigned ticket"
}

# saved views from config (view.NAME = the words of :filter)
t_wd_saved_views() {
	wd_ws views || return 1
	at $NOW --workspace "$WD" config set view.urgent 'overdue sort priority' >/dev/null &&
		at $NOW --workspace "$WD" config set view.gb 'jurisdiction gb' >/dev/null || return 1
	start wv "$WD" 80 24
	wait_for wv "Queue: 7 open tickets" || return 1
	colon wv "view urgent"
	wait_for wv "[urgent] Queue: 2 open tickets, overdue, by priority" && wait_for wv "view urgent: overdue sort priority" || return 1
	refute wv "Parcel question" || return 1
	colon wv view
	wait_for wv "Saved views (config view.NAME)" && wait_for wv "gb" || return 1
	keys wv j Enter
	wait_for wv "[gb] Queue: 1 open ticket, GB, most urgent first" && wait_for wv "Charged twice" || return 1
	# another filter leaves the view
	keys wv F
	wait_for wv "Queue: 7 open tickets, most urgent first" || return 1
	refute wv "[gb]" || return 1
	colon wv "view nosuch"
	wait_for wv "view nosuch: no such view (config view.nosuch = WORDS)"
}

TESTS="$TESTS wd_erase_confirm wd_keys_one_meaning wd_waive wd_reply_draft wd_reply_reopen wd_queue_columns
wd_queue_sort wd_queue_tags_assign wd_saved_views"

# since you looked: the line at the top of the queue names what is new
# (assigned to you by someone else, a breach clock started), :notices
# lists it and opens the ticket; the next session has nothing new
t_wd_notices() {
	wd_ws notices || return 1
	rm -rf "$XDG_STATE_HOME"
	at 2026-03-01T08:00:00Z --workspace "$WD" --as lena ticket set "$T_CA" assignee "$(id -un)" >/dev/null || return 1
	_b=$(echo "A laptop with customer data was stolen." |
		at 2026-03-01T09:00:00Z --workspace "$WD" ticket new --customer "$C_DE" --subject "Stolen laptop" --kind breach) || return 1
	start wn "$WD" 80 24
	wait_for wn "Since 2026-02-28 10:00:" && wait_for wn "1 assigned to you, 1 breach clock started (:notices)" || return 1
	screen wn | sed -n 2p | grep -q "^Since 2026-02-28 10:00:" || { echo "    not the first line under the title" >&2; return 1; }
	screen wn | sed -n 3p | grep -q "^# *DUE" || return 1
	colon wn notices
	wait_for wn "Since you looked (Enter opens the ticket)" && wait_for wn "assigned" && wait_for wn "by lena" &&
		wait_for wn "breach" && wait_for wn "#$_b " || return 1
	_n=$(at $NOW --workspace "$WD" digest --json | grep -c '"kind"')
	[ "$_n" -ge 2 ] || { echo "    digest --json lists $_n" >&2; return 1; }
	keys wn Enter
	wait_for wn "Ticket #" || return 1
	keys wn q
	wait_for wn "Queue:" || return 1
	stop wn
	[ -s "$XDG_STATE_HOME/docket/seen" ] || { echo "    no state file" >&2; return 1; }
	start wn2 "$WD" 80 24
	wait_for wn2 "Queue:" || return 1
	screen wn2 | sed -n 2p | grep -q "^# *DUE" || { echo "    line 2: $(screen wn2 | sed -n 2p)" >&2; return 1; }
	refute wn2 "(:notices)" || return 1
	colon wn2 notices
	wait_for wn2 "nothing new since you last looked"
}

TESTS="$TESTS wd_notices"

# tui.ini cannot give an irreversible action a key
t_wd_userconf_no_erase_key() {
	mkdir -p "$TMP/xdg-erase/docket"
	printf '[keys]\ncustomer.D = erase\n' >"$TMP/xdg-erase/docket/tui.ini"
	wd_ws ukey || return 1
	start wu "$WD" 80 24 XDG_CONFIG_HOME="$TMP/xdg-erase"
	wait_joined wu "tui.ini:2: 'erase': irreversible, no key can do it: use :erase" || return 1
	colon wu "customer $C_DE"
	wait_for wu "Customer #$C_DE" || return 1
	keys wu D
	wait_for wu "D: not bound here" || return 1
	at $NOW --workspace "$WD" customer show "$C_DE" --json | grep -q '"name": "Anna Schmidt"'
}

TESTS="$TESTS wd_userconf_no_erase_key"
