#!/bin/sh
# rulepack.sh - worked cases from the sources for the shipped rules, through
# `docket rules due` and tickets (research/rule-pack-audit.md, LEGAL.md).
# Each case says why the answer is right. The workspace time zone is UTC.
. tests/cli/lib.sh
t_setup
W="$T/ws"
export DOCKET_WORKSPACE="$W"
DOCKET_NOW=2026-01-02T09:00:00Z run $D init "$W"
expect_rc 0 "init"
run $D agent add maria agent
run $D rules check "$W/legal"
expect_rc 0 "the shipped pack passes rules check"

due() { # due RULE FROM [more args] -> $OUT
	_r=$1; _f=$2; shift 2
	run $D rules due "$_r" --from "$_f" "$@"
}

# --- UK: identity and fee restart the month (UK GDPR Art 12A, DPA 2018 s.54(3)) ---
run $D customer new --name "Jo Bloggs" --email jo@example.co.uk --jurisdiction GB
# received Wed 21 Jan 2026, ID asked the same day, ID received Sat 31 Jan:
# the month runs from 31 Jan: 28 Feb (no 31 Feb) is a Saturday -> Mon 2 Mar
# (the old pause model added 10 paused days to 21 Feb: Tue 3 Mar, a day late)
DOCKET_NOW=2026-01-21T10:00:00Z runin "Please send me a copy of my personal data." $D ticket new --customer 1 --subject SAR --kind data-access
sar=$OUT
DOCKET_NOW=2026-02-01T09:00:00Z run $D ticket event "$sar" identity-verified --at 2026-01-31T12:00:00Z
expect_rc 0 "identity-verified with the time it arrived"
DOCKET_NOW=2026-02-01T09:00:00Z run $D obligations --ticket "$sar"
expect_out "2026-03-02T23:59:59Z  ukgdpr-access" "UK SAR: a new month from the ID, due Mon 2 Mar 2026"
# a fee asked for and paid on Thu 5 Feb: the latest of the three: 5 Mar (Thu)
DOCKET_NOW=2026-02-05T15:00:00Z run $D ticket event "$sar" fee-paid
expect_rc 0 "fee-paid event"
DOCKET_NOW=2026-02-05T15:00:00Z run $D obligations --ticket "$sar"
expect_out "2026-03-05T23:59:59Z  ukgdpr-access" "UK SAR: the fee paid later restarts the month again"
# an identity event before the receipt cannot move the start earlier
DOCKET_NOW=2026-02-06T09:00:00Z run $D ticket event "$sar" identity-verified --at 2026-02-06T10:00:00Z
expect_rc 1 "identity-verified in the future is refused"
# GDPR (EU) has no such start: an ID event leaves the month from receipt
run $D customer new --name "Anna Schmidt" --email anna@example.de --jurisdiction DE
DOCKET_NOW=2026-01-21T10:00:00Z runin "Kopie meiner Daten bitte." $D ticket new --customer 2 --subject DSAR --kind data-access
eu=$OUT
DOCKET_NOW=2026-02-01T09:00:00Z run $D ticket event "$eu" identity-verified --at 2026-01-31T12:00:00Z
DOCKET_NOW=2026-02-01T09:00:00Z run $D obligations --ticket "$eu"
# 21 Jan + 1 month = Sat 21 Feb -> Mon 23 Feb (Art 3(4) 1182/71)
expect_out "2026-02-23T23:59:59Z  gdpr-access" "GDPR: from receipt, 21 Feb is a Saturday -> Mon 23 Feb"
# which calendar counted: no establishment set -> the customer's, said in the prompt
run $D obligations --ticket "$eu" --json
expect_out "(Holidays of DE: no establishment set.)" "the prompt says which calendar it used"
# --- clarification stop-the-clock: both end days excluded (DPA 2018 s.54(3C)) ---
# received Mon 2 Mar 2026 (due 2 Apr); clarification asked 10 Mar, answered 15
# Mar: 10..15 Mar = 6 days do not count: Thu 2 Apr + 6 = Wed 8 Apr
DOCKET_NOW=2026-03-02T10:00:00Z runin "What data do you hold on me?" $D ticket new --customer 1 --subject "SAR 2" --kind data-access
cl=$OUT
DOCKET_NOW=2026-03-10T09:00:00Z run $D ticket event "$cl" clock-paused --detail clarification
DOCKET_NOW=2026-03-15T16:00:00Z run $D ticket event "$cl" clock-resumed
DOCKET_NOW=2026-03-15T16:00:00Z run $D obligations --ticket "$cl"
expect_out "2026-04-08T23:59:59Z  ukgdpr-access" "clarification pause counted inclusively: 8 Apr"

