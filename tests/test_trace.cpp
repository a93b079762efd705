// --trace and --timeline: the trace is Chrome Trace Event Format that
// Perfetto opens, each worker's spans follow one another and add up to what
// the report says the worker spent, a killed worker and its replacement
// show, and the Gantt chart is SVG a real renderer draws.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "test_support.h"
#include "worker/trace_recorder.h"

using namespace mpingest;
using nlohmann::json;

namespace {

struct Traced {
  json report;
  json trace;
  std::string svg;
};

Traced run_traced(std::vector<std::string> args, const std::vector<std::string>& env = {}, int expected_exit = 0) {
  test::TempDir dir;
  const std::string trace = (dir.path() / "run.json").string();
  const std::string svg = (dir.path() / "run.svg").string();
  args.insert(args.end(), {"--format", "json", "--trace", trace, "--timeline", svg, "-q"});
  test::CommandResult result = test::run_mpingest(args, env);
  INFO(result.err);
  REQUIRE(result.exit_code == expected_exit);
  return {json::parse(result.out), json::parse(test::read_text_file(trace)), test::read_text_file(svg)};
}

// Every event has what the format requires of its phase.
void check_event_fields(const json& trace) {
  REQUIRE(trace["traceEvents"].is_array());
  for (const json& e : trace["traceEvents"]) {
    INFO(e.dump());
    REQUIRE(e["name"].is_string());
    REQUIRE(e["ph"].is_string());
    REQUIRE(e["pid"].is_number_integer());
    REQUIRE(e["tid"].is_number_integer());
    const std::string ph = e["ph"];
    if (ph == "X") {
      CHECK(e["ts"].is_number());
      CHECK(e["dur"].get<double>() >= 0);
    } else if (ph == "i") {
      CHECK(e["ts"].is_number());
      CHECK(e["s"] == "t");
    } else {
      CHECK(ph == "M");
      CHECK(e["args"].is_object());
    }
  }
}

struct WorkerSums {
  double read_s = 0, work_s = 0, wait_s = 0;
  std::uint64_t items = 0;
  std::size_t spans = 0;
};

// The worker's spans (its setup and result sending, timed by the parent, left
// out) do not overlap, and add up to its statistics. Times in the trace are
// microseconds printed exactly, so the sums differ from the report's only by
// rounding: 1 us a span. Wait is looser: the last claim of a worker, which
// finds nothing left, is in wait_s but in no span.
WorkerSums check_worker_track(const json& trace, const json& worker, bool own_process) {
  const int tid = worker["id"].get<int>() + 1;
  std::vector<json> spans;
  for (const json& e : trace["traceEvents"]) {
    if (e["ph"] != "X" || e["tid"] != tid) continue;
    if (own_process && e["pid"] != worker["pid"]) continue;
    if (e["name"] == "setup" || e["name"] == "send result") continue;
    spans.push_back(e);
  }
  std::sort(spans.begin(), spans.end(), [](const json& a, const json& b) { return a["ts"].get<double>() < b["ts"].get<double>(); });
  WorkerSums sums;
  double previous_end = -1e300;
  for (const json& s : spans) {
    INFO(s.dump());
    const double ts = s["ts"], dur = s["dur"];
    CHECK(ts >= previous_end - 0.002);
    previous_end = ts + dur;
    const std::string name = s["name"];
    const json& args = s["args"];
    if (name == "items") {
      sums.read_s += args["read_ms"].get<double>() / 1e3;
      sums.work_s += args["work_ms"].get<double>() / 1e3;
      sums.wait_s += args.value("wait_ms", 0.0) / 1e3;
      sums.items += args["items"].get<std::uint64_t>();
    } else if (name == "read") {
      sums.read_s += dur / 1e6;
      sums.items += 1;
    } else if (name == "io_uring read") {
      sums.read_s += dur / 1e6;
    } else if (name == "parse+count") {
      sums.work_s += dur / 1e6;
    } else if (name == "GIL wait" || name == "claim") {
      sums.wait_s += dur / 1e6;
    }
  }
  sums.spans = spans.size();
  const double rounding = 1e-6 * static_cast<double>(spans.size() + 1);
  INFO("worker " << worker["id"] << ": " << spans.size() << " spans");
  CHECK(sums.items == worker["items"].get<std::uint64_t>());
  CHECK(std::abs(sums.read_s - worker["read_s"].get<double>()) <= rounding);
  CHECK(std::abs(sums.work_s - worker["busy_s"].get<double>()) <= rounding);
  CHECK(std::abs(sums.wait_s - worker["wait_s"].get<double>()) <= 5e-4 + 0.05 * worker["wait_s"].get<double>() + rounding);
  return sums;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Well formed (Python's XML parser), one row per worker and one for the parent.
void check_svg(const std::string& svg, std::size_t workers) {
  CHECK(count_of(svg, "<g class=\"row\" data-track=\"worker\"") == workers);
  CHECK(count_of(svg, "<g class=\"row\" data-track=\"parent\"") == 1);
  test::TempDir dir;
  test::write_file(dir.path() / "t.svg", svg);
  test::CommandResult parsed = test::run_command(
      {"python3", "-c", "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])", (dir.path() / "t.svg").string()});
  INFO(parsed.err);
  CHECK(parsed.exit_code == 0);
}

}  // namespace

TEST_CASE("a trace is Chrome trace JSON whose spans per worker follow one another and add up to the report", "[trace]") {
  auto args = GENERATE(as<std::vector<std::string>>{},
                       std::vector<std::string>{"--mode", "serial"},
                       std::vector<std::string>{"--mode", "threads", "--shards", "3", "--dispatch", "queue", "--batch", "8"},
                       std::vector<std::string>{"--mode", "threads", "--shards", "2", "--gil"},
                       std::vector<std::string>{"--mode", "fork", "--shards", "3", "--dispatch", "block"},
                       std::vector<std::string>{"--mode", "fork", "--shards", "2", "--dispatch", "queue", "--ipc", "shm"},
                       std::vector<std::string>{"--mode", "spawn", "--shards", "2", "--read", "syscalls", "--trace-items"},
                       std::vector<std::string>{"--mode", "fork", "--shards", "2", "--task", "words"});
  std::vector<std::string> full = {"--input", test::generated_corpus().string()};
  full.insert(full.end(), args.begin(), args.end());
  INFO(json(full).dump());
  Traced run = run_traced(full);
  check_event_fields(run.trace);
  const std::string mode = run.report["config"]["mode"];
  const bool own_process = mode == "fork" || mode == "spawn";
  std::uint64_t items = 0;
  for (const json& worker : run.report["workers"]) items += check_worker_track(run.trace, worker, own_process).items;
  CHECK(items == run.report["totals"]["items"].get<std::uint64_t>());
  // The parent's phases, on its own track.
  std::map<std::string, int> phases;
  for (const json& e : run.trace["traceEvents"])
    if (e["ph"] == "X" && e["cat"] == "phase") phases[e["name"]] += 1;
  CHECK(phases["enumerate"] == 1);
  CHECK(phases["launch"] == 1);
  CHECK(phases["work"] == 1);
  CHECK(phases["merge"] == 1);
  // Every worker starts; a process exits after its result was ready.
  std::map<std::string, int> instants;
  for (const json& e : run.trace["traceEvents"])
    if (e["ph"] == "i") instants[e["name"]] += 1;
  const int workers = static_cast<int>(run.report["workers"].size());
  CHECK(instants["start"] == workers);
  CHECK(instants["result ready"] == workers);
  CHECK(instants["exit"] == (own_process ? workers : 0));
  check_svg(run.svg, run.report["workers"].size());
}

TEST_CASE("a trace of the real Enron sample adds up to its report, error items included", "[trace][realdata]") {
  if (test::enron_sample().empty()) {
    WARN("SKIPPED: ../shared/data/enron-sample is absent");
    return;
  }
  // Three line-ending forms, folded and missing To, over-long header lines,
  // files without a final newline: whatever each item costs, the spans of
  // every worker still add up to its statistics and cover all its items.
  auto args = GENERATE(as<std::vector<std::string>>{}, std::vector<std::string>{"--mode", "fork", "--shards", "2"},
                       std::vector<std::string>{"--mode", "threads", "--shards", "2", "--dispatch", "queue"},
                       std::vector<std::string>{"--mode", "spawn", "--shards", "2", "--ipc", "shm", "--trace-items"});
  std::vector<std::string> full = {"--input", test::enron_sample().string()};
  full.insert(full.end(), args.begin(), args.end());
  INFO(json(full).dump());
  Traced run = run_traced(full);
  check_event_fields(run.trace);
  const bool own_process = run.report["config"]["mode"] != "threads";
  std::uint64_t items = 0;
  for (const json& worker : run.report["workers"]) items += check_worker_track(run.trace, worker, own_process).items;
  CHECK(items == run.report["totals"]["items"].get<std::uint64_t>());
  CHECK(items == 8212);
  check_svg(run.svg, run.report["workers"].size());
}

TEST_CASE("by default a trace holds a span per run of items, not one per item", "[trace]") {
  auto args = GENERATE(as<std::vector<std::string>>{}, std::vector<std::string>{"--mode", "serial", "--read", "syscalls"},
                       std::vector<std::string>{"--mode", "serial", "--dispatch", "queue", "--batch", "1"});
  std::vector<std::string> full = {"--input", test::generated_corpus().string()};
  full.insert(full.end(), args.begin(), args.end());
  Traced batches = run_traced(full);
  const std::uint64_t items = batches.report["totals"]["items"];
  std::size_t item_spans = 0;
  for (const json& e : batches.trace["traceEvents"])
    if (e["name"] == "items") ++item_spans;
  CHECK(item_spans == (items + 63) / 64);  // kTraceItemsPerSpan, whatever the claims and io_uring batches
}

TEST_CASE("a trace shows a worker that was killed, when, and the worker that replaced it", "[trace][recovery]") {
  auto mode = GENERATE(as<std::string>{}, "fork", "spawn");
  test::TempDir dir;
  Traced run = run_traced({"--input", test::generated_corpus().string(), "--mode", mode, "--shards", "3"},
                          {"MPINGEST_TEST_FAULT=abort@50", "MPINGEST_TEST_FAULT_ONCE=" + (dir.path() / "once").string()});
  REQUIRE(run.report["failures"].size() == 1);
  const int failed = run.report["failures"][0]["worker"];
  const json* failure = nullptr;
  const json* replacement = nullptr;
  for (const json& e : run.trace["traceEvents"]) {
    if (e["ph"] == "i" && e["name"] == "failure") failure = &e;
    if (e["ph"] == "i" && e["name"] == "replacement") replacement = &e;
  }
  REQUIRE(failure != nullptr);
  CHECK(failure->at("tid") == failed + 1);
  CHECK(failure->at("args")["detail"].get<std::string>().find("signal 6") != std::string::npos);
  REQUIRE(replacement != nullptr);
  CHECK(replacement->at("tid").get<int>() >= 4);  // replacements are numbered after the 3 workers asked for
  CHECK(replacement->at("ts").get<double>() >= failure->at("ts").get<double>());
  // The chart has a row for the failed worker (no result, no bars) besides those that delivered.
  check_svg(run.svg, run.report["workers"].size() + 1);
  CHECK(count_of(run.svg, "data-name=\"failure\"") == 1);
  CHECK(count_of(run.svg, "data-name=\"replacement\"") == 1);
}

TEST_CASE("a resumed run's trace says it resumed", "[trace][journal]") {
  test::TempDir dir;
  const std::string journal = (dir.path() / "j").string();
  const std::string input = test::generated_corpus().string();
  // A journal of a whole run, then a resume that finds everything done but
  // still runs (and traces) the merge and the report.
  REQUIRE(test::run_mpingest({"--input", input, "--journal", journal, "-q"}).exit_code == 0);
  Traced run = run_traced({"--input", input, "--journal", journal, "--resume"});
  bool resumed = false;
  for (const json& e : run.trace["traceEvents"])
    if (e["ph"] == "i" && e["name"] == "resume") resumed = true;
  CHECK(resumed);
}

TEST_CASE("the timeline is drawn without error by a real SVG renderer", "[trace]") {
  test::TempDir dir;
  const std::string svg = (dir.path() / "t.svg").string();
  REQUIRE(test::run_mpingest({"--input", test::generated_corpus().string(), "--mode", "fork", "--shards", "2", "--timeline",
                              svg, "-q"})
              .exit_code == 0);
  test::CommandResult drawn = test::run_command({"rsvg-convert", "--format", "png", "-o", (dir.path() / "t.png").string(), svg});
  if (drawn.exit_code == 127) {
    std::cout << "SKIPPED: rsvg-convert is not installed (scripts/install-deps.sh installs librsvg2-bin)\n";
    return;
  }
  INFO(drawn.err);
  CHECK(drawn.exit_code == 0);
  CHECK(drawn.err.empty());
  CHECK(std::filesystem::file_size(dir.path() / "t.png") > 1000);
}

TEST_CASE("trace and timeline paths are checked before the run and never left half written", "[trace][cli]") {
  test::TempDir dir;
  const std::string input = test::generated_corpus().string();
  auto missing_dir = test::run_mpingest({"--input", input, "--trace", (dir.path() / "no" / "t.json").string()});
  CHECK(missing_dir.exit_code == 2);
  CHECK(missing_dir.err.find("--trace") != std::string::npos);
  auto a_directory = test::run_mpingest({"--input", input, "--timeline", dir.path().string()});
  CHECK(a_directory.exit_code == 2);
  CHECK(a_directory.err.find("is a directory") != std::string::npos);
  auto items_alone = test::run_mpingest({"--input", input, "--trace-items"});
  CHECK(items_alone.exit_code == 2);
  CHECK(items_alone.err.find("--trace-items needs --trace") != std::string::npos);
  // Nothing was written, not even at a temporary name.
  CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("mpingest timeline draws block against queue on a skewed corpus one above the other", "[trace]") {
  test::TempDir dir;
  const std::string corpus = (dir.path() / "skew").string();
  REQUIRE(test::run_mpingest({"gen", "--out", corpus, "--messages", "2000", "--skew", "--seed", "3"}).exit_code == 0);
  std::vector<std::string> traces;
  for (const char* dispatch : {"block", "queue"}) {
    traces.push_back((dir.path() / (std::string(dispatch) + ".json")).string());
    REQUIRE(test::run_mpingest({"--input", corpus, "--mode", "fork", "--shards", "2", "--dispatch", dispatch, "--trace",
                                traces.back(), "-q"})
                .exit_code == 0);
  }
  const std::string svg = (dir.path() / "skew.svg").string();
  auto drawn = test::run_mpingest({"timeline", traces[0], traces[1], "--title", "static blocks", "--title", "a shared queue",
                                   "-o", svg});
  INFO(drawn.err);
  REQUIRE(drawn.exit_code == 0);
  const std::string text = test::read_text_file(svg);
  CHECK(count_of(text, "<g class=\"panel\"") == 2);
  CHECK(text.find("static blocks") < text.find("a shared queue"));
  CHECK(count_of(text, "<g class=\"row\" data-track=\"worker\"") == 4);
  CHECK(count_of(text, "\u00b7 straggler") == 2);

  // A file that is not a trace is a usage error, and no chart is written.
  test::write_file(dir.path() / "not.json", "{\"traceEvents\": []}");
  auto refused = test::run_mpingest({"timeline", (dir.path() / "not.json").string(), "-o", (dir.path() / "x.svg").string()});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("not a trace written by mpingest") != std::string::npos);
  CHECK(!std::filesystem::exists(dir.path() / "x.svg"));
}

TEST_CASE("bench --timeline draws every case, alone and all on one axis", "[trace][bench]") {
  test::TempDir out;
  auto r = test::run_mpingest({"bench", "--input", test::generated_corpus().string(), "--modes", "serial,fork", "--dispatch",
                               "block,queue", "--ipc", "pipe", "--shards", "2", "--repeat", "1", "--warmup", "0",
                               "--timeline", "--out", out.path().string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  for (const char* stem : {"serial", "fork-block-pipe-x2", "fork-queue-64-pipe-x2"}) {
    INFO(stem);
    CHECK(std::filesystem::exists(out.path() / (std::string("timeline-") + stem + ".svg")));
    CHECK(std::filesystem::exists(out.path() / (std::string("timeline-") + stem + ".json")));
  }
  const std::string combined = test::read_text_file(out.path() / "timelines.svg");
  CHECK(count_of(combined, "<g class=\"panel\"") == 3);
  CHECK(count_of(combined, "<g class=\"row\" data-track=\"worker\"") == 1 + 2 + 2);
}

TEST_CASE("a worker's recorder folds items, claims and io_uring batches into runs of 64, or keeps every one", "[trace]") {
  auto item_at = [](std::int64_t t) { return ItemTimes{t, t + 2, t + 3, t + 10}; };  // read 2, GIL wait 1, work 7
  TraceRecorder runs(TraceDetail::batches);
  runs.span(TraceKind::claim, 0, 5, 1);
  runs.span(TraceKind::read_batch, 5, 20, 32);
  for (int i = 0; i < 70; ++i) runs.item(item_at(20 + 10 * i), 100);
  runs.span(TraceKind::checkpoint, 800, 900, 70);
  std::vector<TraceSpan> spans = runs.take();
  REQUIRE(spans.size() == 3);  // 64 items with the claim and the batch, 6 items, the checkpoint
  CHECK(spans[0].kind == TraceKind::items);
  CHECK((spans[0].start_ns == 0 && spans[0].items == 64 && spans[0].bytes == 6400));
  CHECK(spans[0].read_ns == 15 + 64 * 2);  // the io_uring batch, then each item's own read
  CHECK(spans[0].wait_ns == 5 + 64 * 1);   // the claim, then each item's GIL wait
  CHECK(spans[0].busy_ns == 64 * 7);
  CHECK((spans[1].items == 6 && spans[1].start_ns == 20 + 640 && spans[1].end_ns == 20 + 700));
  CHECK((spans[2].kind == TraceKind::checkpoint && spans[2].items == 70));

  TraceRecorder every(TraceDetail::items);
  every.span(TraceKind::claim, 0, 5, 1);
  every.item(item_at(5), 100);
  spans = every.take();
  REQUIRE(spans.size() == 4);
  CHECK(spans[0].kind == TraceKind::claim);
  CHECK((spans[1].kind == TraceKind::read && spans[1].end_ns - spans[1].start_ns == 2));
  CHECK((spans[2].kind == TraceKind::gil_wait && spans[2].end_ns - spans[2].start_ns == 1));
  CHECK((spans[3].kind == TraceKind::work && spans[3].end_ns - spans[3].start_ns == 7));

  TraceRecorder off(TraceDetail::off);
  off.item(item_at(0), 1);
  off.span(TraceKind::checkpoint, 0, 1);
  CHECK(off.take().empty());
}
