// Stargate and OpenAI's debt in the baseline (issue 19, item 2), on the default seed, against
// figures worked by hand from configs/ai_compute_2025.yaml:
// - the four partners' equity is paid in four tranches each, on start + ⌊730 × t / 4⌋ days from
//   2025-01-21 (2025-01-21, 2025-07-22, 2026-01-21, 2026-07-22), a quarter of 19 B, 19 B, 7 B and
//   7 B each: 52 B in all;
// - the JV's 1.5 GW of GPUs are 52.5 B in 18 monthly deliveries (2025-10 to 2027-03);
// - OpenAI's 100 B lease of them is 60 monthly payments from 2027-01-01, split to the cent by
//   largest remainder: 10^13 cents / 60 = 166,666,666,666 cents and 40 cents left over, which go
//   to the first 40 payments, so 2027's twelve are 12 × 166,666,666,667 cents = 20,000,000,000.04;
// - the JV borrows nothing, so at the end of 2027 its cash is its founding capital plus the
//   tranches, less the GPUs, plus the lease: 0.052 + 52 − 52.5 + 20.00000000004 B; its book equity
//   is its founding capital, the capital issued, its income and revaluations, and its liabilities
//   are nil, so its assets are its equity.
// And OpenAI's revolving facility (B §7) is drawn by its treasury, and its treasury raises debt.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/world.hpp"
#include "spec_lookup.hpp"

using namespace alchemy;
using alchemy::testing::contract;
using alchemy::testing::firm;

namespace {

const std::string kBaseline = std::string(ALCHEMY_SOURCE_DIR) + "/configs/ai_compute_2025.yaml";

Money usd(std::int64_t cents) {
  return Money::cents(cents);
}

}  // namespace

