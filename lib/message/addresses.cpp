#include "message/addresses.h"

#include <cstdint>
#include <cstring>

#include "text/simd_bytes.h"

namespace mpingest {
namespace {

constexpr std::size_t kMaxGroupDepth = 500;

// A set of bytes as a table: the parser asks whether a byte is in one of
// these sets for every byte it reads (a strchr per byte cost 8% of a run
// with --emit).
struct ByteSet {
  bool has[256];
};
constexpr ByteSet byte_set(const char* first_extra, bool alphanumerics) {
  ByteSet set{};
  for (int c = 0; c < 256 && alphanumerics; ++c)
    set.has[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  for (const char* p = first_extra; *p != '\0'; ++p) set.has[static_cast<unsigned char>(*p)] = true;
  return set;
}
bool in(char c, const ByteSet& set) { return set.has[static_cast<unsigned char>(c)]; }

constexpr ByteSet kSpecials = byte_set("()<>@,:;.\"[]", false);
constexpr ByteSet kLws = byte_set(" \t", false);
constexpr ByteSet kFws = byte_set(" \t\r\n", false);
constexpr ByteSet kAtomEnds = byte_set("()<>@,:;.\"[] \t\r\n", false);
constexpr ByteSet kPhraseEnds = byte_set("()<>@,:;\"[] \t\r\n", false);  // atom ends without '.'
constexpr ByteSet kQuotedStringEnds = byte_set("\"\r", false);
constexpr ByteSet kDomainLiteralEnds = byte_set("]\r", false);

// Python's str.strip() == '' for the parts getaddrspec builds. The parts are
// atoms, quoted strings, "." or runs of LWS; only LWS runs and atoms made of
// other Python whitespace (\v, \f, \x1c-\x1f, \x85, \xa0 in Latin-1) strip to ''.
bool strips_to_empty(const std::string& s) {
  for (unsigned char c : s) {
    bool space = c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f) || c == 0x85 ||
                 c == 0xa0;
    if (!space) return false;
  }
  return true;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.append(separator);
    out.append(parts[i]);
  }
  return out;
}

// A line-by-line port of AddrlistClass; method names follow Python's.
class AddrlistParser {
 public:
  explicit AddrlistParser(std::string_view field) : f_(field) {}

  std::vector<Address> getaddrlist() {
    std::vector<Address> result;
    while (pos_ < f_.size()) {
      std::vector<Address> ad = getaddress(0);
      if (!ad.empty()) {
        for (Address& a : ad) result.push_back(std::move(a));
      } else {
        result.push_back({});
      }
    }
    return result;
  }

 private:
  bool at_end() const { return pos_ >= f_.size(); }
  char cur() const { return f_[pos_]; }

  std::string gotonext() {
    std::string ws;
    while (!at_end()) {
      char c = cur();
      if (in(c, kFws)) {
        if (c != '\n' && c != '\r') ws.push_back(c);
        ++pos_;
      } else if (c == '(') {
        comments_.push_back(getcomment());
      } else {
        break;
      }
    }
    return ws;
  }

  std::vector<Address> getaddress(std::size_t depth) {
    if (depth > kMaxGroupDepth) throw AddressListTooDeep("address groups nested too deeply");
    comments_.clear();
    gotonext();
    std::size_t oldpos = pos_;
    // Python keeps an alias (oldcl) to the same comment list, so "restoring"
    // it below changes nothing: comments collected meanwhile stay.
    std::vector<std::string> plist = getphraselist();
    gotonext();
    std::vector<Address> returnlist;
    if (at_end()) {
      if (!plist.empty()) returnlist.push_back({join(comments_, " "), plist[0]});
    } else if (cur() == '.' || cur() == '@') {
      pos_ = oldpos;  // just an addr-spec: start over
      std::string addrspec = getaddrspec();
      returnlist.push_back({join(comments_, " "), addrspec});
    } else if (cur() == ':') {
      ++pos_;  // a group
      while (!at_end()) {
        gotonext();
        if (!at_end() && cur() == ';') {
          ++pos_;
          break;
        }
        for (Address& a : getaddress(depth + 1)) returnlist.push_back(std::move(a));
      }
    } else if (cur() == '<') {
      std::string routeaddr = getrouteaddr();
      std::string name = join(plist, " ");
      if (!comments_.empty()) name += " (" + join(comments_, " ") + ")";
      returnlist.push_back({name, routeaddr});
    } else {
      if (!plist.empty()) {
        returnlist.push_back({join(comments_, " "), plist[0]});
      } else if (in(cur(), kSpecials)) {
        ++pos_;
      }
    }
    gotonext();
    if (!at_end() && cur() == ',') ++pos_;
    return returnlist;
  }

