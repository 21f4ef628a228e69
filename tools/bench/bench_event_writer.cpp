// Throughput of the events.jsonl writer on its own: typical events (ids, an amount, a cause and
// 2-4 payload numbers; lines of ~300-400 bytes) formatted and written to /dev/null (formatting
// and write(2) cost) and to a file under /tmp (plus the page cache). Target: >= 2 M events/s.
//   build/bench_event_writer --benchmark_counters_tabular=true

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "sim/output/jsonl_writer.hpp"

namespace {

using namespace alchemy;

RunHeader header() {
  RunHeader h;
  h.firm_ids = {"microsoft", "openai",   "nvidia", "oracle", "amd",      "coreweave",
                "anthropic", "alphabet", "amazon", "meta",   "softbank", "xai"};
  for (const auto& a : h.firm_ids) {
    for (const auto& b : h.firm_ids) {
      if (a != b) h.contract_ids.push_back(a + "-" + b + "-compute-supply-agreement-2025");
    }
  }
  return h;
}

// 4096 events cycling through types, parties and payloads, like a busy stretch of a run.
std::vector<Event> typical_events(const RunHeader& h) {
  std::vector<Event> ev(4096);
  const auto firms = static_cast<std::int32_t>(h.firm_ids.size());
  const auto contracts = static_cast<std::int32_t>(h.contract_ids.size());
  for (std::size_t i = 0; i < ev.size(); ++i) {
    Event& e = ev[i];
    const auto k = static_cast<std::int32_t>(i);
    e.seq = 1'000'000 + i;
    e.date = Date::from_ymd(2027, 3, 1).plus_days(k / 64);
    e.tick = 500 + k / 64;
    e.type = static_cast<EventType>(i % 34);
    e.firm = k % firms;
    e.counterparty = (k * 7 + 3) % firms;
    e.contract = i % 3 == 0 ? -1 : (k * 13) % contracts;
    e.amount = Money::cents(123'456'789'012LL * (k % 17 - 8) + k);
    e.cause = i % 2 == 0 ? 0 : e.seq - 1 - i % 5;
    e.with("shares", 1.6e8 + k).with("price", 0.1 * k + 1.0 / 3.0);
    if (i % 2 == 0) e.with("per_edge_gain", 0.0123456789 * k).with("discount", 0.05);
  }
  return ev;
}

void write_events(benchmark::State& state, const char* path) {
  const RunHeader h = header();
  const std::vector<Event> ev = typical_events(h);
  JsonlWriter w(path);
  w.begin(h);
  std::size_t i = 0;
  for (auto _ : state) {
    w.event(ev[i]);
    i = (i + 1) & (ev.size() - 1);
  }
  w.close();
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(w.bytes_written()));
  state.counters["bytes_per_event"] =
      static_cast<double>(w.bytes_written()) / static_cast<double>(state.iterations());
}

void BM_JsonlWriter_DevNull(benchmark::State& state) {
  write_events(state, "/dev/null");
}
BENCHMARK(BM_JsonlWriter_DevNull);

void BM_JsonlWriter_TmpFile(benchmark::State& state) {
  const std::string path = "/tmp/alchemy_bench_events_" + std::to_string(::getpid()) + ".jsonl";
  write_events(state, path.c_str());
  std::filesystem::remove(path);
}
BENCHMARK(BM_JsonlWriter_TmpFile);

// Formatting only, into a reused buffer: the floor of the writer's cost.
void BM_JsonlFormatOnly(benchmark::State& state) {
  const RunHeader h = header();
  const std::vector<Event> ev = typical_events(h);
  const JsonlIdTables ids(h.firm_ids, h.contract_ids);
  IsoDateCache dates;
  std::vector<char> buf(1 << 16);
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    char* end = ids.write_line(buf.data(), ev[i], dates);
    bytes += static_cast<std::size_t>(end - buf.data());
    benchmark::DoNotOptimize(end);
    i = (i + 1) & (ev.size() - 1);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_JsonlFormatOnly);

}  // namespace

BENCHMARK_MAIN();
