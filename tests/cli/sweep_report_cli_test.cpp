// The sweep report end to end: real sweeps of tests/data/sweep (`alchemy sweep --report`, and the
// library for other axes and bins), the page's data block read back and checked against the
// sweep's own summary.csv and runs.csv, re-read here independently (a plain split: the test
// sweeps' cells hold no commas or quotes); the table `sweep` prints; bad folders refused.

#include <doctest/doctest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/shell_run.hpp"
#include "sim/folder/output_dir.hpp"
#include "sim/report/sweep_report.hpp"
#include "sim/scenario/config_error.hpp"

namespace fs = std::filesystem;
using alchemy::testing::run_alchemy;
using alchemy::testing::slurp;
using nlohmann::json;

namespace {

fs::path fresh(const char* name) {
  const fs::path dir = fs::path(ALCHEMY_TEST_TMP) / "sweep_report_cli" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t col(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    REQUIRE_MESSAGE(it != header.end(), "no column ", name);
    return static_cast<std::size_t>(it - header.begin());
  }
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream s(line);
  while (std::getline(s, cell, ','))
    out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

Csv read_csv_plain(const fs::path& p) {
  std::ifstream in(p);
  Csv c;
  std::string line;
  std::getline(in, line);
  c.header = split(line);
  while (std::getline(in, line)) {
    c.rows.push_back(split(line));
    REQUIRE(c.rows.back().size() == c.header.size());
  }
  return c;
}

double num(const std::string& s) {
  double x = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  REQUIRE_MESSAGE((ec == std::errc() && ptr == s.data() + s.size()), "not a number: ", s);
  return x;
}

json data_block(const fs::path& page) {
  const std::string html = slurp(page);
  const std::string open = "<script type=\"application/json\" id=\"alchemy-data\">";
  const std::size_t from = html.find(open);
  REQUIRE(from != std::string::npos);
  const std::size_t start = from + open.size();
  std::string text = html.substr(start, html.find("</script>", start) - start);
  for (std::size_t at; (at = text.find("<\\/")) != std::string::npos;)
    text.replace(at, 3, "</");
  return json::parse(text);
}

std::size_t index_of(const json& labels, const std::string& v) {
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] == v) return i;
  }
  FAIL("no label ", v);
  return 0;
}

// Sweeps tests/data/sweep/<file> into `dir`/s with extra flags; returns the run.
alchemy::testing::ShellRun sweep(const std::string& file, const fs::path& dir,
                                 const std::string& flags) {
  auto r = run_alchemy("sweep tests/data/sweep/" + file + " --threads 2 --out '" +
                           (dir / "s").string() + "' " + flags,
                       dir);
  INFO(r.err);
  REQUIRE(r.code == 0);
  return r;
}

}  // namespace

