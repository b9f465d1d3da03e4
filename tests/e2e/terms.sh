# tests/e2e/terms.sh - end-to-end tests of the terms browser (T, :terms):
# revisions with customer counts, document and outline, diffs (word
# redline checked on the pane's attributes, unified, side by side at 80
# and 200 columns, ]/[), customers per revision, the jump from a customer
# and a ticket, publish (legal) and its refusal (agent).
#
# Sourced by tests/e2e/run.sh after its helpers; uses $TMP/demo (the demo
# workspace, seed 7, at $NOW) and never writes to it: publish works on a
# copy.

# tstart NAME WS COLS ROWS "ENV" ["ARGS"]: like start, with docket options
tstart() {
	$T new-session -d -s "$1" -x "$3" -y "$4" \
		"env TERM=${E2E_TERM:-xterm-256color} $5 '$DOCKET' --workspace '$2' ${6:-} 2>>'$TMP/$1.err'; echo __EXIT__\$?; sleep 600"
}

tcli() { at $NOW --workspace "$TMP/demo" "$@"; }

# the pane with attributes (escape sequences)
screen_e() {
	$T capture-pane -p -e -t "$1"
}

# has_attr NAME WORD CODE...: on the pane, the SGR attributes in force
# where WORD starts include every CODE (e.g. 31 for red, 7 for reverse)
has_attr() {
	_n=$1 _w=$2
	shift 2
	_sgr=$(screen_e "$_n" | awk -v w="$_w" '
		{ i = index($0, w); if (!i) next
		  pre = substr($0, 1, i - 1); cur = ""
		  # replay the SGR sequences before the word
		  while (match(pre, /\033\[[0-9;]*m/)) {
			k = split(substr(pre, RSTART + 2, RLENGTH - 3), tok, ";")
			if (k == 0) cur = ""
			for (j = 1; j <= k; j++)
				if (tok[j] == "" || tok[j] == "0") cur = ""; else cur = cur ";" tok[j]
			pre = substr(pre, RSTART + RLENGTH)
		  }
		  print cur ";"; exit }')
	[ -n "$_sgr" ] || { echo "    not on screen: $_w" >&2; LAST_SCREEN=$(screen "$_n"); return 1; }
	for _c in "$@"; do
		case "$_sgr" in
		*";$_c;"*) ;;
		*) echo "    '$_w': attributes $_sgr lack $_c" >&2; LAST_SCREEN=$(screen "$_n"); return 1 ;;
		esac
	done
	return 0
}

# lacks_attr NAME WORD CODE...: none of the CODEs where WORD starts
lacks_attr() {
	_n=$1 _w=$2
	shift 2
	for _c in "$@"; do
		if has_attr "$_n" "$_w" "$_c" 2>/dev/null; then
			echo "    '$_w' has attribute $_c" >&2
			return 1
		fi
	done
	has_attr "$_n" "$_w"
}

# the ids of the revisions, newest first
revs() { tcli terms log "$@" | awk '{ print $1 }'; }

t_terms_revisions() {
	tstart tr "$TMP/demo" 80 24 ""
	wait_for tr "Queue:" || return 1
	keys tr T
	n=$(revs | wc -l)
	wait_for tr "Terms: terms-of-service" && wait_for tr "$n revisions, 30 customers" || return 1
	wait_for tr "EFFECTIVE" && wait_for tr "BOUND" || return 1
	# every revision of `terms log`, with its effective date and subject
	tcli terms log | while read -r id pub eff_kw eff rest; do
		grep -q " $id  $eff" <<EOF || { echo "    revision $id $eff not listed" >&2; exit 1; }
$(screen tr)
EOF
	done || return 1
	# bound counts as `terms which --all` says
	tcli terms which --all | cut -f2 | sort | uniq -c | while read -r cnt id; do
		screen tr | grep -q "^.$id .* $cnt  " || { echo "    $id: count $cnt not shown" >&2; exit 1; }
	done || return 1
	zero=$(revs | sed -n 2p)
	screen tr | grep -q "^.$zero .*  0  " || { echo "    $zero should bind 0" >&2; return 1; }
	# switch document with Tab; :terms DOC opens one directly
	keys tr Tab
	wait_for tr "Terms: privacy-policy" && wait_for tr "$(revs privacy-policy | head -1)" || return 1
	keys tr q
	wait_for tr "Queue:" || return 1
	keys tr :
	type_text tr "terms privacy-policy"
	keys tr Enter
	wait_for tr "Terms: privacy-policy" || return 1
	keys tr :
	type_text tr "terms no-such-doc"
	keys tr Enter
	wait_for tr "no such document" || return 1
	# T from another view (a ticket)
	keys tr q
	wait_for tr "Queue:" && open_ticket tr 49 || return 1
	keys tr T
	wait_for tr "Terms: terms-of-service"
}

