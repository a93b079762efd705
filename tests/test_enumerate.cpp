// Maildir enumeration: sorted, complete, and nothing but regular files read.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <tuple>

#include "common/system_error.h"
#include "common/unique_fd.h"
#include "corpus/directory_listing.h"
#include "corpus/enumerate_maildir.h"
#include "test_support.h"

using namespace mpingest;
namespace fs = std::filesystem;

TEST_CASE("items come in byte-wise sorted path order", "[enumerate]") {
  test::TempDir dir;
  for (const char* p : {"b/1.", "a/10.", "a/2.", "a.txt", "a/1.", "B/1."}) test::write_file(dir.path() / p, "x");
  ItemList items = enumerate_maildir(dir.path().string());
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < items.size(); ++i) paths.emplace_back(items.path(i));
  CHECK(paths == std::vector<std::string>{"B/1.", "a.txt", "a/1.", "a/10.", "a/2.", "b/1."});
}

TEST_CASE("the depth-first walk gives full-path byte order, whatever the names", "[enumerate]") {
  test::TempDir dir;
  // Bytes below and above '/' (0x2F) right after a directory's name, bytes
  // above 0x7F (compared unsigned), and a space.
  std::vector<std::string> files = {"x/1",      "x-1",       "x.1",        "x0",      "x/\xff",  "x\xff/2",
                                    "x/ /3",    "x/ a",      "x./y/z",     "x.-/1",   "\xc3\xa9", "z/\x01/q",
                                    "z/\x01q", "z/\x7f/r", "z/\x80/s/t", "z/0/0/0", "z0"};
  for (const std::string& f : files) test::write_file(dir.path() / f, "x");
  std::sort(files.begin(), files.end());  // the reference: std::string's byte order
  for (unsigned threads : {1u, 2u, 5u}) {
    EnumerateOptions options;
    options.threads = threads;
    ItemList items = enumerate_maildir(dir.path().string(), options);
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < items.size(); ++i) paths.emplace_back(items.path(i));
    INFO(threads << " threads");
    CHECK(paths == files);
  }
}

TEST_CASE("a directory's listing sorts a subdirectory as \"name/\", so no full-path sort is needed", "[enumerate]") {
  test::TempDir dir;
  for (const char* p : {"a/1", "a-b/1", "a.txt", "a0", "b"}) test::write_file(dir.path() / p, "x");
  REQUIRE(::mkfifo((dir.path() / "a.fifo").c_str(), 0600) == 0);
  UniqueFd fd(::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY));
  std::vector<char> buffer;
  DirectoryListing listing = DirectoryListing::read(fd.get(), false, buffer);
  std::vector<std::string> keys;
  for (const auto& entry : listing.entries()) keys.emplace_back(listing.key(entry));
  CHECK(keys == std::vector<std::string>{"a-b/", "a.fifo", "a.txt", "a/", "a0", "b"});
  CHECK(listing.error_number() == 0);
  CHECK(listing.entries()[1].kind == ItemKind::fifo);
  CHECK(listing.is_directory(listing.entries()[3]));
  CHECK(listing.name(listing.entries()[3]) == "a");
  CHECK_FALSE(listing.is_directory(listing.entries()[2]));
  CHECK(listing.name(listing.entries()[2]) == "a.txt");
}

TEST_CASE("a directory listed as an error item sorts by its own path, before \"name.bak\"", "[enumerate]") {
  test::TempDir dir;
  // Following links, d/loop leads back to d: it is an error item "d/loop",
  // which sorts before its sibling "d/loop.bak" although a directory walked
  // would list its items after it ("d/loop/..." > "d/loop.bak").
  test::write_file(dir.path() / "d/loop.bak", "x");
  test::write_file(dir.path() / "d/m", "x");
  fs::create_directory_symlink(dir.path() / "d", dir.path() / "d/loop");
  EnumerateOptions options;
  options.follow_symlinks = true;
  ItemList items = enumerate_maildir(dir.path().string(), options);
  REQUIRE(items.size() == 3);
  CHECK(items.path(0) == "d/loop");
  CHECK(items.kind(0) == ItemKind::unreadable_directory);
  CHECK(items.error_number(0) == ELOOP);
  CHECK(items.path(1) == "d/loop.bak");
  CHECK(items.path(2) == "d/m");
}

