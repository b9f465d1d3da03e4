#!/bin/sh
# workday.sh - the command line of the TUI's day's work (issue 16): the
# reply draft (`ticket reply --edit`: quote, greeting, signature), the
# queue's orders (`ticket list --sort`), several tickets at once (`ticket
# set ID,ID,...`, `ticket take`) audited with old and new values, and
# erasure by agents only where an admin allowed it (erasure_by_agents).
. tests/cli/lib.sh
t_setup
unset NO_COLOR VISUAL EDITOR LANGUAGE || true
for v in $(env | sed -n 's/^\(DOCKET_[A-Z_]*\)=.*/\1/p'); do [ "$v" = DOCKET_NOW ] || unset "$v"; done
export LC_ALL=C.UTF-8
W="$T/ws"
export DOCKET_WORKSPACE="$W"
DOCKET_NOW=2026-02-01T09:00:00Z run $D init "$W"
expect_rc 0 "init"
run $D agent add lena agent
run $D customer new --name "Anna Schmidt" --email anna@example.de --jurisdiction DE
C=$OUT
DOCKET_NOW=2026-02-20T09:00:00Z runin "Please send me a copy of my data.
Thanks, Anna" $D ticket new --customer "$C" --subject "Access" --kind data-access
T1=$OUT
DOCKET_NOW=2026-02-21T09:00:00Z runin "Where is my parcel?" $D ticket new --customer "$C" --subject "Parcel" --kind question --priority 2
T2=$OUT
DOCKET_NOW=2026-02-22T09:00:00Z runin "Hello?" $D ticket new --customer "$C" --subject "Hello" --kind question --priority 4
T3=$OUT

# ---- the reply draft: the editor sees it, and an unchanged draft sends nothing
run $D config set signature 'Kind regards,\nThe Example support team'
expect_rc 0 "set the signature"
cat >"$T/ed-seen" <<EOF2
#!/bin/sh
for a in "\$@"; do f="\$a"; done
cp "\$f" "$T/seen"
EOF2
chmod +x "$T/ed-seen"
before=$(db_dump "$W")
EDITOR="$T/ed-seen" run $D ticket reply "$T1" --edit
expect_rc 1 "an unchanged draft is not sent"
expect_err "the text came back empty or unchanged; nothing was sent" "says why"
expect_eq "$(db_dump "$W")" "$before" "nothing changed"
expect_eq "$(cat "$T/seen")" "On 2026-02-20 09:00, Anna Schmidt wrote:
> Please send me a copy of my data.
> Thanks, Anna

Hello Anna Schmidt,



Kind regards,
The Example support team" "the draft: quote, greeting, room, signature"
cat >"$T/ed-write" <<EOF2
#!/bin/sh
for a in "\$@"; do f="\$a"; done
sed -i 's/^Hello Anna Schmidt,\$/Hello Anna Schmidt,\n\nYour copy is attached./' "\$f"
EOF2
chmod +x "$T/ed-write"
EDITOR="$T/ed-write" run $D ticket reply "$T1" --edit
expect_rc 0 "an edited draft is sent"
run $D ticket show "$T1"
expect_out "Your copy is attached." "the reply holds the answer"
expect_out "> Please send me a copy of my data." "and the quote"
expect_out "The Example support team" "and the signature"

# ---- the orders of the list
run $D ticket list --sort priority
expect_eq "$(printf '%s\n' "$OUT" | awk '{ print $1 }' | tr '\n' ' ')" "$T2 $T1 $T3 " "by priority: 2, 3, 4"
run $D ticket list --sort age
expect_eq "$(printf '%s\n' "$OUT" | awk '{ print $1 }' | tr '\n' ' ')" "$T1 $T2 $T3 " "oldest first"
DOCKET_NOW=2026-03-01T11:00:00Z run $D ticket set "$T2" status pending
run $D ticket list --sort updated
expect_eq "$(printf '%s\n' "$OUT" | awk '{ print $1 }' | head -1)" "$T2" "latest update first"
run $D ticket list --sort bogus
expect_rc 1 "an unknown order is refused"
expect_err "expected urgency, priority, age or updated" "and the orders listed"

