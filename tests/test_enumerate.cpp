// Maildir enumeration: sorted, complete, and nothing but regular files read.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <tuple>

#include "common/system_error.h"
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