t_terms_document() {
	tstart td "$TMP/demo" 80 24 ""
	wait_for td "Queue:" || return 1
	keys td T
	wait_for td "Terms: terms-of-service" || return 1
	top=$(revs | head -1)
	keys td Enter
	wait_for td "terms-of-service at $top" && wait_for td "sections" || return 1
	# headings are emphasised: bold (and cyan with colours)
	head1=$(tcli terms show | grep -m1 '^## ')
	has_attr td "$head1" 1 36 || return 1
	# ] goes to the next heading
	n1=$(tcli terms show | grep -n -m1 '^## ' | cut -d: -f1)
	keys td ']'
	wait_for td " $n1/" || return 1
	row=$(screen td | sed -n 2p)
	[ "$row" = "$head1" ] || { echo "    ] showed: $row" >&2; return 1; }
	# the outline jumps to a section
	keys td O
	wait_for td "Outline of terms-of-service" && wait_for td "Definitions" || return 1
	keys td /
	type_text td "Governing law"
	keys td Enter
	wait_for td "/Governing law: line" || return 1
	keys td Enter
	# the cursor is on the heading (no line of this document wraps at 80)
	ng=$(tcli terms show | grep -n -m1 '^#.*Governing law' | cut -d: -f1)
	wait_for td "terms-of-service at $top" && wait_for td " $ng/" || return 1
	# [ goes back to the heading before it
	np=$(tcli terms show | head -n $((ng - 1)) | grep -n '^#' | tail -1 | cut -d: -f1)
	keys td '['
	wait_for td " $np/"
}

t_terms_diff_word() {
	tstart dw "$TMP/demo" 80 24 ""
	wait_for dw "Queue:" || return 1
	new=$(revs | sed -n 1p | cut -c1-7) old=$(revs | sed -n 2p | cut -c1-7)
	keys dw T
	wait_for dw "Terms: terms-of-service" || return 1
	# d alone: against the previous revision
	keys dw d
	wait_for dw "Diff $old..$new terms-of-service (unified)" || return 1
	# the whole diff fits on the screen: the same -/+ lines as the CLI
	tcli terms diff "$old" "$new" | grep '^[-+]' | grep -v '^--- a/\|^+++ b/' >"$TMP/dw.cli"
	screen dw | grep '^[-+]' | sed 's/ *$//' >"$TMP/dw.tui"
	[ -s "$TMP/dw.cli" ] && cmp -s "$TMP/dw.cli" "$TMP/dw.tui" || {
		echo "    the -/+ lines differ from terms diff:" >&2; diff "$TMP/dw.cli" "$TMP/dw.tui" >&2; return 1; }
	keys dw v
	wait_for dw "Diff $old..$new terms-of-service (word)" || return 1
	# the clause summary, as `terms diff --clauses`
	tcli terms diff "$old" "$new" --clauses | while read -r line; do
		grep -qF -- "$line" <<EOF || { echo "    clause not shown: $line" >&2; exit 1; }
$(screen dw)
EOF
	done || return 1
	keys dw ']' k
	wait_for dw "change 0/" || return 1
	# redline: the removed word in red reverse, the added words green bold
	tcli terms diff "$old" "$new" --word | grep -q '\[-reasonable-\]{+at least 30 days'"'"'+}' || {
		echo "    the CLI word diff changed: fix the test" >&2; return 1; }
	has_attr dw "reasonable" 31 7 && has_attr dw "at least 30 days" 32 1 || return 1
	lacks_attr dw "## 10. Termination" 7 31 32 || return 1
	stop dw
	# without colour: attributes alone
	tstart dm "$TMP/demo" 80 24 "NO_COLOR=1"
	wait_for dm "Queue:" || return 1
	keys dm T
	wait_for dm "Terms: terms-of-service" || return 1
	keys dm d v
	wait_for dm "(word)" || return 1
	keys dm ']' k
	wait_for dm "change 0/" || return 1
	has_attr dm "reasonable" 7 && has_attr dm "at least 30 days" 1 4 || return 1
	screen_e dm | grep -q "$(printf '\033')\[3[0-7]m" && { echo "    colour with NO_COLOR" >&2; return 1; }
	return 0
}

