#pragma once
// `mpingest bench`: the flags, and running the matrix from them.

#include <CLI/CLI.hpp>
#include <string>

namespace mpingest {

struct BenchFlags {
  std::string input;
  std::string input_format = "auto";
  std::string column;
  std::string encoding;
  std::string read;  // --read: methods to compare, "" for the default alone
  std::string modes = "serial,threads,fork,spawn";
  std::string dispatch = "rr,block,queue";
  std::string ipc = "pipe,shm";
  std::string shards = "1,2,4";
  std::string batch = "64";
  int repeat = 3;
  int warmup = 1;
  std::string out_dir = "bench-results";
  std::string task = "capitals";
  bool python = false;        // --python: the seed's Python too
  std::string python_script;  // --python-script; "" for the default
  bool timeline = false;      // --timeline: a traced run of each case, drawn
};

CLI::App* add_bench_command(CLI::App& app, BenchFlags& flags);

// Prints the table to stdout and writes bench.json, bench.csv and bench.svg.
// Returns the exit code (1 if some runs disagreed on the totals).
int run_bench_command(const BenchFlags& flags);

}  // namespace mpingest
