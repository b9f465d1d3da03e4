# duties.sh - duties on the screen (sourced by run.sh; issue 12): a pause
# the rule refuses says why and hides nothing, resolving asks per duty,
# the queue marks paused clocks and resolved tickets with open duties.

t_duties_pause_refused() {
	start dp "$W" 80 24
	wait_for dp "Queue:" && open_ticket dp "$T_OVERDUE" || return 1
	keys dp P
	wait_for dp "pause for (identity, clarification or fee)" || return 1
	type_text dp "identity waiting for a passport"
	keys dp Enter
	wait_for dp "cannot pause the clock" || return 1
	at $NOW --workspace "$W" ticket list --overdue | grep -q "^$T_OVERDUE " || {
		echo "    ticket $T_OVERDUE left --overdue" >&2; return 1; }
	at $NOW --workspace "$W" ticket show "$T_OVERDUE" | grep -q "^Ticket #$T_OVERDUE  \[new\]"
}

t_duties_resolve_asks() {
	W3="$TMP/ws-resolve"
	rm -rf "$W3" && cp -r "$W" "$W3" || return 1
	echo "Here is your data." | at $NOW --workspace "$W3" ticket reply "$T_ACCESS" >/dev/null || return 1
	start dr "$W3" 80 24
	wait_for dr "Queue:" && open_ticket dr "$T_ACCESS" || return 1
	keys dr D
	wait_for dr "gdpr-access (final): m met by reply #" || return 1
	keys dr m
	wait_for dr "resolved" && wait_for dr "by reply #" || return 1
	at $NOW --workspace "$W3" obligations --ticket "$T_ACCESS" --json | grep -q '"met_by": "message:'
}

t_duties_queue_marks() {
	W4="$TMP/ws-marks"
	rm -rf "$W4" && cp -r "$W" "$W4" || return 1
	TP=$(echo "Send me my data." | at 2026-02-27T09:00:00Z --workspace "$W4" ticket new --customer "$C_GB" \
		--subject "GB SAR" --kind data-access) || return 1
	at 2026-02-28T09:00:00Z --workspace "$W4" ticket event "$TP" clock-paused --reason clarification >/dev/null || return 1
	at $NOW --workspace "$W4" ticket event "$T_COMPLAINT" resolved --keep-open >/dev/null || return 1
	start dm "$W4" 200 30
	wait_for dm "Queue:" || return 1
	wait_for dm "[paused (clarification) since 2026-02-28]" && wait_for dm "[resolved, "
}

TESTS="$TESTS duties_pause_refused duties_resolve_asks duties_queue_marks"

# a suggestion is wrapped, never cut at 80 columns; a ticket awaiting
# triage says so in the queue
t_duties_suggestion_wraps() {
	W5="$TMP/ws-triage"
	rm -rf "$W5" && cp -r "$W" "$W5" || return 1
	TT=$(echo "Bonjour, je souhaite savoir quelles données vous détenez sur moi et en obtenir une copie." |
		at 2026-02-28T12:00:00Z --workspace "$W5" ticket new --customer "$C_DE" --subject "Bonjour") || return 1
	TN=$(echo "Do you ship to Norway?" |
		at 2026-02-28T13:00:00Z --workspace "$W5" ticket new --customer "$C_DE" --subject "Norway") || return 1
	start dt "$W5" 80 24
	wait_for dt "Queue:" && wait_for dt "[needs triage] Norway" || return 1
	open_ticket dt "$TT" || return 1
	wait_for dt "Suggestion:" && wait_for dt "quelles données vous détenez" && wait_for dt "(y accepts)"
}

TESTS="$TESTS duties_suggestion_wraps"
