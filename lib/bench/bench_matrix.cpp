#include "bench/bench_matrix.h"

#include <algorithm>
#include <sstream>

#include "common/system_error.h"
#include "launch/mpi_launcher.h"

namespace mpingest {
namespace {

constexpr const char* kGilMode = "threads+gil";

void require_known(const std::vector<std::string>& given, std::vector<std::string> known, const std::string& axis) {
  if (given.empty()) throw UsageError("bench: --" + axis + " lists nothing");
  for (const std::string& name : given) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
      throw UsageError("bench: unknown " + axis + " '" + name + "' (expected one of " + list + ")");
    }
  }
}

}  // namespace

const char* python_way_name(PythonWay way) {
  switch (way) {
    case PythonWay::serial: return "serial";
    case PythonWay::threads: return "threads";
    case PythonWay::processes: return "processes";
    case PythonWay::pool: return "pool";
  }
  return "?";
}

std::string BenchCase::strategy() const {
  if (python) return std::string("python ") + python_way_name(*python);
  std::string s(launch_mode_name(mode));
  if (!is_serial()) {
    if (gil) s = kGilMode;
    s += " " + std::string(dispatch_strategy_name(dispatch));
    if (batch > 0) s += "/" + std::to_string(batch);
    if (ipc) s += " " + std::string(ipc_kind_name(*ipc));
  }
  if (read) s += " " + std::string(read_method_name(*read));
  return s;
}

std::string BenchCase::label() const {
  const bool one_worker = python ? *python == PythonWay::serial : is_serial();
  return one_worker ? strategy() : strategy() + " x" + std::to_string(shards);
}

std::vector<std::string> BenchCase::flags() const {
  std::vector<std::string> f{"--mode", std::string(launch_mode_name(mode))};
  if (read) f.insert(f.end(), {"--read", std::string(read_method_name(*read))});
  if (is_serial()) return f;
  // mpi: the ranks are the workers (launcher() sets their number).
  if (!launch_mode_workers_are_ranks(mode)) f.insert(f.end(), {"--shards", std::to_string(shards)});
  f.insert(f.end(), {"--dispatch", std::string(dispatch_strategy_name(dispatch))});
  if (gil) f.push_back("--gil");
  if (ipc) f.insert(f.end(), {"--ipc", std::string(ipc_kind_name(*ipc))});
  if (batch > 0) f.insert(f.end(), {"--batch", std::to_string(batch)});
  return f;
}

std::vector<std::string> BenchCase::launcher() const {
  return launch_mode_workers_are_ranks(mode) ? mpirun_command(shards).argv : std::vector<std::string>{};
}

std::vector<BenchCase> expand_matrix(const BenchAxes& axes) {
  std::vector<std::string> modes = launch_mode_names();
  modes.push_back(kGilMode);
  require_known(axes.modes, modes, "modes");
  require_known(axes.dispatch, dispatch_strategy_names(), "dispatch");
  require_known(axes.ipc, ipc_kind_names(), "ipc");
  if (axes.shards.empty()) throw UsageError("bench: --shards lists nothing");
  if (axes.batch.empty()) throw UsageError("bench: --batch lists nothing");
  if (!axes.read.empty()) require_known(axes.read, read_method_names(), "read");
  std::vector<std::optional<ReadMethod>> reads;
  for (const std::string& read : axes.read) reads.push_back(parse_read_method(read));
  if (reads.empty()) reads.emplace_back();
  std::vector<std::optional<IpcKind>> transports;
  for (const std::string& ipc : axes.ipc) transports.push_back(parse_ipc_kind(ipc));

  std::vector<BenchCase> cases;
  for (const std::optional<ReadMethod>& read : reads) {
    BenchCase serial;
    serial.read = read;
    cases.push_back(serial);
  }
  for (const std::string& listed : axes.modes) {
    const bool gil = listed == kGilMode;
    const LaunchMode mode = gil ? LaunchMode::threads : parse_launch_mode(listed);
    if (launch_mode_has_one_worker(mode)) continue;  // the baseline, already there
    const std::vector<std::optional<IpcKind>> ipcs =
        launch_mode_uses_ipc(mode) ? transports : std::vector<std::optional<IpcKind>>{std::nullopt};
    for (const std::string& listed_dispatch : axes.dispatch) {
      const DispatchStrategy dispatch = parse_dispatch_strategy(listed_dispatch);
      std::vector<std::size_t> batches = dispatch_uses_batches(dispatch) ? axes.batch : std::vector<std::size_t>{0};
      for (const std::optional<IpcKind>& ipc : ipcs)
        for (std::size_t batch : batches)
          for (const std::optional<ReadMethod>& read : reads)
            for (int shards : axes.shards) cases.push_back(BenchCase{mode, gil, dispatch, ipc, batch, shards, read});
    }
  }
  if (axes.python) {
    BenchCase loop;
    loop.python = PythonWay::serial;
    cases.push_back(loop);
    for (PythonWay way : {PythonWay::threads, PythonWay::processes, PythonWay::pool})
      for (int shards : axes.shards) {
        BenchCase c;
        c.python = way;
        c.shards = shards;
        cases.push_back(c);
      }
  }
  return cases;
}

std::vector<std::string> parse_name_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::vector<int> parse_int_list(const std::string& text, const std::string& what) {
  std::vector<int> out;
  for (const std::string& item : parse_name_list(text)) {
    std::size_t used = 0;
    int value = 0;
    try {
      value = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size() || value < 1) throw UsageError("bench: " + what + " must be positive integers, got '" + item + "'");
    out.push_back(value);
  }
  return out;
}

}  // namespace mpingest
