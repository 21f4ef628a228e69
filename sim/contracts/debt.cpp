#include "sim/contracts/debt.hpp"

#include <algorithm>

#include "sim/contracts/common.hpp"
#include "sim/engine/treasury.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

void repay_principal(TickContext& ctx, std::int32_t firm, std::int32_t debt_index, Money amount) {
  FirmState& f = ctx.firm(firm);
  DebtState& d = f.debt[static_cast<std::size_t>(debt_index)];
  amount = min(amount, d.principal);
  if (!amount.is_positive()) return;
  d.principal -= amount;
  if (d.lender >= 0) ctx.firm(d.lender).loans_held -= amount;
  const Money shortfall =
      pay_or_owe(ctx.world, firm, d.lender, amount, Channel::outside_lenders, d.contract);
  Event e;
  e.type = shortfall.is_positive() ? EventType::payment_missed : EventType::loan_repaid;
  e.firm = firm;
  e.counterparty = d.lender;
  e.contract = d.contract;
  e.amount = amount;
  if (shortfall.is_positive()) {
    e.cause = shortfall_cause(ctx, firm);
    e.with("shortfall", shortfall.dollars());
  }
  ctx.emit(e);
}

bool rolls_over(const TickContext& ctx, std::int32_t firm, const DebtState& d) {
  const FirmState& f = ctx.world.firms[static_cast<std::size_t>(firm)];
  const FundingSpec& fs = ctx.spec.market.funding;
  return d.lender < 0 && !f.distressed && ctx.world.market.sentiment >= fs.freeze_below &&
         f.default_probability <= fs.max_default_probability;
}

void settle_debt_maturity(TickContext& ctx, const ScheduledItem& it) {
  FirmState& f = ctx.firm(it.firm);
  if (f.defaulted) return;
  DebtState& d = f.debt[static_cast<std::size_t>(it.index)];
  if (!d.principal.is_positive()) return;
  const FundingSpec& fs = ctx.spec.market.funding;
  // Outside debt rolls over for five years when rolls_over says so: the debt wall is refinanced
  // at today's rate for the firm's risk.
  if (rolls_over(ctx, it.firm, d)) {
    d.rate = debt_rate(ctx.world.market, fs, f.default_probability);
    d.maturity = d.maturity.plus_months(60);
    schedule(ctx, d.maturity, ItemKind::debt_maturity, it.firm, -1, it.index, Money::zero());
    Event e;
    e.type = EventType::debt_raised;
    e.firm = it.firm;
    e.amount = d.principal;
    ctx.emit(e.with("rate", d.rate).with("refinanced", 1));
    return;
  }
  repay_principal(ctx, it.firm, it.index, d.principal);
}

}  // namespace alchemy
