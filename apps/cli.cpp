// mpingest's command line: parses flags, calls the library, prints the
// report. Both programs run it: mpingest, and mpingest-mpi (with MPI).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <new>

#include "bench_command.h"
#include "timeline_command.h"
#include "ipc_command.h"
#include "common/interrupt.h"
#include "common/malloc_policy.h"
#include "common/output_channel.h"
#include "common/system_error.h"
#include "generator/generator.h"
#include "common/resource_limits.h"
#include "cli.h"
#include "exit_codes.h"
#include "flag_checks.h"
#include "corpus/open_input.h"
#include "transport/ipc_kind.h"
#include "ipc/shared_segment.h"
#include "launch/mpi_launcher.h"
#include "launch/spawn_job.h"
#include "report/report.h"
#include "common/whole_file.h"
#include "timeline/gantt_svg.h"
#include "timeline/trace_json.h"
#include "run/run_job.h"

namespace {

using namespace mpingest;

struct RunFlags {
  RunConfig config;
  std::string input_format = "auto";
  std::string mode = "fork";
  std::string dispatch = "rr";
  std::string ipc = "pipe";
  std::string encoding = "auto";
  std::string read = "auto";
  std::string format = "text";
  std::size_t max_errors = 20;
  std::size_t reorder_mib = 64;
  std::string progress = "auto";
  bool quiet = false;
  std::string trace;     // --trace FILE.json
  bool trace_items = false;
  std::string timeline;  // --timeline FILE.svg
};

// --trace and --timeline: written whole once the run is done (common/whole_file.h).
void write_trace_files(const RunFlags& flags, const RunReport& report) {
  if (!flags.trace.empty()) write_whole_file(flags.trace, render_trace_json(report.trace), "--trace");
  if (!flags.timeline.empty())
    write_whole_file(flags.timeline, render_gantt_svg({{report.trace.title, &report.trace}}), "--timeline");
}

int run_ingest(const RunFlags& flags, bool ipc_given, bool shards_given) {
  RunConfig config = flags.config;
  config.input_format = parse_input_format(flags.input_format);
  config.mode = parse_launch_mode(flags.mode);
  config.dispatch = parse_dispatch_strategy(flags.dispatch);
  config.ipc = parse_ipc_kind(flags.ipc);
  config.auto_encoding = flags.encoding == "auto";
  config.processing.encoding = flags.encoding == "utf-8" ? TextEncoding::utf8 : TextEncoding::latin1;
  config.processing.read_method = parse_read_method(flags.read);
  config.reorder_buffer_bytes = flags.reorder_mib << 20;
  // auto: only on a terminal, and not when records stream to the same one.
  bool terminal = ::isatty(STDERR_FILENO) && !(config.emit == "-" && ::isatty(STDOUT_FILENO));
  config.progress = !flags.quiet && (flags.progress == "always" || (flags.progress == "auto" && terminal));
  config.ipc_given = ipc_given;
  config.shards_given = shards_given;
  if (flags.trace_items && flags.trace.empty() && flags.timeline.empty())
    throw UsageError("--trace-items needs --trace FILE.json or --timeline FILE.svg");
  const bool rank_zero = !serves_other_rank(config);
  if (flags.trace_items) config.processing.trace = TraceDetail::items;
  else if (!flags.trace.empty() || !flags.timeline.empty()) config.processing.trace = TraceDetail::batches;
  if (rank_zero && !flags.trace.empty()) check_whole_file_writable(flags.trace, "--trace");
  if (rank_zero && !flags.timeline.empty()) check_whole_file_writable(flags.timeline, "--timeline");
  if (!rank_zero) return serve_rank(config);  // --mode mpi: only rank 0 reports
  StopSignalScope stop_scope;  // the report, too, is written under the run's signal rules
  RunReport report = run_job(config);
  write_trace_files(flags, report);
  // stdout carries the records with --emit -: the report goes to stderr then.
  OutputChannel out = OutputChannel::standard(config.emit == "-" ? STDERR_FILENO : STDOUT_FILENO);
  out.set_name(std::string("the report (") + (config.emit == "-" ? "stderr" : "stdout") + ")");
  out.write_all(flags.format == "json" ? render_json_report(report) : render_text_report(report, {flags.max_errors}));
  for (const WorkerFailure& f : report.failures) {
    std::cerr << "mpingest: worker " << f.worker << " (pid " << f.pid << ") " << f.what
              << (f.recovered ? "; its items were re-run" : "; not recovered") << "\n";
  }
  if (!report.complete()) {
    std::cerr << "mpingest: " << report.unprocessed.size() << " item(s) were not processed\n";
    return exit_code::kWorkerFailed;
  }
  return report.totals.errors > 0 ? exit_code::kItemErrors : exit_code::kOk;
}

int run_clean(bool dry_run) {
  std::vector<std::string> stale = SharedSegment::stale_segments();
  std::vector<std::string> removed = dry_run ? stale : SharedSegment::remove_stale(stale);
  for (const std::string& name : removed) std::cout << (dry_run ? "stale: /dev/shm/" : "removed: /dev/shm/") << name << "\n";
  std::cout << removed.size() << " stale segment(s) " << (dry_run ? "found" : "removed") << "\n";
  return exit_code::kOk;
}

void warn_about_stale_segments() {
  std::size_t stale = SharedSegment::stale_segments().size();
  if (stale > 0)
    std::cerr << "mpingest: note: " << stale << " shared-memory segment(s) left by killed runs; `mpingest clean` removes them\n";
}

int run_gen(const GeneratorOptions& options) {
  GeneratorSummary summary = generate(options);
  std::cout << "generated " << summary.files << " messages, " << summary.bytes << " bytes in "
            << options.out_dir.string() << "\n";
  return exit_code::kOk;
}

// This process failed. Under mpirun the other ranks would wait for it
// forever: end the whole job (MPI cannot go on without a rank).
int failed(int code) {
  abort_mpi_job(code);
  return code;
}

void add_run_flags(CLI::App& app, RunFlags& flags) {
  RunConfig& c = flags.config;
  app.add_option("-i,--input", c.input,
                 "A maildir (every regular file below it is one message), a CSV file (one message per row), "
                 "or an mbox file")
      ->check(CLI::ExistingPath);
  app.add_option("--input-format", flags.input_format, "auto: a directory is a maildir; a file by its extension")
      ->check(CLI::IsMember(input_format_names()))
      ->capture_default_str();
  app.add_option("--column", c.column, "CSV: the column holding each message")->capture_default_str();
  app.add_option("-t,--task", c.processing.task,
                 "What is done with each message: capitals (the email analysis) or words (word frequencies)")
      ->check(CLI::IsMember(task_names()))
      ->capture_default_str();
  app.add_option("-m,--mode", flags.mode, "How workers are launched")
      ->check(CLI::IsMember(launch_mode_names()))
      ->capture_default_str();
  app.add_option("-n,--shards", c.shards, "Number of workers (never more than items)")
      ->check(flags::whole_number(1, kMaxWorkers))
      ->capture_default_str();
  app.add_option("-d,--dispatch", flags.dispatch, "How items are split among workers")
      ->check(CLI::IsMember(dispatch_strategy_names()))
      ->capture_default_str();
  app.add_option("--ipc", flags.ipc, "How results travel to the parent (fork and spawn only)")
      ->check(CLI::IsMember(ipc_kind_names()))
      ->capture_default_str();
  app.add_option("--batch", c.batch, "Queue dispatch: items a worker claims at a time")
      ->check(flags::whole_number(1, 1u << 30))
      ->capture_default_str();
  app.add_flag("--gil", c.gil, "Threads take turns to parse and count, like CPython threads under the GIL");
  app.add_option("--encoding", flags.encoding,
                 "How message bytes are decoded before counting capitals (auto: utf-8 for CSV, as pandas reads "
                 "it; latin-1 otherwise, as the seed reads Enron)")
      ->check(CLI::IsMember({"auto", "latin-1", "utf-8"}))
      ->capture_default_str();
  app.add_option("--read", flags.read,
                 "How maildir files are read: io_uring batches (one system call for 32 files) or one system "
                 "call at a time (auto: io_uring where the kernel allows it)")
      ->check(CLI::IsMember(read_method_names()))
      ->capture_default_str();
  app.add_option("--format", flags.format, "Report format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--max-bytes", c.processing.max_bytes, "Larger files are listed as errors, not read")
      ->check(flags::whole_number(1, std::uint64_t{1} << 40))
      ->capture_default_str();
  app.add_option("--max-errors-shown", flags.max_errors, "Error items listed in the text report")
      ->check(flags::whole_number(0, 1'000'000'000))
      ->capture_default_str();
  app.add_flag("--follow-symlinks", c.follow_symlinks, "Follow symbolic links (loops are detected)");
  app.add_option("--emit", c.emit, "Write one JSON record per message to this file ('-': stdout, report to stderr)")
      ->check(CLI::Validator([](std::string& v) { return v.empty() ? std::string("needs a path, or - for stdout") : std::string(); }, "PATH"));
  app.add_flag("--emit-body", c.processing.emit_body, "Records include the message body");
  app.add_flag("--unordered", c.unordered, "Write records as they arrive instead of in input order");
  app.add_option("--top", c.processing.top,
                 "capitals: list the K most frequent senders, recipients and sender->recipient pairs; "
                 "words: the K most frequent words (default 20)")
      ->check(flags::whole_number(0, 1'000'000))
      ->capture_default_str();
  app.add_option("--journal", c.journal,
                 "Append what is finished to this file as the run goes (fsync'd), so that an interrupted run can "
                 "be resumed");
  app.add_flag("--resume", c.resume,
               "Run only what --journal lacks, then report as if uninterrupted (with --emit: continue its file)");
  app.add_option("--checkpoint-every", c.checkpoint_s, "--journal: seconds between a worker's hand-overs")
      ->check(flags::finite_number(0.001, 3600))
      ->capture_default_str();
  app.add_option("--retries", c.retries, "Re-runs of the items of a worker that died or failed")
      ->check(flags::whole_number(0, 100))
      ->capture_default_str();
  app.add_option("--timeout", c.timeout_s,
                 "Kill a worker that makes no progress for this many seconds (fork, spawn; 0: never)")
      ->check(flags::finite_number(0, 1e6));
  app.add_option("--reorder-mib", flags.reorder_mib, "Bound of the buffer that puts records back in input order")
      ->check(flags::whole_number(1, 1u << 20))
      ->capture_default_str();
  app.add_option("--progress", flags.progress, "Progress line on stderr (auto: only if stderr is a terminal)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_option("--trace", flags.trace,
                 "Write the run's timeline as Chrome trace JSON (open it in ui.perfetto.dev): "
                 "the parent's phases, a track per worker");
  app.add_flag("--trace-items", flags.trace_items,
               "--trace, --timeline: a span per item and part of an item, claim and io_uring batch "
               "(default: per run of 64 items)");
  app.add_option("--timeline", flags.timeline,
                 "Draw the run as a Gantt chart (SVG): a row per worker, the straggler and critical path labelled");
  app.add_flag("-q,--quiet", flags.quiet, "No progress line and no note about stale segments (= --progress never)");
}

}  // namespace

int mpingest::mpingest_main(int argc, char** argv) {
  return_freed_memory_before_forks();
  // A closed stdout must fail visibly, not lend its number to the next file opened.
  guard_standard_descriptors();
  CLI::App app{"mpingest: split an email ingestion job across workers and measure the trade-offs"};
  app.footer(exit_code::kHelpText);
  // A flag given twice keeps its last value, so scripts/run.sh's defaults can be overridden.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.require_subcommand(0, 1);

  RunFlags flags;
  add_run_flags(app, flags);

  GeneratorOptions gen_options;
  CLI::App* gen = app.add_subcommand("gen", "Generate a deterministic Enron-like maildir");
  gen->add_option("-o,--out", gen_options.out_dir, "Output directory (maildir: absent or empty) or file (csv, mbox)")
      ->required();
  gen->add_option("--messages", gen_options.messages, "Number of messages (at most 10,000,000)")
      ->check(flags::whole_number(0, kMaxGeneratedMessages))
      ->capture_default_str();
  gen->add_option("--seed", gen_options.seed, "Random seed; the same seed gives the same bytes")
      ->check(flags::whole_number(0, UINT64_MAX))
      ->capture_default_str();
  std::string gen_format = "maildir";
  gen->add_option("--format", gen_format, "maildir (a directory), csv (an Emails.csv-like file) or mbox (a file)")
      ->check(CLI::IsMember({"maildir", "csv", "mbox"}))
      ->capture_default_str();
  CLI::Option* skew = gen->add_flag("--skew", gen_options.skew,
                                    "Make the first messages (in the order mpingest reads them) huge mass mailings, "
                                    "so that --dispatch block is unbalanced while rr and queue share them");
  gen->add_option("--huge-fraction", gen_options.huge_fraction, "--skew: the fraction of messages that are huge")
      ->check(flags::finite_number(0, 1))
      ->needs(skew)
      ->capture_default_str();
  gen->add_option("--huge-factor", gen_options.huge_factor,
                  "--skew: how many times longer their To lists are, every recipient named "
                  "(csv, mbox: messages stay under ~100 KB)")
      ->check(flags::whole_number(1, 100'000))
      ->needs(skew)
      ->capture_default_str();

  BenchFlags bench_flags;
  CLI::App* bench = add_bench_command(app, bench_flags);
  TimelineFlags timeline_flags;
  CLI::App* timeline = add_timeline_command(app, timeline_flags);
  IpcFlags ipc_flags;
  CLI::App* ipc = add_ipc_command(app, ipc_flags);

  bool dry_run = false;
  CLI::App* clean = app.add_subcommand("clean", "Remove shared-memory segments left by runs that were killed");
  clean->add_flag("--dry-run", dry_run, "Only list them");

  // The internal entry point of --mode spawn; not shown in --help.
  long parent_pid = 0;
  CLI::App* worker = app.add_subcommand("worker", "");
  worker->group("");
  worker->add_option("--parent-pid", parent_pid)->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help: printed, exit 0
    std::cerr << "mpingest: " << flags::shortened(e.what()) << "\nRun with --help for more information.\n";
    return exit_code::kUsage;
  }

  try {
    if (worker->parsed()) return run_spawned_worker(STDIN_FILENO, STDOUT_FILENO, parent_pid);
    if (clean->parsed()) return run_clean(dry_run);
    if (bench->parsed()) return run_bench_command(bench_flags);
    if (timeline->parsed()) return run_timeline_command(timeline_flags);
    if (ipc->parsed()) return run_ipc_command(ipc_flags);
    if (gen->parsed()) {
      gen_options.format = parse_generator_format(gen_format);
      return run_gen(gen_options);
    }
    if (flags.config.input.empty()) throw UsageError("--input is required (a maildir, CSV or mbox)");
    // --mode mpi runs in mpingest-mpi, which loads Open MPI; this program does not.
    if (flags.mode == "mpi" && !has_mpi_support()) exec_mpi_program(argv);
    flags.config.column_given = app.count("--column") > 0;
    if (!flags.quiet) warn_about_stale_segments();
    return run_ingest(flags, app.count("--ipc") > 0, app.count("--shards") > 0);
  } catch (const UsageError& e) {
    std::cerr << "mpingest: " << e.what() << "\n";
    return failed(exit_code::kUsage);
  } catch (const Interrupted& e) {
    std::cerr << "mpingest: " << e.what() << "; workers stopped and reaped, shared memory removed";
    if (!e.progress().empty()) std::cerr << "; " << e.progress();
    std::cerr << "\n";
    return failed(exit_code::kInterruptedBase + e.signal_number());
  } catch (const ResourceError& e) {
    std::cerr << "mpingest: " << e.what() << "\n";
    return failed(exit_code::kResource);
  } catch (const OutputClosed& e) {
    std::cerr << "mpingest: " << e.what() << "\n";
    return failed(exit_code::kOutputClosed);
  } catch (const std::bad_alloc&) {
    std::cerr << "mpingest: out of memory (a limit such as ulimit -v, or the machine's)\n";
    return failed(exit_code::kResource);
  } catch (const std::exception& e) {
    std::cerr << "mpingest: " << e.what() << "\n";
    return failed(exit_code::kInternal);
  }
}