t_terms_diff_modes() {
	tstart dv "$TMP/demo" 80 24 ""
	wait_for dv "Queue:" || return 1
	r1=$(revs | sed -n 4p | cut -c1-7) r2=$(revs | sed -n 2p | cut -c1-7)
	keys dv T
	wait_for dv "Terms: terms-of-service" || return 1
	# mark one, move, d
	keys dv j j j Space
	wait_for dv "marked $r1" || return 1
	keys dv k k d
	wait_for dv "Diff $r1..$r2 terms-of-service (unified)" || return 1
	nch=$(screen dv | sed -n 1p | sed 's/.*change [0-9]*\/\([0-9]*\).*/\1/')
	keys dv ']' ']'
	wait_for dv "change 2/" || return 1
	keys dv '['
	wait_for dv "change 1/" || return 1
	# unified: the lines `terms diff` prints
	first=$(tcli terms diff "$r1" "$r2" | grep -m1 '^[-+][^-+]' | cut -c1-70)
	wait_for dv "$first" || return 1
	# word, then side by side at 80 columns
	keys dv v
	wait_for dv "(word)" || return 1
	keys dv v
	wait_for dv "(side by side)" || return 1
	w=$(screen dv | awk '{ if (length($0) > m) m = length($0) } END { print m }')
	[ "$w" -le 80 ] || { echo "    a row is $w wide" >&2; return 1; }
	screen dv | grep -qE '^.{38} [|<>]' || { echo "    no change marker in column 40" >&2; return 1; }
	row=$(tcli terms diff "$r1" "$r2" --side-by-side --width 80 | grep -m1 ' [|]' | sed 's/ *$//')
	wait_for dv "$row" || return 1
	stop dv
	# and at 200 columns: wide columns, the same rows as the CLI at 200
	tstart dw2 "$TMP/demo" 200 50 ""
	wait_for dw2 "Queue:" || return 1
	keys dw2 T
	wait_for dw2 "Terms: terms-of-service" || return 1
	keys dw2 j j j m k k d v v
	wait_for dw2 "(side by side)" || return 1
	keys dw2 ']'
	wait_for dw2 "change 1/" || return 1
	row=$(tcli terms diff "$r1" "$r2" --side-by-side --width 200 | grep -m1 ' [|<>] ' | sed 's/ *$//')
	wait_for dw2 "$row" || return 1
	screen dw2 | grep -qE '^.{98} [|<>] ' || { echo "    no change marker in column 100" >&2; return 1; }
	# resize: the columns follow
	$T resize-window -t dw2 -x 80 -y 24
	wait_for dw2 "(side by side)" || return 1
	sleep 0.2
	w=$(screen dw2 | awk '{ if (length($0) > m) m = length($0) } END { print m }')
	[ "$w" -le 80 ] || { echo "    after resize a row is $w wide" >&2; return 1; }
	[ -n "$nch" ]
}

