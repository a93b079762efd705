#pragma once
// --trace: the whole run on one clock. The parent's phases, one track per
// worker (the spans it sent with its result, plus its setup and the sending
// of that result, which only the parent can time), and instants for what
// happened to workers (a failure, a timeout, a replacement) and to the run
// (a resume). timeline/ writes it as Chrome trace JSON and draws it as SVG.

#include <cstdint>
#include <string>
#include <vector>

#include "launch/launcher.h"
#include "result/trace_events.h"
#include "result/totals.h"

namespace mpingest {

struct RunConfig;

struct PhaseSpan {
  std::string name;  // "enumerate", "prepare", "launch", "work", "finish output", "journal", "merge"
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
};

struct TraceInstant {
  std::string name;    // "failure", "timeout", "replacement", "resume"
  std::int64_t ns = 0;
  int worker = -1;     // -1: the parent
  std::string detail;
  std::int64_t pid = 0;  // the worker's, when known
};

struct WorkerTrack {
  int worker = 0;
  std::int64_t pid = 0;
  std::string host;          // mpi: the rank's host
  bool replacement = false;  // started for items of workers that failed
  std::int64_t started_ns = 0;
  std::int64_t ready_ns = 0;  // its result was ready (0: it never delivered)
  std::int64_t exited_ns = 0;  // fork, spawn: the process exited (its pipe closed)
  std::vector<TraceSpan> spans;
};

struct RunTrace {
  TraceDetail detail = TraceDetail::off;
  std::int64_t parent_pid = 0;
  std::string launch;  // "fork", "threads", ...: how to label tracks
  std::string title;   // the run in a few words: "fork, queue (batch 64), 2 workers, --task capitals"
  std::int64_t start_ns = 0;  // the run began: time 0 of a timeline
  std::int64_t end_ns = 0;
  std::vector<PhaseSpan> phases;
  std::vector<TraceInstant> instants;
  std::vector<WorkerTrack> workers;  // by worker id

  bool on() const { return detail != TraceDetail::off; }
  void phase(std::string name, std::int64_t from_ns, std::int64_t to_ns) {
    if (on() && to_ns > from_ns) phases.push_back({std::move(name), from_ns, to_ns});
  }
};

// A delivered worker's track: its own spans (moved out of `shard`), with its
// setup before them and the sending of its result after, from its statistics.
WorkerTrack worker_track(ShardResult& shard, int first_replacement);

// The title of a run's timeline: launch, dispatch, workers, task.
std::string trace_title(const RunConfig& config, int workers);

// Instants for workers that failed: a timeout or a failure, at the time the parent saw it.
void add_failures(RunTrace& trace, const std::vector<WorkerFailure>& failures);

}  // namespace mpingest
