#include "worker/trace_recorder.h"

#include <utility>

namespace mpingest {

void TraceRecorder::record_item(const ItemTimes& times, std::uint64_t bytes) {
  if (detail_ == TraceDetail::items) {
    spans_.push_back({TraceKind::read, times.start_ns, times.read_ns, 1, bytes});
    if (times.held_ns > times.read_ns) spans_.push_back({TraceKind::gil_wait, times.read_ns, times.held_ns, 1});
    if (times.done_ns > times.held_ns) spans_.push_back({TraceKind::work, times.held_ns, times.done_ns, 1, bytes});
    return;
  }
  if (run_.items == 0 && run_.end_ns == 0) run_ = {TraceKind::items, times.start_ns};
  run_.end_ns = times.done_ns;
  run_.items += 1;
  run_.bytes += bytes;
  run_.read_ns += times.read_ns - times.start_ns;
  run_.wait_ns += times.held_ns - times.read_ns;
  run_.busy_ns += times.done_ns - times.held_ns;
  if (run_.items == kTraceItemsPerSpan) close_run();
}

void TraceRecorder::span(TraceKind kind, std::int64_t start_ns, std::int64_t end_ns, std::uint64_t items,
                         std::uint64_t bytes) {
  if (detail_ == TraceDetail::off) return;
  // By default a claim or an io_uring batch joins the run of items it serves
  // (as waiting or reading): a span each would be a span per item at --batch 1.
  if (detail_ == TraceDetail::batches && (kind == TraceKind::claim || kind == TraceKind::read_batch)) {
    if (run_.items == 0 && run_.end_ns == 0) run_ = {TraceKind::items, start_ns};
    run_.end_ns = end_ns;
    (kind == TraceKind::claim ? run_.wait_ns : run_.read_ns) += end_ns - start_ns;
    return;
  }
  close_run();
  spans_.push_back({kind, start_ns, end_ns, items, bytes});
}

std::vector<TraceSpan> TraceRecorder::take() {
  close_run();
  return std::exchange(spans_, {});
}

void TraceRecorder::close_run() {
  if (run_.end_ns == 0) return;
  spans_.push_back(run_);
  run_ = {};
}

}  // namespace mpingest