# --- DPA 2018 s.164A(3): "30 days beginning when the complaint is received" ---
# received Mon 3 Aug 2026 = day 1; day 30 = Tue 1 Sep
due uk-dpa-complaint-ack 2026-08-03T10:00:00Z --jurisdiction GB
expect_eq "$OUT" "2026-09-01T23:59:59Z" "DPA complaint ack: the day of receipt is day 1"

# --- US state privacy laws: each state from its own date ---
# Virginia since 1 Jan 2023: 15 Jan 2024 + 45 days = 29 Feb 2024 (leap year)
due us-va-privacy-response 2024-01-15T12:00:00Z --jurisdiction US-VA
expect_eq "$OUT" "2024-02-29T23:59:59Z" "VA: 45 days across the leap day"
due us-ct-privacy-response 2023-06-30T12:00:00Z --jurisdiction US-CT
expect_rc 1 "CT not in force before 1 Jul 2023"
expect_err "not in force until 2023-07-01" "and says from when"
due us-ct-privacy-response 2023-07-01T12:00:00Z --jurisdiction US-CT
expect_eq "$OUT" "2023-08-15T23:59:59Z" "CT: 1 Jul + 45 = 15 Aug 2023"
# Iowa: 90 days: 1 Mar 2025 + 90 = 30 May 2025; + 45 extension = 14 Jul
due us-ia-privacy-response 2025-03-01T12:00:00Z --jurisdiction US-IA
expect_eq "$OUT" "2025-05-30T23:59:59Z" "IA: 90 days"
due us-ia-privacy-response 2025-03-01T12:00:00Z --jurisdiction US-IA --extended
expect_eq "$OUT" "2025-07-14T23:59:59Z" "IA: + 45 days extension"
# Oregon since 1 Jul 2024 (missing before): 2 Jul 2024 + 45 = 16 Aug
due us-or-privacy-response 2024-07-02T12:00:00Z --jurisdiction US-OR
expect_eq "$OUT" "2024-08-16T23:59:59Z" "OR: 45 days"
# Utah: no right to correct before 1 Jul 2026 (HB 418)
due us-ut-privacy-correction 2026-03-02T12:00:00Z --jurisdiction US-UT
expect_rc 1 "UT correction not in force in March 2026"
due us-ut-privacy-correction 2026-07-01T12:00:00Z --jurisdiction US-UT
expect_eq "$OUT" "2026-08-15T23:59:59Z" "UT correction from 1 Jul 2026: + 45 days"
# Virginia appeal: 60 days: 1 Mar 2026 -> 30 Apr 2026
due us-va-privacy-appeal 2026-03-01T12:00:00Z --jurisdiction US-VA
expect_eq "$OUT" "2026-04-30T23:59:59Z" "VA appeal: 60 days"
# Colorado appeal: 45 days + 60 extension = 105 days: 1 Mar 2026 -> 14 Jun 2026
due us-co-privacy-appeal 2026-03-01T12:00:00Z --jurisdiction US-CO --extended
expect_eq "$OUT" "2026-06-14T23:59:59Z" "CO appeal: 45 + 60 days"

