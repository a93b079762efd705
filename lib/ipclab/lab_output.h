#pragma once
// Writing `mpingest ipc`'s rows: a table for the terminal, ipc.json and
// ipc.csv, the two charts, and the crossover in one sentence.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ipclab/lab_anatomy.h"
#include "ipclab/lab_matrix.h"

namespace mpingest {

struct LabContext {
  std::string machine;  // describe_machine()
  std::string date;     // UTC, ISO 8601
  bool pinned = false;
};

std::string render_lab_table(const std::vector<LabRow>& rows);
// Each anatomy's steps with their shares, the writer's and reader's sums, and
// the wall time per message its stream row measured between two processes.
std::string render_anatomy_table(const std::vector<LabAnatomy>& anatomies, const std::vector<LabRow>& rows);
nlohmann::json lab_to_json(const std::vector<LabRow>& rows, const LabContext& context,
                           const std::vector<LabAnatomy>& anatomies = {});
std::string lab_to_csv(const std::vector<LabRow>& rows);
// MB/s against message size (stream), log-log, one line per transport; "" without stream rows.
std::string lab_throughput_svg(const std::vector<LabRow>& rows, const LabContext& context);
// Median round trip against message size (pingpong), log-log; "" without pingpong rows.
std::string lab_latency_svg(const std::vector<LabRow>& rows, const LabContext& context);

// Where shared memory starts to pay, in a sentence per pair (shm-raw
// against pipe-raw, mpingest's shm against its pipe) and pattern: the
// smallest size from which it beats the pipe by at least 10% at every
// larger size measured (stream: messages a second; pingpong: the median
// round trip), and by how much at the largest.
std::vector<std::string> lab_crossovers(const std::vector<LabRow>& rows);

}  // namespace mpingest
