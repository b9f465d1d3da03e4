# report.sh - the compliance report view (:report), sourced by run.sh: the
# same figures as `docket report`, laid out for 80 and 120 columns, with
# the audit chain head it was computed at.

# row_figures TEXT KEY: the seven counts and rate of KEY's row (spaces
# squeezed), from either layout
row_figures() {
	printf '%s\n' "$1" | awk -v k="$2" '
		{ line = $0; sub(/^ +/, "", line) }
		index(line, k " ") == 1 { rest = substr(line, length(k) + 1); gsub(/ +/, " ", rest); sub(/^ /, "", rest); print rest; exit }'
}

t_report_view() {
	start rp "$TMP/demo" 80 24
	wait_for rp "Queue:" || return 1
	keys rp :
	type_text rp "report"
	keys rp Enter
	wait_for rp "Compliance report  beginning .. now" || return 1
	head=$(at $NOW --workspace "$TMP/demo" audit head | sed -n 's/^\([0-9]*:[0-9a-f]*\).*/\1/p' | head -1)
	[ -n "$head" ] || { echo "    no audit head from the CLI" >&2; return 1; }
	wait_for rp "  $head" || return 1
	# the narrow layout: short headers, no line past the screen
	wait_for rp "start  in-t late brch  open waiv rate median" || return 1
	cli=$(at $NOW --workspace "$TMP/demo" report)
	want=$(row_figures "$cli" GDPR)
	[ -n "$want" ] || { echo "    no GDPR row in docket report" >&2; return 1; }
	got=$(row_figures "$LAST_SCREEN" GDPR)
	[ "$got" = "$want" ] || { echo "    GDPR row on screen '$got', docket report '$want'" >&2; return 1; }
	keys rp G
	wait_for rp "median: days from the start of the clock to met" || return 1
	# rows by rule: the last rule of the CLI's table is on screen too
	last=$(printf '%s\n' "$cli" | awk '/^  rule /{ r = 1; next } r && /^  [a-z0-9-]+ / { k = $1 } /^$/ { if (r && k) { print k; exit } }')
	[ -n "$last" ] || { echo "    no rule rows in docket report" >&2; return 1; }
	wait_for rp "  $last " || return 1
	[ "$(row_figures "$LAST_SCREEN" "$last")" = "$(row_figures "$cli" "$last")" ] ||
		{ echo "    rule $last differs from docket report" >&2; return 1; }
	keys rp q
	wait_for rp "Queue:" || return 1
	stop rp
	# wider: the CLI's full columns
	start rw "$TMP/demo" 120 40
	wait_for rw "Queue:" || return 1
	keys rw :
	type_text rw "report 2026-01-01"
	keys rw Enter
	wait_for rw "Compliance report  2026-01-01T00:00:00Z .. now" || return 1
	wait_for rw "started in time  late breached   open waived on time   median" || return 1
	keys rw :
	type_text rw "report someday"
	keys rw Enter
	wait_for rw ":report FROM" || return 1
}
TESTS="$TESTS report_view"
