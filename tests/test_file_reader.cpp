// FileReader reads a file as raw_read_floor does (open, read until 0, close)
// and calls fstat only off that path. These tests pin the outcomes that used
// to come from an fstat before every read: sizes, --max-bytes, and items that
// are no longer regular files.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "corpus/file_reader.h"
#include "test_support.h"

using namespace mpingest;
namespace fs = std::filesystem;

namespace {

std::string pattern(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>('A' + i % 61);
  return bytes;
}

}  // namespace

TEST_CASE("FileReader returns a file's bytes whatever its size against the buffer", "[file_reader]") {
  test::TempDir dir;
  // The default limit, and the largest one can ask for (where limit + 1 would wrap).
  auto max_bytes = GENERATE(std::uint64_t{64} << 20, UINT64_MAX);
  FileReader reader(dir.path().string(), max_bytes);
  // Around the first buffer (64 KiB): below, exactly, just over, far over,
  // then small again in the grown buffer.
  for (std::size_t size : {0u, 1u, 3500u, 65535u, 65536u, 65537u, 300000u, 17u}) {
    INFO("size " << size << ", --max-bytes " << max_bytes);
    std::string bytes = pattern(size);
    test::write_file(dir.path() / "m", bytes);
    ReadOutcome read = reader.read("m");
    REQUIRE(read.ok);
    CHECK(read.error.empty());
    CHECK(read.bytes == bytes);
  }
}

TEST_CASE("FileReader gives an empty file as empty bytes, for the caller to list", "[file_reader]") {
  test::TempDir dir;
  test::write_file(dir.path() / "empty", "");
  FileReader reader(dir.path().string(), 64 << 20);
  ReadOutcome read = reader.read("empty");
  CHECK(read.ok);
  CHECK(read.bytes.empty());
}

TEST_CASE("FileReader refuses a file over --max-bytes with its exact size", "[file_reader]") {
  test::TempDir dir;
  test::write_file(dir.path() / "fits", pattern(100));
  test::write_file(dir.path() / "over", pattern(150));
  FileReader reader(dir.path().string(), 100);
  ReadOutcome fits = reader.read("fits");
  CHECK(fits.ok);
  CHECK(fits.bytes.size() == 100);
  ReadOutcome over = reader.read("over");
  CHECK_FALSE(over.ok);
  CHECK(over.error == "file of 150 bytes exceeds --max-bytes 100");
}

TEST_CASE("FileReader keeps --max-bytes once its buffer has grown past it", "[file_reader]") {
  test::TempDir dir;
  const std::size_t max_bytes = 100 * 1024;
  test::write_file(dir.path() / "large", pattern(90 * 1024));  // grows the buffer to 128 KiB
  test::write_file(dir.path() / "over", pattern(110 * 1024));  // fits that buffer, not the limit
  FileReader reader(dir.path().string(), max_bytes);
  REQUIRE(reader.read("large").ok);
  ReadOutcome over = reader.read("over");
  CHECK_FALSE(over.ok);
  CHECK(over.error == "file of 112640 bytes exceeds --max-bytes 102400");
  ReadOutcome again = reader.read("large");
  CHECK(again.ok);
  CHECK(again.bytes == pattern(90 * 1024));
}

TEST_CASE("FileReader lists what replaced a file since enumeration, without blocking", "[file_reader]") {
  test::TempDir dir;
  REQUIRE(::mkfifo((dir.path() / "fifo").c_str(), 0600) == 0);  // no writer: a read finds nothing
  fs::create_directory(dir.path() / "directory");                 // a read fails with EISDIR
  fs::create_symlink(dir.path() / "fifo", dir.path() / "link");   // never followed
  FileReader reader(dir.path().string(), 64 << 20);
  for (const char* name : {"fifo", "directory"}) {
    INFO(name);
    ReadOutcome read = reader.read(name);
    CHECK_FALSE(read.ok);
    CHECK(read.error == "not a regular file any more, not read");
  }
  ReadOutcome link = reader.read("link");
  CHECK_FALSE(link.ok);
  CHECK(link.error.rfind("cannot open: ", 0) == 0);
  ReadOutcome missing = reader.read("gone");
  CHECK_FALSE(missing.ok);
  CHECK(missing.error == "cannot open: No such file or directory");
}
