#include <doctest/doctest.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "sim/output/series_csv_writer.hpp"

namespace fs = std::filesystem;
using namespace alchemy;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path test_dir(const char* name) {
  const auto dir = fs::path(ALCHEMY_TEST_TMP) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// ALCHEMY_UPDATE_GOLDEN=1 rewrites the golden file instead of comparing (review the diff).
void check_golden(const fs::path& written, const char* golden_name) {
  const fs::path golden = fs::path(ALCHEMY_SOURCE_DIR) / "tests/data/golden" / golden_name;
  if (const char* u = std::getenv("ALCHEMY_UPDATE_GOLDEN"); u && std::string(u) == "1") {
    fs::copy_file(written, golden, fs::copy_options::overwrite_existing);
  }
  REQUIRE(fs::exists(golden));
  CHECK(read_file(written) == read_file(golden));
}

SeriesRow row(Date d, int firm) {
  SeriesRow r;
  r.date = d;
  r.tick = 0;
  r.firm = firm;
  r.price = 164.25;
  r.shadow_price = 164.25;
  r.shares = 1.62e9;
  r.market_value = Money::cents(26608500000000);
  r.cash = Money::cents(512345678901);
  r.fleet = Money::cents(0);
  r.stakes = Money::cents(1);
  r.warrants = Money::cents(-1);
  r.receivables = Money::cents(99);
  r.other_assets = Money::cents(100);
  r.operating_assets = Money::cents(101);
  r.debt = Money::cents(-250000000000);
  r.payables = Money::cents(5);
  r.other_liabilities = Money::cents(6);
  r.equity = Money::cents(std::numeric_limits<std::int64_t>::max());
  r.revenue = Money::cents(7);
  r.net_income = Money::cents(-12345);
  r.gw = 0.75;
  r.unmet_demand = 2.5e9;
  r.default_probability = 0.125;
  r.commitment_value = -3.5e10;
  return r;
}

}  // namespace

TEST_CASE("series.csv and market.csv match the golden files byte for byte") {
  const auto dir = test_dir("csv_golden");
  RunHeader h;
  h.firm_ids = {"amd", "odd,\"id\""};
  SeriesCsvWriter w(dir / "series.csv", dir / "market.csv");
  w.begin(h);
  const Date d0 = Date::from_ymd(2025, 1, 2);

  w.series(row(d0, 0));
  SeriesRow r = row(d0, 1);  // a private, defaulted firm with awkward doubles
  r.listed = false;
  r.defaulted = true;
  r.price = 1.0 / 3.0;
  r.shadow_price = std::nan("");
  r.shares = 0.1 + 0.2;
  r.gw = std::numeric_limits<double>::infinity();
  r.unmet_demand = 1.0 / 7.0;
  r.default_probability = 1.0;
  r.commitment_value = -0.1;
  r.net_income = Money::cents(std::numeric_limits<std::int64_t>::min());
  w.series(r);
  w.series(row(d0.plus_days(1), 0));

  MarketRow m;
  m.date = d0;
  m.sentiment = 1.0;
  m.gpu_index = 0.98765432109876543;
  m.risk_free = 0.0425;
  w.market(m);
  m.date = d0.plus_days(1);
  m.sentiment = 1e-7;
  m.gpu_index = 123456789012345680.0;
  m.risk_free = -0.0;
  w.market(m);
  w.finish(true);
  w.close();
  CHECK(w.series_rows() == 3);
  CHECK(w.market_rows() == 2);

  check_golden(dir / "series.csv", "series.csv");
  check_golden(dir / "market.csv", "market.csv");
}

TEST_CASE("a run that writes no rows still leaves the headers") {
  const auto dir = test_dir("csv_empty");
  {
    SeriesCsvWriter w(dir / "series.csv", dir / "market.csv");
    w.finish(false);
  }
  CHECK(read_file(dir / "series.csv") == kSeriesCsvHeader);
  CHECK(read_file(dir / "market.csv") == kMarketCsvHeader);
}

TEST_CASE("a series row of a firm outside the table is an error") {
  const auto dir = test_dir("csv_bad_firm");
  SeriesCsvWriter w(dir / "series.csv", dir / "market.csv");
  RunHeader h;
  h.firm_ids = {"amd"};
  w.begin(h);
  CHECK_THROWS_AS(w.series(row(Date::from_ymd(2025, 1, 2), 1)), std::out_of_range);
}

// The writer formats a firm's shares, GW, unmet demand and money columns once while they repeat,
// and copies a
// listed firm's price into shadow_price; every field must still read as if formatted afresh.
TEST_CASE(
    "repeated shares, GW, unmet demand, money and shadow prices are written as freshly formatted "
    "values") {
  const auto dir = test_dir("csv_repeated");
  RunHeader h;
  h.firm_ids = {"a", "b"};
  SeriesCsvWriter w(dir / "series.csv", dir / "market.csv");
  w.begin(h);
  const double shares[] = {1.62e9, 1.62e9, 0.0, -0.0, -0.0, 1.62e9, 1.0 / 3.0};
  const double gw[] = {0.75, 0.75, 0.75, 2.5, 2.5, 0.75, std::nan("")};
  const double shadow[] = {164.25, 1.5, 164.25, -0.0, 0.0, 164.25, 164.25};
  const std::int64_t cash[] = {512, 512, -512, 0, 0, 512, std::numeric_limits<std::int64_t>::min()};
  std::vector<SeriesRow> written;
  for (int k = 0; k < 7; ++k) {
    for (int firm = 0; firm < 2; ++firm) {
      SeriesRow r = row(Date::from_ymd(2025, 1, 2).plus_days(k), firm);
      r.shares = shares[(k + firm) % 7];  // the two firms interleave different sequences
      r.gw = gw[(k + 3 * firm) % 7];
      r.unmet_demand = gw[(k + 5 * firm) % 7] * 1e10;
      r.default_probability = shadow[(k + firm) % 7] / 200.0;
      r.commitment_value = -shadow[(k + 2 * firm) % 7] * 1e9;
      r.price = 164.25;
      r.shadow_price = shadow[k];
      r.cash = Money::cents(cash[(k + 2 * firm) % 7]);
      r.debt = Money::cents(cash[(k / 2 + firm) % 7]);
      w.series(r);
      written.push_back(r);
    }
  }
  w.finish(true);
  w.close();
  const auto fresh = [](double v) {
    if (!std::isfinite(v)) return std::string();
    char buf[64];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  };
  std::istringstream lines(read_file(dir / "series.csv"));
  std::string line;
  std::getline(lines, line);  // header
  for (const SeriesRow& r : written) {
    REQUIRE(std::getline(lines, line));
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string x; std::getline(fields, x, ',');)
      f.push_back(x);
    if (line.back() == ',') f.emplace_back();
    REQUIRE(f.size() == 25);
    CHECK(f[4] == fresh(r.price));
    CHECK(f[5] == fresh(r.shadow_price));
    CHECK(f[6] == fresh(r.shares));
    CHECK(f[21] == fresh(r.gw));
    CHECK(f[22] == fresh(r.unmet_demand));
    CHECK(f[23] == fresh(r.default_probability));
    CHECK(f[24] == fresh(r.commitment_value));
    const auto cents = [](Money m) {
      char buf[kMaxCentsChars];
      return std::string(buf, write_cents(buf, m.in_cents()));
    };
    CHECK(f[8] == cents(r.cash));
    CHECK(f[15] == cents(r.debt));
  }
}