# --- PIPEDA: an end on a Sunday or holiday moves on (Interpretation Act ss.26, 35) ---
# 30 Jan 2026 + 30 days = Sun 1 Mar -> Mon 2 Mar (it used to stay on 1 Mar)
due pipeda-access 2026-01-30T12:00:00Z --jurisdiction CA
expect_eq "$OUT" "2026-03-02T23:59:59Z" "PIPEDA: Sunday end -> Monday"
# 29 Jan + 30 = Sat 28 Feb: a Saturday is no holiday, it stays
due pipeda-access 2026-01-29T12:00:00Z --jurisdiction CA
expect_eq "$OUT" "2026-02-28T23:59:59Z" "PIPEDA: Saturday end stays"
# 1 Jun + 30 = Wed 1 Jul, Canada Day -> Thu 2 Jul
due pipeda-access 2026-06-01T12:00:00Z --jurisdiction CA
expect_eq "$OUT" "2026-07-02T23:59:59Z" "PIPEDA: holiday end -> next day"

# --- GDPR: the business's holidays (Reg 1182/71 Art 2(1)) ---
# received 4 May 2026: 4 Jun is Corpus Christi (Easter 5 Apr + 60), a holiday
# in Bavaria but not in France or in Germany as a whole
due gdpr-access 2026-05-04T12:00:00Z --jurisdiction FR
expect_eq "$OUT" "2026-06-04T23:59:59Z" "GDPR, FR customer, no establishment: FR calendar"
expect_err "no establishment is set, so the calendar of FR is used" "says which calendar"
due gdpr-access 2026-05-04T12:00:00Z --jurisdiction FR --establishment DE-BY
expect_eq "$OUT" "2026-06-05T23:59:59Z" "GDPR, FR customer, business in Bavaria: rolls past Fronleichnam"
printf 'establishment = DE-BY\n' >>"$W/config"
due gdpr-access 2026-05-04T12:00:00Z --jurisdiction FR
expect_eq "$OUT" "2026-06-05T23:59:59Z" "the establishment from the workspace config"
case "$ERR" in *"no establishment"*) fail "no notice once an establishment is set" ;; *) pass ;; esac
# a ticket's prompt names the calendar it used
DOCKET_NOW=2026-05-04T12:00:00Z runin "Kopie meiner Daten bitte." $D ticket new --customer 2 --subject "DSAR BY" --kind data-access
by=$OUT
run $D obligations --ticket "$by" --json
expect_out "(Holidays of DE-BY, the establishment.)" "the prompt names the establishment's calendar"
run $D obligations --ticket "$by"
expect_out "2026-06-05T23:59:59Z  gdpr-access" "the ticket's duty counts Bavarian holidays"
# CRD refund, 14 days: 11 Dec 2026 + 14 = Fri 25 Dec; in Bavaria 25, 26 Dec and
# Sun 27 -> Mon 28 Dec
due eu-withdrawal-refund 2026-12-11T12:00:00Z --jurisdiction FR
expect_eq "$OUT" "2026-12-28T23:59:59Z" "CRD refund rolls past Christmas in the establishment's state"
# --- the UK rules: the bank holidays of the part of the UK where the business
# acts (calendar = establishment in GB; FCA Glossary "business day": "a bank
# holiday in that part of the United Kingdom"); England and Wales otherwise ---
# the establishment DE-BY (config) is outside the UK: England and Wales
due ukgdpr-access 2026-03-03T10:00:00Z --jurisdiction GB
expect_eq "$OUT" "2026-04-07T23:59:59Z" "UK SAR 3 Mar -> Fri 3 Apr Good Friday, Mon 6 Easter Monday -> Tue 7 Apr"
expect_err "within GB; the establishment is outside it, so the calendar of GB is used" "says why England and Wales"
# in Scotland Easter Monday is no bank holiday: Fri 3 Apr Good Friday -> Mon 6 Apr
due ukgdpr-access 2026-03-03T10:00:00Z --jurisdiction GB --establishment GB-SCT
expect_eq "$OUT" "2026-04-06T23:59:59Z" "UK SAR, business in Scotland: Easter Monday is a working day"
case "$ERR" in *"within GB"*) fail "no notice for an establishment in GB" ;; *) pass ;; esac
# St Andrew's Day, Sun 30 Nov 2025, substitute Mon 1 Dec (St Andrew's Day Bank
# Holiday (Scotland) Act 2007): received Sat 1 Nov 2025 -> Mon 1 Dec; in
# Scotland -> Tue 2 Dec; in England, Wales (GB-ENG, GB-WLS: one calendar) and
# Northern Ireland 1 Dec is a working day
due ukgdpr-access 2025-11-01T10:00:00Z --jurisdiction GB --establishment GB-SCT
expect_eq "$OUT" "2025-12-02T23:59:59Z" "UK SAR, Scotland: St Andrew's Day substitute 1 Dec -> 2 Dec"
for e in GB GB-ENG GB-WLS GB-NIR; do
	due ukgdpr-access 2025-11-01T10:00:00Z --jurisdiction GB --establishment $e
	expect_eq "$OUT" "2025-12-01T23:59:59Z" "UK SAR, $e: 1 Dec 2025 is a working day"
