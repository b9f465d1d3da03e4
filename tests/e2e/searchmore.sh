# searchmore.sh - the queue's full-text search (sourced by run.sh): open
# tickets unless the status filter asks for all, the counter follows n,
# o orders the matches (newest, relevance, urgency), and the words found
# are marked in the ticket opened from the results.

t_search_counter_order_highlight() {
	start sm "$TMP/demo" 80 24
	wait_for sm "Queue:" || return 1
	keys sm /
	type_text sm "refund"
	keys sm Enter
	wait_for sm "open tickets, newest first" || return 1
	_n=$(screen sm | sed -n '1s/.*: \([0-9][0-9]*\)+* open tickets.*/\1/p')
	_cli=$(at $NOW --workspace "$TMP/demo" search refund --open --limit 0 | wc -l)
	[ -n "$_n" ] && [ "$_n" = "$_cli" ] || { echo "    screen counts '$_n' open matches, docket search --open $_cli" >&2; return 1; }
	keys sm n
	wait_for sm "match 2 of $_n" || return 1
	wait_for sm "2/$_n" || return 1
	keys sm N N
	wait_for sm "match $_n of $_n (search wrapped)" || return 1
	# the orders, and the first row of each is docket search's first
	keys sm o
	wait_for sm "open tickets, by relevance" || return 1
	keys sm o
	wait_for sm "open tickets, most urgent first" || return 1
	_first=$(at $NOW --workspace "$TMP/demo" search refund --open --sort urgency --limit 1 | awk '{ print $1 }')
	_row=$(screen sm | grep -m1 -E '^[0-9]+[ !*]' | awk '{ print $1 }' | tr -d '!*')
	[ "$_row" = "$_first" ] || { echo "    first row $_row, docket search --sort urgency says $_first" >&2; return 1; }
	keys sm g Enter
	wait_for sm "Ticket #$_first" || return 1
	# black on yellow (SGR 30;43) where the word stands
	$T capture-pane -e -p -t sm | grep -i 'refund' | grep -q '43m' ||
		{ echo "    the word found is not marked in the ticket" >&2; return 1; }
	keys sm q
	wait_for sm "open tickets, most urgent first" || return 1
	keys sm q
	wait_for sm "search closed" || return 1
	# with the status filter at all, resolved and closed tickets match too
	keys sm :
	type_text sm "filter status all"
	keys sm Enter
	wait_for sm "Queue: " || return 1
	keys sm /
	type_text sm "refund"
	keys sm Enter
	_all=$(at $NOW --workspace "$TMP/demo" search refund --limit 0 | wc -l)
	wait_for sm "Search \"refund\": $_all tickets" || return 1
}
TESTS="$TESTS search_counter_order_highlight"
