#pragma once
// Scenarios built in code for engine tests: a small web with every kind of firm and contract,
// and randomised variants of it.

#include <algorithm>
#include <tuple>

#include "agents/firm_kinds.hpp"
#include "market/rng.hpp"
#include "sim/world/scenario_spec.hpp"
#include "sim/world/world.hpp"

namespace alchemy::testing {

inline Money usd(double d) {
  return Money::from_dollars(d);
}
inline Date day(int y, unsigned m, unsigned d) {
  return Date::from_ymd(y, m, d);
}

// Firm indices of small_web() (firms sorted by id).
enum : std::size_t { kBank = 0, kChips = 1, kCloud = 2, kLab = 3, kVc = 4 };

// A firm whose path is set by its contracts alone: cloud defaults, 1e9 shares at 100 USD, 50 B
// USD of cash, no rules, no treasury policy and no price noise (the contract-by-contract tests'
// building block).
inline FirmSpec quiet_firm(const char* id) {
  FirmSpec f = kind_defaults(FirmKind::cloud);
  f.id = id;
  f.shares = 1e9;
  f.price = 100;
  f.cash = usd(50e9);
  f.rules.clear();
  f.treasury.actions.clear();
  f.valuation.volatility = 0;
  return f;
}

inline ScenarioSpec small_web() {
  ScenarioSpec s;
  s.name = "small web";
  s.seed = 7;
  s.start = day(2025, 1, 1);
  s.end = day(2027, 12, 31);
  s.market.funding.quarterly_supply = usd(20e9);

  FirmSpec bank = kind_defaults(FirmKind::lender);
  bank.id = "bank";
  bank.shares = 1e9;
  bank.price = 50;
  bank.cash = usd(40e9);
  bank.other_assets = usd(20e9);
  bank.debt = {{"deposits", usd(45e9), 0.03, day(2030, 1, 1), false, 0, ""}};
  bank.revenue.annual = usd(3e9);

  FirmSpec chips = kind_defaults(FirmKind::chipmaker);
  chips.id = "chips";
  chips.shares = 2e9;
  chips.price = 100;
  chips.cash = usd(30e9);
  chips.revenue.annual = usd(60e9);
  chips.revenue.growth = 0.2;
  chips.revenue.volatility = 0.1;
  chips.costs.fixed_annual = usd(8e9);
  chips.debt = {{"notes", usd(5e9), 0.04, day(2026, 6, 30), false, 1, ""}};

  FirmSpec cloud = kind_defaults(FirmKind::cloud);
  cloud.id = "cloud";
  cloud.shares = 1e9;
  cloud.price = 60;
  cloud.cash = usd(6e9);
  cloud.revenue.annual = usd(10e9);
  cloud.revenue.growth = 0.3;
  cloud.costs.fixed_annual = usd(2e9);
  cloud.compute.gw = 0.5;
  cloud.compute.fleet_book = usd(15e9);
  cloud.debt = {{"bonds", usd(8e9), 0.06, day(2028, 1, 1), false, 1, ""}};

  FirmSpec lab = kind_defaults(FirmKind::lab);
  lab.id = "lab";
  lab.shares = 5e9;
  lab.price = 40;
  lab.cash = usd(15e9);
  lab.revenue.annual = usd(5e9);
  lab.revenue.growth = 0.8;
  lab.revenue.volatility = 0.2;
  lab.costs.fixed_annual = usd(6e9);
  lab.compute.gw = 0.6;
  lab.compute.fleet_book = usd(10e9);
  lab.debt = {{"bank-loans", usd(4e9), 0.07, day(2027, 6, 30), false, 1, ""}};

  FirmSpec vc = kind_defaults(FirmKind::investor);
  vc.id = "vc";
  vc.shares = 1e9;
  vc.price = 80;
  vc.cash = usd(50e9);
  vc.other_assets = usd(30e9);

  s.firms = {bank, chips, cloud, lab, vc};

  auto contract = [](std::string id, ContractType t, std::size_t from, std::size_t to,
                     Date signed_on, Date start, Date end, double amount) {
    ContractSpec c;
    c.id = std::move(id);
    c.set_type(t);
    c.from = from;
    c.to = to;
    c.signed_on = signed_on;
    c.start = start;
    c.end = end;
    c.amount = usd(amount);
    return c;
  };
  ContractSpec supply = contract("chips-lab-gpus", ContractType::supply, kLab, kChips,
                                 day(2025, 2, 3), day(2025, 3, 1), day(2026, 12, 31), 20e9);
  supply.as<SupplyTerms>().gw = 0.5;
  ContractSpec invest = contract("chips-lab-equity", ContractType::equity_investment, kChips, kLab,
                                 day(2025, 2, 3), day(2025, 3, 1), day(2027, 3, 1), 10e9);
  invest.as<EquityTerms>().tranche.tranches = 4;
  invest.as<EquityTerms>().tranche.milestones = {{}, {std::nullopt, 0.7, 0.0}, {}, {}};
  ContractSpec warrant = contract("chips-lab-warrant", ContractType::warrant, kChips, kLab,
                                  day(2025, 4, 1), day(2025, 4, 1), day(2027, 6, 30), 0);
  warrant.as<WarrantTerms>().shares = 40e6;
  warrant.as<WarrantTerms>().strike = 0.01;
  warrant.as<WarrantTerms>().tranche.tranches = 2;
  warrant.as<WarrantTerms>().tranche.milestones = {{std::nullopt, 0.1, 0.0},
                                                   {std::nullopt, 0.0, 150.0}};
  ContractSpec lease = contract("cloud-lab-lease", ContractType::lease, kLab, kCloud,
                                day(2025, 3, 3), day(2025, 4, 1), day(2027, 3, 31), 12e9);
  lease.as<LeaseTerms>().gw = 0.3;
  ContractSpec loan = contract("bank-cloud-loan", ContractType::loan, kBank, kCloud,
                               day(2025, 1, 15), day(2025, 1, 15), day(2027, 1, 15), 5e9);
  loan.as<LoanTerms>().rate = 0.08;
  loan.as<LoanTerms>().amortising = true;
  loan.as<LoanTerms>().gpu_collateral = true;
  ContractSpec round = contract("vc-lab-round", ContractType::equity_investment, kVc, kLab,
                                day(2025, 6, 2), day(2025, 6, 2), day(2025, 6, 2), 5e9);
  s.contracts = {loan, invest, supply, lease, warrant, round};
  std::sort(s.contracts.begin(), s.contracts.end(),
            [](const ContractSpec& a, const ContractSpec& b) {
              return std::tie(a.signed_on, a.id) < std::tie(b.signed_on, b.id);
            });
  return s;
}

// small_web() with its amounts, growth, volatilities and cash drawn at random (reproducibly).
inline ScenarioSpec random_web(std::uint64_t seed) {
  ScenarioSpec s = small_web();
  Rng rng(seed);
  auto scale = [&](double lo, double hi) { return lo + (hi - lo) * rng.uniform(); };
  s.seed = seed;
  for (auto& f : s.firms) {
    f.cash = f.cash.times(scale(0.1, 2.0));
    f.revenue.annual = f.revenue.annual.times(scale(0.3, 2.0));
    f.revenue.growth = scale(-0.5, 1.0);
    f.revenue.volatility = scale(0.0, 0.6);
    f.costs.fixed_annual = f.costs.fixed_annual.times(scale(0.5, 3.0));
    // News is a random walk on log value (MODEL.md §7.7): at 0.9 a year over three years with
    // demand growing at 100 % a year a value can pass the representable range (1e15 USD).
    f.valuation.volatility = scale(0.1, 0.6);
  }
  for (auto& c : s.contracts) {
    if (c.type() != ContractType::warrant) c.amount = c.amount.times(scale(0.2, 3.0));
  }
  s.market.sentiment.volatility = scale(0.05, 0.3);
  return s;
}

// A chain a ← b ← c for exposure and DebtRank tests: b holds a stake in c booked at 2 B, a lent
// b 4 B; balance sheets in cash. E_a = cash 6 + loan 4 = 10 B; E_b = cash 8 + stake 2 − debt 4 =
// 6 B; E_c = cash 5 B. DebtRank: R_b = 4/21 ≈ 0.1905, R_c = 10/63 ≈ 0.1587, R_a = 0.
struct Chain {
  ScenarioSpec spec;
  World world;
};

inline Chain chain() {
  Chain c;
  c.spec.name = "chain";
  for (const char* id : {"a", "b", "c"}) {
    FirmSpec f;
    f.id = id;
    c.spec.firms.push_back(f);
  }
  c.world.firms.resize(3);
  c.world.firms[0].cash = usd(6e9);
  c.world.firms[0].loans_held = usd(4e9);
  c.world.firms[1].cash = usd(8e9);
  c.world.firms[1].stakes.push_back({2, 1e6, usd(2e9)});
  DebtState d;
  d.principal = usd(4e9);
  d.lender = 0;
  c.world.firms[1].debt.push_back(d);
  c.world.firms[2].cash = usd(5e9);
  return c;
}

}  // namespace alchemy::testing
