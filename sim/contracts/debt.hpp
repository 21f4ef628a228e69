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

// A debt_maturity item: rolls the debt over or repays it.
void settle_debt_maturity(TickContext& ctx, const ScheduledItem& it);

}  // namespace alchemy
