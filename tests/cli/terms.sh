#!/bin/sh
# terms.sh - `docket terms`: log, show, diff, which, publish, accept, and
# bad input (no legal/, corrupt repository, unknown REV, missing document,
# binary file), compared with the git command line where it applies.
. tests/cli/lib.sh
t_setup
export DOCKET_NOW=2026-01-31T09:00:00Z
W="$T/ws"
G="git -C $W/legal"

run $D demo "$W" --customers 40 --tickets 20
expect_rc 0 "demo workspace"

# ---- log
run $D --workspace "$W" terms log
expect_rc 0 "terms log"
n=$(printf '%s\n' "$OUT" | grep -c .)
[ "$n" -ge 9 ] && pass || fail "terms log lists at least 9 revisions ($n)"
gitn=$($G log --format=%h main -- terms/terms-of-service.md | wc -l)
expect_eq "$n" "$gitn" "terms log has the commits git log -- path has"
expect_out "Starter legal content" "the first revision is listed"
run $D --workspace "$W" terms log --json
expect_rc 0 "terms log --json"
ids=$(printf '%s' "$OUT" | grep '"revision"' | sed 's/.*: "\(.*\)".*/\1/' | tr '\n' ' ')
gitids=$($G log --format=%H main -- terms/terms-of-service.md | tr '\n' ' ')
expect_eq "$ids" "$gitids" "terms log --json ids are git's, newest first"
expect_out '"notice_days": 30' "notice days in JSON"
expect_out '"effective": "' "effective in JSON"
run $D --workspace "$W" terms log privacy-policy
expect_rc 0 "log of another document"
expect_eq "$(printf '%s\n' "$OUT" | grep -c .)" "1" "privacy policy has one revision"

# ---- show
run $D --workspace "$W" terms show --rev HEAD~2
expect_rc 0 "terms show --rev HEAD~2"
expect_eq "$OUT" "$($G show HEAD~2:terms/terms-of-service.md)" "show equals git show"
# show and diff read only legal/: whoever can read it may (git could too);
# the database is not opened, so not being an agent does not matter there
cp -r "$W" "$T/noagent"
sqlite3 "$T/noagent/docket.db" "DELETE FROM agents"
run $D --workspace "$T/noagent" terms show --rev HEAD~2
expect_rc 0 "terms show needs no agent row"
expect_eq "$OUT" "$($G show HEAD~2:terms/terms-of-service.md)" "terms show without the database"
run $D --workspace "$T/noagent" terms diff HEAD~2 HEAD
expect_rc 0 "terms diff needs no agent row"
run $D --workspace "$T/noagent" terms log
expect_rc 1 "terms log (reads the database) still needs an agent"
expect_err "not an agent of this workspace" "and says so"
run $D --workspace "$T/nowhere" terms show
expect_rc 1 "terms show: no workspace"
expect_err "no such workspace" "says so"
# the static build has no network stack (terms/tls.c): libgit2 is inside
# the binary and neither libssh2, mbedTLS nor GSSAPI is loaded; a shared
# build (STATIC=0, or no static archives) loads libgit2.so itself
libs=$(ldd "$D" 2>&1)
case "$libs" in
*libgit2*) pass ;;
*libssh2* | *libmbed* | *libgssapi*) fail "static docket loads a network library: $libs" ;;
*libc.so*) pass ;;
*) fail "ldd $D: $libs" ;;
esac
first=$($G rev-list --max-parents=0 HEAD)
run $D --workspace "$W" terms show terms-of-service --rev "$(echo $first | cut -c1-8)"
expect_out "## 4. Fees and payment" "show by id prefix"
$G tag v-first "$first"
run $D --workspace "$W" terms show --rev v-first
expect_rc 0 "show by tag"
run $D --workspace "$W" terms show --rev nosuchrev
expect_rc 1 "unknown REV fails"
expect_err "revision: nosuchrev: unknown" "unknown REV is named"
expect_one_error_line "unknown REV is one line"
run $D --workspace "$W" terms show no-such-doc
expect_rc 1 "missing document fails"
expect_err "terms/no-such-doc.md: not in revision" "missing document is named"
run $D --workspace "$W" terms show ../../etc/passwd
expect_rc 1 "document names cannot escape terms/"

# ---- diff, against git
A=$($G log --format=%H main -- terms/terms-of-service.md | sed -n 9p)
B=$($G log --format=%H main -- terms/terms-of-service.md | sed -n 1p)
run $D --workspace "$W" terms diff "$A" "$B"
expect_rc 0 "terms diff"
mine=$(printf '%s\n' "$OUT" | sed -n '/^@@/,$p')
theirs=$($G diff "$A" "$B" -- terms/terms-of-service.md | sed -n '/^@@/,$p')
expect_eq "$mine" "$theirs" "unified hunks equal git diff's"
run $D --workspace "$W" terms diff terms-of-service HEAD~3 HEAD --word
expect_rc 0 "terms diff --word"
# docket's word diff is git's form, not its algorithm (it marks across line
# ends): each hunk must read back as the old text without {+...+} and as
# the new without [-...-], the lines its header names, as git stores them
$G show HEAD~3:terms/terms-of-service.md >"$T/w-old.md"
$G show HEAD:terms/terms-of-service.md >"$T/w-new.md"
check "word diff hunks read back as git's old and new text" sh -c \
	"printf '%s\n' \"\$1\" | /usr/bin/python3 tests/cli/worddiff_check.py '$T/w-old.md' '$T/w-new.md'" sh "$OUT"
expect_out "you [-reasonable-]{+at least 30 days'+} notice {+by email +}before it applies to you." \
	"word diff marks the removed and the added words of the notice clause"
