// Writes the seed corpus of fuzz_wire with the real encoders, so the seeds
// follow the wire format:  make_wire_seeds tests/fuzz/corpus/fuzz_wire
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/mapped_item_table.h"
#include "ipc/frame_codec.h"
#include "ipc/archive.h"
#include "ipc/output_mark.h"
#include "ipc/record_batch.h"
#include "journal/journal_file.h"
#include "result/checkpoint.h"
#include "result/result_codec.h"
#include "tasks/capitals_task.h"

using namespace mpingest;
using namespace mpingest::wire;

namespace {

ShardResult sample_result(bool with_addresses) {
  ShardResult r;
  r.stats.worker = 1;
  r.stats.pid = 4242;
  r.stats.items = 3;
  r.stats.busy_s = 0.25;
  r.totals.items = 3;
  r.totals.messages = 2;
  r.totals.errors = 1;
  r.errors = {{2, "empty file"}};
  r.claimed_batches = {0, 64};
  r.trace = {{TraceKind::claim, 100, 200, 1},
             {TraceKind::items, 200, 900, 3, 420, 300, 0, 350}};
  r.partial = capitals_task().make_partial();
  CapitalsCounts& counts = capitals_counts(*r.partial);
  counts.capitals = 17;
  counts.to_addresses = 2;
  if (with_addresses) {
    std::vector<std::string_view> from = {"a@x.com"};
    std::vector<std::string_view> to = {"b@y.com", "c@z.com"};
    counts.addresses.add_message(from, to);
  }
  return r;
}

void write(const std::string& dir, const char* name, const std::string& bytes) {
  std::ofstream out(dir + "/" + name, std::ios::binary);
  out << bytes;
  if (!out) {
    std::perror(name);
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const std::string result = serialize_result(sample_result(false));
  const std::string result_top = serialize_result(sample_result(true));
  RecordBatch batch;
  batch.add(0, R"j({"item":"1.","capitals":3})j");
  batch.add(1, "");
  batch.add(7, R"j({"item":"row 2 (line 3)"})j");
  const std::string records = batch.take_frame();

  write(dir, "result_frame", encode_frame(FrameType::result, result));
  write(dir, "result_top_frame", encode_frame(FrameType::result, result_top));
  write(dir, "records_frame", records);
  write(dir, "error_then_ready_frames",
        encode_frame(FrameType::worker_error, "cannot open: Permission denied") +
            encode_frame(FrameType::records_ready, ""));
  write(dir, "truncated_frame", records.substr(0, records.size() - 5));
  write(dir, "result_payload", result);
  write(dir, "records_payload", records.substr(sizeof(FrameHeader)));
  write(dir, "address_counts", capitals_counts(*sample_result(true).partial).addresses.to_bytes());
  // Item list images: a maildir with an error item, and csv records.
  ItemList maildir("/data/maildir");
  maildir.add("allen-p/inbox/1.", ItemKind::regular);
  maildir.add("allen-p/inbox/2.", ItemKind::fifo);
  maildir.add("locked", ItemKind::unreadable_directory, 13);
  ItemList csv("/data/Emails.csv", CorpusFormat::csv);
  csv.add_record({120, 300, 2});
  csv.add_record({420, 90, 9}, "wrong number of fields");
  write(dir, "items_frame", encode_frame(FrameType::items, encode_item_image(maildir)));
  write(dir, "items_csv_image", encode_item_image(csv));
  // A slice of a list, as spawn over a pipe streams it.
  write(dir, "items_slice_frame", encode_frame(FrameType::items, encode_item_image(maildir, 1, 2)));
  // A checkpoint (--journal), and a journal: its header, how far the --emit
  // file had got, then the --emit records of the items the entry after them
  // holds that the file did not.
  const std::string checkpoint = encode_checkpoint({{0, 10, 3}, {10, 12, 1}}, result);
  write(dir, "checkpoint_frame", encode_frame(FrameType::checkpoint, checkpoint));
  JournalIdentity identity{"/data/maildir", 0, 12, 0x1234, "capitals", "encoding latin-1"};
  RecordBatch journal_records;
  journal_records.add(0, R"({"file":"a/1.","capitals":3})");
  journal_records.add(3, "");
  write(dir, "journal", encode_frame(FrameType::journal_header, to_archive(identity)) +
                            encode_frame(FrameType::journal_output, encode_output_mark({2, 8, 1, "{\"a\":1}\n"})) +
                            encode_frame(FrameType::journal_records, journal_records.take_payload()) +
                            encode_frame(FrameType::journal_entry, checkpoint));
  return 0;
}
