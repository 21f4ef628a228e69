// Throughput of run.sqlite (sim/output/sqlite_writer.hpp) against the text writers on the same
// records and the same file system (/tmp): events (12 columns with a JSON payload) against
// events.jsonl, and series rows (21 columns) against series.csv. Each iteration creates the file,
// writes the rows and closes it (for SQLite: the batched transactions and the index builds at
// close). Aims (issue 6): >= 500 000 rows/s, and SQLite costing < 2x the text writer.
// items_per_second is by CPU time (the process's own work); on a busy machine the wall-clock
// "Time" column also holds waiting for the CPU.
//   build/tools/bench/bench_sqlite_writer --benchmark_counters_tabular=true

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "sim/output/jsonl_writer.hpp"
#include "sim/output/series_csv_writer.hpp"
#include "sim/output/sqlite_writer.hpp"

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

// The same 4096 typical events as bench_event_writer.
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

// 4096 rows of varied figures; row i of a batch takes the figures of row i mod 4096, and its
// own date and firm (12 firms a day), as a run writes them: (date, firm) never repeats.
std::vector<SeriesRow> typical_rows() {
  std::vector<SeriesRow> rows(4096);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    SeriesRow& r = rows[i];
    const auto k = static_cast<std::int64_t>(i);
    r.price = 100.0 + 0.37 * static_cast<double>(k);
    r.shadow_price = r.price * 1.01;
    r.shares = 2.4e9;
    for (Money* m : {&r.market_value, &r.cash, &r.fleet, &r.stakes, &r.warrants, &r.receivables,
                     &r.other_assets, &r.debt, &r.payables, &r.equity, &r.revenue, &r.net_income}) {
      *m = Money::cents(98'765'432'100LL + k * 1234567);
    }
    r.gw = 1.25;
  }
  return rows;
}

SeriesRow series_row(const std::vector<SeriesRow>& rows, std::size_t i) {
  SeriesRow r = rows[i & (rows.size() - 1)];
  r.date = Date::from_ymd(2027, 3, 1).plus_days(static_cast<std::int32_t>(i / 12));
  r.firm = static_cast<std::int32_t>(i % 12);
  return r;
}

std::string temp_db() {
  return "/tmp/alchemy_bench_" + std::to_string(::getpid()) + ".sqlite";
}

SqliteRunInfo info() {
  SqliteRunInfo i;
  i.scenario_sha256 = std::string(64, 'a');
  i.seed = 42;
  i.run = sqlite_run_id(i.scenario_sha256, i.seed);
  return i;
}

// Each iteration writes `batch` rows into a fresh database and closes it (indexes included).
void BM_SqliteWriter_Events(benchmark::State& state) {
  const RunHeader h = header();
  const std::vector<Event> ev = typical_events(h);
  const auto batch = static_cast<std::size_t>(state.range(0));
  const std::string path = temp_db();
  for (auto _ : state) {
    SqliteWriter w(path, info());
    w.begin(h);
    for (std::size_t i = 0; i < batch; ++i)
      w.event(ev[i & (ev.size() - 1)]);
    w.finish(true);
    w.close();
  }
  std::filesystem::remove(path);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch));
}
BENCHMARK(BM_SqliteWriter_Events)->Arg(200'000)->Unit(benchmark::kMillisecond);

void BM_SqliteWriter_Series(benchmark::State& state) {
  const RunHeader h = header();
  const std::vector<SeriesRow> rows = typical_rows();
  const auto batch = static_cast<std::size_t>(state.range(0));
  const std::string path = temp_db();
  for (auto _ : state) {
    SqliteWriter w(path, info());
    w.begin(h);
    for (std::size_t i = 0; i < batch; ++i)
      w.series(series_row(rows, i));
    w.finish(true);
    w.close();
  }
  std::filesystem::remove(path);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch));
}
BENCHMARK(BM_SqliteWriter_Series)->Arg(200'000)->Unit(benchmark::kMillisecond);

// series.csv (and an empty market.csv) on the same rows, for comparison.
void BM_CsvWriter_SameSeries(benchmark::State& state) {
  const RunHeader h = header();
  const std::vector<SeriesRow> rows = typical_rows();
  const auto batch = static_cast<std::size_t>(state.range(0));
  const std::string base = "/tmp/alchemy_bench_" + std::to_string(::getpid());
  for (auto _ : state) {
    SeriesCsvWriter w(base + "_series.csv", base + "_market.csv");
    w.begin(h);
    for (std::size_t i = 0; i < batch; ++i)
      w.series(series_row(rows, i));
    w.close();
  }
  std::filesystem::remove(base + "_series.csv");
  std::filesystem::remove(base + "_market.csv");
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch));
}
BENCHMARK(BM_CsvWriter_SameSeries)->Arg(200'000)->Unit(benchmark::kMillisecond);

// The events.jsonl writer on the same events and the same file system, for comparison.
void BM_JsonlWriter_SameEvents(benchmark::State& state) {
  const RunHeader h = header();
  const std::vector<Event> ev = typical_events(h);
  const auto batch = static_cast<std::size_t>(state.range(0));
  const std::string path = "/tmp/alchemy_bench_" + std::to_string(::getpid()) + ".jsonl";
  for (auto _ : state) {
    JsonlWriter w(path);
    w.begin(h);
    for (std::size_t i = 0; i < batch; ++i)
      w.event(ev[i & (ev.size() - 1)]);
    w.close();
  }
  std::filesystem::remove(path);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch));
}
BENCHMARK(BM_JsonlWriter_SameEvents)->Arg(200'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
