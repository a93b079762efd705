#pragma once
// The process exit codes of `mpingest`, documented in README.md and --help.

namespace mpingest::exit_code {

constexpr int kOk = 0;               // every item processed
constexpr int kItemErrors = 1;       // finished, but some items are listed in "errors"
constexpr int kUsage = 2;            // bad flags or unusable input root
constexpr int kWorkerFailed = 3;     // workers died and their items could not be re-run; totals are partial
constexpr int kInternal = 4;         // an unexpected failure of mpingest itself
constexpr int kInterruptedBase = 128;  // + signal number: 130 for SIGINT, 143 for SIGTERM

constexpr const char* kHelpText =
    "Exit codes: 0 all items processed; 1 finished but some items are listed as errors;\n"
    "2 usage error; 3 items lost with failed workers even after --retries (totals partial);\n"
    "4 internal failure (bench: runs disagreed on the totals); 130/143 interrupted by SIGINT/SIGTERM.";

}  // namespace mpingest::exit_code
