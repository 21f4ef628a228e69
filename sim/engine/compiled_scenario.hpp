#pragma once
// What a run compiles from its scenario before the first tick: rule conditions parsed, actions
// named, and every firm or contract id a rule or shock names turned into an index. Derived data,
// not World state (a checkpoint rebuilds it from the scenario), so the tick's path never parses
// text or looks an id up.

#include <array>
#include <cstdint>
#include <vector>

#include "agents/strategy.hpp"
#include "sim/world/scenario_spec.hpp"

namespace alchemy {

// A rule's target that stands for every commitment of the firm (`target: "*"`).
inline constexpr std::int32_t kAllTargets = -2;

struct CompiledScenario {
  std::vector<std::vector<Condition>> conditions;  // [firm][rule]
  std::vector<std::vector<ActionId>> actions;      // [firm][rule]
  // [firm][rule]: the firm index (sell_stake, buy_compute) or contract index (draw_tranche,
  // vendor_invest, cut and cancel; kAllTargets for "*") the rule names; −1 for none.
  std::vector<std::vector<std::int32_t>> targets;
  std::vector<std::int32_t> shock_targets;  // [shock]: firm or contract index; −1 for none
  // [contract]: the loans that finance it (LoanTerms::financed), drawn on its deliveries.
  std::vector<std::vector<std::int32_t>> financing_loans;
  // [firm]: the contracts the firm is a party of (as `from` or `to`), in index order, so that a
  // firm's cash projection reads its own contracts without scanning every contract.
  std::vector<std::vector<std::int32_t>> contracts_of;
  // Observables some condition reads: the decisions phase computes only these.
  std::array<bool, static_cast<std::size_t>(ObservableId::count_)> observed{};
  // [firm]: the decisions phase projects the firm's cash each tick (MODEL.md §7.18), because the
  // firm reads its projection: it has a treasury policy, a rule that raises equity (whose
  // investors net its uncovered commitments), or a rule whose condition reads runway_months,
  // projected_gap or months_to_gap (a firm's own: they take no firm name). Nothing else reads a
  // projection, so the others' would be work without a reader.
  std::vector<std::uint8_t> projected;
  bool projects = false;  // some firm is projected
};

// Throws std::logic_error when the scenario did not pass validation (a rule that does not parse,
// a shock whose target is not a firm or contract of the scenario): a bug, never input.
CompiledScenario compile_scenario(const ScenarioSpec& spec);

}  // namespace alchemy
