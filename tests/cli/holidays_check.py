#!/usr/bin/python3
"""holidays_check.py - compare docket's holiday calendars with python3-holidays.

Usage: holidays_check.py DOCKET LEGAL_DIR EXPECTED FIRST LAST

For each calendar mapped below, the days off Monday to Friday in the years
FIRST..LAST computed by `docket rules holidays` are compared with the
independent python3-holidays package (Debian's, an older release). Weekend
days are left out: they are days off either way. Every difference must be
explained by a line of EXPECTED (tab-separated: CODE, then a date
YYYY-MM-DD or ~NAME matching the holiday's name in either source, then the
reason), and every line of EXPECTED must still explain a difference (so
the list stays reviewed). Prints one "ok CODE" or "FAIL CODE: ..." line per
calendar and one "unused ..." line per stale expectation.
"""
import datetime
import subprocess
import sys

import holidays

# docket calendar -> (python3-holidays class, keyword arguments)
MAP = {
    "AT": ("AT", {}), "BE": ("BE", {}), "BG": ("BG", {}), "HR": ("HR", {}), "CZ": ("CZ", {}),
    "DK": ("DK", {}), "EE": ("EE", {}), "FI": ("FI", {}), "FR": ("FRA", {}), "DE": ("DE", {}),
    "GR": ("GR", {}), "HU": ("HU", {}), "IE": ("IE", {}), "IT": ("IT", {}), "LT": ("LT", {}),
    "LU": ("LU", {}), "NL": ("NL", {}), "PL": ("PL", {}), "PT": ("PT", {}), "SK": ("SK", {}),
    "SI": ("SI", {}), "ES": ("ES", {}), "SE": ("SE", {}), "IS": ("IS", {}), "NO": ("NO", {}),
    "GB": ("England", {}), "GB-SCT": ("Scotland", {}), "GB-NIR": ("NorthernIreland", {}),
    "US": ("US", {}), "US-CA": ("US", {"state": "CA"}), "CA": ("CA", {"prov": None}),
    "BR": ("BR", {}), "AU": ("AU", {"prov": None}),
}
MAP["GB-ENG"] = ("England", {})  # an alias of GB.ini (England and Wales)
MAP["GB-WLS"] = ("Wales", {})
for st in ("NSW", "VIC", "QLD", "WA", "SA", "TAS", "ACT", "NT"):
    MAP["AU-" + st] = ("AU", {"prov": st})
# ISO 3166-2:ES autonomous communities -> python3-holidays 0.10.1's codes
for iso, prov in (("AN", "AND"), ("AR", "ARG"), ("AS", "AST"), ("CB", "CAN"), ("CM", "CAM"), ("CL", "CAL"),
                  ("CT", "CAT"), ("VC", "CVA"), ("EX", "EXT"), ("GA", "GAL"), ("IB", "IBA"), ("CN", "ICA"),
                  ("MD", "MAD"), ("MC", "MUR"), ("NC", "NAV"), ("PV", "PVA"), ("RI", "RIO")):
    MAP["ES-" + iso] = ("ES", {"prov": prov})
for land in ("BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"):
    MAP["DE-" + land] = ("DE", {"prov": land})


def ours(docket, legal, code, first, last):
    out = subprocess.run([docket, "rules", "holidays", code, "--from", str(first), "--to", str(last),
                          "--dir", legal], capture_output=True, text=True, check=True).stdout
    days = {}
    for line in out.splitlines():
        d, name = line.split(" ", 1)
        if name.startswith("working day: "):
            continue  # a weekend day worked (HU): not a day off
        days[datetime.date.fromisoformat(d)] = name
    return days


def theirs(code, first, last):
    cls, kw = MAP[code]
    h = getattr(holidays, cls)(years=list(range(first, last + 1)), **kw)
    return {d: n for d, n in h.items() if first <= d.year <= last}


def main():
    docket, legal, expected_path, first, last = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    expected = []
    for no, line in enumerate(open(expected_path, encoding="utf-8"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3 or not parts[2].strip():
            print(f"FAIL {expected_path}:{no}: expected CODE<TAB>DATE-or-~NAME<TAB>reason")
            return 1
        expected.append([parts[0], parts[1], parts[2], no, 0])
    bad = 0
    for code in sorted(MAP):
        a, b = ours(docket, legal, code, first, last), theirs(code, first, last)
        diffs = []
        for d in sorted(set(a) | set(b)):
            if d.weekday() >= 5 or (d in a) == (d in b):
                continue
            name = a.get(d) or b.get(d)
            side = "only docket" if d in a else "only python3-holidays"
            hit = None
            for e in expected:
                if e[0] != code:
                    continue
                if e[1] == d.isoformat() or (e[1].startswith("~") and e[1][1:].lower() in name.lower()):
                    hit = e
                    break
            if hit:
                hit[4] += 1
            else:
                diffs.append(f"{d.isoformat()} {side}: {name}")
        if diffs:
            bad += 1
            print(f"FAIL {code}: " + "; ".join(diffs))
        else:
            print(f"ok {code}")
    for e in expected:
        if not e[4]:
            bad += 1
            print(f"unused {expected_path}:{e[3]}: {e[0]} {e[1]} no longer differs")
    return 1 if bad else 0


sys.exit(main())
