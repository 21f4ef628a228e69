// `alchemy clear` and `alchemy debtrank` run as a user would: the built binary on the example
// networks under configs/networks/, checked against the published example's clearing vector
// (derivations in tests/market/clearing_test.cpp), plus bad input that must exit 2 and say where.

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <cmath>
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

fs::path tmp_dir() {
  const fs::path dir = fs::path(ALCHEMY_TEST_TMP) / "contagion_cli";
  fs::create_directories(dir);
  return dir;
}

fs::path write_file(const std::string& name, const std::string& text) {
  const fs::path p = tmp_dir() / name;
  std::ofstream(p) << text;
  return p;
}

Run run(const std::string& args) {
  return alchemy::testing::run_alchemy(args, tmp_dir());
}

std::string example(const std::string& name) {
  return std::string("'") + ALCHEMY_SOURCE_DIR + "/configs/networks/" + name + "'";
}

// CSV output → column `column` by the value of the `firm` column.
std::map<std::string, double> csv_column(const std::string& csv, const std::string& column) {
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream hs(line);
  for (std::string h; std::getline(hs, h, ',');)
    header.push_back(h);
  std::size_t at = 0, key = 0;
  while (at < header.size() && header[at] != column)
    ++at;
  while (key < header.size() && header[key] != "firm")
    ++key;
  REQUIRE(at < header.size());
  REQUIRE(key < header.size());
  std::map<std::string, double> values;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    for (std::string x; std::getline(ls, x, ',');)
      f.push_back(x);
    REQUIRE(f.size() == header.size());
    values[f[key]] = std::stod(f[at]);
  }
  return values;
}

}  // namespace

TEST_CASE("alchemy clear: Eisenberg-Noe clearing vector of the systemicrisk example") {
  const Run r = run("clear " + example("gandy_veraart_3bank.yaml") + " --format csv");
  REQUIRE(r.code == 0);
  const auto p = csv_column(r.out, "payment");
  CHECK(p.at("A") == doctest::Approx(165.0 / 112.0).epsilon(1e-12));
  CHECK(p.at("B") == doctest::Approx(159.0 / 112.0).epsilon(1e-12));
  CHECK(p.at("C") == doctest::Approx(1.5).epsilon(1e-12));
  const auto d = csv_column(r.out, "defaulted");
  CHECK(d.at("A") == 1);
  CHECK(d.at("B") == 1);
  CHECK(d.at("C") == 0);
  // The table names the algorithm and rounds; JSON carries the same numbers.
  const Run table = run("clear " + example("gandy_veraart_3bank.yaml"));
  CHECK(table.code == 0);
  CHECK(table.out.find("algorithm exact (3 rounds)") != std::string::npos);
  CHECK(table.out.find("1.473214") != std::string::npos);
  const Run json = run("clear " + example("gandy_veraart_3bank.yaml") + " --format json");
  CHECK(json.code == 0);
  CHECK(json.out.find("\"rounds\": 3") != std::string::npos);
}

TEST_CASE("alchemy clear: Rogers-Veraart default costs and senior outside creditors") {
  Run r = run("clear " + example("gandy_veraart_3bank.yaml") +
              " --alpha 0.5 --beta 0.7 --algorithm iterative --format csv");
  REQUIRE(r.code == 0);
  auto p = csv_column(r.out, "payment");
  CHECK(p.at("A") == doctest::Approx(4225.0 / 8416.0).epsilon(1e-10));
  CHECK(p.at("B") == doctest::Approx(160275.0 / 311392.0).epsilon(1e-10));
  CHECK(p.at("C") == doctest::Approx(176055.0 / 311392.0).epsilon(1e-10));
  r = run("clear " + example("gandy_veraart_3bank.yaml") + " --seniority senior --format csv");
  REQUIRE(r.code == 0);
  p = csv_column(r.out, "payment");
  CHECK(p.at("A") == doctest::Approx(7.0 / 8.0).epsilon(1e-12));
  CHECK(p.at("B") == doctest::Approx(5.0 / 6.0).epsilon(1e-12));
  CHECK(p.at("C") == doctest::Approx(11.0 / 12.0).epsilon(1e-12));
}

TEST_CASE("alchemy clear: matrix form, both algorithms agree") {
  const Run exact = run("clear " + example("rogers_veraart_6bank.yaml") +
                        " --alpha 0.9 --beta 0.9 --algorithm exact --format csv");
  const Run iter = run("clear " + example("rogers_veraart_6bank.yaml") +
                       " --alpha 0.9 --beta 0.9 --algorithm iterative --format csv");
  REQUIRE(exact.code == 0);
  REQUIRE(iter.code == 0);
  const auto a = csv_column(exact.out, "payment");
  const auto b = csv_column(iter.out, "payment");
  REQUIRE(a.size() == 6);
  for (const auto& [id, v] : a)
    CHECK(b.at(id) == doctest::Approx(v).epsilon(1e-9));
}

