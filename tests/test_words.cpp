// The task `words`: the same words and counts as Python's
// itertools.groupby(body, str.isalpha) and str.lower(), in every launch,
// dispatch and ipc, and results far larger than a shared-memory slot.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "run/run_job.h"
#include "tasks/words_task.h"
#include "text/words.h"
#include "transport/result_transport.h"
#include "test_support.h"

using namespace mpingest;

namespace {

std::vector<std::string> words_of(std::string_view text, TextEncoding encoding) {
  std::vector<std::string> out;
  WordScanner scanner(encoding);
  scanner.scan(text, [&](const std::string& key) { out.push_back(key); });
  return out;
}

// scripts/reference_totals.py --words K on `input`; null if python3 is missing.
nlohmann::json python_words(const std::string& input, const std::string& encoding, int k) {
  auto python = test::run_command({"python3", std::string(MPINGEST_SCRIPTS_DIR) + "/reference_totals.py", input,
                                   "--encoding", encoding, "--json", "--words", std::to_string(k)});
  if (python.exit_code == 127) return nullptr;
  INFO(python.err);
  REQUIRE(python.exit_code == 0);
  return nlohmann::json::parse(python.out)["words"];
}

RunConfig words_config(const std::string& input, const std::string& mode, const std::string& encoding) {
  RunConfig c;
  c.input = input;
  c.mode = parse_launch_mode(mode);
  c.shards = mode == "serial" ? 1 : 3;
  c.processing.task = "words";
  c.processing.encoding = encoding == "utf-8" ? TextEncoding::utf8 : TextEncoding::latin1;
  c.processing.top = 50;
  c.worker_executable = MPINGEST_BINARY;
  return c;
}

// Every launch x dispatch x ipc (threads with and without the GIL) gives
// Python's words, and the same envelope as serial.
void check_every_combination(const std::string& input, const std::string& encoding) {
  nlohmann::json expected = python_words(input, encoding, 50);
  if (expected.is_null()) {
    std::cout << "SKIPPED: python3 is not installed\n";
    return;
  }
  RunReport serial = run_job(words_config(input, "serial", encoding));
  CHECK(serial.task_report.json["words"] == expected);
  CHECK(serial.task_report.json["task"] == "words");
  for (const char* mode : {"threads", "fork", "spawn"})
    for (const char* dispatch : {"rr", "block", "queue"})
      for (const char* ipc : {"pipe", "shm"})
        for (bool gil : {false, true}) {
          if (std::string(mode) == "threads" ? std::string(ipc) == "shm" : gil) continue;
          INFO(fmt::format("{} {} {}{}", mode, dispatch, ipc, gil ? " gil" : ""));
          RunConfig c = words_config(input, mode, encoding);
          c.dispatch = parse_dispatch_strategy(dispatch);
          c.ipc = parse_ipc_kind(ipc);
          c.gil = gil;
          c.batch = 5;
          RunReport got = run_job(c);
          CHECK(got.complete());
          CHECK(got.totals == serial.totals);
          CHECK(got.task_report == serial.task_report);
        }
}

}  // namespace

TEST_CASE("words split on str.isalpha and fold with str.lower, final sigma included", "[words]") {
  // Literals from Python 3.11: [''.join(g).lower() for a, g in groupby(t, str.isalpha) if a]
  CHECK(words_of("\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3 \xCE\xA3\xCE\x91\xCE\xA3 \xCE\xA3 a\xCE\xA3\xCA\xB0 \xCA\xB0\xCE\xA3",
                 TextEncoding::utf8) ==
        std::vector<std::string>{"\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82", "\xCF\x83\xCE\xB1\xCF\x82", "\xCF\x83",
                                 "a\xCF\x82\xCA\xB0", "\xCA\xB0\xCF\x83"});
  CHECK(words_of("\xC4\xB0stanbul STRASSE stra\xC3\x9F" "e \xC2\xAA\xC2\xBA \xC2\xB5 \xC7\x85ungla", TextEncoding::utf8) ==
        std::vector<std::string>{"i\xCC\x87stanbul", "strasse", "stra\xC3\x9F" "e", "\xC2\xAA\xC2\xBA", "\xC2\xB5",
                                 "\xC7\x86ungla"});
  // A combining accent is not a letter; an invalid byte is U+FFFD, not a letter either.
  CHECK(words_of("don't x2y e\xCC\x81 ab\xFF" "cd", TextEncoding::utf8) ==
        std::vector<std::string>{"don", "t", "x", "y", "e", "ab", "cd"});
  // Latin-1: every byte is a character; keys stay Latin-1 bytes.
  CHECK(words_of("\xC0\xC9t\xE9 \xD7x\xF7 \xAA\xB5\xBA \xDF\xFF", TextEncoding::latin1) ==
        std::vector<std::string>{"\xE0\xE9t\xE9", "x", "\xAA\xB5\xBA", "\xDF\xFF"});
  CHECK(words_of("", TextEncoding::utf8).empty());
  CHECK(words_of("123 ... \n", TextEncoding::latin1).empty());
}

