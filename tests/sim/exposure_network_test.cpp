// The exposure network DebtRank reads from a simulated world (sim/analysis/exposure_network.hpp)
// and the systemic impact computed on it (sim/analysis/systemic_impact.hpp): every kind of exposure
// checked entry by entry on small_web() with hand-set balance sheets, and DebtRank on a three-firm
// chain against its closed form (Battiston et al. 2012; Bardoscia et al. 2015: on a chain below the
// cap both variants propagate h_i = Λ_ij h_j exactly once per link).
#include <doctest/doctest.h>

#include <algorithm>

#include "engine/scenario_fixtures.hpp"
#include "sim/analysis/exposure_network.hpp"
#include "sim/analysis/systemic_impact.hpp"
#include "sim/engine/engine.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

std::size_t contract_index(const ScenarioSpec& s, const std::string& id) {
  for (std::size_t c = 0; c < s.contracts.size(); ++c) {
    if (s.contracts[c].id == id) return c;
  }
  FAIL("no contract " << id);
  return 0;
}

// small_web() with a second warrant (cloud grants lab 10 M shares at strike 10) and both warrants
// at intrinsic value (one tranche, no milestone), so their values are price − strike per share.
ScenarioSpec web_with_two_warrants() {
  ScenarioSpec s = small_web();
  for (auto& c : s.contracts) {
    if (c.type() == ContractType::warrant) {
      c.as<WarrantTerms>().tranche.tranches = 1;
      c.as<WarrantTerms>().tranche.milestones.clear();
    }
  }
  ContractSpec w = s.contracts[contract_index(s, "chips-lab-warrant")];
  w.id = "cloud-lab-warrant";
  w.from = kCloud;
  w.as<WarrantTerms>().shares = 10e6;
  w.as<WarrantTerms>().strike = 10.0;
  s.contracts.push_back(w);
  return s;
}

}  // namespace

