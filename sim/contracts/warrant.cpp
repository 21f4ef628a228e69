#include "sim/contracts/warrant.hpp"

#include <algorithm>

#include "agents/valuation.hpp"
#include "market/options.hpp"
#include "sim/contracts/common.hpp"
#include "sim/contracts/supply.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

namespace {

// A tranche's GW gate reads the holder's deployment of the issuer's chips.
bool met(const TickContext& ctx, const ContractSpec& cs, std::size_t tranche) {
  const auto issuer = as_index(cs.from), holder = as_index(cs.to);
  return milestone_met(
      ctx, cs.as<WarrantTerms>().tranche.milestones, tranche,
      [&] { return gw_delivered(ctx, issuer, holder); }, issuer);
}

// Nothing remains to be paid under a warrant; what is outstanding are its tranches.
void sign(TickContext& ctx, std::int32_t c, Date start) {
  const ContractSpec& cs = ctx.contract_spec(c);
  ctx.contract(c).remaining = Money::zero();
  // Monthly vesting checks; the last one (index 1) lapses what has not vested.
  const auto dates = monthly_dates(start, cs.end);
  for (std::size_t k = 0; k < dates.size(); ++k) {
    schedule(ctx, dates[k], ItemKind::warrant_check, as_index(cs.from), c,
             k + 1 == dates.size() ? 1 : 0, Money::zero());
  }
}

// A warrant's announced size is the value of the shares granted at the issuer's price.
Money announced_size(const TickContext& ctx, const ContractSpec& cs) {
  return Money::from_dollars(cs.as<WarrantTerms>().shares * ctx.world.firms[cs.from].price);
}

double warrants_value_held(const TickContext& ctx, std::int32_t holder) {
  double v = 0.0;
  for (std::size_t c = 0; c < ctx.spec.contracts.size(); ++c) {
    const ContractSpec& cs = ctx.spec.contracts[c];
    const auto held_value = kind_of(cs).held_value;
    if (held_value && as_index(cs.to) == holder) v += held_value(ctx, as_index(c));
  }
  return v;
}

void settle_check(TickContext& ctx, const ScheduledItem& it) {
  const ContractSpec& cs = ctx.contract_spec(it.contract);
  const WarrantTerms& terms = cs.as<WarrantTerms>();
  ContractState& st = ctx.contract(it.contract);
  const auto issuer = as_index(cs.from), holder = as_index(cs.to);
  if (st.cancelled || ctx.firm(issuer).defaulted) return;
  const int tranches = std::max(1, terms.tranche.tranches);
  const double per_tranche = terms.shares / tranches;
  const bool last_check = it.index == 1;
  for (int t = 0; t < tranches; ++t) {
    const std::uint32_t bit = 1u << t;
    if ((st.vested_mask | st.lapsed_mask) & bit) continue;
    const Money strike_paid = Money::from_dollars(per_tranche * terms.strike);
    if (met(ctx, cs, static_cast<std::size_t>(t)) && ctx.firm(holder).cash >= strike_paid &&
        !ctx.firm(holder).defaulted) {
      FirmState& is = ctx.firm(issuer);
      FirmState& ho = ctx.firm(holder);
      st.vested_mask |= bit;
      const std::uint64_t vested =
          ctx.emit(contract_event(EventType::warrant_vested, cs, it.contract, Money::zero(), 0)
                       .with("tranche", t)
                       .with("shares", per_tranche));
      // The holder exercises at once (the strike is nominal) and keeps the shares as a stake.
      const Money warrants_before = ho.warrants_booked;
      transfer(ctx.world, holder, issuer, strike_paid);
      is.shares += per_tranche;
      is.flows.capital_issued += strike_paid;
      const Money stake_value = Money::from_dollars(per_tranche * is.price);
      add_stake(ho, issuer, per_tranche, stake_value);
      ho.warrants_booked = Money::from_dollars(warrants_value_held(ctx, holder));
      // The holder's gain: shares worth more than strike plus the warrant's carrying value.
      ho.flows.revaluations += stake_value - strike_paid + (ho.warrants_booked - warrants_before);
      ctx.emit(contract_event(EventType::warrant_exercised, cs, it.contract, strike_paid, vested)
                   .with("shares", per_tranche)
                   .with("price", is.price));
    } else if (last_check) {
      st.lapsed_mask |= bit;
      ctx.emit(contract_event(EventType::warrant_lapsed, cs, it.contract, Money::zero(), 0)
                   .with("tranche", t)
                   .with("shares", per_tranche));
    }
  }
}

// Treasury-stock method at the contract's own strike: n (1 − K/P) more shares when in the money.
// The issuer's expected dilution: the warrant ends with its holder's default (end_on_default), so
// its shares count at the holder's survival, as every claim of the holder does in its own value
// (MODEL.md §7.9, §7.20) — a holder the market already expects to fail dilutes little, and its
// default moves the issuer's price by what was left of that expectation, not by the whole grant.
double extra_shares(const TickContext& ctx, std::int32_t c) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const double holder_survival = 1.0 - ctx.world.firms[cs.to].default_probability;
  return holder_survival * diluted_shares(0.0, outstanding_warrant_shares(ctx, c),
                                          cs.as<WarrantTerms>().strike,
                                          ctx.world.firms[cs.from].price);
}

