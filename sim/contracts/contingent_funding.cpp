#include "sim/contracts/contingent_funding.hpp"

#include "market/rng.hpp"
#include "sim/contracts/common.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/world/fund_tracing.hpp"

namespace alchemy {

namespace {

double probability_of(const ContractSpec& cs) {
  return cs.as<ContingentFundingTerms>().probability;
}

void sign(TickContext& ctx, std::int32_t c, Date start) {
  const ContractSpec& cs = ctx.contract_spec(c);
  ctx.contract(c).remaining = cs.amount;
  schedule(ctx, start, ItemKind::contract_due, as_index(cs.from), c, 0, cs.amount);
}

// Whether the funding arrives: one uniform draw from the contract's own stream, a pure function
// of (the run's seed, the contract id), so it is the same whatever else the run draws, and adding
// the kind to a scenario moves no other random number. u in [0, 1): p = 1 always arrives, p = 0
// never.
bool arrives(const TickContext& ctx, const ContractSpec& cs) {
  const std::uint64_t kind_seed = derive_seed(ctx.world.seed, stable_hash("contingent_funding"));
  Rng rng(derive_seed(kind_seed, stable_hash(cs.id)));
  return rng.uniform() < probability_of(cs);
}

// The commitment ends without funding: nothing remains, and the event says why.
void does_not_arrive(TickContext& ctx, const ScheduledItem& it, const char* reason) {
  const ContractSpec& cs = ctx.contract_spec(it.contract);
  ContractState& st = ctx.contract(it.contract);
  st.remaining = Money::zero();
  st.lapsed_mask |= 1u;
  Event e = contract_event(EventType::tranche_blocked, cs, it.contract, it.amount, 0);
  ctx.emit(e.with("tranche", 0).with(reason, 1).with("probability", probability_of(cs)));
}

void settle(TickContext& ctx, const ScheduledItem& it) {
  const ContractSpec& cs = ctx.contract_spec(it.contract);
  ContractState& st = ctx.contract(it.contract);
  const auto funder = as_index(cs.from), recipient = as_index(cs.to);
  if (st.cancelled) return;  // ended by a default or a shock, which said so
  if (st.blocked) return does_not_arrive(ctx, it, "reason_blocked");
  if (ctx.firm(funder).defaulted || ctx.firm(recipient).defaulted)
    return does_not_arrive(ctx, it, "reason_default");
  if (!arrives(ctx, cs)) return does_not_arrive(ctx, it, "reason_probability");
  if (ctx.firm(funder).cash < it.amount) return does_not_arrive(ctx, it, "reason_cash");
  const EquityIssue issued = issue_equity(ctx, funder, recipient, it.amount);
  trace_investment(ctx.world, it.contract, funder, recipient, it.amount);
  st.remaining = Money::zero();
  st.delivered = it.amount;
  st.tranches_done = 1;
  st.vested_mask |= 1u;
  Event e = contract_event(EventType::tranche_drawn, cs, it.contract, it.amount, 0);
  ctx.emit(e.with("tranche", 0).with("shares", issued.shares).with("price", issued.price));
}

// As an undrawn equity commitment (market_channels.hpp, funding): the recipient's value depends
// on the funder's through what is due within 365 days, here the whole amount at its expected
// value, probability × amount (an assumption: the market prices the commitment at its odds).
void channels(const TickContext& ctx, std::int32_t c, const std::vector<double>&,
              std::vector<MarketChannels::Entry>& out) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
  if (st.blocked || !st.remaining.is_positive()) return;
  if (cs.start.days() > ctx.world.date.days() + 365) return;
  const double b = probability_of(cs) * st.remaining.dollars();
  if (b > 0.0) {
    out.push_back({static_cast<std::uint32_t>(cs.to), static_cast<std::uint32_t>(cs.from),
                   EdgeKind::funding, b, 0.0});
  }
}

// The funding on its date: for the funder a committed outflow of the whole amount (it may have to
// pay); for the recipient contingent, at its odds (probability × amount), never in its cash path.
void project(const TickContext& ctx, std::int32_t c, std::int32_t firm,
             const ProjectionIndex& index, CashProjection& out) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
  if (st.cancelled || st.blocked || !st.remaining.is_positive() ||
      ctx.world.firms[cs.from].defaulted || ctx.world.firms[cs.to].defaulted)
    return;
  for (const ScheduledItem& it : index.items_of[static_cast<std::size_t>(c)]) {
    const int m = out.month_of(it.date);
    if (it.kind != ItemKind::contract_due || m < 0) continue;
    ProjectedMonth& pm = out.months[static_cast<std::size_t>(m)];
    if (firm == as_index(cs.from)) pm.investments_out += st.remaining;
    if (firm == as_index(cs.to)) pm.contingent_in += st.remaining.times(probability_of(cs));
  }
}

void network_edge(const TickContext& ctx, std::int32_t c, Network& net) {
  if (!ctx.world.contracts[static_cast<std::size_t>(c)].blocked)
    remaining_edge(ctx, c, EdgeKind::funding, net);
}

}  // namespace

const ContractKind contingent_funding_kind{
    .name = "contingent_funding",
    .check = [](const ContractSpec& cs, Date, Date) { return check_amount_positive(cs); },
    .sign = sign,
    .settle = settle,
    .channels = channels,
    .network_edge = network_edge,
    .on_default = end_on_default,
    .investment = true,
    .project = project,
};

}  // namespace alchemy
