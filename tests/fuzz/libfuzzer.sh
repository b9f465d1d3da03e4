#!/bin/sh
# libfuzzer.sh build/libfuzzer/NAME... - run each libFuzzer target for
# $FUZZ_SECONDS seconds, from tests/fuzz/corpus/NAME; new inputs go to
# build/fuzz-corpus/NAME, crashes to build/libfuzzer/NAME-crash-*.
: "${FUZZ_SECONDS:=60}"
export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
pass=0; fail=0
for t in "$@"; do
	name=$(basename "$t")
	mkdir -p "build/fuzz-corpus/$name"
	log="build/libfuzzer/$name.log"
	if "$t" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
		-artifact_prefix="build/libfuzzer/$name-" \
		"build/fuzz-corpus/$name" "tests/fuzz/corpus/$name" >"$log" 2>&1; then
		pass=$((pass + 1))
		echo "$name: $(grep -E '^Done [0-9]+ runs' "$log" | tail -1)"
	else
		fail=$((fail + 1))
		grep -E 'ERROR|property violated|SUMMARY|Test unit written|^artifact_prefix' "$log" | head -20
		echo "$name: FAILED (log: $log)"
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ $fail -eq 0 ]
