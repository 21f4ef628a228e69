#include "market/liability_graph.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace alchemy {

CreditorRows group_by_creditor(std::size_t firm_count, std::span<const Liability> liabilities) {
  CreditorRows rows;
  rows.firm_count = firm_count;
  rows.row_start.assign(firm_count + 1, 0);
  for (std::size_t k = 0; k < liabilities.size(); ++k) {
    const Liability& l = liabilities[k];
    if (l.debtor >= firm_count || l.creditor >= firm_count) {
      throw std::invalid_argument("liability " + std::to_string(k) + ": firm index out of range (" +
                                  std::to_string(firm_count) + " firms)");
    }
    if (l.debtor == l.creditor) {
      throw std::invalid_argument("liability " + std::to_string(k) + ": firm " +
                                  std::to_string(l.debtor) + " owes itself");
    }
    if (!std::isfinite(l.amount) || l.amount < 0.0) {
      throw std::invalid_argument("liability " + std::to_string(k) +
                                  ": amount must be finite and nonnegative");
    }
    if (l.amount > 0.0) ++rows.row_start[l.creditor + 1];
  }
  // Counting sort by creditor: O(n + m) and stable, so the input order decides nothing after the
  // per-row sort below.
  std::partial_sum(rows.row_start.begin(), rows.row_start.end(), rows.row_start.begin());
  const std::size_t m = rows.row_start[firm_count];
  std::vector<FirmIndex> debtor(m);
  std::vector<double> amount(m);
  std::vector<std::size_t> next(rows.row_start.begin(), rows.row_start.end() - 1);
  for (const Liability& l : liabilities) {
    if (l.amount <= 0.0) continue;
    const std::size_t at = next[l.creditor]++;
    debtor[at] = l.debtor;
    amount[at] = l.amount;
  }
  // Sort each row by debtor and merge duplicates.
  rows.debtor.reserve(m);
  rows.amount.reserve(m);
  std::vector<std::size_t> order;
  std::size_t written = 0;
  for (std::size_t i = 0; i < firm_count; ++i) {
    const std::size_t begin = rows.row_start[i];
    const std::size_t end = rows.row_start[i + 1];
    rows.row_start[i] = written;
    order.resize(end - begin);
    std::iota(order.begin(), order.end(), begin);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return debtor[a] < debtor[b]; });
    for (std::size_t k = 0; k < order.size(); ++k) {
      const std::size_t e = order[k];
      if (k > 0 && debtor[e] == rows.debtor.back()) {
        rows.amount.back() += amount[e];
      } else {
        rows.debtor.push_back(debtor[e]);
        rows.amount.push_back(amount[e]);
        ++written;
      }
    }
  }
  rows.row_start[firm_count] = written;
  rows.debtor.shrink_to_fit();
  rows.amount.shrink_to_fit();
  return rows;
}

std::vector<double> owed_by_each(const CreditorRows& rows) {
  std::vector<double> owed(rows.firm_count, 0.0);
  for (std::size_t e = 0; e < rows.entry_count(); ++e)
    owed[rows.debtor[e]] += rows.amount[e];
  return owed;
}

std::vector<double> owed_to_each(const CreditorRows& rows) {
  std::vector<double> owed(rows.firm_count, 0.0);
  for (std::size_t i = 0; i < rows.firm_count; ++i) {
    double sum = 0.0;
    for (std::size_t e = rows.row_start[i]; e < rows.row_start[i + 1]; ++e)
      sum += rows.amount[e];
    owed[i] = sum;
  }
  return owed;
}

}  // namespace alchemy