TEST_CASE("alchemy clear: CSV edge list with a firms file") {
  const auto edges = write_file("edges.csv",
                                "debtor,creditor,amount\nA,B,0.5\nA,C,0.5\nB,A,0.5\nB,C,0.5\n"
                                "C,A,0.5\nC,B,0.5\n");
  const auto firms = write_file("firms.csv",
                                "id,outside_assets,external_liabilities\nA,0.5,1.5\nB,0.625,0.5\n"
                                "C,0.75,0.5\n");
  const Run r = run("clear '" + edges.string() + "' --firms '" + firms.string() + "' --format csv");
  REQUIRE(r.code == 0);
  const auto p = csv_column(r.out, "payment");
  CHECK(p.at("A") == doctest::Approx(165.0 / 112.0).epsilon(1e-12));
  CHECK(p.at("B") == doctest::Approx(159.0 / 112.0).epsilon(1e-12));
  // An edge naming a firm the firms file does not list: line 3, column 3.
  const auto bad = write_file("bad_edges.csv", "debtor,creditor,amount\nA,B,0.5\nA,Z,0.5\n");
  const Run e = run("clear '" + bad.string() + "' --firms '" + firms.string() + "'");
  CHECK(e.code == 2);
  CHECK(e.err.find("bad_edges.csv:3:3") != std::string::npos);
  CHECK(e.err.find("unknown firm 'Z'") != std::string::npos);
}

TEST_CASE("alchemy clear: assets at face are realised without the fire-sale cost") {
  // configs/networks/estate_at_face.yaml, α = 0.5, β = 0.8 (hand computation in its comment):
  // the estate (e 60, g 30, p̄ 160) realises 0.5 × 60 + 30 = 60, i.e. 3/8 of each claim: lender
  // 37.5, supplier 15, outside 7.5. The lender (e 50, p̄ 120) has 87.5 < 120 and realises
  // 0.5 × 50 + 0.8 × 37.5 = 55. The supplier has 20 + 10 + 15 = 45 ≥ 30: pays 30, equity 15.
  const std::string file = example("estate_at_face.yaml");
  Run r = run("clear " + file + " --alpha 0.5 --beta 0.8 --format csv");
  REQUIRE(r.code == 0);
  auto p = csv_column(r.out, "payment");
  const auto net = csv_column(r.out, "to_network");
  const auto out = csv_column(r.out, "to_outside");
  const auto x = csv_column(r.out, "received");
  const auto eq = csv_column(r.out, "equity");
  const auto d = csv_column(r.out, "defaulted");
  CHECK(std::abs(p.at("estate") - 60.0) <= 1e-12);
  CHECK(std::abs(net.at("estate") - 52.5) <= 1e-12);
  CHECK(std::abs(out.at("estate") - 7.5) <= 1e-12);
  CHECK(std::abs(x.at("lender") - 37.5) <= 1e-12);
  CHECK(std::abs(p.at("lender") - 55.0) <= 1e-12);
  CHECK(std::abs(x.at("supplier") - 15.0) <= 1e-12);
  CHECK(std::abs(p.at("supplier") - 30.0) <= 1e-12);
  CHECK(std::abs(eq.at("supplier") - 15.0) <= 1e-12);
  CHECK(std::abs(eq.at("estate") - (90.0 - 160.0)) <= 1e-12);  // e + g + x − p̄
  CHECK(d.at("estate") == 1);
  CHECK(d.at("lender") == 1);
  CHECK(d.at("supplier") == 0);
  // The inputs are echoed beside the results.
  CHECK(csv_column(r.out, "assets_at_face").at("estate") == 30.0);
  CHECK(csv_column(r.out, "outside_assets").at("estate") == 60.0);
  const Run json = run("clear " + file + " --alpha 0.5 --beta 0.8 --format json");
  REQUIRE(json.code == 0);
  CHECK(json.out.find("\"assets_at_face\": 30") != std::string::npos);

  // The same 30 given as outside assets: α takes half of it, the estate realises 45 and the
  // lender receives 100/160 of it, 28.125.
  const auto sold = write_file("estate_sold.yaml",
                               "firms:\n"
                               "  - {id: estate, outside_assets: 90, external_liabilities: 20}\n"
                               "  - {id: lender, outside_assets: 50, external_liabilities: 120}\n"
                               "  - {id: supplier, outside_assets: 20, assets_at_face: 10, "
                               "external_liabilities: 30}\n"
                               "liabilities:\n"
                               "  - {from: estate, to: lender, amount: 100}\n"
                               "  - {from: estate, to: supplier, amount: 40}\n");
  r = run("clear '" + sold.string() + "' --alpha 0.5 --beta 0.8 --format csv");
  REQUIRE(r.code == 0);
  CHECK(std::abs(csv_column(r.out, "payment").at("estate") - 45.0) <= 1e-12);
  CHECK(std::abs(csv_column(r.out, "received").at("lender") - 28.125) <= 1e-12);

  // The CSV form carries assets at face as a column of the firms file: the same vector.
  const auto edges = write_file("estate_edges.csv", "estate,lender,100\nestate,supplier,40\n");
  const auto firms = write_file("estate_firms.csv",
                                "id,outside_assets,assets_at_face,external_liabilities\n"
                                "estate,60,30,20\nlender,50,0,120\nsupplier,20,10,30\n");
  r = run("clear '" + edges.string() + "' --firms '" + firms.string() +
          "' --alpha 0.5 --beta 0.8 --format csv");
  REQUIRE(r.code == 0);
  p = csv_column(r.out, "payment");
  CHECK(std::abs(p.at("estate") - 60.0) <= 1e-12);
  CHECK(std::abs(p.at("lender") - 55.0) <= 1e-12);
  CHECK(std::abs(p.at("supplier") - 30.0) <= 1e-12);
  // Book equity for debtrank counts assets at face: supplier 20 + 10 + 40 − 30 = 40.
  r = run("debtrank '" + edges.string() + "' --firms '" + firms.string() + "' --format csv");
  REQUIRE(r.code == 0);
  CHECK(csv_column(r.out, "equity").at("supplier") == 40.0);
}

