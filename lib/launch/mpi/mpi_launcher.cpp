// Rank 0 of --mode mpi: agrees on the input with every rank, works as worker
// 0, and serves the other ranks as it goes (batch claims for queue
// dispatch, their results), all on the main thread: MPI_THREAD_FUNNELED.
#include "launch/mpi/boost_mpi_support.h"

#include <algorithm>
#include <boost/mpi/collectives/broadcast.hpp>
#include <boost/serialization/vector.hpp>
#include <optional>

#include "common/interrupt.h"
#include "common/stopwatch.h"
#include "common/system_error.h"
#include "dispatch/queue_dispatch.h"
#include "launch/progress_ticker.h"
#include "launch/mpi/idle_backoff.h"
#include "launch/mpi/input_agreement.h"
#include "launch/mpi/launcher_age.h"
#include "launch/mpi/mpi_world.h"
#include "launch/mpi/periodic_cursor.h"
#include "launch/mpi/record_forwarding.h"
#include "result/result_codec.h"

namespace mpingest {
namespace {

class RankService {
 public:
  RankService(MpiWorld& world, const JobSpec& spec, WorkQueueState& queue, std::vector<WorkerStatus>& statuses,
              std::vector<std::int64_t> clock_offsets_ns)
      : world_(world),
        spec_(spec),
        queue_(queue),
        statuses_(statuses),
        task_(find_task(spec.processing.task)),
        clock_offsets_ns_(std::move(clock_offsets_ns)) {}

  // Answers every message waiting, without waiting for any: claims first
  // (a rank may be idle for want of one), then records, then results.
  // Returns whether there was any.
  bool poll() {
    bool any = false;
    while (boost::optional<boost::mpi::status> claim = world_.comm().iprobe(boost::mpi::any_source, mpi_tag::kClaim)) {
      answer_claim(claim->source());
      any = true;
    }
    while (boost::optional<boost::mpi::status> checkpoint =
               world_.comm().iprobe(boost::mpi::any_source, mpi_tag::kCheckpoint)) {
      if (spec_.checkpoints == nullptr) throw RunError("--mode mpi: a checkpoint from a rank, with no --journal");
      spec_.checkpoints->accept_payload(receive_bytes(*checkpoint));
      any = true;
    }
    while (boost::optional<boost::mpi::status> progress =
               world_.comm().iprobe(boost::mpi::any_source, mpi_tag::kProgress)) {
      take_progress(progress->source());
      any = true;
    }
    if (spec_.records != nullptr) any = take_records() || any;
    while (boost::optional<boost::mpi::status> result = world_.comm().iprobe(boost::mpi::any_source, mpi_tag::kResult)) {
      receive_result(*result);
      any = true;
    }
    return any;
  }

  // Whether the local worker, having last delivered `last_item`, must wait
  // for the other ranks' records (output/record_writer.h).
  bool local_should_pause(std::uint64_t last_item) const {
    return spec_.records != nullptr && spec_.records->should_pause(last_item);
  }

  // After this rank's own work: serves until every other rank has delivered
  // its result. Throws Interrupted on a stop signal.
  std::vector<ShardResult> finish() {
    const std::size_t expected = static_cast<std::size_t>(world_.ranks() - 1);
    IdleBackoff idle;
    while (results_.size() < expected) {
      throw_if_stop_requested();
      idle.pace(poll());
    }
    return std::move(results_);
  }

 private:
  // Records from every rank that is not ahead of the reorder buffer's bound.
  // A rank that is stays blocked in its synchronous send until the ranks
  // behind it have caught up.
  bool take_records() {
    bool any = false;
    for (int rank = 1; rank < world_.ranks(); ++rank) {
      while (!spec_.records->should_pause(last_record_[static_cast<std::size_t>(rank)])) {
        boost::optional<boost::mpi::status> message = world_.comm().iprobe(rank, mpi_tag::kRecords);
        if (!message) break;
        const std::string bytes = receive_bytes(*message);
        last_record_[static_cast<std::size_t>(rank)] =
            put_forwarded_records(bytes, spec_.dispatch.item_count, *spec_.records);
        any = true;
      }
    }
    return any;
  }

  // How far a rank is, for the progress line: it reports it only when there is one.
  void take_progress(int rank) {
    std::uint64_t done[2] = {0, 0};
    world_.comm().recv(rank, mpi_tag::kProgress, done, 2);
    WorkerStatus& status = statuses_[static_cast<std::size_t>(rank)];
    status.items_done.store(done[0], std::memory_order_relaxed);
    status.bytes_done.store(done[1], std::memory_order_relaxed);
  }

  std::string receive_bytes(const boost::mpi::status& message) {
    const int size = message.count<char>().value_or(0);
    std::string bytes(static_cast<std::size_t>(size), '\0');
    world_.comm().recv(message.source(), message.tag(), bytes.data(), size);
    return bytes;
  }

  void answer_claim(int rank) {
    world_.comm().recv(rank, mpi_tag::kClaim);
    std::uint64_t range[2] = {0, 0};
    if (dispatch_uses_batches(spec_.dispatch.strategy)) {
      if (std::optional<ClaimedBatch> batch = claim_batch(queue_, spec_.dispatch.item_count, spec_.dispatch.batch))
        range[0] = batch->first, range[1] = batch->end;
    }
    world_.comm().send(rank, mpi_tag::kBatch, range, 2);
  }

