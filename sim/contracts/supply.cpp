#include "sim/contracts/supply.hpp"

#include <algorithm>
#include <utility>

#include "sim/contracts/common.hpp"
#include "sim/contracts/loan.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/engine/compute_cost.hpp"
#include "sim/engine/line_tags.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

namespace {

void sign(TickContext& ctx, std::int32_t c, Date start) {
  const ContractSpec& cs = ctx.contract_spec(c);
  ctx.contract(c).remaining = cs.amount;
  const auto dates = monthly_dates(start, cs.end);
  const auto parts = equal_parts(cs.amount, dates.size());
  for (std::size_t k = 0; k < dates.size(); ++k) {
    schedule(ctx, dates[k], ItemKind::supply_delivery, as_index(cs.from), c, as_index(k), parts[k]);
  }
}

// What `buyer` owes `seller` and failed to pay when due: claims due by the previous tick, whose
// settlement has run since (deliveries come in the calendar phase, before today's settlement).
Money overdue_to(const World& w, std::int32_t buyer, std::int32_t seller) {
  Money overdue;
  for (const Claim& c : w.claims) {
    if (c.debtor == buyer && c.creditor == seller && c.due <= w.previous_date) overdue += c.amount;
  }
  return overdue;
}

void settle_delivery(TickContext& ctx, const ScheduledItem& it) {
  const ContractSpec& cs = ctx.contract_spec(it.contract);
  const SupplyTerms& terms = cs.as<SupplyTerms>();
  ContractState& st = ctx.contract(it.contract);
  const auto buyer = as_index(cs.from), seller = as_index(cs.to);
  if (st.cancelled || ctx.firm(buyer).defaulted || ctx.firm(seller).defaulted) return;
  const Money value = min(it.amount.times(st.cut_factor), st.remaining);
  if (!value.is_positive()) return;
  if (terms.suspend_when_overdue) {
    if (const Money overdue = overdue_to(ctx.world, buyer, seller); overdue.is_positive()) {
      // The held part moves to the end of the schedule (a month after the last part, or after
      // the parts held before it), so the months after a cure deliver as signed rather than
      // twice; it lapses if that falls more than a year after the end. A deferred schedule ends
      // its months_deferred later.
      const Date end = cs.end.plus_months(st.months_deferred);
      const Date retry = end.plus_months(++st.parts_deferred);
      if (retry <= end.plus_days(365)) {
        schedule(ctx, retry, ItemKind::supply_delivery, buyer, it.contract, it.index, it.amount);
      }
      ctx.emit(contract_event(EventType::delivery_suspended, cs, it.contract, value, 0)
                   .with("overdue", overdue.dollars()));
      return;
    }
  }
  // What remains and what was delivered count the signed dollars (the share of the deal, its GW);
  // the invoice is what the buyer pays for this part: the same, or on the compute cost path.
  st.remaining -= value;
  st.delivered += value;
  const Money invoice = invoiced_value(ctx.spec.market, cs, value, ctx.world.date);

  FirmState& b = ctx.firm(buyer);
  FirmState& s = ctx.firm(seller);
  const double share_of_deal =
      cs.amount.is_positive() ? value.dollars() / cs.amount.dollars() : 0.0;
  double gw = 0.0;
  if (terms.delivery == Delivery::gpus) {
    b.fleet_book += invoice;
    b.fleet_gross += invoice;
    const Money per_gw = hardware_cost_per_gw(ctx, buyer, ctx.world.date);
    gw = terms.gw > 0.0 ? terms.gw * share_of_deal
                        : (per_gw.is_positive() ? invoice.dollars() / per_gw.dollars() : 0.0);
    b.gw_owned += gw;
  } else {
    b.book_income(-invoice);  // compute services are an operating expense of the buyer
  }
  s.book_revenue(invoice);
  // The seller's cost of the goods it delivers.
  const Money cogs = invoice.times(ctx.firm_spec(seller).costs.cost_of_revenue);
  s.book_income(-cogs);
  pay_or_owe(ctx.world, seller, -1, cogs, Channel::suppliers, -1);
  add_claim(ctx.world, Claim{buyer, seller, it.contract, invoice,
                             ctx.world.date.plus_days(terms.payment_days), Channel::suppliers});
  if (terms.delivery == Delivery::gpus) draw_financing(ctx, it.contract, invoice, gw);
  // A purchase on the path also says so whenever the path's level moved since the last monthly
  // delivery, so every invoice amount it pays shows in the events (a delivery is otherwise
  // logged only at the first part, or every part with verbose events).
  const bool on_path = terms.invoice == Invoice::path;
  const bool new_level =
      on_path &&
      compute_cost_factor(ctx.spec.market, ctx.world.date.plus_months(-1), ctx.world.date) != 1.0;
  if (ctx.verbose || it.index == 0 || new_level) {
    Event e = contract_event(EventType::delivery, cs, it.contract, invoice, 0);
    e.with("gw", gw);
    if (on_path) {
      e.with("signed", value.dollars())
          .with("cost_factor", compute_cost_factor(ctx.spec.market, cs.signed_on, ctx.world.date));
    }
    ctx.emit(e);
  }
}

// The seller's value depends on the buyer's: b = multiple_seller × the seller's revenue from the
// buyer over the next 365 days (market_channels.hpp).
void channels(const TickContext& ctx, std::int32_t c, const std::vector<double>& multiple,
              std::vector<MarketChannels::Entry>& out) {
  purchase_channel(ctx, c, EdgeKind::supply, multiple, out);
}

void network_edge(const TickContext& ctx, std::int32_t c, Network& net) {
  remaining_edge(ctx, c, EdgeKind::supply, net);
}

double cancel_penalty(const ContractSpec& cs) {
  return cs.as<SupplyTerms>().cancel_penalty;
}

// Each pending delivery (held ones included: they are rescheduled after the end) at the pace
// settle_delivery applies — the part times the cut factor, up to what remains — is an invoice paid
// `payment_days` after it: the buyer's purchase, the seller's sale; the seller pays the cost of the
// goods on the day it delivers (operating), and delivered GPUs add to the buyer's capacity. The
// projection assumes each delivery is made: a buyer in arrears expects to cure them.
void project(const TickContext& ctx, std::int32_t c, std::int32_t firm,
             const ProjectionIndex& index, CashProjection& out) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const SupplyTerms& terms = cs.as<SupplyTerms>();
  const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
  const auto buyer = as_index(cs.from), seller = as_index(cs.to);
  if (st.cancelled || ctx.world.firms[cs.from].defaulted || ctx.world.firms[cs.to].defaulted)
    return;
  Money remaining = st.remaining;
  for (const ScheduledItem& it : index.items_of[static_cast<std::size_t>(c)]) {
    if (it.kind != ItemKind::supply_delivery) continue;
    const Money value = min(it.amount.times(st.cut_factor), remaining);
    if (!value.is_positive()) continue;
    remaining -= value;
    const Money invoice = invoiced_value(ctx.spec.market, cs, value, it.date);
    const int delivered = out.month_of(it.date);
    const int paid = out.month_of(it.date.plus_days(terms.payment_days));
    if (firm == buyer) {
      if (paid >= 0) out.months[static_cast<std::size_t>(paid)].purchases_out += invoice;
      if (terms.delivery == Delivery::gpus && delivered >= 0) {
        const Money per_gw = hardware_cost_per_gw(ctx, buyer, it.date);
        out.months[static_cast<std::size_t>(delivered)].gw_bought +=
            terms.gw > 0.0 ? terms.gw * value.dollars() / cs.amount.dollars()
                           : (per_gw.is_positive() ? invoice.dollars() / per_gw.dollars() : 0.0);
      }
    }
    if (firm == seller) {
      if (paid >= 0) out.months[static_cast<std::size_t>(paid)].sales_in += invoice;
      if (delivered >= 0)
        out.months[static_cast<std::size_t>(delivered)].operating_out +=
            invoice.times(ctx.firm_spec(seller).costs.cost_of_revenue);
    }
  }
}

