#include "report/report.h"
#include "report/time_breakdown.h"
#include "text/json_name.h"
#include "text/utf8.h"

namespace mpingest {

const char* encoding_name(TextEncoding encoding) {
  return encoding == TextEncoding::latin1 ? "latin-1" : "utf-8";
}

namespace {

nlohmann::json reported_error(const ReportedError& e) {
  nlohmann::json entry;
  put_name(entry, "item", e.path);
  entry["reason"] = e.reason;
  return entry;
}

nlohmann::json time_breakdown_to_json(const RunReport& r) {
  using nlohmann::json;
  TimeBreakdown b = time_breakdown(r);
  json phases = json::object();
  for (const PhaseShare& p : b.phases) phases[p.name] = {{"s", p.seconds}, {"share", p.share}};
  json imbalance = nullptr;
  if (b.imbalance) {
    auto extreme = [](const WorkerExtreme& w) {
      return json{{"worker", w.worker}, {"items", w.items}, {"total_s", w.total_s}, {"on_cpu", w.on_cpu}};
    };
    imbalance = {{"slowest", extreme(b.imbalance->slowest)},
                 {"fastest", extreme(b.imbalance->fastest)},
                 {"ratio", b.imbalance->ratio},
                 {"tail_s", b.imbalance->tail_s}};
  }
  return {{"wall_s", b.wall_s},
          {"phases", std::move(phases)},
          {"imbalance", std::move(imbalance)},
          {"parent_max_rss_kb", r.parent_max_rss_kb},
          {"cpu_s", b.cpu_s},
          {"busy_cores", b.busy_cores},
          {"workers_on_cpu", b.workers_on_cpu ? json(*b.workers_on_cpu) : json(nullptr)},
          {"cores", b.cores},
          {"disk_read_bytes", b.disk_read_bytes},
          {"cold_page_cache", b.cold},
          {"summary", b.summary}};
}

}  // namespace

nlohmann::json report_to_json(const RunReport& r) {
  using nlohmann::json;
  const Totals& t = r.totals;
  json doc;
  doc["config"] = {
      {"input_format", corpus_format_name(r.format)},
      {"mode", launch_mode_name(r.config.mode)},
      {"shards", r.config.shards},
      {"shards_requested", r.shards_requested},
      {"dispatch", dispatch_strategy_name(r.config.dispatch)},
      {"batch", dispatch_uses_batches(r.config.dispatch) ? json(r.config.batch) : json(nullptr)},
      {"ipc", launch_mode_uses_ipc(r.config.mode) ? json(ipc_kind_name(r.config.ipc)) : json(nullptr)},
      {"gil", r.config.gil},
      {"retries", r.config.retries},
      {"timeout_s", r.config.timeout_s},
      {"encoding", encoding_name(r.config.processing.encoding)},
      {"follow_symlinks", r.config.follow_symlinks},
      {"max_bytes", r.config.processing.max_bytes},
      {"read", read_method_name(r.config.processing.read_method)},
  };
  put_name(doc["config"], "input", r.config.input);
  doc["totals"] = {
      {"items", t.items},
      {"messages", t.messages},
      {"bytes", t.bytes},
      {"errors", t.errors},
  };
  for (const auto& [name, value] : r.task_report.totals) doc["totals"][name] = value;
  if (!r.config.emit.empty()) {
    doc["records"] = {{"ordered", !r.config.unordered},
                      {"written", r.records.written},
                      {"peak_reorder_bytes", r.records.peak_reorder_bytes},
                      {"reorder_buffer_bytes", r.config.reorder_buffer_bytes}};
    put_name(doc["records"], "emit", r.config.emit);
  }
  if (const JournalStats& j = r.journal; !j.path.empty()) {
    doc["journal"] = {{"entries_written", j.entries_written},
                      {"resumed_entries", j.resumed_entries},
                      {"resumed_items", j.resumed_items},
                      {"resumed_records", j.resumed_records},
                      {"resumed_output_bytes", j.resumed_output_bytes},
                      {"record_bytes_written", j.record_bytes_written},
                      {"dropped_bytes", j.dropped_bytes},
                      {"dropped_why", j.dropped_why.empty() ? json(nullptr) : json(j.dropped_why)}};
    put_name(doc["journal"], "path", j.path);
  }
  for (const auto& [key, value] : r.task_report.json.items()) doc[key] = value;
  json workers = json::array();
  for (const WorkerStats& w : r.workers) {
    workers.push_back({{"id", w.worker},
                       {"pid", w.pid},
                       {"items", w.items},
                       {"bytes", w.bytes},
                       {"busy_s", w.busy_s},
                       {"read_s", w.read_s},
                       {"wait_s", w.wait_s},
                       {"total_s", w.total_s},
                       {"cpu_s", w.cpu_s},
                       {"claims", w.claims},
                       {"batched_reads", w.batched_reads},
                       {"setup_s", w.setup_s},
                       {"host", w.host.empty() ? json(nullptr) : json(w.host)},
                       {"job_bytes", w.job_bytes},
                       {"ipc_bytes", w.ipc_bytes},
                       {"ipc_s", w.ipc_s},
                       {"send_s", w.send_s},
                       {"max_rss_kb", w.max_rss_kb},
                       {"private_kb", w.private_kb}});
  }
  doc["workers"] = std::move(workers);
  doc["timing"] = {{"wall_s", r.timing.wall_s},     {"enumerate_s", r.timing.enumerate_s},
                   {"enumerate_threads", r.timing.enumerate_threads},
                   {"launch_s", r.timing.launch_s}, {"work_s", r.timing.work_s},
                   {"merge_s", r.timing.merge_s},   {"parent_max_rss_kb", r.parent_max_rss_kb},
                   {"cpu_s", r.usage.cpu_s},        {"disk_read_bytes", r.usage.disk_read_bytes},
                   {"mpi_startup_s", r.mpi_startup_s() ? json(*r.mpi_startup_s()) : json(nullptr)}};
  doc["reads"] = {{"batched", r.batched_reads()},
                  {"io_uring_unavailable", r.io_uring_unavailable.empty() ? json(nullptr) : json(r.io_uring_unavailable)}};
  doc["time_breakdown"] = time_breakdown_to_json(r);
  json errors = json::array();
  for (const ReportedError& e : r.errors) errors.push_back(reported_error(e));
  doc["errors"] = std::move(errors);
  json failures = json::array();
  for (const WorkerFailure& f : r.failures) {
    failures.push_back({{"worker", f.worker},
                        {"pid", f.pid},
                        {"what", f.what},
                        {"suspect_item", f.suspect_item}, 
                        {"lost_items", f.lost_items},
                        {"recovered", f.recovered}});
  }
  doc["failures"] = std::move(failures);
  json unprocessed = json::array();
  for (const ReportedError& e : r.unprocessed) unprocessed.push_back(reported_error(e));
  doc["unprocessed"] = std::move(unprocessed);
  return doc;
}

std::string render_json_report(const RunReport& report) {
  return report_to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace mpingest
