#!/bin/sh
# deps.sh - install what docket needs to build, test and benchmark.
# On Debian/Ubuntu: apt-get update + install of what is missing (as root,
# or through sudo). Elsewhere: print the list and stop.
set -u
DEB_PKGS="build-essential pkg-config libncurses-dev libsqlite3-dev libgit2-dev check libsubunit-dev libjansson-dev libinih-dev libssl-dev tmux sqlite3 git time python3 openssh-server openssh-client python3-holidays"
PC_MODULES="ncursesw sqlite3 libgit2 jansson inih libcrypto check"
COMMANDS="cc make pkg-config tmux sqlite3 git python3 ssh ssh-keygen"

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
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq || exit 1
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $DEB_PKGS || exit 1
	exit 0
fi
cat >&2 <<MSG
docket: this is not a Debian-like system; install these with your package manager:
  a C11 compiler, make, pkg-config, git, tmux, the sqlite3 shell,
  and development files for: ncursesw, SQLite 3 (with FTS5), libgit2,
  jansson, inih, OpenSSL libcrypto, Check (unit tests),
  and the Python "holidays" package for the system python3 (calendar cross-check)
(Debian names: $DEB_PKGS)
MSG
exit 1
