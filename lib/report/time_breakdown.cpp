#include "report/time_breakdown.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace mpingest {
namespace {

// Below these, a difference is noise on a small run, not a lesson.
constexpr double kNotableImbalance = 1.2;    // slowest / fastest
constexpr double kNotableTailShare = 0.05;   // of wall
constexpr double kNotableOverhead = 0.2;     // share of wall for a phase other than work
constexpr double kNotableTurnTaking = 0.75;  // workers' share on a CPU, with more workers than cores

double on_cpu(double cpu_s, double total_s) { return total_s > 0 ? cpu_s / total_s : 0; }

WorkerExtreme extreme(const WorkerStats& w) { return {w.worker, w.items, w.total_s, on_cpu(w.cpu_s, w.total_s)}; }

std::string percent(double share) {
  if (share > 0 && share < 0.001) return "<0.1%";
  return fmt::format("{:.1f}%", share * 100);
}

std::optional<double> find_workers_on_cpu(const RunReport& r) {
  double cpu = 0, total = 0;
  for (const WorkerStats& w : r.workers) {
    cpu += w.cpu_s;
    total += w.total_s;
  }
  if (total <= 0) return std::nullopt;
  return cpu / total;
}

std::optional<Imbalance> find_imbalance(const RunReport& r) {
  std::vector<const WorkerStats*> first_round;
  for (const WorkerStats& w : r.workers) {
    if (w.worker < r.config.shards) first_round.push_back(&w);
  }
  if (first_round.size() < 2) return std::nullopt;
  auto by_time = [](const WorkerStats* a, const WorkerStats* b) { return a->total_s < b->total_s; };
  const WorkerStats* fastest = *std::min_element(first_round.begin(), first_round.end(), by_time);
  const WorkerStats* slowest = *std::max_element(first_round.begin(), first_round.end(), by_time);
  Imbalance out;
  out.slowest = extreme(*slowest);
  out.fastest = extreme(*fastest);
  out.ratio = slowest->total_s / std::max(fastest->total_s, 1e-6);  // a worker that got nothing still took a little
  out.tail_s = slowest->total_s - fastest->total_s;
  return out;
}

// The one thing most worth knowing, then where IPC stands.
std::string summarize(const RunReport& r, const TimeBreakdown& b) {
  auto share_of = [&b](const char* name) {
    for (const PhaseShare& p : b.phases) {
      if (p.name == name) return p.share;
    }
    return 0.0;
  };
  std::string text;
  const std::optional<Imbalance>& im = b.imbalance;
  const PhaseShare* overhead = nullptr;
  for (const PhaseShare& p : b.phases) {
    if (p.name != "work" && p.name != "other" && (overhead == nullptr || p.share > overhead->share)) overhead = &p;
  }
  if (b.cold) {
    // Nothing else in a cold run means what it would mean in a warm one.
    text = fmt::format("{:.1f} MiB came from disk, not the page cache: this run timed the disk; "
                       "run it again for warm-cache figures",
                       static_cast<double>(b.disk_read_bytes) / (1024.0 * 1024.0));
  } else if (r.config.shards > static_cast<int>(b.cores) && b.workers_on_cpu && *b.workers_on_cpu < kNotableTurnTaking) {
    text = fmt::format("{} workers took turns on {} core{}: each was on a CPU {:.0f}% of its time; "
                       "more workers than cores only take turns",
                       r.config.shards, b.cores, b.cores == 1 ? "" : "s", *b.workers_on_cpu * 100);
  } else if (im && im->ratio > kNotableImbalance && im->tail_s > kNotableTailShare * b.wall_s) {
    // Waiting (disk, lock, a busy core) or working all along (more to do, or a slower core)?
    double off_cpu_s = im->slowest.total_s * (1 - im->slowest.on_cpu);
    text = fmt::format("imbalance {:.1f}x: the slowest worker finished {:.2f} s after the fastest, ", im->ratio,
                       im->tail_s);
    text += off_cpu_s >= 0.5 * im->tail_s
                ? fmt::format("having waited {:.2f} s off a CPU; ", off_cpu_s)
                : std::string("on a CPU all along (more to do, or a slower core); ");
    text += dispatch_uses_batches(r.config.dispatch)
                ? "a smaller --batch would shorten the tail, unless one item is that large"
                : "queue dispatch would share the tail";
  } else if (overhead != nullptr && overhead->share >= kNotableOverhead) {
    std::string p = percent(overhead->share);
    if (overhead->name == "enumerate") text = "listing the input is " + p + " of wall";
    if (overhead->name == "launch") text = "starting the workers is " + p + " of wall: too little work to amortise it";
    if (overhead->name == "ipc") text = "receiving results is " + p + " of wall";
    if (overhead->name == "merge") text = "merging the results is " + p + " of wall";
  } else {
    text = "work is " + percent(share_of("work")) + " of wall";
    if (im) text += fmt::format(", evenly spread over the workers ({:.2f}x)", im->ratio);
  }
  if (launch_mode_uses_ipc(r.config.mode)) {
    text += "; IPC is " + percent(share_of("ipc")) + " of wall.";
  } else {
    text += "; no IPC: the workers share the parent's memory.";
  }
  text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

}  // namespace

TimeBreakdown time_breakdown(const RunReport& r) {
  const PhaseTimes& t = r.timing;
  double ipc = 0;
  for (const WorkerStats& w : r.workers) ipc += w.ipc_s;
  TimeBreakdown b;
  b.wall_s = t.wall_s;
  double work = std::max(0.0, t.work_s - ipc);
  double covered = t.enumerate_s + t.launch_s + work + ipc + t.merge_s;
  double other = std::max(0.0, t.wall_s - covered);
  double wall = std::max(covered + other, 1e-9);  // == wall_s unless rounding put the phases above it
  for (auto [name, seconds] : {std::pair<const char*, double>{"enumerate", t.enumerate_s},
                               {"launch", t.launch_s},
                               {"work", work},
                               {"ipc", ipc},
                               {"merge", t.merge_s},
                               {"other", other}})
    b.phases.push_back({name, seconds, seconds / wall});
  b.imbalance = find_imbalance(r);
  b.cpu_s = r.usage.cpu_s;
  b.busy_cores = r.usage.cpu_s / std::max(t.wall_s, 1e-9);
  b.workers_on_cpu = find_workers_on_cpu(r);
  b.cores = r.cores;
  b.disk_read_bytes = r.usage.disk_read_bytes;
  b.disk_share = static_cast<double>(b.disk_read_bytes) / static_cast<double>(std::max<std::uint64_t>(r.totals.bytes, 1));
  b.cold = b.disk_share >= kColdRunDiskShare;
  b.summary = summarize(r, b);
  return b;
}

}  // namespace mpingest
