# ssh.sh - the screen over SSH (sourced by run.sh): a private sshd on
# 127.0.0.1 (a free port, its own host key and config in $TMP, key login
# for this user, no AcceptEnv and no PAM, so the session gets no LANG, as
# from most SSH servers), and docket run through `ssh -t` inside tmux.
# sshd is stopped by the test (and by run.sh's clean-up if it fails).

SSHD=/usr/sbin/sshd

t_ssh_locale() {
	if [ ! -x "$SSHD" ] || ! command -v ssh >/dev/null 2>&1 || ! command -v ssh-keygen >/dev/null 2>&1; then
		echo "    sshd or ssh not installed (openssh-server, openssh-client: scripts/deps.sh)" >&2
		return 1
	fi
	loc_ws || return 1
	_d="$TMP/sshd"
	rm -rf "$_d" && mkdir -p "$_d" && chmod 700 "$_d" || return 1
	ssh-keygen -q -t ed25519 -N '' -f "$_d/host_key" && ssh-keygen -q -t ed25519 -N '' -f "$_d/id" || return 1
	cp "$_d/id.pub" "$_d/authorized_keys"
	_port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') || return 1
	cat >"$_d/sshd_config" <<CFG
ListenAddress 127.0.0.1
Port $_port
HostKey $_d/host_key
PidFile $_d/sshd.pid
AuthorizedKeysFile $_d/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PrintMotd no
LoginGraceTime 10
CFG
	# sshd's privilege separation directory (Debian's service makes it)
	[ -d /run/sshd ] || mkdir -p -m 0755 /run/sshd
	"$SSHD" -D -e -f "$_d/sshd_config" 2>"$_d/sshd.log" &
	_sshd=$!
	E2E_PIDS="$E2E_PIDS $_sshd"
	_ssh="ssh -F /dev/null -p $_port -i $_d/id -o UserKnownHostsFile=$_d/known_hosts -o StrictHostKeyChecking=accept-new -o BatchMode=yes -o ConnectTimeout=5 -o LogLevel=ERROR $(id -un)@127.0.0.1"
	_k=0
	until grep -q "Server listening" "$_d/sshd.log" 2>/dev/null; do
		_k=$((_k + 1))
		if [ $_k -gt 100 ] || ! kill -0 "$_sshd" 2>/dev/null; then
			echo "    sshd did not start:" >&2; sed 's/^/    /' "$_d/sshd.log" >&2
			kill "$_sshd" 2>/dev/null; return 1
		fi
		sleep 0.05
	done
	_rc=0
	ssh_session "$_ssh" || _rc=1
	kill "$_sshd" 2>/dev/null
	wait "$_sshd" 2>/dev/null
	return $_rc
}

ssh_session() { # SSH-COMMAND
	# the session has no locale variable at all
	_n=$(timeout 10 $1 'env' </dev/null | grep -c '^LANG=\|^LC_') || true
	[ "$_n" = 0 ] || { echo "    the SSH session has $_n locale variables (or ssh failed: $(timeout 10 $1 true 2>&1))" >&2; return 1; }
	$T new-session -d -s sl -x 80 -y 24 \
		"$1 -t \"ASAN_OPTIONS='$ASAN_OPTIONS' UBSAN_OPTIONS='$UBSAN_OPTIONS' DOCKET_NOW=$NOW TZ=UTC '$DOCKET' --workspace '$TMP/ws-loc'\"; echo __EXIT__\$?; sleep 600"
	wait_for sl "Queue:" && wait_for sl "Seán Ó Rí" || return 1
	open_ticket sl "$LOC_T" && wait_for sl "Où est ma commande? Grüße" || return 1
	keys sl Q
	wait_for sl "__EXIT__0"
}

TESTS="$TESTS ssh_locale"
