#include "bench/bench_matrix.h"

#include <algorithm>
#include <sstream>

#include "common/system_error.h"
#include "corpus/item_reader.h"
#include "dispatch/dispatcher.h"
#include "transport/result_transport.h"
#include "launch/launcher.h"

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

std::string BenchCase::strategy() const {
  std::string s = "serial";
  if (!is_serial()) {
    s = gil ? std::string(kGilMode) : mode;
    s += " " + dispatch;
    if (batch > 0) s += "/" + std::to_string(batch);
    if (!ipc.empty()) s += " " + ipc;
  }
  if (!read.empty()) s += " " + read;
  return s;
}

std::string BenchCase::label() const {
  return is_serial() ? strategy() : strategy() + " x" + std::to_string(shards);
}

std::vector<std::string> BenchCase::flags() const {
  std::vector<std::string> f{"--mode", mode};
  if (!read.empty()) f.insert(f.end(), {"--read", read});
  if (is_serial()) return f;
  f.insert(f.end(), {"--shards", std::to_string(shards), "--dispatch", dispatch});
  if (gil) f.push_back("--gil");
  if (!ipc.empty()) f.insert(f.end(), {"--ipc", ipc});
  if (batch > 0) f.insert(f.end(), {"--batch", std::to_string(batch)});
  return f;
}

std::vector<BenchCase> expand_matrix(const BenchAxes& axes) {
  std::vector<std::string> modes = launch_mode_names();
  modes.push_back(kGilMode);
  require_known(axes.modes, modes, "modes");
  require_known(axes.dispatch, dispatch_strategy_names(), "dispatch");
  require_known(axes.ipc, transport_names(), "ipc");
  if (axes.shards.empty()) throw UsageError("bench: --shards lists nothing");
  if (axes.batch.empty()) throw UsageError("bench: --batch lists nothing");
  std::vector<std::string> reads = axes.read.empty() ? std::vector<std::string>{""} : axes.read;
  if (!axes.read.empty()) require_known(axes.read, read_method_names(), "read");

  std::vector<BenchCase> cases;
  for (const std::string& read : reads) {
    BenchCase serial{"serial"};
    serial.read = read;
    cases.push_back(serial);
  }
  for (const std::string& listed : axes.modes) {
    if (listed == "serial") continue;
    bool gil = listed == kGilMode;
    std::string mode = gil ? "threads" : listed;
    std::vector<std::string> ipcs = launch_mode_uses_ipc(mode) ? axes.ipc : std::vector<std::string>{""};
    for (const std::string& dispatch : axes.dispatch) {
      std::vector<std::size_t> batches = dispatch_needs_queue(dispatch) ? axes.batch : std::vector<std::size_t>{0};
      for (const std::string& ipc : ipcs)
        for (std::size_t batch : batches)
          for (const std::string& read : reads)
            for (int shards : axes.shards) cases.push_back(BenchCase{mode, gil, dispatch, ipc, batch, shards, read});
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
