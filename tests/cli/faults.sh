#!/bin/sh
# faults.sh - a full disk and a read-only file system (a small tmpfs the
# test mounts and unmounts): reads work, writes fail saying "disk full" or
# "read-only file system" with the workspace named and nothing changed; an
# empty docket.db is refused; nothing in a workspace is for others; a
# restore brings back no hooks and nothing executable; backup and restore
# need their roles.
. tests/cli/lib.sh
t_setup
if [ "$(id -u)" != 0 ]; then
	fail "faults needs root (it mounts a tmpfs)"
	t_done
fi
M="$T/mnt"
mkdir -p "$M"
mount -t tmpfs -o size=4m,mode=0755 tmpfs "$M" || { fail "mount a tmpfs"; t_done; }
trap 'umount "$M" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
W="$M/ws"
dk() { "$D" --workspace "$W" "$@"; }
dump() { sqlite3 "file:$W/docket.db?mode=ro&immutable=1" .dump | md5sum; }
run $D init "$W"
expect_rc 0 "init on the tmpfs"
run dk customer new --name "Ada Lovelace" --email ada@example.org --jurisdiction DE
runin "parcel never arrived" dk ticket new --customer 1 --subject "Late parcel"
expect_rc 0 "ticket new"
run dk agent add bob agent
run dk agent add lena legal
n=$(find "$W" -perm /o=rwx | wc -l)
expect_eq "$n" 0 "nothing in a workspace is readable by others (legal/.git included)"

# ---- a full disk
dd if=/dev/zero of="$M/fill" bs=4k >/dev/null 2>&1
before=$(dump)
run dk ticket show 1
expect_rc 0 "full disk: ticket show works"
expect_out "Late parcel" "full disk: ticket show shows the ticket"
run dk search parcel
expect_rc 0 "full disk: search works"
expect_out "Late parcel" "full disk: search finds it"
run dk terms log
expect_rc 0 "full disk: terms log works"
run dk audit verify
expect_rc 0 "full disk: audit verify works"
runin "more" dk ticket note 1
expect_rc 1 "full disk: a note fails"
expect_err "workspace $W: disk full" "full disk: says disk full, naming the workspace"
expect_one_error_line "full disk: one line"
run dk ticket set 1 priority 1
expect_err "disk full" "full disk: ticket set says disk full"
printf '# Terms\n\nNew.\n' >"$T/new.md"
run dk terms publish terms-of-service "$T/new.md" --effective 2026-03-01
expect_rc 1 "full disk: publish fails"
expect_err "disk full" "full disk: publish says disk full (not a libgit2 riddle)"
expect_eq "$(dump)" "$before" "full disk: nothing changed in the database"
expect_eq "$(git -C "$W/legal" rev-list --count main)" 1 "full disk: nothing published"
rm -f "$M/fill"

# ---- a read-only file system
runin "before the remount" dk ticket note 1
expect_rc 0 "a note with room on the disk"
mount -o remount,ro "$M"
before=$(dump)
run dk ticket show 1
expect_rc 0 "read-only: ticket show works"
expect_out "before the remount" "read-only: shows the latest note"
run dk search parcel
expect_rc 0 "read-only: search works"
run dk terms log
expect_rc 0 "read-only: terms log works"
runin "more" dk ticket note 1
expect_rc 1 "read-only: a note fails"
expect_err "workspace $W: read-only file system" "read-only: says so, naming the workspace"
expect_one_error_line "read-only: one line"
run dk terms publish terms-of-service "$T/new.md" --effective 2026-03-01
expect_rc 1 "read-only: publish fails"
expect_err "read-only file system" "read-only: publish says so"
expect_eq "$(dump)" "$before" "read-only: nothing changed"
mount -o remount,rw "$M"

# ---- a publish on a damaged history: refused, the missing object named
cp -r "$W" "$T/dmg"
blob=$(git -C "$T/dmg/legal" rev-parse HEAD:README.md)
rm -f "$T/dmg/legal/.git/objects/$(echo "$blob" | cut -c1-2)/$(echo "$blob" | cut -c3-)"
tip=$(git -C "$T/dmg/legal" rev-parse main)
run $D --workspace "$T/dmg" terms publish terms-of-service "$T/new.md" --effective 2026-03-01
expect_rc 1 "a publish whose tree refers to a missing object is refused"
expect_err "object $(echo "$blob" | cut -c1-12) (README.md) is missing" "the missing object is named"
expect_eq "$(git -C "$T/dmg/legal" rev-parse main)" "$tip" "main did not move"
expect_eq "$(sqlite3 "$T/dmg/docket.db" "SELECT count(*) FROM audit WHERE action = 'terms.publish'")" 0 "no publish row"

# ---- an empty docket.db is not a workspace
E="$T/empty"
mkdir -p "$E"
cp -r "$W/legal" "$E/legal"
: >"$E/docket.db"
run $D --workspace "$E" ticket list
expect_rc 1 "an empty docket.db is refused"
expect_err "not a docket database" "says it is not a docket database"
expect_eq "$(stat -c %s "$E/docket.db")" 0 "and leaves it empty"
echo "not sqlite at all" >"$E/docket.db"
run $D --workspace "$E" ticket list
expect_rc 1 "a non-SQLite docket.db is refused"

# ---- backup and restore: roles, audit, no hooks, nothing executable
run dk --as bob backup "$T/b.tar"
expect_rc 1 "an agent may not take a backup"
expect_err "needs the legal or admin role" "backup refusal names the role"
[ ! -e "$T/b.tar" ] && pass || fail "the refused backup wrote nothing"
printf '#!/bin/sh\necho pwned\n' >"$W/legal/.git/hooks/post-checkout"
chmod 0770 "$W/legal/.git/hooks/post-checkout"
chmod 0770 "$W/legal/README.md"
run dk --as lena backup "$T/b.tar"
expect_rc 0 "legal may take a backup"
run dk audit log --limit 1 --json
expect_out '"action": "workspace.backup"' "the backup is audited"
expect_out '"actor": "lena"' "with who took it"
run $D restore "$T/b.tar" "$T/r"
expect_rc 0 "an admin restores"
[ ! -e "$T/r/legal/.git/hooks/post-checkout" ] && pass || fail "restore brings back no hook"
n=$(find "$T/r" -type f -perm /111 | wc -l)
expect_eq "$n" 0 "restore brings back nothing executable"
run $D --workspace "$T/r" audit log --limit 1 --json
expect_out '"action": "workspace.restore"' "the restore is audited"
run $D --workspace "$T/r" audit verify
expect_rc 0 "the restored workspace verifies"
# a backup of a workspace where the restoring user is no admin
cp -r "$T/r" "$T/r2"
sqlite3 "$T/r2/docket.db" "INSERT INTO agents(login, role) VALUES('eve', 'admin'); UPDATE agents SET role = 'agent' WHERE login = '$(id -un)'"
tar --format=ustar -C "$T/r2" -cf "$T/b2.tar" docket.db legal
run $D restore "$T/b2.tar" "$T/r3"
expect_rc 1 "restore needs the admin role in the backed-up workspace"
expect_err "restore: needs the admin role" "restore refusal names the role"
[ ! -e "$T/r3/docket.db" ] && pass || fail "the refused restore leaves no database"
t_done
