// The sweep report's parts below the page: heatmap cells (grid values, bins), the tipping contour
// and crossings against hand-computed cases, Wilson intervals, the CSV reader and its located
// errors, --bins, the report-file rule, and the table `alchemy sweep` prints.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/folder/output_dir.hpp"
#include "sim/folder/output_ownership.hpp"
#include "sim/report/csv_read.hpp"
#include "sim/report/report_file.hpp"
#include "sim/report/sweep_grid.hpp"
#include "sim/report/sweep_report.hpp"
#include "sim/scenario/config_error.hpp"
#include "sim/sweep/sweep_digest.hpp"

namespace fs = std::filesystem;
using namespace alchemy;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void check_segment(const Segment& s, double x0, double y0, double x1, double y1) {
  CHECK(s.x0 == doctest::Approx(x0));
  CHECK(s.y0 == doctest::Approx(y0));
  CHECK(s.x1 == doctest::Approx(x1));
  CHECK(s.y1 == doctest::Approx(y1));
}

}  // namespace

TEST_CASE("sweep report: a grid axis has one cell per distinct value, numbers in order") {
  const GridAxis a = make_axis("k", {"0.8", "0.4", "1.2", "0.4", "0.8"}, 0);
  CHECK(a.numeric);
  CHECK_FALSE(a.binned);
  CHECK(a.labels == std::vector<std::string>{"0.4", "0.8", "1.2"});
  CHECK(a.positions == std::vector<double>{0.4, 0.8, 1.2});
  CHECK(a.cell_by_value.at("1.2") == 2);
  // Percentages and money amounts are numbers; the same number written twice shares a cell.
  const GridAxis m = make_axis("k", {"20B", "5B", "5_000_000_000", "50%"}, 0);
  CHECK(m.labels == std::vector<std::string>{"50%", "5B", "20B"});
  CHECK(m.positions == std::vector<double>{0.5, 5e9, 20e9});
  CHECK(m.cell_by_value.at("5_000_000_000") == 1);
  // Not numbers: in the order they first appear, at 0, 1, 2.
  const GridAxis d = make_axis("k", {"2026-01-02", "2025-06-30", "2026-01-02"}, 0);
  CHECK_FALSE(d.numeric);
  CHECK(d.labels == std::vector<std::string>{"2026-01-02", "2025-06-30"});
  CHECK(d.positions == std::vector<double>{0, 1});
}

TEST_CASE("sweep report: sampled values are binned only when there are more than the bins") {
  // Five values over [0, 1] into 4 bins of width 0.25: 0 and 0.24 → bin 0, 0.25 → 1, 0.99 and the
  // maximum 1 → bin 3.
  const GridAxis a = make_axis("k", {"0", "0.24", "0.25", "0.99", "1"}, 4);
  CHECK(a.binned);
  CHECK(a.edges == std::vector<double>{0, 0.25, 0.5, 0.75, 1});
  CHECK(a.positions == std::vector<double>{0.125, 0.375, 0.625, 0.875});
  CHECK(a.labels[1] == "0.25–0.5");
  CHECK(a.cell_by_value.at("0") == 0);
  CHECK(a.cell_by_value.at("0.24") == 0);
  CHECK(a.cell_by_value.at("0.25") == 1);
  CHECK(a.cell_by_value.at("0.99") == 3);
  CHECK(a.cell_by_value.at("1") == 3);
  // A sampled `values` list of three values, 8 bins: one cell per value.
  const GridAxis v = make_axis("k", {"3", "1", "2", "1"}, 8);
  CHECK_FALSE(v.binned);
  CHECK(v.positions == std::vector<double>{1, 2, 3});
}

TEST_CASE("sweep report: the tipping contour of a 3 × 3 grid, crossings by hand") {
  // pd at x ∈ {0, 1, 2} (columns) and y ∈ {0, 10, 20} (rows):
  //   y = 20:  0     1     1
  //   y = 10:  0     0.25  1
  //   y =  0:  0     0     1
  // Crossings of 0.5: (1.5, 0) on the bottom row; (1 + 1/3, 10) between 0.25 and 1 along y = 10
  // (t = (0.5 − 0.25) / 0.75); (1, 10 + 10/3) between 0.25 and 1 along x = 1; (0.5, 20) on the
  // top row. Square (0,0) has no crossing; the others one segment each, in square order.
  const std::vector<double> xs{0, 1, 2}, ys{0, 10, 20};
  const std::vector<std::optional<double>> z{0, 0, 1, 0, 0.25, 1, 0, 1, 1};
  const auto s = level_contour(xs, ys, z, 0.5);
  REQUIRE(s.size() == 3);
  check_segment(s[0], 1.5, 0, 4.0 / 3.0, 10);         // square (1, 0)
  check_segment(s[1], 1, 40.0 / 3.0, 0.5, 20);        // square (0, 1)
  check_segment(s[2], 4.0 / 3.0, 10, 1, 40.0 / 3.0);  // square (1, 1)
  // A value exactly at the level counts as above: the crossing lies on that node.
  const auto at = level_contour({0, 1}, {0, 1}, {0, 0.5, 0, 0.5}, 0.5);
  REQUIRE(at.size() == 1);
  check_segment(at[0], 1, 0, 1, 1);
  // A cell without runs: its squares are skipped.
  CHECK(level_contour(xs, ys, {0, 0, 1, 0, std::nullopt, 1, 0, 1, 1}, 0.5).empty());
}

