#include "sim/contracts/lease.hpp"

#include <algorithm>

#include "sim/contracts/common.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/engine/treasury.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

namespace {

// A lease has no cancel_penalty key: a lessee who cuts or defaults pays the supply default.
constexpr double kLeaseCancelPenalty = SupplyTerms{}.cancel_penalty;

void sign(TickContext& ctx, std::int32_t c, Date start) {
  const ContractSpec& cs = ctx.contract_spec(c);
  ctx.contract(c).remaining = cs.amount;
  const auto from = as_index(cs.from);
  const auto dates = monthly_dates(start, cs.end);
  const auto parts = equal_parts(cs.amount, dates.size());
  for (std::size_t k = 0; k < dates.size(); ++k) {
    schedule(ctx, dates[k], ItemKind::lease_payment, from, c, as_index(k), parts[k]);
  }
  schedule(ctx, cs.end, ItemKind::lease_end, from, c, 0, Money::zero());
}

void settle_payment(TickContext& ctx, const ScheduledItem& it) {
  const ContractSpec& cs = ctx.contract_spec(it.contract);
  const double gw = cs.as<LeaseTerms>().gw;
  ContractState& st = ctx.contract(it.contract);
  const auto lessee = as_index(cs.from), lessor = as_index(cs.to);
  if (st.cancelled || ctx.firm(lessee).defaulted || ctx.firm(lessor).defaulted) return;
  if (it.index == 0) ctx.firm(lessee).gw_leased += gw * st.cut_factor;
  const Money value = min(it.amount.times(st.cut_factor), st.remaining);
  if (!value.is_positive()) return;
  st.remaining -= value;
  st.delivered += value;
  ctx.firm(lessee).book_income(-value);
  ctx.firm(lessor).book_revenue(value);
  const Money cogs = value.times(ctx.firm_spec(lessor).costs.cost_of_revenue);
  ctx.firm(lessor).book_income(-cogs);
  pay_or_owe(ctx.world, lessor, -1, cogs, Channel::suppliers, -1);
  const Money shortfall =
      pay_or_owe(ctx.world, lessee, lessor, value, Channel::suppliers, it.contract);
  if (shortfall.is_positive()) {
    Event e = contract_event(EventType::payment_missed, cs, it.contract, value,
                             shortfall_cause(ctx, lessee));
    ctx.emit(e.with("shortfall", shortfall.dollars()));
  } else if (ctx.verbose) {
    ctx.emit(contract_event(EventType::payment, cs, it.contract, value, 0));
  }
}

void settle_end(TickContext& ctx, const ScheduledItem& it) {
  const ContractSpec& cs = ctx.contract_spec(it.contract);
  const ContractState& st = ctx.contract(it.contract);
  FirmState& lessee = ctx.firm(as_index(cs.from));
  if (st.delivered.is_positive())
    lessee.gw_leased = std::max(0.0, lessee.gw_leased - cs.as<LeaseTerms>().gw * st.cut_factor);
}

void settle(TickContext& ctx, const ScheduledItem& it) {
  if (it.kind == ItemKind::lease_end) {
    settle_end(ctx, it);
  } else {
    settle_payment(ctx, it);
  }
}

// As supply: the lessor's value depends on the lessee's through the lessor's revenue from it.
void channels(const TickContext& ctx, std::int32_t c, const std::vector<double>& multiple,
              std::vector<MarketChannels::Entry>& out) {
  purchase_channel(ctx, c, EdgeKind::lease, multiple, out);
}

void network_edge(const TickContext& ctx, std::int32_t c, Network& net) {
  remaining_edge(ctx, c, EdgeKind::lease, net);
}

// Each pending payment at the pace settle_payment applies (the part times the cut factor, up to
// what remains), paid on its date: the lessee's purchase, the lessor's sale, and the lessor's cost
// of revenue. The first payment brings the lessee its capacity; the lease's end takes it back.
void project(const TickContext& ctx, std::int32_t c, std::int32_t firm,
             const ProjectionIndex& index, CashProjection& out) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
  const auto lessee = as_index(cs.from), lessor = as_index(cs.to);
  if (st.cancelled || ctx.world.firms[cs.from].defaulted || ctx.world.firms[cs.to].defaulted)
    return;
  const double gw = cs.as<LeaseTerms>().gw * st.cut_factor;
  bool started = st.delivered.is_positive();
  Money remaining = st.remaining;
  for (const ScheduledItem& it : index.items_of[static_cast<std::size_t>(c)]) {
    const int m = out.month_of(it.date);
    if (m < 0) continue;
    ProjectedMonth& pm = out.months[static_cast<std::size_t>(m)];
    if (it.kind == ItemKind::lease_end) {
      if (started && firm == lessee) pm.gw_leased -= gw;
      continue;
    }
    if (it.index == 0 && firm == lessee) pm.gw_leased += gw;
    started = true;
    const Money value = min(it.amount.times(st.cut_factor), remaining);
    if (!value.is_positive()) continue;
    remaining -= value;
    if (firm == lessee) pm.purchases_out += value;
    if (firm == lessor) {
      pm.sales_in += value;
      pm.operating_out += value.times(ctx.firm_spec(lessor).costs.cost_of_revenue);
    }
  }
}

}  // namespace

const ContractKind lease_kind{
    .name = "lease",
    .check = [](const ContractSpec& cs, Date, Date) { return check_amount_positive(cs); },
    .sign = sign,
    .settle = settle,
    .channels = channels,
    .network_edge = network_edge,
    .on_default = purchase_on_default,
    .cancel_penalty = [](const ContractSpec&) { return kLeaseCancelPenalty; },
    .project = project,
};

}  // namespace alchemy
