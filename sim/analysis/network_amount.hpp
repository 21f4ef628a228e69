#pragma once
// Amounts of a liability-network file (YAML or CSV) and the check that they can be summed: every
// way an amount can be bad gets its own message (empty, quoted, nan/inf, out of range, too close
// to zero, not a number), and the sum of all amounts in a file must stay finite, so that the
// clearing and DebtRank totals, equities and their printed forms never become inf or nan.

#include <optional>
#include <string>
#include <string_view>

#include "sim/scenario/config_error.hpp"

namespace alchemy {

inline constexpr const char* kAmountSyntax = "a number such as 1.5, 2e9, 1_000 or 4.3B";

struct ParsedAmount {
  std::optional<double> value;  // finite, and 0 or at least the smallest normal double in size
  std::string problem;          // when there is no value: what is wrong and what was expected
};

// A plain number with optional `_` between digits and an optional k/K/M/B/T suffix, surrounding
// spaces ignored. `nonnegative`: a negative amount is a problem too.
ParsedAmount parse_network_amount(std::string_view text, bool nonnegative);

// The running sum of the absolute values of every amount of a file. Any partial sum the
// algorithms form (a firm's liabilities, claims, book equity; the network's total paid) is at
// most this, so it being finite keeps them all finite.
class AmountTotal {
 public:
  // Throws ConfigError at `where` when adding `amount` makes the sum overflow.
  void add(double amount, const SourceLocation& where, const std::string& key);

 private:
  double sum_ = 0.0;
};

}  // namespace alchemy
