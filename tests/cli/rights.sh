#!/bin/sh
# rights.sh - customer export, rectify, restrict, hold, erase and retention
# through ./docket: after erasure no byte of the customer's words is left in
# docket.db or docket.db-wal; refusals leave the database as it was.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
t_setup
W="$T/ws"
dk() { "$D" --workspace "$W" "$@"; }

# raw bytes of the database files, case-insensitively: number of hits
raw_hits() {
	n=0
	for f in "$W/docket.db" "$W/docket.db-wal"; do
		[ -f "$f" ] || continue
		c=$(LC_ALL=C grep -aio -- "$1" "$f" | wc -l)
		n=$((n + c))
	done
	echo "$n"
}

check "init" "$D" init "$W"

# Filler customers so that the customer under test (id 3) shares its
# search partition (3 % 32) with customer 35.
i=1
while [ $i -le 40 ]; do
	if [ $i -eq 3 ]; then
		id=$(dk customer new --name "Ottoline Brackenbury" --email ottoline.brackenbury@fernmail.test --jurisdiction DE)
		C=$id
	else
		id=$(dk customer new --name "Filler $i" --email "filler$i@example.com" --jurisdiction FR)
		echo "order $i arrived late, parcel number $i$i$i, please help with the refund" |
			dk ticket new --customer "$id" --subject "Order $i" --kind question >/dev/null
	fi
	i=$((i + 1))
done
expect_eq "$C" 3 "customer under test is 3"
T1=$(echo "My zygomatic pumpernickel arrived broken. Ottoline" |
	dk ticket new --customer "$C" --subject "Harpsichord delivery" --kind question)
echo "Customer mentioned the quetzal again" | dk ticket note "$T1" >/dev/null
echo "Dear Ottoline Brackenbury, sorry about the pumpernickel." | dk ticket reply "$T1" >/dev/null
dk ticket event "$T1" clock-paused --detail "waiting for the marzipan receipt" >/dev/null
T2=$(echo "Please send me all my data" | dk ticket new --customer "$C" --subject "Access request" --kind data-access)
OTHER=$(echo "the okapi in partition three" | dk ticket new --customer 35 --subject "Okapi question" --kind question)
WORDS="Ottoline Brackenbury fernmail zygomatic pumpernickel Harpsichord quetzal marzipan"

# ---- export
run dk customer export "$C"
expect_rc 0 "export to stdout"
expect_out '"format": "docket-customer-export"' "export format"
expect_out 'ottoline.brackenbury@fernmail.test' "export has the email"
expect_out 'quetzal' "export has internal notes"
expect_out 'marzipan' "export has event details"
expect_out '"purposes"' "export has processing information"
printf '%s' "$OUT" >"$T/export.json"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); t=d["tickets"]; assert len(t)==2; assert sum(len(x["messages"]) for x in t)==4; assert d["counts"]["messages"]==4' "$T/export.json" 2>/dev/null; then pass; else fail "export JSON parses with 2 tickets, 4 messages"; fi
run dk customer export "$C" --out "$T/out.json"
expect_rc 0 "export --out"
expect_out "exported to $T/out.json" "export --out says where"
expect_err "processing.controller is not set" "export warns when the controller is not configured"
expect_eq "$(stat -c %a "$T/out.json")" 600 "export file mode 0600"
run dk audit log --json
expect_out '"customer.export"' "export is audited"
expect_out_not 'fernmail' "audit holds no personal data"

