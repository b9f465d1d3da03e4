# regulated.sh - rules that bind only some businesses (issue 12 item 7;
# sourced by run.sh): in a workspace that `docket init` made (regulated
# unset), a GB complaint's ticket view says the FCA DISP rules were
# skipped and why; the demo (regulated by fca, payment-services, asic)
# shows the FCA duties and no such line.

t_regulated_skipped() {
	_w="$TMP/ws-unregulated"
	if [ ! -d "$_w" ]; then
		at 2025-11-01T09:00:00Z init "$_w" >/dev/null 2>&1 || return 1
		_c=$(at 2025-11-01T09:00:00Z --workspace "$_w" customer new --name "Ava Wilson" --email ava@example.co.uk --jurisdiction GB) || return 1
		_t=$(echo "This is a formal complaint." | at 2026-01-20T09:00:00Z --workspace "$_w" ticket new --customer "$_c" --subject "Complaint Ava" --kind complaint) || return 1
	fi
	start rg "$_w" 100 30
	wait_for rg "Queue:" && open_ticket rg 1 || return 1
	wait_for rg "fca-complaint-final skipped: the workspace is not regulated by fca (config regulated)" || return 1
	wait_for rg "fca-complaint-summary skipped: the workspace is not regulated by fca" || return 1
	# the duty that binds every trader is still there
	wait_for rg "UK ADR Regulations" || return 1
	refute rg "FCA DISP: final response" || return 1
	# the CLI says the same
	at $NOW --workspace "$_w" ticket show 1 | grep -qF "fca-complaint-final skipped: the workspace is not regulated by fca (config regulated)" ||
		{ echo "    ticket show lacks the skipped line" >&2; return 1; }
}

t_regulated_demo() {
	start rd "$TMP/demo" 100 30
	wait_for rd "Queue:" && open_ticket rd 49 || return 1
	wait_for rd "FCA DISP: final response" || return 1
	refute rd "skipped: the workspace is not regulated" || return 1
}

TESTS="$TESTS regulated_skipped regulated_demo"
