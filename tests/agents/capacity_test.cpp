// Demand against compute (agents/capacity.hpp), by hand: 1 GW owned + 0.5 GW leased at 10 B of
// revenue per GW-year can serve 15 B a year.

#include <doctest/doctest.h>

#include "agents/capacity.hpp"

using namespace alchemy;

namespace {

FirmSpec spec_with(double revenue_per_gw_year) {
  FirmSpec s;
  s.compute.revenue_per_gw_year = Money::from_dollars(revenue_per_gw_year);
  return s;
}

FirmState state_with(double demand) {
  FirmState f;
  f.gw_owned = 1.0;
  f.gw_leased = 0.5;
  f.demand = demand;
  return f;
}

}  // namespace

TEST_CASE("unmet demand is demand above the revenue capacity, else 0") {
  const FirmSpec s = spec_with(10e9);
  CHECK(revenue_capacity(s, state_with(0)) == 15e9);

  FirmState over = state_with(18e9);
  CHECK(served_demand(s, over) == 15e9);
  CHECK(unmet_demand(s, over) == 3e9);

  const FirmState under = state_with(12e9);
  CHECK(served_demand(s, under) == 12e9);
  CHECK(unmet_demand(s, under) == 0.0);

  // A defaulted firm no longer operates: nothing is turned away by its compute.
  over.defaulted = true;
  CHECK(unmet_demand(s, over) == 0.0);
}

TEST_CASE("without revenue_per_gw_year compute never binds") {
  const FirmSpec s = spec_with(0);
  const FirmState f = state_with(18e9);
  CHECK_FALSE(has_capacity_limit(s));
  CHECK(served_demand(s, f) == 18e9);
  CHECK(unmet_demand(s, f) == 0.0);
}
