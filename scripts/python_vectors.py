#!/usr/bin/env python3
"""Compute the Python ground-truth vectors for tests/test_python_vectors.cpp.

Every expected value in that test file is computed here with the Python
stdlib (no hand-written numbers), and this script renders the whole C++ file:

    scripts/python_vectors.py            # print the C++ file to stdout
    scripts/python_vectors.py --write    # (re)write tests/test_python_vectors.cpp
    scripts/python_vectors.py --check    # exit 1 if the file on disk differs

The expressions used (the same text is put as a comment above each table):

  count_capitals_latin1(bytes):
      sum(c.isupper() for c in data.decode('latin-1'))
  count_capitals_utf8(bytes):
      decoded = data.decode('utf-8', 'replace')
      capitals = sum(c.isupper() for c in decoded)
      invalid_sequences = number of U+FFFD inserted by the 'replace' handler
  count_addresses(header_value):
      len([a for n, a in email.utils.getaddresses([value]) if a])

The vectors were produced with Python 3.11.7 (unicodedata 14.0.0). Note that
email.utils.getaddresses changed in Python 3.11.10 / 3.12.6 / 3.13 (a
strict=True default for CVE-2023-27043) and gives different answers there for
some malformed vectors; run this script with a 3.11.7-era Python to
regenerate.
"""

import codecs
import email.utils
import os
import platform
import string
import sys
import unicodedata

# ---------------------------------------------------------------------------
# Python reference functions


def py_capitals_latin1(data):
    return sum(c.isupper() for c in data.decode("latin-1"))


_replaced = 0


def _count_and_replace(exc):
    global _replaced
    _replaced += 1
    return ("\ufffd", exc.end)


codecs.register_error("python_vectors_count_replace", _count_and_replace)


def py_capitals_utf8(data):
    """Return (capitals, invalid_sequences, decoded)."""
    global _replaced
    _replaced = 0
    decoded = data.decode("utf-8", "python_vectors_count_replace")
    invalid = _replaced
    # Cross-checks: same text as the stock 'replace' handler, and the tally
    # equals the U+FFFD count minus the U+FFFD that were validly encoded.
    assert decoded == data.decode("utf-8", "replace")
    assert invalid == decoded.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    return sum(c.isupper() for c in decoded), invalid, decoded


def py_count_addresses(value):
    return len([a for n, a in email.utils.getaddresses([value]) if a])


# ---------------------------------------------------------------------------
# Vectors: (name, bytes)

