#pragma once
// --trace FILE.json: a RunTrace in the Chrome Trace Event Format, the JSON
// that Perfetto UI (ui.perfetto.dev) and chrome://tracing open. Times are
// microseconds from the run's first moment. The parent is one track; each
// worker is a track of its own: a process per worker for fork and spawn
// (pid = the worker's), a thread of the run's process for threads, serial
// and mpi (ranks on other hosts may share pids).

#include <string>

#include <nlohmann/json.hpp>

#include "run/run_trace.h"

namespace mpingest {

// The JSON text, one event per line.
std::string render_trace_json(const RunTrace& trace);

// The trace back from its JSON (mpingest timeline draws several runs on one
// axis). Throws UsageError for a document that is not one --trace wrote.
RunTrace trace_from_json(const nlohmann::json& doc);

// What a trace span is called on its track ("items", "read", "GIL wait", ...).
const char* trace_kind_name(TraceKind kind);

}  // namespace mpingest
