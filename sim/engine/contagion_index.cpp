#include "sim/engine/contagion_index.hpp"

#include <algorithm>

namespace alchemy {

void ClaimIndex::append(std::vector<List>& heads, std::vector<std::int32_t>& next, std::size_t firm,
                        std::int32_t k, std::vector<std::int32_t>& touched) {
  List& l = heads[firm];
  if (l.head < 0) {
    l.head = k;
    touched.push_back(static_cast<std::int32_t>(firm));
  } else {
    next[static_cast<std::size_t>(l.tail)] = k;
  }
  l.tail = k;
}

void ClaimIndex::rebuild(const World& w) {
  // Reset only the lists in use: a pass rebuilds after each clearing, and its claims are few
  // beside the firms.
  for (const std::int32_t i : touched_) {
    head_debtor_[static_cast<std::size_t>(i)] = List{};
    head_creditor_[static_cast<std::size_t>(i)] = List{};
  }
  touched_.clear();
  next_debtor_.clear();
  next_creditor_.clear();
  indexed_ = 0;
  sync(w);
}

void ClaimIndex::sync(const World& w) {
  if (head_debtor_.size() != w.firms.size()) {
    head_debtor_.assign(w.firms.size(), List{});
    head_creditor_.assign(w.firms.size(), List{});
    touched_.clear();
  }
  next_debtor_.resize(w.claims.size(), -1);
  next_creditor_.resize(w.claims.size(), -1);
  for (; indexed_ < w.claims.size(); ++indexed_) {
    const Claim& c = w.claims[indexed_];
    const auto k = static_cast<std::int32_t>(indexed_);
    append(head_debtor_, next_debtor_, static_cast<std::size_t>(c.debtor), k, touched_);
    if (c.creditor >= 0)
      append(head_creditor_, next_creditor_, static_cast<std::size_t>(c.creditor), k, touched_);
  }
}

void ClaimIndex::of_party(std::int32_t firm, std::vector<std::int32_t>& out) const {
  out.clear();
  for_debtor(firm, [&](std::size_t k) { out.push_back(static_cast<std::int32_t>(k)); });
  const std::size_t owed = out.size();
  for_creditor(firm, [&](std::size_t k) { out.push_back(static_cast<std::int32_t>(k)); });
  // Both lists ascend; a claim on itself is in both and counted once (as its debtor).
  std::inplace_merge(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(owed), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

void LenderIndex::build(const World& w) {
  const std::size_t n = w.firms.size();
  start_.assign(n + 1, 0);
  for (const FirmState& f : w.firms) {
    for (const DebtState& d : f.debt) {
      if (d.lender >= 0) ++start_[static_cast<std::size_t>(d.lender) + 1];
    }
  }
  for (std::size_t i = 0; i < n; ++i)
    start_[i + 1] += start_[i];
  loans_.resize(start_[n]);
  std::vector<std::size_t> at(start_.begin(), start_.end() - 1);
  for (std::size_t b = 0; b < n; ++b) {
    const auto& debts = w.firms[b].debt;
    for (std::size_t k = 0; k < debts.size(); ++k) {
      if (debts[k].lender < 0) continue;
      loans_[at[static_cast<std::size_t>(debts[k].lender)]++] =
          Loan{static_cast<std::int32_t>(b), static_cast<std::int32_t>(k)};
    }
  }
}

std::span<const LenderIndex::Loan> LenderIndex::of(std::int32_t lender) const {
  const auto i = static_cast<std::size_t>(lender);
  if (i + 1 >= start_.size()) return {};
  return {loans_.data() + start_[i], loans_.data() + start_[i + 1]};
}

}  // namespace alchemy
