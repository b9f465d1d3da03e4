#!/bin/sh
# foundation.sh - workspace, agents, customers, tickets, search, audit,
# backup/restore and the error contract, driving ./docket.
. tests/cli/lib.sh
t_setup
W="$T/ws"
ME=$(id -un)

# ---- init
run $D init "$W"
expect_rc 0 "init creates a workspace"
expect_out "workspace created" "init says so"
check "legal/ is a git repository git reads" git -C "$W/legal" log --oneline
check "database is SQLite in WAL mode" sh -c "sqlite3 '$W/docket.db' 'PRAGMA journal_mode' | grep -qx wal"
perm=$(stat -c %a "$W/docket.db")
expect_eq "$perm" "660" "database is group read/write, nothing for others"
run $D init "$W"
expect_rc 1 "init over an existing workspace is refused"
expect_err "already holds a workspace" "init refusal names why"
expect_one_error_line "init refusal is one line"

# ---- global usage
run $D frobnicate
expect_rc 2 "unknown command is a usage error"
run $D --help
expect_rc 0 "--help"
expect_out "ticket new" "--help lists subcommands"

for cmd in init demo agent customer ticket search obligations obligation retention rules terms report audit backup restore; do
	run $D $cmd --help
	if [ "$RC" = 0 ] && printf '%s' "$OUT" | grep -q "docket $cmd"; then pass; else fail "$cmd --help lists its forms"; fi
done
run $D ticket --help
expect_out "docket ticket reply ID [--template NAME [--set NAME=VALUE]...] [--edit] [--attach FILE]... [--automated] [--expect-version V]" "ticket --help shows the reply form"

# ---- missing / broken workspaces
run $D --workspace "$T/nope" ticket list
expect_rc 1 "missing workspace"
expect_err "no such workspace" "missing workspace message"
expect_one_error_line "missing workspace is one line"
mkdir -p "$T/junk"; echo "hello, not a database" > "$T/junk/docket.db"
run $D --workspace "$T/junk" ticket list
expect_rc 1 "a file that is not SQLite"
expect_err "not a SQLite database" "not-SQLite message"
expect_eq "$(cat "$T/junk/docket.db")" "hello, not a database" "the junk file is untouched"
cp -r "$W" "$T/future"
sqlite3 "$T/future/docket.db" "PRAGMA user_version = 99"
run $D --workspace "$T/future" ticket list
expect_rc 1 "newer schema version"
expect_err "newer than this docket" "newer schema message"

# ---- agents and roles
export DOCKET_WORKSPACE="$W"
run $D agent list
expect_out "$ME" "the invoking login is an agent"
expect_out "admin" "the invoking login is admin"
run $D agent add maria agent
expect_rc 0 "admin adds an agent"
run $D agent add lena legal
run $D agent add bad! agent
expect_rc 1 "bad login refused"
run $D agent add bob superuser
expect_rc 1 "unknown role refused"
expect_err "expected agent, legal or admin" "role message"
run $D --as ghost ticket list
expect_rc 1 "unknown login refused"
expect_err "docket agent add ghost ROLE" "refusal names the admin's command"
run $D --as maria agent add eve admin
expect_rc 1 "agents cannot add agents"
expect_err "needs the admin role" "role refusal message"
run $D agent set maria legal
expect_rc 0 "agent set"
run $D agent set maria agent
expect_rc 0 "agent set back to agent"
run $D agent remove "$ME"
expect_rc 1 "the last admin cannot be removed"
run $D agent set "$ME" agent
expect_rc 1 "the last admin cannot lose the role"
expect_err "agent $ME: the last admin cannot lose the role" "says why"
run $D agent list --json
expect_eq "$(printf '%s' "$OUT" | /usr/bin/python3 -c "import json, sys; print([a['role'] for a in json.load(sys.stdin) if a['login'] == '$ME'])")" \
	"['admin']" "and stays admin"
run $D agent list --json
expect_out '"login": "maria"' "agent list --json"

# ---- customers
run $D customer new --name "Anna Schmidt" --email anna@example.de --jurisdiction DE
expect_rc 0 "customer new"
expect_eq "$OUT" "1" "customer new prints the id"
run $D customer new --name "Liam Garcia" --email liam@example.com --jurisdiction us-ca
expect_eq "$OUT" "2" "second customer"
before=$(db_dump "$W")
run $D customer new --name "X" --email not-an-email --jurisdiction DE
expect_rc 1 "malformed email"
expect_err "email: not-an-email: not an email address" "email message"
expect_one_error_line "email error is one line"
run $D customer new --name "X" --email x@example.com --jurisdiction NARNIA
expect_rc 1 "unknown jurisdiction"
expect_err "jurisdiction: NARNIA" "jurisdiction message"
run $D customer new --name "X" --email x@example.com --jurisdiction US-ZZ
expect_rc 1 "unknown US state"
expect_eq "$(db_dump "$W")" "$before" "failed customer commands change nothing"
run $D customer show 2 --json
expect_out '"jurisdiction": "US-CA"' "jurisdiction normalised to upper case"
run $D customer show 99
expect_rc 1 "unknown customer id"
expect_err "customer 99: no such customer" "unknown customer message"
run $D customer show abc
expect_rc 1 "non-numeric id"
run $D customer list --search schmidt
expect_out "Anna Schmidt" "customer list --search by name"
expect_out_not "Liam" "search filters"
run $D customer list --search LIAM@EXAMPLE
expect_out "Liam Garcia" "customer list --search by email, any case"
run $D customer list --jurisdiction DE --json
expect_out '"name": "Anna Schmidt"' "customer list --json"

