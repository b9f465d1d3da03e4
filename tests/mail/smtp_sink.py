"""smtp_sink.py - an SMTP server on 127.0.0.1 for the mail tests: every
message it receives is written to DIR/NNNN.eml (envelope in NNNN.env).
Usage: /usr/bin/python3 smtp_sink.py PORT DIR [SECONDS]; stops itself
after SECONDS (default 120) so a failed test never leaves it running."""
import os
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out):
        self.out = out
        self.n = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.n += 1
            base = os.path.join(self.out, "%04d" % self.n)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".env", "w") as f:
            f.write("from %s\n" % envelope.mail_from)
            for r in envelope.rcpt_tos:
                f.write("to %s\n" % r)
        os.rename(base + ".tmp", base + ".eml")
        return "250 OK"


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    limit = float(sys.argv[3]) if len(sys.argv) > 3 else 120
    os.makedirs(out, exist_ok=True)
    c = Controller(Sink(out), hostname="127.0.0.1", port=port)
    c.start()
    with open(os.path.join(out, "ready"), "w") as f:
        f.write("%d\n" % os.getpid())
    try:
        end = time.time() + limit
        while time.time() < end and not os.path.exists(os.path.join(out, "stop")):
            time.sleep(0.05)
    finally:
        c.stop()


if __name__ == "__main__":
    main()
