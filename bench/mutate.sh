#!/bin/sh
# mutate.sh - mutation testing of the code with legal or security weight:
# every mutant of bench/mutants.txt is applied alone in a scratch copy of
# the tree, which is built and tested (the mutant's own tests first, then,
# if they pass, every unit and CLI test). Prints each survivor and the
# score; exits 1 below MUTATE_TARGET percent (default 95).
#
#   sh bench/mutate.sh [PATTERN]     only mutants whose line has PATTERN
#   MUTATE_LIST=FILE                 mutants from FILE, not bench/mutants.txt
#   MUTATE_QUICK=1                   a mutant's own tests only (a first look
#                                    for survivors; the score needs a full run)
# Slow (minutes per surviving mutant): not part of make check.
cd "$(dirname "$0")/.." || exit 1
SRC=$(pwd)
S=${MUTATE_DIR:-/tmp/docket-mutate.$$}
TARGET=${MUTATE_TARGET:-95}
pat=${1:-}
rm -rf "$S"
mkdir -p "$S"
trap 'rm -rf "$S"' EXIT
trap 'exit 130' INT TERM
git ls-files | tar -cf - -T - | tar -xf - -C "$S"
# the originals the mutants are made from: this copy, not the live tree
# (which may change while this runs)
mkdir -p "$S/.orig"
git ls-files | tar -cf - -T - | tar -xf - -C "$S/.orig"
cp "${MUTATE_LIST:-bench/mutants.txt}" "$S/.mutants" || exit 1
cd "$S" || exit 1
if [ -z "${MUTATE_DRY:-}" ]; then
	echo "mutate: building the unmutated tree in $S"
	make -j2 all >/dev/null 2>&1 || { echo "mutate: the tree does not build"; exit 1; }
fi

run_tests() { # $1 = test list; 0 when they all pass
	for t in $1; do
		case "$t" in
		cli:*) sh "tests/cli/${t#cli:}.sh" >/dev/null 2>&1 || return 1 ;;
		unit:*) "build/tests/${t#unit:}" >/dev/null 2>&1 || return 1 ;;
		fuzz) make fuzz-smoke >/dev/null 2>&1 || return 1 ;;
		all) make unit >/dev/null 2>&1 && sh tests/cli/run.sh >/dev/null 2>&1 || return 1 ;;
		esac
	done
	return 0
}

total=0 caught=0 skipped=0 bybuild=0
survivors=""
grep -v '^#' "$S/.mutants" | grep . | grep -F -- "$pat" >"$S/.todo"
while IFS= read -r line; do
	info=$(/usr/bin/python3 - "$S" "$S/.orig" "$line" <<'PY'
import sys
S, SRC, line = sys.argv[1], sys.argv[2], sys.argv[3]
f = [x.strip(" ") for x in line.split(" | ")]
dec = lambda s: "" if s == "(none)" else s.replace("\\|", "|").replace("\\n", "\n").replace("\\t", "\t")
path, old, new = f[0], dec(f[1]), dec(f[2])
print(path + "\t" + f[3] + "\t" + f[4])
s = open(SRC + "/" + path).read()
if s.count(old) != 1:
    sys.exit(1)
open(S + "/" + path, "w").write(s.replace(old, new))
PY
)
	ok=$?
	file=$(printf '%s' "$info" | cut -f1)
	tests=$(printf '%s' "$info" | cut -f2)
	what=$(printf '%s' "$info" | cut -f3)
	if [ $ok -ne 0 ]; then
		echo "mutate: SKIP (text not found once): $file: $what"
		skipped=$((skipped + 1))
		continue
	fi
	if [ -n "${MUTATE_DRY:-}" ]; then
		echo "mutate: applies: $file: $what"
		cp "$S/.orig/$file" "$S/$file"
		continue
	fi
	total=$((total + 1))
	if ! make -j2 all >/dev/null 2>&1; then
		echo "mutate: caught by the build (a bad mutant: it should build): $what"
		caught=$((caught + 1))
		bybuild=$((bybuild + 1))
	elif ! run_tests "$tests" || { [ -z "${MUTATE_QUICK:-}" ] && ! run_tests all; }; then
		echo "mutate: caught: $what"
		caught=$((caught + 1))
	else
		echo "mutate: SURVIVED: $file: $what"
		survivors="$survivors
  $file: $what"
	fi
	cp "$S/.orig/$file" "$S/$file"
	touch "$S/$file"
done <"$S/.todo"
[ -n "${MUTATE_DRY:-}" ] && exit 0
score=$((total ? caught * 100 / total : 0))
echo "mutate: $caught of $total mutants caught ($score%; $bybuild of them by the build), $skipped skipped"
[ -n "$survivors" ] && echo "mutate: survivors:$survivors"
[ "$score" -ge "$TARGET" ]
