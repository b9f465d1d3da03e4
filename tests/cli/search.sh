#!/bin/sh
# search.sh - `docket search` for people: --open leaves out resolved and
# closed tickets and still fills --limit; --sort urgency is the queue's
# order (most urgent deadline first); --sort relevance is --rank; a bad
# order is a usage error naming the good ones.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
t_setup
W="$T/ws"
dk() { "$D" --workspace "$W" "$@"; }
check "demo" "$D" demo "$W" --tickets 300 --customers 60 --seed 7

run dk search refund --limit 0 --json
expect_rc 0 "search"
printf '%s' "$OUT" >"$T/all.json"
run dk search refund --limit 0 --open --json
printf '%s' "$OUT" >"$T/open.json"
/usr/bin/python3 - "$T/all.json" "$T/open.json" <<'PY' && pass || fail "--open: exactly the matches that are not resolved or closed, in the same order"
import json, sys
a = json.load(open(sys.argv[1])); o = json.load(open(sys.argv[2]))
want = [t["id"] for t in a if t["status"] not in ("resolved", "closed")]
assert [t["id"] for t in o] == want, ([t["id"] for t in o], want)
assert 0 < len(want) < len(a), (len(want), len(a))
PY
n_open=$(dk search refund --limit 0 --open | wc -l)
run dk search refund --open --limit 3
expect_eq "$(printf '%s\n' "$OUT" | wc -l)" 3 "--open --limit 3 fills the limit with open tickets"
run dk search refund --limit 0 --open --sort urgency --json
printf '%s' "$OUT" >"$T/urg.json"
/usr/bin/python3 - "$T/open.json" "$T/urg.json" <<'PY' && pass || fail "--sort urgency: the same tickets, the most urgent deadline first (none last)"
import json, sys
o = json.load(open(sys.argv[1])); u = json.load(open(sys.argv[2]))
assert sorted(t["id"] for t in o) == sorted(t["id"] for t in u)
key = [(t["due_at"] is None, t["due_at"] or "", t["id"]) for t in u]
assert key == sorted(key), key
PY
first=$(dk search refund --open --sort urgency --limit 1 | awk '{ print $1 }')
expect_eq "$first" "$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["id"])' "$T/urg.json")" "a short urgent list begins as the long one"
expect_eq "$(dk search refund --sort relevance)" "$(dk search refund --rank)" "--sort relevance is --rank"
run dk search refund --sort soonest
expect_rc 2 "a bad order is a usage error"
expect_err "--sort: soonest: not an order (newest, relevance, urgency)" "names the orders"
[ "$n_open" -gt 3 ] && pass || fail "the demo has more than 3 open refund matches ($n_open)"
t_done
