// network.csv against `alchemy graph`, an independent path to the same network: a run's snapshot
// at a month end must hold exactly what `alchemy graph SCENARIO --at DATE` exports for that date:
// its JSON's contracts merged here into arrows (contracts counted, amounts summed, the kind with
// the largest amount), its DOT's loop marks, and its defaulted firms. On the baseline at
// 2025-12-31 (loops) and on the small fixture with labco defaulting (defaulted firms). run.sqlite's
// network table holds the same rows as network.csv.

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "market/edge_kind.hpp"
#include "tests/cli/shell_run.hpp"

namespace fs = std::filesystem;
using alchemy::testing::run_alchemy;
using alchemy::testing::slurp;

namespace {

const fs::path kDir = fs::path(ALCHEMY_TEST_TMP) / "network_csv_cli";

struct Arrow {
  std::string kind;
  std::size_t contracts = 0;
  double amount = 0.0;
  bool active = true;
  bool loop = false;
};
using Key = std::tuple<std::string, std::string, bool>;  // from, to, active

struct Snapshot {
  std::map<Key, Arrow> arrows;
  std::vector<std::string> defaulted;
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream s(line);
  std::string f;
  while (std::getline(s, f, ','))
    out.push_back(f);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

// network.csv's rows of one date.
Snapshot from_csv(const fs::path& file, const std::string& date) {
  std::istringstream in(slurp(file));
  std::string line;
  std::getline(in, line);
  CHECK(line == "date,from,to,kind,contracts,amount,active,loop");
  Snapshot s;
  while (std::getline(in, line)) {
    const auto f = split(line);
    REQUIRE(f.size() == 8);
    if (f[0] != date) continue;
    if (f[2].empty()) {
      CHECK(f[3] == "defaulted");
      s.defaulted.push_back(f[1]);
      continue;
    }
    Arrow a{f[3], std::stoul(f[4]), std::stod(f[5]), f[6] == "1", f[7] == "1"};
    CHECK(s.arrows.emplace(Key{f[1], f[2], a.active}, a).second);
  }
  return s;
}

// `alchemy graph --format json` merged into arrows here, loop marks from `--format dot`.
Snapshot from_graph(const std::string& scenario, const std::string& date) {
  const auto j = run_alchemy("graph " + scenario + " --at " + date + " --format json", kDir);
  REQUIRE_MESSAGE(j.code == 0, j.err);
  const auto doc = nlohmann::json::parse(j.out);
  Snapshot s;
  for (const auto& f : doc["firms"])
    if (!f["active"].get<bool>()) s.defaulted.push_back(f["id"]);
  std::map<Key, std::array<double, alchemy::edge_kind_count>> by_kind;
  std::map<Key, std::array<int, alchemy::edge_kind_count>> count;
  for (const auto& e : doc["edges"]) {
    const Key k{e["from"], e["to"], e["active"]};
    Arrow& a = s.arrows[k];
    a.active = e["active"];
    ++a.contracts;
    a.amount += e["amount"].get<double>();
    const auto kind =
        static_cast<std::size_t>(*alchemy::edge_kind_from_string(e["kind"].get<std::string>()));
    by_kind[k][kind] += e["amount"].get<double>();
    ++count[k][kind];
  }
  for (auto& [k, a] : s.arrows) {
    std::size_t best = alchemy::edge_kind_count;
    for (std::size_t i = 0; i < alchemy::edge_kind_count; ++i)
      if (count[k][i] > 0 && (best == alchemy::edge_kind_count || by_kind[k][i] > by_kind[k][best]))
        best = i;
    a.kind = std::string(alchemy::to_string(alchemy::all_edge_kinds[best]));
  }
  const auto dot = run_alchemy("graph " + scenario + " --at " + date + " --format dot", kDir);
  REQUIRE_MESSAGE(dot.code == 0, dot.err);
  const std::regex arrow(
      R"re(^  "([^"]+)" -> "([^"]+)" \[.*, active="(true|false)", .*, loop="(true|false)")re");
  std::istringstream lines(dot.out);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, arrow)) continue;
    const auto it = s.arrows.find(Key{m[1], m[2], m[3] == "true"});
    REQUIRE(it != s.arrows.end());
    it->second.loop = m[4] == "true";
  }
  return s;
}

void check_same(const Snapshot& run, const Snapshot& graph) {
  CHECK(run.defaulted == graph.defaulted);
  REQUIRE(run.arrows.size() == graph.arrows.size());
  for (const auto& [k, a] : graph.arrows) {
    CAPTURE(std::get<0>(k));
    CAPTURE(std::get<1>(k));
    const auto it = run.arrows.find(k);
    REQUIRE(it != run.arrows.end());
    CHECK(it->second.kind == a.kind);
    CHECK(it->second.contracts == a.contracts);
    // Summed in the same order (the network's canonical order), written shortest round-trip.
    CHECK(it->second.amount == a.amount);
    CHECK(it->second.loop == a.loop);
  }
}