TEST_CASE("stargate: the partners' tranches, the JV's GPUs and OpenAI's lease, to the cent") {
  const ScenarioSpec& spec = load_scenario(kBaseline).spec;
  const std::int32_t jv = firm(spec, "stargate"), openai = firm(spec, "openai");
  const std::int32_t lease = contract(spec, "stargate-openai-lease");
  const std::int32_t gpus = contract(spec, "stargate-nvidia-gpus");
  const std::int32_t oracle_lease = contract(spec, "oracle-openai-lease");
  const std::map<std::string, std::int64_t> tranche_cents = {
      {"softbank-stargate-equity", 475'000'000'000},
      {"openai-stargate-equity", 475'000'000'000},
      {"oracle-stargate-equity", 175'000'000'000},
      {"mgx-stargate-equity", 175'000'000'000}};
  const std::vector<Date> tranche_dates = {Date::from_ymd(2025, 1, 21), Date::from_ymd(2025, 7, 22),
                                           Date::from_ymd(2026, 1, 21),
                                           Date::from_ymd(2026, 7, 22)};

  double leased_before_2027 = -1.0, leased_on_2027 = -1.0;
  World end;
  RunOptions opt;
  opt.until = Date::from_ymd(2027, 12, 31);
  opt.verbose_events = true;
  opt.after_tick = [&](const World& w) {
    if (w.date < Date::from_ymd(2027, 1, 1)) leased_before_2027 = w.firms[openai].gw_leased;
    if (leased_on_2027 < 0.0 && w.date >= Date::from_ymd(2027, 1, 1))
      leased_on_2027 = w.firms[openai].gw_leased;
    end = w;
  };
  MemorySink sink;
  run_scenario(spec, spec.seed, sink, opt);

  std::map<std::string, std::vector<const Event*>> drawn;
  Money lease_paid_2027, invoices_paid;
  std::size_t deliveries = 0, jv_treasury = 0, missed = 0;
  for (const Event& e : sink.events) {
    const std::string id = e.contract >= 0 ? spec.contracts[e.contract].id : "";
    if (e.type == EventType::tranche_drawn && tranche_cents.contains(id)) drawn[id].push_back(&e);
    if (e.type == EventType::tranche_blocked && tranche_cents.contains(id)) ++missed;
    if (e.type == EventType::payment_missed && (e.contract == lease || e.firm == jv)) ++missed;
    if (e.type == EventType::delivery && e.contract == gpus) ++deliveries;
    if (e.type == EventType::payment && e.contract == lease) lease_paid_2027 += e.amount;
    if (e.firm == jv && (e.type == EventType::treasury_gap || e.type == EventType::debt_raised ||
                         e.type == EventType::stake_sold))
      ++jv_treasury;
  }
  // The premises of the hand figures: every tranche, invoice and lease payment was paid in full,
  // nothing was cut, and the JV's treasury never acted.
  REQUIRE(missed == 0);
  REQUIRE(jv_treasury == 0);
  REQUIRE(end.contracts[lease].cut_factor == 1.0);
  REQUIRE(!end.firms[jv].defaulted);
  REQUIRE(!end.firms[openai].defaulted);

  for (const auto& [id, cents] : tranche_cents) {
    INFO(id);
    REQUIRE(drawn[id].size() == 4);
    for (std::size_t t = 0; t < 4; ++t) {
      CHECK(drawn[id][t]->date == tranche_dates[t]);
      CHECK(drawn[id][t]->amount == usd(cents));
    }
  }
  const FirmState& s = end.firms[jv];
  CHECK(s.flows.capital_issued == usd(5'200'000'000'000));  // 52 B: 4 × (4.75 + 4.75 + 1.75 + 1.75)
  CHECK(deliveries == 18);
  CHECK(s.fleet_gross == usd(5'250'000'000'000));  // 52.5 B of GPUs, 1.5 GW
  CHECK(s.gw_owned == doctest::Approx(1.5).epsilon(1e-12));
  CHECK(lease_paid_2027 == usd(2'000'000'000'004));  // OpenAI's twelve payments of 2027
  CHECK(s.cash == usd(5'200'000'000) + usd(5'200'000'000'000) - usd(5'250'000'000'000) +
                      usd(2'000'000'000'004));
  // OpenAI takes the JV's 1.5 GW, and Oracle's 4.5 GW, on 2027-01-01.
  CHECK(leased_on_2027 - leased_before_2027 ==
        doctest::Approx(1.5 + 4.5 * end.contracts[oracle_lease].cut_factor));

  // The balance sheet: no debt, no payables, so assets are equity; equity is the founding 52 M,
  // the 52 B issued and what the JV earned and revalued.
  CHECK(s.total_debt() == Money::zero());
  CHECK(s.payables == Money::zero());
  CHECK(s.total_liabilities() == Money::zero());
  CHECK(s.total_assets() == s.cash + s.receivables + s.fleet_book);
  CHECK(s.book_equity() == usd(5'200'000'000) + s.flows.capital_issued + s.flows.net_income +
                               s.flows.revaluations - s.flows.distributions);
}

TEST_CASE("openai's debt: its treasury draws the 4 B revolver and raises debt (seeds 1-20)") {
  const ScenarioSpec& spec = load_scenario(kBaseline).spec;
  const std::int32_t openai = firm(spec, "openai");
  const std::int32_t line = contract(spec, "banks-openai-credit");
  std::size_t with_draw = 0, with_raise = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    MemorySink sink;
    RunOptions opt;
    opt.until = Date::from_ymd(2027, 10, 1);  // the facility's end
    run_scenario(spec, seed, sink, opt);
    bool drew = false, raised = false;
    for (const Event& e : sink.events) {
      if (e.type == EventType::credit_line_drawn && e.contract == line) {
        drew = true;
        CHECK(e.amount <= usd(400'000'000'000));  // never beyond the 4 B limit
      }
      if (e.type == EventType::debt_raised && e.firm == openai) raised = true;
    }
    with_draw += drew ? 1 : 0;
    with_raise += raised ? 1 : 0;
  }
  MESSAGE("OpenAI drew its revolver in " << with_draw << " of 20 seeds and raised debt in "
                                         << with_raise);
  CHECK(with_draw == 20);
  // Raised debt: in 8 of the 20 (prices at value, MODEL.md §7.7: investors take its issues in
  // the others); the deal shows in the events whenever a round is refused or short.
  CHECK(with_raise >= 1);
}
