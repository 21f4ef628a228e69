// Phase 3, settlement: claims that are due are paid, oldest first, as far as each debtor's cash
// allows. A debtor left with an overdue claim is in distress (an event when it starts).

#include <algorithm>

#include "sim/contracts/contract_kind.hpp"
#include "sim/engine/line_tags.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/engine/tick_workspace.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

void run_settlement_phase(TickContext& ctx) {
  World& w = ctx.world;
  std::vector<Money>& shortfall = ctx.buffers().shortfall;
  shortfall.assign(w.firms.size(), Money::zero());
  for (std::size_t k = 0; k < w.claims.size(); ++k) {
    const Claim& c = w.claims[k];
    if (c.due > w.date || w.firms[static_cast<std::size_t>(c.debtor)].defaulted) continue;
    const LineScope line(w, claim_tag(ctx, c));
    const Money paid = pay_claim(w, k);
    const Claim& after = w.claims[k];
    if (after.amount.is_positive())
      shortfall[static_cast<std::size_t>(after.debtor)] += after.amount;
    if (ctx.verbose && paid.is_positive()) {
      Event e;
      e.type = EventType::payment;
      e.firm = after.debtor;
      e.counterparty = after.creditor;
      e.contract = after.contract;
      e.amount = paid;
      ctx.emit(e);
    }
  }
  compact_claims(w);

  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    FirmState& f = w.firms[i];
    if (f.defaulted) continue;
    const bool overdue = shortfall[i].is_positive();
    if (overdue && !f.distressed) {
      Event e;
      e.type = EventType::distress;
      e.firm = static_cast<std::int32_t>(i);
      e.amount = shortfall[i];
      ctx.emit(e.with("cash", f.cash.dollars()));
    }
    f.distressed = overdue;
    f.overdue_days = overdue ? f.overdue_days + (w.date.days() - w.previous_date.days()) : 0;
  }
}

}  // namespace alchemy
