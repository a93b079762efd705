#include "bench/python_seed.h"

#include <boost/process/child.hpp>
#include <boost/process/io.hpp>
#include <boost/process/pipe.hpp>
#include <boost/process/search_path.hpp>
#include <cstdlib>
#include <string>

#include "bench/bench_runner.h"
#include "common/system_error.h"

namespace bp = boost::process;

namespace mpingest {

std::string default_seed_python_script() {
  if (const char* path = std::getenv("MPINGEST_SEED_PYTHON"); path != nullptr && *path != '\0') return path;
  return std::string(MPINGEST_SOURCE_SCRIPTS) + "/seed_python.py";
}

std::string seed_python_version() {
  std::error_code ec;
  boost::filesystem::path python = bp::search_path("python3");
  if (python.empty()) return "";
  bp::ipstream out;
  bp::child child(python, "--version", bp::std_in < bp::null, (bp::std_out & bp::std_err) > out, ec);
  if (ec) return "";
  std::string line;
  std::getline(out, line);
  child.wait(ec);
  return line;
}

std::vector<std::string> seed_python_command(const std::string& script, const std::string& maildir,
                                             const std::string& task, const BenchCase& config) {
  std::vector<std::string> command{"python3", script, maildir, "--keep-newlines", "--task", task,
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
