#include "sim/world/world.hpp"

#include <algorithm>

#include "sim/world/scenario_spec.hpp"

namespace alchemy {

namespace {

double initial_demand(const RevenueSpec& r) {
  if (r.users > 0.0) {
    return r.users * r.paying_share * r.arpu_monthly * 12.0 + r.enterprise_annual.dollars();
  }
  return r.annual.dollars();
}

FirmState initial_firm(const FirmSpec& f, std::uint64_t seed, Date spec_start) {
  FirmState s;
  s.cash = f.cash;
  s.other_assets = f.other_assets;
  s.operating_assets = f.operating_assets;
  s.other_liabilities = f.other_liabilities;
  s.fleet_book = f.compute.fleet_book;
  s.fleet_gross = f.compute.fleet_book;
  s.gw_owned = f.compute.gw;
  for (const auto& d : f.debt) {
    DebtState ds;
    ds.id = d.id;
    ds.principal = d.principal;
    ds.rate = d.rate;
    ds.maturity = d.maturity;
    ds.amortising = d.amortising;
    ds.seniority = d.seniority;
    s.debt.push_back(ds);
  }
  s.shares = f.shares;
  s.diluted_shares = f.shares;
  s.price = f.price;
  s.mark = f.price;
  s.peak_price = f.price;
  s.last_round_price = f.price;
  s.demand = initial_demand(f.revenue);
  s.growth = f.revenue.growth;
  for (const auto& step : f.revenue.growth_path) {
    if (step.from <= spec_start) s.growth = step_growth(f.revenue, step);
  }
  s.fixed_costs = f.costs.fixed_annual.dollars();
  s.rule_last_fired.assign(f.rules.size(), INT32_MIN);
  s.rng = Rng(derive_seed(seed, stable_hash("firm:" + f.id)));
  return s;
}

}  // namespace

World make_world(const ScenarioSpec& spec, std::uint64_t seed) {
  World w;
  w.seed = seed;
  w.date = spec.start;
  w.previous_date = spec.start;
  for (const auto& f : spec.firms)
    w.firms.push_back(initial_firm(f, seed, spec.start));
  // Stakes held at the start, booked at the issuer's starting price (or last round's price).
  for (std::size_t i = 0; i < spec.firms.size(); ++i) {
    for (const auto& st : spec.firms[i].stakes) {
      for (std::size_t j = 0; j < spec.firms.size(); ++j) {
        if (spec.firms[j].id != st.issuer) continue;
        w.firms[i].stakes.push_back({static_cast<std::int32_t>(j), st.shares,
                                     Money::from_dollars(st.shares * spec.firms[j].price)});
      }
    }
    std::sort(w.firms[i].stakes.begin(), w.firms[i].stakes.end(),
              [](const StakeState& a, const StakeState& b) { return a.issuer < b.issuer; });
  }
  // Debt owed at the start to a lender inside the network: the lender holds the loan.
  for (std::size_t i = 0; i < spec.firms.size(); ++i) {
    for (std::size_t k = 0; k < spec.firms[i].debt.size(); ++k) {
      const std::string& lender = spec.firms[i].debt[k].lender;
      if (lender.empty()) continue;
      const auto it =
          std::lower_bound(spec.firms.begin(), spec.firms.end(), lender,
                           [](const FirmSpec& f, const std::string& id) { return f.id < id; });
      if (it == spec.firms.end() || it->id != lender) continue;  // the loader rejects unknown ids
      const auto j = static_cast<std::size_t>(it - spec.firms.begin());
      w.firms[i].debt[k].lender = static_cast<std::int32_t>(j);
      w.firms[j].loans_held += spec.firms[i].debt[k].principal;
    }
  }
  w.contracts.resize(spec.contracts.size());
  w.market.sentiment = spec.market.sentiment.initial;
  w.market.gpu_index = spec.market.gpu.initial_index;
  w.market.risk_free = 0.04;
  for (const auto& p : spec.market.risk_free) {
    if (p.from <= spec.start) w.market.risk_free = p.rate;
  }
  w.market.funding_left = spec.market.funding.quarterly_supply;
  w.market_rng = Rng(derive_seed(seed, stable_hash("market")));
  w.decision_rng = Rng(derive_seed(seed, stable_hash("decisions")));
  w.pending_jump.assign(spec.firms.size(), 0.0);
  w.jump_cause.assign(spec.firms.size(), 0);
  if (spec.contagion.attribution) w.references.resize(spec.firms.size());

  // Every dated item the scenario states up front; contracts schedule their own flows when signed.
  for (std::size_t c = 0; c < spec.contracts.size(); ++c) {
    const ContractSpec& cs = spec.contracts[c];
    ScheduledItem it;
    it.date = std::max(cs.signed_on, spec.start);
    it.phase = Phase::calendar;
    it.firm = static_cast<std::int32_t>(cs.from);
    it.contract = static_cast<std::int32_t>(c);
    it.kind = ItemKind::sign_contract;
    w.scheduler.add(it);
  }
  for (std::size_t k = 0; k < spec.shocks.size(); ++k) {
    ScheduledItem it;
    it.date = spec.shocks[k].on;
    it.phase = Phase::calendar;
    it.kind = ItemKind::shock;
    it.index = static_cast<std::int32_t>(k);
    w.scheduler.add(it);
  }
  for (std::size_t i = 0; i < spec.firms.size(); ++i) {
    for (std::size_t d = 0; d < spec.firms[i].debt.size(); ++d) {
      ScheduledItem it;
      it.date = spec.firms[i].debt[d].maturity;
      it.phase = Phase::calendar;
      it.firm = static_cast<std::int32_t>(i);
      it.kind = ItemKind::debt_maturity;
      it.index = static_cast<std::int32_t>(d);
      w.scheduler.add(it);
    }
  }
  return w;
}

}  // namespace alchemy
