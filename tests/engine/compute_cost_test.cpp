// The compute cost path (market.compute_cost, MODEL.md §7.24) on a supply's deliveries, by hand:
// 12 B of GPUs (0.6 GW) in six monthly parts of 2 B from 2025-02-01, signed 2025-01-02, with a
// path of 50 B per GW to 03-31 and 40 B from 04-01. Invoiced on the path, the parts delivered
// from 04-01 cost 2 B × 40 / 50 = 1.6 B: the buyer's fleet, the seller's revenue and the claim
// are 2 + 2 + 4 × 1.6 = 10.4 B; the delivery events carry each new invoice amount, the signed
// dollars and the factor. Fixed at signing they are 12 B. Either way the buyer gets 0.6 GW, and
// the accounting laws hold after every phase.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "scenario_fixtures.hpp"
#include "sim/engine/compute_cost.hpp"
#include "sim/engine/engine.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

constexpr std::int32_t kBuyer = 0, kSeller = 1;  // firms sorted by id

ScenarioSpec gpus(Invoice invoice) {
  ScenarioSpec s;
  s.name = "compute_cost";
  s.start = day(2025, 1, 1);
  s.end = day(2025, 8, 31);
  s.market.sentiment.volatility = 0;
  s.market.gpu.volatility = 0;
  s.market.compute_cost = {{day(2025, 1, 1), 50e9}, {day(2025, 4, 1), 40e9}};
  for (const char* id : {"buyer", "seller"})
    s.firms.push_back(quiet_firm(id));
  ContractSpec c;
  c.id = "gpus";
  c.set_type(ContractType::supply);
  c.from = kBuyer;
  c.to = kSeller;
  c.signed_on = day(2025, 1, 2);
  c.start = day(2025, 2, 1);
  c.end = day(2025, 7, 1);
  c.amount = usd(12e9);
  c.as<SupplyTerms>().gw = 0.6;
  c.as<SupplyTerms>().invoice = invoice;
  s.contracts = {c};
  return s;
}

struct Run {
  MemorySink sink;
  World world;
  bool cash_conserved = true;
};

Run run(const ScenarioSpec& s) {
  Run r;
  r.world = make_world(s, 1);
  const Money cash0 = r.world.total_cash();
  RunOptions opt;
  opt.after_phase = [&](Phase, const World& w) {
    if (w.total_cash() != cash0) r.cash_conserved = false;
  };
  continue_run(s, r.world, r.sink, opt);
  return r;
}

std::vector<Event> deliveries(const MemorySink& m) {
  std::vector<Event> out;
  for (const Event& e : m.events)
    if (e.type == EventType::delivery) out.push_back(e);
  return out;
}

double field(const Event& e, std::string_view key) {
  for (std::size_t k = 0; k < e.field_count; ++k)
    if (e.fields[k].key == key) return e.fields[k].value;
  return NAN;
}

}  // namespace

TEST_CASE("the compute cost factor is the path's level on one date over another's") {
  MarketSpec m;
  CHECK(compute_cost_factor(m, day(2025, 1, 2), day(2030, 1, 2)) == 1.0);  // no path
  m.compute_cost = {{day(2025, 1, 1), 50e9}, {day(2025, 4, 1), 40e9}, {day(2026, 1, 1), 30e9}};
  CHECK(compute_cost_factor(m, day(2025, 1, 2), day(2025, 3, 31)) == 1.0);
  CHECK(compute_cost_factor(m, day(2025, 1, 2), day(2025, 4, 1)) == doctest::Approx(0.8));
  CHECK(compute_cost_factor(m, day(2025, 1, 2), day(2027, 6, 1)) == doctest::Approx(0.6));
  CHECK(compute_cost_factor(m, day(2025, 5, 1), day(2026, 1, 1)) == doctest::Approx(0.75));
}

TEST_CASE(
    "a supply invoiced on the path pays the path's cost on delivery, fixed the signed "
    "dollars") {
  const Run path = run(gpus(Invoice::path));
  const Run fixed = run(gpus(Invoice::fixed));
  CHECK(path.cash_conserved);
  CHECK(fixed.cash_conserved);
  const FirmState& b = path.world.firms[kBuyer];
  const FirmState& s = path.world.firms[kSeller];
  CHECK(b.fleet_gross == usd(10.4e9));
  CHECK(fixed.world.firms[kBuyer].fleet_gross == usd(12e9));
  CHECK(b.gw_owned == doctest::Approx(0.6));
  CHECK(fixed.world.firms[kBuyer].gw_owned == doctest::Approx(0.6));
  // Every invoice paid by the end, and nothing else differs between the two runs: the buyer
  // paid 12 − 10.4 = 1.6 B less, the seller received 1.6 B less and paid 45 % of it less in cost
  // of goods, 0.88 B less in all.
  CHECK(b.cash - fixed.world.firms[kBuyer].cash == usd(1.6e9));
  CHECK(fixed.world.firms[kSeller].cash - s.cash == usd(0.88e9));
  // What remains and what was delivered count the signed dollars.
  CHECK(path.world.contracts[0].delivered == usd(12e9));
  CHECK(path.world.contracts[0].remaining == Money::zero());
  // Events: the first part (02-01, at 2 B) and the first at the new level (04-01, at 1.6 B).
  const auto ev = deliveries(path.sink);
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].date == day(2025, 2, 3));  // 02-01 is a Saturday: the next tick
  CHECK(ev[0].amount == usd(2e9));
  CHECK(field(ev[0], "cost_factor") == 1.0);
  CHECK(ev[1].date == day(2025, 4, 1));
  CHECK(ev[1].amount == usd(1.6e9));
  CHECK(field(ev[1], "signed") == 2e9);
  CHECK(field(ev[1], "cost_factor") == doctest::Approx(0.8));
  // Fixed: the first part only, without the path's fields.
  const auto evf = deliveries(fixed.sink);
  REQUIRE(evf.size() == 1);
  CHECK(evf[0].amount == usd(2e9));
  CHECK(std::isnan(field(evf[0], "cost_factor")));
}
