// hot_path_benchmark: what a worker does to each message once it is in memory.
//
//   Latin1Capitals/<bytes>     count_capitals_latin1 on generated mail text
//   Latin1CapitalsAllA/...     worst cases: every byte a capital, every byte
//   Latin1CapitalsHigh/...     >= 0x80 (random high bytes: half are capitals)
//   Utf8Capitals/...           count_capitals_utf8 on the same text as UTF-8,
//   Utf8CapitalsLatin/...      and on text that is all two-byte letters
//   HeaderParse                MessageHeaders::parse + To/Cc, as counting asks (reused object)
//   CountAddresses             count_addresses of each message's To and Cc
//   AnalyzeMessage             MessageAnalyzer::analyze: the worker's whole job
//   AnalyzeMessageFields       the same with fields (--emit, --top)
//
// Text benchmarks report bytes/s (SetBytesProcessed); message benchmarks
// report messages/s (items), bytes/s over the bytes they look at, and
// `allocs_per_msg`, counted by the global operator new of this binary.
// Messages come from mpingest's corpus generator (2,000 messages, seed 1:
// the first messages of `mpingest gen --seed 1`), or from a real maildir:
//
//   MPINGEST_BENCH_MAILDIR=../shared/data/enron-sample/maildir hot_path_benchmark

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "corpus/enumerate_maildir.h"
#include "corpus/file_reader.h"
#include "generator/generator_message.h"
#include "message/addresses.h"
#include "message/message_analysis.h"
#include "message/message_headers.h"
#include "text/capitals.h"

// ---------------------------------------------------------------------------
// Allocation counting: every operator new of the process goes through here.

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}

// Not inlined: g++ would otherwise pair the inlined malloc with the free of an
// inlined delete and warn (-Wmismatched-new-delete) about a correct program.
#define MPINGEST_REPLACEMENT __attribute__((noinline))

MPINGEST_REPLACEMENT void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
MPINGEST_REPLACEMENT void* operator new[](std::size_t size) { return ::operator new(size); }
MPINGEST_REPLACEMENT void operator delete(void* p) noexcept { std::free(p); }
MPINGEST_REPLACEMENT void operator delete[](void* p) noexcept { std::free(p); }
MPINGEST_REPLACEMENT void operator delete(void* p, std::size_t) noexcept { std::free(p); }
MPINGEST_REPLACEMENT void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

using mpingest::gen::GeneratedMessage;
using mpingest::gen::MessageSource;

constexpr std::uint64_t kMessages = 2000;  // a corpus of this many messages, seed 1

// The messages every benchmark uses: generated ones, or with
// MPINGEST_BENCH_MAILDIR=DIR the first kMaxRealMessages files of a real
// maildir (in mpingest's order), e.g. the Enron sample.
constexpr std::size_t kMaxRealMessages = 20000;

std::vector<std::string> read_maildir(const std::string& root) {
  mpingest::ItemList items = mpingest::enumerate_maildir(root);
  mpingest::FileReader reader(root, 64ull << 20);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < items.size() && out.size() < kMaxRealMessages; ++i) {
    if (items.kind(i) != mpingest::ItemKind::regular) continue;
    mpingest::ReadOutcome read = reader.read(items.path(i));
    if (read.ok && !read.bytes.empty()) out.emplace_back(read.bytes);
  }
  if (out.empty()) throw std::runtime_error("no messages in " + root);
  return out;
}

const std::vector<std::string>& messages() {
  static const std::vector<std::string> all = [] {
    if (const char* root = std::getenv("MPINGEST_BENCH_MAILDIR")) return read_maildir(root);
    MessageSource source(1, kMessages);
    GeneratedMessage message;
    std::vector<std::string> out;
    for (std::uint64_t i = 0; i < kMessages; ++i) {
      source.build(i, message);
      out.push_back(message.bytes);
    }
    return out;
  }();
  return all;
}

// Mail text of exactly `size` bytes: generated messages back to back.
std::string mail_text(std::size_t size) {
  std::string text;
  for (std::size_t i = 0; text.size() < size; i = (i + 1) % messages().size()) text += messages()[i];
  text.resize(size);
  return text;
}

std::string latin1_to_utf8(const std::string& latin1) {
  std::string out;
  for (unsigned char c : latin1) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

std::string random_high_bytes(std::size_t size) {
  std::string text(size, '\0');
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  for (char& c : text) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    c = static_cast<char>(0x80 | (x & 0x7F));
  }
  return text;
}

std::string repeat_to(const std::string& unit, std::size_t size) {
  std::string text;
  while (text.size() < size) text += unit;
  text.resize(size);
  return text;
}