# ---- several tickets at once: audited one by one, all or nothing
run $D ticket set "$T2,$T3" priority 1
expect_rc 0 "priority on two tickets"
run $D ticket list --sort priority
expect_eq "$(printf '%s\n' "$OUT" | awk '{ print $1 }' | head -2 | sort -n | tr '\n' ' ')" "$T2 $T3 " "both priority 1"
run $D audit log
expect_out "ticket:$T3" "the audit names each ticket"
expect_out "field=priority old=4 new=1" "with the old and the new value"
expect_out "field=priority old=2 new=1" "for each"
before=$(db_dump "$W")
run $D ticket set "$T1,$T2,999" assignee lena
expect_rc 1 "a missing ticket in the list"
expect_err "ticket 999" "is named"
expect_eq "$(db_dump "$W")" "$before" "and nothing changed, not even the first two"
run $D --as lena ticket take "$T1,$T3"
expect_rc 0 "lena takes two"
run $D ticket list --assignee lena
expect_eq "$(printf '%s\n' "$OUT" | awk '{ print $1 }' | sort -n | tr '\n' ' ')" "$T1 $T3 " "they are hers"
run $D audit log
expect_out "field=assignee old=- new=lena" "taking is audited"

# ---- saved views (the TUI's :view): config view.NAME = the words of :filter
run $D config set view.mywork 'mine sort age'
expect_rc 0 "a saved view"
run $D --as lena ticket list --view mywork
expect_eq "$(printf '%s\n' "$OUT" | awk '{ print $1 }' | tr '\n' ' ')" "$T1 $T3 " "lena's tickets, oldest first"
run $D --as lena ticket list --view mywork --sort priority
expect_eq "$(printf '%s\n' "$OUT" | awk '{ print $1 }' | tr '\n' ' ')" "$T3 $T1 " "an option over the view"
run $D config set view.bad 'mine sooner'
run $D ticket list --view bad
expect_rc 1 "a view with a bad word"
expect_err "config view.bad: view: sooner: unknown word" "names the word and the key"
run $D ticket list --view nosuch
expect_rc 1 "no such view"
expect_err "view nosuch: no such view" "says so"

# ---- digest: what changed since T (default the last 24 hours)
DOCKET_NOW=2026-03-01T12:00:00Z run $D --as lena ticket set "$T2" assignee "$(id -un)"
expect_rc 0 "lena assigns #$T2 to the admin"
run $D customer new --name "Other Shop" --email shop@example.de --jurisdiction DE
C2=$OUT
DOCKET_NOW=2026-03-01T12:30:00Z runin "We lost a USB stick with invoices." $D ticket new --customer "$C2" --subject "USB" --kind breach
TB=$OUT
DOCKET_NOW=2026-03-01T13:00:00Z run $D digest
expect_rc 0 "digest"
expect_out "Since 2026-02-28 13:00 UTC:" "the last 24 hours by default"
expect_out "1 assigned to $(id -un), 1 breach clock" "the counts"
expect_out "assigned   #$T2 " "the assigned ticket"
expect_out "2026-03-01 12:00  by lena  Parcel" "who assigned it, when, the subject"
expect_out "breach     #$TB" "the breach clock"
DOCKET_NOW=2026-03-01T13:00:00Z run $D digest --mine
expect_out "1 assigned to" "--mine keeps assignments to me"
expect_out_not "breach     #$TB" "and drops the breach nobody has"
DOCKET_NOW=2026-03-01T13:00:00Z run $D digest --since 2026-03-01T12:15:00Z --json
expect_out '"assigned": 0' "--since: the assignment was before"
expect_out '"breach": 1' "the breach after"
DOCKET_NOW=2026-03-01T13:00:00Z run $D --as lena digest
expect_out "0 assigned to lena" "lena assigned it herself: no news for her"
DOCKET_NOW=2026-03-01T13:00:00Z run $D digest --since 2027-01-01
expect_rc 1 "a future --since is refused"
DOCKET_NOW=2026-03-01T13:00:00Z run $D digest --since someday
expect_rc 1 "a bad --since is refused"
expect_one_error_line "one error line"

# ---- erasure: legal or admin, agents only where the admin allowed it
run $D ticket event "$T1" resolved --keep-open
before=$(db_dump "$W")
run $D --as lena customer erase "$C" --reason "Art 17 request"
expect_rc 1 "an agent may not erase"
expect_err "needs the legal or admin role" "names the role"
expect_err "config set erasure_by_agents yes" "and the setting that allows it"
expect_one_error_line "one error line"
expect_eq "$(db_dump "$W")" "$before" "nothing erased"
run $D --as lena config set erasure_by_agents yes
expect_rc 1 "an agent cannot allow it himself"
run $D config set erasure_by_agents yes
expect_rc 0 "the admin allows agents"
run $D audit log
expect_out "key=erasure_by_agents old='' new='yes'" "the setting is audited"
run $D --as lena customer erase "$C" --reason "Art 17 request"
expect_rc 0 "now the agent may"
run $D audit log
expect_out "allowed_by=erasure_by_agents" "the erasure says what allowed it"
run $D audit verify
expect_rc 0 "the audit chain holds"
t_done