LATIN1_VECTORS = [
    ("empty", b""),
    ("ASCII uppercase alphabet", b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    ("ASCII lowercase alphabet", b"abcdefghijklmnopqrstuvwxyz"),
    ("ASCII digits and punctuation", b"0123456789 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    ("ASCII mixed sentence", b"Hello World, THIS is Enron."),
    ("Enron header line", b"Message-ID: <12345.1075855687451.JavaMail.evans@thyme>\r\n"),
    ("embedded NUL bytes", b"A\x00B\x00c"),
    ("every byte 0x00..0xFF once", bytes(range(256))),
    ("Latin-1 capitals A-grave E-acute I-circ O-tilde U-uml times THORN sharp-s",
     "ÀÉÎÕÜ×Þß".encode("latin-1")),
    ("0xD7 multiplication sign is not upper", b"\xd7"),
    ("0xF7 division sign is not upper", b"\xf7"),
    ("0xC0..0xDE range", bytes(range(0xC0, 0xDF))),
    ("0xDF..0xFF range (lowercase)", bytes(range(0xDF, 0x100))),
    ("C1 controls 0x80..0x9F", bytes(range(0x80, 0xA0))),
    ("micro, ordinals, superscripts", b"\xb5\xaa\xba\xb2\xb3\xb9"),
    ("UTF-8 of A-grave read as Latin-1", b"\xc3\x80"),
    ("byte 0x9B from campbell-l 889.", b"Daniel L\x9bpez"),
    ("byte 0xA0 from taylor-m social 73.", b"K.\xa0R. Salhotra"),
]

UTF8_VECTORS = [
    ("empty", b""),
    ("ASCII", b"Hello World ABC xyz"),
    ("embedded NUL bytes", b"A\x00B"),
    ("Latin-1 supplement capitals", "ÀÉÎÕÜÞ".encode()),
    ("multiplication and division signs", "×÷".encode()),
    ("sharp s and y-diaeresis are lowercase", "ßÿ".encode()),
    ("Latin Extended-A alternating case", "ĀāĂăĄą".encode()),
    ("dotted capital I U+0130", "\u0130".encode()),
    ("Greek capitals", "ΑΒΓΔΩ".encode()),
    ("Greek lowercase", "αβγδω".encode()),
    ("Greek final sigma and Greek upsilon hook U+03D2", "ς\u03d2".encode()),
    ("Greek titlecase U+1F88 is not upper", "\u1f88".encode()),
    ("Cyrillic capitals and lowercase", "ПРИВЕТ мир".encode()),
    ("Georgian Asomtavruli U+10A0 is upper", "\u10a0\u10c5".encode()),
    ("Georgian Mkhedruli U+10D0 is not upper", "\u10d0\u10d1".encode()),
    ("Georgian Mtavruli U+1C90 is upper", "\u1c90\u1cbf".encode()),
    ("Armenian capital and small", "\u0531\u0561".encode()),
    ("Deseret capital U+10400 and small U+10428", "\U00010400\U00010428".encode()),
    ("circled capital A U+24B6 (Other_Uppercase)", "\u24b6".encode()),
    ("circled small a U+24D0", "\u24d0".encode()),
    ("Roman numerals U+216B and U+2160 (Other_Uppercase)", "\u216b\u2160".encode()),
    ("small Roman numeral U+217B", "\u217b".encode()),
    ("titlecase DZ caron U+01C5 is not upper", "\u01c5".encode()),
    ("DZ caron U+01C4 upper, U+01C6 lower", "\u01c4\u01c6".encode()),
    ("mathematical bold capital A U+1D400", "\U0001d400".encode()),
    ("mathematical bold small a U+1D41A", "\U0001d41a".encode()),
    ("double-struck C U+2102", "\u2102".encode()),
    ("squared Latin capital A U+1F130", "\U0001f130".encode()),
    ("negative circled capital A U+1F150", "\U0001f150".encode()),
    ("Adlam capital U+1E900", "\U0001e900".encode()),
    ("CJK and emoji", "中文\U0001f600".encode()),
    ("BOM U+FEFF is kept and not upper", b"\xef\xbb\xbfA"),
    ("literal U+FFFD is valid, not invalid", b"\xef\xbf\xbdA"),
    ("noncharacter U+FFFE and max U+10FFFF are valid", b"\xef\xbf\xbe\xf4\x8f\xbf\xbf"),
    # Invalid sequences.
    ("lone continuation byte", b"\x80"),
    ("three lone continuation bytes", b"\x80\xbf\x80"),
    ("continuation byte between capitals", b"A\x80B"),
    ("lead byte C3 then ASCII capital", b"\xc3A"),
    ("overlong C0 80", b"\xc0\x80"),
    ("overlong C1 BF", b"\xc1\xbf"),
    ("overlong E0 80 80", b"\xe0\x80\x80"),
    ("overlong F0 80 80 80", b"\xf0\x80\x80\x80"),
    ("truncated 3-byte sequence at end", b"AB\xe2\x82"),
    ("truncated 3-byte sequence before ASCII", b"\xe2\x82A"),
    ("truncated 4-byte sequence at end", b"\xf0\x9f\x98"),
    ("lone lead byte at end", b"A\xc3"),
    ("surrogate ED A0 80", b"\xed\xa0\x80"),
    ("surrogate pair as CESU-8", b"\xed\xa0\xbd\xed\xb8\x80"),
    ("bytes F5..FF", bytes(range(0xF5, 0x100))),
    ("4-byte sequence above U+10FFFF", b"\xf4\x90\x80\x80"),
    ("5-byte form F8 88 80 80 80", b"\xf8\x88\x80\x80\x80"),
    ("Latin-1 A-grave byte C0 then capital", b"\xc0Z"),
    ("Latin-1 byte 0x9B from campbell-l 889.", b"Daniel L\x9bpez"),
    ("Latin-1 byte 0xA0 from taylor-m social 73.", b"K.\xa0R. Salhotra"),
    ("valid then invalid then valid capitals", "Ω".encode() + b"\xff" + "Ж".encode() + b"\xe2\x82" + "\U00010400".encode()),
    ("invalid lead followed by valid multibyte", b"\xe2" + "Ä".encode()),
    ("every byte 0x00..0xFF once", bytes(range(256))),
]

# Header values for count_addresses. These are ASCII, so a Python str and the
# C++ byte string are the same characters.
ADDRESS_VECTORS = [
    # Simple lists.
    ("empty string", ""),
    ("single address", "jeff@enron.com"),
    ("two addresses comma space", "a@x.com, b@y.com"),
    ("three addresses no spaces", "a@x.com,b@y.com,c@z.com"),
    ("space before comma", "a@x.com ,b@y.com"),
    ("display name and angle address", "Jeff Dasovich <jeff.dasovich@enron.com>"),
    ("quoted name with comma plus bare address",
     "\"Lay, Kenneth\" <kenneth.lay@enron.com>, jeff@enron.com"),
    ("angle-only addresses", "<a@x.com>, <b@y.com>"),
    ("mixed forms", "Name <a@x.com>, <b@y.com>, c@z.com"),
    ("dot in unquoted display name", "John Q. Public <jqp@x.com>"),
    ("dotted local part", "J.Doe@x.com"),
    ("spaces around @ and dots", "a @ x . com"),
    ("RFC 2047 encoded word display name", "=?us-ascii?Q?Lay=2C_Kenneth?= <k@enron.com>"),
    # Folding.
    ("folded CRLF TAB (Enron To)",
     "john.arnold@enron.com, mike.maggi@enron.com, \r\n\tjohn.griffith@enron.com"),
    ("folded LF TAB", "a@x.com,\n\tb@y.com"),
    ("folded CRLF space", "a@x.com,\r\n b@y.com"),
    ("folded between name and angle address", "Jeff Dasovich\r\n\t<jeff@enron.com>"),
    ("fold inside quoted name ends the quote at CR", "\"Lay,\r\n\tKenneth\" <k@enron.com>"),
    ("CR inside quoted name", "\"abc\rdef\" <a@x.com>, b@y.com"),
    ("empty entries between folds", "a@x.com,\r\n\t,\r\n\tb@y.com"),
    ("only folding whitespace", "\r\n\t"),
    ("only spaces", "   "),
    # Groups.
    ("empty group undisclosed-recipients", "undisclosed-recipients:;"),
    ("empty group with space", "undisclosed-recipients: ;"),
    ("group with spaces in name", "recipient list not shown: ;"),
    ("group then comma then address", "team: a@x.com, b@y.com;, c@z.com"),
    ("group then address without comma", "team: a@x.com, b@y.com; c@z.com"),
    ("unterminated group", "team: a@x.com, b@y.com"),
    ("empty group then address", "undisclosed-recipients:;, a@x.com"),
    ("group immediately followed by address", "a: ;b@x.com"),
    ("nested groups", "a: b: c@x.com;;"),
    ("group with display-name member", "team: \"A\" <a@x.com>, B <b@y.com>;"),
    ("colon only", ":"),
    ("double colon", "::"),
    ("semicolon only", ";"),
    # Comments.
    ("trailing comment", "a@x.com (Alice)"),
    ("leading comment", "(Alice) a@x.com"),
    ("nested comment", "a@x.com (outer (inner) text)"),
    ("comment containing comma", "a@x.com (Smith, John), b@y.com"),
    ("comment inside local part", "a(c)@x.com"),
    ("comment inside domain", "a@(c)x.com"),
    ("comment between name and angle address", "Alice (x) <a@x.com>"),
    ("comment right after angle address", "<a@x.com>(comment)"),
    ("comment holding a name (Enron style)", "user@enron.com (Lay, Kenneth)"),
    ("comment only", "(just a comment)"),
    ("comment then comma then address", "(c), a@x.com"),
    # Quotes and escapes.
    ("escaped quotes inside quoted name", "\"John \\\"JJ\\\" Doe\" <jd@x.com>"),
    ("escaped backslash inside quoted name", "\"back\\\\slash\" <b@x.com>"),
    ("quoted local part", "\"john doe\"@x.com"),
    ("quoted address only", "\"a@x.com\""),
    ("quoted address as name", "\"a@x.com\" <b@y.com>"),
    ("quoted name only", "\"Lay, Kenneth\""),
    ("quoted name then bare name", "\"Lay, Kenneth\", jeff"),
    ("empty quoted string", "\"\""),
    ("empty quoted string then name", "\"\" jeff"),
    ("name then empty quoted string", "jeff \"\""),
    ("empty quoted name with address", "\"\" <a@x.com>"),
    ("backslash outside quotes", "a\\@x.com"),
    ("lone backslash", "\\"),
    ("quote then backslash at end", "\"\\"),
    # Route addresses and odd angle brackets.
    ("route address", "<@route:a@b.c>"),
    ("route address with two hops", "<@r1,@r2:a@b.c>"),
    ("empty angle brackets", "<>"),
    ("address then empty angle brackets", "<a@x.com>, <>"),
    ("doubled angle brackets", "<<a@x.com>>"),
    ("text after angle address", "<a@x.com> trailing"),
    ("address right after angle address", "<a@x.com>b@y.com"),
    ("stray closing angle bracket", ">"),
    ("address with stray closing angle bracket", "a@x.com>"),
    ("lone opening angle bracket", "<"),
    # Missing or odd parts.
    ("address without domain", "jeff"),
    ("bare two-word name", "Jeff Dasovich"),
    ("two bare names", "Jeff Dasovich, Kenneth Lay"),
    ("only commas", ",,,"),
    ("commas and spaces", " , , "),
    ("double @", "a@b@c"),
    ("domain literal", "a@[1.2.3.4]"),
    ("domain literal in angle brackets", "<a@[1.2.3.4]>"),
    ("domain literal alone", "[1.2.3.4]"),
    ("trailing dot in domain", "a@x.com."),
    ("double trailing dot", "a@x.com.."),
    ("trailing dot in local part", "a.@x.com"),
    ("leading dot in local part", ".a@x.com"),
    ("double dot in local part", "a..b@x.com"),
    ("missing domain after @", "a@"),
    ("missing local part", "@x.com"),
    ("lone @", "@"),
    ("lone dot", "."),
    ("address then colon", "a@x.com:"),
    ("space-separated addresses without comma", "a@x.com b@y.com"),
    ("semicolon-separated addresses (Outlook)", "a@x.com; b@y.com"),
    ("two addresses separated by comment", "a@x.com(comment)b@y.com"),
    # Unterminated constructs.
    ("unterminated angle bracket", "<a@x.com"),
    ("unterminated angle bracket after name", "Jeff <a@x.com"),
    ("unterminated quote", "\"unterminated <a@x.com>"),
    ("unterminated quote after address", "a@x.com, \"Lay, Kenneth <k@x.com>"),
    ("unterminated comment", "(unterminated a@x.com"),
    ("unterminated trailing comment", "a@x.com (unterminated"),
    ("unterminated domain literal", "a@[1.2.3.4"),
    # Enron oddities.
    ("single-quoted address", "'kenneth.lay@enron.com'"),
    ("two single-quoted addresses", "'kenneth.lay@enron.com', 'jeff.skilling@enron.com'"),
    ("single-quoted name and address", "'Lay, Kenneth' <kenneth.lay@enron.com>"),
    ("leading dot in angle address", "e-mail <.brian@enron.com>"),
    ("Lotus Notes address in angle brackets",
     "\"Jeff Dasovich\" <Jeff Dasovich/NA/Enron@ENRON>"),
    ("Lotus Notes address bare", "Jeff Dasovich/NA/Enron@ENRON"),
    ("Lotus Notes list", "Enron Announcements/Corp/Enron@ENRON, Kenneth Lay/HOU/EES@EES"),
    ("Lotus Notes X-To style", "Kenneth Lay <Kenneth Lay/HOU/EES@EES>"),
    ("IMCEANOTES address",
     "\"'IMCEANOTES-Lisa+20Mellencamp+2FHOU+2FECT+40ECT'@ENRON\" <IMCEANOTES-Lisa+20Mellencamp+2FHOU+2FECT+40ECT@ENRON.com>"),
    ("Exchange X500 address", "</O=ENRON/OU=NA/CN=RECIPIENTS/CN=JDASOVIC>"),
    # Control characters: str.strip() in getaddrspec treats \x0b \x0c \x1c-\x1f
    # as whitespace, but the tokenizer does not.
    ("vertical tab in angle brackets", "<\x0b>"),
    ("form feed in angle brackets", "<\x0c>"),
    ("unit separator 0x1F in angle brackets", "<\x1f>"),
    ("file separator 0x1C in angle brackets", "<\x1c>"),
    ("SOH 0x01 in angle brackets", "<\x01>"),
    ("vertical tab before @", "\x0b@x.com"),
    ("vertical tab as bare address", "\x0b"),
    ("vertical tab then comma then address", "<\x0b>, a@x.com"),
]

# Header values containing bytes 0x80-0xFF, interpreted as Latin-1 (each byte
# is one character: value = data.decode('latin-1')). Python's str.strip()
# treats U+0085 and U+00A0 as whitespace, so they behave like \x0b above.
ADDRESS_LATIN1_VECTORS = [
    ("byte 0x9B in display name (campbell-l 889.)", b"Daniel L\x9bpez <daniel@x.com>"),
    ("byte 0xA0 in display name (taylor-m social 73.)", b"K.\xa0R. Salhotra <k@x.com>"),
    ("e-acute in display name", b"Jos\xe9 <jose@x.com>"),
    ("e-acute in local part", b"jos\xe9@x.com"),
    ("NBSP 0xA0 in angle brackets", b"<\xa0>"),
    ("NEL 0x85 in angle brackets", b"<\x85>"),
    ("0x84 in angle brackets", b"<\x84>"),
    ("NBSP then @", b"\xa0@x.com"),
    ("NBSP between address and comma", b"a@x.com\xa0, b@y.com"),
]


# ---------------------------------------------------------------------------
# C++ rendering

_HEX = set(string.hexdigits)


def cpp_literal(data):
    """Render bytes as a C++ string literal (possibly split into adjacent
    literals so that a \\x escape never swallows a following hex digit)."""
    out = ['"']
    prev_hex_escape = False
    for b in data:
        ch = chr(b)
        if ch == "\\":
            s = "\\\\"
        elif ch == '"':
            s = '\\"'
        elif ch == "?" and out[-1] == "?":
            s = "\\?"  # never form a trigraph
        elif ch == "\n":
            s = "\\n"
        elif ch == "\r":
            s = "\\r"
        elif ch == "\t":
            s = "\\t"
        elif 0x20 <= b < 0x7F:
            s = ch
        else:
            s = "\\x%02X" % b
        if prev_hex_escape and s[0] in _HEX:
            out.append('" "')
        out.append(s)
        prev_hex_escape = s.startswith("\\x")
    out.append('"')
    return "".join(out)


def cpp_literal_wrapped(data, indent, width=16):
    """Long byte strings: one literal piece per `width` bytes."""
    if len(data) <= width * 2:
        return cpp_literal(data)
    pieces = [cpp_literal(data[i:i + width]) for i in range(0, len(data), width)]
    return ("\n" + " " * indent).join(pieces)


def render():
    L = []
    w = L.append
    w("// Generated by scripts/python_vectors.py. Do not edit by hand; rerun")
    w("//   python3 scripts/python_vectors.py --write")
    w("// Expected values are Python's own answers (Python %s, unicodedata %s)."
      % (platform.python_version(), unicodedata.unidata_version))
    w("")
    w("#include <catch2/catch.hpp>")
    w("")
    w("#include <cstddef>")
    w("#include <cstdint>")
    w("#include <string_view>")
    w("")
    w('#include "message/addresses.h"')
    w('#include "text/capitals.h"')
    w("")
    w("using namespace std::string_view_literals;")
    w("")
    w("namespace {")
    w("")
    w("struct Latin1Vector {")
    w("  const char* name;")
    w("  std::string_view bytes;")
    w("  std::uint64_t capitals;")
    w("};")
    w("")
    w("struct Utf8Vector {")
    w("  const char* name;")
    w("  std::string_view bytes;")
    w("  std::uint64_t capitals;")
    w("  std::uint64_t invalid_sequences;")
    w("};")
    w("")
    w("struct AddressVector {")
    w("  const char* name;")
    w("  std::string_view value;")
    w("  std::size_t count;")
    w("};")
    w("")

    # Latin-1 capitals
    w("// Expected: capitals = sum(c.isupper() for c in data.decode('latin-1'))")
    w("const Latin1Vector kLatin1Vectors[] = {")
    for name, data in LATIN1_VECTORS:
        cap = py_capitals_latin1(data)
        w("    {%s,\n     %s""sv,\n     %d}," % (cpp_literal(name.encode()),
                                                  cpp_literal_wrapped(data, 5), cap))
    w("};")
    w("")

    # UTF-8 capitals
    w("// Expected: decoded = data.decode('utf-8', 'replace')")
    w("//           capitals = sum(c.isupper() for c in decoded)")
    w("//           invalid_sequences = number of U+FFFD inserted by the 'replace'")
    w("//             handler (an error handler returning ('\\ufffd', exc.end) that")
    w("//             counts its calls; equals decoded.count('\\ufffd') minus the")
    w("//             U+FFFD validly encoded in data)")
    w("const Utf8Vector kUtf8Vectors[] = {")
    for name, data in UTF8_VECTORS:
        cap, inv, decoded = py_capitals_utf8(data)
        shown = ascii(decoded)
        if len(shown) > 100:
            shown = "%d chars, %d of them U+FFFD" % (len(decoded), decoded.count("\ufffd"))
        w("    // decoded: %s" % shown)
        w("    {%s,\n     %s""sv,\n     %d, %d}," % (cpp_literal(name.encode()),
                                                      cpp_literal_wrapped(data, 5), cap, inv))
    w("};")
    w("")

    # Addresses
    w("// Expected: count = len([a for n, a in email.utils.getaddresses([value]) if a])")
    w("// The comment above each row shows email.utils.getaddresses([value]).")
    w("const AddressVector kAddressVectors[] = {")
    for name, value in ADDRESS_VECTORS:
        data = value.encode("ascii")
        w("    // %s" % ascii(email.utils.getaddresses([value])))
        w("    {%s, %s""sv, %d}," % (cpp_literal(name.encode()), cpp_literal(data),
                                     py_count_addresses(value)))
    w("};")
    w("")

    w("// Header values with bytes 0x80-0xFF, each byte taken as one Latin-1")
    w("// character: value = data.decode('latin-1')")
    w("// Expected: count = len([a for n, a in email.utils.getaddresses([value]) if a])")
    w("// The comment above each row shows email.utils.getaddresses([value]).")
    w("const AddressVector kAddressLatin1Vectors[] = {")
    for name, data in ADDRESS_LATIN1_VECTORS:
        value = data.decode("latin-1")
        w("    // %s" % ascii(email.utils.getaddresses([value])))
        w("    {%s, %s""sv, %d}," % (cpp_literal(name.encode()), cpp_literal(data),
                                     py_count_addresses(value)))
    w("};")
    w("")
    w("}  // namespace")
    w("")

    w('TEST_CASE("Latin-1 capitals match Python str.isupper() per character", "[python]") {')
    w("  for (const auto& v : kLatin1Vectors) {")
    w("    INFO(v.name);")
    w("    CHECK(mpingest::count_capitals_latin1(v.bytes) == v.capitals);")
    w("  }")
    w("}")
    w("")
    w('TEST_CASE("UTF-8 capitals match Python str.isupper() after decode with errors=replace", "[python]") {')
    w("  for (const auto& v : kUtf8Vectors) {")
    w("    INFO(v.name);")
    w("    const mpingest::Utf8Count got = mpingest::count_capitals_utf8(v.bytes);")
    w("    CHECK(got.capitals == v.capitals);")
    w("    CHECK(got.invalid_sequences == v.invalid_sequences);")
    w("  }")
    w("}")
    w("")
    w('TEST_CASE("Address counts match Python email.utils.getaddresses", "[python]") {')
    w("  for (const auto& v : kAddressVectors) {")
    w("    INFO(v.name);")
    w("    CHECK(mpingest::count_addresses(v.value) == v.count);")
    w("  }")
    w("}")
    w("")
    w('TEST_CASE("Address counts match Python getaddresses on Latin-1 header bytes", "[python]") {')
    w("  for (const auto& v : kAddressLatin1Vectors) {")
    w("    INFO(v.name);")
    w("    CHECK(mpingest::count_addresses(v.value) == v.count);")
    w("  }")
    w("}")
    return "\n".join(L) + "\n"


def main(argv):
    repo_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(repo_root, "tests", "test_python_vectors.cpp")
    text = render()
    if "--write" in argv:
        with open(path, "w", encoding="ascii", newline="\n") as f:
            f.write(text)
        print("wrote %s" % path, file=sys.stderr)
    elif "--check" in argv:
        with open(path, encoding="ascii") as f:
            if f.read() != text:
                print("%s is out of date" % path, file=sys.stderr)
                return 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