// The holder's value depends on the issuer's: b = model value of the unvested tranches.
void channels(const TickContext& ctx, std::int32_t c, const std::vector<double>&,
              std::vector<MarketChannels::Entry>& out) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const double v = unvested_warrant_value(ctx, c);
  if (v > 0.0) {
    out.push_back({static_cast<std::uint32_t>(cs.to), static_cast<std::uint32_t>(cs.from),
                   EdgeKind::warrant, v, 1.0});
  }
}

void network_edge(const TickContext& ctx, std::int32_t c, Network& net) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const double v = unvested_warrant_value(ctx, c);
  if (outstanding_warrant_shares(ctx, c) > 0.0) {
    net.add_edge(ctx.spec.firms[cs.from].id, ctx.spec.firms[cs.to].id, EdgeKind::warrant, cs.id, v);
  }
}

std::optional<KindProblem> check(const ContractSpec& cs, Date first, Date last) {
  if (!(cs.as<WarrantTerms>().shares > 0))
    return KindProblem{"shares", "a warrant needs shares above 0", std::nullopt, ""};
  return check_tranches(cs.as<WarrantTerms>().tranche, first, last);
}

}  // namespace

const ContractKind warrant_kind{
    .name = "warrant",
    .check = check,
    .sign = sign,
    .announced_size = announced_size,
    .settle = settle_check,
    .channels = channels,
    .extra_shares = extra_shares,
    .held_value = unvested_warrant_value,
    .network_edge = network_edge,
    .on_default = end_on_default,
};

double outstanding_warrant_shares(const TickContext& ctx, std::int32_t c) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const WarrantTerms& terms = cs.as<WarrantTerms>();
  const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
  if (!st.signed_ || st.cancelled) return 0.0;
  const int tranches = std::max(1, terms.tranche.tranches);
  double shares = 0.0;
  for (int t = 0; t < tranches; ++t) {
    if (((st.vested_mask | st.lapsed_mask) >> t) & 1u) continue;
    shares += terms.shares / tranches;
  }
  return shares;
}

// The engine's part of a warrant's value: which tranches are still open, and their barriers; the
// option value of one tranche is market/options.hpp's.
double unvested_warrant_value(const TickContext& ctx, std::int32_t c) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const WarrantTerms& terms = cs.as<WarrantTerms>();
  const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
  if (!st.signed_ || st.cancelled) return 0.0;
  const FirmState& issuer = ctx.world.firms[cs.from];
  const double vol = value_volatility(ctx.firm_spec(as_index(cs.from)).valuation,
                                      ctx.spec.market.sentiment.volatility);
  const double r = ctx.world.market.risk_free;
  const double years = std::max(0.0, year_fraction(ctx.world.date, cs.end));
  const int tranches = std::max(1, terms.tranche.tranches);
  const auto& ms = terms.tranche.milestones;
  double value = 0.0;
  for (int t = 0; t < tranches; ++t) {
    if (((st.vested_mask | st.lapsed_mask) >> t) & 1u) continue;
    const double n = terms.shares / tranches;
    const auto tu = static_cast<std::size_t>(t);
    const double barrier = tu < ms.size() ? ms[tu].min_issuer_price : 0.0;
    value += n * warrant_tranche_value(issuer.price, terms.strike, barrier, years, r, vol);
  }
  return value;
}

}  // namespace alchemy
