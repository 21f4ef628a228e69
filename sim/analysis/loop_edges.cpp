#include "sim/analysis/loop_edges.hpp"

namespace alchemy {

std::optional<std::pair<std::string, std::string>> influence_hop(const std::string& from,
                                                                 const std::string& to,
                                                                 EdgeKind kind) {
  switch (kind) {
    case EdgeKind::supply:
    case EdgeKind::lease:
    case EdgeKind::funding:
    case EdgeKind::warrant:
      return std::pair{from, to};
    case EdgeKind::stake:
    case EdgeKind::loan:
      return std::pair{to, from};
    case EdgeKind::collateral:
    case EdgeKind::sentiment:  // no contract: the hop goes through the sentiment node
      return std::nullopt;
  }
  return std::nullopt;
}

LoopEdges loop_edges(const CircuitSearch& circuits, const std::vector<std::string>& firm_ids) {
  LoopEdges out;
  for (const Circuit& c : circuits.circuits) {
    for (std::size_t m = 0; m < c.length(); ++m) {
      // The sentiment node (index = the firm count) has no contract edges to mark.
      if (c.firms[m] >= firm_ids.size() || c.firms[(m + 1) % c.length()] >= firm_ids.size())
        continue;
      const std::string& source = firm_ids.at(c.firms[m]);
      const std::string& target = firm_ids.at(c.firms[(m + 1) % c.length()]);
      for (const EdgeKind kind : all_edge_kinds) {
        if ((c.hop_kinds[m] & mask_of(kind)) == 0) continue;
        // The contract edge whose hop is source → target: the inverse of influence_hop.
        const auto hop = influence_hop(source, target, kind);
        if (!hop) continue;
        if (hop->first == source) {
          out.insert({source, target, kind});
        } else {
          out.insert({target, source, kind});
        }
      }
    }
  }
  return out;
}

}  // namespace alchemy
