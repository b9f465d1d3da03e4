#!/bin/sh
# terms_bench.sh - time `docket terms` beside git doing the same work, on a
# generated workspace: 5,000 revisions of a ~200 KB document, 100,000
# customers with acceptances. Prints figures; asserts nothing.
#
#   sh bench/terms_bench.sh [DIR]     (DIR is reused when it exists)
#   REVISIONS=500 CUSTOMERS=10000 sh bench/terms_bench.sh   (quick run)
cd "$(dirname "$0")/.." || exit 1
D=$(pwd)/docket
GEN=$(pwd)/build/bench/terms_gen
DIR=${1:-/tmp/docket-terms-bench}
REVISIONS=${REVISIONS:-5000}
CUSTOMERS=${CUSTOMERS:-100000}
KB=${KB:-200}
export DOCKET_NOW=2026-01-31T09:00:00Z LC_ALL=C TZ=UTC
GIT="env HOME=/nonexistent GIT_CONFIG_NOSYSTEM=1 git -C $DIR/legal"
DOC=terms/terms-of-service.md

if [ ! -e "$DIR/docket.db" ]; then
	echo "generating $DIR: $REVISIONS revisions of ${KB} KB, $CUSTOMERS customers"
	$D init "$DIR" >/dev/null || exit 1
	$GEN "$DIR" --revisions "$REVISIONS" --kb "$KB" --customers "$CUSTOMERS" || exit 1
	# pack the loose objects once, as any long-lived repository would be;
	# both tools then read the same packfile
	$GIT gc -q
fi

# median of 9 wall-clock runs, in seconds (a few ms each: the median is
# steadier than the best on a busy machine, for both tools)
median() {
	for i in 1 2 3 4 5 6 7 8 9; do
		s=$(date +%s.%N)
		"$@" >/dev/null 2>&1
		e=$(date +%s.%N)
		echo "$e - $s" | bc
	done | sort -n | sed -n 5p | xargs printf '%.4f'
}

row() { printf '%-37s docket %7s s   git %7s s\n' "$1" "$2" "$3"; }

A=$($GIT log --format=%H main -- $DOC | tail -2 | head -1)
B=$($GIT log --format=%H main -- $DOC | head -1)
size=$($GIT cat-file -s "$B:$DOC")
nrev=$($GIT rev-list --count main -- $DOC)
echo "workspace $DIR: $nrev revisions of $DOC ($size bytes at HEAD)"

# the fixed cost of a process: what neither tool can go below
row "start-up (--version)" \
	"$(median $D --version)" \
	"$(median git --version)"
row "terms log" \
	"$(median $D --workspace "$DIR" terms log)" \
	"$(median $GIT log '--format=%H %an %ct %(trailers:key=Effective,valueonly,separator=) %(trailers:key=Notice-Days,valueonly,separator=) %s' main -- $DOC)"
row "terms log --json" \
	"$(median $D --workspace "$DIR" terms log --json)" \
	"$(median $GIT log '--format=%H %an %ct %(trailers) %s' main -- $DOC)"
row "terms diff (first..last, line)" \
	"$(median $D --workspace "$DIR" terms diff "$A" "$B")" \
	"$(median $GIT diff --no-color "$A" "$B" -- $DOC)"
row "terms diff --word (first..last)" \
	"$(median $D --workspace "$DIR" terms diff "$A" "$B" --word)" \
	"$(median $GIT diff --no-color --word-diff=plain "$A" "$B" -- $DOC)"
# the redline to circulate (issue 16: at most 1 s), written to a file
row "terms diff --html (first..last)" \
	"$(median $D --workspace "$DIR" terms diff "$A" "$B" --html -o "$DIR/redline.html")" "-"
row "terms diff --side-by-side (first..last)" \
	"$(median $D --workspace "$DIR" terms diff "$A" "$B" --side-by-side)" "-"
row "terms show (first revision)" \
	"$(median $D --workspace "$DIR" terms show --rev "$A")" \
	"$(median $GIT show "$A:$DOC")"
P=$($GIT log --format=%H main -- $DOC | sed -n 2p)
row "terms diff (last two, line)" \
	"$(median $D --workspace "$DIR" terms diff "$P" "$B")" \
	"$(median $GIT diff --no-color "$P" "$B" -- $DOC)"
row "terms diff --word (last two)" \
	"$(median $D --workspace "$DIR" terms diff "$P" "$B" --word)" \
	"$(median $GIT diff --no-color --word-diff=plain "$P" "$B" -- $DOC)"
row "terms show (newest revision)" \
	"$(median $D --workspace "$DIR" terms show)" \
	"$(median $GIT show "$B:$DOC")"
row "terms which --all ($CUSTOMERS customers)" \
	"$(median $D --workspace "$DIR" terms which --all)" "-"
row "terms which --all --json" \
	"$(median $D --workspace "$DIR" terms which --all --json)" "-"
lines=$($D --workspace "$DIR" terms diff "$A" "$B" | wc -l)
same=no
[ "$($D --workspace "$DIR" terms diff "$A" "$B" | sed -n '/^@@/,$p' | md5sum)" = \
  "$($GIT diff --no-color "$A" "$B" -- $DOC | sed -n '/^@@/,$p' | md5sum)" ] && same=yes
echo "line diff: $lines lines; hunks identical to git diff: $same"
