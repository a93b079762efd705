#pragma once
// How message bytes become characters (--encoding).

namespace mpingest {

enum class TextEncoding { latin1, utf8 };

}  // namespace mpingest
