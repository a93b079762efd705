// The whole strategy matrix — 4 launch modes x 3 dispatches x 2 transports
// where meaningful, N in {1, 2, 4, 7}, batch in {1, 3, 64}, with and without
// the emulated GIL — gives exactly the serial answer, read one file at a
// time, while the cells read in io_uring batches. Spawn over pipes
// streams the list in slices of 97 items (the generated corpus: 8 slices). The leak listener in
// main.cpp checks after each test case that no child or segment survived.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "common/system_error.h"
#include "corpus/open_input.h"
#include "dispatch/dispatcher.h"
#include "launch/launcher.h"
#include "run/run_job.h"
#include "test_support.h"

using namespace mpingest;

namespace {

// Every cell of the matrix for `mode`: every dispatch strategy and
// transport --dispatch and --ipc offer.
std::vector<RunConfig> matrix_for(LaunchMode mode, const std::string& input) {
  std::vector<RunConfig> configs;
  std::vector<int> shard_counts = launch_mode_has_one_worker(mode) ? std::vector<int>{1} : std::vector<int>{1, 2, 4, 7};
  std::vector<IpcKind> transports{IpcKind::pipe};
  if (launch_mode_uses_ipc(mode)) {
    transports.clear();
    for (const std::string& name : ipc_kind_names()) transports.push_back(parse_ipc_kind(name));
  }
  std::vector<bool> gils = launch_mode_shares_gil(mode) ? std::vector<bool>{false, true} : std::vector<bool>{false};
  for (const std::string& dispatch_name : dispatch_strategy_names()) {
    const DispatchStrategy dispatch = parse_dispatch_strategy(dispatch_name);
    std::vector<std::size_t> batches =
        dispatch_uses_batches(dispatch) ? std::vector<std::size_t>{1, 3, 64} : std::vector<std::size_t>{64};
    for (int shards : shard_counts)
      for (IpcKind ipc : transports)
        for (std::size_t batch : batches)
          for (bool gil : gils) {
            RunConfig c;
            c.input = input;
            c.mode = mode;
            c.dispatch = dispatch;
            c.ipc = ipc;
            c.shards = shards;
            c.batch = batch;
            c.gil = gil;
            c.worker_executable = MPINGEST_BINARY;
            c.stream_slice_items = 97;  // spawn over pipes: the list comes in several slices, not one
            configs.push_back(c);
          }
  }
  return configs;
}

std::string describe(const RunConfig& c) {
  return fmt::format("--mode {} --dispatch {} --batch {} --ipc {} --shards {}{}", launch_mode_name(c.mode),
                     dispatch_strategy_name(c.dispatch), c.batch, ipc_kind_name(c.ipc), c.shards, c.gil ? " --gil" : "");
}

// The answer every cell must give: serial, reading one file at a time. The
// cells read with the default (io_uring batches where the kernel allows), so
// the matrix also checks that the two ways of reading agree.
RunReport serial_answer(const std::string& input) {
  RunConfig c;
  c.input = input;
  c.mode = LaunchMode::serial;
  c.processing.read_method = ReadMethod::syscalls;
  return run_job(c);
}

void check_matrix(LaunchMode mode, const std::string& input) {
  RunReport expected = serial_answer(input);
  REQUIRE(expected.totals.items > 0);
  bool batches = io_uring_unavailable_reason().empty();
  if (!batches) WARN("io_uring unavailable here (" << io_uring_unavailable_reason() << "): every cell reads one by one");
  for (const RunConfig& config : matrix_for(mode, input)) {
    INFO(describe(config));
    RunReport got = run_job(config);
    CHECK(got.complete());
    CHECK(got.totals == expected.totals);
    CHECK(got.task_report == expected.task_report);
    CHECK(got.errors.size() == expected.errors.size());
    std::uint64_t items = 0;
    for (const WorkerStats& w : got.workers) items += w.items;
    CHECK(items == expected.totals.items);
    CHECK(got.workers.size() == static_cast<std::size_t>(config.shards));
    if (batches && got.format == CorpusFormat::maildir) CHECK(got.batched_reads() > 0);
    if (dispatch_uses_batches(config.dispatch)) {
      std::uint64_t claims = 0;
      for (const WorkerStats& w : got.workers) claims += w.claims;
      CHECK(claims == (expected.totals.items + config.batch - 1) / config.batch);
    }
  }
  CHECK(test::child_processes().empty());
}

}  // namespace

