#!/usr/bin/env python3
"""Peak memory of mpingest's parent and workers on corpora of different sizes.

    memory_figures.py DIR [DIR ...]

For each maildir, runs fork and spawn with 2 shards (--format json) and
prints a Markdown table of the parent's and the largest worker's max RSS,
as the workers and the parent measure it themselves (getrusage). A worker's
memory should not grow with the corpus; the parent's grows with the item list.
"""
import json
import os
import subprocess
import sys

MPINGEST = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "build", "apps", "mpingest")

print("| corpus | items | mode | parent max RSS | largest worker max RSS |")
print("|---|---|---|---|---|")
for corpus in sys.argv[1:]:
    for mode in ("fork", "spawn"):
        out = subprocess.run([MPINGEST, "--input", corpus, "--mode", mode, "--shards", "2", "--format", "json", "-q"],
                             stdout=subprocess.PIPE, check=True, text=True).stdout
        r = json.loads(out)
        worker_kb = max(w["max_rss_kb"] for w in r["workers"])
        print(f"| {os.path.basename(corpus.rstrip('/'))} | {r['totals']['items']:,} | {mode} x2 "
              f"| {r['timing']['parent_max_rss_kb'] / 1024:.1f} MiB | {worker_kb / 1024:.1f} MiB |")