done
# Battle of the Boyne, Sun 12 Jul 2026, substitute Mon 13 Jul in Northern
# Ireland: received Sat 13 Jun 2026 -> Mon 13 Jul; in NI -> Tue 14 Jul
due ukgdpr-access 2026-06-13T10:00:00Z --jurisdiction GB --establishment GB-NIR
expect_eq "$OUT" "2026-07-14T23:59:59Z" "UK SAR, Northern Ireland: 12 July substitute 13 Jul -> 14 Jul"
due ukgdpr-access 2026-06-13T10:00:00Z --jurisdiction GB --establishment GB-WLS
expect_eq "$OUT" "2026-07-13T23:59:59Z" "UK SAR, Wales: 13 Jul 2026 is a working day"
# DISP 1.6.2A, 15 business days from Mon 29 Dec 2025: England and Wales skip
# 1 Jan: 30, 31 Dec, 2, 5-9, 12-16, 19, 20 Jan -> Tue 20 Jan 2026; Scotland
# also skips 2 January -> Wed 21 Jan
due fca-payments-complaint 2025-12-29T10:00:00Z --jurisdiction GB --establishment GB-ENG
expect_eq "$OUT" "2026-01-20T23:59:59Z" "DISP 1.6.2A, England: 15 business days past New Year"
due fca-payments-complaint 2025-12-29T10:00:00Z --jurisdiction GB --establishment GB-SCT
expect_eq "$OUT" "2026-01-21T23:59:59Z" "DISP 1.6.2A, Scotland: 2 January is a bank holiday too"
# DISP 1.5 summary resolution, 3 business days from Fri 27 Nov 2026: Mon 30 Nov
# is St Andrew's Day in Scotland: 1, 2, 3 Dec -> Thu 3 Dec (England: Wed 2 Dec)
due fca-complaint-summary 2026-11-27T10:00:00Z --jurisdiction GB --establishment GB-SCT
expect_eq "$OUT" "2026-12-03T23:59:59Z" "DISP 1.5, Scotland: St Andrew's Day on a Monday"
due fca-complaint-summary 2026-11-27T10:00:00Z --jurisdiction GB
expect_eq "$OUT" "2026-12-02T23:59:59Z" "DISP 1.5, England and Wales: 30 Nov is a working day"
due ukgdpr-access 2025-11-01T10:00:00Z --jurisdiction GB --establishment GB-SCT --json
expect_out '"calendar": "GB-SCT"' "rules due --json names the Scottish calendar"
due ukgdpr-access 2025-11-01T10:00:00Z --jurisdiction GB --establishment GB-WLS --json
expect_out '"calendar": "GB"' "GB-WLS is England and Wales's calendar"
# a GB ticket's prompt says which calendar counted, and why
DOCKET_NOW=2026-05-04T12:00:00Z runin "Please send me a copy of my personal data." $D ticket new --customer 1 --subject "SAR DE-BY" --kind data-access
uk=$OUT
run $D obligations --ticket "$uk" --json
expect_out "(Holidays of GB: the establishment DE-BY is outside GB.)" "the UK prompt names England and Wales's calendar"

