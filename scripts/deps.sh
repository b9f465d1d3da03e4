#!/bin/sh
# deps.sh - install what docket needs to build, test and benchmark.
# On Debian/Ubuntu: apt-get update + install of what is missing (as root,
# or through sudo). Elsewhere: print the list and stop.
set -u
DEB_PKGS="build-essential pkg-config libncurses-dev libsqlite3-dev libgit2-dev check libsubunit-dev libjansson-dev libinih-dev libssl-dev tmux sqlite3 git time python3 openssh-server openssh-client python3-holidays libgmime-3.0-dev libxml2-dev libytnef0-dev msmtp python3-aiosmtpd postfix swaks zsh chromium"
PC_MODULES="ncursesw sqlite3 libgit2 jansson inih libcrypto check gmime-3.0 libxml-2.0 libytnef"
COMMANDS="cc make pkg-config tmux sqlite3 git python3 ssh ssh-keygen msmtp swaks zsh chromium"

missing=""
for m in $PC_MODULES; do
	pkg-config --exists "$m" 2>/dev/null || missing="$missing pc:$m"
done
for c in $COMMANDS; do
	command -v "$c" >/dev/null 2>&1 || missing="$missing cmd:$c"
done
[ -x /usr/bin/time ] || missing="$missing cmd:/usr/bin/time"
[ -x /usr/sbin/sshd ] || missing="$missing cmd:/usr/sbin/sshd" # the e2e test over SSH
# the holiday calendars' cross-check (tests/cli/holidays.sh) uses Debian's python3-holidays
/usr/bin/python3 -c 'import holidays' >/dev/null 2>&1 || missing="$missing py:holidays"
# mail tests: an SMTP sink (Debian's aiosmtpd belongs to /usr/bin/python3)
# and a postfix run from a temporary configuration (never the system's)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing="$missing py:aiosmtpd"
[ -x /usr/sbin/postfix ] || missing="$missing cmd:/usr/sbin/postfix"
[ -z "$missing" ] && exit 0

echo "docket: missing build dependencies:$missing"
if command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; then
	SUDO=""
	if [ "$(id -u)" != 0 ]; then
		if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
			echo "docket: run as root or install sudo, then: apt-get install $DEB_PKGS" >&2
			exit 1
		fi
	fi
	echo "docket: installing with apt-get: $DEB_PKGS"
	# postfix: no questions, no configuration of the system's mail, and
	# its service is not started (the tests run their own instance); a
	# policy-rc.d already there is left alone
	echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections 2>/dev/null
	made_policy=""
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null &&
			$SUDO chmod 755 /usr/sbin/policy-rc.d && made_policy=1
	fi
	rc=0
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq || rc=1
	[ $rc = 0 ] && { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $DEB_PKGS || rc=1; }
	[ -n "$made_policy" ] && $SUDO rm -f /usr/sbin/policy-rc.d
	exit $rc
fi
cat >&2 <<MSG
docket: this is not a Debian-like system; install these with your package manager:
  a C11 compiler, make, pkg-config, git, tmux, the sqlite3 shell, zsh,
  and development files for: ncursesw, SQLite 3 (with FTS5), libgit2,
  jansson, inih, OpenSSL libcrypto, Check (unit tests), GMime 3, libxml2,
  the Python "holidays" package for the system python3 (calendar cross-check);
  for the mail tests: msmtp, swaks, postfix (service not started) and
  Python's aiosmtpd; for the redline test: Chromium (run headless)
(Debian names: $DEB_PKGS)
MSG
exit 1
