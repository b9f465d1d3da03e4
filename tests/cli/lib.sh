# lib.sh - helpers for the command-line tests (sourced).
#
#   t_setup             temp dir $T, $D = the docket binary, DOCKET_NOW pinned
#   run CMD...          run, keeping $OUT, $ERR, $RC
#   expect_rc N "what"  check $RC
#   expect_out "text" "what"   / expect_err / expect_out_not
#   check "what" CMD... a command that must succeed
#   t_done              print "NAME: N passed, N failed" and exit
set -u
T_PASS=0
T_FAIL=0
T_NAME=$(basename "$0" .sh)
D=${DOCKET_BIN:-$(pwd)/docket}

t_setup() {
	T=$(mktemp -d /tmp/docket-test.XXXXXX)
	trap 'rm -rf "$T"' EXIT
	export DOCKET_NOW=${DOCKET_NOW:-2026-03-01T10:00:00Z}
	export LANG=C.UTF-8 TZ=UTC
	unset DOCKET_WORKSPACE XDG_DATA_HOME || true
	export HOME="$T/home"
	mkdir -p "$HOME"
}

run() {
	"$@" >"$T/.out" 2>"$T/.err" </dev/null
	RC=$?
	OUT=$(cat "$T/.out")
	ERR=$(cat "$T/.err")
}

# run with stdin from a string: runin "text" CMD...
runin() {
	_in=$1
	shift
	printf '%s' "$_in" | "$@" >"$T/.out" 2>"$T/.err"
	RC=$?
	OUT=$(cat "$T/.out")
	ERR=$(cat "$T/.err")
}

pass() { T_PASS=$((T_PASS + 1)); }
fail() {
	T_FAIL=$((T_FAIL + 1))
	echo "FAIL [$T_NAME] $1"
	[ -n "${OUT:-}" ] && echo "  stdout: $(printf '%s' "$OUT" | head -5)"
	[ -n "${ERR:-}" ] && echo "  stderr: $(printf '%s' "$ERR" | head -5)"
	return 0
}

expect_rc() { if [ "$RC" = "$1" ]; then pass; else fail "$2 (exit $RC, expected $1)"; fi; }
expect_out() { case "$OUT" in *"$1"*) pass ;; *) fail "$2 (stdout lacks '$1')" ;; esac; }
expect_out_not() { case "$OUT" in *"$1"*) fail "$2 (stdout has '$1')" ;; *) pass ;; esac; }
expect_err() { case "$ERR" in *"$1"*) pass ;; *) fail "$2 (stderr lacks '$1')" ;; esac; }
expect_eq() { if [ "$1" = "$2" ]; then pass; else fail "$3 ('$1' != '$2')"; fi; }
# the one-line error contract: exactly one line starting with "docket: "
expect_one_error_line() {
	n=$(printf '%s\n' "$ERR" | grep -c .)
	case "$ERR" in "docket: "*) [ "$n" = 1 ] && pass || fail "$1 (stderr has $n lines)" ;; *) fail "$1 (stderr: '$ERR')" ;; esac
}
check() {
	_what=$1
	shift
	if "$@" >/dev/null 2>&1; then pass; else fail "$_what"; fi
}
# dump of the database content (for "changes nothing")
db_dump() { sqlite3 "$1/docket.db" .dump 2>/dev/null | grep -v '^INSERT INTO presence' ; }

t_done() {
	echo "$T_NAME: $T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" = 0 ]
	exit $?
}

# t_msmtprc OFFSET: PORT (a loopback port from the pid and OFFSET) and
# $T/msmtprc, an msmtp account that hands mail to 127.0.0.1:PORT, where a
# test starts tests/mail/smtp_sink.py
t_msmtprc() {
	PORT=$((20000 + ($$ + $1) % 20000))
	printf 'account default\nhost 127.0.0.1\nport %s\nauth off\ntls off\nfrom support@desk.example\n' "$PORT" >"$T/msmtprc"
	chmod 600 "$T/msmtprc"
}

# t_mail_config WS: the workspace sends as support@desk.example through it
t_mail_config() {
	printf 'sender = support@desk.example\nsender_name = Example Support\nsendmail = /usr/bin/msmtp -C %s -t\nsendmail_timeout = 20\n' \
		"$T/msmtprc" >>"$1/config"
}
