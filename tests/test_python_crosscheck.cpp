// The generated corpus (quoted commas, folding, CRLF, Latin-1 bytes, no-To
// messages) checked live against scripts/reference_totals.py, which uses
// Python's own email package and str.isupper().
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "run/run_job.h"
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
