#!/bin/sh
# attach.sh - `docket ticket attachment ID ATT [--out FILE [--replace]]`:
# the bytes of a mail attachment exactly as the sender's MIME part decodes
# (checked against Python's email package), written with mode 0600, never
# over an existing file unless asked; bad numbers say what was wrong.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
t_setup
W="$T/ws"
dk() { "$D" --workspace "$W" "$@"; }

check "init" "$D" init "$W"
for f in 14-rfc2231-filename 20-mixed-alt-pdf; do
	check "mail in $f" sh -c "\"$D\" --workspace \"$W\" mail in <tests/mail/corpus/$f.eml"
done
# what the MIME part decodes to, by an independent parser
/usr/bin/python3 - tests/mail/corpus/14-rfc2231-filename.eml "$T/want14" <<'PY'
import sys, email, email.policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
parts = [p for p in m.walk() if p.get_filename()]
assert len(parts) == 1, parts
open(sys.argv[2], "wb").write(parts[0].get_payload(decode=True))
print(parts[0].get_filename())
PY
[ -s "$T/want14" ] && pass || fail "python decoded the attachment of message 14"

run dk mail attachments 1
expect_out "Rechnung März €.pdf" "listed by its decoded name"
att=$(printf '%s\n' "$OUT" | cut -f1 | head -1)

dk ticket attachment 1 "$att" >"$T/got14"
expect_eq "$?" 0 "attachment to stdout"
cmp -s "$T/got14" "$T/want14" && pass || fail "stdout has the decoded bytes"

run dk ticket attachment 1 "$att" --out "$T/saved.pdf"
expect_rc 0 "attachment --out"
expect_out "attachment $att of ticket 1: $(wc -c <"$T/want14" | tr -d ' ') bytes written to $T/saved.pdf" "says what it wrote where"
cmp -s "$T/saved.pdf" "$T/want14" && pass || fail "the file has the decoded bytes"
expect_eq "$(stat -c %a "$T/saved.pdf")" 600 "written with mode 0600"

echo "mine" >"$T/saved.pdf"
run dk ticket attachment 1 "$att" --out "$T/saved.pdf"
expect_rc 1 "an existing file is not replaced"
expect_err "$T/saved.pdf: exists (not replaced)" "names the file"
expect_eq "$(cat "$T/saved.pdf")" "mine" "the existing file is untouched"
run dk ticket attachment 1 "$att" --out "$T/saved.pdf" --replace
expect_rc 0 "--replace replaces"
cmp -s "$T/saved.pdf" "$T/want14" && pass || fail "replaced with the attachment"

# an attachment of another ticket is not this ticket's
run dk mail attachments 2
other=$(printf '%s\n' "$OUT" | cut -f1 | head -1)
[ -n "$other" ] && [ "$other" != "$att" ] && pass || fail "ticket 2 has its own attachment"
run dk ticket attachment 1 "$other"
expect_rc 1 "another ticket's attachment refused"
expect_err "attachment $other: not an attachment of ticket 1 (it has 1;" "says whose it is not and how many it has"
run dk ticket attachment 99 1
expect_rc 1 "no such ticket"
expect_err "ticket 99" "names the ticket"
run dk ticket attachment 1 x
expect_rc 1 "not a number"
expect_err "attachment: x: not an attachment number" "names the bad argument"
run dk ticket attachment 1 "$att" --out "$T/no/such/dir/f"
expect_rc 1 "unwritable path"
expect_err "$T/no/such/dir/f" "names the path"
[ ! -e "$T/no" ] && pass || fail "nothing created for the failed write"

t_done
