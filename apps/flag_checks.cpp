#include "flag_checks.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace mpingest::flags {
namespace {

constexpr std::size_t kLongestWord = 40;

std::string echo(const std::string& value) {
  if (value.size() <= 20) return "'" + value + "'";
  return "'" + value.substr(0, 12) + "...' (" + std::to_string(value.size()) + " characters)";
}

std::string number_text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  std::string wanted = "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  return CLI::Validator(
      [min, max, wanted](std::string& value) -> std::string {
        bool digits = !value.empty() && value.size() <= 20 && value.find_first_not_of("0123456789") == std::string::npos;
        errno = 0;
        unsigned long long n = digits ? std::strtoull(value.c_str(), nullptr, 10) : 0;
        if (!digits || errno == ERANGE || n < min || n > max) return "must be " + wanted + ", not " + echo(value);
        return "";
      },
      wanted);
}

CLI::Validator finite_number(double min, double max) {
  std::string wanted = "a number from " + number_text(min) + " to " + number_text(max);
  return CLI::Validator(
      [min, max, wanted](std::string& value) -> std::string {
        char* end = nullptr;
        errno = 0;
        double n = value.empty() ? 0 : std::strtod(value.c_str(), &end);
        bool whole = !value.empty() && end != nullptr && *end == '\0' && errno == 0;
        if (!whole || !std::isfinite(n) || n < min || n > max) return "must be " + wanted + ", not " + echo(value);
        return "";
      },
      wanted);
}

std::string shortened(const std::string& message) {
  std::string out;
  std::size_t i = 0;
  while (i < message.size()) {
    std::size_t end = message.find_first_of(" \n", i);
    if (end == std::string::npos) end = message.size();
    std::string word = message.substr(i, end - i);
    out += word.size() > kLongestWord ? word.substr(0, 12) + "...(" + std::to_string(word.size()) + " characters)" : word;
    if (end < message.size()) out += message[end];
    i = end + 1;
  }
  return out;
}

}  // namespace mpingest::flags
