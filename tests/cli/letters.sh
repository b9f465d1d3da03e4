#!/bin/sh
# letters.sh - the letters the law asks for (issue 14 items 8, 9): letter
# templates in the legal repository (templates/NAME.md, authorities.ini),
# checked by `rules check` with file:line errors; `ticket templates ID`
# lists those the ticket's open duties call for; `ticket reply ID
# --template NAME` fills one for the ticket (customer, dates, the duty,
# the extension's reasons, the authority of the customer's jurisdiction),
# quotes the customer's last message, records template, revision and the
# duty it meets, and sends it through real msmtp to an SMTP server on
# 127.0.0.1 (python3-aiosmtpd); --edit hands it to $EDITOR first.
. "$(dirname "$0")/lib.sh"
t_setup
unset DOCKET_NOW
export EDITOR=false VISUAL=
C=$(pwd)/tests/mail
W="$T/ws"
TAB=$(printf '\t')
# the decoded text of a received message: body FILE
body() { /usr/bin/python3 -c 'import email,sys; m=email.message_from_binary_file(open(sys.argv[1],"rb")); print(m.get_payload(decode=True).decode("utf-8"))' "$1"; }
hdr() { /usr/bin/python3 -c 'import email,sys; m=email.message_from_binary_file(open(sys.argv[1],"rb")); print(m[sys.argv[2]] or "")' "$1" "$2"; }

# ---- the starter pack ships the letters and the authority table
run $D rules check legal-starter
expect_rc 0 "the starter pack checks"
expect_out "10 letter templates, 39 authorities: ok" "ten letters and the authority table"
run $D init "$W"
expect_rc 0 "init"
for f in acknowledgement identity-request extension-notice refusal access-response erasure-confirmation \
	fca-final-response fca-summary-resolution breach-notice terms-change; do
	[ -f "$W/legal/templates/$f.md" ] && pass || fail "init copies templates/$f.md"
done
grep -q '^\[GB\]' "$W/legal/templates/authorities.ini" && pass || fail "init copies the authority table"
git -C "$W/legal" ls-files templates | grep -q "templates/refusal.md" && pass || fail "the templates are versioned in the legal repository"
run $D --workspace "$W" rules check
expect_rc 0 "the workspace's legal repository checks"

# ---- rules check: mistakes in templates, with file:line
cp -r "$W/legal" "$T/bad"
printf -- '---\ntitle: Bad\nmeets: sometimes\nrules: nosuch-*\ncolour: red\n---\nDear {{customer_name}},\nyour {{ticket_nmuber}} and {{ unclosed\n' \
	>"$T/bad/templates/bad.md"
printf 'no header\n' >"$T/bad/templates/plain.md"
printf -- '---\ntitle: T\nuse: terms\n---\nHello\n' >"$T/bad/templates/nosubject.md"
printf '[XX-1234]\nname = x\n[FR]\nname = dup\n[ZA]\nurl = https://x\n' >>"$T/bad/templates/authorities.ini"
run $D rules check "$T/bad"
expect_rc 1 "rules check fails on bad templates"
expect_err "templates/bad.md:3: meets: 'sometimes' is not a duty kind" "meets checked"
expect_err "templates/bad.md:4: rules: 'nosuch-*' matches no rule of the rule pack" "rules patterns checked against the pack"
expect_err "templates/bad.md:5: unknown key 'colour'" "unknown header key"
expect_err "templates/bad.md:8: unknown placeholder {{ticket_nmuber}}" "an unknown placeholder, with its line"
expect_err "templates/bad.md:8: '{{' without '}}'" "an unclosed placeholder"
expect_err "templates/plain.md:1: a template starts with a header" "a template without header"
expect_err "templates/nosubject.md:1: a terms letter needs a 'subject'" "standalone letters need a subject"
expect_err "templates/authorities.ini:" "the authority table is checked"
expect_err "'XX-1234' is not a jurisdiction code" "authority codes checked"
expect_err "duplicate jurisdiction 'FR'" "duplicate authorities"
expect_err "[ZA] has no 'name'" "an authority needs a name"
expect_err "templates: " "the summary counts template errors"
rm -rf "$T/bad"

