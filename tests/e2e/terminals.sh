# terminals.sh - the screen under other terminal types (sourced by run.sh):
# screen and vt100 (no colours), and a resize in the ticket view there.

t_term_screen() {
	start ts "$W" 80 24 "TERM=screen"
	wait_for ts "Queue:" && wait_for ts "OVERDUE" || return 1
	open_ticket ts "$T_ACCESS" || return 1
	wait_for ts "Legal prompts" || return 1
	$T resize-window -t ts -x 50 -y 14
	wait_for ts "Ticket #$T_ACCESS" || return 1
	$T resize-window -t ts -x 80 -y 24
	wait_for ts "Legal prompts"
}

t_term_vt100_timeline() {
	start tv "$W" 80 24 "TERM=vt100"
	wait_for tv "Queue:" && open_ticket tv "$T_COMPLAINT" || return 1
	keys tv l
	wait_for tv "Timeline of ticket #$T_COMPLAINT" && wait_for tv "today"
}

TESTS="$TESTS term_screen term_vt100_timeline"
