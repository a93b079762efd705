#include "common/system_error.h"

#include <cerrno>
#include <cstring>

namespace mpingest {

std::string errno_text(int err) {
  char buffer[256];
  // GNU strerror_r may return a static string instead of filling buffer.
  return ::strerror_r(err, buffer, sizeof buffer);
}

RunError system_error(const std::string& context, int err) {
  return RunError(context + ": " + errno_text(err));
}

bool is_resource_errno(int err) {
  switch (err) {
    case EMFILE: case ENFILE: case ENOMEM: case EAGAIN: case ENOSPC: case EDQUOT: case EFBIG: return true;
    default: return false;
  }
}

void throw_path_error(const std::string& context, int err) {
  if (is_resource_errno(err)) throw ResourceError(context + ": " + errno_text(err));
  throw UsageError(context + ": " + errno_text(err));
}

void throw_system_error(const std::string& context, int err) {
  if (is_resource_errno(err)) throw ResourceError(context + ": " + errno_text(err));
  throw system_error(context, err);
}

}  // namespace mpingest