// The network table's rows in the order written, as network.csv's lines (amounts as doubles
// compared below, so the text form of a REAL does not matter).
std::vector<std::vector<std::string>> sql_network(const fs::path& db) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(h,
                             "SELECT date, from_firm, coalesce(to_firm, ''), kind, contracts, "
                             "amount, active, loop FROM network ORDER BY rowid",
                             -1, &s, nullptr) == SQLITE_OK);
  std::vector<std::vector<std::string>> out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < 8; ++i) {
      if (i == 5) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", sqlite3_column_double(s, i));
        row.emplace_back(buf);
      } else {
        row.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, i)));
      }
    }
    out.push_back(row);
  }
  sqlite3_finalize(s);
  sqlite3_close(h);
  return out;
}

std::string q(const fs::path& p) {
  return "'" + p.string() + "'";
}

}  // namespace

TEST_CASE("network.csv at a month end is what `alchemy graph --at` exports: the baseline") {
  const std::string scenario = q(fs::path(ALCHEMY_SOURCE_DIR) / "configs" / "ai_compute_2025.yaml");
  fs::remove_all(kDir / "baseline");
  const auto r = run_alchemy(
      "run " + scenario + " --quiet --until 2026-01-31 --out " + q(kDir / "baseline"), kDir);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  const Snapshot run = from_csv(kDir / "baseline" / "network.csv", "2025-12-31");
  const Snapshot graph = from_graph(scenario, "2025-12-31");
  CHECK(run.arrows.size() > 10);
  std::size_t loops = 0;
  for (const auto& [k, a] : run.arrows)
    loops += a.loop;
  CHECK(loops > 0);
  check_same(run, graph);
}

TEST_CASE("network.csv at a month end is what `alchemy graph --at` exports: defaulted firms") {
  const std::string scenario =
      q(fs::path(ALCHEMY_SOURCE_DIR) / "tests" / "data" / "run" / "small.yaml") +
      " --set firms.labco.cash=10M --set market.funding.quarterly_supply=0";
  fs::remove_all(kDir / "small");
  const auto r = run_alchemy(
      "run " + scenario + " --quiet --format jsonl,csv,sqlite --out " + q(kDir / "small"), kDir);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  // The last snapshot, after labco's default.
  std::istringstream in(slurp(kDir / "small" / "network.csv"));
  std::string line, last;
  while (std::getline(in, line))
    last = line.substr(0, 10);
  const Snapshot run = from_csv(kDir / "small" / "network.csv", last);
  CHECK(run.defaulted == std::vector<std::string>{"labco"});
  check_same(run, from_graph(scenario, last));

  // run.sqlite: row for row.
  const auto sql = sql_network(kDir / "small" / "run.sqlite");
  std::istringstream csv(slurp(kDir / "small" / "network.csv"));
  std::getline(csv, line);  // header
  std::size_t n = 0;
  while (std::getline(csv, line)) {
    REQUIRE(n < sql.size());
    auto f = split(line);
    CAPTURE(line);
    CHECK(std::stod(sql[n][5]) == std::stod(f[5]));
    f[5] = sql[n][5];
    CHECK(sql[n] == f);
    ++n;
  }
  CHECK(n == sql.size());
  CHECK(n > 10);
}

TEST_CASE("graph and network.csv name each loan of a generated network apart") {
  // A generated network's interbank debts all carry the id "ib-<lender>"; each borrower's loan is
  // its own edge, qualified with the borrower ("ib-syn002:syn017") when the lender lends to
  // several, and a run records the network.
  const std::string scenario =
      q(fs::path(ALCHEMY_SOURCE_DIR) / "tests" / "data" / "config" / "full.yaml");
  const auto j = run_alchemy("graph " + scenario + " --format json", kDir);
  REQUIRE_MESSAGE(j.code == 0, j.err);
  const auto doc = nlohmann::json::parse(j.out);
  std::map<std::pair<std::string, std::string>, int> names;
  std::size_t qualified = 0;
  for (const auto& e : doc["edges"]) {
    const std::string contract = e["contract"];
    CHECK(++names[{contract, e["kind"].get<std::string>()}] == 1);
    if (contract.rfind("ib-", 0) == 0) {
      // "ib-<lender>" (the edge's `from`), qualified with the borrower (`to`) when the lender
      // lends to several.
      const std::string plain = "ib-" + e["from"].get<std::string>();
      CHECK((contract == plain || contract == plain + ":" + e["to"].get<std::string>()));
      qualified += contract != plain;
    }
  }
  CHECK(qualified > 100);
  fs::remove_all(kDir / "full");
  const auto r = run_alchemy("run " + scenario + " --quiet --out " + q(kDir / "full"), kDir);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(slurp(kDir / "full" / "network.csv").size() > 1000);
}
