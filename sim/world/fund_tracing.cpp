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

// t × share rounded half up, for 0 ≤ share ≤ 1 and t ≥ 0 (so no range check: the result is at
// most t). Plain truncation after adding ½, not Money::times' sign-aware rounding: this is the
// tracing's inner loop (MODEL.md §7.23).
std::int64_t rounded_share(std::int64_t t, double share) {
  return static_cast<std::int64_t>(static_cast<double>(t) * share + 0.5);
}

// traced_share with p / c already taken: the share of one tag.
std::int64_t share_of(std::int64_t t, double fraction, std::int64_t p, std::int64_t c) {
  return std::clamp(rounded_share(t, fraction), std::max<std::int64_t>(t - (c - p), 0), t);
}

Money kept(Money t, double keep, Money cash) {
  return Money::cents(std::clamp(rounded_share(t.in_cents(), keep), std::int64_t{0},
                                 std::max<std::int64_t>(cash.in_cents(), 0)));
}

// Applies firm i's pending payments out of the network to its tags: what they took was paid
// outside.
void settle(World& w, std::size_t i) {
  FundTracing& t = w.funds;
  if (t.keep[i] == 1.0) return;
  const Money cash = w.firms[i].cash;
  for (TracedCash& x : t.held[i]) {
    const Money now = kept(x.amount, t.keep[i], cash);
    t.investments[static_cast<std::size_t>(x.investment)].paid_outside += x.amount - now;
    x.amount = now;
  }
  std::erase_if(t.held[i], [](const TracedCash& x) { return x.amount.is_zero(); });
  t.keep[i] = 1.0;
}

}  // namespace

void trace_investment(World& w, std::int32_t contract, std::int32_t investor, std::int32_t investee,
                      Money amount) {
  if (!amount.is_positive()) return;
  FundTracing& t = w.funds;
  t.held.resize(w.firms.size());
  t.keep.resize(w.firms.size(), 1.0);
  const auto to = static_cast<std::size_t>(investee);
  settle(w, to);  // before the new tag joins the ones its pending factor applies to
  std::size_t k = 0;
  while (k < t.investments.size() && t.investments[k].contract != contract)
    ++k;
  if (k == t.investments.size()) t.investments.push_back(InvestmentTrace{contract, {}, {}, {}});
  t.investments[k].invested += amount;
  add_held(t.held[to], static_cast<std::int32_t>(k), investor, amount);
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
  const auto i = static_cast<std::size_t>(from);
  const std::int64_t p = amount.in_cents();
  const std::int64_t c = w.firms[i].cash.in_cents();
  const bool all = p >= c;
  if (to == kOutside) {
    t.keep[i] = all ? 0.0 : t.keep[i] * (static_cast<double>(c - p) / static_cast<double>(c));
    return;
  }
  const auto j = static_cast<std::size_t>(to);
  if (t.keep[j] != 1.0) settle(w, j);
  // The payer's pending factor is applied in the same pass as the payment's share.
  const double keep = t.keep[i];
  const Money cash = w.firms[i].cash;
  const double fraction = all ? 1.0 : static_cast<double>(p) / static_cast<double>(c);
  std::vector<TracedCash>& payer = t.held[i];
  bool emptied = false;
  for (TracedCash& x : payer) {
    InvestmentTrace& inv = t.investments[static_cast<std::size_t>(x.investment)];
    if (keep != 1.0) {
      const Money now = kept(x.amount, keep, cash);
      inv.paid_outside += x.amount - now;
      x.amount = now;
    }
    const std::int64_t take =
        all ? x.amount.in_cents() : share_of(x.amount.in_cents(), fraction, p, c);
    if (take != 0) {
      const Money m = Money::cents(take);
      x.amount -= m;
      if (to == x.investor) {
        inv.came_back += m;
      } else {
        add_held(t.held[j], x.investment, x.investor, m);
      }
    }
    emptied = emptied || x.amount.is_zero();
  }
  t.keep[i] = 1.0;
  if (emptied) std::erase_if(payer, [](const TracedCash& x) { return x.amount.is_zero(); });
}

Money traced_amount(const World& w, std::size_t firm, const TracedCash& x) {
  const double keep = w.funds.keep[firm];
  return keep == 1.0 ? x.amount : kept(x.amount, keep, w.firms[firm].cash);
}

Money traced_held(const World& w, std::int32_t contract, std::int32_t firm) {
  const auto i = static_cast<std::size_t>(firm);
  if (i >= w.funds.held.size()) return Money::zero();
  for (const TracedCash& x : w.funds.held[i]) {
    if (w.funds.investments[static_cast<std::size_t>(x.investment)].contract == contract)
      return traced_amount(w, i, x);
  }
  return Money::zero();
}

std::optional<InvestmentTrace> investment_trace(const World& w, std::int32_t contract) {
  const FundTracing& t = w.funds;
  for (std::size_t k = 0; k < t.investments.size(); ++k) {
    if (t.investments[k].contract != contract) continue;
    InvestmentTrace x = t.investments[k];
    for (std::size_t i = 0; i < t.held.size(); ++i) {
      for (const TracedCash& h : t.held[i]) {
        if (h.investment == static_cast<std::int32_t>(k))
          x.paid_outside += h.amount - traced_amount(w, i, h);
      }
    }
    return x;
  }
  return std::nullopt;
}

}  // namespace alchemy
