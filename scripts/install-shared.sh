#!/bin/sh
# install-shared.sh - install docket for a shared workspace (run as root;
# `make install-shared` calls it). docs/security.md says why.
#
#   sh scripts/install-shared.sh PREFIX [GROUP [WORKSPACE [ADMIN]]]
#
# 1. creates the group (default `docket`) unless it exists; agents are NOT
#    made members of it;
# 2. installs PREFIX/bin/docket owned by root:GROUP, mode 2755 (setgid),
#    and PREFIX/bin/docket-mail beside it, 0755 and not setgid: docket
#    runs it with the ids it was started with, so the kernel starts it
#    AT_SECURE and it guards itself (lib/priv.h, priv_exec_helper);
#    started any other way it has only the user's own rights;
# 3. with WORKSPACE: creates the workspace there unless it exists (root is
#    its first admin) and gives it to the group: folders 2770, files 0660,
#    nothing for others;
# 4. with ADMIN: makes that login an admin of the workspace.
# Agents are then added by an admin: `docket --workspace WORKSPACE agent
# add LOGIN agent`. The binaries installed are $DOCKET_BIN, else ./docket,
# and $DOCKET_MAIL_BIN, else docket-mail beside $DOCKET_BIN.
set -eu
prefix=${1:?usage: install-shared.sh PREFIX [GROUP [WORKSPACE [ADMIN]]]}
group=${2:-docket}
ws=${3:-}
admin=${4:-}
bin=${DOCKET_BIN:-./docket}
mailbin=${DOCKET_MAIL_BIN:-$(dirname "$bin")/docket-mail}
if [ "$(id -u)" != 0 ]; then
	echo "install-shared: run as root (it creates a group and a setgid program)" >&2
	exit 1
fi
getent group "$group" >/dev/null || groupadd --system "$group"
install -d -m 0755 "$prefix/bin" "$prefix/share/man/man1"
install -m 0755 "$bin" "$prefix/bin/.docket.new"
chgrp "$group" "$prefix/bin/.docket.new"
chmod 2755 "$prefix/bin/.docket.new"
mv -f "$prefix/bin/.docket.new" "$prefix/bin/docket"
if [ -f "$mailbin" ]; then
	install -m 0755 "$mailbin" "$prefix/bin/.docket-mail.new"
	mv -f "$prefix/bin/.docket-mail.new" "$prefix/bin/docket-mail"
fi
[ -f docs/docket.1 ] && install -m 0644 docs/docket.1 "$prefix/share/man/man1/docket.1"
echo "install-shared: $prefix/bin/docket setgid $group"
[ -n "$ws" ] || exit 0
if [ ! -e "$ws/docket.db" ]; then
	"$prefix/bin/docket" init "$ws"
fi
chown root "$ws"
chgrp -R "$group" "$ws"
find "$ws" -type d -exec chmod 2770 {} +
find "$ws" -type f -exec chmod 0660 {} +
if [ -n "$admin" ]; then
	"$prefix/bin/docket" --workspace "$ws" agent add "$admin" admin >/dev/null 2>&1 ||
		"$prefix/bin/docket" --workspace "$ws" agent set "$admin" admin
fi
echo "install-shared: workspace $ws (group $group, 2770/0660)${admin:+, admin $admin}"
