#!/bin/sh
# publish_crash.sh - git history and the audit trail always agree: a
# publish killed right after main moved is completed by the next open, one
# killed before is dropped, 100 random kills leave no revision without its
# row, and a commit made behind docket's back is an unaudited revision.
. tests/cli/lib.sh
t_setup
W="$T/ws"
dk() { "$D" --workspace "$W" "$@"; }
run $D init "$W"
expect_rc 0 "init"
today=$(echo "$DOCKET_NOW" | cut -c1-10)
pub_rows() { sqlite3 "$W/docket.db" "SELECT count(*) FROM audit WHERE action = 'terms.publish'"; }
commits() { git -C "$W/legal" rev-list --count main; }
intents() { sqlite3 "$W/docket.db" "SELECT count(*) FROM publish_intents"; }

# ---- killed right after main moved, before the audit row
printf '# Terms\n\nVersion two.\n' >"$T/v2.md"
run env DOCKET_TEST_KILL_AT=publish-after-branch "$D" --workspace "$W" terms publish terms-of-service "$T/v2.md" --effective "$today"
expect_rc 137 "the publish was killed (SIGKILL) after the branch moved"
expect_eq "$(commits)" 2 "main holds the new revision"
expect_eq "$(pub_rows)" 0 "no audit row yet"
expect_eq "$(intents)" 1 "the intent is recorded"
rev=$(git -C "$W/legal" rev-parse main)
run dk audit verify
expect_rc 0 "the next open completes the publish; audit verify passes"
expect_eq "$(pub_rows)" 1 "the audit row is written"
expect_eq "$(intents)" 0 "and the intent gone"
run dk audit log --json
expect_out "revision=$rev" "the row names the revision on main"
expect_out "completed_after_crash=1" "and says it was completed after a crash"
run dk audit verify
expect_eq "$(pub_rows)" 1 "no second row on later opens"

# ---- killed after the intent, before main moved
printf '# Terms\n\nVersion three.\n' >"$T/v3.md"
run env DOCKET_TEST_KILL_AT=publish-after-intent "$D" --workspace "$W" terms publish terms-of-service "$T/v3.md" --effective "$today"
expect_rc 137 "the publish was killed before the branch moved"
expect_eq "$(git -C "$W/legal" rev-parse main)" "$rev" "main did not move"
expect_eq "$(intents)" 1 "the intent is recorded"
run dk audit verify
expect_rc 0 "audit verify passes (an intent accounts for its revision)"
expect_eq "$(intents)" 1 "a fresh intent is left to a publish that may still run"
sqlite3 "$W/docket.db" "UPDATE publish_intents SET started = started - 3600"
run dk terms log
expect_eq "$(intents)" 0 "an old intent whose revision is not on main is dropped"
expect_eq "$(pub_rows)" 1 "and no row is written for it"
run dk terms publish terms-of-service "$T/v3.md" --effective "$today"
expect_rc 0 "the publish can be done again"
expect_eq "$(pub_rows)" 2 "with its row"

# ---- a publish the branch move refuses (another publish holds main's
# lock right now): refused at once, its intent dropped, nothing changed
touch "$W/legal/.git/refs/heads/main.lock"
before=$(git -C "$W/legal" rev-parse main)
printf '# Terms\n\nVersion locked.\n' >"$T/vl.md"
run dk terms publish terms-of-service "$T/vl.md" --effective "$today"
expect_rc 1 "a publish while main is locked fails"
expect_err "main" "the refusal names the branch"
expect_eq "$(git -C "$W/legal" rev-parse main)" "$before" "main did not move"
expect_eq "$(intents)" 0 "its intent is dropped at once, not left for a later open"
expect_eq "$(pub_rows)" 2 "and no row is written"
rm -f "$W/legal/.git/refs/heads/main.lock"
run dk audit verify
expect_rc 0 "audit verify passes afterwards"