# ---- the readable copy (GDPR Art 12(1), 15): text and HTML beside the JSON
run dk customer export "$C" --format text
expect_rc 0 "export --format text"
expect_out "Copy of your personal data" "text copy has its title"
expect_out "not configured (processing.controller)" "text copy says the controller is not configured"
expect_out "    | My zygomatic pumpernickel arrived broken. Ottoline" "text copy quotes the customer's message"
expect_out "internal note by our staff" "text copy shows internal notes as such"
expect_out "Access request" "text copy lists every request"
expect_err "processing.controller is not set" "text export warns too"
dk config set processing.controller "Fernwood Supplies GmbH, Hauptstrasse 1, 10115 Berlin" >/dev/null
dk config set processing.contact "dpo@fernwood.test" >/dev/null
before=$(db_dump "$W")
run dk customer export "$C" --format pdf
expect_rc 2 "unknown export format is a usage error"
expect_err "pdf: not a format (json, text, html)" "names the bad format and the good ones"
run dk customer export "$C" --out "$T/copy.json" --out "$T/nodir/copy.html"
expect_rc 1 "export to an unwritable second file fails"
expect_err "$T/nodir/copy.html" "names the file it could not write"
[ ! -e "$T/copy.json" ] && pass || fail "a failed export leaves no first file behind"
expect_eq "$(db_dump "$W")" "$before" "a failed export changes nothing (no audit row)"
run dk customer export "$C" --out "$T/copy.json" --out "$T/copy.html"
expect_rc 0 "export JSON and HTML in one go"
expect_err_not() { case "$ERR" in *"$1"*) fail "$2 (stderr has '$1')" ;; *) pass ;; esac; }
expect_err_not "warning" "no warning once the controller is configured"
expect_out "exported to $T/copy.html (html;" "says where the HTML went"
expect_eq "$(stat -c %a "$T/copy.html")" 600 "HTML copy mode 0600"
hsum=$(sha256sum "$T/copy.html" | cut -d' ' -f1)
jsum=$(sha256sum "$T/copy.json" | cut -d' ' -f1)
expect_out "sha256 $hsum" "printed digest is the HTML file's"
run dk audit log --json
expect_out "copies=json:$jsum,html:$hsum" "one audit row names both copies' digests"
if /usr/bin/python3 - "$T/copy.html" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack=[]; self.text=[]; self.ext=[]; self.tags=set()
    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for k, v in attrs:
            if k in ("src", "href") or (v and "url(" in v): self.ext.append((tag, k, v))
    def handle_data(self, d): self.text.append(d)
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
t = "".join(p.text)
assert "script" not in p.tags, p.tags
assert not p.ext, p.ext
for want in ("Fernwood Supplies GmbH", "dpo@fernwood.test", "Ottoline Brackenbury", "zygomatic pumpernickel",
             "Harpsichord delivery", "Access request", "Record of what was done with your data"):
    assert want in t, want
PY
then pass; else fail "HTML copy parses, is self-contained and holds the controller, the customer and the messages"; fi

# ---- restrict
run dk customer restrict "$C" on --reason "accuracy contested"
expect_rc 0 "restrict on"
run dk ticket show "$T1"
expect_out "RESTRICTED" "ticket show banner for restricted customer"
before=$(db_dump "$W")
run dk customer export "$C" --recipient third-party
expect_rc 1 "no export to third parties while restricted"
expect_err "restricted" "says why"
expect_one_error_line "third-party refusal is one line"
run dk customer export "$C" --recipient third-party --out "$T/tp.json"
expect_rc 1 "no export file to third parties while restricted"
[ -e "$T/tp.json" ] && fail "refused export left a file" || pass
expect_eq "$(db_dump "$W")" "$before" "refused export changes nothing"
run dk customer export "$C" --recipient subject
expect_rc 0 "export to the subject while restricted"

# ---- rectify
run dk customer rectify "$C" name "Ottoline Brackenbury-Smythe"
expect_rc 0 "rectify name"
run dk customer rectify "$C" jurisdiction at
expect_rc 0 "rectify jurisdiction"
expect_out "obligations re-evaluated on 2 open tickets" "jurisdiction re-evaluates open tickets"
before=$(db_dump "$W")
run dk customer rectify "$C" email nope
expect_rc 1 "rectify refuses a bad email"
expect_one_error_line "bad email is one line"
run dk customer rectify "$C" phone 123
expect_rc 2 "rectify unknown field is a usage error"
expect_eq "$(db_dump "$W")" "$before" "refused rectify changes nothing"
run dk customer show "$C"
expect_out "Brackenbury-Smythe" "rectified name shown"
expect_out "AT" "rectified jurisdiction shown"

# ---- erase refusals
check "add an agent" dk agent add bob agent
before=$(db_dump "$W")
run dk --as bob customer erase "$C"
expect_rc 1 "agents may not erase"
expect_err "needs the legal or admin role" "role refusal says why"
run dk --as bob customer hold "$C" on --reason x
expect_rc 1 "agents may not hold"
expect_eq "$(db_dump "$W")" "$before" "role refusals change nothing"
run dk customer hold "$C" on
expect_rc 2 "hold on needs a reason"
run dk customer hold "$C" on --reason "litigation 2026-04"
expect_rc 0 "hold on"
before=$(db_dump "$W")
run dk customer erase "$C" --reason "Art 17 request"
expect_rc 1 "held customer cannot be erased"
expect_err "legal hold (litigation 2026-04)" "hold refusal names the reason"
expect_one_error_line "hold refusal is one line"
expect_eq "$(db_dump "$W")" "$before" "hold refusal changes nothing"
run dk customer hold "$C" off
expect_rc 0 "hold off"

CP=$(dk customer new --name "Complaining Cornelius" --email cornelius@example.net --jurisdiction GB)
TC=$(echo "I complain about the gramophone" | dk ticket new --customer "$CP" --subject "Complaint" --kind complaint)
before=$(db_dump "$W")
run dk customer erase "$CP"
expect_rc 1 "open complaint blocks erasure"
expect_err "open breach or complaint on ticket $TC" "names the complaint ticket"
expect_eq "$(db_dump "$W")" "$before" "complaint refusal changes nothing"
run dk customer erase "$CP" --dry-run
expect_rc 1 "dry run reports the refusal"
expect_out "REFUSED" "dry run shows REFUSED"