// A purchase invoiced on the path is one denominated in GW: without its GW there is nothing the
// path's cost per GW would price.
std::optional<KindProblem> check(const ContractSpec& cs, Date, Date) {
  if (auto p = check_amount_positive(cs)) return p;
  const SupplyTerms& t = cs.as<SupplyTerms>();
  if (t.invoice == Invoice::path && !(t.gw > 0.0))
    return KindProblem{"invoice",
                       "invoice: path prices the contract's GW on the compute cost path; give "
                       "its gw (capacity delivered, > 0) or use invoice: fixed",
                       std::nullopt, ""};
  return std::nullopt;
}

}  // namespace

bool deferrable(const TickContext& ctx, std::int32_t c) {
  const ContractSpec& cs = ctx.contract_spec(c);
  if (cs.type() != ContractType::supply) return false;
  const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
  return cs.as<SupplyTerms>().deferral_months > 0 && st.signed_ && !st.cancelled &&
         st.months_deferred == 0 && st.remaining.is_positive();
}

double deferral_relief(const TickContext& ctx, std::int32_t c, const ProjectionIndex& index,
                       const CashProjection& p) {
  if (!deferrable(ctx, c)) return 0.0;
  const ContractSpec& cs = ctx.contract_spec(c);
  const SupplyTerms& terms = cs.as<SupplyTerms>();
  const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
  // The index holds the items up to a month beyond the horizon; any later one is paid beyond the
  // horizon before the deferral and after it (a deferral only moves dates later), so it adds to
  // neither sum.
  Money remaining = st.remaining;
  double before = 0.0, after = 0.0;
  for (const ScheduledItem& it : index.items_of[static_cast<std::size_t>(c)]) {
    if (it.kind != ItemKind::supply_delivery) continue;
    const Money value = min(it.amount.times(st.cut_factor), remaining);
    if (!value.is_positive()) continue;
    remaining -= value;
    const Date later = it.date.plus_months(terms.deferral_months);
    if (p.month_of(it.date.plus_days(terms.payment_days)) >= 0)
      before += invoiced_value(ctx.spec.market, cs, value, it.date).dollars();
    if (p.month_of(later.plus_days(terms.payment_days)) >= 0)
      after += invoiced_value(ctx.spec.market, cs, value, later).dollars();
  }
  return before - after - terms.deferral_penalty * st.remaining.dollars();
}

