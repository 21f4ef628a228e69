#include "sim/contracts/credit_line.hpp"

#include <algorithm>
#include <vector>

#include "sim/contracts/common.hpp"
#include "sim/contracts/debt.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

namespace {

bool is_credit_line(const TickContext& ctx, std::int32_t c) {
  return c >= 0 && ctx.contract_spec(c).type() == ContractType::credit_line;
}

// The limit is undrawn; each month's fee is due at the month's end, the fee of month k (index k)
// on [start + k months, start + k + 1 months). Draws are scheduled when they happen.
void sign(TickContext& ctx, std::int32_t c, Date start) {
  const ContractSpec& cs = ctx.contract_spec(c);
  ctx.contract(c).remaining = cs.amount;
  if (cs.as<CreditLineTerms>().commitment_fee <= 0.0) return;
  for (int k = 0;; ++k) {
    const Date due = cs.start.plus_months(k + 1);
    if (cs.end < due) break;
    if (start < due) schedule(ctx, due, ItemKind::contract_due, as_index(cs.to), c, k, {});
  }
}

// The fee item k: commitment_fee × the undrawn limit × the month's year fraction (ACT/365F).
Money fee_due(const ContractSpec& cs, const ContractState& st, const ScheduledItem& it) {
  const Date from = cs.start.plus_months(it.index);
  return st.remaining.times(cs.as<CreditLineTerms>().commitment_fee * year_fraction(from, it.date));
}

void settle_fee(TickContext& ctx, const ScheduledItem& it) {
  const ContractSpec& cs = ctx.contract_spec(it.contract);
  const ContractState& st = ctx.contract(it.contract);
  const auto lender = as_index(cs.from), borrower = as_index(cs.to);
  if (st.cancelled || ctx.firm(lender).defaulted || ctx.firm(borrower).defaulted) return;
  const Money fee = fee_due(cs, st, it);
  if (!fee.is_positive()) return;
  ctx.firm(borrower).book_income(-fee);
  ctx.firm(lender).book_revenue(fee);
  const Money shortfall =
      pay_or_owe(ctx.world, borrower, lender, fee, Channel::interest, it.contract);
  Event e;
  e.firm = borrower;
  e.counterparty = lender;
  e.contract = it.contract;
  e.amount = fee;
  if (shortfall.is_positive()) {
    e.type = EventType::payment_missed;
    ctx.emit(e.with("shortfall", shortfall.dollars()));
  } else if (ctx.verbose) {
    e.type = EventType::payment;
    ctx.emit(e);
  }
}

void settle(TickContext& ctx, const ScheduledItem& it) {
  if (it.kind == ItemKind::contract_due) {
    settle_fee(ctx, it);
  } else {  // debt_maturity of a draw
    settle_debt_maturity(ctx, it);
  }
}

// What the lender will lend now, at most: the undrawn limit, the lender's cash, and under a
// covenant the x with (D + x) / (A + x) = max_leverage (a draw adds x to the borrower's cash and
// its debt alike). Zero, with `reason`, when nothing.
Money available(const TickContext& ctx, std::int32_t c, const char*& reason) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
  const FirmState& lender = ctx.world.firms[cs.from];
  const FirmState& borrower = ctx.world.firms[cs.to];
  const Date today = ctx.world.date;
  if (!st.signed_ || st.cancelled || lender.defaulted || today < cs.start || !(today < cs.end)) {
    reason = "no committed credit line open today";
    return Money::zero();
  }
  if (!st.remaining.is_positive()) {
    reason = "credit lines fully drawn";
    return Money::zero();
  }
  Money room = min(st.remaining, max(lender.cash, Money::zero()));
  if (!room.is_positive()) {
    reason = "the lender has no cash";
    return Money::zero();
  }
  const double cap = cs.as<CreditLineTerms>().max_leverage;
  if (cap > 0.0) {
    const double headroom =
        (cap * borrower.total_assets().dollars() - borrower.total_debt().dollars()) / (1.0 - cap);
    if (headroom < 0.01) {
      reason = "the lender refuses: the borrower's leverage is at the covenant";
      return Money::zero();
    }
    room = min(room, Money::from_dollars(headroom));
  }
  return room;
}

// Lends `amount` (≤ available) on credit line `c` at today's risk-free rate plus the spread,
// due at the line's end: one debt of the borrower per line, so that a line drawn and repaid many
// times stays one entry; a draw onto an outstanding balance blends the rates by principal.
void lend(TickContext& ctx, std::int32_t c, Money amount, std::uint64_t cause) {
  const ContractSpec& cs = ctx.contract_spec(c);
  ContractState& st = ctx.contract(c);
  const auto lender = as_index(cs.from), borrower = as_index(cs.to);
  transfer(ctx.world, lender, borrower, amount);
  ctx.firm(lender).loans_held += amount;
  const double rate = ctx.world.market.risk_free + cs.as<CreditLineTerms>().spread;
  FirmState& b = ctx.firm(borrower);
  const auto line = std::find_if(b.debt.begin(), b.debt.end(),
                                 [&](const DebtState& d) { return d.contract == c; });
  if (line == b.debt.end()) {
    DebtState d;
    d.id = cs.id;
    d.principal = amount;
    d.rate = rate;
    d.maturity = cs.end;
    d.lender = lender;
    d.contract = c;
    b.debt.push_back(d);
    schedule(ctx, cs.end, ItemKind::debt_maturity, borrower, c, as_index(b.debt.size() - 1), {});
  } else {
    const double before = line->principal.dollars();
    line->rate = (line->rate * before + rate * amount.dollars()) / (before + amount.dollars());
    line->principal += amount;
  }
  st.remaining -= amount;
  st.delivered += amount;
  Event e;
  e.type = EventType::credit_line_drawn;
  e.firm = borrower;
  e.counterparty = lender;
  e.contract = c;
  e.amount = amount;
  e.cause = cause;
  ctx.emit(e.with("rate", rate).with("undrawn", st.remaining.dollars()));
}

