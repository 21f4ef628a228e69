#include "sim/analysis/exposure_network.hpp"

#include <algorithm>

#include "sim/contracts/contract_kind.hpp"
#include "sim/contracts/contract_settlement.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/world/output_sink.hpp"
#include "sim/world/scenario_spec.hpp"
#include "sim/world/world.hpp"

namespace alchemy {

const char* to_string(ExposureKind k) {
  switch (k) {
    case ExposureKind::loan:
      return "loan";
    case ExposureKind::trade_claim:
      return "trade_claim";
    case ExposureKind::stake:
      return "stake";
    case ExposureKind::warrant:
      return "warrant";
  }
  return "?";
}

double ExposureNetwork::exposure(FirmIndex i, FirmIndex j) const {
  double a = 0.0;
  for (const Exposure& e : exposures) {
    if (e.holder == i && e.on == j) a += e.amount;
  }
  return a;
}

std::vector<double> ExposureNetwork::exposure_of_each() const {
  std::vector<double> total(firm_count(), 0.0);
  for (const Exposure& e : exposures)
    total[e.holder] += e.amount;
  return total;
}

std::vector<double> ExposureNetwork::exposure_to_each() const {
  std::vector<double> total(firm_count(), 0.0);
  for (const Exposure& e : exposures)
    total[e.on] += e.amount;
  return total;
}

std::vector<Liability> ExposureNetwork::liabilities() const {
  std::vector<Liability> l;
  l.reserve(exposures.size());
  for (const Exposure& e : exposures)
    l.push_back({e.on, e.holder, e.amount});
  return l;
}

LeverageMatrix ExposureNetwork::leverage() const {
  return leverage_matrix(firm_count(), liabilities(), equity);
}

namespace {

// The booked warrant total of `holder`, split over the issuers of the warrant contracts it holds
// (see the header). unvested_warrant_value needs a TickContext; it only reads the world.
void add_warrants(const ScenarioSpec& spec, const World& world, FirmIndex holder,
                  std::vector<Exposure>& out) {
  const double booked = world.firms[holder].warrants_booked.dollars();
  if (!(booked > 0.0)) return;
  MemorySink sink;
  const CompiledScenario rules{};
  TickContext ctx{spec, const_cast<World&>(world), sink, rules};
  std::vector<std::pair<FirmIndex, double>> held;  // (issuer, current value) per open contract
  double total = 0.0;
  for (std::size_t c = 0; c < spec.contracts.size(); ++c) {
    const ContractSpec& cs = spec.contracts[c];
    const ContractState& st = world.contracts[c];
    const auto held_value = kind_of(cs).held_value;
    if (!held_value || cs.to != holder || !st.signed_ || st.cancelled) continue;
    const double v = std::max(0.0, held_value(ctx, static_cast<std::int32_t>(c)));
    held.emplace_back(static_cast<FirmIndex>(cs.from), v);
    total += v;
  }
  for (const auto& [issuer, value] : held) {
    const double share = total > 0.0 ? value / total : 1.0 / static_cast<double>(held.size());
    const double amount = booked * share;
    if (amount > 0.0 && issuer != holder)
      out.push_back({holder, issuer, ExposureKind::warrant, amount});
  }
}

}  // namespace

ExposureNetwork exposure_network(const ScenarioSpec& spec, const World& world) {
  ExposureNetwork net;
  const std::size_t n = world.firms.size();
  for (std::size_t i = 0; i < n; ++i)
    net.firm_ids.push_back(i < spec.firms.size() ? spec.firms[i].id : std::to_string(i));
  net.defaulted.assign(n, 0);
  net.equity.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const FirmState& f = world.firms[i];
    net.defaulted[i] = f.defaulted ? 1 : 0;
    if (!f.defaulted) net.equity[i] = std::max(0.0, f.book_equity().dollars());
  }
  // Both ends must be alive: a defaulted firm's exposures are realised losses (§7.15).
  const auto live = [&](std::int64_t i, std::int64_t j) {
    return i >= 0 && j >= 0 && i != j && static_cast<std::size_t>(i) < n &&
           static_cast<std::size_t>(j) < n && !net.defaulted[static_cast<std::size_t>(i)] &&
           !net.defaulted[static_cast<std::size_t>(j)];
  };
  const auto add = [&](std::int64_t holder, std::int64_t on, ExposureKind kind, double amount) {
    if (amount > 0.0 && live(holder, on)) {
      net.exposures.push_back(
          {static_cast<FirmIndex>(holder), static_cast<FirmIndex>(on), kind, amount});
    }
  };
  for (std::size_t b = 0; b < n; ++b) {
    for (const DebtState& d : world.firms[b].debt) {
      if (d.lender >= 0)
        add(d.lender, static_cast<std::int64_t>(b), ExposureKind::loan, d.principal.dollars());
    }
  }
  for (const Claim& c : world.claims) {
    if (c.creditor >= 0) add(c.creditor, c.debtor, ExposureKind::trade_claim, c.amount.dollars());
  }
  for (std::size_t h = 0; h < n; ++h) {
    for (const StakeState& s : world.firms[h].stakes) {
      add(static_cast<std::int64_t>(h), s.issuer, ExposureKind::stake, s.booked.dollars());
    }
  }
  for (std::size_t h = 0; h < n; ++h) {
    if (net.defaulted[h]) continue;
    std::vector<Exposure> warrants;
    add_warrants(spec, world, static_cast<FirmIndex>(h), warrants);
    for (const Exposure& e : warrants)
      add(e.holder, e.on, e.kind, e.amount);
  }
  net.weights = equity_weights(net.equity);
  return net;
}

}  // namespace alchemy
