#include "sim/contracts/common.hpp"

#include <algorithm>
#include <cmath>

#include "sim/contracts/lease.hpp"
#include "sim/contracts/supply.hpp"
#include "sim/engine/compute_cost.hpp"
#include "sim/engine/line_tags.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

std::vector<Date> monthly_dates(Date start, Date end) {
  std::vector<Date> out;
  for (int k = 0;; ++k) {
    const Date d = start.plus_months(k);
    if (d > end) break;
    out.push_back(d);
  }
  if (out.empty()) out.push_back(start);
  return out;
}

std::vector<Money> equal_parts(Money total, std::size_t n) {
  const std::vector<double> w(n, 1.0);
  return split_largest_remainder(total, w);
}

void schedule(TickContext& ctx, Date d, ItemKind kind, std::int32_t firm, std::int32_t contract,
              std::int32_t index, Money amount) {
  ScheduledItem it;
  it.date = d;
  it.phase = Phase::calendar;
  it.firm = firm;
  it.contract = contract;
  it.kind = kind;
  it.index = index;
  it.amount = amount;
  ctx.world.scheduler.add(it);
}

void announce(TickContext& ctx, std::int32_t firm, Money amount, std::uint64_t cause) {
  const FirmState& f = ctx.firm(firm);
  const double mv = f.price * std::max(f.diluted_shares, f.shares);
  if (mv <= 0.0 || f.defaulted) return;
  const double beta = ctx.firm_spec(firm).valuation.announcement_beta;
  const double jump =
      std::clamp(beta * ctx.world.market.sentiment * amount.dollars() / mv, -1.0, 1.0);
  ctx.world.pending_jump[static_cast<std::size_t>(firm)] += jump;
  ctx.world.jump_cause[static_cast<std::size_t>(firm)] = cause;
}

Event contract_event(EventType type, const ContractSpec& cs, std::int32_t c, Money amount,
                     std::uint64_t cause) {
  Event e;
  e.type = type;
  e.firm = as_index(cs.from);
  e.counterparty = as_index(cs.to);
  e.contract = c;
  e.amount = amount;
  e.cause = cause;
  return e;
}

void add_stake(FirmState& holder, std::int32_t issuer, double shares, Money value) {
  for (auto& s : holder.stakes) {
    if (s.issuer == issuer) {
      s.shares += shares;
      s.booked += value;
      return;
    }
  }
  holder.stakes.push_back({issuer, shares, value});
  std::sort(holder.stakes.begin(), holder.stakes.end(),
            [](const StakeState& a, const StakeState& b) { return a.issuer < b.issuer; });
}

EquityIssue issue_equity(TickContext& ctx, std::int32_t investor, std::int32_t investee,
                         Money amount) {
  FirmState& inv = ctx.firm(investor);
  FirmState& ee = ctx.firm(investee);
  const double price = ee.price;  // the round is priced at the current (shadow) price
  const double new_shares = amount.dollars() / price;
  transfer(ctx.world, investor, investee, amount);
  ee.shares += new_shares;
  ee.diluted_shares += new_shares;
  ee.flows.capital_issued += amount;
  add_stake(inv, investee, new_shares, amount);
  if (!ctx.firm_spec(investee).listed) {
    ee.last_round_price = price;
    ee.mark = price;
  }
  return {new_shares, price};
}

int deferral_shift_days(const ContractSpec& cs, const ContractState& st) {
  return st.months_deferred == 0 ? 0
                                 : cs.end.plus_months(st.months_deferred).days() - cs.end.days();
}

double next_year_flow(const ContractSpec& cs, const ContractState& st, Date today) {
  if (!st.remaining.is_positive()) return 0.0;
  const double total_days = std::max(1, cs.end.days() - cs.start.days());
  // USD a day, with one division (the market phase calls this for every contract every tick).
  const double rate_per_day =
      static_cast<double>(cs.amount.in_cents()) * st.cut_factor / (total_days * 100.0);
  const int shift = deferral_shift_days(cs, st);
  const int from = std::max(today.days(), cs.start.days() + shift);
  const int to = std::min(today.days() + 365, cs.end.days() + shift);
  return std::min(st.remaining.dollars(), rate_per_day * std::max(0, to - from));
}

double backlog_revenue_years(const ContractSpec& cs, const ContractState& st, Date today,
                             double multiple) {
  if (!st.remaining.is_positive() || multiple <= 0.0) return 0.0;
  const double total_days = std::max(1, cs.end.days() - cs.start.days());
  const double rate_per_year =
      static_cast<double>(cs.amount.in_cents()) * st.cut_factor * 365.0 / (total_days * 100.0);
  if (rate_per_year <= 0.0) return 0.0;
  const int shift = deferral_shift_days(cs, st);
  const double begins = std::max(0, cs.start.days() + shift - today.days()) / 365.0;
  const double lasts = st.remaining.dollars() / rate_per_year;
  // (1/m) ∫ q e^{−s/m} ds over [begins, begins + lasts] = q (e^{−a/m} − e^{−b/m}).
  return rate_per_year * multiple *
         (std::exp(-begins / multiple) - std::exp(-(begins + lasts) / multiple)) / multiple;
}