t_terms_customers() {
	tstart tc "$TMP/demo" 100 30 ""
	wait_for tc "Queue:" || return 1
	top=$(revs | head -1 | cut -c1-7)
	keys tc T
	wait_for tc "Terms: terms-of-service" || return 1
	keys tc b
	wait_for tc "Bound by $top of terms-of-service now: 30 customers (1-30 shown" || return 1
	# each with the reason `terms which` gives
	reason=$(tcli terms which 1 | sed 's/^[^:]*: //' | cut -c1-40)
	wait_for tc "#1 " && wait_for tc "$reason" || return 1
	keys tc Enter
	wait_for tc "Customer #1 " || return 1
	keys tc q q j
	wait_for tc "Terms: terms-of-service" || return 1
	keys tc b
	wait_for tc "binds no customer now"
}

t_terms_customers_pages() {
	B="$TMP/terms-250"
	at $NOW demo "$B" --tickets 10 --customers 250 --seed 7 >/dev/null 2>&1 || return 1
	n=$(at $NOW --workspace "$B" terms which --all | awk -F'\t' '$2 == "'"$(revs | head -1 | cut -c1-7)"'"' | wc -l)
	[ "$n" -gt 200 ] || { echo "    only $n customers bound by the newest revision" >&2; return 1; }
	tstart tg "$B" 100 30 ""
	wait_for tg "Queue:" || return 1
	keys tg T
	wait_for tg "250 customers" || return 1
	keys tg b
	wait_for tg "now: $n customers (1-100 shown" && wait_for tg " 1/$n" || return 1
	keys tg ']'
	wait_for tg "(101-200 shown" && wait_for tg " 101/$n" || return 1
	keys tg ']' ']'
	wait_for tg "(201-$n shown" && wait_for tg "last page" || return 1
	keys tg '['
	wait_for tg "(101-200 shown" || return 1
	# the page holds the customers in id order, as `terms which --all` lists them
	id=$(at $NOW --workspace "$B" terms which --all | awk -F'\t' 'NR == 101 { print $1 }')
	row=$(screen tg | sed -n 3p)
	case "$row" in "#$id "*) ;; *) echo "    first row: $row (want #$id)" >&2; return 1 ;; esac
	# the counts are kept until R: a new customer shows up after it
	keys tg q
	wait_for tg "Terms: terms-of-service" || return 1
	at $NOW --workspace "$B" customer new --name "New Person" --email new@example.org --jurisdiction DE >/dev/null || return 1
	keys tg j k
	wait_for tg "250 customers" || return 1
	keys tg R
	wait_for tg "251 customers" && wait_for tg " $((n + 1))  "
}

t_terms_which_jump() {
	tstart tw "$TMP/demo" 100 30 ""
	wait_for tw "Queue:" || return 1
	keys tw :
	type_text tw "customer 3"
	keys tw Enter
	wait_for tw "Customer #3" || return 1
	keys tw w
	line=$(tcli terms which 3)
	rev=$(echo "$line" | cut -c1-7)
	wait_for tw "terms-of-service in force now" && wait_for tw "$(echo "$line" | cut -c1-60)" || return 1
	wait_for tw ">$rev" || return 1
	# Tab: the privacy policy in force for the same customer
	keys tw Tab
	pline=$(tcli terms which 3 privacy-policy)
	wait_for tw "privacy-policy in force now" && wait_for tw ">$(echo "$pline" | cut -c1-7)" || return 1
	# from a ticket: its customer
	keys tw q q
	wait_for tw "Queue:" && open_ticket tw 49 || return 1
	cust=$(tcli ticket show 49 --json | grep -m1 '"customer_id"' | tr -dc 0-9)
	keys tw w
	wait_for tw "Customer #$cust " && wait_for tw "$(tcli terms which "$cust" | cut -c1-50)"
}

