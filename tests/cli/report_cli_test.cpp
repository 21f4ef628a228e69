// `alchemy report RUN_DIR` and `alchemy run … --report` end to end:
//   - both give the same bytes for the same run (the page is written from the rows the sinks
//     wrote, in memory or read back from the files);
//   - golden: the data block embedded in report.html equals the run's files, re-read here
//     independently (every series price and market value, every market row, every loop row,
//     every event, every network.csv row), the month-end balance sheets are the rows of the last
//     date of each month, and network.csv has a snapshot at each of those dates;
//   - an existing file alchemy did not write is never overwritten; a report beside a run does
//     not stop `run --force` from replacing it;
//   - a run's file edited since the run wrote it is refused (exit 2).

#include <doctest/doctest.h>

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
using alchemy::testing::slurp;
using nlohmann::json;

namespace {

// The small fixture, with labco's cash cut so that it defaults: the timeline, the cascade trees
// and the default payload are exercised too.
const std::string kRun = "'" + std::string(ALCHEMY_SOURCE_DIR) +
                         "/tests/data/run/small.yaml' --quiet --set firms.labco.cash=10M "
                         "--set market.funding.quarterly_supply=0";

fs::path fresh_dir(const char* name) {
  const auto dir = fs::path(ALCHEMY_TEST_TMP) / "report_cli" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string q(const fs::path& p) {
  return "'" + p.string() + "'";
}

std::vector<std::string> split(const std::string& line, char sep = ',') {
  std::vector<std::string> out;
  std::stringstream s(line);
  std::string f;
  while (std::getline(s, f, sep))
    out.push_back(f);
  if (!line.empty() && line.back() == sep) out.emplace_back();
  return out;
}

std::vector<std::vector<std::string>> csv_rows(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::vector<std::string>> rows;
  while (std::getline(in, line))
    rows.push_back(split(line));
  return rows;
}

// The number a CSV field holds, as the report's JSON must hold it (null for an empty field).
json number_of(const std::string& field) {
  if (field.empty()) return nullptr;
  return std::stod(field);
}

json data_block(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"alchemy-data\">";
  const auto a = html.find(open);
  REQUIRE(a != std::string::npos);
  const auto b = html.find("</script>", a);
  REQUIRE(b != std::string::npos);
  return json::parse(html.substr(a + open.size(), b - a - open.size()));
}

}  // namespace

TEST_CASE(
    "report: run --report and run-then-report give the same bytes, and the data block is the "
    "run's files") {
  const fs::path t = fresh_dir("golden");
  const auto a = run_alchemy("run " + kRun + " --out " + q(t / "a") + " --report", t);
  REQUIRE_MESSAGE(a.code == 0, a.err);
  CHECK(a.out == (t / "a").string() + "\n");
  const auto b = run_alchemy("run " + kRun + " --out " + q(t / "b"), t);
  REQUIRE_MESSAGE(b.code == 0, b.err);
  CHECK_FALSE(fs::exists(t / "b" / "report.html"));
  const auto r = run_alchemy("report " + q(t / "b"), t);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(r.out == (t / "b" / "report.html").string() + "\n");

  const std::string html = slurp(t / "a" / "report.html");
  CHECK(html == slurp(t / "b" / "report.html"));
  CHECK(html.find("<meta name=\"generator\" content=\"alchemy report\">") != std::string::npos);
  // The report is not among the manifest's files (it is written after the manifest).
  const json manifest = json::parse(slurp(t / "a" / "manifest.json"));
  CHECK_FALSE(manifest["files"].contains("report.html"));

  const json d = data_block(html);
  const fs::path run = t / "b";
  CHECK(d["run"]["scenario"] == manifest["scenario_name"]);
  CHECK(d["run"]["seed"] == std::to_string(manifest["seed"].get<std::uint64_t>()));

  // series.csv: every price and market value, per firm, at every date.
  std::map<std::string, std::size_t> firm;
  for (std::size_t i = 0; i < d["firms"].size(); ++i)
    firm[d["firms"][i].get<std::string>()] = i;
  const auto series = csv_rows(run / "series.csv");
  REQUIRE(!series.empty());
  std::map<std::string, std::size_t> at;  // firm → rows seen
  std::vector<std::vector<std::vector<std::string>>> rows_of(firm.size());
  std::size_t checked = 0;
  for (const auto& row : series) {
    REQUIRE(row.size() == 25);
    REQUIRE(firm.count(row[1]) == 1);
    const std::size_t f = firm[row[1]];
    const std::size_t k = at[row[1]]++;
    CHECK(d["dates"][k] == row[0]);
    CHECK(d["price"][f][k] == number_of(row[4]));
    CHECK(d["mv"][f][k] == number_of(row[7]));
    CHECK(d["pd"][f][k] == number_of(row[23]));
    CHECK(d["cv"][f][k] == number_of(row[24]));
    rows_of[f].push_back(row);
    ++checked;
  }
  CHECK(checked == d["dates"].size() * d["firms"].size());
  CHECK(d["firms"].size() == 3);

  // Balance sheets: the rows of the last date of each month.
  const json& bs = d["bs"];
  std::vector<std::size_t> month_ends;
  const auto& dates = rows_of[0];
  for (std::size_t k = 0; k < dates.size(); ++k) {
    if (k + 1 == dates.size() || dates[k + 1][0].substr(0, 7) != dates[k][0].substr(0, 7))
      month_ends.push_back(k);
  }
  REQUIRE(bs["at"].size() == month_ends.size());
  // 2025-01 … 2025-12: the year from 2025-01-02 ends on 2026-01-01, a holiday, so the last
  // recorded date is 2025-12-31.
  CHECK(month_ends.size() == 12);
  const std::pair<const char*, int> columns[] = {{"cash", 8},
                                                 {"fleet", 9},
                                                 {"stakes", 10},
                                                 {"warrants", 11},
                                                 {"receivables", 12},
                                                 {"other_assets", 13},
                                                 {"operating_assets", 14},
                                                 {"debt", 15},
                                                 {"payables", 16},
                                                 {"other_liabilities", 17},
                                                 {"equity", 18}};
  for (std::size_t m = 0; m < month_ends.size(); ++m) {
    CHECK(bs["at"][m] == month_ends[m]);
    for (std::size_t f = 0; f < rows_of.size(); ++f)
      for (const auto& [name, column] : columns)
        CHECK(bs[name][f][m] == number_of(rows_of[f][month_ends[m]][column]));
  }

  // market.csv
  const auto market = csv_rows(run / "market.csv");
  REQUIRE(market.size() == d["market"]["dates"].size());
  for (std::size_t i = 0; i < market.size(); ++i) {
    CHECK(d["market"]["dates"][i] == market[i][0]);
    CHECK(d["market"]["sentiment"][i] == number_of(market[i][1]));
    CHECK(d["market"]["gpu_index"][i] == number_of(market[i][2]));
    CHECK(d["market"]["risk_free"][i] == number_of(market[i][3]));
  }

  // loops.csv
  const auto loops = csv_rows(run / "loops.csv");
  const json& L = d["loops"];
  REQUIRE(loops.size() == L["loop"].size());
  REQUIRE(!loops.empty());
  for (std::size_t i = 0; i < loops.size(); ++i) {
    const std::size_t k = L["loop"][i];
    CHECK(L["dates"][L["date"][i].get<std::size_t>()] == loops[i][0]);
    CHECK(L["names"][k] == loops[i][1]);
    CHECK(L["classes"][k] == loops[i][2]);
    CHECK(L["kinds"][k] == loops[i][3]);
    CHECK(L["lengths"][k] == std::stoul(loops[i][4]));
    CHECK(L["gain"][i] == number_of(loops[i][5]));
    CHECK(L["per_edge_gain"][i] == number_of(loops[i][6]));
  }

  // events.jsonl
  const json& E = d["events"];
  std::ifstream events(run / "events.jsonl");
  std::string line;
  std::size_t n = 0, defaults = 0;
  const auto firm_or_null = [&](const json& v) -> json {
    const int i = v.get<int>();
    return i < 0 ? json(nullptr) : d["firms"][static_cast<std::size_t>(i)];
  };
  while (std::getline(events, line)) {
    const json e = json::parse(line);
    CHECK(E["seq"][n] == e["seq"]);
    CHECK(E["dates"][E["date"][n].get<std::size_t>()] == e["date"]);
    CHECK(E["types"][E["type"][n].get<std::size_t>()] == e["type"]);
    CHECK(firm_or_null(E["firm"][n]) == e["firm"]);
    CHECK(firm_or_null(E["counterparty"][n]) == e["counterparty"]);
    const int c = E["contract"][n];
    CHECK((c < 0 ? json(nullptr) : E["contracts"][static_cast<std::size_t>(c)]) == e["contract"]);
    // Amounts: the same decimal text (two decimals there, trailing zeros dropped here).
    CHECK(E["amount"][n].get<double>() == e["amount"].get<double>());
    CHECK(E["cause"][n] == (e["cause"].is_null() ? json(0) : e["cause"]));
    if (e["type"] == "default" || e["type"] == "cascade") {
      CHECK(E["fields"][std::to_string(e["seq"].get<std::uint64_t>())] == e["data"]);
      defaults += e["type"] == "default";
    }
    ++n;
  }
  CHECK(n == E["seq"].size());
  CHECK(n == manifest["events"]);
  CHECK(defaults >= 1);  // labco, with 10M of cash

  // network.csv: per date, its defaulted firms and its arrows, in file order.
  const auto network = csv_rows(run / "network.csv");
  const json& N = d["network"];
  REQUIRE(!network.empty());
  std::vector<std::string> network_dates;
  for (const auto& row : network)
    if (network_dates.empty() || network_dates.back() != row[0]) network_dates.push_back(row[0]);
  REQUIRE(N["dates"].size() == network_dates.size());
  std::size_t row_at = 0, arrows = 0, dead_rows = 0;
  for (std::size_t k = 0; k < network_dates.size(); ++k) {
    CHECK(N["dates"][k] == network_dates[k]);
    std::size_t a = 0, f = 0;
    for (; row_at < network.size() && network[row_at][0] == network_dates[k]; ++row_at) {
      const auto& row = network[row_at];
      REQUIRE(row.size() == 8);
      if (row[2].empty()) {  // a defaulted firm
        CHECK(row[3] == "defaulted");
        CHECK(d["firms"][N["defaulted"][k][f++].get<std::size_t>()] == row[1]);
        ++dead_rows;
        continue;
      }
      CHECK(d["firms"][N["from"][k][a].get<std::size_t>()] == row[1]);
      CHECK(d["firms"][N["to"][k][a].get<std::size_t>()] == row[2]);
      CHECK(N["kinds"][N["kind"][k][a].get<std::size_t>()] == row[3]);
      CHECK(N["contracts"][k][a] == std::stoul(row[4]));
      CHECK(N["amount"][k][a] == number_of(row[5]));
      CHECK(N["active"][k][a] == std::stoi(row[6]));
      CHECK(N["loop"][k][a] == std::stoi(row[7]));
      ++a;
    }
    CHECK(N["from"][k].size() == a);
    CHECK(N["defaulted"][k].size() == f);
    arrows += a;
  }
  CHECK(row_at == network.size());
  CHECK(arrows > 0);
  CHECK(dead_rows > 0);  // labco, from its default on
  // One snapshot per month end of series.csv (the last recorded date of each month).
  std::vector<std::string> month_end_days;
  for (std::size_t t = 0; t < d["dates"].size(); ++t) {
    const std::string day = d["dates"][t];
    const bool last = t + 1 == d["dates"].size() ||
                      d["dates"][t + 1].get<std::string>().substr(0, 7) != day.substr(0, 7);
    if (last) month_end_days.push_back(day);
  }
  // A month end whose network is empty (no contract signed yet, nobody defaulted) has no rows.
  std::size_t m = 0;
  for (const std::string& day : network_dates) {
    while (m < month_end_days.size() && month_end_days[m] != day)
      ++m;
    CHECK(m < month_end_days.size());  // every snapshot is a month end, in order
  }
  CHECK(network_dates.back() == month_end_days.back());
  CHECK(d["summary"] == slurp(run / "summary.txt"));
}

TEST_CASE(
    "report: --out never overwrites a file alchemy did not write, and run --force keeps working") {
  const fs::path t = fresh_dir("owner");
  REQUIRE(run_alchemy("run " + kRun + " --out " + q(t / "r") + " --report", t).code == 0);
  // The user's file: refused, kept.
  { std::ofstream(t / "mine.html") << "<html>my notes</html>\n"; }
  const auto refused = run_alchemy("report " + q(t / "r") + " --out " + q(t / "mine.html"), t);
  CHECK(refused.code == 2);
  CHECK(refused.err.find("mine.html: exists and is not a report alchemy wrote") !=
        std::string::npos);
  CHECK(slurp(t / "mine.html") == "<html>my notes</html>\n");
  // A report alchemy wrote is replaced; --out elsewhere.
  const auto again = run_alchemy("report " + q(t / "r"), t);
  CHECK(again.code == 0);
  const auto elsewhere = run_alchemy("report " + q(t / "r") + " --out " + q(t / "copy.html"), t);
  CHECK(elsewhere.code == 0);
  CHECK(slurp(t / "copy.html") == slurp(t / "r" / "report.html"));
  // The run folder holds report.html beside its manifest's files: still alchemy's to replace.
  const auto forced = run_alchemy("run " + kRun + " --out " + q(t / "r") + " --force", t);
  CHECK_MESSAGE(forced.code == 0, forced.err);
  CHECK_FALSE(fs::exists(t / "r" / "report.html"));
  // A user's file named report.html is not.
  { std::ofstream(t / "r" / "report.html") << "mine\n"; }
  const auto kept = run_alchemy("run " + kRun + " --out " + q(t / "r") + " --force", t);
  CHECK(kept.code == 2);
  CHECK(slurp(t / "r" / "report.html") == "mine\n");
}

TEST_CASE("report: a run's file edited since the run wrote it is refused") {
  const fs::path t = fresh_dir("edited");
  REQUIRE(run_alchemy("run " + kRun + " --out " + q(t / "r"), t).code == 0);
  { std::ofstream(t / "r" / "market.csv", std::ios::app) << "2030-01-01,1,1,0\n"; }
  const auto r = run_alchemy("report " + q(t / "r"), t);
  CHECK(r.code == 2);
  CHECK(r.err.find("market.csv: differs from what the run wrote") != std::string::npos);
  CHECK_FALSE(fs::exists(t / "r" / "report.html"));
}