# --- breaches ---
# UK GDPR Art 33: 72 hours from awareness, exact, no roll
due ukgdpr-breach-ico 2026-02-27T15:30:00Z --jurisdiction GB
expect_eq "$OUT" "2026-03-02T15:30:00Z" "ICO: 72 hours"
due ukgdpr-breach-individuals 2026-02-27T15:30:00Z --jurisdiction GB
expect_eq "$OUT" "2026-03-02T15:30:00Z" "UK Art 34: the 72-hour target"
due gdpr-breach-individuals 2026-02-27T15:30:00Z --jurisdiction IE
expect_eq "$OUT" "2026-03-02T15:30:00Z" "EU Art 34: the 72-hour target"
# California: 30 calendar days from discovery, from 1 Jan 2026 (SB 446)
due ca-breach-residents 2025-12-31T12:00:00Z --jurisdiction US-CA
expect_rc 1 "CA 30-day notice not in force in 2025"
due ca-breach-residents 2026-01-10T12:00:00Z --jurisdiction US-CA
expect_eq "$OUT" "2026-02-09T23:59:59Z" "CA: 10 Jan + 30 days = 9 Feb"
due ca-breach-ag-sample 2026-01-10T12:00:00Z --jurisdiction US-CA
expect_eq "$OUT" "2026-02-24T23:59:59Z" "CA AG sample: at the latest 15 days after the 30-day notice"
# New York GBL 899-aa: 30 days after discovery (from 21 Dec 2024)
due ny-breach 2026-03-02T12:00:00Z --jurisdiction US-NY
expect_eq "$OUT" "2026-04-01T23:59:59Z" "NY: 30 days"
due ny-breach 2024-12-20T12:00:00Z --jurisdiction US-NY
expect_rc 1 "NY 30 days not before 21 Dec 2024"
# LGPD: 3 business days; Fri 13 Feb 2026: Carnival Mon 16, Tue 17 Feb -> 18, 19, 20
due lgpd-breach 2026-02-13T12:00:00Z --jurisdiction BR
expect_eq "$OUT" "2026-02-20T23:59:59Z" "LGPD breach: 3 business days past Carnival"
due lgpd-breach 2026-02-13T12:00:00Z --jurisdiction BR --extended
expect_eq "$OUT" "2026-02-25T23:59:59Z" "LGPD breach, small agent: doubled to 6 business days"
due pipeda-breach 2026-02-27T15:30:00Z --jurisdiction CA
expect_eq "$OUT" "2026-03-02T15:30:00Z" "PIPEDA s.10.1: the 72-hour target"