# ---- a workspace that mails through msmtp to the sink
t_msmtprc 7919
t_mail_config "$W"
S="$T/sink"
rm -f "$S/ready" "$S/stop"
/usr/bin/python3 "$C/smtp_sink.py" "$PORT" "$S" 120 >"$T/sink.log" 2>&1 &
SINK=$!
i=0
while [ ! -e "$S/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -e "$S/ready" ] && pass || fail "SMTP sink did not start: $(cat "$T/sink.log")"
stop_sink() { touch "$S/stop"; wait "$SINK" 2>/dev/null; }
trap 'stop_sink; rm -rf "$T"' EXIT

X="$D --workspace $W"
$X customer new --name "Ada Lovelace" --email ada@example.org --jurisdiction GB >/dev/null
printf 'Please send me a copy of all my data.\nThanks, Ada\n' | $X ticket new --customer 1 --subject "Copy of my data" --kind data-access >/dev/null
run $X ticket templates 1
expect_rc 0 "ticket templates"
expect_out "access-response" "an access request calls for the access-response cover letter"
expect_out "refusal                  meets the final of ukgdpr-access (obligation 1, due " "and a refusal, meeting the final duty"
expect_out "identity-request         for the final of ukgdpr-access" "and the identity request, which meets no duty"
expect_out_not "erasure-confirmation" "not the erasure confirmation (kind data-erasure)"
expect_out_not "fca-final-response" "not the FCA letters (rule fca-*)"
expect_out_not "extension-notice" "no extension yet: no extension notice"
run $X ticket templates 1 --json
expect_out '"template": "refusal"' "--json"

# placeholders without a value: refused, nothing changes
before=$(db_dump "$W")
run $X ticket reply 1 --template refusal
expect_rc 1 "a refusal without reasons is refused"
expect_err "placeholders refusal_reasons have no value" "naming the missing placeholder"
expect_one_error_line "one error line"
run $X ticket reply 1 --template nosuch
expect_rc 1 "an unknown template"
expect_err "template nosuch: not in the legal repository's templates/" "says where it looked"
run $X ticket reply 1 --template refusal --set bogus=1
expect_rc 2 "--set of an unknown placeholder is a usage error"
run $X ticket reply 1 --set refusal_reasons=x
expect_rc 2 "--set without --template is a usage error"
run $X ticket reply 1 --template terms-change
expect_rc 1 "a terms notice is not a reply"
expect_eq "$(db_dump "$W")" "$before" "failed letters changed nothing"
[ ! -e "$S/0001.eml" ] && pass || fail "nothing was mailed"

# ---- the extension notice: new date and reasons, the ICO, the quote
run $X ticket event 1 extended --detail "Your request covers twelve years of records held in three systems."
expect_rc 0 "extend"
run $X ticket templates 1
expect_out "extension-notice         meets the notice of ukgdpr-access" "the extension calls for the extension notice"
run $X ticket reply 1 --template extension-notice
expect_rc 0 "send the extension notice"
expect_err "docket: letter extension-notice (legal revision" "says which letter and revision"
expect_err "meets the notice duty (obligation 2)" "and the duty it met"
i=0
while [ ! -e "$S/0001.eml" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
M="$S/0001.eml"
[ -f "$M" ] && pass || fail "the SMTP server received the notice"
b=$(body "$M")
case "$b" in *"Dear Ada Lovelace,"*) pass ;; *) fail "customer name filled: $b" ;; esac
case "$b" in *"request of 20"*"(reference 1)"*) pass ;; *) fail "received date and reference: $b" ;; esac
newdue=$(sqlite3 "$W/docket.db" "SELECT date(extended_due_at, 'unixepoch') FROM obligations WHERE id = 1")
case "$b" in *"response by $newdue at the latest"*) pass ;; *) fail "the new date ($newdue): $b" ;; esac
case "$b" in *"twelve years of records held in three systems."*) pass ;; *) fail "the reasons: $b" ;; esac
case "$b" in *"the Information Commissioner's Office (ICO) (https://ico.org.uk/make-a-complaint/)"*) pass ;; *) fail "the customer's authority (GB): $b" ;; esac
case "$b" in *"Example Support"*) pass ;; *) fail "sender_name: $b" ;; esac
case "$b" in *"wrote:"*"> Please send me a copy of all my data."*"> Thanks, Ada"*) pass ;; *) fail "the customer's last message quoted: $b" ;; esac
case "$b" in *"{{"*) fail "a placeholder left: $b" ;; *) pass ;; esac
case "$(hdr "$M" Subject)" in "Re: Copy of my data [docket #1]") pass ;; *) fail "threaded subject: $(hdr "$M" Subject)" ;; esac
head=$(git -C "$W/legal" rev-parse HEAD)
row=$(sqlite3 "$W/docket.db" "SELECT template, revision, purpose, duty, obligation_id, met, message_row, outbox_id IS NOT NULL FROM letters")
expect_eq "$row" "extension-notice|$head|reply|notice|2|1|2|1" "the letters row: template, revision, duty, met, message, outbox"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT status FROM obligations WHERE id = 2")" "met" "the notice duty is met"
run $X obligations --ticket 1 --status met
expect_out "ukgdpr-access" "the notice duty is met"
run $X ticket timeline 1
expect_out "letter extension-notice@$(echo "$head" | cut -c1-10) message=2 meets notice of ukgdpr-access (obligation 2)" "the timeline shows the letter"
run $X audit verify
expect_rc 0 "the audit chain verifies"
sqlite3 "$W/docket.db" "SELECT detail FROM audit WHERE action = 'letter.send'" | grep -q "template=extension-notice revision=$head" && pass ||
	fail "the letter is audited with template and revision"

