// A sweep's creditor losses against its runs' own event logs: `alchemy sweep --keep-logs` on
// tests/data/sweep/losses.yaml (firms default: no outside capital, labco's cash cut), then, for
// every run, creditor_loss.<firm> in runs.csv and in sweep.sqlite's `runs` equals the sum of the
// `default_settled` amounts for that firm in the run's events.jsonl (to the cent; 0 for a firm
// that did not default); each default is settled exactly once, its loss being due − paid and
// loss_network + loss_outside; the cascades' losses are the settlements' sum; summary.csv's
// creditor_loss.<firm>.mean is the mean of the point's runs.

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/shell_run.hpp"

namespace fs = std::filesystem;
using alchemy::testing::run_alchemy;
using nlohmann::json;

namespace {

const std::vector<std::string> kFirms{"chipco", "labco", "cloudco"};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream s(line);
  std::string f;
  while (std::getline(s, f, ','))
    out.push_back(f);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

// A CSV file (the sweep's cells hold no commas or quotes) as header → column and rows.
struct Csv {
  std::map<std::string, std::size_t> col;
  std::vector<std::vector<std::string>> rows;
  const std::string& at(std::size_t row, const std::string& name) const {
    const auto it = col.find(name);
    REQUIRE_MESSAGE(it != col.end(), "no column " << name);
    return rows[row][it->second];
  }
};

Csv read_csv(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  Csv c;
  std::getline(in, line);
  const auto head = split(line);
  for (std::size_t i = 0; i < head.size(); ++i)
    c.col[head[i]] = i;
  while (std::getline(in, line))
    c.rows.push_back(split(line));
  return c;
}

std::int64_t cents(double usd) {
  return std::llround(usd * 100.0);
}

// One REAL column of sweep.sqlite's runs table, by run (NULL as NaN).
std::map<std::int64_t, double> sqlite_column(const fs::path& db_file, const std::string& col) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  const std::string sql = "SELECT run, \"" + col + "\" FROM runs";
  INFO(sql << ": " << sqlite3_errmsg(db));
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  std::map<std::int64_t, double> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    out[sqlite3_column_int64(st, 0)] =
        sqlite3_column_type(st, 1) == SQLITE_NULL ? std::nan("") : sqlite3_column_double(st, 1);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_CASE("sweep: creditor_loss.<firm> is the sum of its default_settled amounts in events.jsonl") {
  const fs::path dir = fs::path(ALCHEMY_TEST_TMP) / "sweep_losses_cli";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path out = dir / "res";
  const auto r = run_alchemy(
      "sweep tests/data/sweep/losses.yaml --keep-logs --format jsonl,csv,sqlite "
      "--threads 2 --quiet --out '" +
          out.string() + "'",
      dir);
  INFO(r.err);
  REQUIRE(r.code == 0);

  const Csv runs = read_csv(out / "runs.csv");
  REQUIRE(runs.rows.size() == 4);  // 2 points × 2 seeds
  std::map<std::string, std::map<std::int64_t, double>> in_sqlite;
  for (const auto& f : kFirms)
    in_sqlite[f] = sqlite_column(out / "sweep.sqlite", "creditor_loss." + f);

  std::int64_t total_loss = 0;
  std::size_t defaults_seen = 0;
  for (std::size_t row = 0; row < runs.rows.size(); ++row) {
    const std::string run = runs.at(row, "run");
    CAPTURE(run);
    // The run's own log: settlements by firm, defaults by seq, cascades' losses.
    std::map<std::string, std::int64_t> settled_cents;
    std::map<std::uint64_t, std::string> default_firm;  // seq → firm
    std::map<std::uint64_t, int> settlements_of;        // default seq → settlements citing it
    std::int64_t settled_total = 0, cascade_total = 0;
    std::vector<json> cuts;  // labco's commitment cuts
    std::ifstream log(out / "runs" / run / "events.jsonl");
    REQUIRE(log);
    std::string line;
    while (std::getline(log, line)) {
      const json e = json::parse(line);
      if (e["type"] == "default") default_firm[e["seq"].get<std::uint64_t>()] = e["firm"];
      if (e["type"] == "cascade") cascade_total += cents(e["amount"].get<double>());
      if (e["type"] == "commitment_cut" && e["firm"] == "labco") cuts.push_back(e);
      if (e["type"] != "default_settled") continue;
      const json& d = e["data"];
      const std::int64_t amount = cents(e["amount"].get<double>());
      // The loss is what was owed and not paid, and the two classes' losses together.
      CHECK(amount == cents(d["due"].get<double>()) - cents(d["paid"].get<double>()));
      CHECK(amount ==
            cents(d["loss_network"].get<double>()) + cents(d["loss_outside"].get<double>()));
      if (d["due"].get<double>() > 0)
        CHECK(d["recovery"].get<double>() ==
              doctest::Approx(d["paid"].get<double>() / d["due"].get<double>()).epsilon(1e-12));
      ++settlements_of[e["cause"].get<std::uint64_t>()];
      // It settles the default it names, of the same firm.
      CHECK(default_firm[e["cause"].get<std::uint64_t>()] == e["firm"]);
      settled_cents[e["firm"].get<std::string>()] += amount;
      settled_total += amount;
    }
    for (const auto& [seq, firm] : default_firm) {
      CAPTURE(firm);
      CHECK(settlements_of[seq] == 1);
    }
    defaults_seen += default_firm.size();
    CHECK(cascade_total == settled_total);

    for (const auto& f : kFirms) {
      CAPTURE(f);
      const std::string& cell = runs.at(row, "creditor_loss." + f);
      REQUIRE_FALSE(cell.empty());
      CHECK(cents(std::stod(cell)) == settled_cents[f]);
      if (runs.at(row, "defaulted." + f) == "0") CHECK(cell == "0");
      CHECK(in_sqlite[f][std::stoll(run)] == std::stod(cell));  // REAL: the same double
    }
    // By hand, with 10 M of cash and no outside capital: cancelling its 20 B lease would cost
    // labco a 2 B penalty (10 %) it cannot pay, so its treasury cuts only the share whose penalty
    // its cash pays, 10 M / 2 B = 0.5 %, and defaults on the lease's first payment.
    if (runs.at(row, "firms.labco.cash") == "10M") {
      REQUIRE(cuts.size() == 1);
      CHECK(cuts[0]["data"]["share"].get<double>() == doctest::Approx(0.005).epsilon(1e-12));
      CHECK(cuts[0]["data"]["penalty"].get<double>() == doctest::Approx(10e6).epsilon(1e-12));
      CHECK(runs.at(row, "defaulted.labco") == "1");
    }
    total_loss += settled_total;
  }
  // Not vacuous: firms defaulted and their creditors lost money.
  CHECK(defaults_seen >= 2);
  CHECK(total_loss > 0);

  // summary.csv: per point, the mean over its runs (in run order), and the quantiles' range.
  const Csv summary = read_csv(out / "summary.csv");
  REQUIRE(summary.rows.size() == 2);
  for (std::size_t p = 0; p < summary.rows.size(); ++p) {
    for (const auto& f : kFirms) {
      CAPTURE(f);
      double sum = 0, lo = INFINITY, hi = -INFINITY;
      int n = 0;
      for (std::size_t row = 0; row < runs.rows.size(); ++row) {
        if (runs.at(row, "point") != summary.at(p, "point")) continue;
        const double v = std::stod(runs.at(row, "creditor_loss." + f));
        sum += v;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        ++n;
      }
      REQUIRE(n == 2);
      CHECK(std::stod(summary.at(p, "creditor_loss." + f + ".mean")) == doctest::Approx(sum / n));
      CHECK(std::stod(summary.at(p, "creditor_loss." + f + ".p05")) >= lo);
      CHECK(std::stod(summary.at(p, "creditor_loss." + f + ".p95")) <= hi);
      CHECK_FALSE(summary.at(p, "creditor_loss." + f + ".se").empty());
    }
  }
}
