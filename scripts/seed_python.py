#!/usr/bin/env python3
"""The seed: the plain Python ingestion that mpingest replaces, for comparison.

For every regular file below a maildir (os.walk, sorted), process_file()
opens it with encoding ISO-8859-1, reads the text, parses it with
email.parser.Parser().parsestr(), takes From, To, Cc, Subject and the body,
and counts what mpingest counts:

    capitals      sum(c.isupper() for c in text)    over the whole text,
                  headers and body, as mpingest does (docs/design.md)
    to_addresses  len([a for n, a in getaddresses([msg['To']]) if a])
    without To    msg['To'] is None

Four ways to run it, as the seed tutorials show them:

    seed_python.py MAILDIR --serial        a plain for loop
    seed_python.py MAILDIR --threads N     N threading.Threads, each given a
                                           static share (file i to thread i mod N);
                                           they take turns under the GIL
    seed_python.py MAILDIR --processes N   N multiprocessing.Processes (fork), each
                                           given a static share, sending its
                                           summed result back over a Pipe
    seed_python.py MAILDIR --pool N        multiprocessing.Pool(N).map(process_file, files),
                                           default chunksize, the fork start method

It prints {"mode", "workers", "files", "wall_s", "totals"}; wall_s covers the
walk, the processing and the summing, as mpingest's timing.wall_s covers
enumeration, work and merge.

process_file returns its counts, not the fields themselves: a seed that sent
every body back to the parent through the pool's pipe would be slower still,
and we do not want the comparison to flatter mpingest.

--task words is the counterpart of mpingest --task words: each body, as
email.parser.HeaderParser().parsestr(text).get_payload() returns it, split
into the alphabetic runs of itertools.groupby(body, str.isalpha), counted
lower-cased in a Counter per worker and merged; it prints
{"words": total, "distinct": ..., "top": the --top most frequent (default 20,
as mpingest's), ties by word}
under "words", as reference_totals.py --words does. A worker's Counter is
what a process sends back (pickled), as a Pool returns each file's.

Where the totals differ from mpingest's, and why. mpingest reads bytes;
the seed opens files in text mode, which turns "\r\n" and "\r" into "\n"
(universal newlines). Capitals cannot change (a line break is not a capital),
and the email parser splits lines at "\r\n", "\r" and "\n" alike. But a
folded header value keeps its line breaks, and getaddresses ends a quoted
string or a comment at a "\r" (AddrlistClass.getdelimited stops at '"' or
'\r'), not at a "\n". A CRLF To header folded inside a quoted display name,

    To: a@x.com, "Kaminski, \r\n\tTracy" <tracy.kaminski@enron.com>, ...

ends its quoted string at that "\r" when read as bytes, and the rest of the
list is misread (fewer addresses); the seed, which sees "\n" there, reads the
display name whole and counts more. On the Enron sample every total is
equal; on `mpingest gen --messages 100000 --seed 1`, 81 messages are such,
and the seed counts 540,386 To addresses where mpingest (and Python on the
same bytes: scripts/reference_totals.py) counts 540,165; the other totals are
equal. With --keep-newlines the seed opens files with newline='' (no
translation) and its totals are mpingest's exactly.

Two more differences that neither corpus shows: the seed has no notion of an
error item (an empty file is one more message without To here, an error item
in mpingest), and email.utils.getaddresses got a strict mode in Python
3.11.10/3.12.6/3.13 (the figures in tests/data come from Python 3.11.7).
"""

import argparse
import collections
import email.parser
import email.utils
import functools
import itertools
import json
import multiprocessing
import os
import stat
import sys
import threading
import time


def list_files(root):
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames:
            path = os.path.join(dirpath, name)
            if stat.S_ISREG(os.lstat(path).st_mode):  # not a symlink, FIFO, socket or device
                files.append(path)
    return sorted(files)


def read_text(path, newline):
    with open(path, encoding="ISO-8859-1", newline=newline) as f:
        return f.read()


