#pragma once
// Internal to the corpus generator: message i of a corpus, independent of the
// output format. The maildir, CSV and mbox writers all take their messages
// from MessageSource::build, so message i has the same bytes and metadata in
// every format (see MessageStyle for the one, opt-in, difference).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "generator/generator.h"
#include "generator/generator_headers.h"
#include "generator/generator_people.h"

namespace mpingest::gen {

struct MessageStyle {
  // Put lines starting with "From " or ">From " (a plain sentence, a pasted
  // mbox From_ line, a quoted ">From ") into about 3% of the bodies, so that
  // mbox quoting is exercised. Decided from a random stream of its own: the
  // rest of the message is the same with or without it. Off for maildir,
  // whose output must stay what it was before this option existed.
  bool from_lines = false;

  // When not 0, the body size aimed at is cut so that headers + body stay
  // near this many bytes (a few KB over at most). Only the rare 100-400 KB
  // messages and messages with hundreds of recipients reach it. Used by csv
  // (and mbox, to keep message i the same in both) so that every field fits
  // in Python's default csv field size limit (131072), as in the real
  // Emails.csv. Changes the bodies of those messages only. Off (0) for
  // maildir.
  std::size_t max_message_bytes = 0;

  // --skew (generator_skew.h): the first `huge_fraction` of the messages in
  // reading order are mass mailings, their To lists `huge_factor` times
  // longer. Reading order is the maildir's sorted paths when
  // `skew_in_path_order`, else file order. Other messages are unchanged.
  // Off when huge_fraction is 0.
  double huge_fraction = 0;
  std::uint64_t huge_factor = 1;
  bool skew_in_path_order = true;
};

// `style` with the --skew settings of `options` (unchanged without --skew).
MessageStyle with_skew(MessageStyle style, const GeneratorOptions& options);

// One message and what a reader would extract from it.
struct GeneratedMessage {
  std::string bytes;            // the whole message as in a maildir file: ISO-8859-1,
                                // LF / CRLF / CRLF-headers-LF-body, maybe no final newline
  std::size_t body_offset = 0;  // the body is bytes[body_offset..]

  const Person* sender = nullptr;
  std::vector<const Person*> to;  // empty when there is no To header
  std::vector<const Person*> cc;
  std::string from;        // From header value (an address)
  std::string to_field;    // To value, unfolded; "" when there is no To header
  std::string cc_field;    // Cc value, unfolded; "" when there is no Cc header
  std::string subject;     // Subject value before RFC 2047 encoding and folding
  Timestamp date;          // local (US Pacific) time of the Date header
  std::string date_field;  // Date header value
  bool crlf_headers = false;
  bool crlf_body = false;

  std::string scratch;  // working buffer of build()

  std::string_view body() const {
    return std::string_view(bytes).substr(body_offset < bytes.size() ? body_offset : bytes.size());
  }
};

// The messages of the corpus for (seed, messages), numbered 0..size()-1 in
// maildir order (mailboxes, then folders, then file number).
class MessageSource {
 public:
  MessageSource(std::uint64_t seed, std::uint64_t messages, MessageStyle style = {});

  const Directory& directory() const { return directory_; }
  std::uint64_t size() const { return messages_; }

  struct Location {
    std::size_t mailbox = 0;   // index into directory().mailboxes
    std::size_t folder = 0;    // index into that mailbox's folders
    std::uint64_t number = 0;  // file number in the folder, from 1
  };
  Location locate(std::uint64_t index) const;

  // Builds message `index` into out (whose buffers are reused). Depends only
  // on (seed, messages, style, index).
  void build(std::uint64_t index, GeneratedMessage& out) const;
  void build(std::uint64_t index, const Location& where, GeneratedMessage& out) const;

 private:
  struct FolderStart {
    std::uint64_t first = 0;  // index of the folder's first message
    std::size_t mailbox = 0;
    std::size_t folder = 0;
  };

  std::uint64_t seed_;
  std::uint64_t messages_;
  MessageStyle style_;
  Directory directory_;
  std::vector<FolderStart> starts_;  // non-empty folders, ascending `first`
  std::vector<bool> huge_;           // --skew: by index (empty without it)
};

}  // namespace mpingest::gen
