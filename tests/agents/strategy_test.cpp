#include <doctest/doctest.h>

#include <array>
#include <string>
#include <vector>

#include "agents/strategy.hpp"

using namespace alchemy;

namespace {
const std::vector<std::string> kIds{"amd", "nvidia", "openai"};

ObservationTable table() {
  ObservationTable t;
  t.values.resize(3);
  auto set = [&](std::size_t f, ObservableId id, double v) {
    t.values[f][static_cast<std::size_t>(id)] = v;
  };
  set(2, ObservableId::runway_months, 8);
  set(2, ObservableId::sentiment, 0.9);
  set(2, ObservableId::drawdown, 0.35);
  set(2, ObservableId::cash, 4.3e9);
  set(1, ObservableId::distress, 1);
  set(0, ObservableId::price, 165);
  return t;
}

bool holds(const std::string& text, std::size_t self = 2) {
  const auto p = parse_condition(text, kIds);
  const std::string why = text + ": " + (p.problem ? p.problem->message : "");
  REQUIRE_MESSAGE(p.condition.has_value(), why);
  return p.condition->holds(self, table());
}
}  // namespace

TEST_CASE("conditions compare observables and combine with and, or, not") {
  CHECK(holds("runway_months < 9"));
  CHECK_FALSE(holds("runway_months < 8"));
  CHECK(holds("runway_months <= 8"));
  CHECK(holds("runway_months < 9 and sentiment > 0.8"));
  CHECK_FALSE(holds("runway_months < 9 and sentiment > 0.95"));
  CHECK(holds("runway_months > 12 or drawdown > 30%"));
  CHECK(holds("not (sentiment > 1)"));
  CHECK(holds("cash < 4.5B and cash > 4299M"));  // literals with suffixes
}

TEST_CASE("nested conditions: each operand is read from its own subtree") {
  // runway 8, sentiment 0.9, drawdown 0.35, distress(nvidia) 1 (see table()).
  CHECK(holds(
      "(runway_months > 12 or sentiment > 0.8) and (not distress(nvidia) or drawdown > 0.3)"));
  CHECK_FALSE(holds("(runway_months > 12 or sentiment > 0.95) and drawdown > 0.3"));
  CHECK_FALSE(holds("runway_months < 9 and (sentiment > 0.95 or not (drawdown > 0.3))"));
  CHECK(holds("not (runway_months > 12 and sentiment > 0.8) and not not distress(nvidia)"));
  CHECK(holds("runway_months > 12 or sentiment > 0.95 or drawdown > 0.3"));
  CHECK_FALSE(holds("runway_months > 12 or (sentiment > 0.95 and drawdown > 0.3) or cash > 5B"));
}

TEST_CASE("a condition marks exactly the observables it reads") {
  const auto p =
      parse_condition("runway_months < 9 and (distress(nvidia) or not drawdown > 0.3)", kIds);
  REQUIRE(p.condition);
  std::array<bool, static_cast<std::size_t>(ObservableId::count_)> used{};
  p.condition->mark_observables(used);
  for (std::size_t k = 0; k < used.size(); ++k) {
    const auto id = static_cast<ObservableId>(k);
    const bool read = id == ObservableId::runway_months || id == ObservableId::distress ||
                      id == ObservableId::drawdown;
    CHECK_MESSAGE(used[k] == read, observables()[k].name);
  }
}

TEST_CASE("observables of a named firm") {
  CHECK(holds("distress(nvidia)"));
  CHECK_FALSE(holds("distress(amd)"));
  CHECK(holds("distress(nvidia) and not distress(openai)"));
  CHECK(holds("price >= 165", 0));
}

TEST_CASE("bad conditions are reported with their offset") {
  auto problem = [](const std::string& text) { return parse_condition(text, kIds).problem; };
  auto p = problem("runway < 9");
  REQUIRE(p);
  CHECK(p->offset == 0);
  CHECK(p->message.find("unknown observable 'runway'") != std::string::npos);
  p = problem("runway_months < 9 and distress(meta)");
  REQUIRE(p);
  CHECK(p->offset == 31);
  CHECK(p->message.find("unknown firm 'meta'") != std::string::npos);
  p = problem("runway_months < nine");
  REQUIRE(p);
  CHECK(p->offset == 16);
  p = problem("(runway_months < 9");
  REQUIRE(p);
  CHECK(p->message.find("')'") != std::string::npos);
  CHECK(problem("cash(openai) > 1"));  // cash takes no firm argument
}

TEST_CASE("rules: action names and their parameters are checked") {
  RuleSpec r;
  r.when = "runway_months < 6";
  r.action = "raise_equity";
  CHECK(check_rule(r, kIds).has_value());  // needs an amount
  r.amount = Money::from_dollars(1e9);
  CHECK_FALSE(check_rule(r, kIds).has_value());
  r.action = "raise_money";
  const auto p = check_rule(r, kIds);
  REQUIRE(p);
  CHECK(p->field == "do");
  r.action = "cut_commitment";
  r.share = 1.5;
  r.target = "*";
  CHECK(check_rule(r, kIds)->field == "share");
}