void run_latin1(benchmark::State& state, const std::string& text) {
  for (auto _ : state) benchmark::DoNotOptimize(mpingest::count_capitals_latin1(text));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void run_utf8(benchmark::State& state, const std::string& text) {
  for (auto _ : state) benchmark::DoNotOptimize(mpingest::count_capitals_utf8(text));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void Latin1Capitals(benchmark::State& state) { run_latin1(state, mail_text(state.range(0))); }
void Latin1CapitalsAllA(benchmark::State& state) { run_latin1(state, std::string(state.range(0), 'A')); }
void Latin1CapitalsHigh(benchmark::State& state) { run_latin1(state, random_high_bytes(state.range(0))); }

void Utf8Capitals(benchmark::State& state) {
  std::string text = latin1_to_utf8(mail_text(state.range(0)));
  text.resize(state.range(0));
  run_utf8(state, text);
}
// "ÉéÀß": two-byte letters, half of them capitals.
void Utf8CapitalsLatin(benchmark::State& state) {
  run_utf8(state, repeat_to("\xC3\x89\xC3\xA9\xC3\x80\xC3\x9F", state.range(0)));
}

BENCHMARK(Latin1Capitals)->Arg(4 << 10)->Arg(64 << 10)->Arg(1 << 20);
BENCHMARK(Latin1CapitalsAllA)->Arg(4 << 10)->Arg(64 << 10)->Arg(1 << 20);
BENCHMARK(Latin1CapitalsHigh)->Arg(4 << 10)->Arg(64 << 10)->Arg(1 << 20);
BENCHMARK(Utf8Capitals)->Arg(4 << 10)->Arg(64 << 10)->Arg(1 << 20);
BENCHMARK(Utf8CapitalsLatin)->Arg(64 << 10);

// ---------------------------------------------------------------------------
// Per message. `bytes` is what the benchmark looks at: the header block for
// header parsing, the To and Cc values for addresses, the whole message
// for the analysis.

class AllocationCount {
 public:
  AllocationCount() : start_(g_allocations.load()) {}
  void report(benchmark::State& state) const {
    state.counters["allocs_per_msg"] =
        benchmark::Counter(static_cast<double>(g_allocations.load() - start_), benchmark::Counter::kAvgIterations);
  }

 private:
  std::uint64_t start_;
};

void finish(benchmark::State& state, std::uint64_t bytes, const AllocationCount& allocations) {
  allocations.report(state);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void HeaderParse(benchmark::State& state) {
  const auto& all = messages();
  mpingest::MessageHeaders headers;
  for (const std::string& m : all) headers.parse(m);  // warm: the object is reused, as in a worker
  std::size_t i = 0;
  std::uint64_t bytes = 0;
  AllocationCount allocations;
  for (auto _ : state) {
    const std::string& m = all[i];
    i = i + 1 == all.size() ? 0 : i + 1;
    headers.parse(m);
    benchmark::DoNotOptimize(headers.to());
    benchmark::DoNotOptimize(headers.cc());
    bytes += headers.body_offset();
  }
  finish(state, bytes, allocations);
}
BENCHMARK(HeaderParse);

void CountAddresses(benchmark::State& state) {
  struct Lists {
    std::string to, cc;
  };
  std::vector<Lists> lists;
  mpingest::MessageHeaders headers;
  for (const std::string& m : messages()) {
    headers.parse(m);
    lists.push_back({std::string(headers.find("To").value_or("")), std::string(headers.find("Cc").value_or(""))});
  }
  std::size_t i = 0;
  std::uint64_t bytes = 0;
  AllocationCount allocations;
  for (auto _ : state) {
    const Lists& l = lists[i];
    i = i + 1 == lists.size() ? 0 : i + 1;
    benchmark::DoNotOptimize(mpingest::count_addresses(l.to) + mpingest::count_addresses(l.cc));
    bytes += l.to.size() + l.cc.size();
  }
  finish(state, bytes, allocations);
}
BENCHMARK(CountAddresses);

void analyze(benchmark::State& state, bool with_fields) {
  const auto& all = messages();
  mpingest::MessageAnalyzer analyzer(mpingest::TextEncoding::latin1);
  mpingest::MessageFields fields;
  mpingest::MessageFields* want = with_fields ? &fields : nullptr;
  for (const std::string& m : all) analyzer.analyze(m, want);  // warm
  std::size_t i = 0;
  std::uint64_t bytes = 0;
  AllocationCount allocations;
  for (auto _ : state) {
    const std::string& m = all[i];
    i = i + 1 == all.size() ? 0 : i + 1;
    benchmark::DoNotOptimize(analyzer.analyze(m, want));
    bytes += m.size();
  }
  finish(state, bytes, allocations);
}
void AnalyzeMessage(benchmark::State& state) { analyze(state, false); }
void AnalyzeMessageFields(benchmark::State& state) { analyze(state, true); }
BENCHMARK(AnalyzeMessage);
BENCHMARK(AnalyzeMessageFields);

}  // namespace

BENCHMARK_MAIN();