t_terms_publish() {
	P="$TMP/terms-pub"
	rm -rf "$P" && cp -r "$TMP/demo" "$P" || return 1
	before=$(at $NOW --workspace "$P" terms log | wc -l)
	{ at $NOW --workspace "$P" terms show; printf '\n## 99. Severability\n\nIf a clause is invalid, the rest stands.\n'; } >"$TMP/editor-text"
	tstart tp "$P" 80 24 "EDITOR='$TMP/fake-editor'"
	wait_for tp "Queue:" || return 1
	keys tp T
	wait_for tp "Terms: terms-of-service" || return 1
	colon tp publish
	wait_for tp "Effective date (YYYY-MM-DD): 2026-03-01" || return 1
	keys tp C-u
	type_text tp "2026-04-01"
	keys tp Enter
	wait_for tp "Notice days" || return 1
	keys tp Enter
	wait_for tp "Subject" || return 1
	type_text tp "Add severability"
	keys tp Enter
	wait_for tp "Publish terms-of-service effective 2026-04-01, 30 days' notice? Changes:" &&
		wait_for tp "y publish, n" || return 1
	keys tp y
	wait_for tp "published " && wait_for tp "(audited)" && wait_for tp "Add severability" || return 1
	# the status line names the revision, the document and the date in
	# full, within 80 columns (it once read freed memory: issue 12)
	_new=$(at $NOW --workspace "$P" terms log | head -1 | cut -c1-7)
	wait_for tp "published $_new: terms-of-service effective 2026-04-01, 30d notice (audited)" || return 1
	# the CLI sees it: a new revision with the trailers, and the audit row
	[ "$(at $NOW --workspace "$P" terms log | wc -l)" -eq $((before + 1)) ] || return 1
	at $NOW --workspace "$P" terms log | head -1 | grep -q "effective 2026-04-01  notice 30d  $(id -un) *Add severability" || {
		echo "    terms log: $(at $NOW --workspace "$P" terms log | head -1)" >&2; return 1; }
	at $NOW --workspace "$P" audit log | grep -q "terms.publish" || return 1
	at $NOW --workspace "$P" audit verify >/dev/null || return 1
	# the same checks as the CLI: a date before today is refused, the text kept
	echo "Replaced by a one-liner." >>"$TMP/editor-text"
	colon tp publish
	wait_for tp "Effective date" || return 1
	keys tp C-u
	type_text tp "2025-01-01"
	keys tp Enter
	wait_for tp "Notice days" || return 1
	keys tp Enter Enter
	wait_for tp "y publish, n" || return 1
	keys tp y
	wait_for tp "before today (2026-03-01)" || return 1
	[ "$(at $NOW --workspace "$P" terms log | wc -l)" -eq $((before + 1)) ]
}

t_terms_publish_agent() {
	tstart ta "$TMP/demo" 80 24 "EDITOR='$TMP/fake-editor'" "--as maria"
	wait_for ta "Queue:" && wait_for ta "maria (agent)" || return 1
	keys ta T
	wait_for ta "Terms: terms-of-service" || return 1
	colon ta publish
	wait_for ta "publish: needs the legal or admin role (you are maria, agent)" || return 1
	keys ta ?
	wait_for ta "Keys of the terms view" && wait_for ta ":publish needs the legal or admin role"
}

# A date that is not one: the prompt says so and keeps what was typed, so
# a second Enter does not publish effective today (issue 12)
t_terms_publish_bad_date() {
	P="$TMP/terms-pub-date"
	rm -rf "$P" && cp -r "$TMP/demo" "$P" || return 1
	before=$(at $NOW --workspace "$P" terms log | wc -l)
	{ at $NOW --workspace "$P" terms show; printf '\n## 99. Severability\n\nIf a clause is invalid, the rest stands.\n'; } >"$TMP/editor-text"
	tstart tb "$P" 80 24 "EDITOR='$TMP/fake-editor'"
	wait_for tb "Queue:" || return 1
	keys tb T
	wait_for tb "Terms: terms-of-service" || return 1
	colon tb publish
	wait_for tb "Effective date (YYYY-MM-DD): 2026-03-01" || return 1
	keys tb C-u
	type_text tb "2026-13-45"
	keys tb Enter
	wait_for tb "2026-13-45: not a date. Effective date (YYYY-MM-DD): 2026-13-45" || return 1
	keys tb Enter
	wait_for tb "2026-13-45: not a date. Effective date (YYYY-MM-DD): 2026-13-45" || return 1
	refute tb "Notice days" || return 1
	keys tb C-u
	type_text tb "2026-04-01"
	keys tb Enter
	wait_for tb "Notice days for existing customers (0-3650): 30" || return 1
	keys tb BSpace BSpace
	type_text tb "lots"
	keys tb Enter
	wait_for tb "lots: not 0 to 3650. Notice days: lots" || return 1
	keys tb Escape
	wait_for tb "publish cancelled (your text is kept" || return 1
	[ "$(at $NOW --workspace "$P" terms log | wc -l)" -eq "$before" ]
}