  std::string getrouteaddr() {
    bool expectroute = false;
    ++pos_;  // '<'
    gotonext();
    std::string adlist;
    while (!at_end()) {
      if (expectroute) {
        getdomain();
        expectroute = false;
      } else if (cur() == '>') {
        ++pos_;
        break;
      } else if (cur() == '@') {
        ++pos_;
        expectroute = true;
      } else if (cur() == ':') {
        ++pos_;
      } else {
        adlist = getaddrspec();
        ++pos_;  // may step past the end, as in Python
        break;
      }
      gotonext();
    }
    return adlist;
  }

  std::string getaddrspec() {
    std::vector<std::string> aslist;
    gotonext();
    while (!at_end()) {
      bool preserve_ws = true;
      char c = cur();
      if (c == '.') {
        if (!aslist.empty() && strips_to_empty(aslist.back())) aslist.pop_back();
        aslist.emplace_back(".");
        ++pos_;
        preserve_ws = false;
      } else if (c == '"') {
        aslist.push_back("\"" + quote(getdelimited('"', kQuotedStringEnds, false)) + "\"");
      } else if (in(c, kAtomEnds)) {
        if (!aslist.empty() && strips_to_empty(aslist.back())) aslist.pop_back();
        break;
      } else {
        aslist.push_back(getatom(kAtomEnds));
      }
      std::string ws = gotonext();
      if (preserve_ws && !ws.empty()) aslist.push_back(std::move(ws));
    }
    if (at_end() || cur() != '@') return join(aslist, "");
    aslist.emplace_back("@");
    ++pos_;
    gotonext();
    std::string domain = getdomain();
    if (domain.empty()) return {};  // an invalid domain makes the whole address empty
    return join(aslist, "") + domain;
  }

  std::string getdomain() {
    std::string sd;
    while (!at_end()) {
      char c = cur();
      if (in(c, kLws)) {
        ++pos_;
      } else if (c == '(') {
        comments_.push_back(getcomment());
      } else if (c == '[') {
        sd += "[" + getdelimited('[', kDomainLiteralEnds, false) + "]";
      } else if (c == '.') {
        ++pos_;
        sd.push_back('.');
      } else if (c == '@') {
        return {};  // bpo-34155: no two '@' in one address
      } else if (in(c, kAtomEnds)) {
        break;
      } else {
        sd += getatom(kAtomEnds);
      }
    }
    return sd;
  }

  // Quoted strings and domain literals (no nested comments inside).
  std::string getdelimited(char beginchar, const ByteSet& endchars, bool /*allowcomments*/) {
    std::string out;
    if (cur() != beginchar) return out;
    bool quoted = false;
    ++pos_;
    while (!at_end()) {
      char c = cur();
      if (quoted) {
        out.push_back(c);
        quoted = false;
      } else if (in(c, endchars)) {
        ++pos_;
        break;
      } else if (c == '\\') {
        quoted = true;
      } else {
        out.push_back(c);
      }
      ++pos_;
    }
    return out;
  }

  // getdelimited('(', ')\r', allowcomments=True), with Python's recursion
  // for nested comments unrolled into a depth count: hostile input such as a
  // megabyte of '(' must not overflow the stack.
  std::string getcomment() {
    std::string out;
    std::size_t depth = 1;
    bool quoted = false;
    ++pos_;  // '('
    while (!at_end()) {
      char c = cur();
      ++pos_;
      if (quoted) {
        out.push_back(c);
        quoted = false;
      } else if (c == ')' || c == '\r') {
        if (--depth == 0) break;
      } else if (c == '(') {
        ++depth;
      } else if (c == '\\') {
        quoted = true;
      } else {
        out.push_back(c);
      }
    }
    return out;
  }

  std::string getatom(const ByteSet& atomends) {
    std::size_t start = pos_;
    while (!at_end() && !in(cur(), atomends)) ++pos_;
    return std::string(f_.substr(start, pos_ - start));
  }

  std::vector<std::string> getphraselist() {
    std::vector<std::string> plist;
    while (!at_end()) {
      char c = cur();
      if (in(c, kFws)) {
        ++pos_;
      } else if (c == '"') {
        plist.push_back(getdelimited('"', kQuotedStringEnds, false));
      } else if (c == '(') {
        comments_.push_back(getcomment());
      } else if (in(c, kPhraseEnds)) {
        break;
      } else {
        plist.push_back(getatom(kPhraseEnds));
      }
    }
    return plist;
  }

