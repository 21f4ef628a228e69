#pragma once
// GPU-collateralised loans (issue 5): each loan secured on the borrower's fleet has a
// loan-to-value limit. The collateral is worth fleet book × GPU index, shared among the
// borrower's secured loans in proportion to their principal. A breach opens a margin call: the
// borrower cures it by repaying principal down to the limit from cash, as soon as it can, within
// the loan's cure period. Uncured, the lender seizes the collateral and sells it to outside
// buyers, which moves the index (phase_contagion.cpp prices every sale of a pass at the index
// that clears them all), which can breach other loans: the contagion phase repeats until nothing
// changes.

#include "sim/engine/tick_context.hpp"

namespace alchemy {

// What the firm's secured debts would call from it at GPU index `index`: for each loan over its
// limit, the repayment that cures its margin call (the arithmetic process_margin_calls applies).
Money margin_needed(const FirmState& f, double index);

// One pass over every secured loan; returns whether anything was seized.
bool process_margin_calls(TickContext& ctx);

// Whether process_margin_calls would do anything now (a secured loan over its limit, or a margin
// call open): a cheap test, so that quiet ticks skip the contagion machinery.
bool margin_calls_pending(const TickContext& ctx);

}  // namespace alchemy
