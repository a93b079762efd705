#!/usr/bin/env python3
"""Reference totals for a maildir, written plainly with the Python stdlib.

This is the independent reference the C++ tests compare against. It does what
the original Python "seed" did, message by message:

    data = open(path, 'rb').read()
    text = data.decode('latin-1')            # or utf-8 with errors='replace'
    msg = email.parser.Parser().parsestr(text)   # compat32
    capitals += sum(c.isupper() for c in text)
    to_addresses += len([a for n, a in email.utils.getaddresses([msg['To']]) if a])

Items are the non-directory entries below ROOT found by os.walk(followlinks=
False), plus symlinks to directories (os.walk lists those among the
directories but never descends into them; they are symlinks, so they are
error items). Items are sorted by their '/'-separated relative path compared
as bytes (os.fsencode). Anything that is not a regular file per os.lstat
(symlink, FIFO, socket, device) is an error item and is never opened. A
regular file of 0 bytes is an error item ("empty file"), as is a file that
can't be opened or read.

Note: email.utils.getaddresses changed in Python 3.11.10 / 3.12.6 / 3.13
(the strict=True default added for CVE-2023-27043). The expected files in
tests/data were produced with Python 3.11.7, which has the old behaviour.

Usage: reference_totals.py ROOT [--encoding latin-1|utf-8] [--json]
"""

import argparse
import codecs
import email.parser
import email.utils
import json
import os
import stat
import sys

# ---------------------------------------------------------------------------
# UTF-8 decoding that counts invalid sequences.
#
# The handler does exactly what errors='replace' does for decoding (one
# U+FFFD per reported error, resume at exc.end) and tallies each call, so the
# count is the number of U+FFFD produced by replacement, not counting U+FFFD
# characters that were literally (validly) encoded in the input.

_invalid_sequences = 0


def _count_and_replace(exc):
    global _invalid_sequences
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _invalid_sequences += 1
    return ("\ufffd", exc.end)


codecs.register_error("mpingest_count_replace", _count_and_replace)


def decode_utf8_counting(data):
    """Return (text, invalid_sequences) for data decoded as UTF-8 with
    errors='replace'."""
    global _invalid_sequences
    _invalid_sequences = 0
    text = data.decode("utf-8", errors="mpingest_count_replace")
    return text, _invalid_sequences


# ---------------------------------------------------------------------------
# Walking the tree.

def list_items(root):
    """Return sorted list of (relpath, fullpath) below root."""
    items = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        names = list(filenames)
        # Symlinks to directories are reported in dirnames and not descended
        # into; they are directory entries that are not directories.
        names += [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        for name in names:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            items.append((rel, full))
    items.sort(key=lambda item: os.fsencode(item[0]))
    return items


def kind_of(mode):
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISBLK(mode) or stat.S_ISCHR(mode):
        return "device"
    if stat.S_ISDIR(mode):
        return "directory"
    return "not a regular file"


# ---------------------------------------------------------------------------

def count_addresses(value):
    return len([a for n, a in email.utils.getaddresses([value]) if a])


def reference_totals(root, encoding):
    totals = {
        "items": 0,
        "messages": 0,
        "bytes": 0,
        "capitals": 0,
        "to_addresses": 0,
        "messages_without_to": 0,
        "errors": 0,
    }
    extra = {"cc_addresses": 0, "invalid_sequences": 0}
    errors = []

    def error(rel, reason):
        totals["errors"] += 1
        errors.append({"item": rel, "reason": reason})

    for rel, full in list_items(root):
        totals["items"] += 1
        try:
            st = os.lstat(full)
        except OSError as e:
            error(rel, "stat failed: %s" % (e.strerror or e))
            continue
        if not stat.S_ISREG(st.st_mode):
            error(rel, kind_of(st.st_mode))
            continue
        if st.st_size == 0:
            error(rel, "empty file")
            continue
        try:
            with open(full, "rb") as f:
                data = f.read()
        except OSError as e:
            error(rel, "cannot read: %s" % (e.strerror or e))
            continue
        if len(data) == 0:
            # Became empty between lstat and read.
            error(rel, "empty file")
            continue

        if encoding == "latin-1":
            text = data.decode("latin-1")
            invalid = 0
        else:
            text, invalid = decode_utf8_counting(data)

        msg = email.parser.Parser().parsestr(text)

        totals["messages"] += 1
        totals["bytes"] += len(data)
        totals["capitals"] += sum(c.isupper() for c in text)
        extra["invalid_sequences"] += invalid

        to = msg["To"]
        if to is None:
            totals["messages_without_to"] += 1
        else:
            totals["to_addresses"] += count_addresses(to)
        cc = msg["Cc"]
        if cc is not None:
            extra["cc_addresses"] += count_addresses(cc)

    assert totals["items"] == totals["messages"] + totals["errors"]
    return {
        "root": root,
        "encoding": encoding,
        "totals": totals,
        "extra": extra,
        "errors": errors,
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root")
    ap.add_argument("--encoding", choices=["latin-1", "utf-8"], default="latin-1")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)

    if not os.path.isdir(args.root):
        print("reference_totals.py: not a directory: %s" % args.root, file=sys.stderr)
        return 2

    result = reference_totals(args.root, args.encoding)
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0

    t, x = result["totals"], result["extra"]
    print("root:                %s" % result["root"])
    print("encoding:            %s" % result["encoding"])
    print("items:               %d" % t["items"])
    print("messages:            %d" % t["messages"])
    print("bytes:               %d" % t["bytes"])
    print("capitals:            %d" % t["capitals"])
    print("to_addresses:        %d" % t["to_addresses"])
    print("messages_without_to: %d" % t["messages_without_to"])
    print("errors:              %d" % t["errors"])
    print("cc_addresses:        %d" % x["cc_addresses"])
    print("invalid_sequences:   %d" % x["invalid_sequences"])
    for e in result["errors"]:
        print("  error: %s: %s" % (e["item"], e["reason"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
