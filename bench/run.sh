#!/bin/sh
# run.sh - every benchmark (`make bench`). Slow (the 1M-ticket workspace
# takes about 3 minutes to generate and 1.3 GB of disk); prints figures,
# asserts nothing. BENCH_DIR (default /tmp/docket-bench) keeps the
# generated workspaces between runs.
cd "$(dirname "$0")/.." || exit 1
B=${BENCH_DIR:-/tmp/docket-bench}
mkdir -p "$B"
export DOCKET_NOW=${DOCKET_NOW:-2026-01-31T09:00:00Z}
echo "== classifier: recall per request kind, false suggestions (issue 12 item 5)"
build/bench/classify_bench legal-starter # every set: corpus, heldout, fresh, fresh2, fresh3, fresh4
echo
echo "== foundation: 1,000,000 tickets (issue: foundation)"
sh bench/foundation_bench.sh "$B/1m"
echo
echo "== obligations: recompute all from scratch, then the report (on a copy)"
rm -rf "$B/1m-copy" && cp -r "$B/1m" "$B/1m-copy" && sync
/usr/bin/time -f "whole run: %e s, peak RSS %M KB" build/bench/obligations_bench "$B/1m-copy"
rm -rf "$B/1m-copy"
echo
echo "== erasure of one customer (on a copy)"
sh bench/erase_bench.sh "$B/1m"
echo
echo "== terms: 5,000 revisions of a 200 KB document, 100,000 customers"
sh bench/terms_bench.sh "$B/terms"
echo
echo "== bench/tui_bench.sh"
sh bench/tui_bench.sh "$B/1m"
echo
echo "== bench/terms_tui_bench.sh"
sh bench/terms_tui_bench.sh "$B/1m" "$B/terms"