TEST_CASE("FIFOs, sockets and symlinks are items of their own kind, never regular", "[enumerate]") {
  test::TempDir dir;
  test::write_file(dir.path() / "u/inbox/1.", "Subject: x\n\nbody");
  REQUIRE(::mkfifo((dir.path() / "u/inbox/2.").c_str(), 0600) == 0);
  fs::create_symlink(dir.path() / "u/inbox/1.", dir.path() / "u/inbox/3.");
  fs::create_directory_symlink(dir.path() / "u", dir.path() / "loop");
  ItemList items = enumerate_maildir(dir.path().string());
  REQUIRE(items.size() == 4);
  CHECK(items.path(0) == "loop");
  CHECK(items.kind(0) == ItemKind::symlink);
  CHECK(items.kind(1) == ItemKind::regular);
  CHECK(items.kind(2) == ItemKind::fifo);
  CHECK(items.kind(3) == ItemKind::symlink);

  SECTION("following symlinks reads through them and stops at loops") {
    fs::create_directory_symlink(dir.path(), dir.path() / "u/back");
    ItemList followed = enumerate_maildir(dir.path().string(), {true});
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < followed.size(); ++i) paths.emplace_back(followed.path(i));
    // loop/ and u/ are the same directory: it is walked once, the second link is an error item.
    CHECK(followed.size() == 5);
    CHECK(std::count_if(paths.begin(), paths.end(), [](const std::string& p) { return p.find("back") != std::string::npos; }) == 1);
  }
}

TEST_CASE("a missing or non-directory root is a usage error", "[enumerate]") {
  test::TempDir dir;
  CHECK_THROWS_AS(enumerate_maildir((dir.path() / "absent").string()), UsageError);
  test::write_file(dir.path() / "file", "x");
  CHECK_THROWS_AS(enumerate_maildir((dir.path() / "file").string()), UsageError);
}

TEST_CASE("an empty root has zero items", "[enumerate]") {
  test::TempDir dir;
  CHECK(enumerate_maildir(dir.path().string()).empty());
}

namespace {

std::vector<std::tuple<std::string, ItemKind, int>> listing(const ItemList& items) {
  std::vector<std::tuple<std::string, ItemKind, int>> out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out.emplace_back(std::string(items.path(i)), items.kind(i), items.error_number(i));
  return out;
}

}  // namespace

TEST_CASE("a parallel walk lists exactly what the serial walk lists, in the same order", "[enumerate]") {
  test::TempDir dir;
  // Names chosen so that byte order differs from a directory-by-directory
  // order: "a-b/" sorts before "a/", "a.txt" between them.
  for (const char* p : {"a/1.", "a/sub/2.", "a-b/1.", "a.txt", "b/deep/er/still/3.", "c/1.", "c/2.", "top."})
    test::write_file(dir.path() / p, "x");
  fs::create_directories(dir.path() / "empty/dir");
  REQUIRE(::mkfifo((dir.path() / "c/fifo.").c_str(), 0600) == 0);
  fs::create_symlink(dir.path() / "a.txt", dir.path() / "b/link");
  auto threads = GENERATE(2u, 3u, 8u);

  ItemList serial = enumerate_maildir(dir.path().string());
  EnumerateOptions parallel_options;
  parallel_options.threads = threads;
  ItemList parallel = enumerate_maildir(dir.path().string(), parallel_options);
  INFO(threads << " threads");
  CHECK(listing(parallel) == listing(serial));
  CHECK(parallel.size() == 10);

  SECTION("on a generated corpus too") {
    const fs::path& corpus = test::generated_corpus();
    CHECK(listing(enumerate_maildir(corpus.string(), parallel_options)) == listing(enumerate_maildir(corpus.string())));
  }
}
