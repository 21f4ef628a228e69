// revenue.growth_scale and unmet demand against hand computation, on
// tests/data/config/growth_scale.yaml (no noise, no rules, a tick every calendar day):
//   - the scale multiplies the rate of the growth_path steps dated from 2026 on, and leaves 2025
//     (the base growth and a mid-2025 step) as it was;
//   - unmet demand is max(0, demand − revenue capacity) for a firm with fixed GW;
//   - series.csv and run.sqlite carry the same unmet_demand values;
//   - the key is read, range-checked at file:line:column, and can be swept.

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/output/series_csv_writer.hpp"
#include "sim/output/sqlite_writer.hpp"
#include "sim/scenario/config_error.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/sweep/sweep_plan.hpp"
#include "sim/world/world.hpp"

namespace fs = std::filesystem;
using namespace alchemy;

namespace {

const fs::path kData = fs::path(ALCHEMY_SOURCE_DIR) / "tests/data/config";

Date day(int y, unsigned m, unsigned d) {
  return Date::from_ymd(y, m, d);
}

const FirmSpec& firm(const ScenarioSpec& s, const std::string& id) {
  for (const auto& f : s.firms) {
    if (f.id == id) return f;
  }
  FAIL("no firm " << id);
  return s.firms.front();
}

struct Run {
  std::map<std::int32_t, double> solo_demand;  // by date (days), after the tick
  std::map<std::int32_t, double> boxed_demand;
  MemorySink rows;
};

// Runs the fixture, keeping each firm's demand after every tick (the state the series row sees).
Run run(const std::vector<std::string>& overrides) {
  const ScenarioSpec spec = load_scenario(kData / "growth_scale.yaml", overrides).spec;
  Run r;
  RunOptions o;
  o.after_tick = [&](const World& w) {
    r.boxed_demand[w.date.days()] = w.firms[0].demand;  // firms are sorted by id: boxed, solo
    r.solo_demand[w.date.days()] = w.firms[1].demand;
  };
  run_scenario(spec, spec.seed, r.rows, o);
  return r;
}

// Series rows of one firm (index), by date.
std::map<std::int32_t, const SeriesRow*> rows_of(const MemorySink& s, std::int32_t firm) {
  std::map<std::int32_t, const SeriesRow*> out;
  for (const auto& row : s.rows) {
    if (row.firm == firm) out[row.date.days()] = &row;
  }
  return out;
}

// The closed form of Σ_{k=1..n} D·q^k / 365 (daily revenue of demand D growing by q a day).
double revenue_sum(double demand, double q, int n) {
  return demand / 365.0 * q * (std::pow(q, n) - 1.0) / (q - 1.0);
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream s(line);
  for (std::string cell; std::getline(s, cell, ',');)
    out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

}  // namespace

TEST_CASE("growth_scale multiplies the growth_path steps from 2026 on, 2025 as calibrated") {
  const ScenarioSpec spec = load_scenario(kData / "growth_scale.yaml").spec;
  CHECK(firm(spec, "solo").revenue.growth_scale == 1.5);
  CHECK(firm(spec, "boxed").revenue.growth_scale == 1.0);  // the default

  const Run scaled = run({});
  const Run plain = run({"firms.solo.revenue.growth_scale=1"});
  const auto at = [](const Run& r, Date d) { return r.solo_demand.at(d.days()); };

  // A step takes effect on the tick of its date, i.e. over the day ending on it: 2025 has 180
  // days at the base 0.5 (to 2025-06-30) and 184 at the July step's 0.4 (to 2025-12-31).
  const double end_2025 = 1e9 * std::exp((0.5 * 180 + 0.4 * 184) / 365.0);
  CHECK(at(plain, day(2025, 12, 31)) == doctest::Approx(end_2025).epsilon(1e-12));
  CHECK(at(scaled, day(2025, 12, 31)) == doctest::Approx(end_2025).epsilon(1e-12));
  CHECK(at(scaled, day(2025, 6, 30)) == at(plain, day(2025, 6, 30)));

  // 2026 (365 days) at 0.3 × s, 2027 (365 days) at 0.2 × s.
  for (const double s : {1.0, 1.5}) {
    const Run& r = s == 1.0 ? plain : scaled;
    CAPTURE(s);
    const double end_2026 = end_2025 * std::exp(0.3 * s);
    const double end_2027 = end_2026 * std::exp(0.2 * s);
    CHECK(at(r, day(2026, 12, 31)) == doctest::Approx(end_2026).epsilon(1e-12));
    CHECK(at(r, day(2027, 12, 31)) == doctest::Approx(end_2027).epsilon(1e-12));

    // 2027's revenue, summed from the daily series rows: without a capacity limit it is the
    // demand of each day / 365, a geometric sum; each day's revenue is rounded to the cent.
    double revenue_2027 = 0.0;
    for (const auto& [d, row] : rows_of(r.rows, 1)) {
      if (Date::from_days(d).year() == 2027) revenue_2027 += row->revenue.dollars();
    }
    const double q = std::exp(0.2 * s / 365.0);
    CHECK(std::abs(revenue_2027 - revenue_sum(end_2026, q, 365)) < 365 * 0.005 + 1e-6);
  }
  // By hand at s = 1.5: 2027's rate is 0.3, not 0.2, so the year's growth is exp(0.3) = 1.35×.
  CHECK(at(scaled, day(2027, 12, 31)) / at(scaled, day(2026, 12, 31)) ==
        doctest::Approx(1.3498588075760032).epsilon(1e-12));
}

TEST_CASE("unmet demand is demand above the revenue capacity of fixed GW, by hand") {
  const Run r = run({});
  const auto boxed = rows_of(r.rows, 0);
  const auto solo = rows_of(r.rows, 1);
  REQUIRE(boxed.size() == 1095);  // every day of 2025-2027
  int positive = 0;
  for (const auto& [d, row] : boxed) {
    const int n = d - day(2025, 1, 1).days();
    const double demand = 8e9 * std::exp(0.5 * n / 365.0);
    CAPTURE(n);
    CHECK(row->gw == 1.0);
    CHECK(row->unmet_demand == doctest::Approx(std::max(0.0, demand - 10e9)).epsilon(1e-9));
    positive += row->unmet_demand > 0.0 ? 1 : 0;
    // Compute binds from the day demand passes 10 B: ln(10/8) / 0.5 × 365 = 162.9 days.
    CHECK((row->unmet_demand > 0.0) == (n >= 163));
    // Revenue of the day: what the capacity serves.
    if (n > 0) CHECK(row->revenue.dollars() == doctest::Approx(std::min(demand, 10e9) / 365.0));
  }
  CHECK(positive == 1095 - 163);
  // A firm whose revenue needs no compute never has unmet demand.
  for (const auto& [d, row] : solo)
    CHECK(row->unmet_demand == 0.0);
}

TEST_CASE("series.csv and run.sqlite carry the same unmet_demand") {
  const fs::path dir = fs::path(ALCHEMY_TEST_TMP) / "growth_scale" / "files";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const ScenarioSpec spec = load_scenario(kData / "growth_scale.yaml").spec;
  {
    SeriesCsvWriter csv(dir / "series.csv", dir / "market.csv");
    SqliteRunInfo info;
    info.run = 1;
    SqliteWriter db(dir / "run.sqlite", info);
    MemorySink memory;
    FanoutSink sink;
    sink.add(&csv);
    sink.add(&db);
    sink.add(&memory);
    run_scenario(spec, spec.seed, sink);
    csv.close();
    db.close();
  }

  std::ifstream in(dir / "series.csv");
  std::string line;
  std::getline(in, line);
  const auto header = split(line);
  const auto column = static_cast<std::size_t>(
      std::find(header.begin(), header.end(), "unmet_demand") - header.begin());
  REQUIRE(column < header.size());
  std::vector<std::pair<std::string, std::string>> from_csv;  // (date|firm, unmet_demand)
  while (std::getline(in, line)) {
    const auto cells = split(line);
    REQUIRE(cells.size() == header.size());
    from_csv.emplace_back(cells[0] + "|" + cells[1], cells[column]);
  }

  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2((dir / "run.sqlite").c_str(), &h, SQLITE_OPEN_READONLY, nullptr) ==
          SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, "SELECT date, firm, unmet_demand FROM series ORDER BY rowid", -1,
                             &s, nullptr) == SQLITE_OK);
  std::size_t i = 0;
  int positive = 0;
  while (sqlite3_step(s) == SQLITE_ROW) {
    REQUIRE(i < from_csv.size());
    const std::string key = std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) +
                            "|" + reinterpret_cast<const char*>(sqlite3_column_text(s, 1));
    CHECK(key == from_csv[i].first);
    // The CSV writes the shortest decimal that reads back to the double SQLite holds.
    CHECK(std::stod(from_csv[i].second) == sqlite3_column_double(s, 2));
    positive += sqlite3_column_double(s, 2) > 0.0 ? 1 : 0;
    ++i;
  }
  sqlite3_finalize(s);
  sqlite3_close(h);
  CHECK(i == from_csv.size());
  CHECK(positive == 1095 - 163);  // boxed's days with compute binding, as in the test above
}

