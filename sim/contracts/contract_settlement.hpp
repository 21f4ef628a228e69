#pragma once
// How each kind of contract settles through the engine: signing (the deal enters the network,
// both parties' prices jump, the contract's dated flows are scheduled) and each scheduled item.
// All cash moves through sim/ledger.hpp; every step is an event with its cause.

#include "market/scheduler.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

void sign_contract(TickContext& ctx, std::int32_t contract);
void settle_item(TickContext& ctx, const ScheduledItem& item);

// GW delivered to `buyer` so far by supply contracts from `seller` (warrant milestones count the
// holder's deployment of the issuer's chips).
double gw_delivered(const TickContext& ctx, std::int32_t seller, std::int32_t buyer);

// What a signed contract moves over the next 365 days from `today`, at its pace (amount × cut
// factor spread evenly over start..end), capped by what remains: a supplier's revenue, a buyer's
// or lessee's payments, an investor's tranches. 0 when nothing remains.
double next_year_flow(const ContractSpec& cs, const ContractState& st, Date today);

// Value of the warrant tranches of contract `c` that have neither vested nor lapsed, at the
// issuer's current price: tranches gated by a share-price level as up-and-in barrier calls,
// others at intrinsic value.
double unvested_warrant_value(const TickContext& ctx, std::int32_t c);
// Total value of the unvested warrant tranches `holder` holds, over all its warrant contracts.
double warrants_value_held(const TickContext& ctx, std::int32_t holder);
// The same for every firm at once, in one pass over the contracts: out[holder] (sized here).
void warrants_value_by_holder(const TickContext& ctx, std::vector<double>& out);
// Shares of tranches of contract `c` that have neither vested nor lapsed.
double outstanding_warrant_shares(const TickContext& ctx, std::int32_t c);

// Draws the lowest undrawn tranche of equity investment `c` now, if its milestone is met and
// the investor can pay. Returns whether a tranche was drawn.
bool draw_next_tranche(TickContext& ctx, std::int32_t c, std::uint64_t cause);

// Cuts `share` of the undelivered part of supply or lease contract `c`; the buyer pays the
// penalty on the cut value. share = 1 cancels. Returns the penalty paid or owed.
Money cut_commitment(TickContext& ctx, std::int32_t c, double share, std::uint64_t cause);

}  // namespace alchemy
