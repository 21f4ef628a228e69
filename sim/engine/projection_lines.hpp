#pragma once
// The treasury's projection split by cash-flow line (issue 18 item 3, MODEL.md §7.23): each
// contract, each open claim, each contract-less debt, the margin call and the operations project
// in turn, and what each added to the window's net flow is its line's total. project_cash is this
// code without the totals, so the lines always sum to the projection to the cent.

#include <cstdint>
#include <vector>

#include "sim/engine/cash_projection.hpp"
#include "sim/world/line_key.hpp"

namespace alchemy {

// `firm`'s projection over the first `months` months of `index.bounds` into `out`, and, when
// `lines` is given, its committed net flow over them by line (lines netting to 0 left out),
// appended in the order the parts project: contracts, claims, debts, margin, operations.
void project_lines(const TickContext& ctx, const ProjectionIndex& index, std::int32_t firm,
                   int months, CashProjection& out, std::vector<LineTotal>* lines);

}  // namespace alchemy
