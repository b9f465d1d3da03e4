# changes.sh - the ticket screen says what the rule pack leaves open and
# the timeline shows field changes (sourced by run.sh).

# a workspace of its own: a JP customer (no rule covers JP) and an FR one
# whose holiday calendar was removed from the legal repository
changes_ws() {
	CW="$TMP/ws-changes"
	[ -d "$CW" ] && return 0
	at 2026-02-01T09:00:00Z init "$CW" >/dev/null 2>&1 || return 1
	CD="$DOCKET --workspace $CW"
	C_JP=$(DOCKET_NOW=2026-02-01T09:00:00Z $CD customer new --name "Haruki Sato" --email haruki@example.jp --jurisdiction JP) || return 1
	C_FR=$(DOCKET_NOW=2026-02-01T09:00:00Z $CD customer new --name "Amelie Laurent" --email amelie@example.fr --jurisdiction FR) || return 1
	git -C "$CW/legal" rm -q calendars/FR.ini &&
		git -C "$CW/legal" -c user.name=lena -c user.email=lena@docket commit -qm "no French holidays" || return 1
	T_JP=$(echo "Please send me a copy of my personal data." |
		DOCKET_NOW=2026-02-20T09:00:00Z $CD ticket new --customer "$C_JP" --subject "Access Haruki" --kind data-access) || return 1
	T_FR=$(echo "Je voudrais une copie de mes donnees." |
		DOCKET_NOW=2026-02-21T09:00:00Z $CD ticket new --customer "$C_FR" --subject "Acces Amelie" --kind data-access) || return 1
	DOCKET_NOW=2026-02-22T09:00:00Z $CD ticket set "$T_FR" priority 1 >/dev/null || return 1
	DOCKET_NOW=2026-02-23T09:00:00Z $CD ticket set "$T_FR" status pending >/dev/null
}

t_no_rule_covers() {
	changes_ws || return 1
	start nr "$CW"
	wait_for nr "Queue:" && open_ticket nr "$T_JP" || return 1
	wait_for nr "no rule in the pack covers JP; check with counsel" || return 1
	refute nr "no legal obligations"
}

t_no_holiday_calendar() {
	changes_ws || return 1
	start nh "$CW"
	wait_for nh "Queue:" && open_ticket nh "$T_FR" || return 1
	wait_for nh "GDPR: right of access" || return 1
	# the cursor starts on the duty: Enter shows its prompt and the note
	keys nh Enter
	wait_for nh "FR: no holiday calendar, weekends only"
}

t_timeline_changes() {
	changes_ws || return 1
	start tc "$CW"
	wait_for tc "Queue:" && open_ticket tc "$T_FR" || return 1
	keys tc l
	wait_for tc "Timeline of ticket #$T_FR" || return 1
	wait_for tc "priority 3 -> 1 (by " && wait_for tc "status new -> pending (by "
}

TESTS="$TESTS no_rule_covers no_holiday_calendar timeline_changes"
