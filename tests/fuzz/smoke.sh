#!/bin/sh
# smoke.sh build/fuzz/NAME... - run each replay-driven fuzz target (ASan +
# UBSan) over tests/fuzz/corpus/NAME and $FUZZ_RUNS mutations of it.
# A failing target leaves its input in build/fuzz/crash-NAME.
: "${FUZZ_RUNS:=2000}"
export FUZZ_RUNS
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1
pass=0; fail=0
for t in "$@"; do
	name=$(basename "$t")
	art="build/fuzz/crash-$name"
	rm -f "$art"
	# targets that cost microseconds a run get ten times the mutations
	case $name in
	text|dtime|jurisdiction) runs=$((FUZZ_RUNS * 10)) ;;
	*) runs=$FUZZ_RUNS ;;
	esac
	if out=$(FUZZ_RUNS=$runs FUZZ_ARTIFACT="$art" "$t" "tests/fuzz/corpus/$name" 2>&1); then
		echo "$out" | tail -1
		pass=$((pass + 1))
	else
		echo "$out" | tail -40
		echo "$name: FAILED (input in $art; replay: $t $art)"
		fail=$((fail + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ $fail -eq 0 ]
