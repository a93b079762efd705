#pragma once
// Validators for numeric flags, stricter than CLI11's: CLI11 read "-1" for
// an unsigned count as 2^64-1 (`gen --messages -1` then filled the disk),
// took "nan" as a timeout, and echoed a 300-digit maximum in its message.
// Each says in words what it wants, with a short echo of what it got.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace mpingest::flags {

// Decimal digits only (no sign, no exponent), from `min` to `max`.
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max);

// A finite decimal number (no nan, no inf), from `min` to `max`.
CLI::Validator finite_number(double min, double max);

// A parse error's message made fit for a terminal: any word longer than 40
// characters (a 300-digit number) is cut, saying how long it was.
std::string shortened(const std::string& message);

}  // namespace mpingest::flags
