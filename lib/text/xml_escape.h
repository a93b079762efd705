#pragma once
// Text inside SVG (or any XML): the five characters that would end it.

#include <string>
#include <string_view>

namespace mpingest {

std::string xml_escape(std::string_view text);

}  // namespace mpingest
