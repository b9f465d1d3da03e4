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

# ---- ticket reply --attach: the file goes out as a MIME part, stored with
# the reply; a copy exported for the customer ticks the access duty's step
printf '#!/bin/sh\ncat >"%s/sent-$$.eml"\n' "$T" >"$T/sendmail"
chmod +x "$T/sendmail"
printf 'sender = support@desk.example\nsendmail = %s\nprocessing.controller = Example Ltd\nprocessing.contact = dpo@example.test\n' "$T/sendmail" >>"$W/config"
CA=$(dk customer new --name "Greta Access" --email greta@example.de --jurisdiction DE)
TA=$(echo "Please send me a copy of all my personal data." | dk ticket new --customer "$CA" --subject "Access request" --kind data-access)
copy_step_done() {
	dk ticket show "$TA" --json | /usr/bin/python3 -c '
import json, sys
t = json.load(sys.stdin)
st = [s for o in t["obligations"] if o["rule_id"] == "gdpr-access" for s in o["steps"] if s["text"].startswith("Send the copy")]
assert st, "no copy step"
print("done " + (st[0]["evidence"] or "-") if st[0]["done"] else "open")'
}
printf 'Invoice 2026-17, total 42 EUR\n' >"$T/invoice.txt"
runin "Here is the invoice you asked about." dk ticket reply "$TA" --attach "$T/invoice.txt"
expect_rc 0 "reply with an attachment"
MSG=$OUT
sent=$(ls "$T"/sent-*.eml 2>/dev/null | head -1)
[ -n "$sent" ] && pass || fail "the reply was handed to sendmail"
/usr/bin/python3 - "$sent" "$T/invoice.txt" <<'PY' && pass || fail "the mail carries the file as an attachment with its bytes"
import sys, email, email.policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
assert m.get_content_type() == "multipart/mixed", m.get_content_type()
parts = [p for p in m.iter_attachments()]
assert len(parts) == 1 and parts[0].get_filename() == "invoice.txt", [p.get_filename() for p in parts]
assert parts[0].get_content_type() == "text/plain"
assert parts[0].get_payload(decode=True) == open(sys.argv[2], "rb").read()
assert "Here is the invoice" in m.get_body(("plain",)).get_content()
PY
run dk mail attachments "$TA"
expect_out "invoice.txt" "the sent file is stored with the reply"
expect_out "message $MSG" "as the reply's attachment"
expect_eq "$(copy_step_done)" "open" "an ordinary file does not tick the copy step"
# the copy: exported, then attached
run dk customer export "$CA" --out "$T/greta.json" --out "$T/greta.html"
expect_rc 0 "export the customer's copy"
rm -f "$T"/sent-*.eml
runin "Your copy is attached: the data as JSON and a readable page." dk ticket reply "$TA" --attach "$T/greta.json" --attach "$T/greta.html"
expect_rc 0 "reply with the exported copy"
run dk ticket timeline "$TA"
expect_out "copy-sent" "the timeline records that the copy was sent"
ev=$(sqlite3 "$W/docket.db" "SELECT id FROM events WHERE ticket_id = $TA AND type = 'copy-sent' ORDER BY id LIMIT 1")
expect_eq "$(copy_step_done)" "done event:$ev" "the exported copy ticks the access duty's copy step, the event its evidence"
sent=$(ls "$T"/sent-*.eml 2>/dev/null | head -1)
/usr/bin/python3 - "$sent" "$T/greta.json" "$T/greta.html" <<'PY' && pass || fail "both copies go out byte for byte"
import sys, email, email.policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
got = {p.get_filename(): p.get_payload(decode=True) for p in m.iter_attachments()}
assert got == {"greta.json": open(sys.argv[2], "rb").read(), "greta.html": open(sys.argv[3], "rb").read()}, list(got)
PY
run dk audit log --json
expect_out '"ticket.attach"' "the attachments are audited"
expect_out_not 'Invoice 2026-17' "the audit holds no file content"
# refusals change nothing
before=$(db_dump "$W")
runin "x" dk ticket reply "$TA" --attach "$T/no-such-file"
expect_rc 1 "a missing file is refused"
expect_err "$T/no-such-file" "names the file"
head -c 2048 /dev/zero >"$T/big.bin"
printf 'mail_max_bytes = 1000\n' >>"$W/config"
runin "x" dk ticket reply "$TA" --attach "$T/big.bin"
expect_rc 1 "files over mail_max_bytes are refused"
expect_err "more than mail_max_bytes (1000 bytes); nothing was sent" "says the limit"
expect_eq "$(db_dump "$W")" "$before" "a refused reply changes nothing"

t_done