# Issue 16: the word diff reads apart without colour or attributes (80x24,
# NO_COLOR, TERM=vt100): the signs of git's --word-diff=plain around each
# removed and added part, on every row of a change (a wrapped row is
# indented and opens its sign again); the hunk header names the clause.
t_terms_diff_plain() {
	tstart dp "$TMP/demo" 80 24 "NO_COLOR=1 TERM=vt100"
	wait_for dp "Queue:" || return 1
	new=$(revs | sed -n 1p | cut -c1-7) old=$(revs | sed -n 2p | cut -c1-7)
	keys dp T
	wait_for dp "Terms: terms-of-service" || return 1
	keys dp d v
	wait_for dp "Diff $old..$new terms-of-service (word)" || return 1
	tcli terms diff "$old" "$new" --word | grep -qF "you [-reasonable-]{+at least 30 days'+} notice {+by email +}before it applies to you.{+ If you do" || {
		echo "    the CLI word diff changed: fix the test" >&2; return 1; }
	wait_for dp "you [-reasonable-]{+at least 30 days'+} notice {+by email +}before it applies to" || return 1
	screen dp | grep -qx "  you.{+ If you do+}" || { echo "    the wrapped row is not with its change" >&2; LAST_SCREEN=$(screen dp); return 1; }
	screen dp | grep -qx "{+not agree, you may close your account before the change takes effect.+}" || {
		echo "    the second added line lacks its signs" >&2; LAST_SCREEN=$(screen dp); return 1; }
	refute dp "reasonableat least" || return 1
	# attributes as well: reverse for removed, bold underline for added
	has_attr dp "reasonable" 7 && has_attr dp "at least 30 days" 1 4 || return 1
	# the hunk names the clause; git's function context is only in the CLI
	hdr=$(tcli terms diff "$old" "$new" | grep -m1 '^@@')
	at=$(echo "$hdr" | sed 's/\(@@ [^@]* @@\).*/\1/')
	[ "$hdr" != "$at §9 Changes to these Terms" ] || { echo "    the CLI header changed" >&2; return 1; }
	wait_for dp "$at §9 Changes to these Terms" || return 1
	refute dp "$hdr" || return 1
	stop dp
	# a removed section before an unchanged heading: its rows apart, not
	# "### 1.3 The services## 2. Privacy"
	r6=$(revs | sed -n 6p | cut -c1-7) r5=$(revs | sed -n 5p | cut -c1-7)
	tcli terms diff "$r6" "$r5" --clauses | grep -q "1.3 The services removed" || { echo "    demo changed: fix the test" >&2; return 1; }
	tstart dq "$TMP/demo" 80 24 "NO_COLOR=1 TERM=vt100"
	wait_for dq "Queue:" || return 1
	keys dq T
	wait_for dq "Terms: terms-of-service" || return 1
	keys dq j j j j j Space
	wait_for dq "marked $r6" || return 1
	keys dq k d v
	wait_for dq "Diff $r6..$r5 terms-of-service (word)" || return 1
	keys dq ']' ']'
	wait_for dq "change 2/2" || return 1
	screen dq | grep -qx '\[-### 1.3 The services-\]' || { echo "    the removed heading is not on its own row" >&2; LAST_SCREEN=$(screen dq); return 1; }
	screen dq | grep -qx '## 2. Privacy' || { echo "    the kept heading is not on its own row" >&2; LAST_SCREEN=$(screen dq); return 1; }
	refute dq "services## 2." && refute dq "services-]## 2."
}

