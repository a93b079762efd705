#include <fmt/format.h>

#include <algorithm>

#include "corpus/uring_batch_reader.h"
#include "text/number_format.h"
#include "report/report.h"
#include "report/time_breakdown.h"
#include "text/display_text.h"
#include "text/utf8.h"

namespace mpingest {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

void append_totals(std::string& out, const Totals& t, const TaskReport& task) {
  auto row = [&out](const std::string& name, std::uint64_t value) {
    out += fmt::format("  {:<22}{:>16}\n", name, grouped(value));
  };
  out += "totals\n";
  row("items", t.items);
  row("messages", t.messages);
  row("bytes", t.bytes);
  for (const auto& [name, value] : task.totals) row(name, value);
  row("errors", t.errors);
  if (!task.totals_note.empty()) out += "  " + task.totals_note + "\n";
}

void append_timing(std::string& out, const RunReport& r) {
  const PhaseTimes& p = r.timing;
  out += fmt::format("\ntime     wall {:.3f} s = enumerate {:.3f}{} + launch {:.3f} + work {:.3f} + merge {:.3f}\n",
                     p.wall_s, p.enumerate_s,
                     p.enumerate_threads > 1 ? fmt::format(" ({} threads)", p.enumerate_threads) : "",
                     p.launch_s, p.work_s, p.merge_s);
  double wall = std::max(p.wall_s, 1e-9);
  if (std::optional<double> startup = r.mpi_startup_s()) {
    out += fmt::format("mpi      start-up {:.3f} s: from mpirun (or orted) starting to the last rank's first item "
                       "(MPI_Init, listing, agreeing on the input)\n", *startup);
  }
  out += fmt::format("rate     {} messages/s, {:.1f} MiB/s\n",
                     grouped(static_cast<std::uint64_t>(static_cast<double>(r.totals.messages) / wall)),
                     static_cast<double>(r.totals.bytes) / kMiB / wall);
  if (r.format != CorpusFormat::maildir) return;
  if (std::uint64_t batched = r.batched_reads(); batched > 0) {
    out += fmt::format("read     {} of {} files in io_uring batches (one system call per {}); the rest one by one\n",
                       grouped(batched), grouped(r.totals.items), UringBatchReader::kSlots);
  } else {
    out += "read     one file at a time with open/read/close";
    if (!r.io_uring_unavailable.empty()) out += " (" + r.io_uring_unavailable + ")";
    out += "\n";
  }
}

void append_workers(std::string& out, const RunReport& r) {
  bool queue = dispatch_uses_batches(r.config.dispatch);
  bool spawn = std::any_of(r.workers.begin(), r.workers.end(), [](const WorkerStats& w) { return w.job_bytes > 0; });
  bool processes = launch_mode_uses_ipc(r.config.mode);
  bool ranks = launch_mode_workers_are_ranks(r.config.mode);
  out += fmt::format("\n{:>6} {:>8} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}", ranks ? "rank" : "worker", "pid",
                     "items", "MiB", "read_s", "busy_s", "wait_s", "total_s", "cpu_s");
  if (queue) out += fmt::format(" {:>8}", "claims");
  if (spawn) out += fmt::format(" {:>11} {:>8}", "job_bytes", "setup_s");
  if (ranks) out += fmt::format(" {:>9}", "start_s");
  out += fmt::format(" {:>10} {:>8}", "ipc_bytes", "ipc_s");
  if (processes) out += fmt::format(" {:>8}", "send_s");
  out += fmt::format(" {:>8}", "rss_MiB");
  if (processes) out += fmt::format(" {:>9}", "priv_MiB");
  if (ranks) out += "  host";
  out += "\n";
  for (const WorkerStats& w : r.workers) {
    out += fmt::format("{:>6} {:>8} {:>9} {:>8.1f} {:>8.3f} {:>8.3f} {:>8.3f} {:>8.3f} {:>8.3f}", w.worker, w.pid,
                       grouped(w.items), static_cast<double>(w.bytes) / kMiB, w.read_s, w.busy_s, w.wait_s,
                       w.total_s, w.cpu_s);
    if (queue) out += fmt::format(" {:>8}", grouped(w.claims));
    if (spawn) out += fmt::format(" {:>11} {:>8.3f}", grouped(w.job_bytes), w.setup_s);
    if (ranks) out += fmt::format(" {:>9.3f}", w.setup_s);
    out += fmt::format(" {:>10} {:>8.4f}", grouped(w.ipc_bytes), w.ipc_s);
    if (processes) out += fmt::format(" {:>8.4f}", w.send_s);
    out += fmt::format(" {:>8.1f}", static_cast<double>(w.max_rss_kb) / 1024.0);
    if (processes) out += fmt::format(" {:>9.1f}", static_cast<double>(w.private_kb) / 1024.0);
    if (ranks) out += "  " + printable(w.host);
    out += "\n";
  }
}

void append_time_breakdown(std::string& out, const RunReport& r) {
  TimeBreakdown b = time_breakdown(r);
  out += fmt::format("\nwhere the time went (wall {:.3f} s)\n", b.wall_s);
  for (const PhaseShare& p : b.phases)
    out += fmt::format("  {:<10}{:>9.3f} s {:>6.1f}%\n", p.name == "ipc" ? "IPC" : p.name, p.seconds, p.share * 100);
  if (b.imbalance) {
    const Imbalance& im = *b.imbalance;
    auto row = [&out](const char* what, const WorkerExtreme& w) {
      out += fmt::format("  {:<8}worker {} ({} items) {:.3f} s, on a CPU {:.0f}% of it\n", what, w.worker,
                         grouped(w.items), w.total_s, w.on_cpu * 100);
    };
    row("slowest", im.slowest);
    row("fastest", im.fastest);
    out += fmt::format("  imbalance {:.2f}x (slowest / fastest total_s)\n", im.ratio);
  }
  out += fmt::format("  parent max RSS {:.1f} MiB\n", static_cast<double>(r.parent_max_rss_kb) / 1024.0);
  out += fmt::format("  CPU {:.3f} s in {:.3f} s of wall: {:.2f} of {} core{} busy on average\n", b.cpu_s, b.wall_s,
                     b.busy_cores, b.cores, b.cores == 1 ? "" : "s");
  if (b.workers_on_cpu)
    out += fmt::format("  workers on a CPU {:.0f}% of their time; the rest they waited: for the disk, a lock or a free core\n",
                       *b.workers_on_cpu * 100);
  // Files are fetched in whole pages, directories too: a cold run reads more
  // from disk than the input holds.
  double input_mib = static_cast<double>(r.totals.bytes) / kMiB;
  double disk_mib = static_cast<double>(b.disk_read_bytes) / kMiB;
  if (b.disk_read_bytes == 0) {
    out += fmt::format("  from disk nothing: all {:.1f} MiB of input came from the page cache\n", input_mib);
  } else if (b.cold) {
    out += fmt::format("  from disk {:.1f} MiB for {:.1f} MiB of input: a cold page cache\n", disk_mib, input_mib);
  } else {
    out += fmt::format("  from disk {:.1f} MiB; the rest of the {:.1f} MiB of input came from the page cache\n",
                       disk_mib, input_mib);
  }
  out += "  " + b.summary + "\n";
}

void append_errors(std::string& out, const RunReport& r, std::size_t limit) {
  if (r.errors.empty()) return;
  std::size_t shown = std::min(limit, r.errors.size());
  out += fmt::format("\nerrors ({} item{}", r.errors.size(), r.errors.size() == 1 ? "" : "s");
  out += shown < r.errors.size() ? fmt::format(", first {}; --format json lists all):\n", shown) : "):\n";
  for (std::size_t i = 0; i < shown; ++i) out += fmt::format("  {}: {}\n", printable(r.errors[i].path), printable(r.errors[i].reason));
}

}  // namespace

