// The telecom web of 1999 against its facts file (docs/facts/telecom-1999-facts.md, issue 22):
// no look-ahead (every input dated on or before the start, every contract already signed by then),
// every input of configs/telecom_1999.yaml listed with its value, and the sourced balance sheets
// and commitments equal to the figures of the filings and reports the file cites.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "config_paths.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "spec_lookup.hpp"

using namespace alchemy;

namespace {

const std::string kSource = ALCHEMY_SOURCE_DIR;
const std::string kScenario = kSource + "/configs/telecom_1999.yaml";
const std::string kFacts = kSource + "/docs/facts/telecom-1999-facts.md";
const std::string kStart = "1999-01-01";

struct FactRow {
  std::string value, as_of, status;
};

// The inputs table: key → (value, as of, status).
std::map<std::string, FactRow> fact_rows() {
  std::ifstream in(kFacts);
  REQUIRE(in);
  std::string line;
  while (std::getline(in, line) && line.rfind("| key in `configs/telecom_1999.yaml`", 0) != 0) {
  }
  REQUIRE(in);
  std::getline(in, line);  // | --- | ...
  const std::regex row(
      R"(^\| `([a-z0-9_.-]+)` \| ([^|]+?) \| (\d{4}-\d{2}-\d{2}) \| (sourced|assumption|fit) \| [^|]+ \|$)");
  std::map<std::string, FactRow> rows;
  while (std::getline(in, line) && !line.empty()) {
    INFO("facts: " << line);
    std::smatch m;
    REQUIRE(std::regex_match(line, m, row));
    CHECK(rows.emplace(m[1], FactRow{m[2], m[3], m[4]}).second);
  }
  return rows;
}

// Keys that say what a thing is or when the run runs, not a number the web is calibrated on.
bool structural(const std::string& path) {
  static const std::set<std::string> keys{"id", "name",   "kind", "description", "type", "from",
                                          "to", "signed", "base", "seed",        "step", "listed"};
  const std::string last = path.substr(path.rfind('.') + 1);
  if (keys.count(last)) return true;
  if (path == "start" || path == "end") return true;
  return path.rfind("contracts.", 0) == 0 && last == "start";
}

double within(double value, double expected) {
  return std::abs(value / expected - 1.0);
}

}  // namespace

TEST_CASE(
    "telecom facts: every input is dated on or before 1999-01-01 and is the scenario's value") {
  const auto rows = fact_rows();
  const ConfigNode own = parse_config_file(kScenario);
  int sourced = 0;
  for (const auto& [key, r] : rows) {
    CAPTURE(key);
    CHECK(r.as_of <= kStart);
    const ConfigNode* node = testing::config_at(own, key);
    REQUIRE(node != nullptr);
    CHECK(node->text == r.value);
    sourced += r.status == "sourced";
  }
  CHECK(sourced >= 17);
  // The other way round: no input of the scenario goes without its row.
  int inputs = 0;
  for (const auto& [path, text] : testing::config_leaves(own)) {
    if (structural(path)) continue;
    CAPTURE(path);
    CHECK(rows.count(path) == 1);
    ++inputs;
  }
  CHECK(inputs == static_cast<int>(rows.size()));
}

TEST_CASE("telecom facts: the sources are dated before the start, and so is every contract") {
  std::ifstream in(kFacts);
  REQUIRE(in);
  const std::regex source(R"(^\| S\d+ \| [^|]+ \| (\d{4}-\d{2}(-\d{2})?) \| [^|]+ \|$)");
  std::string line;
  int sources = 0;
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, source)) continue;
    CAPTURE(line);
    CHECK(m[1].str() <= kStart);
    ++sources;
  }
  CHECK(sources == 8);
  // Vendor financing after the start comes from the firms' decisions, not from the file: every
  // contract was in force on 1999-01-01 and is entered as signed and starting on the run's start.
  const ScenarioSpec spec = load_scenario(kScenario).spec;
  CHECK(spec.start.iso() == kStart);
  CHECK(spec.end.iso() == "2002-12-31");
  REQUIRE(spec.contracts.size() == 12);
  for (const auto& c : spec.contracts) {
    CAPTURE(c.id);
    CHECK(c.signed_on.iso() == kStart);
    CHECK(c.start.iso() == kStart);
  }
}

TEST_CASE("telecom facts: the sourced balance sheets and commitments are the filings' figures") {
  const ScenarioSpec spec = load_scenario(kScenario).spec;
  const auto& lucent = spec.firms[testing::firm(spec, "lucent")];
  const auto& nortel = spec.firms[testing::firm(spec, "nortel")];
  const auto& cisco = spec.firms[testing::firm(spec, "cisco")];
  const auto& art = spec.firms[testing::firm(spec, "art")];
  const auto amount = [&](const char* id) {
    return spec.contracts[testing::contract(spec, id)].amount.dollars();
  };
  // S1: 1,318,615,011 shares and ~113.5 B held by non-affiliates at 1998-11-30.
  CHECK(within(lucent.shares, 1'318'615'011.0) < 1e-4);
  CHECK(within(lucent.price, 113.5e9 / 1'318'615'011.0) < 0.001);
  // S2: FY1998 net sales 8,458,777 k, of which the new entrants' planned purchases over four years;
  // total assets 8,916,705 k; 1,533,869 k basic shares; +31 % on FY1997's 6,440,171 k,
  // a continuously compounded growth of ln(1.313).
  CHECK(within(cisco.revenue.annual.dollars() + amount("rest-cisco-purchases") / 4.0, 8'458'777e3) <
        0.01);
  CHECK(within(cisco.cash.dollars() + cisco.operating_assets.dollars(), 8'916'705e3) < 0.001);
  CHECK(within(cisco.shares, 1'533'869e3) < 0.001);
  CHECK(within(cisco.revenue.growth, std::log(8'458'777.0 / 6'440'171.0)) < 0.02);  // continuous
  // S3: 134 M new shares are 21 % of the combined Nortel; "a $17.7bn company"; ~56 USD on
  // 1998-06-15.
  CHECK(within(nortel.shares, 134e6 / 0.21) < 0.001);
  CHECK(within(nortel.revenue.annual.dollars() + amount("rest-nortel-purchases") / 4.0, 17.7e9) <
        0.001);
  CHECK(nortel.price == 56.0);
  // S4: Lucent's facility for Winstar, up to 2.0 B, financing up to 2 B of Lucent purchases,
  // drawable for five years from October 1998.
  CHECK(amount("lucent-winstar-facility") == 2e9);
  CHECK(amount("winstar-lucent-supply") == 2e9);
  CHECK(spec.contracts[testing::contract(spec, "lucent-winstar-facility")].end.iso() ==
        "2003-10-31");
  // S8: Teligent's 8,178,610 Class A and 44,426,299 Class B shares at 1998-11-11.
  CHECK(within(spec.firms[testing::firm(spec, "teligent")].shares, 8'178'610.0 + 44'426'299.0) <
        0.001);
  // S5: 26,707,036 shares of Advanced Radio Telecom at 1998-11-05.
  CHECK(art.shares == 26.7e6);
  CHECK(within(art.shares, 26'707'036.0) < 0.001);
}