TEST_CASE("alchemy clear on the engine's two-estate clearing gives the engine's values") {
  // The opening-day problem of tests/engine/estate_test.cpp ("two estates that owe each other
  // clear jointly"), written as a network file: cloud1 (cash 20 at face, other assets 40) owes
  // cloud2 50 and bondholders 50; cloud2 (cash 10, other assets 20) owes cloud1 30 and bondholders
  // 70; α = 0.5, β = 0.6. The engine's settlement there is v1 = 43.6 / 0.946 and v2 = 20 + 0.3 v1
  // (USD M), checked against the same hand computation; the command must give the same.
  const auto file = write_file("two_estates.yaml",
                               "firms:\n"
                               "  - {id: cloud1, outside_assets: 40, assets_at_face: 20, "
                               "external_liabilities: 50}\n"
                               "  - {id: cloud2, outside_assets: 20, assets_at_face: 10, "
                               "external_liabilities: 70}\n"
                               "liabilities:\n"
                               "  - {from: cloud1, to: cloud2, amount: 50}\n"
                               "  - {from: cloud2, to: cloud1, amount: 30}\n");
  const Run r = run("clear " + file.string() + " --alpha 0.5 --beta 0.6 --format csv");
  REQUIRE(r.code == 0);
  const auto p = csv_column(r.out, "payment");
  const double v1 = 43.6 / 0.946;
  CHECK(std::abs(p.at("cloud1") - v1) <= 1e-12);
  CHECK(std::abs(p.at("cloud2") - (20.0 + 0.3 * v1)) <= 1e-12);
}

