#include "sim/run/network_snapshot.hpp"

#include "sim/analysis/contract_network.hpp"
#include "sim/analysis/loop_edges.hpp"
#include "sim/analysis/network_arrows.hpp"
#include "sim/engine/loop_tracker.hpp"

namespace alchemy {

std::vector<NetworkRow> network_snapshot(const TickContext& ctx) {
  const Network net = contract_network(ctx);
  std::vector<std::string> ids;
  ids.reserve(ctx.spec.firms.size());
  for (const auto& f : ctx.spec.firms)
    ids.push_back(f.id);
  const LoopEdges on_loops = loop_edges(analyse_loops(ctx).circuits, ids);
  const Date date = ctx.world.date;
  std::vector<NetworkRow> rows;
  for (const std::string& id : net.firm_ids()) {  // id order
    if (net.is_active(id)) continue;
    rows.push_back({date, id, "", kDefaultedKind, 0, 0.0, false, false});
  }
  for (const NetworkArrow& a : network_arrows(net, on_loops)) {
    rows.push_back({date, a.edges.front().from, a.edges.front().to, std::string(to_string(a.kind)),
                    static_cast<std::uint32_t>(a.edges.size()), a.amount, a.active, a.loop});
  }
  return rows;
}

}  // namespace alchemy
