// Sweeps below the command line: sweep files and their errors, the plan (points, run order,
// seeds), Latin hypercube strata, run metrics, summary statistics and the journal.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "market/rng.hpp"
#include "sim/folder/output_dir.hpp"
#include "sim/scenario/config_error.hpp"
#include "sim/scenario/config_values.hpp"
#include "sim/sweep/run_metrics.hpp"
#include "sim/sweep/sweep_folder.hpp"
#include "sim/sweep/sweep_journal.hpp"
#include "sim/sweep/sweep_plan.hpp"
#include "sim/sweep/sweep_runner.hpp"
#include "sim/sweep/sweep_tables.hpp"
#include "sim/world/scenario_spec.hpp"
#include "sim/world/world.hpp"

namespace fs = std::filesystem;
using namespace alchemy;

namespace {

const fs::path kData = fs::path(ALCHEMY_SOURCE_DIR) / "tests/data/sweep";

fs::path fresh_dir(const char* name) {
  const auto dir = fs::path(ALCHEMY_TEST_TMP) / "sweep" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A sweep file next to a copy of the small scenario.
fs::path sweep_file(const fs::path& dir, const std::string& body) {
  fs::copy_file(kData / "small.yaml", dir / "small.yaml", fs::copy_options::overwrite_existing);
  write_file(dir / "sweep.yaml", "base: small.yaml\n" + body);
  return dir / "sweep.yaml";
}

ConfigError load_error(const fs::path& file) {
  try {
    SweepPlan::load(file);
  } catch (const ConfigError& e) {
    return e;
  }
  FAIL("expected a ConfigError from " << file);
  return ConfigError({}, "", "");
}

}  // namespace

TEST_CASE("run seeds are derive_seed(base seed, run index), seed-major over the points") {
  const SweepPlan plan = SweepPlan::load(kData / "grid.yaml");
  REQUIRE(plan.points() == 6);
  REQUIRE(plan.seeds() == 3);
  REQUIRE(plan.runs() == 18);
  CHECK(plan.base_seed() == 11);
  for (std::size_t run = 0; run < plan.runs(); ++run) {
    CHECK(plan.seed_of(run) == derive_seed(11, run));
    CHECK(plan.point_of(run) == run % 6);
    CHECK(plan.seed_index_of(run) == run / 6);
  }
  // Every point's first seed comes before any point's second.
  std::set<std::size_t> seen;
  for (std::size_t run = 0; run < 6; ++run)
    seen.insert(plan.point_of(run));
  CHECK(seen.size() == 6);
  // All seeds of the sweep differ.
  std::set<std::uint64_t> seeds;
  for (std::size_t run = 0; run < plan.runs(); ++run)
    seeds.insert(plan.seed_of(run));
  CHECK(seeds.size() == plan.runs());
}

TEST_CASE("more seeds leave the earlier runs' seeds and points unchanged") {
  const auto dir = fresh_dir("more_seeds");
  const std::string params =
      "parameters:\n  - key: firms.labco.revenue.growth\n    values: [0.4, 0.8]\n";
  const SweepPlan two = SweepPlan::load(sweep_file(dir, "seeds: 2\nseed: 3\n" + params));
  const SweepPlan five = SweepPlan::load(sweep_file(dir, "seeds: 5\nseed: 3\n" + params));
  for (std::size_t run = 0; run < two.runs(); ++run) {
    CHECK(two.seed_of(run) == five.seed_of(run));
    CHECK(two.point_of(run) == five.point_of(run));
  }
  CHECK(two.hash() != five.hash());
}

TEST_CASE("common random numbers: the k-th seed is the same at every point, and only then") {
  const auto dir = fresh_dir("common_seeds");
  const std::string params =
      "parameters:\n  - key: firms.labco.revenue.growth\n    values: [0.4, 0.8, 1.2]\n";
  const SweepPlan common =
      SweepPlan::load(sweep_file(dir, "seeds: 4\nseed: 3\nrandom_numbers: common\n" + params));
  const SweepPlan independent = SweepPlan::load(sweep_file(dir, "seeds: 4\nseed: 3\n" + params));
  REQUIRE(common.runs() == 12);
  std::set<std::uint64_t> common_seeds, independent_seeds;
  for (std::size_t run = 0; run < common.runs(); ++run) {
    // Seed index k's seed is derive_seed(base, 2^40 + k) at every point.
    CHECK(common.seed_of(run) ==
          derive_seed(3, (std::uint64_t{1} << 40) + common.seed_index_of(run)));
    CHECK(independent.seed_of(run) == derive_seed(3, run));
    common_seeds.insert(common.seed_of(run));
    independent_seeds.insert(independent.seed_of(run));
  }
  CHECK(common_seeds.size() == 4);  // one per seed index, shared by the three points
  CHECK(independent_seeds.size() == 12);
  for (const std::uint64_t s : common_seeds)
    CHECK(independent_seeds.count(s) == 0);
  // A sweep folder made with one cannot be resumed with the other.
  CHECK(common.hash() != independent.hash());
  // A misspelt choice is located with the choices.
  const ConfigError e = load_error(sweep_file(dir, "seeds: 4\nrandom_numbers: shared\n" + params));
  CHECK(std::string(e.what()).find("independent") != std::string::npos);
  CHECK(std::string(e.what()).find("sweep.yaml:3:17") != std::string::npos);
}

TEST_CASE("a grid is every combination, the first parameter varying slowest") {
  const SweepPlan plan = SweepPlan::load(kData / "grid.yaml");
  CHECK(plan.parameter_keys() ==
        std::vector<std::string>{"firms.labco.revenue.growth", "market.sentiment.volatility"});
  const std::vector<std::vector<std::string>> want{{"0.4", "0.1"}, {"0.4", "0.2"}, {"0.4", "0.3"},
                                                   {"0.8", "0.1"}, {"0.8", "0.2"}, {"0.8", "0.3"}};
  for (std::size_t p = 0; p < plan.points(); ++p)
    CHECK(plan.point_values(p) == want[p]);
  // The values reach the scenario.
  const LoadedScenario s = plan.scenario(5);
  CHECK(s.spec.market.sentiment.volatility == doctest::Approx(0.3));
  const auto lab = std::find_if(s.spec.firms.begin(), s.spec.firms.end(),
                                [](const FirmSpec& f) { return f.id == "labco"; });
  REQUIRE(lab != s.spec.firms.end());
  CHECK(lab->revenue.growth == doctest::Approx(0.8));
}

TEST_CASE("Latin hypercube: each dimension uses every stratum exactly once") {
  for (std::size_t k : {1, 2, 7, 50}) {
    const auto u = unit_samples(Sampling::latin_hypercube, k, 3, 99);
    REQUIRE(u.size() == k);
    for (std::size_t d = 0; d < 3; ++d) {
      std::set<std::size_t> strata;
      for (const auto& row : u) {
        CHECK(row[d] >= 0.0);
        CHECK(row[d] < 1.0);
        strata.insert(static_cast<std::size_t>(row[d] * static_cast<double>(k)));
      }
      CHECK(strata.size() == k);
    }
  }
  CHECK(unit_samples(Sampling::latin_hypercube, 10, 2, 5) ==
        unit_samples(Sampling::latin_hypercube, 10, 2, 5));
  CHECK(unit_samples(Sampling::random, 10, 2, 5) != unit_samples(Sampling::random, 10, 2, 6));
}

TEST_CASE("a sampled sweep draws ranges within their bounds and picks listed values") {
  const auto dir = fresh_dir("sampled");
  const SweepPlan plan = SweepPlan::load(
      sweep_file(dir,
                 "sampling: random\nsamples: 20\nparameters:\n"
                 "  - key: market.sentiment.volatility\n    range: {from: 5%, to: 0.3}\n"
                 "  - key: firms.labco.revenue.growth\n    values: [0.4, 0.8]\n"));
  REQUIRE(plan.points() == 20);
  std::set<std::string> picked;
  for (std::size_t p = 0; p < plan.points(); ++p) {
    const double v = std::stod(plan.point_values(p)[0]);
    CHECK(v >= 0.05);
    CHECK(v < 0.3);
    picked.insert(plan.point_values(p)[1]);
  }
  CHECK(picked == std::set<std::string>{"0.4", "0.8"});
}

TEST_CASE("a range or grid written in amounts makes whole cents, which a money key accepts") {
  // A uniform draw between 1B and 3B has fractions of a cent (1234567890.1234567); a money key
  // refuses those, so the sweep rounds values to the cent when a bound is written as an amount.
  const auto dir = fresh_dir("money");
  const SweepPlan plan = SweepPlan::load(
      sweep_file(dir,
                 "sampling: latin_hypercube\nsamples: 30\nparameters:\n"
                 "  - key: firms.labco.cash\n    range: {from: 1B, to: 3B}\n"
                 "  - key: firms.cloudco.cash\n    grid: {from: 1B, to: 2B, steps: 7}\n"));
  REQUIRE(plan.points() == 30);
  for (std::size_t p = 0; p < plan.points(); ++p) {
    for (const std::string& text : plan.point_values(p)) {
      CAPTURE(text);
      const double v = std::stod(text);
      CHECK(v >= 1e9);
      CHECK(v <= 3e9);
      CHECK(std::round(v * 100) == doctest::Approx(v * 100).epsilon(1e-15));
      CHECK(parse_money(text).ok());  // exact to the cent
    }
    CHECK(plan.scenario(p).spec.firms.size() == 3);  // the scenario takes every point
  }
}

TEST_CASE("a misspelt key path is a ConfigError at the key in the sweep file") {
  const ConfigError e = load_error(kData / "err_key.yaml");
  CHECK(e.where().file == (kData / "err_key.yaml").string());
  CHECK(e.where().line == 7);
  CHECK(e.where().column == 10);
  CHECK(std::string(e.what()).find("did you mean 'growth'") != std::string::npos);
}

TEST_CASE("a bad value is a ConfigError at the value in the sweep file") {
  const ConfigError e = load_error(kData / "err_value.yaml");
  CHECK(e.where().file == (kData / "err_value.yaml").string());
  CHECK(e.where().line == 6);
  CHECK(e.where().column == 19);
  CHECK(e.problem().find("'fast'") != std::string::npos);
}

TEST_CASE("a grid value the scenario rejects is reported at the parameter's key") {
  const auto dir = fresh_dir("bad_grid_value");
  const ConfigError e = load_error(sweep_file(dir,
                                              "parameters:\n  - key: market.sentiment.volatility\n "
                                              "   grid: {from: -0.2, to: 0.2, steps: 3}\n"));
  CHECK(e.where().line == 3);
  CHECK(e.where().column == 10);
}

TEST_CASE("sweep file errors are located and explained") {
  const auto dir = fresh_dir("file_errors");
  struct Case {
    std::string body;
    int line;
    std::string says;
  };
  const std::vector<Case> cases{
      {"seeds: 0\nparameters:\n  - {key: seed, values: [1]}\n", 2, "seeds"},
      {"parameters:\n  - {key: seed, values: [1]}\n", 3, "sets every run's seed"},
      {"parameters:\n  - {key: market.sentiment.volatility, range: {from: 0.1, to: 0.2}}\n", 3,
       "random or latin_hypercube"},
      {"parameters:\n  - {key: market.sentiment.volatility}\n", 3, "exactly one of"},
      {"sampling: latin_hypercube\nparameters:\n  - {key: market.sentiment.volatility, values: "
       "[0.1]}\n",
       2, "needs samples"},
      {"samples: 4\nparameters:\n  - {key: market.sentiment.volatility, values: [0.1]}\n", 2,
       "applies only when"},
      {"parameters:\n  - {key: market.sentiment.volatility, values: []}\n", 3, "empty"},
      {"parametrs: []\n", 2, "did you mean 'parameters'"},
      {"parameters:\n  - {key: firms.nobody.cash, values: [1B]}\n", 3, "nobody"},
      {"parameters:\n  - {key: market.sentiment.volatility, values: [0.1]}\n"
       "  - {key: market.sentiment.volatility, values: [0.2]}\n",
       4, "varied twice"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    const ConfigError e = load_error(sweep_file(dir, c.body));
    CHECK(e.where().line == c.line);
    CHECK(std::string(e.what()).find(c.says) != std::string::npos);
  }
  write_file(
      dir / "nobase.yaml",
      "base: missing.yaml\nparameters:\n  - {key: market.sentiment.volatility, values: [0.1]}\n");
  const ConfigError e = load_error(dir / "nobase.yaml");
  CHECK(e.where().line == 1);
  CHECK(e.where().column == 7);
}

TEST_CASE("outcomes choose the firms with columns, in the order listed") {
  const SweepPlan plan = SweepPlan::load(kData / "lhs.yaml");
  CHECK(plan.reported_firms() == std::vector<std::string>{"labco", "cloudco"});
  std::vector<std::string> names;
  for (const auto& c : plan.metric_columns())
    names.push_back(c.name);
  CHECK(std::count(names.begin(), names.end(), "defaulted.labco") == 1);
  CHECK(std::count(names.begin(), names.end(), "defaulted.chipco") == 0);
  const ConfigError e = load_error(kData / "err_firm.yaml");
  CHECK(e.where().line == 8);
  CHECK(e.where().column == 5);
  CHECK(std::string(e.what()).find("did you mean 'cloudco'") != std::string::npos);
}

TEST_CASE("run metrics: defaults, creditor losses, cascades, drawdowns, rho and final values") {
  ScenarioSpec spec;
  spec.firms.resize(3);
  spec.firms[0].id = "a";
  spec.firms[1].id = "b";
  spec.firms[1].listed = false;
  spec.firms[2].id = "c";
  RunMetrics m({"b", "a"});
  RunHeader h;
  h.scenario = &spec;
  h.firm_ids = {"a", "b", "c"};
  m.begin(h);
  const Date d1 = Date::from_ymd(2025, 3, 3), d2 = Date::from_ymd(2025, 4, 1);
  auto series = [&](std::int32_t firm, double price) {
    SeriesRow r;
    r.firm = firm;
    r.price = price;
    m.series(r);
  };
  series(0, 10);
  series(0, 12);
  series(0, 6);  // 50 % below the peak of 12
  series(0, 11);
  series(1, 5);
  series(1, 4);
  Event def;
  def.type = EventType::default_;
  def.firm = 2;
  def.date = d1;
  m.event(def);
  def.firm = 1;
  def.date = d2;
  m.event(def);
  // b's creditors lose 1 234.56 + 0.44 USD (summed in cents); c is not reported.
  Event settled;
  settled.type = EventType::default_settled;
  settled.firm = 1;
  settled.amount = Money::cents(123456);
  m.event(settled);
  settled.amount = Money::cents(44);
  m.event(settled);
  settled.firm = 2;
  settled.amount = Money::cents(999);
  m.event(settled);
  Event cascade;
  cascade.type = EventType::cascade;
  cascade.with("size", 2).with("depth", 1);
  m.event(cascade);
  LoopRow rho;
  rho.loop = rho.loop_class = "rho";
  rho.gain = 0.7;
  m.loop(rho);
  rho.gain = 0.9;
  m.loop(rho);
  World w;
  w.firms.resize(3);
  w.firms[0].price = 11;
  w.firms[0].shares = 100;
  w.firms[0].diluted_shares = 120;
  w.firms[1].price = 99;  // private: the mark counts
  w.firms[1].mark = 4;
  w.firms[1].shares = 10;
  w.market.sentiment = 0.8;
  m.end_state(w);

  std::vector<std::string> names;
  for (const auto& c : metric_columns({"b", "a"}))
    names.push_back(c.name);
  const std::vector<std::string> cells = m.cells();
  REQUIRE(cells.size() == names.size());
  auto cell = [&](const std::string& name) {
    return cells[static_cast<std::size_t>(std::find(names.begin(), names.end(), name) -
                                          names.begin())];
  };
  CHECK(cell("defaults") == "2");
  CHECK(cell("first_default_date") == "2025-03-03");
  CHECK(cell("first_default_firm") == "c");
  CHECK(cell("largest_cascade") == "2");
  CHECK(cell("final_sentiment") == "0.8");
  CHECK(cell("peak_rho") == "0.9");
  CHECK(cell("defaulted.a") == "0");
  CHECK(cell("defaulted.b") == "1");
  CHECK(cell("default_date.a") == "");
  CHECK(cell("default_date.b") == "2025-04-01");
  CHECK(cell("creditor_loss.a") == "0");
  CHECK(cell("creditor_loss.b") == "1235");
  CHECK(cell("peak_drawdown.a") == "0.5");
  CHECK(cell("peak_drawdown.b") == "0.19999999999999996");  // 1 − 4/5 in doubles
  CHECK(cell("final_price.a") == "11");
  CHECK(cell("final_market_value.a") == "1320");
  CHECK(cell("final_price.b") == "4");
  CHECK(cell("final_market_value.b") == "40");
  CHECK(names[6] == "defaulted.b");  // the order the sweep file lists the firms
}

TEST_CASE("metric numbers are shortest round-trip decimals, -0 is 0, non-finite is empty") {
  CHECK(metric_number(0.1) == "0.1");
  CHECK(metric_number(-0.0) == "0");
  CHECK(metric_number(1e21) == "1e+21");
  CHECK(metric_number(1.0 / 3.0) == "0.3333333333333333");
  CHECK(metric_number(std::numeric_limits<double>::quiet_NaN()) == "");
  CHECK(metric_number(std::numeric_limits<double>::infinity()) == "");
}

TEST_CASE("quantiles interpolate linearly between order statistics (type 7)") {
  const std::vector<double> v{1, 2, 3, 4, 5};
  CHECK(quantile_sorted(v, 0.0) == 1);
  CHECK(quantile_sorted(v, 0.5) == 3);
  CHECK(quantile_sorted(v, 1.0) == 5);
  CHECK(quantile_sorted(v, 0.05) == doctest::Approx(1.2));
  CHECK(quantile_sorted(v, 0.95) == doctest::Approx(4.8));
  CHECK(quantile_sorted({7}, 0.95) == 7);
  CHECK(quantile_sorted({1, 2}, 0.5) == 1.5);
}

TEST_CASE("summary: pd, mean, se and quantiles per point, over the runs present") {
  const SweepPlan plan = SweepPlan::load(kData / "lhs.yaml");  // 4 points × 2 seeds
  const std::size_t n = plan.metric_columns().size();
  JournalRecords records;
  auto cells = [&](const std::string& defaulted_labco, const std::string& sentiment) {
    std::vector<std::string> c(n, "0");
    for (std::size_t i = 0; i < n; ++i) {
      if (plan.metric_columns()[i].name == "defaulted.labco") c[i] = defaulted_labco;
      if (plan.metric_columns()[i].name == "final_sentiment") c[i] = sentiment;
      if (plan.metric_columns()[i].kind == MetricColumn::Kind::text) c[i] = "";
    }
    return c;
  };
  records[0] = cells("1", "1");    // point 0, seed 0
  records[4] = cells("0", "2");    // point 0, seed 1
  records[1] = cells("0", "0.5");  // point 1, seed 0 only
  const Table t = summary_table(plan, records);
  REQUIRE(t.rows.size() == 2);  // points without runs are left out
  auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(t.header.begin(), t.header.end(), name) -
                                    t.header.begin());
  };
  CHECK(t.rows[0][col("runs")] == "2");
  CHECK(t.rows[0][col("pd.labco")] == "0.5");
  CHECK(t.rows[0][col("final_sentiment.mean")] == "1.5");
  CHECK(t.rows[0][col("final_sentiment.se")] == "0.5");
  CHECK(t.rows[0][col("final_sentiment.p05")] == "1.05");
  CHECK(t.rows[0][col("final_sentiment.p50")] == "1.5");
  CHECK(t.rows[1][col("point")] == "1");
  CHECK(t.rows[1][col("final_sentiment.se")] == "");  // one run: no standard error
  CHECK(t.rows[1][col("peak_rho.mean")] == "0");
  CHECK(col("default_date.labco.mean") == t.header.size());  // text columns are not summarised

