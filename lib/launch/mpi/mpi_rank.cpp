// A rank other than 0 of --mode mpi: agrees on the input, works its share,
// sends its result to rank 0.
#include <boost/mpi/collectives/broadcast.hpp>
#include <boost/serialization/vector.hpp>
#include <climits>
#include <optional>

#include "common/interrupt.h"
#include "common/system_error.h"
#include "launch/mpi/input_agreement.h"
#include "launch/mpi/launcher_age.h"
#include "launch/mpi/mpi_world.h"
#include "launch/mpi/periodic_cursor.h"
#include "launch/mpi/record_forwarding.h"
#include "launch/mpi/remote_queue.h"
#include "launch/mpi/boost_mpi_support.h"
#include "result/result_codec.h"

namespace mpingest {

namespace {

// With a progress line on rank 0: how far this rank is, at most this often.
constexpr std::int64_t kProgressEveryNs = 250'000'000;

// --journal: this rank's checkpoints go to rank 0, which journals them.
class RankCheckpointSink final : public CheckpointSink {
 public:
  explicit RankCheckpointSink(MpiWorld& world) : world_(world) {}
  void put(Checkpoint&& checkpoint) override {
    const std::string payload = wire::encode_checkpoint(checkpoint);
    if (payload.size() > static_cast<std::size_t>(INT_MAX))
      throw RunError("--mode mpi: a checkpoint of " + std::to_string(payload.size()) + " bytes is more than one MPI message holds");
    world_.comm().send(0, mpi_tag::kCheckpoint, payload.data(), static_cast<int>(payload.size()));
  }

 private:
  MpiWorld& world_;
};

}  // namespace

int boost_serve_mpi_rank(const JobSpec& spec, const std::string& listing_error, bool report_progress) {
  MpiWorld& world = MpiWorld::get();
  if (!agree_on_input(world, view_of(spec.items, listing_error, world.host())).empty()) return 2;
  // Rank 0 decides the split: with --resume, only the items its journal lacks.
  DispatchSpec dispatch = spec.dispatch;
  boost::mpi::broadcast(world.comm(), dispatch, 0);
  const double startup_s = seconds_since_launcher_started();
  // rr and block need no messages: every rank derives its own share.
  std::unique_ptr<Dispatcher> dispatcher = dispatch_uses_batches(dispatch.strategy)
                                               ? std::make_unique<RemoteQueueDispatcher>(world)
                                               : make_dispatcher(dispatch);
  WorkerStatus status;
  if (report_progress) {
    dispatcher = std::make_unique<PeriodicDispatcher>(std::move(dispatcher), kProgressEveryNs, [&world, &status] {
      std::uint64_t done[2] = {status.items_done.load(std::memory_order_relaxed),
                               status.bytes_done.load(std::memory_order_relaxed)};
      world.comm().send(0, mpi_tag::kProgress, done, 2);
    });
  }
  WorkerContext context{spec.items, spec.processing, find_task(spec.processing.task), *dispatcher, nullptr, &status};
  std::optional<ForwardingRecordSink> records;
  if (spec.processing.emit_records) records.emplace(world);
  std::optional<RankCheckpointSink> checkpoints;
  if (spec.processing.checkpoint_s > 0) checkpoints.emplace(world);
  context.checkpoints = checkpoints ? &*checkpoints : nullptr;
  ShardResult result = run_worker(context, world.rank(), records ? &*records : nullptr);
  // A stop between items leaves a partial result: MPI cannot finish the
  // job without this rank, so the caller aborts it.
  throw_if_stop_requested();
  result.stats.host = world.host();
  result.stats.setup_s = startup_s;
  const std::string bytes = wire::serialize_result(result);
  if (bytes.size() > static_cast<std::size_t>(INT_MAX))
    throw RunError("--mode mpi: a result of " + std::to_string(bytes.size()) + " bytes is more than one MPI message holds");
  world.comm().send(0, mpi_tag::kResult, bytes.data(), static_cast<int>(bytes.size()));
  return 0;
}

}  // namespace mpingest
