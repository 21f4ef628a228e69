#pragma once
// The calendar phase's entry into the contracts: signing (the deal enters the network, both
// parties' prices jump, the kind schedules its dated flows) and each scheduled item, handed to the
// kind of its contract (contract_kind.hpp), or to debt repayment and shocks. All cash moves
// through sim/world/ledger.hpp; every step is an event with its cause.

#include <vector>

#include "market/scheduler.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

void sign_contract(TickContext& ctx, std::int32_t contract);
void settle_item(TickContext& ctx, const ScheduledItem& item);

// Value of what each firm holds in contracts not yet on its balance sheet (unvested warrants,
// ContractKind::held_value), summed in contract order: out[holder] (sized here).
void warrants_value_by_holder(const TickContext& ctx, std::vector<double>& out);

}  // namespace alchemy
