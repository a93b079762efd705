#include "common/system_error.h"

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

}  // namespace mpingest