  const Table r = runs_table(plan, records);
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[0][0] == "0");
  CHECK(r.rows[1][0] == "1");  // run order, whatever the order records came in
  CHECK(r.rows[2][0] == "4");
  CHECK(r.rows[2][3] == std::to_string(plan.seed_of(4)));
}

TEST_CASE("journal lines carry a checksum, torn or foreign lines are rejected") {
  const std::string line = journal_line(7, {"1", "", "2025-01-02", "0.5"});
  CHECK(line.back() == '\n');
  const std::string body = line.substr(0, line.size() - 1);
  const auto rec = parse_journal_line(body, 10, 4);
  REQUIRE(rec);
  CHECK(rec->first == 7);
  CHECK(rec->second == std::vector<std::string>{"1", "", "2025-01-02", "0.5"});
  CHECK_FALSE(parse_journal_line(body.substr(0, body.size() - 3), 10, 4));  // torn
  CHECK_FALSE(parse_journal_line(body, 7, 4));                              // run out of range
  CHECK_FALSE(parse_journal_line(body, 10, 5));                             // other columns
  std::string flipped = body;
  flipped[2] = '2';
  CHECK_FALSE(parse_journal_line(flipped, 10, 4));
}

TEST_CASE("journal: appended records survive reopening, a torn last line is cut off") {
  const auto dir = fresh_dir("journal");
  const fs::path file = dir / kJournalFileName;
  const JournalHeader h{"abc", "0.1.0+x", "jsonl,csv"};
  {
    SweepJournal j(file);
    CHECK_FALSE(j.existing_header());
    j.start(h);
    j.append(3, {"a", "b"});
    j.append(1, {"c", ""});
    // A second writer is refused while the first holds the journal.
    CHECK_THROWS_AS(SweepJournal{file}, std::runtime_error);
  }
  {
    std::ofstream out(file, std::ios::app | std::ios::binary);
    out << "2,x,y,00000";  // a process killed mid-write
  }
  {
    SweepJournal j(file);
    REQUIRE(j.existing_header());
    CHECK(*j.existing_header() == h);
    const JournalRecords r = j.read(10, 2);
    CHECK(r.size() == 2);
    CHECK(r.at(3) == std::vector<std::string>{"a", "b"});
    CHECK(r.at(1) == std::vector<std::string>{"c", ""});
    j.append(2, {"x", "y"});
  }
  SweepJournal j(file);
  CHECK(j.read(10, 2).size() == 3);
  CHECK(read_text(file).find("00000") == std::string::npos);
}

