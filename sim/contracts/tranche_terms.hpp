#pragma once
// Tranches gated by milestones: shared by the kinds that pay or vest in tranches (equity
// investment, warrant). The terms embed these two keys and declare them through
// declare_tranche_keys, so the keys read the same for every such kind.

#include <vector>

#include "sim/contracts/milestone.hpp"

namespace alchemy {

struct TrancheTerms {
  int tranches = 1;
  std::vector<Milestone> milestones;  // empty or one per tranche
};

template <class T, class Keys>
void declare_tranche_keys(Keys& k) {
  k.integer(
      "tranches", [](T& t) -> int& { return t.tranche.tranches; },
      "number of equal tranches, each gated by its milestone", 1, 1000);
  k.milestones(
      "milestones", [](T& t) -> std::vector<Milestone>& { return t.tranche.milestones; },
      "none, or one gate per tranche");
}

}  // namespace alchemy
