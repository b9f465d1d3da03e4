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
	keys vs o
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