Money cut_commitment(TickContext& ctx, std::int32_t c, double share, std::uint64_t cause) {
  const ContractSpec& cs = ctx.contract_spec(c);
  ContractState& st = ctx.contract(c);
  if (st.cancelled || !st.remaining.is_positive()) return Money::zero();
  share = std::clamp(share, 0.0, 1.0);
  const Money cut = st.remaining.times(share);
  const Money penalty = cut.times(kind_of(cs).cancel_penalty(cs));
  st.remaining -= cut;
  // A lease already started gives back the cut share of its capacity now (its end takes back
  // what is left, gw × the cut factor then).
  if (cs.type() == ContractType::lease && st.delivered.is_positive()) {
    FirmState& lessee = ctx.firm(as_index(cs.from));
    lessee.gw_leased =
        std::max(0.0, lessee.gw_leased - cs.as<LeaseTerms>().gw * st.cut_factor * share);
  }
  st.cut_factor *= (1.0 - share);
  if (share >= 1.0) st.cancelled = true;
  const auto buyer = as_index(cs.from), seller = as_index(cs.to);
  ctx.firm(buyer).book_income(-penalty);
  ctx.firm(seller).book_revenue(penalty);
  {
    const LineScope line(ctx.world, contract_tag(ctx, c));
    pay_or_owe(ctx.world, buyer, seller, penalty, Channel::suppliers, c);
  }
  Event e =
      contract_event(share >= 1.0 ? EventType::commitment_cancelled : EventType::commitment_cut, cs,
                     c, cut, cause);
  st.changed_by = ctx.emit(e.with("share", share).with("penalty", penalty.dollars()));
  st.changed_by_firm = buyer;
  return penalty;
}

void end_on_default(TickContext& ctx, std::int32_t c, std::int32_t) {
  ctx.contract(c).cancelled = true;
}

void purchase_on_default(TickContext& ctx, std::int32_t c, std::int32_t defaulter) {
  const ContractSpec& cs = ctx.contract_spec(c);
  ContractState& st = ctx.contract(c);
  if (as_index(cs.from) == defaulter && st.remaining.is_positive()) {
    const Money penalty = st.remaining.times(kind_of(cs).cancel_penalty(cs));
    ctx.firm(defaulter).book_income(-penalty);
    ctx.firm(as_index(cs.to)).book_revenue(penalty);
    add_claim(ctx.world,
              Claim{defaulter, as_index(cs.to), c, penalty, ctx.world.date, Channel::suppliers});
  }
  st.cancelled = true;
}

void purchase_channel(const TickContext& ctx, std::int32_t c, EdgeKind kind,
                      const std::vector<double>& multiple,
                      std::vector<MarketChannels::Entry>& out) {
  const ContractSpec& cs = ctx.contract_spec(c);
  // A supply invoiced on the compute cost path is read at today's level of the path (its
  // invoices at the cost of the day, not the month each is delivered).
  const double flow =
      backlog_revenue_years(cs, ctx.world.contracts[static_cast<std::size_t>(c)], ctx.world.date,
                            multiple[cs.to]) *
      (cs.type() == ContractType::supply && cs.as<SupplyTerms>().invoice == Invoice::path
           ? compute_cost_factor(ctx.spec.market, cs.signed_on, ctx.world.date)
           : 1.0);
  // The receipts count as far as the payer is expected to survive to pay them (MODEL.md §7.21):
  // the builder applies the payer's survival (market_channels.cpp), and again when only the
  // default probabilities have moved.
  if (flow > 0.0) {
    out.push_back({static_cast<std::uint32_t>(cs.to), static_cast<std::uint32_t>(cs.from), kind,
                   multiple[cs.to] * flow, 0.0, MarketChannels::Credit::payer,
                   static_cast<std::uint32_t>(cs.from)});
  }
}

void remaining_edge(const TickContext& ctx, std::int32_t c, EdgeKind kind, Network& net) {
  const ContractSpec& cs = ctx.contract_spec(c);
  const ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
  if (!st.remaining.is_positive()) return;
  net.add_edge(ctx.spec.firms[cs.from].id, ctx.spec.firms[cs.to].id, kind, cs.id,
               st.remaining.dollars());
}

std::optional<KindProblem> check_amount_positive(const ContractSpec& cs) {
  if (cs.amount.is_positive()) return std::nullopt;
  return KindProblem{"amount",
                     "a " + std::string(to_string(cs.type())) + " contract needs an amount above 0",
                     std::nullopt, ""};
}

std::string outside_run(Date d, Date first, Date last) {
  return "date " + d.iso() + " is outside the run (" + first.iso() + " to " + last.iso() + ")";
}

std::optional<KindProblem> check_tranches(const TrancheTerms& t, Date first, Date last) {
  if (!t.milestones.empty() && static_cast<int>(t.milestones.size()) != t.tranches) {
    return KindProblem{"milestones",
                       std::to_string(t.milestones.size()) + " milestones for " +
                           std::to_string(t.tranches) +
                           " tranches; give none or exactly one per tranche",
                       std::nullopt, ""};
  }
  for (std::size_t j = 0; j < t.milestones.size(); ++j) {
    const auto& d = t.milestones[j].not_before;
    if (d && (*d < first || *d > last))
      return KindProblem{"milestones", outside_run(*d, first, last), j, "not_before"};
  }
  return std::nullopt;
}

}  // namespace alchemy