  // email.utils.quote
  static std::string quote(const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '\\' || c == '"') out.push_back('\\');
      out.push_back(c);
    }
    return out;
  }

  std::string_view f_;
  std::size_t pos_ = 0;
  std::vector<std::string> comments_;
};

}  // namespace

std::vector<Address> parse_address_list(std::string_view value) {
  if (value.empty()) return {};
  return AddrlistParser(value).getaddrlist();
}

namespace {

// RFC 5322 atext, and '.': the bytes of a plain addr-spec.
constexpr ByteSet kPlainAddressBytes = byte_set("!#$%&'*+-/=?^_`{|}~.", true);

bool is_plain_address_byte(char c) { return kPlainAddressBytes.has[static_cast<unsigned char>(c)]; }
bool is_white_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

constexpr std::size_t kNotPlain = std::string_view::npos;

#if defined(__SSE2__)
using simd::in_range;
constexpr auto is = simd::equals;

// 0xFF for each byte not in kPlainAddressBytes: printable ASCII (0x21-0x7E)
// but for the 12 bytes that are not atext (", (, ), ",", :, ;, <, >, @, [, \, ]).
__m128i not_plain_address_bytes(__m128i v) {
  __m128i stop = _mm_andnot_si128(in_range(v, 0x21, 0x7e - 0x21 + 1), _mm_set1_epi8(-1));
  stop = _mm_or_si128(stop, _mm_or_si128(in_range(v, '(', 2), in_range(v, ':', 3)));  // ( )  : ; <
  stop = _mm_or_si128(stop, _mm_or_si128(in_range(v, '[', 3), is(v, '"')));           // [ \ ]  "
  return _mm_or_si128(stop, _mm_or_si128(_mm_or_si128(is(v, ','), is(v, '>')), is(v, '@')));
}
#endif

// The end of the run of plain address bytes (kPlainAddressBytes) at value[i].
std::size_t skip_plain_address_bytes(std::string_view value, std::size_t i) {
  std::size_t n = value.size();
#if defined(__SSE2__)
  // 16 bytes at a time. The local part and the domain of an address are 5-20
  // bytes long: the loop below would take a byte, a load and a branch at a time.
  for (; n - i >= 16; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(value.data() + i));
    const int mask = _mm_movemask_epi8(not_plain_address_bytes(v));
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (i < n && is_plain_address_byte(value[i])) ++i;
  return i;
}

// A plain addr-spec at value[i], "x@y": a non-empty run of atext and dots,
// '@', another such run. Returns the position after it, or kNotPlain.
std::size_t skip_plain_addr_spec(std::string_view value, std::size_t i) {
  std::size_t n = value.size();
  std::size_t local = i;
  i = skip_plain_address_bytes(value, i);
  if (i == local || i == n || value[i] != '@') return kNotPlain;
  std::size_t domain = ++i;
  i = skip_plain_address_bytes(value, i);
  return i == domain ? kNotPlain : i;
}

// A plain phrase at value[i] (atoms, white space, quoted strings without
// '\r' or '\\'), as getphraselist reads it. Returns where it ends (the
// end of the value or a phrase end), or kNotPlain.
std::size_t skip_plain_phrase(std::string_view value, std::size_t i) {
  std::size_t n = value.size();
  while (i < n) {
    char c = value[i];
    if (c == '"') {
      ++i;
      while (i < n && value[i] != '"' && value[i] != '\r' && value[i] != '\\') ++i;
      if (i == n || value[i] != '"') return kNotPlain;
      ++i;
    } else if (is_white_space(c) || !in(c, kPhraseEnds)) {
      ++i;
    } else {
      break;
    }
  }
  return i;
}

// A plain item at value[i]: a plain addr-spec, or a display name (a plain
// phrase) then "<" plain addr-spec ">". Returns the position after it, or
// kNotPlain.
std::size_t skip_plain_item(std::string_view value, std::size_t i) {
  std::size_t end = skip_plain_addr_spec(value, i);
  if (end != kNotPlain) return end;
  std::size_t n = value.size();
  i = skip_plain_phrase(value, i);
  if (i == kNotPlain || i == n || value[i] != '<') return kNotPlain;
  end = skip_plain_addr_spec(value, i + 1);
  if (end == kNotPlain || end == n || value[end] != '>') return kNotPlain;
  return end + 1;
}

// An empty group at value[i]: a plain phrase, ':', white space, ';', as in
// "undisclosed-recipients:;". getaddress reads the phrase, sees ':' and
// finds ';' before any member: no address. Returns the position after it,
// or kNotPlain.
std::size_t skip_empty_group(std::string_view value, std::size_t i) {
  std::size_t n = value.size();
  i = skip_plain_phrase(value, i);
  if (i == kNotPlain || i == n || value[i] != ':') return kNotPlain;
  ++i;
  while (i < n && is_white_space(value[i])) ++i;
  if (i == n || value[i] != ';') return kNotPlain;
  return i + 1;
}

// The common case, counted without building a single string: plain items
// (see skip_plain_item) separated by commas, with white space around the
// commas. AddrlistClass returns one non-empty address for each:
// - "x@y": getphraselist reads the local part as one atom (its phrase ends
//   exclude '.'), sees '@' and rereads it with getaddrspec, whose atoms and
//   dots are never popped (none strips to ''); getdomain stops at the first
//   space, tab, line break or comma after a non-empty domain.
// - name <x@y>: the phrase is only read (the name does not decide anything),
//   '<' makes getrouteaddr read the addr-spec, which stops at '>'.
// getaddress then skips white space and one comma. Empty items (",,", a
// trailing ", ") give only ('', '') entries, which are not counted; nor are
// empty groups (see skip_empty_group). As getaddress returns after a group
// whether or not a comma follows, an item may follow one without a comma;
// but the next starting point is only noted at the next comma after an item.
//
// The parser never looks back before the start of the item it is on, and
// each item starts afresh (getaddress clears the comments), so the part of
// the value after such a comma can be parsed on its own. Anything else (two
// items with no comma between them, as "a@b c@d", which Python makes one
// empty address; comments, groups with members, routes, escapes, other bytes
// in an addr-spec) stops the shortcut there, and the parser takes the rest.
struct PlainPrefix {
  std::size_t count = 0;  // addresses in value[0, rest)
  std::size_t rest = 0;   // where the parser must take over (size: nowhere)
};

PlainPrefix count_plain_prefix(std::string_view value) {
  std::size_t i = 0;
  std::size_t n = value.size();
  PlainPrefix done;  // the last point where a getaddress starts
  std::size_t count = 0;
  bool after_item = false;  // an item was read and no comma seen since
  while (i < n) {
    char c = value[i];
    if (is_white_space(c)) {
      ++i;
    } else if (c == ',') {
      ++i;
      if (after_item) done = {count, i};
      after_item = false;
    } else {
      if (after_item) return done;
      std::size_t end = skip_plain_item(value, i);
      if (end != kNotPlain) {
        ++count;
        after_item = true;
      } else {
        end = skip_empty_group(value, i);
        if (end == kNotPlain) return done;
      }
      i = end;
    }
  }
  return {count, n};
}

// The bytes of 64 bytes of a value, one bit each (bit k: byte k).
struct BlockClasses {
  std::uint64_t atext = 0;  // kPlainAddressBytes: atext and '.'
  std::uint64_t at = 0;     // '@'
  std::uint64_t comma = 0;
  std::uint64_t space = 0;  // ' ', '\t', '\r', '\n'
};

// The classes of value[pos, pos + 16), bytes past the end of the value left
// out, in bits 0-15. Never reads past the end: a last chunk of fewer than 16
// bytes is the 16 bytes that end the value, shifted, or for a value shorter
// than 16 bytes a copy.
BlockClasses classify_chunk(std::string_view value, std::size_t pos) {
  const std::size_t size = value.size() - pos;
#if defined(__SSE2__)
  std::size_t from = pos;
  alignas(16) char copy[16] = {};
  const char* bytes = value.data() + pos;
  if (size < 16 && value.size() >= 16) {
    from = value.size() - 16;
    bytes = value.data() + from;
  } else if (size < 16) {
    bytes = static_cast<const char*>(std::memcpy(copy, bytes, size));
  }
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes));
  const __m128i space = _mm_or_si128(_mm_or_si128(in_range(v, '\t', 2), is(v, '\r')), is(v, ' '));
  const unsigned skip = static_cast<unsigned>(pos - from);  // bytes before pos in v
  const unsigned keep = size < 16 ? (1u << size) - 1 : 0xffff;
  auto bits = [&](__m128i b) { return std::uint64_t((unsigned(_mm_movemask_epi8(b)) >> skip) & keep); };
  return {bits(not_plain_address_bytes(v)) ^ keep, bits(is(v, '@')), bits(is(v, ',')), bits(space)};