Money defer_supply(TickContext& ctx, std::int32_t c, std::uint64_t cause) {
  if (!deferrable(ctx, c)) return Money::zero();
  const ContractSpec& cs = ctx.contract_spec(c);
  const SupplyTerms& terms = cs.as<SupplyTerms>();
  ContractState& st = ctx.contract(c);
  const auto buyer = as_index(cs.from), seller = as_index(cs.to);
  const auto moved = ctx.world.scheduler.take_if([&](const ScheduledItem& it) {
    return it.contract == c && it.kind == ItemKind::supply_delivery;
  });
  for (const ScheduledItem& it : moved) {
    schedule(ctx, it.date.plus_months(terms.deferral_months), ItemKind::supply_delivery, buyer, c,
             it.index, it.amount);
  }
  st.months_deferred = terms.deferral_months;
  const Money penalty = st.remaining.times(terms.deferral_penalty);
  ctx.firm(buyer).book_income(-penalty);
  ctx.firm(seller).book_revenue(penalty);
  {
    const LineScope line(ctx.world, contract_tag(ctx, c));
    pay_or_owe(ctx.world, buyer, seller, penalty, Channel::suppliers, c);
  }
  Event e = contract_event(EventType::commitment_deferred, cs, c, st.remaining, cause);
  st.changed_by =
      ctx.emit(e.with("months", terms.deferral_months).with("penalty", penalty.dollars()));
  st.changed_by_firm = buyer;
  return penalty;
}

const ContractKind supply_kind{
    .name = "supply",
    .check = check,
    .sign = sign,
    .settle = settle_delivery,
    .channels = channels,
    .network_edge = network_edge,
    .on_default = purchase_on_default,
    .cancel_penalty = cancel_penalty,
    .project = project,
};

namespace {

// Calls visit(date, gw) for every scheduled GPU delivery of GW from `seller` to `buyer`.
template <class Visit>
void scheduled_deliveries(const std::vector<ContractSpec>& contracts, std::size_t seller,
                          std::size_t buyer, Visit visit) {
  for (const ContractSpec& cs : contracts) {
    if (cs.type() != ContractType::supply || cs.from != buyer || cs.to != seller) continue;
    const SupplyTerms& t = cs.as<SupplyTerms>();
    if (t.delivery != Delivery::gpus || t.gw <= 0.0) continue;
    const auto dates = monthly_dates(cs.start, cs.end);
    for (const Date d : dates)
      visit(d, t.gw / static_cast<double>(dates.size()));
  }
}

}  // namespace

double gw_scheduled_by(const std::vector<ContractSpec>& contracts, std::size_t seller,
                       std::size_t buyer, Date date) {
  double gw = 0.0;
  scheduled_deliveries(contracts, seller, buyer, [&](Date d, double part) {
    if (d <= date) gw += part;
  });
  return gw;
}

std::optional<Date> date_gw_scheduled(const std::vector<ContractSpec>& contracts,
                                      std::size_t seller, std::size_t buyer, double gw) {
  std::vector<std::pair<Date, double>> parts;
  scheduled_deliveries(contracts, seller, buyer,
                       [&](Date d, double part) { parts.emplace_back(d, part); });
  std::sort(parts.begin(), parts.end());
  double total = 0.0;
  for (const auto& [d, part] : parts) {
    total += part;
    // A relative tolerance: ten monthly parts of 0.1 GW sum to 0.9999999999999999.
    if (total >= gw * (1.0 - 1e-9)) return d;
  }
  return std::nullopt;
}

double gw_delivered(const TickContext& ctx, std::int32_t seller, std::int32_t buyer) {
  double gw = 0.0;
  for (std::size_t c = 0; c < ctx.spec.contracts.size(); ++c) {
    const ContractSpec& cs = ctx.spec.contracts[c];
    if (cs.type() != ContractType::supply || as_index(cs.from) != buyer ||
        as_index(cs.to) != seller || cs.as<SupplyTerms>().delivery != Delivery::gpus)
      continue;
    const double terms_gw = cs.as<SupplyTerms>().gw;
    if (cs.amount.is_positive() && terms_gw > 0.0) {
      gw += terms_gw * ctx.world.contracts[c].delivered.dollars() / cs.amount.dollars();
    }
  }
  return gw;
}

}  // namespace alchemy
