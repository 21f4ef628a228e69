#pragma once
// The interbank liability network as the contagion solvers read it: a list of debts between
// firms, regrouped once into compressed sparse rows by creditor, so that one round of a solver is
// one pass over contiguous arrays (O(firms + debts)) and every sum over a row is taken in the same
// order on every platform.
//
// Firms are numbered 0..n-1. Amounts are dollars as doubles: these are research solvers on
// nominal amounts; the engine converts Money at its boundary.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace alchemy {

using FirmIndex = std::uint32_t;

// One debt: `debtor` owes `creditor` the nominal amount `amount` (L_ij with i the debtor, j the
// creditor, in Eisenberg & Noe's notation). The creditor holds it as an interbank asset.
struct Liability {
  FirmIndex debtor = 0;
  FirmIndex creditor = 0;
  double amount = 0.0;
};

// Debts grouped by creditor: row i (entries row_start[i] .. row_start[i+1]) lists the firms that
// owe firm i and how much, sorted by debtor. Duplicate (debtor, creditor) pairs are summed and
// zero amounts dropped.
struct CreditorRows {
  std::size_t firm_count = 0;
  std::vector<std::size_t> row_start;  // firm_count + 1 offsets
  std::vector<FirmIndex> debtor;
  std::vector<double> amount;

  std::size_t entry_count() const { return debtor.size(); }
};

// Throws std::invalid_argument on an index >= firm_count, a firm owing itself, or an amount that
// is negative or not finite.
CreditorRows group_by_creditor(std::size_t firm_count, std::span<const Liability> liabilities);

// Σ_j L_ij for every debtor i: what each firm owes inside the network.
std::vector<double> owed_by_each(const CreditorRows& rows);

// Σ_i L_ij for every creditor j: each firm's nominal interbank assets.
std::vector<double> owed_to_each(const CreditorRows& rows);

}  // namespace alchemy
