#pragma once
// The process exit codes of `mpingest`, documented in README.md,
// docs/reliability.md and --help.

namespace mpingest::exit_code {

constexpr int kOk = 0;               // every item processed
constexpr int kItemErrors = 1;       // finished, but some items are listed in "errors"
constexpr int kUsage = 2;            // bad flags or unusable input root
constexpr int kWorkerFailed = 3;     // workers died and their items could not be re-run; totals are partial (ipc: a message lost)
constexpr int kInternal = 4;         // an unexpected failure of mpingest itself
constexpr int kResource = 5;         // a resource ran out, or an output could not be written (the message says which)
constexpr int kInterruptedBase = 128;  // + signal number: 129 SIGHUP, 130 SIGINT, 131 SIGQUIT, 143 SIGTERM
constexpr int kOutputClosed = 141;     // the reader of stdout went away (as a death by SIGPIPE would say)

constexpr const char* kHelpText =
    "Exit codes: 0 all items processed; 1 finished but some items are listed as errors;\n"
    "2 usage error; 3 items lost with failed workers even after --retries (totals partial;\n"
    "ipc: a message lost or altered, or a worker died);\n"
    "4 internal failure (bench: runs disagreed on the totals); 5 out of a resource (descriptors,\n"
    "processes, threads, memory, /dev/shm or disk space) or an output could not be written;\n"
    "128+N stopped by signal N (129 SIGHUP, 130 SIGINT, 131 SIGQUIT, 143 SIGTERM);\n"
    "141 the reader of stdout closed the pipe.";

}  // namespace mpingest::exit_code