#else
  BlockClasses m;
  for (std::size_t k = 0; k < 16 && k < size; ++k) {
    const char c = value[pos + k];
    m.atext |= std::uint64_t(is_plain_address_byte(c)) << k;
    m.at |= std::uint64_t(c == '@') << k;
    m.comma |= std::uint64_t(c == ',') << k;
    m.space |= std::uint64_t(is_white_space(c)) << k;
  }
  return m;
#endif
}

// The classes of value[pos, pos + 64), bytes past the end left out.
BlockClasses classify_block(std::string_view value, std::size_t pos) {
  BlockClasses m;
  for (int k = 0; k < 4 && pos + 16 * k < value.size(); ++k) {
    const BlockClasses c = classify_chunk(value, pos + 16 * k);
    m.atext |= c.atext << (16 * k);
    m.at |= c.at << (16 * k);
    m.comma |= c.comma << (16 * k);
    m.space |= c.space << (16 * k);
  }
  return m;
}

// The number of bits set: without -mpopcnt, __builtin_popcountll is a call.
std::size_t count_bits(std::uint64_t x) {
  x -= (x >> 1) & 0x5555555555555555u;
  x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
  return static_cast<std::size_t>((x * 0x0101010101010101u) >> 56);
}

// Bit k of the result: the parity of the bits 0..k of x.
std::uint64_t prefix_xor(std::uint64_t x) {
  for (int shift = 1; shift < 64; shift *= 2) x ^= x << shift;
  return x;
}

}  // namespace