# Issue 16: side by side aligned by the diff (a removed section against
# blanks, then the unchanged heading beside itself), the changed words
# marked in both columns, the same rows as `terms diff --side-by-side`.
t_terms_diff_aligned() {
	r6=$(revs | sed -n 6p | cut -c1-7) r5=$(revs | sed -n 5p | cut -c1-7)
	tcli terms diff "$r6" "$r5" --side-by-side --width 80 >"$TMP/sbs.cli"
	# the CLI: the removed clause against blanks, Privacy beside Privacy
	grep -qx '### 1.3 The services                   <' "$TMP/sbs.cli" &&
		grep -qx '## 2. Privacy                            ## 2. Privacy' "$TMP/sbs.cli" &&
		grep -qx '\[-settings.-\]                          | {+settings, and "services" means+}' "$TMP/sbs.cli" || {
		echo "    side by side rows:" >&2; cat "$TMP/sbs.cli" >&2; return 1; }
	tstart da "$TMP/demo" 80 50 "NO_COLOR=1"
	wait_for da "Queue:" || return 1
	keys da T
	wait_for da "Terms: terms-of-service" || return 1
	keys da j j j j j Space
	wait_for da "marked $r6" || return 1
	keys da k d v v
	wait_for da "Diff $r6..$r5 terms-of-service (side by side)" || return 1
	wait_for da "### 1.3 The services                   <" || return 1
	# every row on the screen below the header is a row of the CLI's
	screen da | sed -n '7,48p' | sed 's/ *$//' | grep -v '^@@' | grep . | while IFS= read -r row; do
		grep -qxF -- "$row" "$TMP/sbs.cli" || { echo "    not a CLI row: $row" >&2; exit 1; }
	done || return 1
	has_attr da "settings." 7 && has_attr da 'settings, and' 1 4 || return 1
	# the hunk names the clause
	at=$(grep -m1 '^@@' "$TMP/sbs.cli" | sed 's/\(@@ [^@]* @@\).*/\1/')
	wait_for da "$at §1.1 The Company"
}

# Issue 16 item 5: publishing with less notice than the text in force
# promises (its §9: "at least 30 days' notice") asks with the reason
t_terms_publish_short_notice() {
	P="$TMP/terms-pub-short"
	rm -rf "$P" && cp -r "$TMP/demo" "$P" || return 1
	at $NOW --workspace "$P" terms show | grep -q "at least 30 days' notice" || { echo "    demo changed: fix the test" >&2; return 1; }
	before=$(at $NOW --workspace "$P" terms log | wc -l)
	{ at $NOW --workspace "$P" terms show; printf '\n## 99. Severability\n\nIf a clause is invalid, the rest stands.\n'; } >"$TMP/editor-text"
	tstart ts "$P" 80 24 "EDITOR='$TMP/fake-editor'"
	wait_for ts "Queue:" || return 1
	keys ts T
	wait_for ts "Terms: terms-of-service" || return 1
	colon ts publish
	wait_for ts "Effective date (YYYY-MM-DD): 2026-03-01" || return 1
	keys ts C-u
	type_text ts "2026-03-05"
	keys ts Enter
	wait_for ts "Notice days for existing customers (0-3650): 30" || return 1
	keys ts BSpace BSpace
	type_text ts "3"
	keys ts Enter
	wait_for ts "Subject" || return 1
	type_text ts "Short notice"
	keys ts Enter
	# binding on 2026-03-05 00:00, published 2026-03-01 10:00: 3 whole days
	wait_for ts "§9 promises 30 days' notice, this gives 3: publish anyway? Changes:" || return 1
	keys ts n
	wait_for ts "publish cancelled" || return 1
	[ "$(at $NOW --workspace "$P" terms log | wc -l)" -eq "$before" ] || return 1
	# with 30 days: the usual question
	colon ts publish
	wait_for ts "Effective date" || return 1
	keys ts C-u
	type_text ts "2026-03-05"
	keys ts Enter
	wait_for ts "Notice days" || return 1
	keys ts Enter
	wait_for ts "Subject" || return 1
	keys ts Enter
	wait_for ts "Publish terms-of-service effective 2026-03-05, 30 days' notice? Changes:" || return 1
	keys ts y
	wait_for ts "published " || return 1
	[ "$(at $NOW --workspace "$P" terms log | wc -l)" -eq $((before + 1)) ]
}

