#!/bin/sh
# run.sh - every command-line test script; sums their results.
cd "$(dirname "$0")/../.." || exit 1
pass=0; fail=0; bad=0
for t in tests/cli/*.sh; do
	case "$t" in */lib.sh|*/run.sh) continue ;; esac
	out=$(sh "$t" 2>&1); rc=$?
	echo "$out" | grep -v '^[a-z-]*: [0-9]* passed, [0-9]* failed$' | grep . | head -40
	line=$(echo "$out" | grep -E '^[a-z_-]+: [0-9]+ passed, [0-9]+ failed$' | tail -1)
	echo "$line"
	p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p'); f=$(echo "$line" | sed -n 's/.*passed, \([0-9]*\) failed/\1/p')
	pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
	if [ $rc -ne 0 ] || [ -z "$line" ]; then bad=$((bad + 1)); [ -z "$line" ] && fail=$((fail + 1)) && echo "FAIL $t: no result line (exit $rc)"; fi
done
echo "cli: $pass passed, $fail failed"
[ $bad -eq 0 ] && [ $fail -eq 0 ]
