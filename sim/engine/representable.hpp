#pragma once
// The range in which a run can represent its values, and what the engine does when a firm leaves
// it. Money is an int64 count of cents (±92,233 T USD, market/money.hpp); a tick sums a firm's
// amounts over its balance sheet and the network's over its firms, so every firm's amounts are
// kept under kMaxAmountUsd = 10^15 USD (1,000 T), 1/92 of Money's range: any sum of 92 of them
// fits. Decades of compounding (prices, demand, cash) can still carry a firm past it; the engine
// then stops the run with an `overflow` event naming the firm, the variable and the date, and
// throws ModelOutOfRange, which the CLI turns into exit code 4 with the outputs so far kept.
//
// Cost: after each tick, two comparisons per firm (cash and market value, the amounts that
// compound); the rest is looked at only when Money throws MoneyOverflow mid-tick, caught once
// per tick (sim/engine/engine.cpp), never per operation.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "market/date.hpp"

namespace alchemy {

struct World;

inline constexpr double kMaxAmountUsd = 1e15;

// The exit code of a run stopped so (0 ok, 1 bug, 2 bad input, 3 environment, 128 + n signals).
inline constexpr int kExitOutOfRange = 4;

// A value that left the representable range: the firm (index, or -1 for the market), the
// variable's name (a string literal, as in series.csv where it has a column) and its value.
struct RangeBreach {
  std::int32_t firm = -1;
  const char* variable = "money";
  double value = 0.0;
};

// After a tick: the first firm (by index) whose cash or market value is beyond kMaxAmountUsd or
// not finite.
std::optional<RangeBreach> compounding_breach(const World& w);

// After a MoneyOverflow mid-tick: the firm and variable that explain it — the first amount of
// any firm beyond kMaxAmountUsd or not finite, else the largest amount of all (the one nearest
// the limit), else the thrown amount with firm -1.
RangeBreach explain_overflow(const World& w, double thrown_dollars);

// Thrown by the engine once the `overflow` event is out and the sink finished (incomplete).
class ModelOutOfRange : public std::runtime_error {
 public:
  ModelOutOfRange(const RangeBreach& b, const std::string& firm_id, Date date);
  const RangeBreach& breach() const { return breach_; }
  Date date() const { return date_; }

 private:
  RangeBreach breach_;
  Date date_;
};

}  // namespace alchemy