// Drawn: each draw's interest and, if the line ends within the horizon, its repayment (debt
// service of the borrower, financing received by the lender). Undrawn: the monthly fees on what
// is undrawn today (the same two sides), and for the borrower the undrawn limit itself, as a
// contingent inflow in the month it is first open (it comes only if the borrower draws and the
// lender lends: never in the cash path). The lender's commitment to lend is not projected as an
// outflow: it is the borrower's decision, and a lender's liquidity is outside the model.
void project(const TickContext& ctx, std::int32_t c, std::int32_t firm,
             const ProjectionIndex& index, CashProjection& out) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
  const FirmState& lender = ctx.world.firms[cs.from];
  const FirmState& borrower = ctx.world.firms[cs.to];
  if (lender.defaulted || borrower.defaulted) return;
  const bool as_borrower = firm == as_index(cs.to);
  for (const DebtState& d : borrower.debt) {
    if (d.contract != c || !d.principal.is_positive()) continue;
    const Repayment at_end{d.maturity, d.principal};
    project_debt(d, {&at_end, out.month_of(d.maturity) < 0 ? 0U : 1U}, as_borrower, out);
  }
  if (st.cancelled || !st.remaining.is_positive()) return;
  for (const ScheduledItem& it : index.items_of[static_cast<std::size_t>(c)]) {
    const int m = out.month_of(it.date);
    if (it.kind != ItemKind::contract_due || m < 0) continue;
    ProjectedMonth& pm = out.months[static_cast<std::size_t>(m)];
    (as_borrower ? pm.debt_service_out : pm.financing_in) += fee_due(cs, st, it);
  }
  const int opens = out.month_of(std::max(cs.start, out.today));
  if (as_borrower && opens >= 0 && out.today < cs.end)
    out.months[static_cast<std::size_t>(opens)].contingent_in += st.remaining;
}

std::optional<KindProblem> check(const ContractSpec& cs, Date, Date) {
  if (auto p = check_amount_positive(cs)) return p;
  if (!(cs.start < cs.end))
    return KindProblem{"end", "a credit line must end (expire) after its start", {}, {}};
  return std::nullopt;
}

}  // namespace

Money draw_credit_lines(TickContext& ctx, std::int32_t firm, Money wanted, std::uint64_t cause,
                        const char*& reason) {
  reason = "no committed credit line";
  Money drawn;
  for (const std::int32_t c : ctx.compiled.contracts_of[static_cast<std::size_t>(firm)]) {
    if (!is_credit_line(ctx, c) || as_index(ctx.contract_spec(c).to) != firm) continue;
    const Money left = wanted - drawn;
    if (!left.is_positive()) break;
    const Money amount = min(left, available(ctx, c, reason));
    if (!amount.is_positive()) continue;
    lend(ctx, c, amount, cause);
    drawn += amount;
  }
  return drawn;
}

Money repay_credit_lines(TickContext& ctx, std::int32_t firm, Money surplus) {
  FirmState& f = ctx.firm(firm);
  std::vector<std::int32_t> drawn;
  for (std::size_t k = 0; k < f.debt.size(); ++k) {
    if (is_credit_line(ctx, f.debt[k].contract) && f.debt[k].principal.is_positive())
      drawn.push_back(as_index(k));
  }
  // The most expensive first; equal rates in the order of the debts.
  std::stable_sort(drawn.begin(), drawn.end(), [&](std::int32_t a, std::int32_t b) {
    return f.debt[static_cast<std::size_t>(a)].rate > f.debt[static_cast<std::size_t>(b)].rate;
  });
  Money repaid;
  for (const std::int32_t k : drawn) {
    const DebtState& d = f.debt[static_cast<std::size_t>(k)];
    const Money part = min(d.principal, surplus - repaid);
    if (!part.is_positive()) break;
    const std::int32_t c = d.contract;
    repay_principal(ctx, firm, k, part);
    // A revolving facility: what is repaid may be drawn again (until the line ends).
    ctx.contract(c).remaining += part;
    repaid += part;
  }
  return repaid;
}

// Routine financing, not news: a facility does not move either party's price when signed (the
// baseline's facilities were in place before the run).
const ContractKind credit_line_kind{
    .name = "credit_line",
    .check = check,
    .sign = sign,
    .announced_size = [](const TickContext&, const ContractSpec&) { return Money::zero(); },
    .settle = settle,
    .on_default = end_on_default,
    .project = project,
};

}  // namespace alchemy