TEST_CASE(
    "exposures: loans, trade claims, stakes and warrants land in A_ij, holder by counterparty") {
  const ScenarioSpec spec = web_with_two_warrants();
  World w = make_world(spec, spec.seed);
  // A network loan: bank lent cloud 5 B (plus cloud's bonds, held outside: no exposure).
  DebtState loan;
  loan.id = "bank-cloud-loan";
  loan.principal = usd(5e9);
  loan.lender = static_cast<std::int32_t>(kBank);
  w.firms[kCloud].debt.push_back(loan);
  w.firms[kBank].loans_held += usd(5e9);
  // Trade claims: lab owes cloud 1.2 B and chips 0.3 B; lab also owes 0.7 B outside (ignored).
  w.claims.push_back({static_cast<std::int32_t>(kLab), static_cast<std::int32_t>(kCloud), -1,
                      usd(1.2e9), day(2025, 2, 1), Channel::suppliers});
  w.claims.push_back({static_cast<std::int32_t>(kLab), static_cast<std::int32_t>(kChips), -1,
                      usd(0.3e9), day(2025, 2, 1), Channel::suppliers});
  w.claims.push_back(
      {static_cast<std::int32_t>(kLab), -1, -1, usd(0.7e9), day(2025, 2, 1), Channel::suppliers});
  // Stakes in lab: vc's booked at 5 B, chips' at 2.5 B.
  w.firms[kVc].stakes.push_back({static_cast<std::int32_t>(kLab), 1e8, usd(5e9)});
  w.firms[kChips].stakes.push_back({static_cast<std::int32_t>(kLab), 5e7, usd(2.5e9)});
  // Warrants: both signed; current values chips 40 M × (100 − 0.01), cloud 10 M × (60 − 10).
  // lab's booked total (3 B, from an earlier mark) is split in proportion to those values.
  w.contracts[contract_index(spec, "chips-lab-warrant")].signed_ = true;
  w.contracts[contract_index(spec, "cloud-lab-warrant")].signed_ = true;
  w.firms[kChips].price = 100.0;
  w.firms[kCloud].price = 60.0;
  w.firms[kLab].warrants_booked = usd(3e9);
  const double chips_value = 40e6 * (100.0 - 0.01), cloud_value = 10e6 * (60.0 - 10.0);

  const ExposureNetwork net = exposure_network(spec, w);
  REQUIRE(net.firm_count() == 5);
  CHECK(net.firm_ids[kLab] == "lab");
  CHECK(net.exposure(kBank, kCloud) == doctest::Approx(5e9));
  CHECK(net.exposure(kCloud, kBank) == 0.0);  // direction: the lender holds the claim
  CHECK(net.exposure(kCloud, kLab) == doctest::Approx(1.2e9));
  CHECK(net.exposure(kVc, kLab) == doctest::Approx(5e9));
  // chips holds a stake in lab and a trade claim on it: A summed over kinds.
  CHECK(net.exposure(kChips, kLab) == doctest::Approx(2.5e9 + 0.3e9));
  CHECK(net.exposure(kLab, kChips) ==
        doctest::Approx(3e9 * chips_value / (chips_value + cloud_value)));
  CHECK(net.exposure(kLab, kCloud) ==
        doctest::Approx(3e9 * cloud_value / (chips_value + cloud_value)));
  CHECK(net.exposure(kLab, kChips) + net.exposure(kLab, kCloud) == doctest::Approx(3e9));
  CHECK(net.exposures.size() == 7);  // loan, 2 claims, 2 stakes, 2 warrants; nothing outside
  const auto of = net.exposure_of_each(), to = net.exposure_to_each();
  CHECK(of[kLab] == doctest::Approx(3e9));
  CHECK(to[kLab] == doctest::Approx(1.2e9 + 0.3e9 + 5e9 + 2.5e9));
  CHECK(of[kBank] == doctest::Approx(5e9));
  // E_i is book equity; the bank's is cash 40 + other assets 20 + loan 5 − deposits 45 = 20 B.
  CHECK(net.equity[kBank] == doctest::Approx(20e9));
  for (std::size_t i = 0; i < 5; ++i)
    CHECK(net.equity[i] == doctest::Approx(std::max(0.0, w.firms[i].book_equity().dollars())));
  double total_weight = 0.0;
  for (double v : net.weights)
    total_weight += v;
  CHECK(total_weight == doctest::Approx(1.0));
  // Λ = A / E row by row: bank's row holds 5 B / 20 B on cloud.
  const LeverageMatrix lev = net.leverage();
  REQUIRE(lev.row_start[kBank + 1] - lev.row_start[kBank] == 1);
  CHECK(lev.debtor[lev.row_start[kBank]] == kCloud);
  CHECK(lev.value[lev.row_start[kBank]] == doctest::Approx(0.25));

  SUBCASE("with every current warrant value zero, the booked total is split evenly") {
    w.firms[kChips].price = 0.001;
    w.firms[kCloud].price = 5.0;
    const ExposureNetwork even = exposure_network(spec, w);
    CHECK(even.exposure(kLab, kChips) == doctest::Approx(1.5e9));
    CHECK(even.exposure(kLab, kCloud) == doctest::Approx(1.5e9));
  }
  SUBCASE("a defaulted firm has no exposures either way and no buffer") {
    w.firms[kLab].defaulted = true;
    const ExposureNetwork d = exposure_network(spec, w);
    CHECK(d.exposures.size() == 1);  // only bank → cloud is left
    CHECK(d.exposure(kBank, kCloud) == doctest::Approx(5e9));
    CHECK(d.equity[kLab] == 0.0);
    CHECK(d.weights[kLab] == 0.0);
    CHECK(d.defaulted[kLab] == 1);
  }
  SUBCASE("negative book equity is floored at zero: no buffer") {
    w.firms[kBank].debt[0].principal = usd(100e9);
    const ExposureNetwork d = exposure_network(spec, w);
    CHECK(d.equity[kBank] == 0.0);
    CHECK(d.leverage().no_buffer[kBank] == 1);
    CHECK(d.exposure(kBank, kCloud) == doctest::Approx(5e9));  // still exposed, as a creditor
  }
}

namespace {

const FirmImpact& impact_of(const SystemicImpact& s, FirmIndex firm) {
  for (const auto& f : s.ranking) {
    if (f.firm == firm) return f;
  }
  FAIL("firm " << firm << " not ranked");
  return s.ranking.front();
}

}  // namespace

