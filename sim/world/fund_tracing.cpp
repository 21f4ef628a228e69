#include "sim/world/fund_tracing.hpp"

#include <algorithm>

namespace alchemy {

namespace {

void add_held(std::vector<TracedCash>& cash, std::int32_t investment, std::int32_t investor,
              Money amount) {
  auto it = cash.begin();
  while (it != cash.end() && it->investment < investment)
    ++it;
  if (it != cash.end() && it->investment == investment) {
    it->amount += amount;
  } else {
    cash.insert(it, TracedCash{investment, investor, amount});
  }
}

// traced_share with p / c already taken: the share of one tag.
std::int64_t share_of(std::int64_t t, double fraction, std::int64_t p, std::int64_t c) {
  const std::int64_t take = Money::cents(t).times(fraction).in_cents();
  return std::clamp(take, std::max<std::int64_t>(t - (c - p), 0), t);
}

}  // namespace

void trace_investment(World& w, std::int32_t contract, std::int32_t investor, std::int32_t investee,
                      Money amount) {
  if (!amount.is_positive()) return;
  FundTracing& t = w.funds;
  t.held.resize(w.firms.size());
  std::size_t k = 0;
  while (k < t.investments.size() && t.investments[k].contract != contract)
    ++k;
  if (k == t.investments.size()) t.investments.push_back(InvestmentTrace{contract, {}, {}, {}});
  t.investments[k].invested += amount;
  add_held(t.held[static_cast<std::size_t>(investee)], static_cast<std::int32_t>(k), investor,
           amount);
}

Money traced_share(Money t, Money p, Money c) {
  if (!p.is_positive() || !t.is_positive()) return Money::zero();
  if (p >= c) return t;
  const double fraction = static_cast<double>(p.in_cents()) / static_cast<double>(c.in_cents());
  return Money::cents(share_of(t.in_cents(), fraction, p.in_cents(), c.in_cents()));
}

void pass_on_traced_cash(World& w, std::int32_t from, std::int32_t to, Money amount) {
  if (from == to || !amount.is_positive()) return;
  FundTracing& t = w.funds;
  std::vector<TracedCash>& payer = t.held[static_cast<std::size_t>(from)];
  const std::int64_t p = amount.in_cents();
  const std::int64_t c = w.firms[static_cast<std::size_t>(from)].cash.in_cents();
  const bool all = p >= c;
  const double fraction = all ? 1.0 : static_cast<double>(p) / static_cast<double>(c);
  bool emptied = false;
  for (TracedCash& x : payer) {
    const std::int64_t take =
        all ? x.amount.in_cents() : share_of(x.amount.in_cents(), fraction, p, c);
    if (take == 0) continue;
    const Money m = Money::cents(take);
    x.amount -= m;
    emptied = emptied || x.amount.is_zero();
    InvestmentTrace& inv = t.investments[static_cast<std::size_t>(x.investment)];
    if (to == kOutside) {
      inv.paid_outside += m;
    } else if (to == x.investor) {
      inv.came_back += m;
    } else {
      add_held(t.held[static_cast<std::size_t>(to)], x.investment, x.investor, m);
    }
  }
  if (emptied) std::erase_if(payer, [](const TracedCash& x) { return x.amount.is_zero(); });
}

Money traced_held(const World& w, std::int32_t contract, std::int32_t firm) {
  const auto i = static_cast<std::size_t>(firm);
  if (i >= w.funds.held.size()) return Money::zero();
  for (const TracedCash& x : w.funds.held[i]) {
    if (w.funds.investments[static_cast<std::size_t>(x.investment)].contract == contract)
      return x.amount;
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