# --- consumer and complaint rules ---
# CCPA request to limit: 15 business days (7027(g)): Mon 2 Mar 2026 -> Mon 23 Mar
due ccpa-limit-sensitive 2026-03-02T12:00:00Z --jurisdiction US-CA
expect_eq "$OUT" "2026-03-23T23:59:59Z" "CCPA limit: 15 business days"
# DISP 1.6.2A: 15 business days from Mon 30 Mar 2026, skipping Good Friday and
# Easter Monday -> Wed 22 Apr; exceptionally 35, skipping the early May bank
# holiday (4 May) -> Thu 21 May
due fca-payments-complaint 2026-03-30T12:00:00Z --jurisdiction GB
expect_eq "$OUT" "2026-04-22T23:59:59Z" "DISP 1.6.2A: 15 business days"
due fca-payments-complaint 2026-03-30T12:00:00Z --jurisdiction GB --extended
expect_eq "$OUT" "2026-05-21T23:59:59Z" "DISP 1.6.2A: 35 business days"
# UK CCR reg 34: 14 days, no roll: 18 Dec 2026 -> Fri 1 Jan 2027
due uk-ccr-refund 2026-12-18T12:00:00Z --jurisdiction GB
expect_eq "$OUT" "2027-01-01T23:59:59Z" "CCR refund: 14 days across the year end"
# CRD Art 11a: from 19 June 2026 only
due eu-withdrawal-ack 2026-06-18T12:00:00Z --jurisdiction FR
expect_rc 1 "Art 11a not in force before 19 June 2026"
due eu-withdrawal-ack 2026-06-19T12:00:00Z --jurisdiction FR
expect_eq "$OUT" "2026-06-20T12:00:00Z" "Art 11a acknowledgement: the 24-hour target"
# ADR information: the 8-week target
due eu-adr-information 2026-03-02T12:00:00Z --jurisdiction DE
expect_eq "$OUT" "2026-04-27T23:59:59Z" "ADR information: 8 weeks"
due uk-adr-information 2026-03-02T12:00:00Z --jurisdiction GB
expect_eq "$OUT" "2026-04-27T23:59:59Z" "UK ADR information: 8 weeks"
# GDPR Art 18 and Art 22: one month, rolling: 31 Jan 2026 -> Sat 28 Feb -> Mon 2 Mar
due gdpr-restriction 2026-01-31T12:00:00Z --jurisdiction DE
expect_eq "$OUT" "2026-03-02T23:59:59Z" "Art 18 restriction: one month"
due gdpr-automated-decision 2026-01-31T12:00:00Z --jurisdiction DE --extended
expect_eq "$OUT" "2026-04-30T23:59:59Z" "Art 22: 1 + 2 months = 30 Apr"
due lgpd-rights 2026-03-02T12:00:00Z --jurisdiction BR
expect_eq "$OUT" "2026-03-17T23:59:59Z" "LGPD Art 18: the 15-day target"

# --- every other rule: one worked case each (RULE JURISDICTION FROM EXPECTED [--extended]; the reason) ---
while read -r rule jur from want ext; do
	case "$rule" in '#'*|'') continue ;; esac
	due "$rule" "$from" --jurisdiction "$jur" $ext
	if [ "$want" = "not-in-force" ]; then
		expect_rc 1 "$rule $from: not in force yet"
	else
		expect_eq "$OUT" "$want" "$rule from $from"
	fi
