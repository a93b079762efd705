// The generated corpus (quoted commas, folding, CRLF, Latin-1 bytes, no-To
// messages) checked live against scripts/reference_totals.py, which uses
// Python's own email package and str.isupper().
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "run/run_job.h"
#include "sandbox.h"
#include "task_results.h"
#include "test_support.h"

using namespace mpingest;

TEST_CASE("generated corpus: totals equal Python's reference", "[python]") {
  auto encoding = GENERATE(as<std::string>{}, "latin-1", "utf-8");
  std::string corpus = test::generated_corpus().string();
  auto python = test::run_command({"python3", std::string(MPINGEST_SCRIPTS_DIR) + "/reference_totals.py", corpus,
                                   "--encoding", encoding, "--json"});
  if (python.exit_code == 127) {
    WARN("SKIPPED: python3 is not installed");
    return;
  }
  INFO(python.err);
  REQUIRE(python.exit_code == 0);
  auto expected = nlohmann::json::parse(python.out);

  RunConfig config;
  config.input = corpus;
  config.mode = LaunchMode::fork;
  config.shards = 3;
  config.processing.encoding = encoding == "utf-8" ? TextEncoding::utf8 : TextEncoding::latin1;
  RunReport report = run_job(config);
  const auto& t = expected["totals"];
  CHECK(report.totals.items == t["items"].get<std::uint64_t>());
  CHECK(report.totals.messages == t["messages"].get<std::uint64_t>());
  CHECK(report.totals.bytes == t["bytes"].get<std::uint64_t>());
  CHECK(test::capitals(report).capitals == t["capitals"].get<std::uint64_t>());
  CHECK(test::capitals(report).to_addresses == t["to_addresses"].get<std::uint64_t>());
  CHECK(test::capitals(report).messages_without_to == t["messages_without_to"].get<std::uint64_t>());
  CHECK(test::capitals(report).cc_addresses == expected["extra"]["cc_addresses"].get<std::uint64_t>());
  CHECK(test::capitals(report).invalid_sequences == expected["extra"]["invalid_sequences"].get<std::uint64_t>());
}

// The seed's Python (scripts/seed_python.py), in each of the four ways the
// tutorials run it, must give mpingest's answer, or the bench's table of
// Python against mpingest would compare different work.
TEST_CASE("the seed's Python gives mpingest's totals serially, on threads, on processes and in a Pool", "[python]") {
  const std::string corpus = test::readable_corpus(600).string();
  const std::string task = GENERATE(as<std::string>{}, "capitals", "words");
  test::CommandResult ours = test::run_mpingest({"--input", corpus, "--task", task, "--top", "10", "--format", "json", "-q"});
  REQUIRE(ours.exit_code == 0);
  const nlohmann::json report = nlohmann::json::parse(ours.out);
  for (const std::vector<std::string>& how : std::vector<std::vector<std::string>>{
           {"--serial"}, {"--threads", "2"}, {"--processes", "3"}, {"--pool", "2"}}) {
    std::vector<std::string> command{"python3", std::string(MPINGEST_SCRIPTS_DIR) + "/seed_python.py", corpus,
                                     "--task", task, "--top", "10", "--keep-newlines"};
    command.insert(command.end(), how.begin(), how.end());
    test::CommandResult seed = test::run_command(command);
    if (seed.exit_code == 127) {
      WARN("SKIPPED: python3 is not installed");
      return;
    }
    INFO(task << " " << how[0] << ": " << seed.err);
    REQUIRE(seed.exit_code == 0);
    const nlohmann::json totals = nlohmann::json::parse(seed.out)["totals"];
    if (task == "words") {
      CHECK(totals["words"]["total"] == report["words"]["total"]);
      CHECK(totals["words"]["distinct"] == report["words"]["distinct"]);
      CHECK(totals["words"]["top"] == report["words"]["top"]);
    } else {
      for (const char* key : {"messages", "capitals", "to_addresses", "messages_without_to"})
        CHECK(totals[key] == report["totals"][key]);
    }
  }
}
