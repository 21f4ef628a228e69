#include "sim/contracts/loan.hpp"

#include "sim/contracts/common.hpp"
#include "sim/contracts/debt.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

namespace {

// What remains is set when the loan is drawn.
void sign(TickContext& ctx, std::int32_t c, Date start) {
  const ContractSpec& cs = ctx.contract_spec(c);
  ctx.contract(c).remaining = cs.amount;
  schedule(ctx, start, ItemKind::loan_draw, as_index(cs.from), c, 0, cs.amount);
}

// The lender lends what it can of the amount; the drawn principal becomes the borrower's debt.
void settle_draw(TickContext& ctx, const ScheduledItem& it) {
  const ContractSpec& cs = ctx.contract_spec(it.contract);
  const LoanTerms& terms = cs.as<LoanTerms>();
  ContractState& st = ctx.contract(it.contract);
  const auto lender = as_index(cs.from), borrower = as_index(cs.to);
  if (st.cancelled || ctx.firm(lender).defaulted || ctx.firm(borrower).defaulted) return;
  FirmState& l = ctx.firm(lender);
  const Money principal = min(cs.amount, max(l.cash, Money::zero()));
  if (!principal.is_positive()) return;
  transfer(ctx.world, lender, borrower, principal);
  l.loans_held += principal;
  DebtState d;
  d.id = cs.id;
  d.principal = principal;
  d.rate = terms.rate;
  d.maturity = cs.end;
  d.amortising = terms.amortising;
  d.lender = lender;
  d.contract = it.contract;
  d.gpu_collateral = terms.gpu_collateral;
  d.max_ltv = terms.max_ltv;
  FirmState& b = ctx.firm(borrower);
  b.debt.push_back(d);
  st.remaining = Money::zero();
  st.delivered = principal;
  const auto debt_index = as_index(b.debt.size() - 1);
  if (terms.amortising) {
    const auto dates = monthly_dates(cs.start.plus_months(1), cs.end);
    const auto parts = equal_parts(principal, dates.size());
    for (std::size_t k = 0; k < dates.size(); ++k) {
      schedule(ctx, dates[k], ItemKind::loan_amortise, borrower, it.contract, debt_index, parts[k]);
    }
  } else {
    schedule(ctx, cs.end, ItemKind::debt_maturity, borrower, it.contract, debt_index,
             Money::zero());
  }
  ctx.emit(contract_event(EventType::loan_drawn, cs, it.contract, principal, 0)
               .with("rate", terms.rate));
}

void settle(TickContext& ctx, const ScheduledItem& it) {
  switch (it.kind) {
    case ItemKind::loan_draw:
      settle_draw(ctx, it);
      break;
    case ItemKind::loan_amortise:
      repay_principal(ctx, it.firm, it.index, it.amount);
      break;
    default:  // debt_maturity
      settle_debt_maturity(ctx, it);
      break;
  }
}

}  // namespace

// Once drawn, a loan's price channel, network edge and exposure are those of the borrower's
// debt (what is actually outstanding), read from the firms' debt, not from the contract.
const ContractKind loan_kind{
    .name = "loan",
    .check = [](const ContractSpec& cs, Date, Date) { return check_amount_positive(cs); },
    .sign = sign,
    .settle = settle,
    .on_default = end_on_default,
};

}  // namespace alchemy
