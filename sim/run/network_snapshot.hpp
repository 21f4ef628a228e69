#pragma once
// network.csv's rows at the world's date (sim/output/network_csv_writer.hpp): the contract network
// (sim/analysis/contract_network.hpp), its loop edges from the loop analysis at that same state
// (sim/analysis/loop_edges.hpp) and its arrows merged as `alchemy graph` merges them
// (sim/analysis/network_arrows.hpp), so a snapshot is what `alchemy graph --at DATE` shows.

#include <vector>

#include "sim/engine/tick_context.hpp"
#include "sim/output/network_csv_writer.hpp"

namespace alchemy {

std::vector<NetworkRow> network_snapshot(const TickContext& ctx);

}  // namespace alchemy
