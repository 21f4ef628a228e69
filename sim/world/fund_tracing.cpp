#include "sim/world/fund_tracing.hpp"

#include <algorithm>

namespace alchemy {

namespace {

InvestmentTrace& trace_of(FundTracing& t, std::int32_t contract) {
  auto it =
      std::lower_bound(t.investments.begin(), t.investments.end(), contract,
                       [](const InvestmentTrace& x, std::int32_t c) { return x.contract < c; });
  if (it == t.investments.end() || it->contract != contract)
    it = t.investments.insert(it, InvestmentTrace{contract, {}, {}, {}});
  return *it;
}

void add_held(std::vector<TracedCash>& cash, std::int32_t contract, std::int32_t investor,
              Money amount) {
  auto it = std::lower_bound(cash.begin(), cash.end(), contract,
                             [](const TracedCash& x, std::int32_t c) { return x.contract < c; });
  if (it != cash.end() && it->contract == contract) {
    it->amount += amount;
  } else {
    cash.insert(it, TracedCash{contract, investor, amount});
  }
}

}  // namespace

void trace_investment(World& w, std::int32_t contract, std::int32_t investor, std::int32_t investee,
                      Money amount) {
  if (!amount.is_positive()) return;
  FundTracing& t = w.funds;
  t.held.resize(w.firms.size());
  trace_of(t, contract).invested += amount;
  add_held(t.held[static_cast<std::size_t>(investee)], contract, investor, amount);
}

Money traced_share(Money t, Money p, Money c) {
  if (!p.is_positive() || !t.is_positive()) return Money::zero();
  if (p >= c) return t;
  // t × p / c in 128 bits (both factors may be near 2^63 cents), rounded half up: all positive.
  const __int128 num = static_cast<__int128>(t.in_cents()) * p.in_cents();
  const __int128 den = c.in_cents();
  auto take = static_cast<std::int64_t>((2 * num + den) / (2 * den));
  const std::int64_t floor = t.in_cents() - (c.in_cents() - p.in_cents());
  take = std::clamp(take, std::max<std::int64_t>(floor, 0), t.in_cents());
  return Money::cents(take);
}

void pass_on_traced_cash(World& w, std::int32_t from, std::int32_t to, Money amount) {
  if (from == to) return;
  FundTracing& t = w.funds;
  std::vector<TracedCash>& payer = t.held[static_cast<std::size_t>(from)];
  const Money cash = w.firms[static_cast<std::size_t>(from)].cash;
  for (TracedCash& x : payer) {
    const Money take = traced_share(x.amount, amount, cash);
    if (take.is_zero()) continue;
    x.amount -= take;
    if (to == kOutside) {
      trace_of(t, x.contract).paid_outside += take;
    } else if (to == x.investor) {
      trace_of(t, x.contract).came_back += take;
    } else {
      add_held(t.held[static_cast<std::size_t>(to)], x.contract, x.investor, take);
    }
  }
  std::erase_if(payer, [](const TracedCash& x) { return x.amount.is_zero(); });
}

Money traced_held(const World& w, std::int32_t contract, std::int32_t firm) {
  const auto i = static_cast<std::size_t>(firm);
  if (i >= w.funds.held.size()) return Money::zero();
  for (const TracedCash& x : w.funds.held[i]) {
    if (x.contract == contract) return x.amount;
  }
  return Money::zero();
}

const InvestmentTrace* investment_trace(const World& w, std::int32_t contract) {
  for (const InvestmentTrace& x : w.funds.investments) {
    if (x.contract == contract) return &x;
  }
  return nullptr;
}

}  // namespace alchemy
