#pragma once
// GPU-collateralised loans (issue 5): each loan secured on the borrower's fleet has a
// loan-to-value limit. The collateral is worth fleet book × GPU index, shared among the
// borrower's secured loans in proportion to their principal. A breach opens a margin call: the
// borrower cures it by repaying principal down to the limit from cash, as soon as it can, within
// the loan's cure period. Uncured, the lender seizes the collateral and sells it to outside
// buyers, which moves the index (p' = p·exp(−α·sold/depth), Cifuentes, Ferrucci & Shin 2005),
// which can breach other loans: the contagion phase repeats until nothing changes.

#include "sim/tick_context.hpp"

namespace alchemy {

// One pass over every secured loan; returns whether anything was seized.
bool process_margin_calls(TickContext& ctx);

}  // namespace alchemy
