#include "sim/contracts/contract_settlement.hpp"

#include <algorithm>

#include "sim/contracts/common.hpp"
#include "sim/contracts/debt.hpp"
#include "sim/engine/line_tags.hpp"
#include "sim/engine/shocks.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

void sign_contract(TickContext& ctx, std::int32_t c) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const ContractKind& kind = kind_of(cs);
  ContractState& st = ctx.contract(c);
  if (st.signed_) return;
  st.signed_ = true;
  const auto from = as_index(cs.from), to = as_index(cs.to);
  const std::uint64_t seq = ctx.emit(contract_event(EventType::deal_signed, cs, c, cs.amount, 0));
  const Money size = kind.announced_size ? kind.announced_size(ctx, cs) : cs.amount;
  announce(ctx, from, size, seq);
  announce(ctx, to, size, seq);
  kind.sign(ctx, c, std::max(cs.start, ctx.world.date));
}

void settle_item(TickContext& ctx, const ScheduledItem& it) {
  // A contract's items move cash on its line, a firm's own debt on its funding cost; a shock
  // moves none itself (a cancelling cut sets its own line).
  const LineScope line(ctx.world, it.contract >= 0             ? contract_tag(ctx, it.contract)
                                  : it.kind == ItemKind::shock ? tag_of(LineKind::other)
                                                               : tag_of(LineKind::funding_cost));
  switch (it.kind) {
    case ItemKind::sign_contract:
      sign_contract(ctx, it.contract);
      break;
    case ItemKind::shock:
      apply_shock(ctx, it);
      break;
    default:
      if (it.contract >= 0) {
        kind_of(ctx.contract_spec(it.contract)).settle(ctx, it);
      } else {  // a firm's own debt (ItemKind::debt_maturity)
        settle_debt_maturity(ctx, it);
      }
      break;
  }
}

void warrants_value_by_holder(const TickContext& ctx, std::vector<double>& out) {
  out.assign(ctx.world.firms.size(), 0.0);
  for (std::size_t c = 0; c < ctx.spec.contracts.size(); ++c) {
    const ContractSpec& cs = ctx.spec.contracts[c];
    if (const auto held_value = kind_of(cs).held_value) out[cs.to] += held_value(ctx, as_index(c));
  }
}

}  // namespace alchemy
