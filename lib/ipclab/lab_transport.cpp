#include "ipclab/lab_transport.h"

#include "common/system_error.h"
#include "ipclab/lab_transports.h"

namespace mpingest {
namespace {

struct Entry {
  const char* name;
  std::unique_ptr<LabTransport> (*make)(int workers, std::size_t message_size);
};

// Raw first, then mpingest's own path over the same kind of channel.
constexpr Entry kTransports[] = {
    {"pipe-raw", make_pipe_raw_transport},
    {"pipe", make_framed_pipe_transport},
    {"unix", make_unix_transport},
    {"shm-raw", make_shm_raw_transport},
    {"shm", make_record_ring_transport},
};

}  // namespace

const std::vector<std::string>& lab_transport_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const Entry& e : kTransports) all.emplace_back(e.name);
    return all;
  }();
  return names;
}

void require_lab_transport(std::string_view name) {
  for (const Entry& e : kTransports)
    if (name == e.name) return;
  std::string known;
  for (const std::string& n : lab_transport_names()) known += (known.empty() ? "" : ", ") + n;
  throw UsageError("unknown transport '" + std::string(name) + "' (known: " + known + ")");
}

std::unique_ptr<LabTransport> make_lab_transport(std::string_view name, int workers, std::size_t message_size) {
  for (const Entry& e : kTransports)
    if (name == e.name) return e.make(workers, message_size);
  require_lab_transport(name);  // throws
  return nullptr;
}

}  // namespace mpingest