# ---- --edit: $EDITOR fills in what the agent must write
cat >"$T/ed.sh" <<'EOF'
#!/bin/sh
sed -i 's/{{refusal_reasons}}/We hold no personal data about you beyond this correspondence./' "$1"
EOF
chmod +x "$T/ed.sh"
cat >"$T/noop.sh" <<'EOF'
#!/bin/sh
exit 0
EOF
chmod +x "$T/noop.sh"
before=$(db_dump "$W")
EDITOR="$T/noop.sh" run $X ticket reply 1 --template refusal --edit
expect_rc 1 "a letter left with a placeholder after --edit is refused"
expect_err "still holds a placeholder ({{refusal_reasons}}" "naming it"
EDITOR=false run $X ticket reply 1 --template refusal --edit
expect_rc 1 "an editor that fails sends nothing"
expect_eq "$(db_dump "$W")" "$before" "refused edits changed nothing"
EDITOR="$T/ed.sh" run $X ticket reply 1 --template refusal --edit
expect_rc 0 "the refusal, filled in \$EDITOR"
expect_err "meets the final duty (obligation 1)" "a refusal meets the final duty"
i=0
while [ ! -e "$S/0002.eml" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
b=$(body "$S/0002.eml")
case "$b" in *"We hold no personal data about you beyond this correspondence."*) pass ;; *) fail "the edited reasons were sent: $b" ;; esac
case "$b" in *"right to seek a remedy through the courts"*) pass ;; *) fail "the right to a court: $b" ;; esac
case "$b" in *"complain to us first, at support@desk.example"*) pass ;; *) fail "the right to complain to the controller: $b" ;; esac
expect_eq "$(sqlite3 "$W/docket.db" "SELECT status FROM obligations WHERE id = 1")" "met" "the final duty is met"
run $X obligations --ticket 1 --json
expect_out '"met_by": "message:3"' "with the letter as its evidence"
run $X ticket templates 1
expect_out "no templates" "nothing left to send"
# --edit without --template: the body comes from $EDITOR
cat >"$T/write.sh" <<'EOF'
#!/bin/sh
printf 'Written in the editor.\n' >"$1"
EOF
chmod +x "$T/write.sh"
EDITOR="$T/write.sh" run $X ticket reply 1 --edit
expect_rc 0 "a plain reply from \$EDITOR"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT body FROM messages WHERE id = 4")" "Written in the editor." "its body"

