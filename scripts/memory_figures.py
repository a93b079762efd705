#!/usr/bin/env python3
"""Peak memory of mpingest's parent and workers on corpora of different sizes.

    memory_figures.py DIR [DIR ...]

For each maildir, runs fork, spawn over pipes and spawn with shared memory,
with 2 shards (--format json), and
prints a Markdown table of the parent's and the largest worker's max RSS, as
the workers and the parent measure it themselves (getrusage), and the
largest worker's private memory when its result was ready (smaps_rollup):
a forked worker's RSS counts the pages it shares with the parent, its
private memory only its own. The parent's memory grows with the item list.
"""
import json
import os
import subprocess
import sys

MPINGEST = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "build", "apps", "mpingest")

print("| corpus | items | mode | parent max RSS | largest worker max RSS | largest worker private |")
print("|---|---|---|---|---|---|")
for corpus in sys.argv[1:]:
    for mode, ipc in (("fork", "pipe"), ("spawn", "pipe"), ("spawn", "shm")):
        out = subprocess.run([MPINGEST, "--input", corpus, "--mode", mode, "--ipc", ipc, "--shards", "2",
                              "--format", "json", "-q"],
                             stdout=subprocess.PIPE, check=True, text=True).stdout
        r = json.loads(out)
        worker_kb = max(w["max_rss_kb"] for w in r["workers"])
        private_kb = max(w["private_kb"] for w in r["workers"])
        name = os.path.basename(corpus.rstrip("/"))
        if name == "maildir":  # ../shared/data/enron-sample/maildir: say which
            name = os.path.basename(os.path.dirname(corpus.rstrip("/"))) + "/maildir"
        print(f"| {name} | {r['totals']['items']:,} | {mode} x2 {ipc} "
              f"| {r['timing']['parent_max_rss_kb'] / 1024:.1f} MiB | {worker_kb / 1024:.1f} MiB "
              f"| {private_kb / 1024:.1f} MiB |")
