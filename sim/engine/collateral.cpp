#include "sim/engine/collateral.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

#include "sim/contracts/contract_kind.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

namespace {

int cure_days(const TickContext& ctx, const DebtState& d) {
  return d.contract >= 0 ? ctx.contract_spec(d.contract).as<LoanTerms>().cure_days : 30;
}

Event debt_event(EventType type, std::int32_t borrower, const DebtState& d, Money amount) {
  Event e;
  e.type = type;
  e.firm = borrower;
  e.counterparty = d.lender;
  e.contract = d.contract;
  e.amount = amount;
  return e;
}

// Repays `amount` of principal from the borrower's cash to the lender (network or outside).
void prepay(TickContext& ctx, std::int32_t borrower, DebtState& d, Money amount) {
  d.principal -= amount;
  if (d.lender >= 0) {
    ctx.firm(d.lender).loans_held -= amount;
    transfer(ctx.world, borrower, d.lender, amount);
  } else {
    pay_to_outside(ctx.world, borrower, amount, Channel::outside_lenders);
  }
}

}  // namespace

bool margin_calls_pending(const TickContext& ctx) {
  for (const FirmState& f : ctx.world.firms) {
    if (f.defaulted || !f.fleet_book.is_positive()) continue;
    Money secured;
    for (const auto& d : f.debt) {
      if (d.gpu_collateral) secured += d.principal;
    }
    if (!secured.is_positive()) continue;
    for (const auto& d : f.debt) {
      if (!d.gpu_collateral || !d.principal.is_positive()) continue;
      if (d.margin_call_day != INT32_MIN) return true;
      const double collateral = f.fleet_book.dollars() * ctx.world.market.gpu_index *
                                d.principal.dollars() / secured.dollars();
      if (!(d.principal.dollars() <= d.max_ltv * collateral)) return true;
    }
  }
  return false;
}

bool process_margin_calls(TickContext& ctx) {
  World& w = ctx.world;
  bool seized_any = false;
  for (std::size_t b = 0; b < w.firms.size(); ++b) {
    FirmState& f = w.firms[b];
    if (f.defaulted) continue;
    Money secured;
    for (const auto& d : f.debt) {
      if (d.gpu_collateral) secured += d.principal;
    }
    // Without a fleet there is nothing left to seize: the loan is unsecured from here on.
    if (!secured.is_positive() || !f.fleet_book.is_positive()) continue;
    const auto borrower = static_cast<std::int32_t>(b);
    for (std::size_t k = 0; k < f.debt.size(); ++k) {
      DebtState& d = f.debt[k];
      if (!d.gpu_collateral || !d.principal.is_positive()) continue;
      const double share = d.principal.dollars() / secured.dollars();
      const double collateral = f.fleet_book.dollars() * w.market.gpu_index * share;
      const double ltv = collateral > 0.0 ? d.principal.dollars() / collateral : INFINITY;
      if (ltv <= d.max_ltv) {
        if (d.margin_call_day != INT32_MIN) {
          d.margin_call_day = INT32_MIN;
          ctx.emit(
              debt_event(EventType::margin_cured, borrower, d, Money::zero()).with("ltv", ltv));
        }
        continue;
      }
      if (d.margin_call_day == INT32_MIN) {
        d.margin_call_day = w.date.days();
        ctx.emit(debt_event(EventType::margin_call, borrower, d, d.principal)
                     .with("ltv", ltv)
                     .with("limit", d.max_ltv));
      }
      // Cure from cash: repay down to the limit.
      const Money excess = d.principal - Money::from_dollars(d.max_ltv * collateral);
      if (f.cash >= excess) {
        prepay(ctx, borrower, d, excess);
        d.margin_call_day = INT32_MIN;
        ctx.emit(debt_event(EventType::margin_cured, borrower, d, excess).with("ltv", d.max_ltv));
        continue;
      }
      if (w.date.days() - d.margin_call_day < cure_days(ctx, d)) continue;

      // Seizure: the lender takes the collateral and sells it to outside buyers.
      const Money seized_book = f.fleet_book.times(share);
      const Money proceeds = min(seized_book.times(w.market.gpu_index), d.principal);
      const double gw = f.fleet_book.is_positive()
                            ? f.gw_owned * seized_book.dollars() / f.fleet_book.dollars()
                            : 0.0;
      f.fleet_gross -= min(f.fleet_gross, f.fleet_gross.times(share));
      f.fleet_book -= seized_book;
      f.gw_owned -= gw;
      d.principal -= proceeds;
      f.book_income(proceeds - seized_book);  // the borrower's loss on the collateral
      if (d.lender >= 0) {
        ctx.firm(d.lender).loans_held -= proceeds;
        receive_from_outside(w, d.lender, proceeds, Channel::outside_investors);
      } else {
        // Outside lenders sell to outside buyers: no cash crosses the network's boundary.
      }
      d.margin_call_day = INT32_MIN;
      const std::uint64_t seq =
          ctx.emit(debt_event(EventType::collateral_seized, borrower, d, proceeds).with("gw", gw));
      ctx.gpu_sold_book += seized_book.dollars();  // the pass's clearing index prices it
      Event sale = debt_event(EventType::fire_sale, d.lender, d, proceeds);
      sale.cause = seq;
      ctx.emit(sale.with("index", w.market.gpu_index).with("book", seized_book.dollars()));
      seized_any = true;
    }
  }
  return seized_any;
}

}  // namespace alchemy