TEST_CASE("sweep report: --report's data block is the sweep's summary.csv, cell by cell") {
  const fs::path dir = fresh("grid");
  const auto r = sweep("grid.yaml", dir, "--report");
  const fs::path s = dir / "s";
  const Csv summary = read_csv_plain(s / "summary.csv");
  const json d = data_block(s / "report.html");
  CHECK(slurp(s / "report.html").find("<meta name=\"generator\" content=\"alchemy report\">") !=
        std::string::npos);

  // Axes: the grid's two parameters, one cell per value.
  CHECK(d["x"]["key"] == "firms.labco.revenue.growth");
  CHECK(d["y"]["key"] == "market.sentiment.volatility");
  CHECK(d["x"]["labels"] == json({"0.4", "0.8"}));
  CHECK(d["y"]["labels"] == json({"0.1", "0.2", "0.3"}));
  CHECK(d["x"]["binned"] == false);

  // Heatmap cells: each summary row's pd.<firm> and runs, at its (x, y) cell.
  const std::vector<std::string> firms{"chipco", "labco", "cloudco"};
  REQUIRE(d["firms"].size() == 3);
  for (const json& f : d["firms"]) {
    const std::string firm = f["firm"];
    CHECK(std::find(firms.begin(), firms.end(), firm) != firms.end());
    REQUIRE(f["cells"].size() == summary.rows.size());
    for (const auto& row : summary.rows) {
      const std::size_t i = index_of(d["x"]["labels"], row[1]);
      const std::size_t j = index_of(d["y"]["labels"], row[2]);
      const auto cell = std::find_if(f["cells"].begin(), f["cells"].end(),
                                     [&](const json& c) { return c[0] == i && c[1] == j; });
      REQUIRE(cell != f["cells"].end());
      CHECK((*cell)[2].get<double>() == num(row[summary.col("pd." + firm)]));
      CHECK((*cell)[3].get<std::size_t>() == num(row[summary.col("runs")]));
    }
  }

  // Every number metric: p05, p50, p95 and mean per point, null where summary.csv is empty.
  std::size_t metrics = 0;
  for (std::size_t c = 0; c < summary.header.size(); ++c) {
    const std::string& h = summary.header[c];
    if (h.size() < 5 || h.substr(h.size() - 5) != ".mean") continue;
    const std::string name = h.substr(0, h.size() - 5);
    const json& m = d["metrics"][metrics++];
    CHECK(m["name"] == name);
    for (const char* stat : {"p05", "p50", "p95", "mean"}) {
      const std::size_t col = summary.col(name + "." + stat);
      for (std::size_t p = 0; p < summary.rows.size(); ++p) {
        const std::string& cell = summary.rows[p][col];
        if (cell.empty()) {
          CHECK(m[stat][p].is_null());
        } else {
          CHECK(m[stat][p].get<double>() == num(cell));
        }
      }
    }
  }
  CHECK(metrics == d["metrics"].size());
  // defaults, largest_cascade, final_sentiment, peak_rho; per firm creditor_loss, peak_drawdown,
  // final_price, final_market_value
  CHECK(metrics == 4 + 3 * 4);

  // The points table: summary.csv's point, parameters, runs and pd columns as written.
  for (std::size_t p = 0; p < summary.rows.size(); ++p) {
    const json& row = d["points"]["rows"][p];
    CHECK(row[0] == summary.rows[p][0]);
    CHECK(row[3] == summary.rows[p][3]);
    CHECK(row[4] == summary.rows[p][summary.col("pd.chipco")]);
  }

  // What the sweep printed: the pd table (two decimals of summary.csv's), the report, the folder.
  std::vector<std::string> lines;
  std::istringstream out(r.out);
  for (std::string l; std::getline(out, l);)
    lines.push_back(l);
  REQUIRE(lines.size() == 2 + summary.rows.size() + 2);
  CHECK(lines[1] ==
        "point  firms.labco.revenue.growth  market.sentiment.volatility  runs  "
        "chipco  cloudco  labco");
  for (std::size_t p = 0; p < summary.rows.size(); ++p) {
    std::istringstream cells(lines[2 + p]);
    std::string point, x, y, runs, chipco, cloudco, labco;
    cells >> point >> x >> y >> runs >> chipco >> cloudco >> labco;
    CHECK(point == summary.rows[p][0]);
    CHECK(x == summary.rows[p][1]);
    CHECK(y == summary.rows[p][2]);
    CHECK(num(labco) ==
          doctest::Approx(num(summary.rows[p][summary.col("pd.labco")])).epsilon(0.006));
  }
  CHECK(lines[lines.size() - 2] == "report: " + (s / "report.html").string());
  CHECK(lines.back() == s.string());

  // The same folder gives the same bytes; and the library writes where it is told.
  alchemy::SweepReportOptions o;
  o.output = dir / "again.html";
  CHECK(alchemy::write_sweep_report(s, o) == o.output);
  CHECK(slurp(o.output) == slurp(s / "report.html"));
}

TEST_CASE("sweep report: a Latin hypercube's runs binned, against runs.csv") {
  const fs::path dir = fresh("lhs");
  sweep("lhs.yaml", dir, "--quiet");
  const fs::path s = dir / "s";
  alchemy::SweepReportOptions o;
  o.output = dir / "r.html";
  o.x = "market.sentiment.volatility";  // swapped: the second parameter along x
  o.y = "firms.labco.revenue.growth";
  o.bins_x = 2;
  o.bins_y = 3;
  alchemy::write_sweep_report(s, o);
  const json d = data_block(o.output);
  CHECK(d["x"]["key"] == o.x);
  CHECK(d["y"]["key"] == o.y);
  CHECK(d["x"]["binned"] == true);
  CHECK(d["y"]["binned"] == true);

  // Independently: equal-width bins over [min, max] of each parameter in runs.csv.
  const Csv runs = read_csv_plain(s / "runs.csv");
  REQUIRE(runs.rows.size() == 8);
  auto bins_of = [&](const std::string& key, std::size_t bins) {
    const std::size_t c = runs.col(key);
    double lo = 1e300, hi = -1e300;
    for (const auto& row : runs.rows) {
      lo = std::min(lo, num(row[c]));
      hi = std::max(hi, num(row[c]));
    }
    std::vector<std::size_t> cell;
    for (const auto& row : runs.rows) {
      const auto k = static_cast<std::size_t>(std::floor((num(row[c]) - lo) / (hi - lo) * bins));
      cell.push_back(std::min(k, bins - 1));
    }
    return cell;
  };
  const auto bx = bins_of(o.x, 2), by = bins_of(o.y, 3);
  for (const json& f : d["firms"]) {
    const std::size_t flag = runs.col("defaulted." + f["firm"].get<std::string>());
    std::map<std::pair<std::size_t, std::size_t>, std::pair<int, int>> cells;  // (n, defaults)
    for (std::size_t r = 0; r < runs.rows.size(); ++r) {
      auto& c = cells[{bx[r], by[r]}];
      c.first += 1;
      c.second += runs.rows[r][flag] == "1" ? 1 : 0;
    }
    REQUIRE(f["cells"].size() == cells.size());
    std::size_t total = 0;
    for (const json& c : f["cells"]) {
      const auto& want = cells.at({c[0].get<std::size_t>(), c[1].get<std::size_t>()});
      CHECK(c[3].get<int>() == want.first);
      CHECK(c[2].get<double>() == static_cast<double>(want.second) / want.first);
      total += c[3].get<std::size_t>();
    }
    CHECK(total == 8);
  }
}

