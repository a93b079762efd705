#!/usr/bin/env python3
"""Old binary against new, interleaved, in one run: the A/B measurement a
change to the hot path or the process loop needs.

    scripts/compare_binaries.py OLD NEW --input CORPUS [--rounds 8] [--case "fork --shards 2" ...]
                                [--new-flags "--journal /tmp/run.journal"]

Each round runs every case once with each binary, in alternating order (old
first on even rounds, new first on odd ones), after one untimed warm-up of
each, so that drift in the machine (page cache, a neighbour's load) falls on
both alike. It prints, per case, the median wall time of each binary (the
command's own, fork to exit, measured here), and new/old of that, of the
report's wall_s and of its cpu_s (the CPU time of the whole run). Both
binaries must agree on the totals, or the script fails. With --new-flags,
NEW runs every case with those flags too: OLD and NEW may then be the same
binary, to measure what a flag costs (e.g. --journal).
"""
import argparse
import json
import statistics
import subprocess
import sys
import time

DEFAULT_CASES = [
    "--mode serial",
    "--mode threads --shards 2",
    "--mode fork --shards 2",
    "--mode fork --shards 2 --dispatch queue",
    "--mode spawn --shards 2 --ipc shm",
    "--mode fork --shards 2 --emit /dev/null",
    "--mode fork --shards 2 --ipc shm --emit /dev/null --emit-body",
]


def run(binary, corpus, case, extra=""):
    command = [binary, "--input", corpus, "--format", "json", "-q"] + case.split() + extra.split()
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit("%s %s: exit %d: %s" % (binary, case, done.returncode, done.stderr.decode(errors="replace")))
    report = json.loads(done.stdout)
    return wall, report["timing"]["wall_s"], report["totals"], report["timing"]["cpu_s"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--input", required=True)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--case", action="append", help="mpingest flags; repeatable (default: a standard set)")
    ap.add_argument("--new-flags", default="", help="flags added to NEW's runs only")
    args = ap.parse_args()
    extra = {"old": "", "new": args.new_flags}
    cases = args.case or DEFAULT_CASES
    binaries = {"old": args.old, "new": args.new}
    walls = {(b, c): [] for b in binaries for c in cases}
    inner = {(b, c): [] for b in binaries for c in cases}
    cpu = {(b, c): [] for b in binaries for c in cases}
    for case in cases:  # warm-up, and the totals must agree
        totals = {b: run(path, args.input, case, extra[b])[2] for b, path in binaries.items()}
        if totals["old"] != totals["new"]:
            sys.exit("%s: the binaries disagree: %s against %s" % (case, totals["old"], totals["new"]))
    for r in range(args.rounds):
        order = ["old", "new"] if r % 2 == 0 else ["new", "old"]
        for case in cases:
            for b in order:
                wall, wall_s, _, cpu_s = run(binaries[b], args.input, case, extra[b])
                walls[(b, case)].append(wall)
                inner[(b, case)].append(wall_s)
                cpu[(b, case)].append(cpu_s)
    print("medians of %d interleaved rounds on %s%s" % (args.rounds, args.input,
                                                       " (new: %s)" % args.new_flags if args.new_flags else ""))
    print("%-58s %9s %9s %9s   %s" % ("case", "old s", "new s", "new/old", "report wall_s, cpu_s new/old"))
    for case in cases:
        old = statistics.median(walls[("old", case)])
        new = statistics.median(walls[("new", case)])
        old_in = statistics.median(inner[("old", case)])
        new_in = statistics.median(inner[("new", case)])
        cpu_ratio = statistics.median(cpu[("new", case)]) / statistics.median(cpu[("old", case)])
        print("%-58s %9.3f %9.3f %9.3f   %.3f, %.3f" % (case, old, new, new / old, new_in / old_in, cpu_ratio))


if __name__ == "__main__":
    main()
