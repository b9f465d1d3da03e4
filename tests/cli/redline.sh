#!/bin/sh
# redline.sh - `docket terms diff DOC REV1 REV2 --html [-o FILE]`: the
# redline to circulate, checked in a real browser. Debian's chromium,
# headless, renders it to a PNG and a PDF and dumps its DOM: every change
# of `terms diff --word` is in it as <del>/<ins>, and the PDF has a page.
# The browser runs under `timeout`, with its own --user-data-dir in $T,
# in a network namespace of its own where unshare(1) can make one (and
# with the resolver mapped to nothing either way), and with --no-sandbox
# when run as root (Chromium's sandbox refuses root).
# Also: self-contained (no URL, no script), hostile text escaped, -o
# writes atomically with the user's rights, usage errors, the notice
# warning (issue 16 item 5).
. tests/cli/lib.sh
t_setup
unset NO_COLOR COLUMNS
W="$T/ws"
G="git -C $W/legal"
PY=/usr/bin/python3

run $D demo "$W" --customers 20 --tickets 10
expect_rc 0 "demo workspace"
export DOCKET_WORKSPACE="$W"
revs() { $D terms log | awk '{ print $1 }'; }
NEW=$(revs | sed -n 1p) PREV=$(revs | sed -n 2p) FIRST=$(revs | tail -1)

CHROME=$(command -v chromium || true)
[ -n "$CHROME" ] && pass || fail "chromium is installed (scripts/deps.sh)"
NS=""
if unshare -n true 2>/dev/null; then NS="unshare -n"; elif unshare -rn true 2>/dev/null; then NS="unshare -rn"; fi
SANDBOX=""
[ "$(id -u)" = 0 ] && SANDBOX="--no-sandbox"
# chrome URL OUTPUT-OPTION...: one headless run, bounded
chrome() {
	_url=$1
	shift
	rm -rf "$T/profile"
	mkdir -p "$T/profile"
	timeout 90 $NS "$CHROME" --headless $SANDBOX --disable-gpu --user-data-dir="$T/profile" --no-first-run \
		--disable-extensions --disable-background-networking --disable-component-update --disable-sync \
		--disable-default-apps --host-resolver-rules="MAP * ~NOTFOUND" --no-pdf-header-footer \
		--window-size=1000,1400 "$@" "$_url" 2>"$T/chrome.err"
}

# changes of the word diff and of the DOM, one per line: KIND<TAB>text
# (newlines as \n; the newlines at either end of a part are left out:
# the CLI moves a whole line's newline to its front, the HTML need not)
word_changes() {
	$PY -c '
import re, sys
t = sys.stdin.read()
t = t[t.index("\n@@"):] if "\n@@" in t else ""
t = re.sub(r"(?m)^@@ .*\n", "", t)
for m in re.finditer(r"\[-(.*?)-\]|\{\+(.*?)\+\}", t, re.S):
    k, s = ("del", m.group(1)) if m.group(1) is not None else ("ins", m.group(2))
    print(k + "\t" + s.strip("\n").replace("\n", "\\n"))
'
}
dom_changes() {
	$PY -c '
import re, sys, html
t = sys.stdin.read()
i = t.index("<div class=\"text\">")
t = t[i:t.index("</div>", i)]
for m in re.finditer(r"<(del|ins)>(.*?)</\1>", t, re.S):
    print(m.group(1) + "\t" + html.unescape(m.group(2)).strip("\n").replace("\n", "\\n"))
'
}

