#include "journal/journal_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string_view>

#include "common/stopwatch.h"
#include "common/system_error.h"
#include "ipc/archive.h"
#include "ipc/frame_codec.h"
#include "ipc/record_batch.h"

namespace mpingest {
namespace {

[[noreturn]] void write_failed(const std::string& path, const char* what, int err) {
  std::string message = "--journal " + path + ": " + what + ": " + errno_text(err);
  if (err == ENOSPC || err == EDQUOT) throw ResourceError(message + " (the journal needs room on its disk)");
  throw RunError(message);
}

// A records entry's records, kept as views of `payload` (in the mapped
// file). "" when they are sound, else why not: an entry is all or nothing.
std::string read_records(std::string_view payload, JournalContents& contents) {
  std::vector<JournalRecord> records;
  std::string why;
  try {
    wire::for_each_record(payload, [&](std::uint64_t item, std::string_view record) {
      if (item >= contents.identity.items && why.empty())
        why = "a record of item " + std::to_string(item) + " of " + std::to_string(contents.identity.items);
      records.push_back({item, record});
    });
  } catch (const wire::WireError& e) {
    return e.what();
  }
  if (why.empty()) contents.records.insert(contents.records.end(), records.begin(), records.end());
  return why;
}

}  // namespace

std::string journal_mismatch(const JournalIdentity& journal, const JournalIdentity& run) {
  if (journal.input != run.input) return "it is the journal of --input " + journal.input + ", not " + run.input;
  if (journal.format != run.format || journal.items != run.items || journal.fingerprint != run.fingerprint)
    return "the input has changed since it was written (" + std::to_string(journal.items) + " items then, " +
           std::to_string(run.items) + " now, or other names)";
  if (journal.task != run.task) return "it is the journal of --task " + journal.task + ", not " + run.task;
  if (journal.options != run.options) return "it was written with " + journal.options + ", not " + run.options;
  return "";
}

JournalContents read_journal(const std::string& path) {
  JournalContents contents;
  // Mapped, not read: with --emit the records make it as large as the output.
  contents.file = std::make_shared<const MappedFile>(path, "--journal");
  const std::string_view bytes = contents.file->bytes();
  std::size_t offset = 0;
  try {
    wire::Frame header = wire::decode_frame_at(bytes.data(), bytes.size());
    if (header.type != wire::FrameType::journal_header) throw wire::WireError("no journal header");
    wire::read_archive(header.payload, "a journal header", [&](auto& archive) { archive >> contents.identity; });
    offset = sizeof(wire::FrameHeader) + header.payload.size();
  } catch (const wire::WireError& e) {
    throw UsageError("--journal " + path + " is not an mpingest journal (" + e.what() + ")");
  }
  // Entries until the first that is torn or corrupt: the file is only ever
  // appended to, so what follows a bad entry was written after it.
  while (offset < bytes.size() && contents.dropped_why.empty()) {
    try {
      wire::Frame frame = wire::decode_frame_at(bytes.data() + offset, bytes.size() - offset);
      if (frame.type == wire::FrameType::journal_entry) {
        JournalEntry entry;
        std::string_view result;
        contents.dropped_why = wire::split_checkpoint(frame.payload, contents.identity.items, entry.items, result);
        if (contents.dropped_why.empty()) {
          entry.result.assign(result);
          contents.entries.push_back(std::move(entry));
        }
      } else if (frame.type == wire::FrameType::journal_output) {
        wire::OutputMark mark = wire::decode_output_mark(frame.payload);
        if (mark.items > contents.identity.items)
          contents.dropped_why = "an output mark of item " + std::to_string(mark.items) + " of " + std::to_string(contents.identity.items);
        else
          contents.output = std::move(mark);
      } else if (frame.type == wire::FrameType::journal_records) {
        contents.dropped_why = read_records(bytes.substr(offset + sizeof(wire::FrameHeader), frame.payload.size()), contents);
      } else {
        contents.dropped_why = "a frame that is not an entry";
      }
      if (contents.dropped_why.empty()) offset += sizeof(wire::FrameHeader) + frame.payload.size();
    } catch (const wire::WireError& e) {
      contents.dropped_why = e.what();
    }
  }
  contents.valid_bytes = offset;
  contents.dropped_bytes = bytes.size() - offset;
  return contents;
}

JournalWriter JournalWriter::create(const std::string& path, const JournalIdentity& identity) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd.valid()) write_failed(path, "cannot create it", errno);
  JournalWriter writer(std::move(fd), path);
  writer.write(wire::encode_frame(wire::FrameType::journal_header, wire::to_archive(identity)));
  writer.name_unsynced_->store(true);  // the first sync syncs the header, and the directory that names the file
  writer.last_sync_ns_ = steady_ns();
  return writer;
}

JournalWriter JournalWriter::resume(const std::string& path, const JournalContents& contents) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd.valid()) write_failed(path, "cannot open it", errno);
  if (::ftruncate(fd.get(), static_cast<off_t>(contents.valid_bytes)) != 0) write_failed(path, "cannot cut its torn tail", errno);
  if (::lseek(fd.get(), 0, SEEK_END) < 0) write_failed(path, "cannot seek", errno);
  JournalWriter writer(std::move(fd), path);
  writer.entries_ = contents.entries.size();
  writer.last_sync_ns_ = steady_ns();
  return writer;
}

void JournalWriter::add(std::string_view checkpoint_payload) {
  write(wire::encode_frame(wire::FrameType::journal_entry, checkpoint_payload));
  ++unsynced_entries_;
  ++entries_;
  sync_if_group_complete();
}

void JournalWriter::sync_if_group_complete() {
  if (unsynced_entries_ < kGroupEntries && static_cast<double>(steady_ns() - last_sync_ns_) / 1e9 < kGroupSeconds)
    return;
  if (!background_) background_ = std::make_unique<BackgroundSync>(sync_routine());
  background_->request();  // rethrows the failure of an earlier sync
  unsynced_entries_ = 0;
  last_sync_ns_ = steady_ns();
}

std::function<void()> JournalWriter::sync_routine() const {
  return [fd = fd_.get(), path = path_, first = sync_first_, name_unsynced = name_unsynced_] {
    if (first) first();
    if (::fdatasync(fd) != 0) write_failed(path, "cannot sync it", errno);
    if (name_unsynced->exchange(false)) {
      // A new file's name must survive a crash too.
      std::filesystem::path dir = std::filesystem::absolute(path).parent_path();
      UniqueFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
      if (dir_fd.valid()) ::fsync(dir_fd.get());
    }
  };
}

void JournalWriter::add_records(std::string_view batch_payload) {
  write(wire::encode_frame(wire::FrameType::journal_records, batch_payload));
  record_bytes_ += batch_payload.size();
  ++unsynced_entries_;
}

void JournalWriter::add_output(const wire::OutputMark& mark) {
  write(wire::encode_frame(wire::FrameType::journal_output, wire::encode_output_mark(mark)));
  ++unsynced_entries_;
}

void JournalWriter::sync_first(std::function<void()> sync) {
  if (background_) {
    background_->wait();
    background_.reset();  // its routine has the old one
  }
  sync_first_ = std::move(sync);
}

void JournalWriter::commit() {
  if (background_) background_->wait();  // its failure is this commit's
  sync_routine()();
  unsynced_entries_ = 0;
  last_sync_ns_ = steady_ns();
}

void JournalWriter::write(const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd_.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) write_failed(path_, "cannot write it", errno);
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace mpingest
