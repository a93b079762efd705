#pragma once
// Number formatting shared by the text report and the progress line.

#include <cstdint>
#include <string>

namespace mpingest {

// 1234567 -> "1,234,567"
std::string grouped(std::uint64_t value);

}  // namespace mpingest