TEST_CASE("matrix on a generated corpus: serial", "[matrix]") { check_matrix(LaunchMode::serial, test::generated_corpus().string()); }
TEST_CASE("matrix on a generated corpus: threads", "[matrix]") { check_matrix(LaunchMode::threads, test::generated_corpus().string()); }
TEST_CASE("matrix on a generated corpus: fork", "[matrix]") { check_matrix(LaunchMode::fork, test::generated_corpus().string()); }
TEST_CASE("matrix on a generated corpus: spawn", "[matrix]") { check_matrix(LaunchMode::spawn, test::generated_corpus().string()); }

TEST_CASE("matrix on the real Enron sample: every mode equals serial", "[realdata][matrix]") {
  if (test::enron_sample().empty()) {
    WARN("SKIPPED: ../shared/data/enron-sample is absent");
    return;
  }
  for (LaunchMode mode : {LaunchMode::threads, LaunchMode::fork, LaunchMode::spawn}) check_matrix(mode, test::enron_sample().string());
}

TEST_CASE("matrix edge cases: zero items, one item, more shards than items, batch beyond the corpus", "[matrix]") {
  test::TempDir dir;
  std::string root = dir.path().string();
  auto size = GENERATE(0, 1, 3);
  for (int i = 0; i < size; ++i)
    test::write_file(dir.path() / "u" / fmt::format("{}.", i + 1), fmt::format("To: A{}@x.com\n\nHello\n", i));
  RunReport expected = serial_answer(root);
  CHECK(expected.totals.items == static_cast<std::uint64_t>(size));
  for (LaunchMode mode : {LaunchMode::threads, LaunchMode::fork, LaunchMode::spawn}) {
    for (RunConfig config : matrix_for(mode, root)) {
      config.shards = 5;          // more shards than items
      config.batch *= 1000;       // a batch larger than the corpus
      config.stream_slice_items = 1;  // spawn over pipes: a slice per item
      INFO(describe(config));
      RunReport got = run_job(config);
      CHECK(got.complete());
      CHECK(got.totals == expected.totals);
      CHECK(got.task_report == expected.task_report);
    }
  }
}

TEST_CASE("nonsense combinations are usage errors", "[matrix]") {
  RunConfig c;
  c.input = test::generated_corpus().string();
  SECTION("gil with processes") {
    c.mode = LaunchMode::fork;
    c.gil = true;
  }
  SECTION("zero shards") { c.shards = 0; }
  SECTION("negative shards") { c.shards = -2; }
  SECTION("zero batch") { c.batch = 0; }
  SECTION("the internal dispatch of replacement workers") { c.dispatch = DispatchStrategy::list; }
  SECTION("unknown task") { c.processing.task = "origami"; }
  SECTION("--ipc given to a mode without processes") {
    c.mode = LaunchMode::threads;
    c.ipc = IpcKind::shm;
    c.ipc_given = true;
  }
  SECTION("--shards 3 given to serial") {
    c.mode = LaunchMode::serial;
    c.shards = 3;
    c.shards_given = true;
  }
  CHECK_THROWS_AS(run_job(c), UsageError);
}

TEST_CASE("every name a flag offers parses to its value and back, and others are usage errors", "[matrix]") {
  for (const std::string& name : launch_mode_names()) CHECK(launch_mode_name(parse_launch_mode(name)) == name);
  for (const std::string& name : dispatch_strategy_names())
    CHECK(dispatch_strategy_name(parse_dispatch_strategy(name)) == name);
  for (const std::string& name : ipc_kind_names()) CHECK(ipc_kind_name(parse_ipc_kind(name)) == name);
  CHECK(parse_input_format("csv") == CorpusFormat::csv);
  CHECK_FALSE(parse_input_format("auto").has_value());
  CHECK_THROWS_WITH(parse_launch_mode("fibres"), "unknown --mode 'fibres' (serial, threads, fork, spawn or mpi)");
  CHECK_THROWS_WITH(parse_dispatch_strategy("lottery"), "unknown --dispatch 'lottery' (rr, block, queue or request)");
  CHECK_THROWS_AS(parse_dispatch_strategy("list"), UsageError);  // internal: replacement workers only
  CHECK_THROWS_WITH(parse_ipc_kind("carrier-pigeon"), "unknown --ipc 'carrier-pigeon' (pipe or shm)");
  CHECK_THROWS_WITH(parse_input_format("tar"), "unknown --input-format 'tar' (auto, maildir, csv or mbox)");
}

TEST_CASE("a value outside an enum (a corrupt job sent to a spawned worker) is a run error, not a crash", "[matrix]") {
  CHECK_THROWS_AS(launch_mode_name(static_cast<LaunchMode>(200)), RunError);
  CHECK_THROWS_AS(make_dispatcher({static_cast<DispatchStrategy>(200), 3, 2}), RunError);
  CHECK_THROWS_AS(transport_needs_segment(static_cast<IpcKind>(200)), RunError);
}
