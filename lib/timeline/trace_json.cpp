#include "timeline/trace_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>

#include "common/system_error.h"
#include "timeline/trace_origin.h"

namespace mpingest {
namespace {

using nlohmann::json;

const char* category(TraceKind kind) {
  switch (kind) {
    case TraceKind::items: return "items";
    case TraceKind::read: case TraceKind::read_batch: return "read";
    case TraceKind::work: return "work";
    case TraceKind::gil_wait: case TraceKind::claim: return "wait";
    case TraceKind::checkpoint: case TraceKind::send_result: return "ipc";
    case TraceKind::setup: return "setup";
  }
  return "other";
}

// A JSON string: names and details may hold any text (a host, an error).
std::string quoted(const std::string& text) { return json(text).dump(-1, ' ', false, json::error_handler_t::replace); }

// Where a worker's events go: its own process (fork, spawn) or a thread of the run's.
struct Track {
  std::int64_t pid = 0;
  std::int64_t tid = 0;
};

// Writes the events as text, one per line: a trace has a few events per 64
// items, and building a JSON object for each would cost more than the run's
// tracing itself (70 ms for 100,000 items, against 3 ms this way).
class TraceWriter {
 public:
  explicit TraceWriter(const RunTrace& trace)
      : trace_(trace), origin_(trace_origin_ns(trace)), own_processes_(trace.launch == "fork" || trace.launch == "spawn") {}

  std::string write() {
    out_ = "{\"traceEvents\":[\n";
    meta(trace_.parent_pid, 0, "parent (pid " + std::to_string(trace_.parent_pid) + ", " + trace_.launch + ")", 0);
    for (const PhaseSpan& phase : trace_.phases) {
      event_start();
      fmt::format_to(std::back_inserter(out_), R"("name":{},"cat":"phase","ph":"X","ts":{:.3f},"dur":{:.3f},"pid":{},"tid":0}})",
                     quoted(phase.name), us(phase.start_ns), duration_us(phase.start_ns, phase.end_ns), trace_.parent_pid);
    }
    for (const WorkerTrack& worker : trace_.workers) add_worker(worker);
    for (const TraceInstant& instant : trace_.instants) {
      Track where = instant.worker < 0 ? Track{trace_.parent_pid, 0} : track_of(instant.worker, instant.pid);
      if (instant.worker >= 0 && !has_track(instant.worker))
        meta(where.pid, where.tid, worker_name(instant.worker, instant.pid, "") + ", failed", instant.worker + 1);
      instant_event(instant.name, instant.ns, where, R"({"detail":)" + quoted(instant.detail) + "}");
    }
    json about = {{"tool", "mpingest"},
                  {"title", trace_.title},
                  {"parent_pid", trace_.parent_pid},
                  {"launch", trace_.launch},
                  {"detail", trace_.detail == TraceDetail::items ? "items" : "batches"},
                  {"clock", "CLOCK_MONOTONIC of the parent's host; mpi ranks on other hosts shifted by a barrier-timed offset"},
                  {"origin_ns", origin_},
                  {"run_start_us", us(trace_.start_ns)},
                  {"run_end_us", us(trace_.end_ns)}};
    out_ += "\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":";
    out_ += about.dump(-1, ' ', false, json::error_handler_t::replace);
    out_ += "}\n";
    return std::move(out_);
  }

 private:
  double us(std::int64_t ns) const { return static_cast<double>(ns - origin_) / 1e3; }
  static double duration_us(std::int64_t from, std::int64_t to) { return static_cast<double>(to - from) / 1e3; }
  static double ms(std::int64_t ns) { return static_cast<double>(ns) / 1e6; }

  void event_start() {
    if (!first_) out_ += ",\n";
    first_ = false;
    out_ += '{';
  }

  bool has_track(int worker) const {
    return std::any_of(trace_.workers.begin(), trace_.workers.end(), [worker](const WorkerTrack& t) { return t.worker == worker; });
  }

  Track track_of(int worker, std::int64_t pid) const {
    if (own_processes_ && pid > 0) return {pid, worker + 1};
    return {trace_.parent_pid, worker + 1};
  }