done <<'CASES'
# GDPR Art 12(3), 1182/71: 15 May 2026 -> Mon 15 Jun (LEGAL.md); 31 Jan -> Sat 28 Feb -> Mon 2 Mar; 1 + 2 months -> 30 Apr
gdpr-rectification DE 2026-05-15T10:00:00Z 2026-06-15T23:59:59Z
gdpr-portability DE 2026-01-31T10:00:00Z 2026-03-02T23:59:59Z
gdpr-objection DE 2026-01-31T10:00:00Z 2026-04-30T23:59:59Z --extended
# UK (ICO): 3 Sep 2025 -> Fri 3 Oct (ICO's example); 31 Jan -> Sat 28 Feb -> Mon 2 Mar;
# 30 Apr -> Sat 30 May -> Mon 1 Jun; 25 Apr -> Mon 25 May, Spring bank holiday -> Tue 26 May
ukgdpr-erasure GB 2025-09-03T10:00:00Z 2025-10-03T23:59:59Z
ukgdpr-rectification GB 2026-01-31T10:00:00Z 2026-03-02T23:59:59Z
ukgdpr-portability GB 2026-04-30T10:00:00Z 2026-06-01T23:59:59Z
ukgdpr-objection GB 2026-04-25T10:00:00Z 2026-05-26T23:59:59Z
# LGPD Art 19 II: 15 days, no roll; APP 12 and PDPA s.21: 30 calendar days
lgpd-access BR 2026-03-02T10:00:00Z 2026-03-17T23:59:59Z
au-app12-access AU 2026-03-02T10:00:00Z 2026-04-01T23:59:59Z
sg-pdpa-access SG 2026-03-02T10:00:00Z 2026-04-01T23:59:59Z
# DPDP s.13: 90 days, from 14 May 2027: 14 May + 90 = 12 Aug
in-dpdp-grievance IN 2027-05-13T10:00:00Z not-in-force
in-dpdp-grievance IN 2027-05-14T10:00:00Z 2027-08-12T23:59:59Z
# US state responses: 45 days from each state's own in-force date (the day before: not in force)
us-co-privacy-response US-CO 2023-06-30T12:00:00Z not-in-force
us-co-privacy-response US-CO 2023-07-01T12:00:00Z 2023-08-15T23:59:59Z
us-ut-privacy-response US-UT 2023-12-30T12:00:00Z not-in-force
us-ut-privacy-response US-UT 2023-12-31T12:00:00Z 2024-02-14T23:59:59Z
us-tx-privacy-response US-TX 2024-07-01T12:00:00Z 2024-08-15T23:59:59Z
us-mt-privacy-response US-MT 2024-09-30T12:00:00Z not-in-force
us-mt-privacy-response US-MT 2024-10-01T12:00:00Z 2024-11-15T23:59:59Z
us-de-privacy-response US-DE 2025-01-01T12:00:00Z 2025-02-15T23:59:59Z
us-ne-privacy-response US-NE 2025-01-01T12:00:00Z 2025-02-15T23:59:59Z
us-nh-privacy-response US-NH 2025-01-01T12:00:00Z 2025-02-15T23:59:59Z
us-nj-privacy-response US-NJ 2025-01-14T12:00:00Z not-in-force
us-nj-privacy-response US-NJ 2025-01-15T12:00:00Z 2025-03-01T23:59:59Z
us-tn-privacy-response US-TN 2025-07-01T12:00:00Z 2025-08-15T23:59:59Z
us-mn-privacy-response US-MN 2025-07-31T12:00:00Z 2025-09-14T23:59:59Z
us-md-privacy-response US-MD 2025-10-01T12:00:00Z 2025-11-15T23:59:59Z
us-in-privacy-response US-IN 2025-12-31T12:00:00Z not-in-force
us-in-privacy-response US-IN 2026-01-01T12:00:00Z 2026-02-15T23:59:59Z
us-ky-privacy-response US-KY 2026-01-01T12:00:00Z 2026-02-15T23:59:59Z
us-ri-privacy-response US-RI 2026-01-01T12:00:00Z 2026-02-15T23:59:59Z
# the 45-day extension: 45 + 45 = 90 days (TX 541.055(b)): 1 Jul 2024 -> 29 Sep
us-tx-privacy-response US-TX 2024-07-01T12:00:00Z 2024-09-29T23:59:59Z --extended
# appeals (verify: recalled periods): 60 days, OR and MN 45 (+45 / +60)
us-ct-privacy-appeal US-CT 2023-07-01T12:00:00Z 2023-08-30T23:59:59Z
us-tx-privacy-appeal US-TX 2024-07-01T12:00:00Z 2024-08-30T23:59:59Z
us-or-privacy-appeal US-OR 2024-07-01T12:00:00Z 2024-08-15T23:59:59Z
us-or-privacy-appeal US-OR 2024-07-01T12:00:00Z 2024-09-29T23:59:59Z --extended
us-mt-privacy-appeal US-MT 2024-10-01T12:00:00Z 2024-11-30T23:59:59Z
us-ia-privacy-appeal US-IA 2025-01-01T12:00:00Z 2025-03-02T23:59:59Z
us-de-privacy-appeal US-DE 2025-01-01T12:00:00Z 2025-03-02T23:59:59Z
us-ne-privacy-appeal US-NE 2025-01-01T12:00:00Z 2025-03-02T23:59:59Z
us-nh-privacy-appeal US-NH 2025-01-01T12:00:00Z 2025-03-02T23:59:59Z
us-tn-privacy-appeal US-TN 2025-07-01T12:00:00Z 2025-08-30T23:59:59Z
us-mn-privacy-appeal US-MN 2025-07-31T12:00:00Z 2025-09-14T23:59:59Z
us-mn-privacy-appeal US-MN 2025-07-31T12:00:00Z 2025-11-13T23:59:59Z --extended
us-md-privacy-appeal US-MD 2025-10-01T12:00:00Z 2025-11-30T23:59:59Z
us-in-privacy-appeal US-IN 2026-01-01T12:00:00Z 2026-03-02T23:59:59Z
us-ky-privacy-appeal US-KY 2026-01-01T12:00:00Z 2026-03-02T23:59:59Z
# New Jersey appeal, 45 days (verify: secondary source): 15 Jan 2025 + 45 = 1 Mar 2025;
# the day before the law: not in force
us-nj-privacy-appeal US-NJ 2025-01-14T12:00:00Z not-in-force
us-nj-privacy-appeal US-NJ 2025-01-15T12:00:00Z 2025-03-01T23:59:59Z
# Rhode Island appeal, 60 days (verify): 2 Mar 2026 + 60 = 1 May 2026 (March has 31 days:
# 29 left in March, 30 in April, day 60 = 1 May); from 1 Jan 2026 only
us-ri-privacy-appeal US-RI 2025-12-31T12:00:00Z not-in-force
us-ri-privacy-appeal US-RI 2026-03-02T12:00:00Z 2026-05-01T23:59:59Z
CASES
# the AI disclosure rules have no deadline; Utah's SB 149 duty ends when 13-75-103 starts
due ai-disclosure-ut 2025-05-07T12:00:00Z --jurisdiction US-UT
expect_rc 1 "ai-disclosure-ut has no deadline"
expect_err "has no deadline" "and says so"
# (which one applies on which day: tests/check_rules.c, the match table)
due ai-disclosure-ut-2024 2024-05-01T12:00:00Z --jurisdiction US-UT
expect_err "has no deadline" "the 2024 Utah rule has no deadline either"

