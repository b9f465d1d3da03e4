#!/bin/sh
# run-unit.sh DIR TEST... - run Check test programs, sum their results.
# Each prints Check's "NN%: Checks: N, Failures: N, Errors: N" line.
dir=$1; shift
fail=0; total=0; bad=0
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	echo "$out" | grep -E '^[0-9]+%: Checks' | sed "s|^|$(basename "$t"): |"
	n=$(echo "$out" | sed -n 's/.*Checks: \([0-9]*\).*/\1/p' | tail -1)
	f=$(echo "$out" | sed -n 's/.*Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2/p' | tail -1)
	total=$((total + ${n:-0}))
	if [ $rc -ne 0 ]; then
		echo "$out" | grep -vE '^(Running suite|[0-9]+%: Checks)' | head -40
		bad=$((bad + 1))
		set -- $f
		fail=$((fail + ${1:-1} + ${2:-0}))
	fi
done
echo "unit ($dir): $((total - fail)) passed, $fail failed"
[ $bad -eq 0 ]