// A value that is nothing but plain addr-specs ("x@y", x and y runs of
// kPlainAddressBytes), commas and white space, with a comma between any two
// addr-specs, is what most To and Cc fields are; count_plain_prefix counts
// all of it. This is the same test on whole 64-byte blocks at once, with bit
// masks instead of a branch per byte. A word is a run of atext and '@'; it
// is an addr-spec if it holds exactly one '@', with atext before and after.
std::size_t count_plain_address_list(std::string_view value) {
  const std::size_t n = value.size();
  std::uint64_t bad = 0;
  std::size_t count = 0;
  // What the previous block leaves to the next: whether its last byte is
  // '@', or atext or '@' (0 or 1), the parity of word starts and '@' so far (all ones when odd),
  // and the carry of the white-space sum below.
  std::uint64_t last_at = 0, last_word = 0, odd = 0, gap_carry = 0;
  for (std::size_t i = 0; i < n; i += 64) {
    const BlockClasses m = classify_block(value, i);
    const std::uint64_t in_value = n - i < 64 ? (std::uint64_t(1) << (n - i)) - 1 : ~std::uint64_t(0);
    if ((m.atext | m.at | m.comma | m.space) != in_value) return kNotPlain;  // some other byte
    const std::uint64_t word = m.atext | m.at;
    const std::uint64_t starts = word & ~(word << 1 | last_word);
    // Word starts and '@' alternate, a start first: the events of odd rank
    // are the starts. So each word but maybe the last has one '@', which
    // does not start it (a start that is an '@' would be of both ranks).
    const std::uint64_t parity = prefix_xor(starts | m.at) ^ odd;
    bad |= (starts & ~parity) | (m.at & parity);
    // And no '@' ends a word (the end of the value is not atext: bits past
    // it are clear).
    bad |= (m.at << 1 | last_at) & ~m.atext;
    // No word follows another across white space alone: adding the first
    // byte of each run of white space after a word to the white space makes
    // the carry land on the byte after the run, which must not be a word.
    const std::uint64_t after_word = m.space & (word << 1 | last_word);
    std::uint64_t sum;
    const bool overflow1 = __builtin_add_overflow(after_word, m.space, &sum);
    const bool overflow2 = __builtin_add_overflow(sum, gap_carry, &sum);
    bad |= sum & ~m.space & word;
    gap_carry = overflow1 || overflow2 ? 1 : 0;
    count += count_bits(starts);
    last_at = m.at >> 63;
    last_word = word >> 63;
    odd = parity >> 63 ? ~std::uint64_t(0) : 0;
  }
  // A last block of 64 bytes may end with '@', or leave the last word
  // without its '@' (the odd parity; Python would count such a word too,
  // but the slower path is left to say so).
  if (bad != 0 || last_at != 0 || odd != 0) return kNotPlain;
  return count;
}

std::size_t count_addresses(std::string_view value) {
  std::size_t all_plain = count_plain_address_list(value);
  if (all_plain != kNotPlain) return all_plain;
  PlainPrefix plain = count_plain_prefix(value);
  std::size_t count = plain.count;
  for (const Address& a : parse_address_list(value.substr(plain.rest))) count += a.address.empty() ? 0 : 1;
  return count;
}

}  // namespace mpingest
