#pragma once
// `mpingest bench --python`: one run of the seed's Python
// (scripts/seed_python.py) on the bench's maildir, read as a bench sample,
// so that the tutorials' Python stands in the same table as mpingest. The
// seed runs with --keep-newlines, which gives mpingest's totals exactly.

#include <string>
#include <vector>

#include "bench/bench_matrix.h"

namespace mpingest {

struct BenchSample;

// Where the seed is looked for when the bench is not told: the source
// tree's scripts/ (MPINGEST_SOURCE_SCRIPTS), or MPINGEST_SEED_PYTHON.
std::string default_seed_python_script();

// What `python3 --version` says ("Python 3.11.2"), or "" if it cannot run.
std::string seed_python_version();

// The seed's command for `config` (a case with `python` set), doing `task`.
std::vector<std::string> seed_python_command(const std::string& script, const std::string& maildir,
                                             const std::string& task, const BenchCase& config);

// Its JSON, as a sample: wall and totals (messages, capitals, to_addresses,
// messages_without_to; or words); the rest, which the seed does not
// measure, empty.
// Throws RunError if it is not the seed's JSON.
BenchSample sample_from_seed_report(const std::string& json_text);

}  // namespace mpingest
