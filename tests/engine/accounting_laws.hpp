#pragma once
// The accounting laws a test run is held to after every phase (MODEL.md §2.4): cash is conserved
// to the cent, each firm's change in book equity is explained by its recorded flows (net income,
// revaluations, capital issued, distributions), and no firm's cash is negative. Built from the
// world at the start; `check` returns the first law broken, where, or "" (then again "" after).

#include <string>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/world/world.hpp"

namespace alchemy::testing {

class AccountingLaws {
 public:
  explicit AccountingLaws(const World& start) : cash0_(start.total_cash()) {
    for (const auto& f : start.firms) {
      equity0_.push_back(f.book_equity());
      flows0_.push_back(f.flows);
    }
  }

  std::string check(Phase p, const World& w) const {
    const std::string where = w.date.iso() + " after " + to_string(p);
    if (w.total_cash() != cash0_) return where + ": cash not conserved";
    for (std::size_t i = 0; i < w.firms.size(); ++i) {
      const FirmState& f = w.firms[i];
      const EquityFlows& a = flows0_[i];
      const Money explained =
          (f.flows.net_income - a.net_income) + (f.flows.revaluations - a.revaluations) +
          (f.flows.capital_issued - a.capital_issued) - (f.flows.distributions - a.distributions);
      if (f.book_equity() - equity0_[i] != explained)
        return where + ": equity of firm " + std::to_string(i) + " not explained";
      if (f.cash.is_negative()) return where + ": negative cash";
    }
    return "";
  }

 private:
  Money cash0_;
  std::vector<Money> equity0_;
  std::vector<EquityFlows> flows0_;
};

}  // namespace alchemy::testing