std::string render_text_report(const RunReport& r, const TextReportOptions& options) {
  std::string out;
  const RunConfig& c = r.config;
  const char* unit = launch_mode_workers_are_ranks(c.mode) ? "rank" : "shard";
  out += fmt::format("mpingest  mode {}{}, {} {}{}, dispatch {}", launch_mode_name(c.mode), c.gil ? " (gil)" : "",
                     c.shards, unit, c.shards == 1 ? "" : "s", dispatch_strategy_name(c.dispatch));
  if (r.shards_requested > c.shards && !launch_mode_has_one_worker(c.mode))
    out += fmt::format(" (of {} asked: never more than items)", r.shards_requested);
  if (dispatch_uses_batches(c.dispatch)) out += fmt::format(" (batch {})", c.batch);
  if (launch_mode_uses_ipc(c.mode)) out += fmt::format(", ipc {}", ipc_kind_name(c.ipc));
  out += fmt::format(", encoding {}\ninput     {} ({})\n\n", encoding_name(c.processing.encoding), printable(c.input),
                     corpus_format_name(r.format));
  append_totals(out, r.totals, r.task_report);
  append_timing(out, r);
  append_workers(out, r);
  out += r.task_report.text;
  if (!c.emit.empty())
    out += fmt::format("\nrecords  {} written to {}{}, reorder buffer peak {:.1f} MiB (bound {:.0f} MiB)\n",
                       grouped(r.records.written), c.emit == "-" ? "stdout" : printable(c.emit),
                       c.unordered ? " as they arrived" : " in input order",
                       static_cast<double>(r.records.peak_reorder_bytes) / kMiB,
                       static_cast<double>(c.reorder_buffer_bytes) / kMiB);
  if (const JournalStats& j = r.journal; !j.path.empty()) {
    out += fmt::format("\njournal  {}: {} entr{} written", printable(j.path), grouped(j.entries_written),
                       j.entries_written == 1 ? "y" : "ies");
    if (j.record_bytes_written > 0)
      out += fmt::format(" and {:.1f} MiB of records", static_cast<double>(j.record_bytes_written) / kMiB);
    if (j.resumed_entries > 0)
      out += fmt::format("; resumed {} items from {} entr{} of an earlier run", grouped(j.resumed_items),
                         grouped(j.resumed_entries), j.resumed_entries == 1 ? "y" : "ies");
    if (j.resumed_output_bytes > 0)
      out += fmt::format(", went on after the {} bytes it had written to --emit", grouped(j.resumed_output_bytes));
    if (j.resumed_records > 0) out += fmt::format(", and wrote {} records it held", grouped(j.resumed_records));
    if (j.dropped_bytes > 0)
      out += fmt::format("; dropped its last {} bytes, not trusted ({})", grouped(j.dropped_bytes), printable(j.dropped_why));
    out += "\n";
  }
  append_errors(out, r, options.max_errors_listed);
  for (const WorkerFailure& f : r.failures) {
    out += fmt::format("\nworker {} (pid {}) failed: {}", f.worker, f.pid, printable(f.what));
    if (f.suspect_item >= 0) out += fmt::format(" [on item {}]", f.suspect_item);
    out += f.recovered ? fmt::format("; its {} item(s) were re-run\n", f.lost_items) : "; not recovered\n";
  }
  if (!r.unprocessed.empty()) {
    out += fmt::format("\nINCOMPLETE: {} item(s) were not processed:\n", r.unprocessed.size());
    for (std::size_t i = 0; i < std::min<std::size_t>(r.unprocessed.size(), options.max_errors_listed); ++i)
      out += fmt::format("  {}\n", printable(r.unprocessed[i].path));
  }
  append_time_breakdown(out, r);
  return out;
}

}  // namespace mpingest
