#!/usr/bin/env python3
"""Reference totals for a maildir, CSV or mbox, written plainly with the Python stdlib.

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

CSV (--input-format csv, or a *.csv file): one item per data row of
csv.reader(open(path, newline='', encoding='utf-8-sig', errors='surrogateescape'))
(the default dialect), the header row excluded. The message is the value of
column --column (default RawText); it is parsed and counted as above, decoded
as UTF-8 with errors='replace' unless --encoding says otherwise, as pandas
reads the file. `bytes` is the field's length in the file's own bytes after
unquoting (equal to len(value.encode('utf-8')) for valid UTF-8; with
surrogateescape the original bytes survive, so invalid sequences count as the
bytes they are rather than as 3-byte U+FFFD). Where we deliberately differ
from csv.reader, to agree with lib/corpus/csv_records.h:
  - rows that are [] (blank lines) are skipped, as pandas skips them, and are
    not items; a BOM at the start is skipped ('utf-8-sig');
  - a row is an error item if its field count differs from the header's, if
    it holds a NUL (Python >= 3.11 accepts NUL), or if a quote is still open
    at the end of the file (csv.reader, strict=False, ends the field at EOF
    without complaint; we see it because the reader asked for another line
    after the input ran out).
Items are labelled "row N (line L)": N counts data rows from 1, L is the
physical line where the row starts (reader.line_num of the previous row + 1).

mbox (--input-format mbox, a *.mbox or *.mbx file, or one starting "From "):
messages from mailbox.mbox(path), in key order; each one's bytes from
mbox.get_bytes(key) (without the From_ line), mboxrd-unquoted (one '>' removed from every line
matching ^>+From ), decoded as latin-1 unless --encoding says otherwise, then
parsed and counted as for a maildir; `bytes` is the unquoted length. Items are
labelled "message N (line L)", L being the From_ line's line number. Where
Python's mailbox differs from lib/corpus/mbox_records.h, and what we do:
  - mailbox does not unquote ">From " lines at all; we unquote (mboxrd);
  - mailbox drops the blank line before the next From_ line only if it is
    exactly b"\\n" (os.linesep); we drop a "\\r\\n" blank line too;
  - mailbox ignores anything before the first From_ line; a non-empty file
    that does not start with "From " is one error item, "not an mbox: no
    'From ' line at the start". An empty file has no items.

--words K adds the task `words` (mpingest --task words): the body of each
message as email.parser.HeaderParser().parsestr(text).get_payload() returns
it, its words the runs of itertools.groupby(body, str.isalpha) that are
alphabetic, each counted under word.lower(); reported as
{"total", "distinct", "top": [[word, count], ...]}, the K most frequent,
ties broken by the word.

Usage: reference_totals.py ROOT [--input-format maildir|csv|mbox]
                            [--column NAME] [--encoding latin-1|utf-8] [--json] [--words K]
"""

import argparse
import codecs
import collections
import itertools
import email.parser
import email.utils
import csv
import json
import mailbox
import os
import re
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


# The task `words`: a Counter shared by every message of the run, or None.
WORDS = None


def count_words(text):
    body = email.parser.HeaderParser().parsestr(text).get_payload()
    for alpha, group in itertools.groupby(body, str.isalpha):
        if alpha:
            WORDS[''.join(group).lower()] += 1


def words_result(k):
    ranked = sorted(WORDS.items(), key=lambda wc: (-wc[1], wc[0]))[:k]
    return {"total": sum(WORDS.values()), "distinct": len(WORDS), "top": [[w, c] for w, c in ranked]}


def new_totals():
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
    return totals, extra, []


def count_message(data, encoding, totals, extra):
    """Decode, parse and count one message given as bytes."""
    if encoding == "latin-1":
        text = data.decode("latin-1")
        invalid = 0
    else:
        text, invalid = decode_utf8_counting(data)

    msg = email.parser.Parser().parsestr(text)
    if WORDS is not None:
        count_words(text)

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


def finish(root, encoding, totals, extra, errors):
    assert totals["items"] == totals["messages"] + totals["errors"]
    return {
        "root": root,
        "encoding": encoding,
        "totals": totals,
        "extra": extra,
        "errors": errors,
    }


def reference_totals(root, encoding):
    totals, extra, errors = new_totals()

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

        count_message(data, encoding, totals, extra)

    return finish(root, encoding, totals, extra, errors)


# ---------------------------------------------------------------------------
# CSV: one message per row, in one column.

class UsageError(Exception):
    pass


class _Lines:
    """The file's lines for csv.reader; notes when the reader asked for a
    line after the last one, which it does only when a quote is still open
    at the end of the input."""

    def __init__(self, f):
        self._f = f
        self.exhausted = False

    def __iter__(self):
        return self

    def __next__(self):
        line = self._f.readline()
        if not line:
            self.exhausted = True
            raise StopIteration
        return line