  std::string worker_name(int worker, std::int64_t pid, const std::string& host) const {
    std::string name = (trace_.launch == "mpi" ? "rank " : "worker ") + std::to_string(worker);
    if (!host.empty()) name += " on " + host;
    if (pid > 0) name += " (pid " + std::to_string(pid) + ")";
    return name;
  }

  void metadata(const char* what, std::int64_t pid, std::int64_t tid, const std::string& args) {
    event_start();
    fmt::format_to(std::back_inserter(out_), R"("name":"{}","ph":"M","pid":{},"tid":{},"args":{}}})", what, pid, tid, args);
  }

  void meta(std::int64_t pid, std::int64_t tid, const std::string& name, int sort) {
    if (tid == 0 || own_processes_) {
      metadata("process_name", pid, tid, R"({"name":)" + quoted(tid == 0 ? "mpingest" : name) + "}");
      metadata("process_sort_index", pid, tid, R"({"sort_index":)" + std::to_string(sort) + "}");
    }
    metadata("thread_name", pid, tid, R"({"name":)" + quoted(name) + "}");
    metadata("thread_sort_index", pid, tid, R"({"sort_index":)" + std::to_string(sort) + "}");
  }

  void instant_event(const std::string& name, std::int64_t ns, Track where, const std::string& args) {
    event_start();
    fmt::format_to(std::back_inserter(out_), R"("name":{},"cat":"event","ph":"i","s":"t","ts":{:.3f},"pid":{},"tid":{},"args":{}}})",
                   quoted(name), us(ns), where.pid, where.tid, args);
  }

  void add_worker(const WorkerTrack& worker) {
    const Track where = track_of(worker.worker, worker.pid);
    std::string name = worker_name(worker.worker, worker.pid, worker.host);
    if (worker.replacement) name += ", replacement";
    meta(where.pid, where.tid, name, worker.worker + 1);
    std::string about = fmt::format(R"({{"worker":{},"pid":{},"replacement":{})", worker.worker, worker.pid,
                                    worker.replacement ? "true" : "false");
    if (!worker.host.empty()) about += R"(,"host":)" + quoted(worker.host);
    instant_event("start", worker.started_ns, where, about + "}");
    for (const TraceSpan& s : worker.spans) {
      event_start();
      fmt::format_to(std::back_inserter(out_), R"("name":"{}","cat":"{}","ph":"X","ts":{:.3f},"dur":{:.3f},"pid":{},"tid":{},"args":{{)",
                     trace_kind_name(s.kind), category(s.kind), us(s.start_ns), duration_us(s.start_ns, s.end_ns), where.pid,
                     where.tid);
      const char* comma = "";
      if (s.items > 0) {
        fmt::format_to(std::back_inserter(out_), R"("{}":{})", s.kind == TraceKind::claim ? "batches" : "items", s.items);
        comma = ",";
      }
      if (s.bytes > 0) {
        fmt::format_to(std::back_inserter(out_), R"({}"bytes":{})", comma, s.bytes);
        comma = ",";
      }
      if (s.kind == TraceKind::items) {
        fmt::format_to(std::back_inserter(out_), R"({}"read_ms":{:.6f},"work_ms":{:.6f})", comma, ms(s.read_ns), ms(s.busy_ns));
        if (s.wait_ns > 0) fmt::format_to(std::back_inserter(out_), R"(,"wait_ms":{:.6f})", ms(s.wait_ns));
      }
      out_ += "}}";
    }
    if (worker.ready_ns > 0) instant_event("result ready", worker.ready_ns, where, "{}");
    if (worker.exited_ns > 0) instant_event("exit", worker.exited_ns, where, "{}");
  }

