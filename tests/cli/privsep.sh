#!/bin/sh
# privsep.sh - a shared workspace behind a setgid docket, with two real
# Unix users (an admin and an agent, neither in the group): the agent works
# through docket, and nothing else reaches the files; DOCKET_NOW and --as
# are ignored for it; a file it names is its own (docs/security.md).
. tests/cli/lib.sh
t_setup
if [ "$(id -u)" != 0 ] || ! command -v useradd >/dev/null || ! command -v runuser >/dev/null; then
	fail "privsep needs root, useradd and runuser (the test creates users)"
	t_done
fi
G=dkg$$ ADM=dkadm$$ AG=dkag$$
# a prefix the test users can traverse (not under /root), on a filesystem
# that honours setgid
P=$(mktemp -d /var/tmp/docket-privsep.XXXXXX)
chmod 0755 "$P"
cleanup() {
	userdel "$ADM" 2>/dev/null
	userdel "$AG" 2>/dev/null
	groupdel "$G" 2>/dev/null
	rm -rf "$P" "$T"
}
trap cleanup EXIT INT TERM
useradd -M -N -d "$P/h-$ADM" -s /bin/sh "$ADM" || fail "useradd $ADM"
useradd -M -N -d "$P/h-$AG" -s /bin/sh "$AG" || fail "useradd $AG"
mkdir -p "$P/h-$ADM" "$P/h-$AG"
chown "$ADM" "$P/h-$ADM"
chown "$AG" "$P/h-$AG"
W="$P/ws"
as_() { u=$1; shift; runuser -u "$u" -- env -u DOCKET_NOW HOME="$P/h-$u" LANG=C.UTF-8 TZ=UTC "$@"; }
X="$P/bin/docket"

# ---- the documented install (what `make install-shared` runs)
run env DOCKET_BIN="$D" sh scripts/install-shared.sh "$P" "$G" "$W" "$ADM"
expect_rc 0 "install-shared: group, setgid binary, shared workspace"
expect_eq "$(stat -c '%A %G' "$X")" "-rwxr-sr-x $G" "docket is installed setgid to the group"
expect_eq "$(stat -c '%a %G' "$W")" "2770 $G" "the workspace folder is 2770, the group's"
expect_eq "$(stat -c '%a %G' "$W/docket.db")" "660 $G" "docket.db is 0660, the group's"
n=$(find "$W" -perm /o=rwx | wc -l)
expect_eq "$n" "0" "nothing in the workspace is for others"
if id -nG "$AG" | tr ' ' '\n' | grep -qx "$G"; then fail "the agent is not in the group"; else pass; fi

# ---- the admin adds the agent through docket
run as_ "$ADM" "$X" --workspace "$W" agent add "$AG" agent
expect_rc 0 "the admin (not in the group) adds an agent through docket"

# ---- the agent's docket actions work
run as_ "$AG" "$X" --workspace "$W" customer new --name "Ada Lovelace" --email ada@example.org --jurisdiction DE
expect_rc 0 "agent: customer new"
C=$(printf '%s' "$OUT" | grep -o '[0-9][0-9]*' | head -1)
runin "my parcel is late" as_ "$AG" "$X" --workspace "$W" ticket new --customer "$C" --subject "Late parcel"
expect_rc 0 "agent: ticket new"
TK=$(printf '%s' "$OUT" | grep -o '[0-9][0-9]*' | head -1)
runin "looking into it" as_ "$AG" "$X" --workspace "$W" ticket reply "$TK"
expect_rc 0 "agent: ticket reply"
run as_ "$AG" "$X" --workspace "$W" ticket show "$TK"
expect_rc 0 "agent: ticket show"
expect_out "looking into it" "agent: ticket show has the reply"
run as_ "$AG" "$X" --workspace "$W" search parcel
expect_rc 0 "agent: search"
run as_ "$AG" "$X" --workspace "$W" audit verify
expect_rc 0 "agent: audit verify"
run as_ "$AG" "$X" --workspace "$W" audit log --json
expect_out "\"actor\": \"$AG\"" "the agent's rows name the agent (real uid)"