TEST_CASE("sweep report: folders and flags it refuses, with what to do") {
  const fs::path dir = fresh("bad");
  sweep("grid.yaml", dir, "--quiet");
  const fs::path s = dir / "s";
  auto message = [](const fs::path& folder, const alchemy::SweepReportOptions& o) {
    try {
      alchemy::write_sweep_report(folder, o);
    } catch (const alchemy::OutputDirError& e) {
      return "dir: " + std::string(e.what());
    } catch (const alchemy::ConfigError& e) {
      return "config: " + std::string(e.what());
    }
    return std::string("written");
  };
  alchemy::SweepReportOptions o;
  o.output = dir / "r.html";
  CHECK(message(dir / "none", o) == "dir: " + (dir / "none").string() + ": no such folder");
  CHECK(message(dir, o).find("is not a sweep folder: it has no manifest.json") !=
        std::string::npos);

  // A run's folder.
  const auto run = run_alchemy(
      "run tests/data/sweep/small.yaml --quiet --out '" + (dir / "run").string() + "'", dir);
  REQUIRE(run.code == 0);
  CHECK(message(dir / "run", o).find("it is a run's folder") != std::string::npos);

  // Axes that are not the sweep's.
  o.x = "firms.labco.cash";
  CHECK(message(s, o) ==
        "config: --x: 'firms.labco.cash' is not a parameter of this sweep; its "
        "parameters: firms.labco.revenue.growth, market.sentiment.volatility");
  o.x = "market.sentiment.volatility";
  o.y = "market.sentiment.volatility";
  CHECK(message(s, o).find("--y: 'market.sentiment.volatility' is already the x axis") !=
        std::string::npos);
  o.x.clear();
  o.y.clear();

  // Unfinished: a manifest that says so, and a <out>.incomplete folder.
  const fs::path half = dir / "half";
  fs::copy(s, half);
  {
    std::string m = slurp(half / "manifest.json");
    m.replace(m.find("\"complete\""), 10, "\"incomplete\"");
    std::ofstream(half / "manifest.json") << m;
  }
  CHECK(message(half, o).find("is an unfinished sweep (18 of 18 runs done)") != std::string::npos);
  fs::copy(s, dir / "x.incomplete");
  CHECK(message(dir / "x.incomplete", o).find("is an unfinished sweep: run the same") !=
        std::string::npos);

  // Malformed tables: located.
  const fs::path bad = dir / "badcsv";
  fs::copy(s, bad);
  { std::ofstream(bad / "runs.csv", std::ios::app) << "1,2\n"; }
  CHECK(message(bad, o) == "config: " + (bad / "runs.csv").string() +
                               ":20:1: this row has 2 fields, the header " +
                               std::to_string(read_csv_plain(s / "runs.csv").header.size()));
  {
    std::string t = slurp(s / "runs.csv");
    const std::size_t second_line = t.find('\n') + 1;
    const std::size_t col = read_csv_plain(s / "runs.csv").col("defaulted.labco");
    std::size_t at = second_line;
    for (std::size_t c = 0; c < col; ++c)
      at = t.find(',', at) + 1;
    t.replace(at, 1, "x");
    std::ofstream(bad / "runs.csv") << t;
    CHECK(message(bad, o) == "config: " + (bad / "runs.csv").string() +
                                 ":2:" + std::to_string(at - second_line + 1) +
                                 ": column 'defaulted.labco': expected a number, got 'x'");
  }

  // A file of the user where the report would go: kept, refused.
  { std::ofstream(dir / "r.html") << "my notes"; }
  CHECK(message(s, o).find("exists and is not a report alchemy wrote") != std::string::npos);
  CHECK(slurp(dir / "r.html") == "my notes");
}

TEST_CASE("sweep report: --force replaces a sweep folder holding its report, not a foreign one") {
  const fs::path dir = fresh("force");
  sweep("grid.yaml", dir, "--report --quiet");
  // --quiet: only the folder, report or not.
  const auto again = sweep("grid.yaml", dir, "--report --force --quiet");
  CHECK(again.out == (dir / "s").string() + "\n");
  CHECK(fs::exists(dir / "s" / "report.html"));
  { std::ofstream(dir / "s" / "report.html") << "<html>mine</html>"; }
  const auto refused = run_alchemy(
      "sweep tests/data/sweep/grid.yaml --out '" + (dir / "s").string() + "' --force --quiet", dir);
  CHECK(refused.code == 2);
  CHECK(refused.err.find("report.html is not listed") != std::string::npos);
  CHECK(slurp(dir / "s" / "report.html") == "<html>mine</html>");
}
