// `alchemy debtrank SCENARIO.yaml [--at DATE]` run as a user would: the baseline simulated to the
// end of 2025, its firms ranked by systemic impact (DebtRank on the simulated exposures,
// sim/analysis/exposure_network.hpp), checked against what the exposures imply; bad input exits 2.

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "shell_run.hpp"

namespace {

namespace fs = std::filesystem;

using Run = alchemy::testing::ShellRun;
using alchemy::testing::slurp;

Run run(const std::string& args) {
  return alchemy::testing::run_alchemy(args, fs::path(ALCHEMY_TEST_TMP) / "debtrank_scenario_cli");
}

const std::string kBaseline =
    std::string("'") + ALCHEMY_SOURCE_DIR + "/configs/ai_compute_2025.yaml'";

// The CSV ranking as rows of named columns, in printed order.
std::vector<std::map<std::string, std::string>> csv_rows(const std::string& csv) {
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream hs(line);
  for (std::string h; std::getline(hs, h, ',');)
    header.push_back(h);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    for (std::string x; std::getline(ls, x, ',');)
      f.push_back(x);
    REQUIRE(f.size() == header.size());
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < f.size(); ++i)
      row[header[i]] = f[i];
    rows.push_back(row);
  }
  return rows;
}

double num(const std::map<std::string, std::string>& row, const std::string& key) {
  return std::stod(row.at(key));
}

}  // namespace

TEST_CASE("alchemy debtrank on the baseline: OpenAI's distress costs the network most") {
  const Run r = run("debtrank " + kBaseline + " --at 2025-12-31 --format csv");
  REQUIRE(r.code == 0);
  const auto rows = csv_rows(r.out);
  REQUIRE(rows.size() == 13);  // every firm of the scenario
  // Why OpenAI must rank first. At the end of 2025 Microsoft's, NVIDIA's, SoftBank's and the
  // venture investors' stakes in OpenAI are booked at its mark: the largest share of the network's
  // interfirm exposure points at OpenAI (largest `exposed_to`). Its default wipes
  // those stakes at once, and the holders are not held by anyone, so distress stops there: R is
  // one round, Σ_i min(E_i, A_i,openai) / Σ E = exposed_to / Σ E (no stake exceeds its holder's
  // equity). Any other firm reaches the large balance sheets only through OpenAI's warrants or
  // claims, damped by h_openai < 1, or through far smaller stakes (xAI, CoreWeave).
  const auto& top = rows[0];
  CHECK(top.at("firm") == "openai");
  CHECK(top.at("rank") == "1");
  double total_exposure = 0.0, total_equity = 0.0, largest_other = 0.0;
  for (const auto& row : rows) {
    total_exposure += num(row, "exposure");
    total_equity += num(row, "equity");
    if (row.at("firm") != "openai") largest_other = std::max(largest_other, num(row, "exposed_to"));
    CHECK(num(row, "original") <= num(top, "original"));  // sorted by impact
  }
  // (With prices at value, OpenAI's mark is impaired toward its lower model value during 2025,
  // so the stakes in it are 63 of the 154 B of exposures: the largest share, not half.)
  CHECK(num(top, "exposed_to") > 0.35 * total_exposure);
  CHECK(num(top, "exposed_to") > largest_other);
  CHECK(num(top, "original") ==
        doctest::Approx(num(top, "exposed_to") / total_equity).epsilon(1e-9));
  CHECK(num(top, "linear") == doctest::Approx(num(top, "original")).epsilon(1e-12));
  // The impact is real, not a rounding: OpenAI's failure costs more than a thirtieth of the
  // network's book equity (its 63 B of exposures against 1.36 T of equity, 0.046 on 2025-12-31).
  CHECK(num(top, "original") > 1.0 / 30.0);

  // --shock openai=1 is the same propagation, printed per firm; its R is the ranking's R.
  const Run shock =
      run("debtrank " + kBaseline + " --at 2025-12-31 --shock openai=1 --format json");
  REQUIRE(shock.code == 0);
  const auto at = shock.out.find("\"debtrank\": ");
  REQUIRE(at != std::string::npos);
  CHECK(std::stod(shock.out.substr(at + 12)) ==
        doctest::Approx(num(top, "original")).epsilon(1e-12));

  // The table says what it is.
  const Run table = run("debtrank " + kBaseline + " --at 2025-12-31");
  REQUIRE(table.code == 0);
  CHECK(table.out.find("ai_compute_2025 on 2025-12-31: 13 firms") != std::string::npos);
  CHECK(table.out.find("   1  openai") != std::string::npos);
}

TEST_CASE("alchemy debtrank on a scenario: bad --at and misplaced options exit 2") {
  Run r = run("debtrank " + kBaseline + " --at 2025-02-30");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("--at") != std::string::npos);
  CHECK(r.err.find("expected an ISO date between 2025-01-01 and 2034-12-31") != std::string::npos);
  r = run("debtrank " + kBaseline + " --at 2036-01-01");
  CHECK(r.code == 2);
  CHECK(r.err.find("got '2036-01-01'") != std::string::npos);
  // --firms belongs to a CSV edge list; --at to a scenario.
  r = run("debtrank " + kBaseline + " --firms firms.csv");
  CHECK(r.code == 2);
  CHECK(r.err.find("--firms") != std::string::npos);
  r = run(std::string("debtrank '") + ALCHEMY_SOURCE_DIR +
          "/configs/networks/gandy_veraart_3bank.yaml' --at 2025-12-31");
  CHECK(r.code == 2);
  CHECK(r.err.find("apply to a scenario") != std::string::npos);
  r = run("debtrank " + kBaseline + " --at 2025-12-31 --shock nobody=0.5");
  CHECK(r.code == 2);
  CHECK(r.err.find("unknown firm 'nobody'") != std::string::npos);
}