# a notice of new terms accepted for delivery to one customer: the
# browser's count waits for that customer's own notice period, as
# `terms which` does (issue 14 item 10)
t_terms_bound_notice() {
	P="$TMP/terms-notice"
	rm -rf "$P" && cp -r "$TMP/demo" "$P" || return 1
	{ at $NOW --workspace "$P" terms show; printf '\n## 98. Notices\n\nWe tell you first.\n'; } >"$TMP/notice-terms.md"
	at $NOW --workspace "$P" terms publish terms-of-service "$TMP/notice-terms.md" --effective 2026-03-01 \
		--notice-days 30 -m "Notice test" >/dev/null || return 1
	rev=$(at $NOW --workspace "$P" terms log | head -1 | awk '{ print $1 }')
	full=$(git -C "$P/legal" rev-parse "$rev") || return 1
	# customer 1's notice went out on 03-06 (the others count from the
	# publication on 03-01): on 04-01 everyone else is bound, not them
	sqlite3 "$P/docket.db" "INSERT INTO outbox(ticket_id, message_row, message_id, sender, rcpt, subject, body,
		created_at, updated_at, status) VALUES(0, 0, 'notice-e2e@desk.example', 'support@desk.example',
		'c1@example.org', 'New terms', 'Our terms change.', strftime('%s', '2026-03-06'), strftime('%s', '2026-03-06'),
		'accepted');
		INSERT INTO letters(template, revision, purpose, customer_id, outbox_id, document, doc_revision, created_at)
		VALUES('terms-change', '$full', 'terms', 1, last_insert_rowid(), 'terms-of-service', '$full',
		strftime('%s', '2026-03-06'));" || return 1
	T1=2026-04-01T10:00:00Z
	at $T1 --workspace "$P" terms which 1 | grep -q "^$rev" && { echo "    customer 1 already bound by $rev" >&2; return 1; }
	want=$(at $T1 --workspace "$P" terms which --all | cut -f2 | grep -c "^$rev")
	all=$(at $T1 --workspace "$P" terms which --all | wc -l)
	[ "$want" -gt 0 ] && [ "$want" -lt "$all" ] || { echo "    which --all: $want of $all on $rev" >&2; return 1; }
	tstart tn "$P" 80 24 "DOCKET_NOW=$T1"
	wait_for tn "Queue:" || return 1
	keys tn T
	wait_for tn "Terms: terms-of-service" && wait_for tn "BOUND" || return 1
	screen tn | grep -q "^.$rev .* $want  " || { echo "    $rev: count $want not shown" >&2; LAST_SCREEN=$(screen tn); return 1; }
	# and after customer 1's notice has run too, all of them
	tstart tn2 "$P" 80 24 "DOCKET_NOW=2026-04-06T10:00:00Z"
	wait_for tn2 "Queue:" || return 1
	keys tn2 T
	want2=$(at 2026-04-06T10:00:00Z --workspace "$P" terms which --all | cut -f2 | grep -c "^$rev")
	[ "$want2" -eq $((want + 1)) ] || { echo "    which --all on 04-06: $want2, want $((want + 1))" >&2; return 1; }
	wait_for tn2 "Terms: terms-of-service" && wait_for tn2 "BOUND" || return 1
	screen tn2 | grep -q "^.$rev .* $want2  " || { echo "    $rev: count $want2 not shown" >&2; LAST_SCREEN=$(screen tn2); return 1; }
}

TESTS="$TESTS terms_bound_notice terms_publish_short_notice terms_diff_plain terms_diff_aligned terms_publish_bad_date terms_revisions terms_document terms_diff_word terms_diff_modes terms_customers terms_customers_pages terms_which_jump
terms_publish terms_publish_agent"