TEST_CASE("sweep report: a saddle is split by the mean of its four corners") {
  // Corners (0,0)=1, (1,0)=0, (1,1)=1, (0,1)=0: mean 0.5 ≥ 0.5, so the high diagonal is joined
  // and the two low corners are cut off: around (1,0) and around (0,1).
  const auto high = level_contour({0, 1}, {0, 1}, {1, 0, 0, 1}, 0.5);
  REQUIRE(high.size() == 2);
  check_segment(high[0], 0.5, 0, 1, 0.5);
  check_segment(high[1], 0.5, 1, 0, 0.5);
  // The same with 0.9 for the high corners: mean 0.45 < 0.5, so the high corners are cut off.
  const auto low = level_contour({0, 1}, {0, 1}, {0.9, 0, 0, 0.9}, 0.5);
  REQUIRE(low.size() == 2);
  // Around (0,0): on the left edge at y = 1 − 5/9 (from (0,1) at 0 up to 0.9), on the bottom
  // at x = 4/9; around (1,1): on the right edge at y = 5/9, on the top at x = 5/9.
  check_segment(low[0], 0, 4.0 / 9.0, 4.0 / 9.0, 0);
  check_segment(low[1], 1, 5.0 / 9.0, 5.0 / 9.0, 1);
}

TEST_CASE("sweep report: crossings along one parameter, and Wilson intervals") {
  const auto c = level_crossings({0, 1, 2, 3}, {0, 0.25, 0.75, 1}, 0.5);
  REQUIRE(c.size() == 1);
  CHECK(c[0] == doctest::Approx(1.5));
  CHECK(level_crossings({0, 1, 2}, {1, 0, 1}, 0.5) == std::vector<double>{0.5, 1.5});
  // 0 of 8: [0, z²/n / (1 + z²/n)] = [0, 0.3244]; 4 of 8: 0.5 ± 0.2849 (symmetric at p = 0.5).
  const auto [lo0, hi0] = wilson_interval(0, 8);
  CHECK(lo0 == 0.0);
  CHECK(hi0 == doctest::Approx(0.32441).epsilon(1e-4));
  const auto [lo4, hi4] = wilson_interval(4, 8);
  CHECK(lo4 == doctest::Approx(0.21521).epsilon(1e-4));
  CHECK(hi4 == doctest::Approx(0.78479).epsilon(1e-4));
}

