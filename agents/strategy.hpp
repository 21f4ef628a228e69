#pragma once
// Strategy rules: `when: <condition>` → `do: <action>`, evaluated in the decisions phase on the
// state at the start of that phase. Conditions compare documented observables with numbers and
// combine with `and`, `or`, `not` and parentheses:
//     runway_months < 9 and sentiment > 0.8
//     drawdown > 30% or distress(openai)
// Numbers take the scenario's literals: 0.5, 30%, 4.3B, 160M. An observable on its own is true
// when it is non-zero. Every rule of a firm whose condition holds fires, in the listed order,
// at most once per its cooldown.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agents/firm_spec.hpp"

namespace alchemy {

enum class ObservableId : std::uint8_t {
  cash,
  runway_months,
  projected_gap,
  months_to_gap,
  leverage,
  drawdown,
  price,
  market_value,
  revenue_growth,
  net_income,
  gw,
  utilisation,
  unmet_demand,
  default_probability,
  commitment_value,
  sentiment,
  risk_free,
  year,
  distress,
  defaulted,
  count_
};

struct Observable {
  std::string_view name;
  std::string_view unit;
  std::string_view meaning;
  bool takes_firm;  // written name(firm_id), e.g. distress(openai); without it: the firm itself
};

enum class ActionId : std::uint8_t {
  raise_equity,
  raise_debt,
  draw_tranche,
  cut_commitment,
  cancel_commitment,
  sell_stake,
  buy_compute,
  vendor_invest,
  buyback,
};

struct ActionInfo {
  ActionId id;
  std::string_view name;
  std::string_view parameters;
  std::string_view meaning;
  bool needs_amount;
  bool needs_share;
  bool needs_target;  // a firm or contract id
};

std::span<const Observable> observables();
std::span<const ActionInfo> actions();
std::optional<ActionId> action_from_string(std::string_view name);

// The observables of every firm at the start of the decisions phase: values[firm][observable].
struct ObservationTable {
  std::vector<std::array<double, static_cast<std::size_t>(ObservableId::count_)>> values;
  double get(std::size_t firm, ObservableId id) const {
    return values[firm][static_cast<std::size_t>(id)];
  }
};

// A parsed condition (an expression tree over observables, kept flat). Immutable once parsed.
class Condition {
 public:
  struct Node;
  // The parsed tree, flattened in preorder into one array: a node's left operand is the next
  // node and its right operand at `right`. Every firm's rules are evaluated every tick, and an
  // array is read in order where a tree of shared pointers is chased through the heap.
  struct Flat {
    std::uint8_t kind;  // Node::Kind
    std::uint8_t op;    // Node::Op
    ObservableId observable;
    std::int32_t firm;  // -1: the deciding firm itself
    std::uint32_t right;
    double number;
  };
  Condition();
  ~Condition();
  Condition(Condition&&) noexcept;
  Condition& operator=(Condition&&) noexcept;
  Condition(const Condition&);
  Condition& operator=(const Condition&);

  // Evaluates for firm `self`; name(firm) observables read the named firm's row.
  bool holds(std::size_t self, const ObservationTable& table) const;
  // Sets used[id] for every observable the condition reads (of any firm), so that the decisions
  // phase computes only those.
  void mark_observables(
      std::array<bool, static_cast<std::size_t>(ObservableId::count_)>& used) const;

 private:
  friend struct ConditionParser;
  std::vector<Flat> nodes_;
};

// A problem in a rule: which field ("when" or "do"), the 0-based character offset in the
// condition text (0 for "do"), and what is wrong.
struct RuleProblem {
  std::string field;
  std::size_t offset = 0;
  std::string message;
};

// Parses a condition; on failure returns the problem. name(firm) arguments are resolved to
// indices into `firm_ids`.
struct ParsedCondition {
  std::optional<Condition> condition;
  std::optional<RuleProblem> problem;
};
ParsedCondition parse_condition(std::string_view text, std::span<const std::string> firm_ids);

// Checks a rule's condition, action name and parameters.
std::optional<RuleProblem> check_rule(const RuleSpec& rule, std::span<const std::string> firm_ids);

}  // namespace alchemy