# ---- nothing else reaches the files
run as_ "$AG" sqlite3 "$W/docket.db" "UPDATE agents SET role='admin' WHERE login='$AG'"
if [ "$RC" != 0 ]; then pass; else fail "agent: a direct sqlite3 write fails"; fi
run as_ "$AG" sh -c "echo x >> '$W/docket.db'"
if [ "$RC" != 0 ]; then pass; else fail "agent: a direct write to docket.db fails"; fi
expect_err "Permission denied" "agent: ... with permission denied"
run as_ "$AG" cat "$W/docket.db"
expect_rc 1 "agent: cannot read docket.db"
expect_err "Permission denied" "agent: reading docket.db: permission denied"
run as_ "$AG" ls "$W/legal"
if [ "$RC" != 0 ]; then pass; else fail "agent: cannot list legal/"; fi
expect_err "Permission denied" "agent: listing legal/: permission denied"
run as_ "$AG" cat "$W/legal/.git/HEAD"
expect_err "Permission denied" "agent: cannot read legal/.git"
run as_ "$AG" "$X" --workspace "$W" agent list --json
expect_out "\"role\": \"agent\"" "the agent is still an agent"
run as_ "$AG" "$X" --workspace "$W" agent set "$AG" admin
expect_rc 1 "agent: agent set needs the admin role"

# ---- the environment and --as are ignored for the agent
run as_ "$AG" env DOCKET_NOW=2001-01-01T00:00:00Z "$X" --workspace "$W" ticket note "$TK"
expect_err "DOCKET_NOW ignored" "agent: DOCKET_NOW is named as ignored"
run as_ "$AG" "$X" --workspace "$W" audit log --limit 1 --json
expect_out_not "2001-01-01" "agent: DOCKET_NOW did not back-date the row"
expect_out "$(date -u +%Y-%m-%d)" "agent: the row has today's date"
run as_ "$AG" "$X" --workspace "$W" --as "$ADM" ticket set "$TK" priority 1
expect_rc 0 "agent: --as is ignored, the action runs as the agent"
expect_err "--as $ADM ignored" "agent: --as ignored, said so"
run as_ "$AG" "$X" --workspace "$W" audit log --limit 1 --json
expect_out "\"actor\": \"$AG\"" "agent: the --as row names the agent"
expect_out_not "\"actor\": \"$ADM\"" "agent: the --as row does not name the admin"
run as_ "$ADM" "$X" --workspace "$W" --as "$AG" ticket set "$TK" priority 2
expect_rc 0 "admin: --as works"
run as_ "$ADM" "$X" --workspace "$W" audit log --limit 1 --json
expect_out "\"actor\": \"$AG\"" "admin --as: the row names the agent acted as"
expect_out "by=$ADM" "admin --as: and the real login"
run as_ "$AG" env SQLITE_TMPDIR=/nonexistent GIT_DIR=/nonexistent "$X" --workspace "$W" terms log
expect_rc 0 "agent: library variables are ignored"

