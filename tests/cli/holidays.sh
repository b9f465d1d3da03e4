#!/bin/sh
# holidays.sh - holiday calendars described by rule: `docket rules holidays`,
# `rules check` errors in calendar files, the old dated lists (2024-2028)
# still give the same weekdays off, and a cross-check of every calendar
# against Debian's python3-holidays with a reviewed list of differences
# (tests/cli/holidays-expected.txt).
. tests/cli/lib.sh
t_setup
L=legal-starter

run $D rules holidays GB --from 2032 --to 2032 --dir $L
expect_rc 0 "rules holidays"
# Christmas Sat 25 and Boxing Day Sun 26 Dec 2032: substitutes Mon 27, Tue 28
expect_out "2032-12-27 Christmas Day (substitute day)" "GB substitute day"
expect_out "2032-12-28 Boxing Day (substitute day)" "GB second substitute day"
# Early May bank holiday: first Monday of May 2032 = 3 May; Spring: last Monday = 31 May
expect_out "2032-05-03 Early May bank holiday" "first Monday of May"
expect_out "2032-05-31 Spring bank holiday" "last Monday of May"
run $D rules holidays GB --from 2022 --to 2022 --dir $L
expect_out_not "2022-05-30" "the moved 2022 Spring bank holiday is an exception"
expect_out "2022-06-02 Spring bank holiday" "and its moved date is listed"
run $D rules holidays DE-NY --from 2026 --dir $L
expect_rc 0 "a subdivision without a file"
expect_err "no calendar DE-NY; using DE" "falls back to the country and says so"
run $D rules holidays JP --from 2026 --dir $L
expect_rc 1 "no calendar at all"
expect_one_error_line "one error line"
run $D rules holidays GB --from 26 --dir $L
expect_rc 2 "a bad year is a usage error"

# the dated lists the pack shipped until now (2024-2028, reviewed in the
# December 2026 audit) give exactly the same weekdays off
for f in tests/data/holidays-2024-2028/*.txt; do
	c=$(basename "$f" .txt)
	run $D rules holidays "$c" --from 2024 --to 2028 --dir $L
	old=$(/usr/bin/python3 -c 'import sys,datetime
print(" ".join(l.split()[0] for l in open(sys.argv[1]) if datetime.date.fromisoformat(l.split()[0]).weekday() < 5))' "$f")
	new=$(printf '%s\n' "$OUT" | /usr/bin/python3 -c 'import sys,datetime
print(" ".join(l.split()[0] for l in sys.stdin if l.strip() and datetime.date.fromisoformat(l.split()[0]).weekday() < 5))')
	expect_eq "$new" "$old" "$c: same weekdays off in 2024-2028 as the old dated list"
done

# rules check: calendar rules are validated with file:line
mkdir -p "$T/p/rules" "$T/p/calendars"
cp $L/rules/gdpr.ini "$T/p/rules/"
cp $L/jurisdictions.ini "$T/p/"
cat >"$T/p/calendars/XX.ini" <<'INI'
[holidays]
INI
cat >"$T/p/calendars/FR.ini" <<'INI'
[calendar]
name = test
[holidays]
12-25 = Noël
13-01 = bad month
easter+x = bad offset
05-01/fri = first Friday of May
06-01/funday = bad weekday
11-11 observed sometimes = bad modifier
02-29 = no such day every year
not 2026-12-24 = no rule gives that day
not 2026-12-25 = cancelled
not 2026-12-25 = twice
01-01 from 2030 until 2020 = until before from
07-14 =
+1-05 = signed month
INI
run $D rules check "$T/p"
expect_rc 1 "bad calendar rules are refused"
expect_err "calendars/FR.ini:5: bad holiday rule '13-01'" "bad month, with file:line"
expect_err "calendars/FR.ini:6: bad holiday rule 'easter+x'" "bad Easter offset"
expect_err "calendars/FR.ini:8: bad holiday rule '06-01/funday'" "bad weekday"
expect_err "calendars/FR.ini:9: bad holiday rule '11-11 observed sometimes'" "bad modifier"
expect_err "calendars/FR.ini:10: bad holiday rule '02-29'" "29 February is no yearly date"
expect_err "calendars/FR.ini:11: exception 2026-12-24: no holiday rule gives that day" "an exception must be needed"
expect_err "calendars/FR.ini:13: duplicate exception 2026-12-25" "duplicate exception"
expect_err "calendars/FR.ini:14: bad holiday rule '01-01 from 2030 until 2020'" "until before from"
expect_err "calendars/FR.ini:15: holiday 07-14 has no name" "a rule needs a name"
expect_err "calendars/FR.ini:16: bad holiday rule '+1-05'" "two digits each for month and day"
expect_err "'XX' is not a jurisdiction code" "file name checked"
case "$ERR" in *"FR.ini:4:"*|*"FR.ini:7:"*|*"FR.ini:12:"*) fail "good lines reported" ;; *) pass ;; esac

# the independent cross-check: python3-holidays (Debian, scripts/deps.sh)
if /usr/bin/python3 -c 'import holidays' 2>/dev/null; then pass; else fail "python3-holidays is not installed (scripts/deps.sh)"; fi
/usr/bin/python3 tests/cli/holidays_check.py "$D" $L tests/cli/holidays-expected.txt 2018 2030 >"$T/x.out" 2>&1
RC=$?
OUT=$(grep -v '^ok ' "$T/x.out")
ERR=""
expect_rc 0 "every calendar agrees with python3-holidays but for the reviewed differences"
n=$(grep -c '^ok ' "$T/x.out")
expect_eq "$n" "49" "49 calendars cross-checked"
t_done
