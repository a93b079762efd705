#include "launch/result_collector.h"

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>

#include "common/stopwatch.h"
#include "ipc/record_batch.h"
#include "result/result_codec.h"

namespace mpingest {

ResultCollector::ResultCollector(int workers, ParentTransport& transport, const Task& task, RecordWriter* records,
                                 std::vector<WorkerStatus*> statuses, double timeout_s,
                                 CheckpointCollector* checkpoints)
    : transport_(transport),
      task_(task),
      records_(records),
      checkpoints_(checkpoints),
      last_record_item_(static_cast<std::size_t>(workers), -1),
      workers_(workers),
      statuses_(std::move(statuses)),
      timeout_s_(timeout_s),
      timed_out_after_s_(static_cast<std::size_t>(workers), 0.0),
      held_until_ns_(static_cast<std::size_t>(workers), 0),
      results_(static_cast<std::size_t>(workers)),
      worker_errors_(static_cast<std::size_t>(workers)),
      decode_s_(static_cast<std::size_t>(workers), 0.0),
      result_bytes_(static_cast<std::size_t>(workers), 0),
      arrived_ns_(static_cast<std::size_t>(workers), 0) {}

void ResultCollector::show_progress(ProgressMeter* meter, std::uint64_t base_items, std::uint64_t base_bytes) {
  progress_ = {meter, {statuses_.begin(), statuses_.end()}, base_items, base_bytes};
}

void ResultCollector::decode(int worker, const wire::Frame& frame) {
  auto w = static_cast<std::size_t>(worker);
  ScopedTimer timer(decode_s_[w]);
  result_bytes_[w] += sizeof(wire::FrameHeader) + frame.payload.size();
  results_[w] = wire::deserialize_result(frame.payload, task_);
}

void ResultCollector::collect(ProcessSet& children, LaunchOutcome& outcome) {
  auto start = SteadyClock::now();
  if (records_ != nullptr) records_->resume_pausing();  // a new round: its workers deliver in order again
  const bool watchdog = timeout_s_ > 0 && !statuses_.empty();
  const int tick_ms = watchdog || progress_.meter != nullptr || records_ != nullptr ? ProgressMeter::kRedrawIntervalMs : 0;
  auto may_read = [this](int id) {
    std::int64_t last = last_record_item_[static_cast<std::size_t>(id)];
    return records_ == nullptr || last < 0 || !records_->should_pause(static_cast<std::uint64_t>(last));
  };
  std::vector<ChildExit> exits;
  for (ProcessEvent event = children.next(may_read, tick_ms); event.kind != ProcessEvent::Kind::done;
       event = children.next(may_read, tick_ms)) {
    switch (event.kind) {
      case ProcessEvent::Kind::frame:
        on_frame(event.id, std::move(event.frame));
        break;
      case ProcessEvent::Kind::exited:
        exits.push_back(std::move(event.exit));
        break;
      case ProcessEvent::Kind::tick:
        on_tick(children);
        break;
      case ProcessEvent::Kind::done:
        break;
    }
  }
  if (records_ != nullptr) drain_rings(false);  // what the last doorbells announced
  finish(exits, outcome);
  outcome.work_s = seconds_since(start);
  // Every worker is reaped, so the slots hold final counts; after a failure
  // the next round's count (without the dead worker's) follows instead.
  if (outcome.failures.empty()) progress_.tick(true);
}

void ResultCollector::on_tick(ProcessSet& children) {
  if (records_ != nullptr) {
    if (!released_ && children.any_failed()) release_paused_workers();
    drain_rings(true);  // a ring the pause left full is looked at again
  }
  if (timeout_s_ > 0 && !statuses_.empty()) check_heartbeats(children);
  progress_.tick();
}

bool ResultCollector::held_by_parent(int w) const {
  std::int64_t last = last_record_item_[static_cast<std::size_t>(w)];
  return records_ != nullptr && last >= 0 && records_->should_pause(static_cast<std::uint64_t>(last));
}

void ResultCollector::release_paused_workers() {
  released_ = true;
  records_->stop_pausing();
  drain_rings(false);
}

void ResultCollector::check_heartbeats(ProcessSet& children) {
  std::int64_t now = steady_ns();
  // Ticks come every 100 ms; a longer gap means the parent itself was busy
  // elsewhere (writing to an output that did not drain, say), and workers
  // waiting on it in that time were not hanging.
  constexpr std::int64_t kParentAwayNs = 500'000'000;
  if (last_tick_ns_ != 0 && now - last_tick_ns_ > kParentAwayNs) std::fill(held_until_ns_.begin(), held_until_ns_.end(), now);
  last_tick_ns_ = now;
  for (int w = 0; w < workers_; ++w) {
    auto i = static_cast<std::size_t>(w);
    if (timed_out_after_s_[i] > 0) continue;
    if (held_by_parent(w)) {
      held_until_ns_[i] = now;
      continue;
    }
    std::int64_t since = std::max(statuses_[i]->heartbeat_ns.load(std::memory_order_relaxed), held_until_ns_[i]);
    double silent_s = static_cast<double>(now - since) / 1e9;
    if (silent_s > timeout_s_) {
      timed_out_after_s_[i] = silent_s;
      children.kill(w, SIGKILL);  // a worker that exited already is not signalled
      if (records_ != nullptr && !released_) release_paused_workers();
    }
  }
}

bool ResultCollector::take_record(int worker, std::uint64_t item, std::string_view record, bool respect_pause) {
  if (respect_pause && records_->should_pause(item)) return false;
  records_->put(item, record);
  last_record_item_[static_cast<std::size_t>(worker)] = static_cast<std::int64_t>(item);
  return true;
}

void ResultCollector::drain_rings(bool respect_pause) {
  for (bool moved = true; moved;) {
    moved = false;
    for (int w = 0; w < workers_; ++w) {
      moved |= transport_.drain_records(
          w, [&](std::uint64_t item, std::string_view record) { return take_record(w, item, record, respect_pause); });
    }
  }
}

void ResultCollector::on_frame(int worker, wire::Frame&& frame) {
  if (frame.type == wire::FrameType::worker_error) {
    worker_errors_[static_cast<std::size_t>(worker)] = frame.payload;
  } else if (frame.type == wire::FrameType::result) {
    arrived_ns_[static_cast<std::size_t>(worker)] = steady_ns();
    decode(worker, frame);
  } else if (frame.type == wire::FrameType::records && records_ != nullptr) {
    // Records on the pipe are taken whole: pausing is done by not reading the pipe.
    wire::for_each_record(frame.payload, [&](std::uint64_t item, std::string_view record) {
      take_record(worker, item, record, false);
    });
    drain_rings(true);
  } else if (frame.type == wire::FrameType::records_ready && records_ != nullptr) {
    drain_rings(true);
  } else if (frame.type == wire::FrameType::checkpoint && checkpoints_ != nullptr) {
    checkpoints_->accept_payload(frame.payload);
  } else {
    throw wire::WireError("unexpected frame type from a worker");
  }
}

void ResultCollector::finish(std::vector<ChildExit>& exits, LaunchOutcome& outcome) {
  // Reaped in the order they ended; reported in the order of their positions.
  std::sort(exits.begin(), exits.end(), [](const ChildExit& a, const ChildExit& b) { return a.id < b.id; });
  for (const ChildExit& exit : exits) {
    auto w = static_cast<std::size_t>(exit.id);
    std::string what;
    if (exit.exited_cleanly()) {
      try {
        if (!results_[w]) {
          double copy_s = 0;
          std::optional<wire::Frame> frame;
          {
            ScopedTimer timer(copy_s);
            frame = transport_.collect(exit.id);
          }
          decode_s_[w] += copy_s;
          if (frame) decode(exit.id, *frame);
        }
      } catch (const wire::WireError& e) {
        what = std::string("its result is unreadable: ") + e.what();
      }
      if (what.empty() && results_[w]) {
        ShardResult& shard = *results_[w];
        shard.stats.ipc_bytes = result_bytes_[w];
        shard.stats.ipc_s = decode_s_[w] + exit.receive_s;
        shard.stats.exited_ns = exit.eof_ns;
        // A result in shared memory is the parent's once the worker has exited.
        std::int64_t arrived = arrived_ns_[w] > 0 ? arrived_ns_[w] : exit.eof_ns;
        if (shard.stats.ready_ns > 0 && arrived > shard.stats.ready_ns)
          shard.stats.send_s = static_cast<double>(arrived - shard.stats.ready_ns) / 1e9;
        outcome.shards.push_back(std::move(shard));
        continue;
      }
      if (what.empty()) what = "exited without sending its result";
    } else {
      what = exit.describe();
      if (!worker_errors_[w].empty()) what += ": " + worker_errors_[w];
    }
    if (timed_out_after_s_[w] > 0)
      what = "timed out: no progress for " + std::to_string(static_cast<int>(timed_out_after_s_[w] * 10) / 10.0).substr(0, 4) +
             " s, " + what;
    WorkerFailure failure{exit.id, exit.pid, what};
    failure.at_ns = exit.eof_ns > 0 ? exit.eof_ns : steady_ns();
    // A worker out of descriptors or memory says nothing about its item.
    const bool out_of_resources =
        WIFEXITED(exit.wait_status) && WEXITSTATUS(exit.wait_status) == ChildProcessSet::kChildOutOfResources;
    if (w < statuses_.size() && !out_of_resources) {
      std::uint64_t current = statuses_[w]->current_item.load(std::memory_order_relaxed);
      if (current > 0) failure.suspect_item = static_cast<std::int64_t>(current - 1);
    }
    outcome.failures.push_back(std::move(failure));
  }
}

}  // namespace mpingest
