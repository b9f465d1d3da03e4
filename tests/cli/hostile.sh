#!/bin/sh
# hostile.sh - invisible and reordering characters in customer text are
# drawn visibly in plain output (JSON keeps the real text), and a search
# query may begin with "-".
. tests/cli/lib.sh
t_setup
W="$T/ws"
dk() { "$D" --workspace "$W" "$@"; }
run $D init "$W"
zw=$(printf 'Pay\342\200\213Pal Support')               # U+200B inside
iso=$(printf 'Invoice \342\201\246gpj.exe\342\201\251 ok') # U+2066 .. U+2069
rlo=$(printf 'file \342\200\256txt.exe')                   # U+202E
wj=$(printf 'word\342\201\240joiner\357\273\277 \342\200\215zwj')
run dk customer new --name "$zw" --email pp@example.org --jurisdiction DE
expect_rc 0 "a customer whose name hides a zero-width space"
runin "$iso body" dk ticket new --customer 1 --subject "$iso"
runin "$rlo and $wj" dk ticket reply 1
run dk customer show 1
expect_out "Pay<U+200B>Pal Support" "customer show draws U+200B visibly"
run dk customer list
expect_out "Pay<U+200B>Pal Support" "customer list draws U+200B visibly"
run dk ticket list
expect_out "Invoice <U+2066>gpj.exe<U+2069> ok" "ticket list draws the bidi isolates visibly"
run dk ticket show 1
expect_out "Invoice <U+2066>gpj.exe<U+2069> ok" "ticket show: subject"
expect_out "file <U+202E>txt.exe" "ticket show: an override in a message"
expect_out "word<U+2060>joiner<U+FEFF> <U+200D>zwj" "ticket show: word joiner, BOM, ZWJ"
case "$OUT" in *"$(printf '\342\200\213')"*|*"$(printf '\342\201\246')"*|*"$(printf '\342\200\256')"*) fail "no invisible character reaches the terminal raw" ;; *) pass ;; esac
run dk ticket timeline 1
case "$OUT" in *"$(printf '\342\201\246')"*) fail "timeline: isolate raw" ;; *) pass ;; esac
run dk customer show 1 --json
case "$OUT" in *"$zw"*) pass ;; *) fail "JSON keeps the real text" ;; esac
run dk ticket show 1 --json
case "$OUT" in *"$iso"*) pass ;; *) fail "ticket JSON keeps the real subject" ;; esac

# ---- queries beginning with "-"
runin "the -x flag breaks it" dk ticket new --customer 1 --subject "minus flag"
run dk search -- -x
expect_rc 0 "search -- -x works"
expect_out "minus flag" "search -- -x finds the ticket"
run dk search -- "-x flag"
expect_rc 0 "a query beginning with - works"
expect_out "minus flag" "and finds it"
run dk search -- -
expect_rc 0 "a lone - is no syntax error"
run dk search -- '"-x' NOT AND '(' '*'
expect_rc 0 "FTS syntax in a query is no syntax error"
run dk search -x
expect_rc 2 "search -x without -- is a usage error"
expect_err "unknown option -x" "says so"
t_done
