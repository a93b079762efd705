#include "bench/python_seed.h"

#include <cstdlib>

#include "bench/bench_runner.h"
#include "common/system_error.h"

namespace mpingest {

std::string default_seed_python_script() {
  if (const char* path = std::getenv("MPINGEST_SEED_PYTHON"); path != nullptr && *path != '\0') return path;
  return std::string(MPINGEST_SOURCE_SCRIPTS) + "/seed_python.py";
}

std::vector<std::string> seed_python_command(const std::string& script, const std::string& maildir,
                                             const BenchCase& config) {
  std::vector<std::string> command{"python3", script, maildir, "--keep-newlines",
                                   std::string("--") + python_way_name(*config.python)};
  if (*config.python != PythonWay::serial) command.push_back(std::to_string(config.shards));
  return command;
}

BenchSample sample_from_seed_report(const std::string& json_text) {
  nlohmann::json report = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (!report.is_object() || !report.contains("wall_s") || !report.contains("totals") ||
      !report["wall_s"].is_number() || !report["totals"].is_object())
    throw RunError("bench: the seed's Python printed no report");
  BenchSample s;
  s.wall_s = report["wall_s"].get<double>();
  s.totals = report["totals"];
  s.items = report.value("files", std::uint64_t{0});
  return s;
}

}  // namespace mpingest
