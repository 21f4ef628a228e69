// Phase 1, calendar: everything scheduled for today (contract flows, tranche and milestone
// checks, maturities, scenario shocks) in the scheduler's deterministic order.

#include "sim/contracts/contract_settlement.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

void run_calendar_phase(TickContext& ctx) {
  // Settling an item may schedule new items for today (a loan drawn on its signing date);
  // keep taking until nothing due is left.
  while (true) {
    const auto due = ctx.world.scheduler.take_due(ctx.world.date, Phase::calendar);
    if (due.empty()) break;
    for (const auto& item : due)
      settle_item(ctx, item);
  }
}

}  // namespace alchemy