# --- the pack lists the new rules, each with source and in-force date ---
run $D rules list --json
for id in ukgdpr-breach-ico ukgdpr-breach-individuals gdpr-breach-individuals gdpr-restriction \
	gdpr-automated-decision ukgdpr-restriction ukgdpr-automated-decision ccpa-limit-sensitive \
	ca-breach-residents ca-breach-ag-sample ny-breach lgpd-breach lgpd-rights pipeda-breach \
	fca-payments-complaint uk-ccr-refund eu-withdrawal-ack eu-adr-information uk-adr-information \
	ai-disclosure-ut-2024 us-nj-privacy-appeal us-ri-privacy-appeal; do
	expect_out "\"id\": \"$id\"" "rule $id is in the pack"
done
# "do not sell" no longer suggests the CCPA acknowledgement (7021 does not cover opt-outs)
run $D rules list --json
ph=$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys
r={x["id"]: x for x in json.load(sys.stdin)}
print("|".join(r["ccpa-ack"]["phrases"]) + " / " + "|".join(r["ccpa-opt-out"]["phrases"]))')
case "$ph" in *"do not sell"*" / "*) fail "ccpa-ack still suggested by 'do not sell' ($ph)" ;; *) pass ;; esac
case "$ph" in *" / "*"do not sell"*) pass ;; *) fail "the opt-out rule keeps 'do not sell' ($ph)" ;; esac
keys=$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys
r={x["id"]: x for x in json.load(sys.stdin)}
a=r["ukgdpr-access"]; c=r["uk-dpa-complaint-ack"]; p=r["pipeda-access"]
print(",".join(a["start_events"]), a["pause_counting"], c["counting"], p["roll_mode"], p["roll"], r["gdpr-access"]["calendar"],
      r["gdpr-access"]["calendar_within"], a["calendar"], a["calendar_within"])')
expect_eq "$keys" "received,identity-verified,fee-paid inclusive beginning-with holidays True establishment None establishment GB" "rules list --json shows the counting keys and the calendar"
t_done