TEST_CASE("sweep report: CSV as RFC 4180, errors located") {
  const CsvFile f = parse_csv("a,b,c\r\n1,\"x, \"\"y\"\"\",3\n4,\"two\nlines\",6\n", "t.csv");
  CHECK(f.header == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(f.rows.size() == 2);
  CHECK(f.rows[0].cells[1] == "x, \"y\"");
  CHECK(f.rows[0].line == 2);
  CHECK(f.rows[0].columns == std::vector<int>{1, 3, 14});
  CHECK(f.rows[1].cells[1] == "two\nlines");
  CHECK(f.rows[1].line == 3);
  CHECK(f.column("c") == 2);
  auto message = [](const std::string& text) {
    try {
      parse_csv(text, "t.csv");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("a,b\n1,\"open\n") ==
        "t.csv:2:3: this quoted field is never closed (a '\"' is "
        "missing)");
  CHECK(message("a,b\n1,2,3\n") == "t.csv:2:1: this row has 3 fields, the header 2");
  CHECK(message("a,b\n1,\"x\"y\n") ==
        "t.csv:2:6: text after a closing quote (expected ',' or the end of the line)");
  CHECK(message("") == "t.csv:1:1: the file is empty");
}

TEST_CASE("sweep report: --bins") {
  SweepReportOptions o;
  parse_bins("6x4", o);
  CHECK(o.bins_x == 6);
  CHECK(o.bins_y == 4);
  parse_bins("10", o);
  CHECK(o.bins_x == 10);
  CHECK(o.bins_y == 10);
  for (const char* bad : {"0", "8x", "x8", "8x0", "eight", "8x8x8", "1001"})
    CHECK_THROWS_AS(parse_bins(bad, o), std::invalid_argument);
}

TEST_CASE("sweep report: a report file replaces only a report alchemy wrote") {
  const fs::path dir = fs::path(ALCHEMY_TEST_TMP) / "sweep_report_file";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string page =
      std::string("<html><head>") + std::string(kReportGeneratorMeta) + "</head></html>\n";
  write_report_file(dir / "r.html", page);
  CHECK(read_text(dir / "r.html") == page);
  write_report_file(dir / "r.html", page + "2");  // its own: replaced
  CHECK(read_text(dir / "r.html") == page + "2");
  { std::ofstream(dir / "mine.html") << "<html>my notes</html>"; }
  CHECK_THROWS_AS(write_report_file(dir / "mine.html", page), OutputDirError);
  CHECK(read_text(dir / "mine.html") == "<html>my notes</html>");
  fs::create_directory(dir / "folder");
  CHECK_THROWS_AS(write_report_file(dir / "folder", page), OutputDirError);
  // No temporary file is left behind.
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir))
    files += e.is_regular_file() ? 1 : 0;
  CHECK(files == 2);
}

TEST_CASE("sweep report: --force accepts an alchemy report.html beside a sweep's files") {
  const fs::path dir = fs::path(ALCHEMY_TEST_TMP) / "sweep_report_ownership";
  fs::remove_all(dir);
  fs::create_directories(dir);
  { std::ofstream(dir / "runs.csv") << "run\n"; }
  {
    std::ofstream(dir / "manifest.json")
        << R"({"alchemy_version": "0", "sweep_sha256": "x", "files": {"runs.csv": {"bytes": 4}}})";
  }
  CHECK_FALSE(not_replaceable_because(dir, OutputKind::sweep));
  { std::ofstream(dir / "report.html") << "<head>" << kReportGeneratorMeta << "</head>"; }
  CHECK_FALSE(not_replaceable_because(dir, OutputKind::sweep));
  { std::ofstream(dir / "report.html") << "<head>my own page</head>"; }
  const auto why = not_replaceable_because(dir, OutputKind::sweep);
  REQUIRE(why);
  CHECK(why->find("report.html is not listed") != std::string::npos);
  // Only at the top: a marked page elsewhere is still foreign.
  fs::remove(dir / "report.html");
  fs::create_directory(dir / "sub");
  { std::ofstream(dir / "sub" / "report.html") << kReportGeneratorMeta; }
  CHECK(not_replaceable_because(dir, OutputKind::sweep));
}

TEST_CASE("sweep report: the table a sweep prints, all points or the ends") {
  Table t;
  t.header = {"point", "k", "runs", "pd.a", "pd.b", "x.mean"};
  for (int p = 0; p < 3; ++p) {
    t.rows.push_back(
        {std::to_string(p), std::to_string(p) + "0%", "4", p == 1 ? "0.75" : "0.25", "0", "7"});
  }
  CHECK(sweep_digest(t, 1) ==
        "default probability per point (share of its runs in which each firm defaulted):\n"
        "point  k    runs     a     b\n"
        "    0  00%     4  0.25  0.00\n"
        "    1  10%     4  0.75  0.00\n"
        "    2  20%     4  0.25  0.00\n");
  // 25 points, pd.a = point / 24: the five highest are 24..20, the five lowest 4..0.
  t.rows.clear();
  for (int p = 0; p < 25; ++p) {
    t.rows.push_back({std::to_string(p), "v", "4", std::to_string(p / 24.0), "0", "7"});
  }
  const std::string big = sweep_digest(t, 1);
  std::istringstream lines(big);
  std::vector<std::string> l;
  for (std::string s; std::getline(lines, s);)
    l.push_back(s);
  REQUIRE(l.size() == 13);
  CHECK(l[0].find("the 5 points with the highest and the 5 with the lowest") != std::string::npos);
  CHECK(l[2].rfind("   24  v", 0) == 0);
  CHECK(l[6].rfind("   20  v", 0) == 0);
  CHECK(l[7] == "…15 more");
  CHECK(l[8].rfind("    4  v", 0) == 0);
  CHECK(l[12].rfind("    0  v", 0) == 0);
}
