#pragma once
// Which contract edges lie on a feedback loop. The loop analysis (market/loops.hpp,
// sim/engine/loop_tracker.hpp) finds circuits in the influence graph, whose hop j → i means "j's
// price moves i's value"; the contract network's edges point the way cash goes. Each channel of
// sim/engine/market_channels.hpp comes from one contract edge, in one of two directions:
//   supply, lease, funding, warrant   the hop runs from → to (the buyer's, investor's or
//                                     issuer's price moves the seller's, investee's or holder's
//                                     value)
//   stake, loan                       the hop runs to → from (the issuer's or borrower's price
//                                     moves the holder's or lender's value)
//   collateral                        no channel of its own: never on a loop
// A contract edge (from, to, kind) is on a loop when its hop is a hop of one of the circuits the
// analysis reported (its strongest, up to `loops.top_k` of at most `loops.max_length` firms) and
// that hop carries a channel of the edge's kind.

#include <compare>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "market/edge_kind.hpp"
#include "market/loops.hpp"

namespace alchemy {

struct LoopEdge {
  std::string from;
  std::string to;
  EdgeKind kind = EdgeKind::stake;
  friend auto operator<=>(const LoopEdge&, const LoopEdge&) = default;
};
using LoopEdges = std::set<LoopEdge>;

// The influence hop (source, target) a contract edge's channel makes, as indices or ids; nullopt
// for a kind without a channel (collateral).
std::optional<std::pair<std::string, std::string>> influence_hop(const std::string& from,
                                                                 const std::string& to,
                                                                 EdgeKind kind);

// The contract edges on the circuits, named by the firm ids (firm_ids[i] is firm index i).
LoopEdges loop_edges(const CircuitSearch& circuits, const std::vector<std::string>& firm_ids);

}  // namespace alchemy