def csv_reference_totals(path, column, encoding):
    totals, extra, errors = new_totals()
    # surrogateescape keeps the file's bytes: value.encode('utf-8',
    # 'surrogateescape') gives them back exactly. Every byte that matters to
    # the csv dialect is ASCII, and UTF-8 decoding never folds an ASCII byte
    # into a replaced sequence, so splitting first and decoding each value
    # with errors='replace' gives the same text as decoding the whole file so.
    with open(path, newline="", encoding="utf-8-sig", errors="surrogateescape") as f:
        lines = _Lines(f)
        reader = csv.reader(lines)
        header = None
        index = None
        row_number = 0
        previous_line = 0
        for row in reader:
            start_line = previous_line + 1
            previous_line = reader.line_num
            if not row:  # a blank line: skipped, not an item
                continue
            if lines.exhausted:
                problem = "quoted field not closed before the end of the file"
            elif any("\0" in value for value in row):
                problem = "NUL byte in row"
            else:
                problem = None
            if header is None:
                if problem:
                    raise UsageError("%s: header (line %d): %s" % (path, start_line, problem))
                header = row
                if column not in header:
                    raise UsageError("%s: no column named %r (columns: %s)" % (path, column, ", ".join(header)))
                index = header.index(column)
                continue

            row_number += 1
            label = "row %d (line %d)" % (row_number, start_line)
            totals["items"] += 1
            if problem is None and len(row) != len(header):
                problem = "expected %d fields, found %d" % (len(header), len(row))
            if problem:
                totals["errors"] += 1
                errors.append({"item": label, "reason": "%s: %s" % (label, problem)})
                continue
            data = row[index].encode("utf-8", "surrogateescape")
            count_message(data, encoding, totals, extra)

    if header is None:
        raise UsageError("%s: no column named %r (the file has no header row)" % (path, column))
    return finish(path, encoding, totals, extra, errors)


# ---------------------------------------------------------------------------
# mbox: one message per From_ line.

_MBOXRD_QUOTED = re.compile(rb"(?m)^>(>*From )")


def unquote_mboxrd(message):
    return _MBOXRD_QUOTED.sub(rb"\1", message)


def mbox_reference_totals(path, encoding):
    totals, extra, errors = new_totals()
    with open(path, "rb") as f:
        data = f.read()
    if data and not data.startswith(b"From "):
        totals["items"] = totals["errors"] = 1
        label = "message 1 (line 1)"
        errors.append({"item": label, "reason": "not an mbox: no 'From ' line at the start"})
        return finish(path, encoding, totals, extra, errors)

    box = mailbox.mbox(path, create=False)
    try:
        position = 0  # where this message's From_ line starts in data
        for key in sorted(box.keys()):
            whole = box.get_bytes(key, from_=True)
            assert data.startswith(whole, position), "mailbox and file disagree"
            stop = position + len(whole)
            # mailbox left out the separating blank line only if it was b"\n".
            dropped_blank = data[stop:stop + 1] == b"\n"
            message = box.get_bytes(key)
            if not dropped_blank and (message == b"\r\n" or message.endswith(b"\n\r\n")):
                message = message[:-2]  # a "\r\n" blank line, which we drop too
            message = unquote_mboxrd(message)

            totals["items"] += 1
            count_message(message, encoding, totals, extra)

            position = stop + (1 if dropped_blank else 0)
    finally:
        box.close()
    return finish(path, encoding, totals, extra, errors)


def detect_format(root):
    if os.path.isdir(root):
        return "maildir"
    # As lib/corpus/open_input.cpp decides: by extension, else by content.
    if root.endswith(".csv"):
        return "csv"
    if root.endswith(".mbox") or root.endswith(".mbx"):
        return "mbox"
    try:
        with open(root, "rb") as f:
            if f.read(5) == b"From ":
                return "mbox"
    except OSError:
        pass
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root", help="a maildir directory, or a CSV or mbox file")
    ap.add_argument("--input-format", choices=["maildir", "csv", "mbox"],
                    help="default: maildir for a directory, else by extension (.csv; .mbox, .mbx) "
                         "or an mbox if the file starts with 'From '")
    ap.add_argument("--column", default="RawText", help="csv: the column holding the message (default RawText)")
    ap.add_argument("--encoding", choices=["latin-1", "utf-8"],
                    help="how message bytes are decoded (default: utf-8 for csv, latin-1 otherwise)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument("--words", type=int, metavar="K", help="also count words (the task words), report the top K")
    args = ap.parse_args(argv)
    global WORDS
    if args.words is not None:
        WORDS = collections.Counter()

    fmt = args.input_format or detect_format(args.root)
    if fmt is None:
        print("reference_totals.py: cannot tell the input format of %s (use --input-format)" % args.root,
              file=sys.stderr)
        return 2
    encoding = args.encoding or ("utf-8" if fmt == "csv" else "latin-1")

    if fmt == "maildir":
        if not os.path.isdir(args.root):
            print("reference_totals.py: not a directory: %s" % args.root, file=sys.stderr)
            return 2
        result = reference_totals(args.root, encoding)
    else:
        if not os.path.isfile(args.root):
            print("reference_totals.py: not a file: %s" % args.root, file=sys.stderr)
            return 2
        try:
            if fmt == "csv":
                result = csv_reference_totals(args.root, args.column, encoding)
            else:
                result = mbox_reference_totals(args.root, encoding)
        except UsageError as e:
            print("reference_totals.py: %s" % e, file=sys.stderr)
            return 2
    if WORDS is not None:
        result["words"] = words_result(args.words)
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
