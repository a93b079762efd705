// The mpingest binary as a user runs it: exit codes, error listing, JSON shape.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"

using mpingest::test::run_command;
using mpingest::test::run_mpingest;
using mpingest::test::TempDir;
using mpingest::test::write_file;
namespace fs = std::filesystem;

namespace {

// Root reads every file whatever its mode, so an "unreadable file" needs an
// unprivileged user: run the binary as nobody through setpriv(1).
std::vector<std::string> as_unprivileged(std::vector<std::string> args) {
  if (::geteuid() != 0) return args;
  std::vector<std::string> wrapped{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", MPINGEST_BINARY};
  wrapped.insert(wrapped.end(), args.begin(), args.end());
  return wrapped;
}

}  // namespace

TEST_CASE("bad items are listed with their reason and the run exits 1", "[cli]") {
  TempDir dir;
  fs::path root = dir.path() / "maildir";
  write_file(root / "u/inbox/1.", "To: a@x.com\nSubject: Ok\n\nFine\n");
  write_file(root / "u/inbox/2.", "");
  write_file(root / "u/inbox/3.", "To: b@x.com\n\nsecret\n");
  REQUIRE(::mkfifo((root / "u/inbox/4.").c_str(), 0600) == 0);
  ::chmod((root / "u/inbox/3.").c_str(), 0);
  // The whole tree must be reachable by the unprivileged user, except file 3.
  for (const fs::path& p : {dir.path(), root, root / "u", root / "u/inbox"}) ::chmod(p.c_str(), 0755);
  ::chmod((root / "u/inbox/1.").c_str(), 0644);
  ::chmod((root / "u/inbox/2.").c_str(), 0644);

  std::vector<std::string> args{"--input", root.string(), "--mode", "fork", "--shards", "2", "--format", "json"};
  auto result = (::geteuid() == 0) ? run_command(as_unprivileged(args)) : run_mpingest(args);
  INFO(result.err);
  REQUIRE(result.exit_code == 1);
  auto doc = nlohmann::json::parse(result.out);
  CHECK(doc["totals"]["items"] == 4);
  CHECK(doc["totals"]["messages"] == 1);
  CHECK(doc["totals"]["errors"] == 3);
  const auto& errors = doc["errors"];
  REQUIRE(errors.size() == 3);
  CHECK(errors[0]["item"] == "u/inbox/2.");
  CHECK(errors[0]["reason"] == "empty file");
  CHECK(errors[1]["item"] == "u/inbox/3.");
  CHECK(errors[1]["reason"] == "cannot open: Permission denied");
  CHECK(errors[2]["item"] == "u/inbox/4.");
  CHECK(errors[2]["reason"].get<std::string>().find("FIFO") != std::string::npos);
}

TEST_CASE("the JSON report has exactly the documented totals and sections", "[cli]") {
  auto result = run_mpingest({"--input", mpingest::test::generated_corpus().string(), "--format", "json"});
  REQUIRE(result.exit_code == 0);
  auto doc = nlohmann::json::parse(result.out);
  std::vector<std::string> keys;
  for (auto& [key, value] : doc["totals"].items()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  CHECK(keys == std::vector<std::string>{"bytes", "capitals", "errors", "items", "messages", "messages_without_to",
                                         "to_addresses"});
  for (const char* section : {"config", "workers", "timing", "errors", "detail", "failures"})
    CHECK(doc.contains(section));
  CHECK(doc["config"]["mode"] == "fork");
  CHECK(doc["config"]["shards"] == 4);
  CHECK(doc["config"]["dispatch"] == "rr");
  CHECK(doc["config"]["ipc"] == "pipe");
  CHECK(doc["config"]["encoding"] == "latin-1");
  CHECK(doc["workers"].size() == 4);
  for (const auto& w : doc["workers"]) {
    // Private memory, measured when the result is ready, is part of the resident set.
    CHECK(w["private_kb"].get<std::int64_t>() > 0);
    CHECK(w["private_kb"].get<std::int64_t>() <= w["max_rss_kb"].get<std::int64_t>());
  }
  CHECK(doc["totals"]["items"] == doc["totals"]["messages"].get<int>() + doc["totals"]["errors"].get<int>());
}

TEST_CASE("the text report shows totals, timing and one row per worker", "[cli]") {
  auto result = run_mpingest({"--input", mpingest::test::generated_corpus().string(), "--shards", "3"});
  REQUIRE(result.exit_code == 0);
  for (const char* word : {"items", "messages", "capitals", "to_addresses", "messages_without_to", "errors", "wall",
                           "messages/s", "worker"})
    CHECK(result.out.find(word) != std::string::npos);
}

TEST_CASE("usage errors exit 2 with a message", "[cli]") {
  std::string corpus = mpingest::test::generated_corpus().string();
  auto args = GENERATE_COPY(values<std::vector<std::string>>({
      {"--input", corpus, "--shards", "0"},
      {"--input", corpus, "--shards", "-3"},
      {"--input", corpus, "--mode", "teleport"},
      {"--input", "/definitely/not/here"},
      {},
      {"--input", corpus, "--mode", "serial", "--ipc", "pipe"},
      {"--input", corpus, "--mode", "serial", "--shards", "4"},
      {"--input", corpus, "--bogus-flag"},
  }));
  auto result = run_mpingest(args);
  CHECK(result.exit_code == 2);
  CHECK(!result.err.empty());
}

TEST_CASE("help documents the exit codes", "[cli]") {
  auto result = run_mpingest({"--help"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("Exit codes") != std::string::npos);
}

TEST_CASE("gen is deterministic through the CLI", "[cli]") {
  TempDir dir;
  auto a = run_mpingest({"gen", "--out", (dir.path() / "a").string(), "--messages", "50", "--seed", "7"});
  auto b = run_mpingest({"gen", "--out", (dir.path() / "b").string(), "--messages", "50", "--seed", "7"});
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  auto diff = run_command({"diff", "-r", (dir.path() / "a").string(), (dir.path() / "b").string()});
  CHECK(diff.exit_code == 0);
}
