// The public API (include/mpingest/): a task defined outside lib/ runs in
// every launch mode with the same answer, spawn included (the example
// program apps/longest_subject.cpp is its own worker), and one defined in a
// test runs through mpingest::run like a built-in one.
#include <boost/serialization/map.hpp>
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>

#include "mpingest/run.h"
#include "mpingest/task_registry.h"
#include "test_support.h"

using namespace mpingest;

namespace {

nlohmann::json longest_subject(const std::string& input, const std::vector<std::string>& flags) {
  std::vector<std::string> argv{LONGEST_SUBJECT_BINARY, input, "--json"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  auto r = test::run_command(argv);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.out);
}

// Messages per top-level folder: the smallest task there is.
struct FolderCount {
  struct Partial {
    std::map<std::string, std::uint64_t> folders;
    template <class Archive>
    void serialize(Archive& ar, unsigned /*version*/) {
      ar & folders;
    }
  };
  explicit FolderCount(const TaskOptions& /*options*/) {}
  void process(const TaskItem& item, Partial& partial, ItemResult& result) {
    if (item.text.find("POISON") != std::string_view::npos) {
      result.error = "refused by the task";
      return;
    }
    std::string label = item.label();
    partial.folders[label.substr(0, label.find('/'))] += 1;
  }
  static void merge(Partial& into, Partial&& from) {
    for (const auto& [folder, count] : from.folders) into.folders[folder] += count;
  }
  static TaskReport report(const Partial& merged, const TaskOptions& /*options*/) {
    TaskReport report;
    report.totals = {{"folders", merged.folders.size()}};
    report.json["folders"] = merged.folders;
    return report;
  }
};

}  // namespace

TEST_CASE("an example program's own task gives one answer in every launch mode, spawn included", "[api]") {
  const std::string corpus = test::generated_corpus().string();
  nlohmann::json serial = longest_subject(corpus, {"--mode", "serial"});
  REQUIRE(serial["totals"]["senders"].get<int>() > 0);
  REQUIRE(serial["longest_subjects"].size() == 5);
  for (const char* mode : {"threads", "fork", "spawn"})
    for (const char* ipc : {"pipe", "shm"})
      for (const char* dispatch : {"rr", "queue"}) {
        if (std::string(mode) == "threads" && std::string(ipc) == "shm") continue;
        INFO(fmt::format("{} {} {}", mode, ipc, dispatch));
        std::vector<std::string> flags{"--mode", mode, "--workers", "3", "--dispatch", dispatch};
        if (std::string(mode) != "threads") flags.insert(flags.end(), {"--ipc", ipc});
        nlohmann::json got = longest_subject(corpus, flags);
        CHECK(got["totals"] == serial["totals"]);
        CHECK(got["longest_subjects"] == serial["longest_subjects"]);
      }
  CHECK(test::leaked_segments().empty());
}

TEST_CASE("the example's answer, checked by hand: folded subjects, ties to the first in order", "[api]") {
  test::TempDir dir;
  test::write_file(dir.path() / "m/1.", "From: a@x\nSubject: short\n\nbody\n");
  test::write_file(dir.path() / "m/2.", "From: a@x\nSubject: a much\n longer one\n\nbody\n");
  test::write_file(dir.path() / "m/3.", "From: b@x\nSubject: bbb\n\n");
  test::write_file(dir.path() / "m/4.", "From: b@x\nSubject: aaa\n\n");
  test::write_file(dir.path() / "m/5.", "Subject: nobody sent this\n\n");
  nlohmann::json got = longest_subject((dir.path() / "m").string(), {"--mode", "spawn", "--workers", "2"});
  CHECK(got["totals"]["senders"] == 2);
  CHECK(got["totals"]["messages"] == 5);
  CHECK(got["longest_subjects"] == nlohmann::json::parse(R"([{"sender": "a@x", "subject": "a much longer one"},
                                                              {"sender": "b@x", "subject": "aaa"}])"));
}

TEST_CASE("a task registered by a program runs through mpingest::run, and its refusals are error items", "[api]") {
  static const bool registered = [] {
    register_task<FolderCount>("test-folder-count", "messages per top-level folder");
    return true;
  }();
  CHECK(registered);
  CHECK_THROWS_AS(register_task<FolderCount>("test-folder-count", "again"), std::runtime_error);

  test::TempDir dir;
  test::write_file(dir.path() / "m/a/1.", "Subject: x\n\n");
  test::write_file(dir.path() / "m/a/2.", "Subject: x\n\nPOISON\n");
  test::write_file(dir.path() / "m/b/1.", "Subject: x\n\n");
  for (const char* mode : {"serial", "threads", "fork"}) {
    INFO(mode);
    RunOptions options;
    options.input = (dir.path() / "m").string();
    options.task = "test-folder-count";
    options.mode = mode;
    RunResult result = run(options);
    CHECK(result.items() == 3);
    CHECK(result.messages() == 2);
    CHECK(result.errors() == 1);
    CHECK(result.complete());
    const auto& folders = TypedTask<FolderCount>::value(result.task_result()).folders;
    CHECK(folders == std::map<std::string, std::uint64_t>{{"a", 1}, {"b", 1}});
    nlohmann::json json = result.json_report();
    CHECK(json["totals"]["folders"] == 2);
    CHECK(json["errors"][0]["reason"] == "refused by the task");
    CHECK(result.text_report().find("folders") != std::string::npos);
  }
}

TEST_CASE("bad options through the public API are usage errors", "[api]") {
  RunOptions options;
  options.input = test::generated_corpus().string();
  options.encoding = "ebcdic";
  CHECK_THROWS_WITH(run(options), Catch::Contains("unknown encoding"));
  options.encoding = "auto";
  options.task = "no-such-task";
  CHECK_THROWS_WITH(run(options), Catch::Contains("unknown --task"));
}
