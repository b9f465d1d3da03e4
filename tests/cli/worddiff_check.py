"""worddiff_check.py OLD NEW < WORDDIFF: the word diff's hunks read back
as both texts: dropping {+added+} gives the old file's lines the hunk
header names, dropping [-removed-] the new file's. Prints what differs
and exits 1, or prints the number of hunks checked."""
import re
import sys

old = open(sys.argv[1], encoding="utf-8").read().split("\n")
new = open(sys.argv[2], encoding="utf-8").read().split("\n")
text = sys.stdin.read()
hunks = re.split(r"^(@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@.*)$", text, flags=re.M)
n = 0
bad = 0
for i in range(1, len(hunks), 2):
    m = re.match(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", hunks[i])
    a, na, b, nb = int(m[1]), int(m[2] or 1), int(m[3]), int(m[4] or 1)
    body = hunks[i + 1][1:]  # after the header's newline
    if body.endswith("\n"):
        body = body[:-1]
    as_old = re.sub(r"\{\+.*?\+\}", "", re.sub(r"\[-(.*?)-\]", r"\1", body, flags=re.S), flags=re.S)
    as_new = re.sub(r"\[-.*?-\]", "", re.sub(r"\{\+(.*?)\+\}", r"\1", body, flags=re.S), flags=re.S)
    want_old = "\n".join(old[a - 1 : a - 1 + na])
    want_new = "\n".join(new[b - 1 : b - 1 + nb])
    n += 1
    for what, got, want in (("old", as_old, want_old), ("new", as_new, want_new)):
        if got.rstrip("\n") != want.rstrip("\n"):
            bad += 1
            print(f"hunk {n} ({hunks[i]}) does not read back as the {what} text:\n{got!r}\n!=\n{want!r}")
print(f"{n} hunks" if not bad else f"{bad} mismatches")
sys.exit(1 if bad or not n else 0)
