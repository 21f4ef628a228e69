// What purchase commitments cost a compute-capped firm's value (agents/commitment_value.hpp,
// MODEL.md §7.21), against closed forms. Throughout: ρ = 10 B of revenue per GW-year, 1 GW in
// place, a discount rate of 8 %, monthly discount factors β_k = 1.08^{−(k + ½)/12}, so that a
// flow spread evenly over the first n months is worth (its monthly part) × Σ_{k<n} β_k, with
//     Σ_{k<n} β_k = q^{½} (1 − q^n) / (1 − q),   q = 1.08^{−1/12}.

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "agents/commitment_value.hpp"

using namespace alchemy;

namespace {

double annuity(int n) {
  const double q = std::pow(1.08, -1.0 / 12.0);
  return std::sqrt(q) * (1.0 - std::pow(q, n)) / (1.0 - q);
}

// Demand `demand_gw` GW-worth of revenue a year (demand / ρ), flat unless given a path.
CommitmentOutlook firm(double demand_gw) {
  CommitmentOutlook o;
  o.demand = demand_gw * 10e9;
  o.gw_now = 1.0;
  o.revenue_per_gw_year = 10e9;
  o.gpu_life_years = 5.0;
  o.discount_rate = 0.08;
  return o;
}

// A 2 GW lease not yet started, 24 B over the next two years (12 B per GW-year).
CommitmentFlow lease() {
  CommitmentFlow c;
  c.from = 0.0;
  c.to = 2.0;
  c.value = 24e9;
  c.gw_at_start = 2.0;
  return c;
}

}  // namespace

TEST_CASE("a lease whose capacity demand fills costs the value nothing, its payments discounted") {
  const std::vector<CommitmentFlow> c{lease()};
  const CommitmentValue v = value_commitments(firm(3.0), c);  // demand for 3 GW: all used
  CHECK(v.stranded == 0.0);
  CHECK(v.net() == 0.0);
  CHECK(v.payments == doctest::Approx(1e9 * annuity(24)).epsilon(1e-12));
}

TEST_CASE("a lease no demand reaches costs the value all its payments, one that half fills half") {
  const std::vector<CommitmentFlow> c{lease()};
  // Demand for exactly the 1 GW in place: the 2 GW leased stand idle, at 1 B a month.
  const CommitmentValue idle = value_commitments(firm(1.0), c);
  CHECK(idle.stranded == doctest::Approx(1e9 * annuity(24)).epsilon(1e-12));
  CHECK(idle.stranded == doctest::Approx(idle.payments).epsilon(1e-12));
  // Demand below what is in place changes nothing: the capacity in place is used first.
  CHECK(value_commitments(firm(0.2), c).stranded == doctest::Approx(idle.stranded).epsilon(1e-12));
  // Demand for 2 GW: 1 GW of the lease idle, half its cost.
  CHECK(value_commitments(firm(2.0), c).stranded ==
        doctest::Approx(0.5e9 * annuity(24)).epsilon(1e-12));
}

TEST_CASE("GPUs bought today cost their price over their useful life while idle") {
  // 35 B for 1 GW delivered now, a five-year life: 7 B a year of cost for 60 months if idle.
  CommitmentFlow gpus;
  gpus.value = 35e9;
  gpus.gw_per_dollar = 1.0 / 35e9;
  const std::vector<CommitmentFlow> c{gpus};
  const CommitmentValue v = value_commitments(firm(1.0), c);
  CHECK(v.payments == doctest::Approx(35e9 * annuity(1)).epsilon(1e-12));  // paid in month 0
  CHECK(v.stranded == doctest::Approx(7e9 / 12.0 * annuity(60)).epsilon(1e-12));
  CHECK(v.stranded < v.payments);  // the cost spread over the life is worth less than the price
}

TEST_CASE("the growth path: demand that jumps after a year strands only the first year's lease") {
  // Flat demand for the 1 GW in place for a year, then growth of 100 % a year... ×e^{100}: from
  // month 12 (midpoint 12.5/12 years, demand × e^{100 × 0.5/12} ≈ 64×) everything is used.
  CommitmentOutlook o = firm(1.0);
  o.growth = 0.0;
  o.step_at = {1.0};
  o.step_growth = {100.0};
  const std::vector<CommitmentFlow> c{lease()};
  CHECK(value_commitments(o, c).stranded == doctest::Approx(1e9 * annuity(12)).epsilon(1e-12));
  // Without the step the whole lease stays idle.
  o.step_at.clear();
  o.step_growth.clear();
  CHECK(value_commitments(o, c).stranded == doctest::Approx(1e9 * annuity(24)).epsilon(1e-12));
}

TEST_CASE("a firm whose revenue compute does not cap carries no commitment value") {
  CommitmentOutlook o = firm(1.0);
  o.revenue_per_gw_year = 0.0;
  const std::vector<CommitmentFlow> c{lease()};
  const CommitmentValue v = value_commitments(o, c);
  CHECK(v.stranded == 0.0);
  CHECK(v.payments > 0.0);
}
