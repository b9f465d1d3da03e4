#!/bin/sh
# storage.sh - where the database is (config key `database`), backups as a
# dump of it, and backups made before that (tar member docket.db) still
# restoring; driving ./docket.
. tests/cli/lib.sh
t_setup
W="$T/ws"
run $D init "$W"
expect_rc 0 "init"
run $D --workspace "$W" customer new --name "Anna Schmidt" --email anna@example.de --jurisdiction DE
expect_rc 0 "customer new"
runin "plumbago in the parcel" $D --workspace "$W" ticket new --customer 1 --subject "Parcel lost" --kind question
expect_rc 0 "ticket new"
before=$(db_dump "$W")
# what a restore must bring back: the records and the audit chain
content() {
	sqlite3 "$1/docket.db" "SELECT group_concat(id || ':' || name || ':' || email, '|') FROM customers;
		SELECT group_concat(id || ':' || subject, '|') FROM tickets;
		SELECT group_concat(id || ':' || body, '|') FROM messages;
		SELECT group_concat(seq || ':' || hash, '|') FROM audit WHERE seq <= $2"
}

# ---- the locator
printf 'database = postgresql://db.example/docket\n' >"$W/config"
run $D --workspace "$W" ticket list
expect_rc 1 "an unknown database scheme is refused"
expect_err "config: database: postgresql://db.example/docket" "the refusal names the key and the value"
expect_err "unknown database scheme" "the refusal says why"
expect_one_error_line "the refusal is one line"
expect_eq "$(db_dump "$W")" "$before" "a refused open changes nothing"
printf 'database = sqlite:docket.db\n' >"$W/config"
run $D --workspace "$W" ticket list
expect_rc 0 "the default locator, spelt out"
rm "$W/config"

# ---- backup: a dump, not the database file
run $D --workspace "$W" backup "$T/new.backup"
expect_rc 0 "backup"
members=$(tar -tf "$T/new.backup")
case "$members" in *database.dump*) pass ;; *) fail "the backup holds the database's dump ($members)" ;; esac
case "$members" in *docket.db*) fail "the backup holds no database file ($members)" ;; *) pass ;; esac
run $D restore "$T/new.backup" "$T/r1"
expect_rc 0 "restore from a dump"
expect_out "chain intact" "restore verifies the chain"
expect_eq "$(content "$T/r1" 3)" "$(content "$W" 3)" "restored data is identical"
expect_eq "$(sqlite3 "$T/r1/docket.db" "SELECT count(*) FROM audit WHERE action != 'workspace.restore'")" 3 "the dump was taken before the backup's own audit row (the restore adds its own)"
check "no dump left in the restored workspace" test ! -e "$T/r1/database.dump"
run $D --workspace "$T/r1" search plumbago
expect_out "Parcel lost" "the restored search index finds the ticket"

# ---- a backup made before dumps: the database file itself as docket.db
mkdir -p "$T/old"
sqlite3 "$W/docket.db" "VACUUM INTO '$T/old/docket.db'"
cp -r "$W/legal" "$T/old/legal"
(cd "$T/old" && tar -cf "$T/old.backup" docket.db legal)
run $D restore "$T/old.backup" "$T/r2"
expect_rc 0 "an old backup restores"
expect_out "chain intact" "an old backup's chain verifies"
expect_eq "$(content "$T/r2" 4)" "$(content "$W" 4)" "an old backup's data is identical"

# ---- a damaged dump restores nothing
mkdir -p "$T/bad"
printf 'not a dump at all\n' >"$T/bad/database.dump"
cp -r "$W/legal" "$T/bad/legal"
(cd "$T/bad" && tar -cf "$T/bad.backup" database.dump legal)
run $D restore "$T/bad.backup" "$T/r3"
expect_rc 1 "a damaged dump is refused"
expect_err "not a dump" "the refusal says why"
check "no database left behind" test ! -e "$T/r3/docket.db"
check "the records compared are there" sh -c "sqlite3 \"$T/r2/docket.db\" \"SELECT body FROM messages\" | grep -q plumbago"
t_done