# ---- the file
for pair in "$PREV $NEW" "$FIRST $NEW"; do
	set -- $pair
	a=$1 b=$2
	tag="$(echo $a | cut -c1-7)..$(echo $b | cut -c1-7)"
	run $D terms diff terms-of-service "$a" "$b" --html -o "$T/r.html"
	expect_rc 0 "$tag: --html -o"
	expect_eq "$OUT" "" "$tag: -o writes nothing to stdout"
	run $D terms diff terms-of-service "$a" "$b" --html
	expect_rc 0 "$tag: --html to stdout"
	check "$tag: stdout holds what -o wrote" cmp "$T/.out" "$T/r.html"
	H=$(cat "$T/r.html")
	case "$H" in "<!DOCTYPE html>"*) pass ;; *) fail "$tag: starts with the doctype" ;; esac
	# self-contained: no URL, nothing loaded, no script
	grep -Eiq 'https?:|//[a-z0-9]|<script|<link|<img|<iframe|src=|href=|@import|url\(' "$T/r.html" &&
		fail "$tag: something would be fetched: $(grep -Eio 'https?:[^ ]*|<script|<link|src=|href=|@import|url\(' "$T/r.html" | head -3)" || pass
	expect_out "<style>" "$tag: inline CSS"
	expect_out "@media print" "$tag: a print stylesheet"
	expect_out "Content-Security-Policy" "$tag: a policy that forbids loading anything"
	# the title, both revisions with effective dates, notice and authors
	$D terms log --json >"$T/log.json"
	for id in $a $b; do
		line=$($PY -c '
import json, sys
for r in json.load(open(sys.argv[1])):
    if r["id"].startswith(sys.argv[2]):
        print(r["effective"][:10] + "\t" + r["author"] + "\t" + str(r["notice_days"]) + "\t" + r["subject"])
' "$T/log.json" "$id")
		eff=$(echo "$line" | cut -f1) au=$(echo "$line" | cut -f2) nd=$(echo "$line" | cut -f3)
		expect_out "<code class=\"id\">$id" "$tag: revision $id named"
		expect_out "<td>$eff</td>" "$tag: effective $eff"
		expect_out "<td>$au &lt;$au@docket&gt;</td>" "$tag: author $au"
		[ "$nd" = 0 ] || expect_out "<td>$nd days</td>" "$tag: notice $nd days"
	done
	expect_out "<title>Redline: terms-of-service, $(echo $a | cut -c1-7) to $(echo $b | cut -c1-7)</title>" "$tag: title"
	# the clause summary, as --clauses
	$D terms diff terms-of-service "$a" "$b" --clauses | while IFS= read -r c; do
		grep -qF "<li>$c</li>" "$T/r.html" || { echo "FAIL [$T_NAME] $tag: clause not listed: $c"; exit 1; }
	done && pass || fail "$tag: clause summary"

	# ---- in the browser: the DOM has every change of --word
	$D terms diff terms-of-service "$a" "$b" --word | word_changes >"$T/word.txt"
	[ -s "$T/word.txt" ] && pass || fail "$tag: the word diff has changes"
	chrome "file://$T/r.html" --dump-dom >"$T/dom.html"
	expect_eq "$?" "0" "$tag: chromium --dump-dom ran"
	dom_changes <"$T/dom.html" >"$T/dom.txt"
	if cmp -s "$T/word.txt" "$T/dom.txt"; then pass; else
		fail "$tag: DOM changes differ from terms diff --word: $(diff "$T/word.txt" "$T/dom.txt" | head -6)"; fi
	echo "$tag: $(wc -l <"$T/word.txt") changes of --word, $(grep -c '^del' "$T/dom.txt") <del> and $(grep -c '^ins' "$T/dom.txt") <ins> in the DOM"
	# rendered: a PNG, and printed: a PDF with a page
	rm -f "$T/r.png" "$T/r.pdf"
	chrome "file://$T/r.html" --screenshot="$T/r.png" >/dev/null
	[ "$(head -c 8 "$T/r.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] && pass ||
		fail "$tag: screenshot is a PNG ($(head -3 "$T/chrome.err"))"
	chrome "file://$T/r.html" --print-to-pdf="$T/r.pdf" >/dev/null
	[ "$(head -c 5 "$T/r.pdf" 2>/dev/null)" = "%PDF-" ] && pass || fail "$tag: printed to a PDF ($(head -3 "$T/chrome.err"))"
	pages=$($PY -c 'import re,sys; print(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", open(sys.argv[1],"rb").read())))' "$T/r.pdf" 2>/dev/null)
	[ "${pages:-0}" -ge 1 ] && pass || fail "$tag: the PDF has a page ($pages)"
	echo "$tag: PDF $(wc -c <"$T/r.pdf") bytes, $pages page(s); PNG $(wc -c <"$T/r.png") bytes"
done
# the print stylesheet strikes through and underlines in black and white
check "print: del struck through" grep -q 'del,.del{color:#000;background:none;text-decoration:line-through}' "$T/r.html"
check "print: ins underlined" grep -q 'ins,.ins{color:#000;background:none;text-decoration:underline' "$T/r.html"

# ---- hostile text: escaped, nothing runs, nothing is hidden
cp "$W/legal/terms/terms-of-service.md" "$T/evil.md"
printf '\n## 99. <script>alert(1)</script> & "quotes" '"'"'x'"'"'\n\nText with <img src=x onerror=alert(2)> and \342\200\256 override and \033[31m escape.\n' >>"$T/evil.md"
run $D terms publish terms-of-service "$T/evil.md" --effective 2026-04-15 --notice-days 45 -m '<b>bold</b> & co'
expect_rc 0 "publish a hostile revision"
EVIL=$OUT
run $D terms diff terms-of-service "$NEW" "$EVIL" --html -o "$T/e.html"
expect_rc 0 "redline of the hostile revision"
check "no raw <script>" sh -c "! grep -q '<script' '$T/e.html'"
check "no raw <img" sh -c "! grep -q '<img' '$T/e.html'"
check "script escaped" grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;x&#39;' "$T/e.html"
check "bidi override shown, not applied" grep -q '&lt;U+202E&gt; override' "$T/e.html"
check "escape shown" grep -q '\^\[\[31m escape' "$T/e.html"
check "subject escaped" grep -q '<td>&lt;b&gt;bold&lt;/b&gt; &amp; co</td>' "$T/e.html"
chrome "file://$T/e.html" --dump-dom >"$T/edom.html"
n=$($PY -c 'import re,sys; t=open(sys.argv[1]).read(); print(len(re.findall(r"<(script|img|b)[ >]", t)))' "$T/edom.html")
expect_eq "$n" "0" "the browser made no script, image or bold element of the text"
$PY -c 'import re,sys; t=open(sys.argv[1]).read(); sys.exit(0 if re.search(r"<ins>[^<]*## 99\. &lt;script&gt;alert\(1\)", t) else 1)' "$T/edom.html" &&
	pass || fail "the hostile heading is an insertion in the DOM"

# ---- -o: the user's own rights, atomically; failures leave nothing
mkdir "$T/out"
( umask 022 && $D terms diff terms-of-service "$PREV" "$NEW" --html -o "$T/out/r.html" )
expect_eq "$(stat -c %a "$T/out/r.html")" "644" "-o honours the umask (022: 644)"
expect_eq "$(ls "$T/out")" "r.html" "no temporary file left"
echo old >"$T/out/keep.html"
run $D terms diff terms-of-service "$PREV" nosuchrev --html -o "$T/out/keep.html"
expect_rc 1 "unknown revision"
expect_eq "$(cat "$T/out/keep.html")" "old" "a failed redline leaves the file alone"
run $D terms diff terms-of-service "$PREV" "$NEW" --html -o "$T/nodir/r.html"
expect_rc 1 "-o into a missing folder fails"
expect_one_error_line "with one error line"
expect_err "$T/nodir/r.html" "naming the file"
run $D terms diff terms-of-service "$PREV" "$NEW" -o "$T/out/x.html"
expect_rc 2 "-o without --html is a usage error"
run $D terms diff terms-of-service "$PREV" "$NEW" --html --word
expect_rc 2 "--html with --word is a usage error"
expect_eq "$(ls "$T/out" | sort | tr '\n' ' ')" "keep.html r.html " "nothing else written"
run $D terms diff terms-of-service "$NEW" "$NEW" --html
expect_rc 0 "a redline of no change"
expect_out "Clauses changed (0)" "says no clause changed"
expect_out_not "<del>" "and marks nothing"

# ---- the notice warning (issue 16 item 5): the newest revision promises
# "at least 30 days' notice" in §9; a revision giving 14 is warned about,
# in the redline and when it is published; one giving 30 is not
printf '\n## 98. Severability\n\nIf a clause is invalid, the rest stands.\n' >>"$T/evil.md"
run $D terms publish terms-of-service "$T/evil.md" --effective 2026-03-11 --notice-days 14 -m "Short notice"
expect_rc 0 "publish with 14 days' notice"
SHORT=$OUT
expect_err "warning: this revision gives existing customers 14 days' notice; §9 Changes to these Terms of $(echo $EVIL | cut -c1-7) promises 30 days" "publish warns"
run $D terms diff terms-of-service "$EVIL" "$SHORT" --html
expect_out "<strong>Warning:</strong> Revision $(echo $SHORT | cut -c1-7) gives existing customers 14 days&#39; notice; §9 Changes to these Terms of $(echo $EVIL | cut -c1-7) promises 30 days" "the redline warns"
run $D terms diff terms-of-service "$NEW" "$EVIL" --html
expect_out_not "Warning:" "45 days' notice: no warning"
# the effective date counts too: 0 notice days but effective 40 days on
printf '\n## 97. Notices\n\nBy email.\n' >>"$T/evil.md"
run $D terms publish terms-of-service "$T/evil.md" --effective 2026-04-10 -m "Late effective"
expect_rc 0 "publish effective in 40 days"
expect_err_not() { case "$ERR" in *"$1"*) fail "$2 (stderr has '$1')" ;; *) pass ;; esac; }
expect_err_not "warning" "binding 40 days on: no warning"
# "reasonable notice" (the older revisions) promises no number: no warning
run $D terms diff terms-of-service "$FIRST" "$PREV" --html
expect_out_not "Warning:" "reasonable notice: no warning"

t_done
