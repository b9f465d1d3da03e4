# userconf.sh - keys and colours are the user's (sourced by run.sh):
# $XDG_CONFIG_HOME/docket/tui.ini rebinds and unbinds keys and recolours
# styles; `?` lists the bindings in force and names the file; a line that
# cannot be used is reported with FILE:LINE and the rest still applies.

t_userconf_keys_and_colours() {
	mkdir -p "$TMP/xdg/docket"
	cat >"$TMP/xdg/docket/tui.ini" <<'EOF'
[keys]
queue.x = move-down
global.Q = none
queue.y = no-such-action
[colors]
overdue = magenta default bold
EOF
	start uc "$TMP/demo" 80 24 XDG_CONFIG_HOME="$TMP/xdg"
	wait_for uc "Queue:" || return 1
	wait_for uc "$TMP/xdg/docket/tui.ini:4: 'no-such-action': no such action" || return 1
	# the overdue rows in the user's colour (magenta, SGR 35), not red (31)
	_sgr=$($T capture-pane -e -p -t uc | grep OVERDUE | head -1)
	case "$_sgr" in *'[35m'*|*';35m'*|*';35;'*|*'[35;'*) ;; *) echo "    overdue row not magenta: $_sgr" >&2; return 1 ;; esac
	keys uc x
	wait_for uc "2/" || return 1
	# Q is unbound: no quitting, the queue stays
	keys uc Q
	sleep 0.3
	refute uc "__EXIT__" || return 1
	wait_for uc "Queue:" || return 1
	keys uc '?'
	wait_for uc "x            Move the cursor down one line" || return 1
	keys uc G
	wait_for uc "Your keys and colours" || return 1
	wait_for uc "tui.ini: 2 bindings, 1 colour (lines skipped" || return 1
	refute uc "Q            Quit" || return 1
}
TESTS="$TESTS userconf_keys_and_colours"
