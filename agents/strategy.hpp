#pragma once
// Strategy rules: `when: <condition>` → `do: <action>`, evaluated in the decisions phase on the
// state at the start of that phase. Conditions are comparisons of documented observables with
// numbers, combined with `and`, `or`, `not` and parentheses:
//     runway_months < 9 and sentiment > 0.8
//     drawdown > 30% or distress(openai)

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "agents/firm_spec.hpp"

namespace alchemy {

struct Observable {
  std::string_view name;
  std::string_view unit;
  std::string_view meaning;
  bool takes_firm;  // written name(firm_id), e.g. distress(openai)
};
struct ActionInfo {
  std::string_view name;
  std::string_view parameters;
  std::string_view meaning;
};

std::span<const Observable> observables();
std::span<const ActionInfo> actions();

// A problem in a rule: which field ("when" or "do"), the 0-based character offset in the
// condition text (0 for "do"), and what is wrong.
struct RuleProblem {
  std::string field;
  std::size_t offset = 0;
  std::string message;
};

// Checks a rule's syntax, observables, action name and parameters. `firm_ids` resolves
// name(firm) arguments.
std::optional<RuleProblem> check_rule(const RuleSpec& rule, std::span<const std::string> firm_ids);

}  // namespace alchemy