# ---- a new revision of a template: the letter records it
$X customer new --name "Jean Dupont" --email jean@example.fr --jurisdiction FR >/dev/null
printf 'Supprimez mes données.\n' | $X ticket new --customer 2 --subject "Effacement" --kind data-erasure >/dev/null
sed -i 's/We have now deleted it./We have now deleted it, everywhere we hold it./' "$W/legal/templates/erasure-confirmation.md"
git -C "$W/legal" -c user.name=lena -c user.email=lena@docket commit -qam "erasure confirmation: everywhere"
head2=$(git -C "$W/legal" rev-parse HEAD)
run $X ticket reply 2 --template erasure-confirmation
expect_rc 0 "erasure confirmation"
i=0
while [ ! -e "$S/0004.eml" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
b=$(body "$S/0004.eml")
case "$b" in *"deleted it, everywhere we hold it."*) pass ;; *) fail "the new revision's text: $b" ;; esac
case "$b" in *"Commission nationale de l'informatique et des libertés (CNIL) (https://www.cnil.fr/fr/plaintes)"*) pass ;; *) fail "the French authority: $b" ;; esac
expect_eq "$(sqlite3 "$W/docket.db" "SELECT revision FROM letters WHERE template = 'erasure-confirmation'")" "$head2" "the letter records the template's new revision"
git -C "$W/legal" diff --quiet "$head" "$head2" -- templates/erasure-confirmation.md && fail "the template change is diffable in git" || pass

# a template with a mistake at HEAD is refused, naming rules check
printf -- '---\ntitle: Broken\n---\n{{nope}}\n' >"$W/legal/templates/broken.md"
git -C "$W/legal" add templates/broken.md
git -C "$W/legal" -c user.name=lena -c user.email=lena@docket commit -qm "broken"
run $X ticket templates 2
expect_rc 1 "templates with errors are not used"
expect_err "run \`docket rules check\`" "and say how to find out"
git -C "$W/legal" rm -q templates/broken.md
git -C "$W/legal" -c user.name=lena -c user.email=lena@docket commit -qm "fix"

# ---- an FCA complaint: the final response and the summary resolution
$X config set regulated fca >/dev/null
$X customer new --name "Bob Brown" --email bob@example.co.uk --jurisdiction GB >/dev/null
printf 'I want to complain about the fees.\n' | $X ticket new --customer 3 --subject "Fees" --kind complaint >/dev/null
run $X ticket templates 3
expect_out "fca-final-response" "an FCA complaint calls for the final response"
expect_out "fca-summary-resolution" "and the summary resolution communication"
expect_out "acknowledgement          meets the ack of uk-dpa-complaint-ack" "and the acknowledgement"
run $X ticket reply 3 --template fca-final-response --set "decision=We uphold your complaint and refund the fees of GBP 40."
expect_rc 0 "final response"
i=0
while [ ! -e "$S/0005.eml" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
b=$(body "$S/0005.eml")
case "$b" in *"We uphold your complaint and refund the fees of GBP 40."*) pass ;; *) fail "the decision: $b" ;; esac
case "$b" in *"Financial Ombudsman Service, free of charge - but you"*"must do so within six months of the date of this letter."*) pass ;; *) fail "the Ombudsman's six months: $b" ;; esac
case "$b" in *"www.financial-ombudsman.org.uk"*) pass ;; *) fail "the Ombudsman's website: $b" ;; esac
expect_eq "$(sqlite3 "$W/docket.db" "SELECT status FROM obligations WHERE ticket_id = 3 AND rule_id = 'fca-complaint-final'")" "met" "it meets the FCA final response duty"

