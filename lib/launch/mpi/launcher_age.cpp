#include "launch/mpi/launcher_age.h"

#include <time.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace mpingest {
namespace {

// The fields of /proc/<pid>/stat after the command name (which may hold
// spaces, so it is skipped up to its closing parenthesis): [0] is field 3.
std::vector<std::string> stat_fields(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string line;
  std::getline(in, line);
  std::vector<std::string> fields;
  std::size_t close = line.rfind(')');
  if (close == std::string::npos) return fields;
  std::istringstream rest(line.substr(close + 1));
  for (std::string field; rest >> field;) fields.push_back(field);
  return fields;
}

}  // namespace

double seconds_since_launcher_started() {
  std::vector<std::string> self = stat_fields("self");
  if (self.size() < 2) return -1;
  std::vector<std::string> parent = stat_fields(self[1]);  // field 4: ppid
  if (parent.size() < 20) return -1;
  const double started = std::stod(parent[19]) / static_cast<double>(::sysconf(_SC_CLK_TCK));  // field 22
  timespec now{};
  if (::clock_gettime(CLOCK_BOOTTIME, &now) != 0) return -1;
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9 - started;
}

}  // namespace mpingest