# ---- 100 random kills during publishes
i=0 killed=0
while [ $i -lt 100 ]; do
	printf '# Terms\n\nRandom version %s.\n' "$i" >"$T/r.md"
	"$D" --workspace "$W" terms publish terms-of-service "$T/r.md" --effective "$today" >/dev/null 2>&1 &
	p=$!
	sleep "0.0$(shuf -i 0-30 -n 1 | xargs printf '%02d')"
	kill -9 $p 2>/dev/null && killed=$((killed + 1))
	wait $p 2>/dev/null
	# a lock the killed publish left is stale by the next one (time
	# passes: docket removes locks older than 10 s)
	find "$W/legal/.git" -name '*.lock' -exec touch -d '-1 minute' {} +
	i=$((i + 1))
done
# stale intents (the killed ones) count as old now
sqlite3 "$W/docket.db" "UPDATE publish_intents SET started = started - 3600"
run dk audit verify
expect_rc 0 "after 100 random kills audit verify passes"
expect_eq "$(intents)" 0 "no intent is left over"
expect_eq "$(pub_rows)" "$(($(commits) - 1))" "every commit after the first has exactly one publish row"
run sh -c "git -C '$W/legal' fsck --no-progress 2>&1"
expect_rc 0 "git fsck is clean"
run sqlite3 "$W/docket.db" "PRAGMA integrity_check"
expect_out "ok" "the database is intact"
echo "publish-crash: $killed of 100 kills landed during a publish; $(pub_rows) publishes recorded"
printf '# Terms\n\nAfter the storm.\n' >"$T/a.md"
run dk terms publish terms-of-service "$T/a.md" --effective "$today"
expect_rc 0 "publishing still works after the kills"

# ---- an intent accounts for its revision while it cannot be completed
# (the database cannot be written: chattr +i), and is completed once only
if command -v chattr >/dev/null && [ "$(id -u)" = 0 ]; then
	printf '# Terms\n\nImmutable.\n' >"$T/i.md"
	run env DOCKET_TEST_KILL_AT=publish-after-branch "$D" --workspace "$W" terms publish terms-of-service "$T/i.md" --effective "$today"
	expect_rc 137 "killed after the branch moved (again)"
	rows_before=$(pub_rows)
	chattr +i "$W/docket.db"
	run dk audit verify
	expect_rc 0 "a pending intent accounts for the revision on main"
	expect_eq "$(intents)" 1 "(the intent could not be completed: the database is immutable)"
	chattr -i "$W/docket.db"
	# the same intent twice (two sessions reconciling at once): one row
	sqlite3 "$W/docket.db" "INSERT INTO publish_intents(object, old_rev, new_rev, actor, at, detail, started)
		SELECT object, old_rev, new_rev, actor, at, detail, started FROM publish_intents"
	run dk audit verify
	expect_rc 0 "completed"
	expect_eq "$(intents)" 0 "both intents gone"
	expect_eq "$(pub_rows)" "$((rows_before + 1))" "one audit row for the revision, not two"
else
	fail "publish-crash needs root and chattr for the immutable case"
fi

# ---- a commit behind docket's back
printf 'x\n' >>"$W/legal/README.md"
git -C "$W/legal" -c user.name=mallory -c user.email=m@x commit -qam "quiet change"
bad=$(git -C "$W/legal" rev-parse --short=7 main)
run dk audit verify
expect_rc 1 "a commit no row accounts for fails audit verify"
expect_err "legal revision $bad on main: unaudited" "names it"

# ---- a workspace made before audited publishing: its history is the baseline
W2="$T/old"
run $D init "$W2"
printf 'y\n' >>"$W2/legal/README.md"
git -C "$W2/legal" -c user.name=lena -c user.email=l@x commit -qam "before the upgrade"
sqlite3 "$W2/docket.db" "DROP TABLE publish_intents; DELETE FROM meta WHERE key = 'legal_baseline'; PRAGMA user_version = 4"
run $D --workspace "$W2" audit verify
expect_rc 0 "the history before the migration is not flagged"
expect_eq "$(sqlite3 "$W2/docket.db" "SELECT value FROM meta WHERE key = 'legal_baseline'")" \
	"$(git -C "$W2/legal" rev-parse main)" "the migration marked main's commit then as the baseline"
printf 'z\n' >>"$W2/legal/README.md"
git -C "$W2/legal" -c user.name=lena -c user.email=l@x commit -qam "after the upgrade"
run $D --workspace "$W2" audit verify
expect_rc 1 "a commit after the baseline is flagged"
t_done
