#!/bin/sh
# outputs.sh - the outputs that a refactoring must leave byte-identical.
#
#   sh tests/compat/outputs.sh DOCKET OUTDIR      write them into OUTDIR
#   sh tests/compat/outputs.sh --compare A B      compare two such folders
#
# Builds one `docket demo` workspace with DOCKET_NOW pinned and writes:
# terms diff in its four modes (first..last revision), terms which --all,
# terms log --json, ticket show --json for ten tickets, obligations --json,
# report --json, audit log --json and customer export for three customers.
# Run it with the binary before and after a change and --compare the two.
set -eu
if [ "${1:-}" = --compare ]; then
	a=$2 b=$3 bad=0 n=0
	for f in "$a"/*; do
		n=$((n + 1))
		name=$(basename "$f")
		if cmp -s "$f" "$b/$name"; then echo "same      $name"; else echo "DIFFERENT $name"; bad=$((bad + 1)); fi
	done
	echo "$((n - bad)) passed, $bad failed"
	[ "$bad" = 0 ]
	exit
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
for v in $(env | sed -n 's/^\(DOCKET_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
unset NO_COLOR VISUAL EDITOR LANGUAGE
export LC_ALL=C.UTF-8 TZ=UTC DOCKET_NOW=2026-11-29T09:00:00Z
rm -rf "$out"; mkdir -p "$out"
ws=$(mktemp -d)/ws
trap 'rm -rf "$(dirname "$ws")"' EXIT
"$bin" demo "$ws" --tickets 300 --customers 120 --seed 11 >/dev/null
export DOCKET_WORKSPACE="$ws"
first=$(git -C "$ws/legal" rev-list --reverse HEAD -- terms/terms-of-service.md | head -1)
last=$(git -C "$ws/legal" rev-parse HEAD)
"$bin" terms diff terms-of-service "$first" "$last" >"$out/diff-unified"
"$bin" terms diff terms-of-service "$first" "$last" --word >"$out/diff-word"
"$bin" terms diff terms-of-service "$first" "$last" --side-by-side >"$out/diff-side"
"$bin" terms diff terms-of-service "$first" "$last" --clauses >"$out/diff-clauses"
"$bin" terms which --all >"$out/which-all"
"$bin" terms log --json >"$out/log.json"
for t in 1 2 3 17 42 99 105 150 217 300; do
	"$bin" ticket show "$t" --json >"$out/ticket-$t.json"
done
"$bin" obligations --json --limit 0 >"$out/obligations.json"
"$bin" report --json >"$out/report.json"
"$bin" audit log --json >"$out/audit.json"
for c in 1 7 60; do
	"$bin" customer export "$c" >"$out/export-$c.json"
done
echo "outputs.sh: $(ls "$out" | wc -l) outputs in $out"
