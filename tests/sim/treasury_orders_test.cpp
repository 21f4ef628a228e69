// The treasury's orders as the loader resolves them (sim/scenario/scenario_consistency.cpp): each
// kind's default order leads with draw_credit_line, which a firm borrowing on no credit_line keeps
// only if it names it (an error); sell_assets follows sell_stakes. The baseline's sourced
// facilities (B §3, §7): OpenAI's 4 B and Oracle's 6 B revolvers from the bank aggregate.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sim/contracts/credit_line.hpp"
#include "sim/scenario/config_error.hpp"
#include "sim/scenario/scenario_loader.hpp"

using namespace alchemy;

namespace {

const std::string kBaseline = std::string(ALCHEMY_SOURCE_DIR) + "/configs/ai_compute_2025.yaml";

const FirmSpec& firm(const ScenarioSpec& s, const std::string& id) {
  const auto it =
      std::find_if(s.firms.begin(), s.firms.end(), [&](const FirmSpec& f) { return f.id == id; });
  REQUIRE(it != s.firms.end());
  return *it;
}

using A = TreasuryAction;

}  // namespace

TEST_CASE(
    "treasury orders: credit lines first where there is a facility, asset sales after stakes") {
  const ScenarioSpec s = load_scenario(kBaseline).spec;
  CHECK(firm(s, "openai").treasury.actions == std::vector<A>{A::draw_credit_line, A::raise_equity,
                                                             A::raise_debt, A::sell_stakes,
                                                             A::sell_assets, A::cut_purchases});
  CHECK(firm(s, "oracle").treasury.actions == std::vector<A>{A::draw_credit_line, A::raise_debt,
                                                             A::raise_equity, A::sell_stakes,
                                                             A::sell_assets, A::cut_purchases});
  // No facility: the action is dropped from the kind's order.
  CHECK(firm(s, "coreweave").treasury.actions == std::vector<A>{A::raise_debt, A::raise_equity,
                                                                A::sell_stakes, A::sell_assets,
                                                                A::cut_purchases});
  // An investor's default order; SoftBank's is written out in the baseline, without sell_assets.
  CHECK(firm(s, "venture").treasury.actions ==
        std::vector<A>{A::sell_stakes, A::sell_assets, A::raise_debt});
  CHECK(firm(s, "softbank").treasury.actions == std::vector<A>{A::sell_stakes, A::raise_debt});
  CHECK(firm(s, "banks").treasury.actions.empty());
  CHECK(firm(s, "openai").treasury.asset_haircut == 0.2);

  int lines = 0;
  for (const ContractSpec& c : s.contracts) {
    if (c.type() != ContractType::credit_line) continue;
    ++lines;
    CHECK(s.firms[c.from].id == "banks");
    const CreditLineTerms& t = c.as<CreditLineTerms>();
    CHECK(t.spread == doctest::Approx(0.01));
    if (c.id == "banks-openai-credit") {
      CHECK(s.firms[c.to].id == "openai");
      CHECK(c.amount.dollars() == 4e9);
      CHECK(t.commitment_fee == doctest::Approx(0.0025));
    } else {
      CHECK(c.id == "banks-oracle-credit");
      CHECK(s.firms[c.to].id == "oracle");
      CHECK(c.amount.dollars() == 6e9);
      CHECK(c.end.iso() == "2027-03-08");
    }
  }
  CHECK(lines == 2);
}

TEST_CASE("treasury orders: naming draw_credit_line without a facility is an error") {
  std::string problem;
  try {
    load_scenario(kBaseline, {"firms.nvidia.treasury.actions=[draw_credit_line, raise_debt]"});
  } catch (const ConfigError& e) {
    problem = e.problem();
  }
  CHECK(problem.starts_with("draw_credit_line: nvidia borrows on no credit_line contract"));
  // With a facility it stays where the scenario puts it.
  const ScenarioSpec s =
      load_scenario(kBaseline, {"firms.openai.treasury.actions=[raise_equity, draw_credit_line]"})
          .spec;
  CHECK(firm(s, "openai").treasury.actions == std::vector<A>{A::raise_equity, A::draw_credit_line});
}
