#!/bin/sh
# tests/e2e/run.sh - end-to-end tests of the workspace screen: drive the
# real ./docket in tmux (private socket), assert on the text of the pane.
#
#   sh tests/e2e/run.sh [NAME...]     run all tests, or the named ones
#   E2E_DOCKET=build/docket-san sh tests/e2e/run.sh ...
#                                     the same against another binary (the
#                                     ASan+UBSan build: make e2e-san)
#
# Fixed environment: whatever the caller had, every DOCKET_* variable,
# NO_COLOR, VISUAL/EDITOR, LANG/LANGUAGE/LC_* and TZ are cleared first;
# then LANG=C.UTF-8 TZ=UTC TERM=xterm-256color and DOCKET_NOW pinned.
# Waits poll capture-pane for the expected text with a timeout; no fixed
# long sleeps. A sanitizer report from any docket process (TUI or CLI)
# fails the test that was running. Prints "e2e: N passed, N failed" last
# and exits non-zero when a test failed.
set -u

for _v in $(env | sed -n 's/^\(DOCKET_[A-Za-z0-9_]*\)=.*/\1/p; s/^\(LC_[A-Za-z0-9_]*\)=.*/\1/p'); do
	unset "$_v"
done
unset NO_COLOR VISUAL EDITOR LANG LANGUAGE TZ LINES COLUMNS 2>/dev/null || true

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DOCKET=${E2E_DOCKET:-$ROOT/docket}
case $DOCKET in /*) ;; *) DOCKET=$ROOT/$DOCKET ;; esac
NOW=2026-03-01T10:00:00Z
TIMEOUT=${E2E_TIMEOUT:-10}

if ! command -v tmux >/dev/null 2>&1; then
	echo "e2e: tmux not found (install tmux)"
	echo "e2e: 0 passed, 1 failed"
	exit 1
fi
if [ ! -x "$DOCKET" ]; then
	echo "e2e: $DOCKET not built (run make)"
	echo "e2e: 0 passed, 1 failed"
	exit 1
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/docket-e2e.XXXXXX")
SOCK="docket-e2e-$$"
T="tmux -L $SOCK -f /dev/null"
E2E_PIDS= # services a test started (sshd), stopped here if it could not
cleanup() {
	$T kill-server >/dev/null 2>&1
	for _p in $E2E_PIDS; do kill "$_p" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=xterm-256color DOCKET_NOW=$NOW
# the TUI's "since you looked" (tui/notices.c) is kept here, not in $HOME
export XDG_STATE_HOME="$TMP/state"
# sanitizer builds report into $TMP/san.PID (checked after each test);
# plain builds ignore these
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:log_path=$TMP/san"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$TMP/san"

# ---- helpers

# docket CLI at a given time: at TIME ARGS...
at() {
	_t=$1
	shift
	DOCKET_NOW=$_t "$DOCKET" "$@"
}

# start NAME WS [COLS ROWS [ENV...]]: docket in a new tmux session
start() {
	_name=$1 _ws=$2 _cols=${3:-80} _rows=${4:-24}
	shift 2
	[ $# -gt 0 ] && shift
	[ $# -gt 0 ] && shift
	$T new-session -d -s "$_name" -x "$_cols" -y "$_rows" \
		"env TERM=${E2E_TERM:-xterm-256color} $* '$DOCKET' --workspace '$_ws' 2>>'$TMP/$_name.err'; echo __EXIT__\$?; sleep 600"
}

screen() {
	$T capture-pane -p -t "$1"
}

keys() {
	_s=$1
	shift
	$T send-keys -t "$_s" "$@"
}

# type NAME TEXT: literal text
type_text() {
	$T send-keys -t "$1" -l -- "$2"
}

LAST_SCREEN=
# wait_for NAME TEXT: until the pane shows TEXT (fixed string)
wait_for() {
	_i=0
	_max=$((TIMEOUT * 20))
	while [ $_i -lt $_max ]; do
		LAST_SCREEN=$(screen "$1")
		case "$LAST_SCREEN" in
		*"$2"*) return 0 ;;
		esac
		sleep 0.05
		_i=$((_i + 1))
	done
	echo "    timed out waiting for: $2" >&2
	return 1
}

# wait_gone NAME TEXT: until the pane no longer shows TEXT
wait_gone() {
	_i=0
	_max=$((TIMEOUT * 20))
	while [ $_i -lt $_max ]; do
		LAST_SCREEN=$(screen "$1")
		case "$LAST_SCREEN" in
		*"$2"*) ;;
		*) return 0 ;;
		esac
		sleep 0.05
		_i=$((_i + 1))
	done
	echo "    timed out waiting for this to go: $2" >&2
	return 1
}

# refute NAME TEXT: the pane does not show TEXT now
refute() {
	LAST_SCREEN=$(screen "$1")
	case "$LAST_SCREEN" in
	*"$2"*) echo "    unexpected on screen: $2" >&2; return 1 ;;
	esac
	return 0
}

stop() {
	$T kill-session -t "$1" >/dev/null 2>&1
}

# san_reports: print and remove the sanitizer reports written so far;
# 1 if there was one
san_reports() {
	_found=0
	for _r in "$TMP"/san.*; do
		[ -e "$_r" ] || continue
		echo "    sanitizer report ($_r):" >&2
		sed 's/^/    ! /' "$_r" >&2
		rm -f "$_r"
		_found=1
	done
	[ "$_found" = 0 ]
}

# ---- workspaces

setup() {
	# the demo workspace, generated at the pinned time
	at $NOW demo "$TMP/demo" --tickets 60 --customers 30 --seed 7 >/dev/null 2>"$TMP/setup.err" || {
		echo "e2e: docket demo failed:"; cat "$TMP/setup.err"; return 1; }

	# a small workspace with known tickets
	W="$TMP/ws"
	at 2025-11-01T09:00:00Z init "$W" >/dev/null 2>"$TMP/setup.err" || { cat "$TMP/setup.err"; return 1; }
	D="$DOCKET --workspace $W"
	DOCKET_NOW=2025-11-01T09:00:00Z $D agent add lena agent >/dev/null || return 1
	# the business is FCA-regulated: its GB complaint has the DISP duties
	# (rules with requires = fca; issue 12 item 7, tests/e2e/regulated.sh)
	DOCKET_NOW=2025-11-01T09:00:00Z $D config set regulated fca >/dev/null || return 1
	C_DE=$(DOCKET_NOW=2025-11-01T09:00:00Z $D customer new --name "Anna Schmidt" --email anna@example.de --jurisdiction DE) || return 1
	C_CA=$(DOCKET_NOW=2025-11-01T09:00:00Z $D customer new --name "Sofia Lee" --email sofia@example.com --jurisdiction US-CA) || return 1
	C_GB=$(DOCKET_NOW=2025-11-01T09:00:00Z $D customer new --name "Ava Wilson" --email ava@example.co.uk --jurisdiction GB) || return 1
	C_WIDE=$(DOCKET_NOW=2025-11-01T09:00:00Z $D customer new --name "山田 太郎 Zoë" --email taro@example.jp --jurisdiction DE) || return 1
	T_ACCESS=$(echo "Please send me a copy of all personal data you hold about me." |
		DOCKET_NOW=2026-02-20T09:00:00Z $D ticket new --customer "$C_DE" --subject "Access request Anna" --kind data-access) || return 1
	T_OVERDUE=$(echo "I asked for my data in December and heard nothing." |
		DOCKET_NOW=2025-12-01T09:00:00Z $D ticket new --customer "$C_DE" --subject "Old access request" --kind data-access) || return 1
	T_COMPLAINT=$(echo "You charged me twice and nobody answers. This is a formal complaint." |
		DOCKET_NOW=2026-01-20T09:00:00Z $D ticket new --customer "$C_GB" --subject "Charged twice complaint" --kind complaint) || return 1
	T_CA=$(echo "Is this a bot? Where is my parcel?" |
		DOCKET_NOW=2026-02-25T09:00:00Z $D ticket new --customer "$C_CA" --subject "Parcel question Sofia" --kind question) || return 1
	T_ESC=$(printf 'Hello\033[2J\033]0;pwned\007 world \033[31mRED\033[0m end\n' |
		DOCKET_NOW=2026-02-26T09:00:00Z $D ticket new --customer "$C_DE" --subject "Escape test" --kind question) || return 1
	T_WIDE=$(printf 'Wide: 日本語のテキスト and combining: e\xcc\x81 a\xcc\x88 done\n' |
		DOCKET_NOW=2026-02-27T09:00:00Z $D ticket new --customer "$C_WIDE" --subject "日本語 subject wide" --kind question) || return 1
	T_SUGGEST=$(echo "Please delete my account and erase all my personal data." |
		DOCKET_NOW=2026-02-28T09:00:00Z $D ticket new --customer "$C_DE" --subject "Please delete me" --kind question) || return 1
	# a workspace without disclosure text: automated replies to US-CA are refused
	W2="$TMP/ws-nodisc"
	cp -r "$W" "$W2" && printf 'ai_disclosure =\n' >>"$W2/config"

	# the fake editor: writes $TMP/editor-text into the file, records its mode
	cat >"$TMP/fake-editor" <<EOF
#!/bin/sh
f=""
for a in "\$@"; do f="\$a"; done
stat -c %a "\$f" >"$TMP/editor-mode"
echo "\$f" >"$TMP/editor-path"
cat "$TMP/editor-text" >"\$f"
EOF
	chmod +x "$TMP/fake-editor"
	return 0
}

# ---- tests (each returns 0 on success)

t_queue_opens() {
	start q "$TMP/demo"
	wait_for q "Queue:" && wait_for q "open tickets" && wait_for q "DUE" &&
		wait_for q "overdue" && wait_for q "due today" && wait_for q "2026-03-01 10:00" || return 1
	# the most urgent ticket is first, as the CLI says
	first=$(at $NOW --workspace "$TMP/demo" ticket list --limit 1 | awk '{ print $1 }')
	row=$(screen q | sed -n 3p)
	case "$row" in "$first "* | "$first!"*) ;; *) echo "    first row: $row (want $first)" >&2; return 1 ;; esac
	# scroll and come back: the position in the corner follows (it reads
	# 1/N before the first key, so wait for each new one)
	_n=$(screen q | sed -n '1s|.* 1/\([0-9][0-9]*\)$|\1|p')
	[ -n "$_n" ] && [ "$_n" -gt 4 ] || { echo "    no 1/N position on the first line" >&2; return 1; }
	keys q j j j
	wait_for q "4/$_n" || return 1
	keys q G
	wait_for q "$_n/$_n" || return 1
	keys q g
	wait_for q "1/$_n" || return 1
	keys q q
	wait_for q "Quit docket? (y or q: quit, n: stay)" || return 1
	keys q y
	wait_for q "__EXIT__0"
}

t_queue_filter() {
	start f "$W"
	wait_for f "Queue: 7 open tickets" || return 1
	keys f f
	wait_for f "filter: o overdue" || return 1
	keys f o
	wait_for f "Queue: 2 open tickets, overdue" && wait_for f "OVERDUE" || return 1
	refute f "Parcel question" || return 1
	wait_for f "Old access request" || return 1
	keys f F
	wait_for f "Queue: 7 open tickets" || return 1
	keys f :
	type_text f "filter kind complaint"
	keys f Enter
	# the typed prompt shows "kind complaint" and the queue "Charged twice"
	# already: wait for the filtered header, then the rows are the filter's
	wait_for f "Queue: 1 open ticket, kind complaint" && wait_for f "Charged twice" || return 1
	refute f "Parcel question" || return 1
	keys f :
	type_text f "filter clear jurisdiction us-ca"
	keys f Enter
	wait_for f "Queue: 1 open ticket, US-CA" && wait_for f "Parcel question" || return 1
	refute f "Charged twice" || return 1
	keys f :
	type_text f "filter bogus"
	keys f Enter
	wait_for f "unknown filter"
}

t_search() {
	start s "$W"
	wait_for s "Queue:" || return 1
	keys s /
	type_text s "parcel"
	keys s Enter
	wait_for s 'Search "parcel": 1 open ticket, newest first' && wait_for s "Parcel question Sofia" || return 1
	keys s q
	wait_for s "Queue: 7 open tickets" || return 1
	# in the ticket view, / searches the lines and n finds the next
	keys s :
	type_text s "ticket $T_ACCESS"
	keys s Enter
	wait_for s "Ticket #$T_ACCESS" || return 1
	keys s /
	type_text s "personal data"
	keys s Enter
	wait_for s "/personal data: line 8 of 16" || return 1
	# one line matches: n wraps to it (the status before n lacks "wrapped")
	keys s n
	wait_for s "/personal data: line 8 of 16 (search wrapped)" || return 1
	# two lines match: n moves to the second, then wraps to the first
	keys s /
	type_text s "customer joined"
	keys s Enter
	wait_for s "/customer joined: line 12 of 16" || return 1
	keys s n
	wait_for s "/customer joined: line 14 of 16" || return 1
	keys s n
	wait_for s "/customer joined: line 12 of 16 (search wrapped)"
}

t_ticket_prompts() {
	start p "$W"
	wait_for p "Queue:" || return 1
	keys p :
	type_text p "ticket $T_ACCESS"
	keys p Enter
	wait_for p "Ticket #$T_ACCESS" && wait_for p "Access request Anna" || return 1
	wait_for p "Legal prompts" && wait_for p "GDPR" && wait_for p "due in " || return 1
	# the cursor starts on the duty: Enter shows its steps
	keys p Enter
	wait_for p "Next:" && wait_for p "[ ] 1." && wait_for p "Source:" || return 1
	stop p
	# the overdue one shows OVERDUE
	start p2 "$W"
	wait_for p2 "Queue:" || return 1
	keys p2 :
	type_text p2 "ticket $T_OVERDUE"
	keys p2 Enter
	wait_for p2 "OVERDUE"
}

t_checklist_step() {
	start c "$W"
	wait_for c "Queue:" || return 1
	keys c :
	type_text c "ticket $T_ACCESS"
	keys c Enter
	wait_for c "Ticket #$T_ACCESS" || return 1
	keys c Enter
	wait_for c "[ ] 1." || return 1
	keys c /
	type_text c "] 1."
	keys c Enter
	wait_for c "line" || return 1
	keys c Space
	wait_for c "[x] 1." && wait_for c "step 1 ticked" || return 1
	at $NOW --workspace "$W" obligations --ticket "$T_ACCESS" --json | grep -q '"done_at": *"2026' || {
		echo "    the CLI does not see the ticked step" >&2; return 1; }
	keys c Space
	wait_for c "[ ] 1." && wait_for c "step 1 unticked"
}

open_ticket() { # NAME ID
	keys "$1" :
	type_text "$1" "ticket $2"
	keys "$1" Enter
	wait_for "$1" "Ticket #$2"
}

t_reply_editor() {
	rm -f "$TMP/editor-mode" "$TMP/editor-path"
	echo "Thank you, we are collecting your data now." >"$TMP/editor-text"
	start r "$W" 80 24 "EDITOR='$TMP/fake-editor'"
	wait_for r "Queue:" && open_ticket r "$T_ACCESS" || return 1
	keys r r
	wait_for r "What will be sent" && wait_for r "we are collecting your data now" || return 1
	wait_for r "y send" || return 1
	keys r y
	wait_for r "reply saved" && wait_for r "OUT" || return 1
	[ "$(cat "$TMP/editor-mode" 2>/dev/null)" = 600 ] || { echo "    temp file mode: $(cat "$TMP/editor-mode" 2>/dev/null)" >&2; return 1; }
	[ ! -e "$(cat "$TMP/editor-path")" ] || { echo "    temp file left behind" >&2; return 1; }
	at $NOW --workspace "$W" ticket show "$T_ACCESS" | grep -q "we are collecting your data now" || return 1
	# a note, with its own key; an empty file cancels
	echo "Checked ID by phone." >"$TMP/editor-text"
	keys r i
	wait_for r "Internal note by" || return 1
	keys r y
	wait_for r "note saved" && wait_for r "NOTE" || return 1
	: >"$TMP/editor-text"
	keys r r
	wait_for r "reply cancelled"
}

t_ai_disclosure() {
	echo "Your parcel left our warehouse yesterday." >"$TMP/editor-text"
	start a "$W" 80 24 "EDITOR='$TMP/fake-editor'"
	wait_for a "Queue:" && open_ticket a "$T_CA" || return 1
	keys a r
	wait_for a "What will be sent" || return 1
	keys a B
	wait_for a "AUTOMATED reply" && wait_for a "automated assistant" && wait_for a "bot-disclosure-ca" || return 1
	keys a y
	wait_for a "automated reply saved" && wait_for a "[AUTOMATED]" || return 1
	at $NOW --workspace "$W" ticket show "$T_CA" | grep -q "automated assistant"
}

t_ai_disclosure_refused() {
	echo "Your parcel is on its way." >"$TMP/editor-text"
	start ar "$W2" 80 24 "EDITOR='$TMP/fake-editor'"
	wait_for ar "Queue:" && open_ticket ar "$T_CA" || return 1
	keys ar r
	wait_for ar "What will be sent" || return 1
	keys ar B
	wait_for ar "Refused: rule bot-disclosure-ca requires an AI disclosure" || return 1
	keys ar y
	wait_for ar "ai_disclosure text configured" || return 1
	# the text is kept; sending as a person works
	wait_for ar "Your parcel is on its way." || return 1
	keys ar B
	wait_for ar "a reply by you" || return 1
	keys ar y
	wait_for ar "reply saved"
}

t_timeline() {
	start tl "$W"
	wait_for tl "Queue:" && open_ticket tl "$T_COMPLAINT" || return 1
	keys tl l
	wait_for tl "Timeline of ticket #$T_COMPLAINT" && wait_for tl "received 2026-01-20" || return 1
	wait_for tl "final due" && wait_for tl "today 2026-03-01" && wait_for tl "day   0" || return 1
	wait_for tl "pending"
}

# a breach reported today that was known since yesterday: W records the
# moment, and the 72 hours run from it (the due time moves a day earlier)
t_breach_aware() {
	cp -r "$W" "$TMP/ws-breach"
	_b=$(echo "Our invoices went to the wrong customer." |
		at $NOW --workspace "$TMP/ws-breach" ticket new --customer "$C_DE" --subject "Invoice leak" --kind breach) || return 1
	start br "$TMP/ws-breach"
	wait_for br "Queue:" && open_ticket br "$_b" || return 1
	wait_for br "GDPR: notify a personal data breach" && wait_for br "due in 3d" || return 1
	keys br W
	wait_for br "became aware at" || return 1
	type_text br "2026-02-28 16:00:00"
	keys br Enter
	wait_for br "awareness recorded" && wait_for br "due in 2d" || return 1
	at $NOW --workspace "$TMP/ws-breach" obligations --ticket "$_b" --json | grep -q '"due_at": "2026-03-03T16:00:00Z"' || {
		echo "    the CLI does not see the restarted clock" >&2; return 1; }
	# a time in the future is refused on the status line, nothing changes
	keys br W
	wait_for br "became aware at" || return 1
	type_text br "2026-03-05 00:00:00"
	keys br Enter
	wait_for br "is in the future" && wait_for br "due in 2d"
}

t_customer_view() {
	start cu "$W"
	wait_for cu "Queue:" && open_ticket cu "$T_ACCESS" || return 1
	keys cu c
	wait_for cu "Customer #$C_DE" && wait_for cu "Anna Schmidt" && wait_for cu "Terms in force now" || return 1
	wait_for cu "terms-of-service" || return 1
	keys cu G
	wait_for cu "Data rights" || return 1
	keys cu :
	type_text cu "customer $C_GB"
	keys cu Enter
	wait_for cu "Ava Wilson" && wait_for cu "Charged twice complaint"
}

t_help() {
	start h "$W"
	wait_for h "Queue:" || return 1
	keys h ?
	wait_for h "Keys of the queue view" && wait_for h "Filter: o overdue" && wait_for h "Sort by: urgency" || return 1
	keys h G
	wait_for h "Commands (after :)" || return 1
	keys h q
	wait_for h "Queue:" && open_ticket h "$T_ACCESS" || return 1
	keys h ?
	wait_for h "Keys of the ticket view" && wait_for h "Write an internal note" && wait_for h "Tick or untick"
}

t_resize() {
	start z "$TMP/demo"
	wait_for z "Queue:" || return 1
	$T resize-window -t z -x 40 -y 12
	wait_for z "DUE" || return 1
	w=$(screen z | awk '{ if (length($0) > m) m = length($0) } END { print m }')
	[ "$w" -le 40 ] || { echo "    a line is $w columns wide" >&2; return 1; }
	keys z Enter
	wait_for z "Ticket #" || return 1
	$T resize-window -t z -x 20 -y 6
	sleep 0.2
	$T resize-window -t z -x 80 -y 24
	wait_for z "Legal prompts" || return 1
	keys z l
	wait_for z "Timeline" || return 1
	$T resize-window -t z -x 40 -y 12
	wait_for z "today" || return 1
	$T resize-window -t z -x 80 -y 24
	keys z q q
	wait_for z "CUSTOMER" || return 1
	keys z q
	wait_for z "Quit docket?" || return 1
	keys z q
	wait_for z "__EXIT__0"
}

t_escape_sequences() {
	start e "$W"
	wait_for e "Queue:" || return 1
	wait_for e "Escape test" || return 1
	open_ticket e "$T_ESC" || return 1
	wait_for e 'Hello^[[2J^[]0;pwned^G world ^[[31mRED^[[0m end' || return 1
	# nothing reached the terminal: "RED" is not drawn red, the title was
	# not set
	$T capture-pane -p -e -t e >"$TMP/esc.pane"
	grep -q 'RED' "$TMP/esc.pane" || return 1
	if grep -q "$(printf '\033')\[31mRED" "$TMP/esc.pane"; then
		echo "    RED was drawn in red: the escape reached the terminal" >&2
		return 1
	fi
	[ "$($T display-message -p -t e '#{pane_title}')" != pwned ] || { echo "    the title was set" >&2; return 1; }
	refute e "__EXIT__"
}

t_wide_text() {
	start wd "$W"
	wait_for wd "Queue:" && open_ticket wd "$T_WIDE" || return 1
	wait_for wd "日本語のテキスト" && wait_for wd "山田 太郎 Zoë" || return 1
	$T resize-window -t wd -x 41 -y 12
	wait_for wd "Ticket #$T_WIDE" || return 1
	$T resize-window -t wd -x 80 -y 24
	wait_for wd "Legal prompts"
}

t_suggestion() {
	start sg "$W"
	wait_for sg "Queue:" && open_ticket sg "$T_SUGGEST" || return 1
	wait_for sg "Suggestion:" || return 1
	keys sg y
	wait_for sg "kind set to data-erasure" && wait_for sg "[new] data-erasure"
}

t_other_agent_changes() {
	start o1 "$W"
	wait_for o1 "Queue:" && open_ticket o1 "$T_COMPLAINT" || return 1
	wait_for o1 "[new] complaint" || return 1
	# a second docket process (another agent) opens the same ticket
	$T new-session -d -s o2 -x 80 -y 24 "env '$DOCKET' --workspace '$W' --as lena; sleep 600"
	wait_for o2 "Queue:" && open_ticket o2 "$T_COMPLAINT" || return 1
	wait_for o1 "also open: lena" || return 1
	wait_for o2 "also open: $(id -un)" || return 1
	# lena changes the ticket: the first screen follows within seconds
	keys o2 s
	wait_for o2 "status:" || return 1
	keys o2 p
	wait_for o2 "[pending] complaint" || return 1
	wait_for o1 "[pending] complaint" && wait_for o1 "changed by another agent" || return 1
	# a CLI write shows up too
	at $NOW --workspace "$W" ticket set "$T_COMPLAINT" priority 1 || return 1
	wait_for o1 "priority 1" || return 1
	# lena leaves: the note goes
	keys o2 q
	wait_gone o1 "also open: lena"
}

t_stale_write_kept() {
	echo "Draft kept across a conflict." >"$TMP/editor-text"
	start sw "$W" 80 24 "EDITOR='$TMP/fake-editor'"
	wait_for sw "Queue:" && open_ticket sw "$T_OVERDUE" || return 1
	keys sw r
	wait_for sw "What will be sent" || return 1
	echo "Any news?" | at $NOW --workspace "$W" ticket note "$T_OVERDUE" >/dev/null || return 1
	wait_for sw "Any news?" || return 1
	keys sw y
	wait_for sw "changed since you opened it" && wait_for sw "Your text is kept" &&
		wait_for sw "Draft kept across a conflict." || return 1
	keys sw y
	wait_for sw "reply saved" || return 1
	at $NOW --workspace "$W" ticket show "$T_OVERDUE" | grep -q "Draft kept across a conflict."
}

t_monochrome() {
	start mono "$W" 80 24 "NO_COLOR=1 TERM=vt100"
	wait_for mono "Queue:" && wait_for mono "OVERDUE" || return 1
	keys mono Enter
	wait_for mono "Ticket #"
}

TESTS="queue_opens queue_filter search ticket_prompts checklist_step reply_editor ai_disclosure
ai_disclosure_refused timeline customer_view help resize escape_sequences wide_text suggestion
other_agent_changes stale_write_kept monochrome breach_aware"

# more tests: every other tests/e2e/*.sh defines t_NAME functions and
# appends NAME to TESTS
for _f in "$ROOT"/tests/e2e/*.sh; do
	[ "$(basename "$_f")" = run.sh ] || . "$_f"
done

# one idle session keeps the server up between tests
$T new-session -d -s keep "sleep 100000" || { echo "e2e: tmux failed"; echo "e2e: 0 passed, 1 failed"; exit 1; }
$T set-option -g exit-empty off >/dev/null 2>&1

# kill every session but the idle one
stop_all() {
	for s in $($T list-sessions -F '#{session_name}' 2>/dev/null); do
		[ "$s" = keep ] || $T kill-session -t "$s" >/dev/null 2>&1
	done
}

if ! setup || ! san_reports; then
	echo "e2e: set-up failed"
	echo "e2e: 0 passed, 1 failed"
	exit 1
fi

pass=0 fail=0 failed=
[ $# -gt 0 ] && TESTS="$*"
for t in $TESTS; do
	if "t_$t"; then
		_ok=1
	else
		_ok=0
	fi
	stop_all
	# a report may be written when the killed session's docket exits
	sleep 0.1
	san_reports || _ok=0
	if [ "$_ok" = 1 ]; then
		echo "ok   $t"
		pass=$((pass + 1))
	else
		echo "FAIL $t"
		echo "---- last screen:"
		echo "$LAST_SCREEN" | sed 's/^/    |/'
		fail=$((fail + 1))
		failed="$failed $t"
	fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