# ---- tickets
runin "Hello, where is my parcel? Tracking says plumbago-sextant-47." $D ticket new --customer 1 --subject "Parcel missing" --kind question
expect_rc 0 "ticket new"
expect_eq "$OUT" "1" "ticket new prints the id"
runin "I request a copy of all my personal data." $D ticket new --customer 2 --subject "Data request" --kind data-access --channel web
TID2=$OUT
runin "x" $D ticket new --customer 1 --subject "S" --kind nonsense
expect_rc 1 "unknown kind"
runin "x" $D ticket new --customer 42 --subject "S"
expect_rc 1 "ticket for an unknown customer"
expect_err "customer 42: no such customer" "unknown customer message"
run $D ticket list
expect_out "Parcel missing" "ticket list shows open tickets"
expect_out "Data request" "ticket list shows both"
run $D ticket list --kind data-access --json
expect_out '"subject": "Data request"' "ticket list --kind --json"
expect_out_not "Parcel missing" "ticket list --kind filters"
run $D ticket list --limit 1 --json
n=$(printf '%s' "$OUT" | grep -c '"subject"')
expect_eq "$n" "1" "ticket list --limit pages"
run $D ticket show 1
expect_out "Parcel missing" "ticket show"
expect_out "plumbago-sextant-47" "ticket show prints the thread"
run $D ticket show 1 --json
expect_out '"messages"' "ticket show --json has messages"
expect_out '"direction": "in"' "messages carry their direction"
expect_out '"prompts"' "ticket show --json has prompts"
expect_out '"terms"' "ticket show --json has terms"
run $D ticket show 77
expect_rc 1 "unknown ticket"
expect_err "ticket 77: no such ticket" "unknown ticket message"

runin "We are looking into it." $D ticket reply 1
expect_rc 0 "reply"
runin "Customer called twice." $D ticket note 1
expect_rc 0 "note"
runin "" $D ticket reply 1
expect_rc 1 "empty reply refused"
run $D ticket show 1 --json
expect_out '"direction": "note"' "note stored as note"
expect_out '"direction": "out"' "reply stored as out"
ver=$(printf '%s' "$OUT" | sed -n 's/^  "version": \([0-9]*\),*/\1/p' | head -1)
run $D ticket set 1 status pending --expect-version "$ver"
expect_rc 0 "set with the current version"
before=$(db_dump "$W")
run $D ticket set 1 status open --expect-version "$ver"
expect_rc 1 "stale write refused"
expect_err "ticket 1 changed since you opened it" "stale write message"
expect_eq "$(db_dump "$W")" "$before" "stale write changes nothing"
run $D ticket set 1 priority 9
expect_rc 1 "bad priority"
run $D ticket set 1 colour blue
expect_rc 2 "unknown field is a usage error"
run $D ticket set 1 assignee maria
expect_rc 0 "assign to an agent"
run $D ticket set 1 assignee nobody-here
expect_rc 1 "assign to a non-agent refused"
run $D ticket list --assignee maria
expect_out "Parcel missing" "ticket list --assignee"
run $D ticket event 1 acknowledged
expect_rc 0 "event acknowledged"
run $D ticket event 1 teleported
expect_rc 1 "unknown event type"
run $D ticket event 1 resolved
expect_rc 0 "resolve"
run $D ticket list
expect_out_not "Parcel missing" "resolved tickets leave the open list"
run $D ticket list --status resolved
expect_out "Parcel missing" "ticket list --status resolved"
run $D ticket event 1 reopened
expect_rc 0 "reopen"

# ---- hostile text: escape sequences never reach the terminal
body=$(printf 'Hi\033]0;pwned\007 there\033[2J\033[31mred\302\233x \342\200\256evil')
runin "$body" $D ticket new --customer 1 --subject "$(printf 'Sub\033[1mject')" --kind question
expect_rc 1 "a subject with control characters is refused"
runin "$body" $D ticket new --customer 1 --subject "Escapes" --kind question
esc_id=$OUT
run $D ticket show "$esc_id"
case "$OUT" in *"$(printf '\033')"*) fail "raw ESC in ticket show output" ;; *) pass ;; esac
case "$OUT" in *"$(printf '\007')"*) fail "raw BEL in ticket show output" ;; *) pass ;; esac
expect_out '^[]0;pwned^G there^[[2J^[[31mred<U+009B>x <U+202E>evil' "escapes drawn visibly"
run $D ticket show "$esc_id" --json
expect_out '\u001B]0;pwned' "JSON keeps the text, escaped"

