#!/usr/bin/env python3
"""Times mpingest on a cold page cache against a warm one.

    cold_cache.py MAILDIR [--repeat R] [--workers N]

Before each cold run it evicts every file of MAILDIR from the page cache
with posix_fadvise(POSIX_FADV_DONTNEED), which needs no root: clean pages of
a file anyone may read are dropped. (Directories stay cached: only their
files are evicted.) The warm run follows at once. Cases: serial and fork xN,
each reading one file at a time (--read syscalls) and in io_uring batches
(--read io_uring). Prints a Markdown table of medians over R rounds, with
what each run's report says came from disk (timing.disk_read_bytes).

On a filesystem without a backing store (tmpfs) nothing is evicted and the
table says so.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MPINGEST = os.path.join(ROOT, "build", "apps", "mpingest")


def evict(maildir):
    """Drops the clean page-cache pages of every regular file under maildir."""
    for directory, _, files in os.walk(maildir):
        for name in files:
            path = os.path.join(directory, name)
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            except OSError:
                continue  # unreadable or a symlink: mpingest lists it as an error anyway
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def run(maildir, flags):
    done = subprocess.run([MPINGEST, "--input", maildir, "--format", "json", *flags],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"cold_cache: mpingest {' '.join(flags)} exited {done.returncode}: {done.stderr}")
    timing = json.loads(done.stdout)["timing"]
    return timing["wall_s"], timing["disk_read_bytes"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("maildir")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    if not os.path.isdir(a.maildir):
        print(f"{a.maildir} is absent: skipped")
        return
    cases = []
    for mode in (["--mode", "serial"], ["--mode", "fork", "--shards", str(a.workers)]):
        for read in ("syscalls", "io_uring"):
            cases.append((f"{' '.join(mode[1:]).replace('fork --shards ', 'fork x')}, --read {read}",
                          mode + ["--read", read]))
    results = {label: {"cold": [], "warm": [], "disk": []} for label, _ in cases}
    for _ in range(a.repeat):
        for label, flags in cases:
            evict(a.maildir)
            cold_s, disk = run(a.maildir, flags)
            warm_s, _ = run(a.maildir, flags)
            results[label]["cold"].append(cold_s)
            results[label]["warm"].append(warm_s)
            results[label]["disk"].append(disk)
    print(f"medians of {a.repeat} rounds; each cold run right after evicting the corpus's files, "
          f"each warm run right after it\n")
    print("| case | cold wall | from disk | warm wall | cold / warm |")
    print("|---|---|---|---|---|")
    for label, _ in cases:
        r = results[label]
        cold, warm = statistics.median(r["cold"]), statistics.median(r["warm"])
        disk_mib = statistics.median(r["disk"]) / 2**20
        print(f"| {label} | {cold:.3f} s | {disk_mib:.1f} MiB | {warm:.3f} s | {cold / warm:.0f}x |")
    if all(d == 0 for r in results.values() for d in r["disk"]):
        print("\nnothing came from disk: this filesystem keeps no separate backing store (tmpfs?)")


if __name__ == "__main__":
    main()