  void receive_result(const boost::mpi::status& message) {
    auto start = SteadyClock::now();
    const std::string bytes = receive_bytes(message);
    const std::int64_t arrived_ns = steady_ns();
    ShardResult shard = wire::deserialize_result(bytes, task_);
    // The steady clock is one per host: only a rank on this host can say
    // how long its result took from ready (serialize, send, transit).
    if (shard.stats.host == world_.host() && shard.stats.ready_ns > 0 && arrived_ns > shard.stats.ready_ns)
      shard.stats.send_s = static_cast<double>(arrived_ns - shard.stats.ready_ns) / 1e9;
    if (shard.stats.worker != message.source())
      throw RunError("--mode mpi: rank " + std::to_string(message.source()) + " sent the result of worker " +
                     std::to_string(shard.stats.worker));
    // --trace: a rank on another host timed its spans on its own clock.
    const std::int64_t offset = clock_offsets_ns_.at(static_cast<std::size_t>(message.source()));
    for (TraceSpan& span : shard.trace) span.start_ns += offset, span.end_ns += offset;
    if (shard.stats.ready_ns > 0) shard.stats.ready_ns += offset;
    shard.stats.ipc_bytes = bytes.size();
    shard.stats.ipc_s = seconds_since(start);
    WorkerStatus& status = statuses_[static_cast<std::size_t>(message.source())];  // its last word, exact
    status.items_done.store(shard.stats.items, std::memory_order_relaxed);
    status.bytes_done.store(shard.stats.bytes, std::memory_order_relaxed);
    results_.push_back(std::move(shard));
  }

  MpiWorld& world_;
  const JobSpec& spec_;
  WorkQueueState& queue_;
  std::vector<WorkerStatus>& statuses_;
  const Task& task_;
  std::vector<std::int64_t> clock_offsets_ns_;  // per rank: to rank 0's clock (input_agreement.h)
  std::vector<ShardResult> results_;
  std::vector<std::uint64_t> last_record_ = std::vector<std::uint64_t>(static_cast<std::size_t>(world_.ranks()), 0);
};

// Rank 0's own records go straight into the writer. When it is ahead of
// the reorder buffer's bound it waits as any worker would, serving the
// other ranks meanwhile: the record the writer needs next comes from them.
class LocalRecordSink final : public RecordSink {
 public:
  explicit LocalRecordSink(RankService& service, RecordWriter& writer) : service_(service), writer_(writer) {}
  void put(std::uint64_t item, std::string_view record) override {
    IdleBackoff idle;
    while (delivered_ && service_.local_should_pause(last_) && stop_requested() == 0) idle.pace(service_.poll());
    writer_.put(item, record);
    last_ = item;
    delivered_ = true;
  }
  void flush() override {}

 private:
  RankService& service_;
  RecordWriter& writer_;
  std::uint64_t last_ = 0;
  bool delivered_ = false;
};

// Rank 0's own worker runs on the main thread, the one that may call MPI,
// and serves the other ranks as it goes: each time it takes an item, at
// most every kServeEveryNs. A thread of its own for serving would be a
// third runnable thread on a machine whose cores the workers fill, and the
// scheduler let its answers wait milliseconds (measured: a remote rank
// waited 2.5 ms a claim, and got 8% of the items instead of half).
constexpr std::int64_t kServeEveryNs = 20'000;

class MpiLauncher final : public Launcher {
 public:
  int workers(int /*requested*/) const override { return MpiWorld::get().ranks(); }

  LaunchOutcome run(const JobSpec& spec) override {
    MpiWorld& world = MpiWorld::get();
    LaunchOutcome outcome;
    auto start = SteadyClock::now();
    std::vector<std::int64_t> clock_offsets_ns;
    if (std::string refused = agree_on_input(world, view_of(spec.items, "", world.host()), &clock_offsets_ns);
        !refused.empty())
      throw UsageError("--mode mpi: " + refused);
    DispatchSpec split = spec.dispatch;  // every rank works by this one (with --resume, what is left)
    boost::mpi::broadcast(world.comm(), split, 0);
    WorkQueueState queue;
    std::vector<WorkerStatus> statuses(static_cast<std::size_t>(world.ranks()));  // remote ones fed by kProgress
    RankService service(world, spec, queue, statuses, std::move(clock_offsets_ns));
    // Rank 0's own worker claims from the queue it serves the others from:
    // under MPI, queue is already the request design (remote ranks ask rank 0).
    DispatchSpec own = spec.dispatch;
    if (dispatch_asks_parent(own.strategy)) own.strategy = DispatchStrategy::queue;
    PeriodicDispatcher dispatcher(make_dispatcher(own, &queue), kServeEveryNs, [&service] { service.poll(); });
    outcome.launch_s = seconds_since(start);

    auto work_start = SteadyClock::now();
    outcome.work_start_ns = steady_ns();
    WorkerContext context{spec.items, spec.processing, find_task(spec.processing.task), dispatcher, nullptr,
                          &statuses[0]};
    std::optional<LocalRecordSink> records;
    if (spec.records != nullptr) records.emplace(service, *spec.records);
    std::unique_ptr<CheckpointSink> checkpoints = spec.checkpoints != nullptr ? spec.checkpoints->sink() : nullptr;
    context.checkpoints = checkpoints.get();
    ProgressTicker ticker({spec.progress, addresses_of(statuses)});
    ShardResult local = run_worker(context, 0, records ? &*records : nullptr);
    local.stats.host = world.host();
    local.stats.setup_s = seconds_since_launcher_started() - local.stats.total_s;
    outcome.shards = service.finish();
    for (const ShardResult& remote : outcome.shards) outcome.unreaped_usage.cpu_s += remote.stats.cpu_s;
    outcome.work_s = seconds_since(work_start);
    throw_if_stop_requested();
    outcome.shards.push_back(std::move(local));
    return outcome;
  }
};

}  // namespace

std::unique_ptr<Launcher> make_boost_mpi_launcher() { return std::make_unique<MpiLauncher>(); }

}  // namespace mpingest