# ---- erase
for w in $WORDS; do
	[ "$(raw_hits "$w")" -gt 0 ] || [ "$w" = Harpsichord ] || fail "scan does not see $w before erasure"
done
run dk search pumpernickel
expect_out "$T1" "search finds the ticket before erasure"
run dk customer erase "$C" --dry-run
expect_rc 0 "erase dry run"
expect_out "4 message bodies (1 internal note)" "dry run counts messages"
expect_eq "$(db_dump "$W")" "$before" "dry run changes nothing"
run dk customer erase "$C" --reason "Art 17 request, ticket $T2"
expect_rc 0 "erase"
expect_out "customer $C: erased" "erase reports"
expect_out "search partition 3 rebuilt" "erase rebuilds the partition"
for w in $WORDS; do
	h=$(raw_hits "$w")
	[ "$h" = 0 ] && pass || fail "'$w' still in docket.db/-wal ($h hits) after erasure"
done
for w in zygomatic pumpernickel quetzal marzipan harpsichord ottoline; do
	run dk search "$w"
	[ -z "$OUT" ] && pass || fail "search still finds $w"
done
run dk search okapi
expect_out "$OTHER" "the partition's other tickets stay searchable"
run dk ticket show "$T1"
expect_rc 0 "ticket show after erasure"
for w in $WORDS; do
	case "$OUT" in *"$w"*) fail "ticket show reveals $w" ;; *) pass ;; esac
done
run dk ticket show "$T1" --json
expect_out '"clock-paused"' "events kept as evidence"
run dk customer export "$C"
expect_rc 0 "export after erasure"
expect_out '"erased_at": "2026-03-01T10:00:00Z"' "export shows the erasure"
for w in $WORDS; do
	case "$OUT" in *"$w"*) fail "export reveals $w" ;; *) pass ;; esac
done
run dk audit verify
expect_rc 0 "audit verify after erasure"
run dk audit log --json
expect_out '"customer.erase"' "erasure audited"
expect_out_not "Art 17 request" "erasure reason not in the audit"
n=$(sqlite3 "$W/docket.db" "SELECT count(*) FROM tickets WHERE customer_id = $C AND kind IN ('question','data-access')")
expect_eq "$n" 2 "tickets kept (ids, kinds)"
n=$(sqlite3 "$W/docket.db" "SELECT count(*) FROM events WHERE ticket_id = $T1 AND type = 'anonymised'")
expect_eq "$n" 1 "anonymised event recorded"
run dk customer erase "$C"
expect_rc 1 "second erasure refused"
expect_err "already erased" "second erasure says why"
echo body | dk ticket new --customer "$C" --subject x >/dev/null 2>&1 && fail "new ticket for an erased customer" || pass

# ---- retention (4 years later)
R=$(dk customer new --name "Retained Rosalind" --email rosalind@example.net --jurisdiction DE)
TR=$(echo "the wombat story" | dk ticket new --customer "$R" --subject "Wombat" --kind question)
dk ticket set "$TR" status closed >/dev/null
H=$(dk customer new --name "Held Horatio" --email horatio@example.net --jurisdiction DE)
TH=$(echo "the dugong story" | dk ticket new --customer "$H" --subject "Dugong" --kind question)
dk ticket set "$TH" status closed >/dev/null
dk customer hold "$H" on --reason "tax audit" >/dev/null
before=$(db_dump "$W")
run env DOCKET_NOW=2030-06-01T00:00:00Z "$D" --workspace "$W" retention run --dry-run --json
expect_rc 0 "retention dry run"
expect_out '"dry_run": true' "dry run flagged"
expect_eq "$(db_dump "$W")" "$before" "retention dry run changes nothing"
run env DOCKET_NOW=2030-06-01T00:00:00Z "$D" --workspace "$W" --as bob retention run
expect_rc 1 "agents may not run retention"
run env DOCKET_NOW=2030-06-01T00:00:00Z "$D" --workspace "$W" retention run
expect_rc 0 "retention run"
expect_out "question" "retention reports per kind"
expect_out "skipped (legal hold)" "retention reports held"
run dk search wombat
[ -z "$OUT" ] && pass || fail "retention left wombat searchable"
[ "$(raw_hits wombat)" = 0 ] && pass || fail "retention left wombat in the files"
run dk search dugong
expect_out "$TH" "held customer's ticket kept"
run dk search okapi
expect_out "$OTHER" "open tickets untouched by retention"
run dk audit verify
expect_rc 0 "audit verify after retention"
printf 'retention.question = bogus\n' >>"$W/config"
run dk retention run --dry-run
expect_rc 1 "bad retention setting refused"
expect_err "retention.question" "names the setting"

t_done
