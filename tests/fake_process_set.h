#pragma once
// A ProcessSet with no processes: each started "worker" runs a script the
// test gives, which queues what a real worker would cause (frames, its end).
// ProcessRounds, ResultCollector and RecoveryPlanner run against it exactly
// as against ChildProcessSet, so failures, timeouts and recovery rounds can
// be tested item by item, without forking and without timing.

#include <signal.h>

#include <deque>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "ipc/frame_codec.h"
#include "launch/process_set.h"
#include "result/result_codec.h"

namespace mpingest::test {

class FakeProcessSet final : public ProcessSet {
 public:
  // Queues what worker `id` sends and how it ends.
  void send(int id, wire::FrameType type, const std::string& payload) {
    push_frame(id, wire::encode_frame(type, payload));
  }
  void send_result(int id, const ShardResult& result) {
    send(id, wire::FrameType::result, wire::serialize_result(result));
  }
  void exit(int id, int code) { end(id, code << 8); }
  void die(int id, int signal_number) { end(id, signal_number); }
  // A worker that neither sends nor ends: only a kill ends it.
  void hang(int id) { hung_.insert(id); }

  // Called by the test's StartWorker for each worker it starts.
  void started(int id) {
    live_.insert(id);
    ++starts;
  }

  ProcessEvent next(const ReadGate& /*may_read*/, int tick_ms) override {
    if (events_.empty()) {
      if (live_.empty()) {
        failed_ = false;
        return {};  // done: the next round may start
      }
      if (tick_ms <= 0 || live_.size() != hung_.size())
        throw std::logic_error("fake process set: a live worker has nothing scripted");
      ProcessEvent tick;  // time passes while hung workers wait to be killed
      tick.kind = ProcessEvent::Kind::tick;
      return tick;
    }
    ProcessEvent event = std::move(events_.front());
    events_.pop_front();
    return event;
  }
  bool any_failed() const override { return failed_; }
  void kill(int id, int signal_number) override {
    kills.push_back(id);
    hung_.erase(id);
    if (live_.count(id) != 0) end(id, signal_number);
  }
  void check_stop() override {}

  int starts = 0;
  std::vector<int> kills;

 private:
  void push_frame(int id, const std::string& bytes) {
    wire::FrameDecoder decoder;
    decoder.feed(bytes.data(), bytes.size());
    ProcessEvent event;
    event.kind = ProcessEvent::Kind::frame;
    event.id = id;
    event.frame = *decoder.next();
    events_.push_back(std::move(event));
  }
  void end(int id, int wait_status) {
    live_.erase(id);
    ProcessEvent event;
    event.kind = ProcessEvent::Kind::exited;
    event.id = id;
    event.exit.id = id;
    event.exit.pid = 1000 + id;
    event.exit.wait_status = wait_status;
    if (wait_status != 0) failed_ = true;
    events_.push_back(std::move(event));
  }

  std::deque<ProcessEvent> events_;
  std::set<int> live_;
  std::set<int> hung_;
  bool failed_ = false;
};

}  // namespace mpingest::test