TEST_CASE("systemic impact on a chain equals the closed form, in both DebtRank variants") {
  const Chain c = chain();
  const ExposureNetwork net = exposure_network(c.spec, c.world);
  REQUIRE(net.equity[0] == doctest::Approx(10e9));
  REQUIRE(net.equity[1] == doctest::Approx(6e9));
  REQUIRE(net.equity[2] == doctest::Approx(5e9));
  const SystemicImpact s = systemic_impact(net, DebtRankVariant::original);
  // c fails: h_b = Λ_bc = 2/6, then h_a = Λ_ab h_b = (4/10)(1/3) = 2/15; v = E / 21 B, so
  //   R_c = (6 · 1/3 + 10 · 2/15) / 21 = 10/63.
  // b fails: h_a = 4/10, R_b = 10 · 0.4 / 21 = 4/21. Nobody is exposed to a: R_a = 0.
  CHECK(impact_of(s, 2).original == doctest::Approx(10.0 / 63.0).epsilon(1e-12));
  CHECK(impact_of(s, 2).linear == doctest::Approx(10.0 / 63.0).epsilon(1e-12));
  CHECK(impact_of(s, 1).original == doctest::Approx(4.0 / 21.0).epsilon(1e-12));
  CHECK(impact_of(s, 1).linear == doctest::Approx(4.0 / 21.0).epsilon(1e-12));
  CHECK(impact_of(s, 0).original == 0.0);
  CHECK(impact_of(s, 0).linear == 0.0);
  // Ranked by impact: b (4/21 ≈ 0.190) before c (10/63 ≈ 0.159) before a.
  REQUIRE(s.ranking.size() == 3);
  CHECK(s.ranking[0].firm == 1);
  CHECK(s.ranking[1].firm == 2);
  CHECK(s.ranking[2].firm == 0);
  CHECK(s.background_original == 0.0);
  CHECK(s.no_buffer.empty());
  // The same numbers as market/debtrank.hpp's systemic_impact when no firm lacks a buffer.
  DebtRankOptions o;
  o.variant = DebtRankVariant::linear;
  const auto lib = systemic_impact(net.leverage(), net.weights, o);
  CHECK(lib[2] == doctest::Approx(10.0 / 63.0).epsilon(1e-12));
}

TEST_CASE(
    "a live firm with no buffer is in default in every shock, its own losses are not charged") {
  Chain c = chain();
  // d: book equity −1 B (cash 1, debt 2 outside) and a 1 B trade debt to a; not defaulted.
  FirmSpec d;
  d.id = "d";
  c.spec.firms.push_back(d);
  c.world.firms.resize(4);
  c.world.firms[3].cash = usd(1e9);
  DebtState outside;
  outside.principal = usd(2e9);
  c.world.firms[3].debt.push_back(outside);
  c.world.claims.push_back({3, 0, -1, usd(1e9), Date::from_ymd(2025, 1, 1), Channel::suppliers});
  c.world.firms[0].cash = usd(5e9);  // a's receivable replaces 1 B of cash: E_a stays 10 B
  c.world.firms[0].receivables = usd(1e9);
  const ExposureNetwork net = exposure_network(c.spec, c.world);
  REQUIRE(net.equity[3] == 0.0);
  REQUIRE(net.equity[0] == doctest::Approx(10e9));
  const SystemicImpact s = systemic_impact(net, DebtRankVariant::linear);
  REQUIRE(s.no_buffer.size() == 1);
  CHECK(s.no_buffer[0] == 3);
  // On its own d costs a 1/10 of its equity: R_∅ = (10/21) · 0.1 = 1/21, in both variants.
  CHECK(s.background_linear == doctest::Approx(1.0 / 21.0).epsilon(1e-12));
  CHECK(s.background_original == doctest::Approx(1.0 / 21.0).epsilon(1e-12));
  // c's impact is what c adds on top: still 10/63 (h_a goes from 0.1 to 0.1 + 2/15).
  CHECK(impact_of(s, 2).linear == doctest::Approx(10.0 / 63.0).epsilon(1e-12));
  CHECK(impact_of(s, 2).original == doctest::Approx(10.0 / 63.0).epsilon(1e-12));
  CHECK(impact_of(s, 3).linear == 0.0);  // already counted as in default
}