# ---- the automatic acknowledgement (item 7): off by default
wait_msg() { i=0; while [ ! -e "$S/$1.eml" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done; [ -e "$S/$1.eml" ]; }
$X customer new --name "Carol Jones" --email carol@example.co.uk --jurisdiction GB >/dev/null
mailin() { printf 'From: %s\nTo: support@desk.example\nSubject: %s\nMessage-ID: <%s>\n%s\n%s\n' "$1" "$2" "$3" "${5:-}" "$4" | $X mail in; }
run mailin "Carol Jones <carol@example.co.uk>" "About my account" "carol1@example.co.uk" "I am unhappy with how you use my data."
expect_out "outcome=delivered" "mail in"
expect_out_not "ack=" "no automatic acknowledgement unless an admin turns it on"
t1=$(echo "$OUT" | sed -n 's/.* ticket=\([0-9]*\) .*/\1/p')
$X ticket set "$t1" kind complaint
sleep 0.3
[ ! -e "$S/0006.eml" ] && pass || fail "nothing is sent automatically by default"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT status FROM obligations WHERE ticket_id = $t1 AND rule_id = 'uk-dpa-complaint-ack'")" "open" "the ack duty stays open"
run $X config set auto_ack "uk-dpa-complaint-ack, shop-*"
expect_rc 0 "an admin turns it on for two rules"
sqlite3 "$W/docket.db" "SELECT action, detail FROM audit WHERE action = 'config.set'" | grep -q "auto_ack" && pass || fail "setting auto_ack is audited"

# triage of a mailed ticket brings the ack duty: the acknowledgement goes then
run mailin "Carol Jones <carol@example.co.uk>" "Another thing" "carol2@example.co.uk" "You shared my data without asking."
t2=$(echo "$OUT" | sed -n 's/.* ticket=\([0-9]*\) .*/\1/p')
expect_out_not "ack=" "a question has no ack duty"
run $X ticket set "$t2" kind complaint
expect_rc 0 "triage"
wait_msg 0006 && pass || fail "the acknowledgement was mailed on triage"
b=$(body "$S/0006.eml")
case "$b" in *"Dear Carol Jones,"*"registered it under reference $t2"*) pass ;; *) fail "the acknowledgement's text: $b" ;; esac
rdue=$(sqlite3 "$W/docket.db" "SELECT date(due_at, 'unixepoch') FROM obligations WHERE ticket_id = $t2 AND duty = 'final' ORDER BY due_at LIMIT 1")
case "$b" in *"full response by $rdue at the latest"*) pass ;; *) fail "the optional {{response_due?}} filled ($rdue): $b" ;; esac
case "$b" in *"automated assistant"*) fail "a template letter carries no AI disclosure: $b" ;; *) pass ;; esac
expect_eq "$(hdr "$S/0006.eml" Auto-Submitted)" "auto-replied" "Auto-Submitted: auto-replied"
expect_eq "$(hdr "$S/0006.eml" In-Reply-To)" "<carol2@example.co.uk>" "threaded to the customer's mail"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT status FROM obligations WHERE ticket_id = $t2 AND rule_id = 'uk-dpa-complaint-ack'")" "met" "the ack duty is met"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT purpose, template, duty, met FROM letters WHERE ticket_id = $t2")" "auto-ack|acknowledgement|ack|1" "recorded as the automatic acknowledgement"
run $X obligations --ticket "$t2" --json
expect_out '"met_by": "message:' "with the sent message as evidence"

