#pragma once
// The contract network's arrows as `alchemy graph` draws them (sim/analysis/dot_export.hpp): the
// contracts from one firm to another that are all alive or all ended, merged into one arrow, with
// the kind that colours it and whether any of its contracts lies on a feedback loop. The DOT
// picture and the run's network.csv (sim/run/network_snapshot.hpp) both take their arrows from
// here, so a run report shows exactly what `alchemy graph --at DATE` shows.

#include <vector>

#include "market/network.hpp"
#include "sim/analysis/loop_edges.hpp"

namespace alchemy {

struct NetworkArrow {
  std::vector<EdgeRecord> edges;    // the merged contracts, in the network's canonical order
  std::vector<bool> on_loop;        // per edge
  double amount = 0.0;              // the edges' amounts summed in that order (dollars)
  EdgeKind kind = EdgeKind::stake;  // the kind with the largest amount (the first on a tie)
  bool active = true;               // alive (else every contract on it has ended)
  bool loop = false;                // any edge on a loop
};

// The arrows in canonical order of (from, to), the living arrow of a pair before the ended one.
// A loop runs through live channels only: an ended contract is never on one.
std::vector<NetworkArrow> network_arrows(const Network& network, const LoopEdges& loop_edges);

}  // namespace alchemy
