#pragma once
// The treasury's liquidity policy (issue 17, MODEL.md §7.19): each tick a firm with a policy
// compares its projected cash (cash_projection.hpp) with the buffer it keeps and, when the
// projection falls below it, takes the next action of its order — raise equity, raise debt, sell
// stakes, cut purchases — one a day, each answering the same `treasury_gap` event (its cause), so
// that the event log shows when a gap was first seen and everything tried against it.

#include <cstdint>
#include <vector>

#include "market/money.hpp"

namespace alchemy {

struct TickContext;
struct CashProjection;
struct ProjectionIndex;
struct RaiseRequest;

// A projection read against a buffer of `buffer_months` of its average monthly operating outflow
// and debt service (operating_out + debt_service_out + margin_out).
struct LiquidityGap {
  Money floor;        // the buffer
  Money lowest;       // the lowest projected month-end cash
  Money gap;          // floor − lowest: the firm acts when it is positive
  int opens_in = -1;  // the first month whose end cash is below the floor; −1: none
  Money uncovered;    // max(0, −lowest): committed payments neither cash nor inflows cover
};
LiquidityGap liquidity_gap(const CashProjection& p, double buffer_months);
// Its `floor` alone.
Money buffer_floor(const CashProjection& p, double buffer_months);

// Takes `firm`'s next treasury action if its projection `p` (made this tick, with `index`) falls
// below its buffer. Raises are appended to `raises` (filled at the end of the decisions phase);
// sales and cuts happen at once.
void run_treasury(TickContext& ctx, std::int32_t firm, const CashProjection& p,
                  const ProjectionIndex& index, std::vector<RaiseRequest>& raises);

// Records event `seq` as one `firm`'s projection could not foresee (a margin call, a seizure, a
// shock naming it or the whole market): the cause of a gap episode it opens before the next tick.
void note_surprise(TickContext& ctx, std::int32_t firm, std::uint64_t seq);

// The cause a missed payment or default of `firm` carries (MODEL.md §7.19): for a firm with a
// treasury policy, the latest of its open episode's latest `treasury_gap` (whose projection held
// every scheduled payment and open claim) and the latest surprise; 0 for a firm without a policy.
std::uint64_t shortfall_cause(const TickContext& ctx, std::int32_t firm);

// Sells `share` of the firm's stake in `issuer` to outside investors at the issuer's price (a
// private issuer: its mark); the event's cause is `cause`. Returns the proceeds.
Money sell_stake_share(TickContext& ctx, std::int32_t firm, std::int32_t issuer, double share,
                       std::uint64_t cause);

}  // namespace alchemy