TEST_CASE("a corrupt record before the last line stops a resume") {
  const auto dir = fresh_dir("journal_corrupt");
  const fs::path file = dir / kJournalFileName;
  write_file(
      file, JournalHeader{"abc", "b", "none"}.line() + "\n" + "garbage\n" + journal_line(0, {"a"}));
  SweepJournal j(file);
  CHECK_THROWS_AS(j.read(10, 1), std::runtime_error);
}

TEST_CASE("sweep folder: resumes the same sweep, refuses another unless forced") {
  const auto dir = fresh_dir("folder");
  const SweepPlan grid = SweepPlan::load(kData / "grid.yaml");
  const SweepPlan lhs = SweepPlan::load(kData / "lhs.yaml");
  const fs::path out = dir / "out";
  {
    SweepFolder f(out, grid, false, std::nullopt, nullptr);
    CHECK(f.work_dir() == dir / "out.incomplete");
    CHECK(f.remaining().size() == 18);
    std::atomic<bool> stop{false};
    f.record(4, execute_sweep_run(grid, 4, std::nullopt, &stop).cells);
    f.record(0, execute_sweep_run(grid, 0, std::nullopt, &stop).cells);
  }
  {
    SweepFolder f(out, grid, false, std::nullopt, nullptr);
    CHECK(f.resumed() == 2);
    CHECK(f.remaining().size() == 16);
    CHECK(f.remaining().front() == 1);
  }
  CHECK_THROWS_AS(SweepFolder(out, lhs, false, std::nullopt, nullptr), OutputDirError);
  const OutputFormats logs{true, true, false};
  CHECK_THROWS_AS(SweepFolder(out, grid, false, logs, nullptr), OutputDirError);  // --keep-logs
  {
    SweepFolder f(out, lhs, true, std::nullopt, nullptr);  // forced: starts over
    CHECK(f.resumed() == 0);
    CHECK(f.remaining().size() == lhs.runs());
  }
  // A folder that is not a sweep's is not touched without --force.
  const fs::path other = dir / "other";
  fs::create_directories(incomplete_path(other));
  write_file(incomplete_path(other) / "events.jsonl", "{}\n");
  CHECK_THROWS_AS(SweepFolder(other, grid, false, std::nullopt, nullptr), OutputDirError);
  CHECK(fs::exists(incomplete_path(other) / "events.jsonl"));
}

TEST_CASE("the same run gives the same cells, on any thread") {
  const SweepPlan plan = SweepPlan::load(kData / "grid.yaml");
  std::vector<std::size_t> runs(plan.runs());
  for (std::size_t i = 0; i < runs.size(); ++i)
    runs[i] = i;
  auto collect = [&](std::size_t threads) {
    RunQueue queue(runs);
    std::map<std::size_t, std::vector<std::string>> got;
    const PoolOutcome o = run_on_threads(
        plan, queue, threads, std::nullopt, nullptr,
        [&](std::size_t run, const std::vector<std::string>& c) { got.emplace(run, c); });
    CHECK(o.finished == plan.runs());
    CHECK_FALSE(o.failed_run);
    return got;
  };
  const auto one = collect(1);
  CHECK(collect(3) == one);
  CHECK(one.at(0) != one.at(6));  // another seed, another outcome
}
