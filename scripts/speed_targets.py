#!/usr/bin/env python3
"""Measures mpingest against its speed targets on one maildir, in one run.

    speed_targets.py MAILDIR [--workers N] [--repeat R] [--python-repeat P]

Prints a Markdown table (used by docs/benchmarks.md via refresh_docs.py):
- the seed's Python (scripts/seed_python.py) --serial and --pool N against
  `mpingest --mode serial` and `--mode fork --shards N` (target: 40x each);
- the raw-read floor (build/bench/raw_read_floor) at 1 and N processes against
  mpingest at the same N (target: mpingest reaches 85% of its throughput);
- fork with N shards against serial (target for N=2: 1.85x), with the default
  dispatch (rr: the workers take every other file) and with the queue
  (each takes 64 consecutive files at a time).
Every figure is a median of R runs (P for the slow Python), interleaved
across cases, on a warm page cache (one untimed mpingest run first). Times are each program's own wall
clock from listing the maildir to the merged totals, process start excluded.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MPINGEST = os.path.join(ROOT, "build", "apps", "mpingest")
FLOOR = os.path.join(ROOT, "build", "bench", "raw_read_floor")
SEED = os.path.join(ROOT, "scripts", "seed_python.py")


def run_json(argv):
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"speed_targets: {' '.join(argv)} exited {done.returncode}: {done.stderr}")
    return json.loads(done.stdout)


def median_wall(argv, repeat, wall=lambda doc: doc["wall_s"]):
    docs = [run_json(argv) for _ in range(repeat)]
    return statistics.median(wall(d) for d in docs), docs[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("maildir")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--python-repeat", type=int, default=1)
    a = ap.parse_args()
    if not os.path.isdir(a.maildir):
        print(f"{a.maildir} is absent: skipped")
        return
    n = a.workers
    mp = [MPINGEST, "--input", a.maildir, "--format", "json"]
    report_wall = lambda doc: doc["timing"]["wall_s"]

    run_json(mp + ["--mode", "serial"])  # warm the page cache
    # Repeats are interleaved (serial, fork, fork queue, floor 1, floor N, serial, ...), so
    # that a slow spell of this shared machine hits every case alike.
    cases = {
        "serial": (mp + ["--mode", "serial"], report_wall),
        "fork": (mp + ["--mode", "fork", "--shards", str(n)], report_wall),
        "forkq": (mp + ["--mode", "fork", "--shards", str(n), "--dispatch", "queue"], report_wall),
        "floor1": ([FLOOR, a.maildir, "--procs", "1"], lambda doc: doc["wall_s"]),
        "floorn": ([FLOOR, a.maildir, "--procs", str(n)], lambda doc: doc["wall_s"]),
    }
    walls = {name: [] for name in cases}
    docs = {}
    for _ in range(a.repeat):
        for name, (argv, wall) in cases.items():
            doc = run_json(argv)
            docs.setdefault(name, doc)
            walls[name].append(wall(doc))
    serial_s, fork_s, forkq_s, floor1_s, floorn_s = (statistics.median(walls[k]) for k in cases)
    serial_doc, floor_doc = docs["serial"], docs["floor1"]
    py_serial_s, py_doc = median_wall([sys.executable, SEED, a.maildir, "--serial"], a.python_repeat)
    py_pool_s, _ = median_wall([sys.executable, SEED, a.maildir, "--pool", str(n)], a.python_repeat)

    items = serial_doc["totals"]["items"]
    mb = serial_doc["totals"]["bytes"] / 1e6
    assert floor_doc["items"] == items, "the floor and mpingest must see the same items"

    def row(what, theirs, ours, ratio, target, ok):
        return f"| {what} | {theirs} | {ours} | {ratio} | {target} | {'yes' if ok else '**no**'} |"

    print(f"{items:,} messages, {mb:,.1f} MB; medians of {a.repeat} runs "
          f"(Python: {a.python_repeat}); {os.cpu_count()} cores\n")
    print("| comparison | baseline | mpingest | ratio | target | met |")
    print("|---|---|---|---|---|---|")
    print(row("serial vs the seed's serial loop", f"{py_serial_s:.2f} s", f"{serial_s:.3f} s",
              f"{py_serial_s / serial_s:.0f}x", ">= 40x", py_serial_s / serial_s >= 40))
    print(row(f"fork x{n} vs the seed's Pool({n}).map", f"{py_pool_s:.2f} s", f"{fork_s:.3f} s",
              f"{py_pool_s / fork_s:.0f}x", ">= 40x", py_pool_s / fork_s >= 40))
    for procs, floor_s, ours_s in ((1, floor1_s, serial_s), (n, floorn_s, fork_s)):
        share = floor_s / ours_s  # throughput ratio = inverse time ratio
        print(row(f"{'serial' if procs == 1 else f'fork x{n}'} vs raw-read floor, {procs} process{'es' if procs > 1 else ''}",
                  f"{floor_s:.3f} s ({mb / floor_s:,.0f} MB/s)", f"{ours_s:.3f} s ({mb / ours_s:,.0f} MB/s)",
                  f"{100 * share:.1f}% of floor", ">= 85%", share >= 0.85))
    scaling = serial_s / fork_s
    target = 1.85 if n == 2 else None
    print(row(f"fork x{n} vs serial (scaling)", f"{serial_s:.3f} s", f"{fork_s:.3f} s", f"{scaling:.2f}x",
              f">= {target}x" if target else "-", scaling >= target if target else True))
    print(row(f"fork x{n} --dispatch queue vs serial (scaling)", f"{serial_s:.3f} s", f"{forkq_s:.3f} s",
              f"{serial_s / forkq_s:.2f}x", f">= {target}x" if target else "-",
              serial_s / forkq_s >= target if target else True))
    floor_scaling = floor1_s / floorn_s
    print(row(f"raw-read floor x{n} vs x1 (what the machine allows)", f"{floor1_s:.3f} s", f"{floorn_s:.3f} s",
              f"{floor_scaling:.2f}x", "-", True))
    print(f"\nseed totals: {json.dumps(py_doc['totals'])}")
    t = serial_doc["totals"]
    print(f"mpingest totals: {json.dumps({k: t[k] for k in ('messages', 'capitals', 'to_addresses', 'messages_without_to')})}")


if __name__ == "__main__":
    main()
