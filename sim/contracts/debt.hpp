#pragma once
// Repayments of debt, whether a firm's own (bonds, outside loans) or a loan contract's: the items
// debt_maturity and loan_amortise. A debt that falls due rolls over with outside lenders when the
// funding market is open, else is repaid as far as cash allows.

#include <cstdint>

#include "market/money.hpp"
#include "market/scheduler.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

// Repays `amount` of debt `debt_index` of `firm`: to a network lender, or to outside lenders.
// Any shortfall stays owed as an overdue claim; the debt itself is reduced in full.
void repay_principal(TickContext& ctx, std::int32_t firm, std::int32_t debt_index, Money amount);

// Whether `firm`'s debt `d` would roll over if it fell due today (MODEL.md §7.3, §8): owed to
// outside lenders (starting or `raised-*` debt, or a loan sold to the outside when its lender
// defaulted; not a network lender's), the firm not in distress, the funding market open and its
// default probability (yesterday's, §7.20) at most the lenders' cut-off. The
// settlement and the treasury's projection (§7.18) both read it.
bool rolls_over(const TickContext& ctx, std::int32_t firm, const DebtState& d);

// A debt_maturity item: rolls the debt over (rolls_over) at today's rate, or repays it.
void settle_debt_maturity(TickContext& ctx, const ScheduledItem& it);

}  // namespace alchemy