TEST_CASE("words: awkward letters and bodies equal Python's reference in both encodings", "[words][python]") {
  test::TempDir dir;
  test::write_file(dir.path() / "m/0.", "Subject: greek\n\n\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3 \xCE\xA3\xCE\x91\xCE\xA3 "
                                        "\xE1\xBD\x88\xCE\x94\xCE\xA5\xCE\xA3\xCE\xA3\xCE\x95\xCE\x8E\xCE\xA3 word's\n");
  test::write_file(dir.path() / "m/1.", "To: a@b\n\n\xC4\xB0stanbul STRASSE stra\xC3\x9F" "e \xEF\xAC\x81ne\n");
  test::write_file(dir.path() / "m/2.", "From: x\n\nbad \xFF\xFE bytes e\xCC\x81 \xE6\x97\xA5\xE6\x9C\xAC 123abc_def\n");
  test::write_file(dir.path() / "m/3.", "no headers here at all \xC3\x80\xC3\x89\n");
  test::write_file(dir.path() / "m/4.", "Subject: x\r\n\r\nCRLF body \xCE\xA3\xCE\xA3\xCE\xA3\r\nline2\r\n");
  test::write_file(dir.path() / "m/5.", "Subject: only headers\n");
  const std::string input = (dir.path() / "m").string();
  for (const char* encoding : {"utf-8", "latin-1"}) {
    INFO(encoding);
    nlohmann::json expected = python_words(input, encoding, 100);
    if (expected.is_null()) {
      std::cout << "SKIPPED: python3 is not installed\n";
      return;
    }
    RunReport got = run_job(words_config(input, "fork", encoding));
    CHECK(got.task_report.json["words"] == expected);
    CHECK(got.totals.messages == 6);
  }
}

TEST_CASE("words: the generated corpus equals Python's reference in every launch, dispatch and ipc", "[words][python]") {
  check_every_combination(test::generated_corpus().string(), "latin-1");
}

TEST_CASE("Enron sample: words equal Python's reference in every launch, dispatch and ipc", "[realdata]") {
  if (test::enron_sample().empty()) {
    WARN("SKIPPED: ../shared/data/enron-sample is absent");
    return;
  }
  check_every_combination(test::enron_sample().string(), "latin-1");
}

TEST_CASE("words: a result far larger than a shared-memory slot still travels, and merges", "[words]") {
  // 120 messages of 4,000 distinct words each: a worker's dictionary is
  // megabytes, more than the largest result slot (kMaxResultSlotBytes).
  test::TempDir dir;
  std::mt19937_64 random(7);
  for (int m = 0; m < 120; ++m) {
    std::string text = "Subject: many words\n\n";
    for (int w = 0; w < 4000; ++w) {
      std::uint64_t n = random();
      for (int letter = 0; letter < 10; ++letter, n /= 26) text.push_back(static_cast<char>('a' + n % 26));
      text.push_back(w % 12 == 11 ? '\n' : ' ');
    }
    test::write_file(dir.path() / fmt::format("m/{}.", m), text);
  }
  const std::string input = (dir.path() / "m").string();
  RunReport serial = run_job(words_config(input, "serial", "latin-1"));
  CHECK(serial.task_report.json["words"]["distinct"] == 120 * 4000);
  for (const char* mode : {"fork", "spawn"}) {
    INFO(mode);
    RunConfig c = words_config(input, mode, "latin-1");
    c.ipc = IpcKind::shm;
    c.shards = 2;
    RunReport got = run_job(c);
    CHECK(got.complete());
    CHECK(got.totals == serial.totals);
    CHECK(got.task_report == serial.task_report);
    std::uint64_t largest = 0;
    for (const WorkerStats& w : got.workers) largest = std::max(largest, w.ipc_bytes);
    CHECK(largest > kMaxResultSlotBytes);
  }
  CHECK(test::leaked_segments().empty());
}

TEST_CASE("an unknown --task is a usage error naming the known ones", "[words][cli]") {
  auto r = test::run_command({MPINGEST_BINARY, "--input", test::generated_corpus().string(), "--task", "nope", "-q"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("words") != std::string::npos);
}
