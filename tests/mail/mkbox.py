#!/usr/bin/python3
"""mkbox.py - an mbox file or a Maildir folder from the corpus, for
`docket mail import` (tests/cli/mail_import.sh, bench/mail_import_bench.sh).

  mkbox.py mbox|maildir OUT FILE... [--copies N] [--date UNIX]

Each FILE's bytes go in unchanged (the mbox escapes lines that start with
">*From " the mboxrd way, and a separator line follows each message).
--date: the delivery time in the mbox "From " lines and the Maildir names
(default 1700000000). --copies N: N rounds of the files; from the second
round on every message gets a header of its own (X-Copy: K) and its
Message-ID a suffix, so that each is a new message, not a redelivery.
"""
import os
import re
import sys
import time


def variant(data, k):
    if k == 0:
        return data
    sep = b"\r\n" if b"\r\n" in data[:2000] else b"\n"
    data = re.sub(rb"(?im)^(message-id:[ \t]*<)([^>]*)>",
                  lambda m: m.group(1) + m.group(2) + b".c%d>" % k, data, count=1)
    return b"X-Copy: %d" % k + sep + data


def main(argv):
    copies, date, files = 1, 1700000000, []
    kind, out = argv[1], argv[2]
    i = 3
    while i < len(argv):
        if argv[i] == "--copies":
            copies = int(argv[i + 1])
            i += 2
        elif argv[i] == "--date":
            date = int(argv[i + 1])
            i += 2
        else:
            files.append(argv[i])
            i += 1
    msgs = [open(f, "rb").read() for f in files]
    if kind == "mbox":
        stamp = time.strftime("%a %b %e %H:%M:%S %Y", time.gmtime(date)).encode()
        with open(out, "wb") as fp:
            for k in range(copies):
                for data in msgs:
                    data = variant(data, k)
                    fp.write(b"From import@example.org " + stamp + b"\n")
                    fp.write(re.sub(rb"(?m)^(>*From )", rb">\1", data))
                    if not data.endswith(b"\n"):
                        fp.write(b"\n")
                    fp.write(b"\n")
    elif kind == "maildir":
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(out, sub), exist_ok=True)
        n = 0
        for k in range(copies):
            for data in msgs:
                n += 1
                # cur/ holds what was read, new/ the rest: both imported
                sub = "cur" if n % 2 else "new"
                name = "%d.M%06dP1.host%s" % (date, n, ":2,S" if sub == "cur" else "")
                with open(os.path.join(out, sub, name), "wb") as fp:
                    fp.write(variant(data, k))
    else:
        sys.exit("usage: mkbox.py mbox|maildir OUT FILE... [--copies N] [--date UNIX]")


main(sys.argv)
