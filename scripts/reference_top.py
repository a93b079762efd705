#!/usr/bin/env python3
"""Reference --top K for a maildir, written plainly with the Python stdlib.

The independent reference for the C++ AddressCounts / top_addresses. Per
message (every non-empty regular file below ROOT, symlinks not followed):

    text = open(path, 'rb').read().decode('latin-1')
    msg = email.parser.Parser().parsestr(text)          # compat32
    senders = addresses(msg['From'])                    # first From header only
    recipients = addresses(msg['To']) + addresses(msg['Cc'])   # first of each

where addresses(v) is [a for n, a in email.utils.getaddresses([v]) if a]
(nothing if the header is absent), each normalised: ASCII whitespace
(" \\t\\n\\r\\f\\v") stripped, ASCII A-Z lower-cased, other characters kept;
empty results dropped. Within one message each distinct sender, recipient
and (sender, recipient) pair counts once.

Ranking: count descending, then address ascending (code points, which for
latin-1 text is byte order), pairs by (from, to). Prints JSON:
{"senders": [[addr, count], ...], "recipients": [...],
 "pairs": [[from, to, count], ...]}. Non-ASCII characters appear as \\u00XX
escapes of the latin-1 bytes.

getaddresses changed in Python 3.11.10 / 3.12.6 / 3.13 (strict=True); the
C++ parser and tests/data follow the old behaviour (Python 3.11.7).

Usage: reference_top.py ROOT K
"""

import collections
import email.parser
import email.utils
import json
import os
import stat
import sys

_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def normalise(address):
    return address.strip(" \t\n\r\f\v").translate(_LOWER)


def addresses(value):
    if value is None:  # getaddresses([None]) would parse the string "None"
        return []
    found = (normalise(a) for n, a in email.utils.getaddresses([str(value)]) if a)
    return [a for a in found if a]


def messages(root):
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in filenames:
            path = os.path.join(dirpath, name)
            try:
                st = os.lstat(path)
                if not stat.S_ISREG(st.st_mode) or st.st_size == 0:
                    continue
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            if data:
                yield email.parser.Parser().parsestr(data.decode("latin-1"))


def reference_top(root, k):
    sent, received, pairs = collections.Counter(), collections.Counter(), collections.Counter()
    for msg in messages(root):
        senders = set(addresses(msg["From"]))
        recipients = set(addresses(msg["To"]) + addresses(msg["Cc"]))
        sent.update(senders)
        received.update(recipients)
        pairs.update((f, t) for f in senders for t in recipients)

    def ranked(counter):
        return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:k]

    return {
        "senders": [[a, c] for a, c in ranked(sent)],
        "recipients": [[a, c] for a, c in ranked(received)],
        "pairs": [[f, t, c] for (f, t), c in ranked(pairs)],
    }


def main(argv):
    if len(argv) != 3 or not argv[2].isdigit():
        print("usage: reference_top.py ROOT K", file=sys.stderr)
        return 2
    root, k = argv[1], int(argv[2])
    if not os.path.isdir(root):
        print("reference_top.py: not a directory: %s" % root, file=sys.stderr)
        return 2
    json.dump(reference_top(root, k), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
