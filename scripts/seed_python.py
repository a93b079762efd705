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

Two ways to run it, as the seed tutorial shows them:

    seed_python.py MAILDIR --serial      a plain for loop
    seed_python.py MAILDIR --pool N      multiprocessing.Pool(N).map(process_file, files),
                                         default chunksize, the fork start method

It prints {"mode", "workers", "files", "wall_s", "totals"}; wall_s covers the
walk, the processing and the summing, as mpingest's timing.wall_s covers
enumeration, work and merge.

process_file returns its counts, not the fields themselves: a seed that sent
every body back to the parent through the pool's pipe would be slower still,
and we do not want the comparison to flatter mpingest.

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
import email.parser
import email.utils
import functools
import json
import multiprocessing
import os
import stat
import sys
import time


def list_files(root):
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames:
            path = os.path.join(dirpath, name)
            if stat.S_ISREG(os.lstat(path).st_mode):  # not a symlink, FIFO, socket or device
                files.append(path)
    return sorted(files)


def process_file(path, newline=None):
    with open(path, encoding="ISO-8859-1", newline=newline) as f:
        text = f.read()
    msg = email.parser.Parser().parsestr(text)
    # What the seed takes from each message (only To is counted).
    sender, to, cc, subject = msg["From"], msg["To"], msg["Cc"], msg["Subject"]
    body = msg.get_payload()
    capitals = sum(c.isupper() for c in text)
    to_addresses = len([a for n, a in email.utils.getaddresses([to]) if a]) if to is not None else 0
    return capitals, to_addresses, to is None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("maildir")
    how = ap.add_mutually_exclusive_group(required=True)
    how.add_argument("--serial", action="store_true", help="a plain for loop")
    how.add_argument("--pool", type=int, metavar="N", help="multiprocessing.Pool(N).map")
    ap.add_argument("--keep-newlines", action="store_true",
                    help="open files with newline='' (no CRLF translation): mpingest's totals exactly")
    args = ap.parse_args()
    work = functools.partial(process_file, newline="") if args.keep_newlines else process_file

    start = time.perf_counter()
    files = list_files(args.maildir)
    if args.serial:
        results = [work(path) for path in files]
    else:
        with multiprocessing.get_context("fork").Pool(args.pool) as pool:
            results = pool.map(work, files)
    totals = {
        "messages": len(results),
        "capitals": sum(r[0] for r in results),
        "to_addresses": sum(r[1] for r in results),
        "messages_without_to": sum(r[2] for r in results),
    }
    wall_s = time.perf_counter() - start

    json.dump({"mode": "serial" if args.serial else "pool", "workers": 1 if args.serial else args.pool,
               "files": len(files), "wall_s": round(wall_s, 3), "totals": totals}, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