run $D --workspace "$W" terms diff "$A" "$B" --side-by-side --width 60
expect_rc 0 "side by side"
wide=$(printf '%s\n' "$OUT" | awk '{ if (length($0) > 60) n++ } END { print n + 0 }')
expect_eq "$wide" "0" "side by side fits 60 columns"
run $D --workspace "$W" terms diff "$A" "$B" --clauses
expect_rc 0 "clauses"
expect_out "added" "clauses lists added sections"
expect_out "moved" "clauses lists moved sections"
run $D --workspace "$W" terms diff "$A" "$B" --word --clauses
expect_rc 2 "two diff forms is a usage error"
run $D --workspace "$W" terms diff "$A"
expect_rc 2 "one revision is a usage error"

# ---- which
run $D --workspace "$W" terms which 1
expect_rc 0 "which"
which1=$OUT
expect_eq "$(printf '%s\n' "$OUT" | grep -c .)" "1" "which prints one line"
run $D --workspace "$W" terms which 1 --json
expect_out '"revision": "' "which --json has the revision"
expect_out '"reason": "' "which --json has the reason"
run $D --workspace "$W" terms which 1 --at 2000-01-01
expect_out "did not exist yet" "before the customer existed"
run $D --workspace "$W" terms which 999999
expect_rc 1 "unknown customer"
run $D --workspace "$W" terms which --all
expect_rc 0 "which --all"
expect_eq "$(printf '%s\n' "$OUT" | grep -c .)" "40" "one line per customer"
run $D --workspace "$W" terms which --all --json
expect_rc 0 "which --all --json"
check "which --all --json is JSON" sh -c "printf '%s' '$(printf '%s' "$OUT" | tr -d "'")' | python3 -m json.tool"

# ---- publish
cp "$W/legal/terms/terms-of-service.md" "$T/new.md"
printf '\n## 99. Severability\n\nIf a clause is invalid, the rest stands.\n' >>"$T/new.md"
before=$($G rev-parse HEAD)
run $D --workspace "$W" terms publish terms-of-service "$T/new.md" --effective 2025-01-01
expect_rc 1 "effective before today is refused"
expect_err "before today" "says why"
run $D --workspace "$W" terms publish terms-of-service "$W/legal/terms/terms-of-service.md" --effective 2026-03-01
expect_rc 1 "identical text is refused"
expect_err "identical" "says identical"
printf 'a\000b' >"$T/bin.md"
run $D --workspace "$W" terms publish terms-of-service "$T/bin.md" --effective 2026-03-01
expect_rc 1 "binary file is refused"
expect_err "binary" "says binary"
expect_eq "$($G rev-parse HEAD)" "$before" "failed publishes leave main alone"
expect_eq "$($G status --porcelain)" "" "and the working tree clean"
run $D --workspace "$W" terms publish terms-of-service "$T/new.md" --effective 2026-03-01 --notice-days 30 -m "Add severability"
expect_rc 0 "publish"
new=$OUT
expect_eq "$($G rev-parse HEAD)" "$new" "publish prints the new head"
expect_eq "$($G log -1 --format='%an|%s|%(trailers:key=Effective,valueonly,separator=)|%(trailers:key=Notice-Days,valueonly,separator=)')" \
	"$(id -un)|Add severability|2026-03-01|30" "commit carries author, subject and trailers"
expect_eq "$($G log -1 --format=%ct)" "$(date -d 2026-01-31T09:00:00Z +%s)" "commit time is DOCKET_NOW"
expect_eq "$($G status --porcelain)" "" "working tree follows"
run $D --workspace "$W" audit log
expect_out "terms.publish" "publish is audited"
run $D --workspace "$W" terms which 1
expect_rc 0 "which during the notice"
expect_eq "$OUT" "$which1" "existing customer not bound during notice: the same revision and reason as before the publish"
expect_out_not "$(echo $new | cut -c1-7)" "... not the new one"
run $D --workspace "$W" terms which 1 --at 2026-03-03
expect_rc 0 "which after the notice"
expect_eq "$(printf '%s\n' "$OUT" | cut -c1-7)" "$(echo $new | cut -c1-7)" "bound after notice: the new revision"
expect_out "binding after 30 days' notice from 2026-03-02" "bound after notice, with that reason"

# ---- accept
run $D --workspace "$W" terms accept 1 --channel web
expect_rc 0 "accept"
expect_out "via web" "accept says so"
run $D --workspace "$W" terms which 1
expect_out "$(echo $new | cut -c1-7)" "acceptance binds at once"
expect_out "accepted 2026-01-31 via web" "with that reason"
run $D --workspace "$W" terms accept 1 --rev nosuchrev
expect_rc 1 "accept of unknown REV"
run $D --workspace "$W" terms accept 999999
expect_rc 1 "accept for unknown customer"

# ---- role
run $D --workspace "$W" agent add bob agent
run $D --workspace "$W" --as bob terms publish terms-of-service "$T/new.md" --effective 2026-03-01
expect_rc 1 "agents cannot publish"
expect_err "needs the" "role refusal"

# ---- broken repositories
mv "$W/legal" "$W/legal.off"
run $D --workspace "$W" terms log
expect_rc 1 "no legal/"
expect_err "legal repository: $W/legal: missing" "says missing"
expect_one_error_line "one line"
mkdir "$W/legal"
run $D --workspace "$W" terms log
expect_rc 1 "legal/ not a repository"
expect_err "not a git repository" "says so"
rmdir "$W/legal"
mv "$W/legal.off" "$W/legal"
echo 0123456789012345678901234567890123456789 >"$W/legal/.git/refs/heads/main"
run $D --workspace "$W" terms log
expect_rc 1 "corrupt repository"
expect_one_error_line "corrupt repository: one line"
run $D --workspace "$W" terms show
expect_rc 1 "corrupt repository: show"

t_done