  const RunTrace& trace_;
  std::int64_t origin_;
  bool own_processes_;
  std::string out_;
  bool first_ = true;
};

}  // namespace

const char* trace_kind_name(TraceKind kind) {
  switch (kind) {
    case TraceKind::items: return "items";
    case TraceKind::read: return "read";
    case TraceKind::gil_wait: return "GIL wait";
    case TraceKind::work: return "parse+count";
    case TraceKind::claim: return "claim";
    case TraceKind::read_batch: return "io_uring read";
    case TraceKind::checkpoint: return "checkpoint";
    case TraceKind::setup: return "setup";
    case TraceKind::send_result: return "send result";
  }
  return "?";
}

std::string render_trace_json(const RunTrace& trace) { return TraceWriter(trace).write(); }

namespace {

TraceKind kind_named(const std::string& name) {
  for (TraceKind kind : {TraceKind::items, TraceKind::read, TraceKind::gil_wait, TraceKind::work, TraceKind::claim,
                         TraceKind::read_batch, TraceKind::checkpoint, TraceKind::setup, TraceKind::send_result})
    if (name == trace_kind_name(kind)) return kind;
  throw UsageError("a span named '" + name + "' is not one mpingest writes");
}

std::int64_t ns_of_ms(const json& args, const char* key) {
  return static_cast<std::int64_t>(std::llround(args.value(key, 0.0) * 1e6));
}

}  // namespace

RunTrace trace_from_json(const json& doc) {
  if (!doc.is_object() || !doc.contains("traceEvents") || !doc.contains("otherData") ||
      doc["otherData"].value("tool", "") != "mpingest")
    throw UsageError("not a trace written by mpingest --trace (no traceEvents, or no otherData.tool \"mpingest\")");
  const json& about = doc["otherData"];
  RunTrace trace;
  trace.detail = about.value("detail", "batches") == "items" ? TraceDetail::items : TraceDetail::batches;
  trace.launch = about.value("launch", "");
  trace.title = about.value("title", trace.launch);
  trace.parent_pid = about.value("parent_pid", std::int64_t{0});
  const auto origin = about.value("origin_ns", std::int64_t{0});
  auto ns = [origin](double us) { return origin + static_cast<std::int64_t>(std::llround(us * 1e3)); };
  trace.start_ns = ns(about.value("run_start_us", 0.0));
  trace.end_ns = ns(about.value("run_end_us", 0.0));
  std::map<int, WorkerTrack> workers;
  for (const json& e : doc["traceEvents"]) {
    const std::string ph = e.value("ph", "");
    const std::string name = e.value("name", "");
    const int tid = e.value("tid", 0);
    const json args = e.value("args", json::object());
    if (ph == "X" && e.value("cat", "") == "phase") {
      trace.phases.push_back({name, ns(e.value("ts", 0.0)), ns(e.value("ts", 0.0) + e.value("dur", 0.0))});
    } else if (ph == "X" && tid > 0) {
      TraceSpan span{kind_named(name), ns(e.value("ts", 0.0)), ns(e.value("ts", 0.0) + e.value("dur", 0.0))};
      span.items = args.value(span.kind == TraceKind::claim ? "batches" : "items", std::uint64_t{0});
      span.bytes = args.value("bytes", std::uint64_t{0});
      span.read_ns = ns_of_ms(args, "read_ms");
      span.busy_ns = ns_of_ms(args, "work_ms");
      span.wait_ns = ns_of_ms(args, "wait_ms");
      WorkerTrack& track = workers[tid - 1];
      track.worker = tid - 1;
      track.spans.push_back(span);
    } else if (ph == "i" && name == "start" && tid > 0) {
      WorkerTrack& track = workers[tid - 1];
      track.worker = tid - 1;
      track.started_ns = ns(e.value("ts", 0.0));
      track.pid = args.value("pid", std::int64_t{0});
      track.host = args.value("host", "");
      track.replacement = args.value("replacement", false);
    } else if (ph == "i" && name == "result ready" && tid > 0) {
      workers[tid - 1].ready_ns = ns(e.value("ts", 0.0));
    } else if (ph == "i" && name == "exit" && tid > 0) {
      workers[tid - 1].exited_ns = ns(e.value("ts", 0.0));
    } else if (ph == "i") {
      trace.instants.push_back({name, ns(e.value("ts", 0.0)), tid - 1, args.value("detail", ""), e.value("pid", std::int64_t{0})});
    }
  }
  for (auto& [id, track] : workers) {
    if (track.started_ns == 0 && track.spans.empty()) continue;  // only a failure's instant: no track of its own
    std::sort(track.spans.begin(), track.spans.end(), [](const TraceSpan& a, const TraceSpan& b) { return a.start_ns < b.start_ns; });
    trace.workers.push_back(std::move(track));
  }
  return trace;
}

}  // namespace mpingest