# ---- mail: docket-mail (exec'd by docket) and the MTA it starts have the
# user's own ids, never the workspace group; the MTA records them
GID=$(getent group "$G" | cut -d: -f3)
O="$P/mta"
mkdir "$O" && chmod 1777 "$O"
cat >"$P/bin/rec-sendmail" <<EOF
#!/bin/sh
u=\$(id -un)
echo "G=\$(id -G) rG=\$(id -rG)" >>"$O/ids.\$u"
grep '^Gid:' /proc/self/status >>"$O/gid.\$u"
echo "HOME=\$HOME" >>"$O/env.\$u"
cat >"$O/msg.\$u"
[ -e "$O/defer" ] && exit 75
exit 0
EOF
chmod 0755 "$P/bin/rec-sendmail"
printf 'sender = support@desk.example\nsendmail = %s -t -oi\n' "$P/bin/rec-sendmail" >>"$W/config"
AGID=$(id -g "$AG")
touch "$O/defer"
runin "we mail you the answer" as_ "$AG" "$X" --workspace "$W" ticket reply "$TK"
expect_rc 0 "agent: a mailed reply (the MTA defers it)"
expect_eq "$(wc -l <"$O/ids.$AG" 2>/dev/null)" "1" "the reply's docket-mail ran the MTA once, as the agent"
grep -q "support@desk.example" "$O/msg.$AG" 2>/dev/null && pass || fail "the MTA got the reply"
rm -f "$O/defer"
run as_ "$AG" "$X" --workspace "$W" mail flush
expect_rc 0 "agent: docket mail flush (docket execs docket-mail)"
expect_out "1 accepted" "agent: the flush hands the deferred reply to the MTA"
expect_eq "$(wc -l <"$O/ids.$AG" 2>/dev/null)" "2" "the flush ran the MTA a second time"
ids=$(cat "$O/ids.$AG" 2>/dev/null)
expect_eq "$(printf '%s\n' "$ids" | grep -c "^G=$AGID.* rG=$AGID")" "2" "the MTA's effective and real gid are the agent's own ($ids)"
case " $(printf '%s' "$ids" | tr '\n=' '  ') " in
*" $GID "*) fail "the MTA has the workspace group $GID ($ids)" ;;
*) pass ;;
esac
# real, effective, saved and filesystem gid: all the agent's (a saved
# workspace gid would let the MTA take the group back)
expect_eq "$(sort -u "$O/gid.$AG" | tr -s ' \t' ' ')" "Gid: $AGID $AGID $AGID $AGID" "the MTA's real, effective, saved and fs gid are the agent's"
expect_eq "$(sort -u "$O/env.$AG")" "HOME=$P/h-$AG" "the MTA gets the agent's environment (HOME), not the filtered one"
run as_ "$AG" "$X" --workspace "$W" mail queue
expect_rc 0 "agent: mail queue"
expect_out "mail queue: empty" "agent: nothing is left in the queue"
run as_ "$AG" "$X" --workspace "$W" --as "$ADM" mail queue
expect_err "--as $ADM ignored" "agent: docket-mail ignores --as too"
run as_ "$AG" env DOCKET_NOW=2001-01-01T00:00:00Z "$X" --workspace "$W" mail queue
expect_eq "$(printf '%s\n' "$ERR" | grep -c "DOCKET_NOW ignored")" "1" "agent: DOCKET_NOW named as ignored once, not again by docket-mail"
run as_ "$AG" "$P/bin/docket-mail" --workspace "$W" mail queue
if [ "$RC" != 0 ]; then pass; else fail "agent: docket-mail started directly has only the agent's rights"; fi
ln -s /usr/bin/id "$P/h-$AG/docket-mail"
mv "$P/bin/docket-mail" "$P/bin/docket-mail.off"
run as_ "$AG" env PATH="$P/h-$AG:/usr/bin:/bin" "$X" --workspace "$W" mail queue
expect_out_not "uid=" "agent: a docket-mail on PATH is never run by the setgid docket"
expect_err "cannot run $P/bin/docket-mail" "agent: ... only the one beside docket, named"
expect_rc 1 "agent: ... and the command fails"
mv "$P/bin/docket-mail.off" "$P/bin/docket-mail"
sed -i '/^sender = /d; /^sendmail = /d' "$W/config"

# ---- paths the agent names are the agent's own
run as_ "$AG" "$X" --workspace "$W" customer export "$C" --out "$P/h-$AG/ada.txt"
if [ "$RC" = 0 ]; then
	expect_eq "$(stat -c %G "$P/h-$AG/ada.txt")" "$(id -gn "$AG")" "an export is written with the agent's own group"
else
	expect_err "needs the" "agent: export refused by role"
fi
run as_ "$AG" "$X" --workspace "$W" customer export "$C" --out "$W/planted.txt"
if [ "$RC" != 0 ] && [ ! -e "$W/planted.txt" ]; then pass; else fail "agent: an export cannot be written into the workspace"; fi
run as_ "$AG" "$X" --workspace "$W" backup "$P/h-$AG/all.tar"
expect_rc 1 "agent: backup needs legal or admin"
expect_err "needs the legal or admin role" "agent: backup refusal names the role"
[ ! -e "$P/h-$AG/all.tar" ] && pass || fail "agent: refused backup wrote nothing"
run as_ "$ADM" "$X" --workspace "$W" backup "$P/h-$ADM/all.tar"
expect_rc 0 "admin: backup"
expect_eq "$(stat -c '%U %G' "$P/h-$ADM/all.tar")" "$ADM $(id -gn "$ADM")" "the backup file is the admin's own"
run as_ "$AG" "$X" restore "$P/h-$ADM/all.tar" "$P/h-$AG/r"
if [ "$RC" != 0 ]; then pass; else fail "agent: cannot even read the admin's backup file"; fi

# ---- a personal workspace with the installed binary: the user's own
run as_ "$AG" "$X" init "$P/h-$AG/mine"
expect_rc 0 "agent: init of a personal workspace"
expect_eq "$(stat -c %G "$P/h-$AG/mine/docket.db")" "$(id -gn "$AG")" "a personal workspace is the user's group"
run as_ "$AG" "$X" --workspace "$P/h-$AG/mine" customer new --name B --email b@example.org --jurisdiction DE
expect_rc 0 "agent: works in the personal workspace"

t_done