def process_file(path, newline=None):
    text = read_text(path, newline)
    msg = email.parser.Parser().parsestr(text)
    # What the seed takes from each message (only To is counted).
    sender, to, cc, subject = msg["From"], msg["To"], msg["Cc"], msg["Subject"]
    body = msg.get_payload()
    capitals = sum(c.isupper() for c in text)
    to_addresses = len([a for n, a in email.utils.getaddresses([to]) if a]) if to is not None else 0
    return capitals, to_addresses, to is None


def count_words(path, newline=None):
    body = email.parser.HeaderParser().parsestr(read_text(path, newline)).get_payload()
    words = collections.Counter()
    for alpha, group in itertools.groupby(body, str.isalpha):
        if alpha:
            words["".join(group).lower()] += 1
    return words


# A worker's share, summed: what a thread keeps and a process sends back.
def new_sum(task):
    return collections.Counter() if task == "words" else [0, 0, 0, 0]


def add(task, acc, result):
    if task == "words":
        acc.update(result)
    else:
        acc[0] += 1
        for i, value in enumerate(result):
            acc[i + 1] += value
    return acc


def run_share(work, task, files):
    acc = new_sum(task)
    for path in files:
        add(task, acc, work(path))
    return acc


def process_share(work, task, files, conn):
    conn.send(run_share(work, task, files))
    conn.close()


def run(args, work, files):
    """The partial sums of every worker, however they ran."""
    task = args.task
    if args.serial:
        return [run_share(work, task, files)]
    if args.threads:
        sums = [None] * args.threads
        def body(i):
            sums[i] = run_share(work, task, files[i::args.threads])
        threads = [threading.Thread(target=body, args=(i,)) for i in range(args.threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return sums
    context = multiprocessing.get_context("fork")
    if args.processes:
        pipes, processes = [], []
        for i in range(args.processes):
            parent_end, child_end = context.Pipe(duplex=False)
            p = context.Process(target=process_share, args=(work, task, files[i::args.processes], child_end))
            p.start()
            child_end.close()
            pipes.append(parent_end)
            processes.append(p)
        sums = [conn.recv() for conn in pipes]
        for p in processes:
            p.join()
        return sums
    with context.Pool(args.pool) as pool:
        return [functools.reduce(functools.partial(add, task), pool.map(work, files), new_sum(task))]


def totals_of(task, sums, top_k):
    if task == "words":
        words = collections.Counter()
        for s in sums:
            words.update(s)
        top = sorted(words.items(), key=lambda wc: (-wc[1], wc[0]))[:top_k]
        return {"words": {"total": sum(words.values()), "distinct": len(words), "top": [[w, c] for w, c in top]}}
    keys = ["messages", "capitals", "to_addresses", "messages_without_to"]
    return {key: sum(s[i] for s in sums) for i, key in enumerate(keys)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("maildir")
    how = ap.add_mutually_exclusive_group(required=True)
    how.add_argument("--serial", action="store_true", help="a plain for loop")
    how.add_argument("--threads", type=int, metavar="N", help="N threading.Threads, static shares")
    how.add_argument("--processes", type=int, metavar="N", help="N multiprocessing.Processes, static shares, Pipe")
    how.add_argument("--pool", type=int, metavar="N", help="multiprocessing.Pool(N).map")
    ap.add_argument("--task", choices=["capitals", "words"], default="capitals")
    ap.add_argument("--top", type=int, default=20, metavar="K", help="--task words: the K most frequent words")
    ap.add_argument("--keep-newlines", action="store_true",
                    help="open files with newline='' (no CRLF translation): mpingest's totals exactly")
    args = ap.parse_args()
    for n in (args.threads, args.processes, args.pool):
        if n is not None and n < 1:
            ap.error("the number of workers must be at least 1")
    newline = "" if args.keep_newlines else None
    work = functools.partial(count_words if args.task == "words" else process_file, newline=newline)

    start = time.perf_counter()
    files = list_files(args.maildir)
    totals = totals_of(args.task, run(args, work, files), args.top)
    wall_s = time.perf_counter() - start

    mode = "serial" if args.serial else "threads" if args.threads else "processes" if args.processes else "pool"
    workers = args.threads or args.processes or args.pool or 1
    json.dump({"mode": mode, "task": args.task, "workers": workers, "files": len(files), "wall_s": round(wall_s, 3),
               "totals": totals}, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