TEST_CASE("growth_scale: ranged at file:line:column, and a sweep key") {
  for (const char* bad : {"0", "-1", "10.5", "fast"}) {
    CAPTURE(bad);
    try {
      load_scenario(kData / "growth_scale.yaml",
                    {std::string("firms.solo.revenue.growth_scale=") + bad});
      FAIL("expected a ConfigError");
    } catch (const ConfigError& e) {
      CHECK(e.key_path() == "firms.solo.revenue.growth_scale");
    }
  }
  try {
    load_scenario(kData / "err_growth_scale.yaml");
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    CHECK(e.where().file == (kData / "err_growth_scale.yaml").string());
    CHECK(e.where().line == 5);
    CHECK(e.where().column == 21);
    CHECK(e.problem().find("> 0, ≤ 10") != std::string::npos);
  }
  CHECK(
      firm(load_scenario(kData / "growth_scale.yaml", {"firms.solo.revenue.growth_scale=10"}).spec,
           "solo")
          .revenue.growth_scale == 10.0);

  // The shipped sweep: five points of OpenAI's growth_scale reach the scenario, and each scales
  // OpenAI's 2027 step (0.45 in the baseline) but not its 2025 growth.
  const SweepPlan plan =
      SweepPlan::load(fs::path(ALCHEMY_SOURCE_DIR) / "configs/sweeps/growth_scale.yaml");
  REQUIRE(plan.parameter_keys() == std::vector<std::string>{"firms.openai.revenue.growth_scale"});
  REQUIRE(plan.points() == 5);
  CHECK(plan.seeds() == 5);
  const double want[] = {0.5, 0.75, 1.0, 1.25, 1.5};
  for (std::size_t p = 0; p < plan.points(); ++p) {
    const auto scenario = plan.scenario(p);  // held: the firm below is a reference into it
    const FirmSpec& openai = firm(scenario.spec, "openai");
    CAPTURE(p);
    CHECK(openai.revenue.growth_scale == doctest::Approx(want[p]));
    CHECK(openai.revenue.growth == doctest::Approx(1.2));
    REQUIRE(openai.revenue.growth_path.size() == 4);
    const GrowthStep& y2027 = openai.revenue.growth_path[1];
    CHECK(y2027.from == day(2027, 1, 1));
    CHECK(step_growth(openai.revenue, y2027) == doctest::Approx(0.45 * want[p]));
  }
}
