#pragma once
// A firm's reference (MODEL.md §7.23): each tick, with `contagion.attribution`, every live firm is
// projected at the start of the decisions phase; a projection whose lowest month-end cash holds
// the firm's floor (its treasury buffer, 0 without a policy) becomes its reference, and its
// realised lines start again from nothing.

#include <cstdint>
#include <vector>

#include "sim/world/line_key.hpp"

namespace alchemy {

struct TickContext;
struct CashProjection;

// Whether this run keeps references (contagion.attribution).
bool attribution_on(const TickContext& ctx);

// Makes `p` (made today with `lines`, project_lines) `firm`'s reference if it shows no gap; the
// lines are taken (swapped out), so the caller clears `lines` before the next projection.
void update_reference(TickContext& ctx, std::int32_t firm, const CashProjection& p,
                      std::vector<LineTotal>& lines);

}  // namespace alchemy
