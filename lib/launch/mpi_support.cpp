// --mode mpi in every program: forwards to the support mpingest-mpi
// installs, or says how to get it.
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <optional>

#include "common/system_error.h"
#include "launch/mpi_launcher.h"

namespace mpingest {
namespace {

std::optional<MpiSupport>& installed() {
  static std::optional<MpiSupport> support;
  return support;
}

[[noreturn]] void unavailable() {
  throw UsageError(
      "--mode mpi runs in mpingest-mpi, which this program cannot start (build mpingest with Boost.MPI: "
      "scripts/install-deps.sh installs libboost-mpi-dev and openmpi-bin)");
}

const MpiSupport& support() {
  if (!installed()) unavailable();
  return *installed();
}

}  // namespace

void install_mpi_support(const MpiSupport& support) { installed() = support; }
bool has_mpi_support() { return installed().has_value(); }

MpiPlace mpi_place() { return support().place(); }
std::unique_ptr<Launcher> make_mpi_launcher() { return support().make_launcher(); }
int serve_mpi_rank(const JobSpec& spec, const std::string& listing_error, bool report_progress) {
  return support().serve(spec, listing_error, report_progress);
}
void abort_mpi_job(int code) {
  if (installed()) installed()->abort(code);
}

void exec_mpi_program(char** argv) {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path program = self.parent_path() / "mpingest-mpi";
  if (ec || ::access(program.c_str(), X_OK) != 0) unavailable();
  ::execv(program.c_str(), argv);
  throw RunError("--mode mpi: cannot start " + program.string() + ": " + errno_text(errno));
}

}  // namespace mpingest
