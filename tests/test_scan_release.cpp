// The parent indexes a csv or mbox file through a memory map and releases
// the pages it has scanned, so its peak memory is the item list, not the
// file: the indexers report how far they got, the map drops pages behind
// that point, and nothing read changes.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/mapped_file.h"
#include "corpus/csv_records.h"
#include "corpus/mbox_records.h"
#include "test_support.h"

using namespace mpingest;

namespace {

bool same_spans(const std::vector<RecordSpan>& a, const std::vector<RecordSpan>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].offset != b[i].offset || a[i].length != b[i].length || a[i].line != b[i].line || a[i].error != b[i].error)
      return false;
  }
  return true;
}

// Offsets reported must move forward, stay inside the file, and come about
// every kScannedReportBytes.
void check_reports(const std::vector<std::size_t>& reports, std::size_t file_size) {
  REQUIRE(reports.size() >= 2);
  std::size_t last = 0;
  for (std::size_t offset : reports) {
    CHECK(offset >= last + kScannedReportBytes);
    CHECK(offset <= file_size);
    last = offset;
  }
}

}  // namespace

TEST_CASE("csv and mbox indexers say how far they have scanned, and index the same either way", "[records]") {
  std::vector<std::size_t> reports;
  auto record = [&](std::size_t offset) { reports.push_back(offset); };

  std::string csv = "Id,RawText\n";
  for (int i = 0; csv.size() < 3 * kScannedReportBytes; ++i)
    csv += std::to_string(i) + ",\"To: a@b\n\nrow " + std::to_string(i) + "\"\n";
  CsvIndex plain = index_csv(csv);
  CsvIndex reported = index_csv(csv, record);
  CHECK(reported.columns == plain.columns);
  CHECK(same_spans(reported.rows, plain.rows));
  check_reports(reports, csv.size());

  reports.clear();
  std::string mbox;
  for (int i = 0; mbox.size() < 3 * kScannedReportBytes; ++i)
    mbox += "From x@y Mon Jan  1 00:00:00 2001\nTo: a@b\n\nmessage " + std::to_string(i) + "\n\n";
  CHECK(same_spans(index_mbox(mbox, record), index_mbox(mbox)));
  check_reports(reports, mbox.size());
}

TEST_CASE("a mapped file reads the same after its scanned pages are released", "[records]") {
  test::TempDir dir;
  std::string bytes;
  for (int i = 0; bytes.size() < (3u << 20); ++i) bytes += std::to_string(i) + ' ';
  test::write_file(dir.path() / "f", bytes);
  MappedFile file((dir.path() / "f").string());
  REQUIRE(file.bytes() == bytes);
  file.release_before(bytes.size() / 2 + 123);  // not on a page boundary: the page holding it stays
  CHECK(file.bytes() == bytes);
  file.release_before(10);  // behind what was released: nothing to do
  file.release_before(bytes.size() * 2);  // past the end: all of it
  CHECK(file.bytes() == bytes);
}
