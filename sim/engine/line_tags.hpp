#pragma once
// The tags the engine's cash-moving sites set (a LineScope, sim/world/ledger.hpp), and the line a
// claim or a debt belongs to: one place, so that the projection by line (projection_lines.hpp)
// and the realised lines the ledger records use the same keys (MODEL.md §7.23).

#include <cstdint>

#include "sim/engine/tick_context.hpp"
#include "sim/world/line_key.hpp"

namespace alchemy {

inline LineTag tag_of(LineKind kind) {
  return LineTag{kind, -1, -1, -1};
}

// Contract c's flows, booked by each party against the other.
inline LineTag contract_tag(const TickContext& ctx, std::int32_t c) {
  const ContractSpec& cs = ctx.contract_spec(c);
  return LineTag{LineKind::contract, c, static_cast<std::int32_t>(cs.from),
                 static_cast<std::int32_t>(cs.to)};
}

// A debt's flows: its contract's, or the funding cost of contract-less debt.
inline LineTag debt_tag(const TickContext& ctx, std::int32_t contract) {
  return contract >= 0 ? contract_tag(ctx, contract) : tag_of(LineKind::funding_cost);
}

// A claim's line: its contract's; without one, by the account it is owed on (interest and
// principal: funding cost; operating bills: operations).
inline LineTag claim_tag(const TickContext& ctx, const Claim& cl) {
  if (cl.contract >= 0) return contract_tag(ctx, cl.contract);
  switch (cl.channel) {
    case Channel::interest:
    case Channel::outside_lenders:
      return tag_of(LineKind::funding_cost);
    case Channel::suppliers:
    case Channel::power:
      return tag_of(LineKind::operations);
    default:
      return tag_of(LineKind::other);
  }
}

}  // namespace alchemy
