#include "sim/analysis/network_arrows.hpp"

#include <array>
#include <map>
#include <string>
#include <tuple>

namespace alchemy {

std::vector<NetworkArrow> network_arrows(const Network& network, const LoopEdges& loop_edges) {
  // Keyed by (from, to, ended): canonical order of the pair, the living arrow first.
  std::map<std::tuple<std::string, std::string, bool>, NetworkArrow> arrows;
  for (const EdgeRecord& e : network.edges()) {
    NetworkArrow& a = arrows[{e.from, e.to, !e.active}];
    a.on_loop.push_back(e.active && loop_edges.contains({e.from, e.to, e.kind}));
    a.edges.push_back(e);
  }
  std::vector<NetworkArrow> out;
  out.reserve(arrows.size());
  for (auto& [key, a] : arrows) {
    std::array<double, edge_kind_count> by_kind{};
    std::array<int, edge_kind_count> count{};
    for (std::size_t k = 0; k < a.edges.size(); ++k) {
      const EdgeRecord& e = a.edges[k];
      a.amount += e.amount;
      by_kind[static_cast<std::size_t>(e.kind)] += e.amount;
      ++count[static_cast<std::size_t>(e.kind)];
      a.loop = a.loop || a.on_loop[k];
    }
    std::size_t dominant = edge_kind_count;
    for (std::size_t k = 0; k < edge_kind_count; ++k) {
      if (count[k] == 0) continue;
      if (dominant == edge_kind_count || by_kind[k] > by_kind[dominant]) dominant = k;
    }
    a.kind = all_edge_kinds[dominant];
    a.active = a.edges.front().active;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace alchemy
