#include "sim/engine/collateral.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

#include "sim/contracts/contract_kind.hpp"
#include "sim/engine/line_tags.hpp"
#include "sim/engine/treasury.hpp"
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

namespace {

// The debts secured on a firm's fleet share what is not pledged to one debt alone.
struct FleetPool {
  Money unpledged_book;  // fleet at book, less every debt's pledged GPUs
  Money secured;         // principal of the gpu_collateral debts without pledged GPUs
};

FleetPool fleet_pool(const FirmState& f) {
  FleetPool p;
  Money pledged;
  for (const auto& d : f.debt) {
    pledged += d.pledged_book;
    if (d.gpu_collateral && !d.pledged_cost.is_positive()) p.secured += d.principal;
  }
  p.unpledged_book = max(f.fleet_book - pledged, Money::zero());
  return p;
}

bool pledged(const DebtState& d) {
  return d.pledged_cost.is_positive();
}

// Pledged GPUs were bought at cost when the index stood at pledged_index: their market value is
// their book value moved by the index since then (new GPUs are not priced at the used fleet's
// discount on the day they arrive).
double pledged_value(const DebtState& d, double index) {
  return d.pledged_book.dollars() * index / std::max(d.pledged_index, 1e-9);
}

// A debt whose collateral is gone is unsecured from here on: nothing left to call or seize.
bool has_collateral(const FirmState& f, const DebtState& d, const FleetPool& pool) {
  if (!d.gpu_collateral || !d.principal.is_positive()) return false;
  return pledged(d) ? d.pledged_book.is_positive()
                    : pool.secured.is_positive() && f.fleet_book.is_positive();
}

// What debt `d` is secured on at GPU index `index`; `share` is its part of the unpledged pool.
double collateral_value(const DebtState& d, const FleetPool& pool, double share, double index) {
  return pledged(d) ? pledged_value(d, index) : pool.unpledged_book.dollars() * index * share;
}

// A margin call is cured from cash by repaying down to the limit, with 2 % of it to spare for
// pledged GPUs so that rounding and the next tick's depreciation do not call the loan again the
// next day (assumption).
Money cure_amount(const DebtState& d, double collateral) {
  const double cure_to = pledged(d) ? 0.98 * d.max_ltv : d.max_ltv;
  return d.principal - Money::from_dollars(cure_to * collateral);
}

}  // namespace

Money margin_needed(const FirmState& f, double index) {
  const FleetPool pool = fleet_pool(f);
  Money needed;
  for (const auto& d : f.debt) {
    if (!has_collateral(f, d, pool)) continue;
    const double share = pledged(d) ? 0.0 : d.principal.dollars() / pool.secured.dollars();
    const double collateral = collateral_value(d, pool, share, index);
    const double ltv = collateral > 0.0 ? d.principal.dollars() / collateral : INFINITY;
    if (!(ltv <= d.max_ltv)) needed += max(cure_amount(d, collateral), Money::zero());
  }
  return needed;
}

bool margin_calls_pending(const TickContext& ctx) {
  for (const FirmState& f : ctx.world.firms) {
    if (f.defaulted) continue;
    const FleetPool pool = fleet_pool(f);
    for (const auto& d : f.debt) {
      if (!has_collateral(f, d, pool)) continue;
      if (d.margin_call_day != INT32_MIN) return true;
      const double index = ctx.world.market.gpu_index;
      const double collateral = pledged(d) ? pledged_value(d, index)
                                           : pool.unpledged_book.dollars() * index *
                                                 d.principal.dollars() / pool.secured.dollars();
      if (!(d.principal.dollars() <= d.max_ltv * collateral)) return true;
    }
  }
  return false;
}

bool process_margin_calls(TickContext& ctx) {
  const LineScope margin(ctx.world, tag_of(LineKind::margin));
  World& w = ctx.world;
  bool seized_any = false;
  for (std::size_t b = 0; b < w.firms.size(); ++b) {
    FirmState& f = w.firms[b];
    if (f.defaulted) continue;
    const FleetPool pool = fleet_pool(f);
    const auto borrower = static_cast<std::int32_t>(b);
    for (std::size_t k = 0; k < f.debt.size(); ++k) {
      DebtState& d = f.debt[k];
      if (!has_collateral(f, d, pool)) continue;
      const double share = pledged(d) ? 0.0 : d.principal.dollars() / pool.secured.dollars();
      const double collateral = collateral_value(d, pool, share, w.market.gpu_index);
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
        Event call = debt_event(EventType::margin_call, borrower, d, d.principal)
                         .with("ltv", ltv)
                         .with("limit", d.max_ltv)
                         .with("index", w.market.gpu_index);
        // A draw's own GPUs: the index they were bought at says how far prices fell since.
        if (pledged(d)) call = call.with("index_at_draw", d.pledged_index);
        note_surprise(ctx, borrower, ctx.emit(call));
      }
      const Money excess = cure_amount(d, collateral);
      if (f.cash >= excess) {
        prepay(ctx, borrower, d, excess);
        d.margin_call_day = INT32_MIN;
        ctx.emit(debt_event(EventType::margin_cured, borrower, d, excess).with("ltv", d.max_ltv));
        continue;
      }
      if (w.date.days() - d.margin_call_day < cure_days(ctx, d)) continue;

      // Seizure: the lender takes the collateral and sells it to outside buyers.
      Money seized_book;
      double gw = 0.0;
      double price = w.market.gpu_index;  // what the buyers pay per dollar of book
      if (pledged(d)) {
        seized_book = min(d.pledged_book, f.fleet_book);
        price = w.market.gpu_index / std::max(d.pledged_index, 1e-9);
        gw = std::min(d.pledged_gw, f.gw_owned);
        f.fleet_gross -= min(f.fleet_gross, d.pledged_cost);
        d.pledged_cost = d.pledged_book = Money::zero();
        d.pledged_gw = 0.0;
        d.gpu_collateral = false;  // what the sale does not cover is unsecured
      } else {
        seized_book = pool.unpledged_book.times(share);
        gw = f.fleet_book.is_positive()
                 ? f.gw_owned * seized_book.dollars() / f.fleet_book.dollars()
                 : 0.0;
        f.fleet_gross -= min(f.fleet_gross, f.fleet_gross.times(share));
      }
      const Money proceeds = min(seized_book.times(price), d.principal);
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
      note_surprise(ctx, borrower, seq);
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