TEST_CASE("alchemy clear: Elliott-Golub-Jackson ring, best and worst equilibria") {
  // configs/networks/egj_ring.yaml (derivation in tests/market/cross_holdings_test.cpp):
  // best case v = (12/7, 17/7, 20/7), no failure; worst case v = (12/35, 17/35, 20/35), all
  // failed; book values V = 2v. Σ v = Σ d − failure costs: 7 − 0 and 7 − 5.6.
  const std::string file = example("egj_ring.yaml");
  Run r = run("clear " + file + " --format csv");
  REQUIRE(r.code == 0);
  auto v = csv_column(r.out, "market_value");
  auto b = csv_column(r.out, "book_value");
  auto f = csv_column(r.out, "failed");
  const std::map<std::string, double> best{{"A", 12.0 / 7}, {"B", 17.0 / 7}, {"C", 20.0 / 7}};
  for (const auto& [id, value] : best) {
    CHECK(std::abs(v.at(id) - value) <= 1e-12);
    CHECK(std::abs(b.at(id) - 2 * value) <= 1e-12);
    CHECK(f.at(id) == 0);
  }
  r = run("clear " + file + " --equilibrium worst --format csv");
  REQUIRE(r.code == 0);
  v = csv_column(r.out, "market_value");
  f = csv_column(r.out, "failed");
  for (const auto& [id, value] : best) {
    CHECK(std::abs(v.at(id) - value / 5) <= 1e-12);
    CHECK(f.at(id) == 1);
  }
  const Run table = run("clear " + file + " --equilibrium worst");
  REQUIRE(table.code == 0);
  CHECK(table.out.find("failed 3 of 3; market value 1.400000 = direct assets 7.000000 - failure "
                       "costs 5.600000") != std::string::npos);
  const Run json = run("clear " + file + " --format json");
  REQUIRE(json.code == 0);
  CHECK(json.out.find("\"equilibrium\": \"best\"") != std::string::npos);
  CHECK(json.out.find("\"failures\": 0") != std::string::npos);

  // Flags of the other kind of network are refused, never ignored.
  r = run("clear " + file + " --alpha 0.5");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("egj_ring.yaml:17:1: key '--alpha'") != std::string::npos);
  r = run("clear " + example("gandy_veraart_3bank.yaml") + " --equilibrium worst");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("no cross_holdings section") != std::string::npos);
  r = run("clear " + example("gandy_veraart_3bank.yaml") + " --equilibrium best");
  CHECK(r.code == 2);
  r = run("debtrank " + file);
  CHECK(r.code == 2);
  CHECK(r.err.find("egj_ring.yaml:17:1: key 'cross_holdings'") != std::string::npos);
}

TEST_CASE("alchemy debtrank: shock and systemic impact") {
  // The two-firm cycle of tests/market/debtrank_test.cpp: B owes A 5, A owes B 4, equity 10 each.
  const auto net = write_file("cycle.yaml",
                              "firms:\n"
                              "  - {id: A, outside_assets: 0, equity: 10}\n"
                              "  - {id: B, outside_assets: 0, equity: 10}\n"
                              "liabilities:\n"
                              "  - {from: B, to: A, amount: 5}\n"
                              "  - {from: A, to: B, amount: 4}\n");
  Run r = run("debtrank '" + net.string() + "' --shock A=0.1 --linear --format csv");
  REQUIRE(r.code == 0);
  auto h = csv_column(r.out, "h");
  CHECK(h.at("A") == doctest::Approx(0.125).epsilon(1e-9));
  CHECK(h.at("B") == doctest::Approx(0.05).epsilon(1e-9));
  r = run("debtrank '" + net.string() + "' --shock A=0.1 --format csv");
  REQUIRE(r.code == 0);
  h = csv_column(r.out, "h");
  CHECK(h.at("A") == doctest::Approx(0.12));
  CHECK(h.at("B") == doctest::Approx(0.04));
  r = run("debtrank '" + net.string() + "' --format csv");
  REQUIRE(r.code == 0);
  const auto impact = csv_column(r.out, "debtrank");
  CHECK(impact.at("B") == doctest::Approx(0.25));
  CHECK(impact.at("A") == doctest::Approx(0.2));
  CHECK(r.out.find("1,B,") != std::string::npos);  // B ranks first
  // A shock on an unknown firm is bad input.
  r = run("debtrank '" + net.string() + "' --shock Q=0.5");
  CHECK(r.code == 2);
  CHECK(r.err.find("unknown firm 'Q'") != std::string::npos);
}

TEST_CASE("bad network files exit 2 and point at the line") {
  const auto bad = write_file("bad_amount.yaml",
                              "firms:\n"
                              "  - {id: A, outside_assets: 1}\n"
                              "  - {id: B, outside_assets: 1}\n"
                              "liabilities:\n"
                              "  - {from: A, to: B, amount: 2}\n"
                              "  - {from: B, to: A, amount: lots}\n");
  Run r = run("clear '" + bad.string() + "'");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("bad_amount.yaml:6:") != std::string::npos);
  CHECK(r.err.find("liabilities[1].amount") != std::string::npos);
  CHECK(r.err.find("'lots'") != std::string::npos);

  const auto typo = write_file("typo.yaml",
                               "firms:\n"
                               "  - {id: A, outside_asets: 1}\n");
  r = run("clear '" + typo.string() + "'");
  CHECK(r.code == 2);
  CHECK(r.err.find("typo.yaml:2:") != std::string::npos);
  CHECK(r.err.find("unknown key 'outside_asets'") != std::string::npos);

  r = run("clear /nonexistent/network.yaml");
  CHECK(r.code == 2);
  r = run("clear " + example("gandy_veraart_3bank.yaml") + " --alpha 2");
  CHECK(r.code == 2);
}