# ---- search
run $D search 'plumbago-sextant-47'
expect_rc 0 "search with punctuation"
expect_out "Parcel missing" "search finds the hyphenated token"
for q in '"' 'AND' 'a OR' '(' 'NEAR(' '*' 'x"y' '-' ':' '^'; do
	run $D search "$q"
	[ "$RC" = 0 ] && pass || fail "search '$q' never fails (exit $RC)"
done
run $D search '"personal data"'
expect_out "Data request" "quoted phrase"
run $D search personal parcel
expect_out_not "Data request" "all words must match"
run $D search data --json
expect_out '"id": '"$TID2" "search --json"

# ---- audit
run $D audit verify
expect_rc 0 "audit chain intact"
expect_out "chain intact" "audit verify message"
run $D audit log --json
expect_out '"action": "ticket.reply"' "audit log has actions"
expect_out_not "plumbago" "audit rows hold no message text"
expect_out_not "Anna" "audit rows hold no names"
expect_out_not "anna@example.de" "audit rows hold no emails"

# ---- backup and restore
run $D backup "$T/ws.backup"
expect_rc 0 "backup"
run $D backup "$T/ws.backup"
expect_rc 1 "backup refuses to overwrite"
run $D restore "$T/ws.backup" "$T/restored"
expect_rc 0 "restore"
expect_out "chain intact" "restore verifies the chain"
a=$(sqlite3 "$W/docket.db" "SELECT count(*), group_concat(body, '|') FROM messages")
b=$(sqlite3 "$T/restored/docket.db" "SELECT count(*), group_concat(body, '|') FROM messages")
expect_eq "$b" "$a" "restored data is identical"
check "restored legal repository is readable" git -C "$T/restored/legal" log --oneline
run $D --workspace "$T/restored" audit verify
expect_rc 0 "restored workspace verifies"
run $D restore "$T/ws.backup" "$T/restored"
expect_rc 1 "restore into an existing folder refused"

# ---- audit tampering (someone drops the guard triggers first)
cp -r "$W" "$T/tamper1"
sqlite3 "$T/tamper1/docket.db" "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'x' WHERE seq = 3"
run $D --workspace "$T/tamper1" audit verify
expect_rc 1 "edited row detected"
expect_err "row 3" "names the edited row"
cp -r "$W" "$T/tamper2"
sqlite3 "$T/tamper2/docket.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 4"
run $D --workspace "$T/tamper2" audit verify
expect_rc 1 "deleted row detected"
expect_err "row 4" "names the deleted row"
cp -r "$W" "$T/tamper3"
sqlite3 "$T/tamper3/docket.db" "DROP TRIGGER audit_no_update; UPDATE audit SET seq = -seq WHERE seq IN (5,6); UPDATE audit SET seq = 6 WHERE seq = -5; UPDATE audit SET seq = 5 WHERE seq = -6;"
run $D --workspace "$T/tamper3" audit verify
expect_rc 1 "reordered rows detected"
expect_err "row 5" "names the first reordered row"
cp -r "$W" "$T/tamper4"
last=$(sqlite3 "$T/tamper4/docket.db" "SELECT max(seq) FROM audit")
sqlite3 "$T/tamper4/docket.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = $last"
run $D --workspace "$T/tamper4" audit verify
expect_rc 1 "a row cut off the end is detected"
expect_eq "$ERR" "docket: audit: row $last: the chain's recorded head does not match (rows removed from the end)" \
	"the cut is named: the missing last row and why"
expect_out_not "chain intact" "a cut chain is not reported intact"
run $D --workspace "$T/tamper4" audit verify
expect_rc 1 "still detected by a second verify (verify repairs nothing)"
expect_err "row $last: the chain's recorded head does not match" "the second verify names the same row"
sqlite3 "$W/docket.db" "UPDATE audit SET detail='x' WHERE seq=1" 2>/dev/null
run $D audit verify
expect_rc 0 "the triggers refuse edits while they are there"

# ---- read-only workspace (not as root: root ignores permissions)
if [ "$(id -u)" != 0 ]; then
	chmod -R a-w "$W"
	run $D ticket set 2 priority 1
	expect_rc 1 "read-only workspace"
	chmod -R u+w "$W"
fi
cp -r "$W" "$T/ro"
chattr_ok=0
if command -v runuser >/dev/null && id nobody >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	chmod -R o+rx "$T" "$T/ro"; chmod o+r "$T/ro/docket.db"
	out=$(runuser -u nobody -- $D --workspace "$T/ro" --as "$ME" ticket list 2>&1); rc=$?
	[ $rc = 1 ] && pass || fail "a workspace the user cannot write is a clean error (exit $rc: $out)"
fi

t_done
