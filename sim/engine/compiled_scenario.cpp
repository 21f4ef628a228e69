#include "sim/engine/compiled_scenario.hpp"

#include <array>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "sim/contracts/loan.hpp"

namespace alchemy {

namespace {

using IdIndex = std::unordered_map<std::string, std::int32_t>;

IdIndex index_firms(const ScenarioSpec& spec) {
  IdIndex out;
  for (std::size_t i = 0; i < spec.firms.size(); ++i)
    out.emplace(spec.firms[i].id, static_cast<std::int32_t>(i));
  return out;
}

IdIndex index_contracts(const ScenarioSpec& spec) {
  IdIndex out;
  for (std::size_t c = 0; c < spec.contracts.size(); ++c)
    out.emplace(spec.contracts[c].id, static_cast<std::int32_t>(c));
  return out;
}

std::int32_t find(const IdIndex& ids, const std::string& id) {
  const auto it = ids.find(id);
  return it == ids.end() ? -1 : it->second;
}

// What a rule's `target` names depends on its action.
std::int32_t rule_target(ActionId action, const std::string& target, const IdIndex& firms,
                         const IdIndex& contracts) {
  switch (action) {
    case ActionId::sell_stake:
    case ActionId::buy_compute:
      return find(firms, target);
    case ActionId::cut_commitment:
    case ActionId::cancel_commitment:
      if (target == "*") return kAllTargets;
      return find(contracts, target);
    case ActionId::draw_tranche:
    case ActionId::vendor_invest:
      return find(contracts, target);
    case ActionId::raise_equity:
    case ActionId::raise_debt:
    case ActionId::buyback:
      return -1;
  }
  return -1;
}

}  // namespace

CompiledScenario compile_scenario(const ScenarioSpec& spec) {
  std::vector<std::string> ids;
  for (const auto& f : spec.firms)
    ids.push_back(f.id);
  const IdIndex firms = index_firms(spec);
  const IdIndex contracts = index_contracts(spec);
  CompiledScenario out;
  out.financing_loans.resize(spec.contracts.size());
  for (std::size_t c = 0; c < spec.contracts.size(); ++c) {
    const ContractSpec& cs = spec.contracts[c];
    if (cs.type() != ContractType::loan) continue;
    const std::int32_t financed = cs.as<LoanTerms>().financed;
    if (financed >= 0)
      out.financing_loans.at(static_cast<std::size_t>(financed))
          .push_back(static_cast<std::int32_t>(c));
  }
  out.contracts_of.resize(spec.firms.size());
  for (std::size_t c = 0; c < spec.contracts.size(); ++c) {
    const ContractSpec& cs = spec.contracts[c];
    out.contracts_of.at(cs.from).push_back(static_cast<std::int32_t>(c));
    if (cs.to != cs.from) out.contracts_of.at(cs.to).push_back(static_cast<std::int32_t>(c));
  }
  for (const auto& f : spec.firms) {
    bool projected = !f.treasury.actions.empty();
    std::array<bool, static_cast<std::size_t>(ObservableId::count_)> reads{};
    auto& conds = out.conditions.emplace_back();
    auto& acts = out.actions.emplace_back();
    auto& targets = out.targets.emplace_back();
    for (const auto& r : f.rules) {
      auto parsed = parse_condition(r.when, ids);
      if (!parsed.condition) {
        throw std::logic_error("rule of " + f.id + " did not pass validation: " + r.when);
      }
      parsed.condition->mark_observables(out.observed);
      parsed.condition->mark_observables(reads);
      conds.push_back(std::move(*parsed.condition));
      const ActionId action = *action_from_string(r.action);
      projected |= action == ActionId::raise_equity;
      acts.push_back(action);
      targets.push_back(rule_target(action, r.target, firms, contracts));
    }
    const auto read = [&](ObservableId id) { return reads[static_cast<std::size_t>(id)]; };
    projected |= read(ObservableId::runway_months) || read(ObservableId::projected_gap) ||
                 read(ObservableId::months_to_gap);
    out.projected.push_back(projected ? 1 : 0);
    out.projects |= projected;
  }
  for (const ShockSpec& s : spec.shocks) {
    std::int32_t target = -1;
    switch (shock_info(s.kind).target) {
      case ShockTarget::none:
        break;
      case ShockTarget::firm:
        target = find(firms, s.target);
        break;
      case ShockTarget::contract:
        target = find(contracts, s.target);
        break;
    }
    if (target < 0 && shock_info(s.kind).target != ShockTarget::none) {
      throw std::logic_error("shock target '" + s.target + "' did not pass validation");
    }
    out.shock_targets.push_back(target);
  }
  return out;
}

}  // namespace alchemy
