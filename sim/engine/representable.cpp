#include "sim/engine/representable.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <utility>

#include "sim/world/world.hpp"

namespace alchemy {

namespace {

constexpr std::int64_t kMaxCents = static_cast<std::int64_t>(kMaxAmountUsd * 100.0);

// Outstanding shares, or the diluted count when warrants add to it: what a price is paid on.
double market_value(const FirmState& f) {
  return f.price * std::max(f.shares, f.diluted_shares);
}

bool beyond(double usd) {
  return !(std::fabs(usd) <= kMaxAmountUsd);  // NaN is beyond too
}

}  // namespace

std::optional<RangeBreach> compounding_breach(const World& w) {
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    const FirmState& f = w.firms[i];
    const std::int64_t cash = f.cash.in_cents();
    if (cash > kMaxCents || cash < -kMaxCents) [[unlikely]]
      return RangeBreach{static_cast<std::int32_t>(i), "cash", f.cash.dollars()};
    if (beyond(market_value(f))) [[unlikely]]
      return RangeBreach{static_cast<std::int32_t>(i), "market_value", market_value(f)};
  }
  return std::nullopt;
}

RangeBreach explain_overflow(const World& w, double thrown_dollars) {
  RangeBreach largest{-1, "money", thrown_dollars};
  double largest_size = -1.0;
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    const FirmState& f = w.firms[i];
    const auto firm = static_cast<std::int32_t>(i);
    // Every amount of series.csv (named as its column), and the processes that drive them.
    for (const auto& [name, usd] : std::initializer_list<std::pair<const char*, double>>{
             {"cash", f.cash.dollars()},
             {"market_value", market_value(f)},
             {"price", f.price},
             {"receivables", f.receivables.dollars()},
             {"fleet", f.fleet_book.dollars()},
             {"stakes", f.stakes_booked().dollars()},
             {"warrants", f.warrants_booked.dollars()},
             {"other_assets", f.other_assets.dollars()},
             {"operating_assets", f.operating_assets.dollars()},
             {"other_liabilities", f.other_liabilities.dollars()},
             {"loans_held", f.loans_held.dollars()},
             {"debt", f.total_debt().dollars()},
             {"payables", f.payables.dollars()},
             {"demand", f.demand},
             {"fixed_costs", f.fixed_costs},
             {"net_income", f.net_income_trailing},
         }) {
      if (beyond(usd)) return RangeBreach{firm, name, usd};
      if (std::fabs(usd) > largest_size) {
        largest_size = std::fabs(usd);
        largest = RangeBreach{firm, name, usd};
      }
    }
  }
  return largest;
}

ModelOutOfRange::ModelOutOfRange(const RangeBreach& b, const std::string& firm_id, Date date)
    : std::runtime_error("the model left its representable range on " + date.iso() + ": " +
                         (b.firm >= 0 ? "firm " + firm_id + ", " : std::string()) + b.variable +
                         " = " + std::to_string(b.value) + " USD (limit ±1e15 USD, " +
                         "10^15; see README, Exit codes)"),
      breach_(b),
      date_(date) {}

}  // namespace alchemy