# a rule of the business's own for every question: acknowledged on mail in
printf '%s\n' "[shop-question-ack]" "title = Service promise: acknowledge every message within one business day" \
	"regime = Service charter" "applies = question" "jurisdictions = *" "from = 2020-01-01" "starts = received" \
	"duty = acknowledgement" "deadline = 1 business days" "calendar = GB" "prompt = Acknowledge the message." \
	"step = Send the acknowledgement" "source = Our service charter" >"$W/legal/rules/shop.ini"
git -C "$W/legal" add rules/shop.ini
git -C "$W/legal" -c user.name=lena -c user.email=lena@docket commit -qm "service charter: acknowledge every message"
run $X rules check
expect_rc 0 "the charter rule checks"
$X customer new --name "Dan Smith" --email dan@example.co.uk --jurisdiction GB >/dev/null
run mailin "Dan Smith <dan@example.co.uk>" "Opening hours" "dan1@example.co.uk" "When are you open?"
expect_rc 0 "mail in"
expect_out " ack=sent" "mail in acknowledges a new ticket whose duties include it"
t3=$(echo "$OUT" | sed -n 's/.* ticket=\([0-9]*\) .*/\1/p')
wait_msg 0007 && pass || fail "the acknowledgement was mailed on receipt"
expect_eq "$(hdr "$S/0007.eml" To)" "Dan Smith <dan@example.co.uk>" "to the customer"
b=$(body "$S/0007.eml")
case "$b" in *"> When are you open?"*) pass ;; *) fail "quotes the message: $b" ;; esac
case "$b" in *"full response by"*) fail "a question has no response due: the optional paragraph is left out: $b" ;; *) pass ;; esac
expect_eq "$(sqlite3 "$W/docket.db" "SELECT status FROM obligations WHERE ticket_id = $t3 AND rule_id = 'shop-question-ack'")" "met" "its duty is met on receipt"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT status FROM outbox WHERE ticket_id = $t3")" "accepted" "the MTA accepted it"
# a follow-up is no new ticket: no second acknowledgement
run mailin "Dan Smith <dan@example.co.uk>" "Re: Opening hours [docket #$t3]" "dan2@example.co.uk" "And on Sundays?"
expect_out "new_ticket=0" "a follow-up"
expect_out_not "ack=" "is not acknowledged again"
# machine mail is never answered: nothing written, the reason recorded
run mailin "Dan Smith <dan@example.co.uk>" "Out of office" "dan3@example.co.uk" "I am away." "Auto-Submitted: auto-replied"
expect_out " ack=skipped" "an auto-reply is not acknowledged"
t4=$(echo "$OUT" | sed -n 's/.* ticket=\([0-9]*\) .*/\1/p')
expect_eq "$(sqlite3 "$W/docket.db" "SELECT count(*) FROM messages WHERE ticket_id = $t4 AND direction = 'out'")" "0" "no message written"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT status FROM obligations WHERE ticket_id = $t4 AND rule_id = 'shop-question-ack'")" "open" "the duty stays open for a person"
run $X ticket timeline "$t4"
expect_out "auto-ack-skipped" "the timeline says why"
sqlite3 "$W/docket.db" "SELECT detail FROM events WHERE ticket_id = $t4 AND type = 'auto-ack-skipped'" | grep -q "machine mail" && pass || fail "the reason: machine mail"
# the per-address daily cap
$X config set mail_auto_per_day 1 >/dev/null
run mailin "Dan Smith <dan@example.co.uk>" "Parking" "dan4@example.co.uk" "Is there parking?"
expect_out " ack=skipped" "beyond mail_auto_per_day nothing is sent"
t5=$(echo "$OUT" | sed -n 's/.* ticket=\([0-9]*\) .*/\1/p')
sqlite3 "$W/docket.db" "SELECT detail FROM events WHERE ticket_id = $t5 AND type = 'auto-ack-skipped'" | grep -q "mail_auto_per_day" && pass || fail "the reason: the daily cap"
sleep 0.3
[ ! -e "$S/0008.eml" ] && pass || fail "nothing more was mailed"

stop_sink
t_done
