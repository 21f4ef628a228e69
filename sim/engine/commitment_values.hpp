#pragma once
// Each firm's purchase commitments as its value sees them (MODEL.md §7.21,
// agents/commitment_value.hpp): the supplies and leases it has signed and still pays for, each
// read as what it still owes over its remaining schedule and the capacity it brings, against the
// demand its growth path leads to.
//
// Only a firm whose revenue its compute caps (compute.revenue_per_gw_year > 0) carries a
// commitment value: for any other firm capacity does not limit revenue, and the capital spending
// that sustains its revenue is inside its revenue multiple (a multiple of revenue is the value of
// the business net of the investment it needs), so its purchases are not counted again.

#include <cstdint>
#include <vector>

#include "agents/commitment_value.hpp"

namespace alchemy {

struct TickContext;

// By firm index, in one pass over the contracts.
void commitment_values(const TickContext& ctx, std::vector<CommitmentValue>& out);

}  // namespace alchemy
