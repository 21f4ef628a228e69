#pragma once
// A firm's state during a run: its balance sheet (exact, in cents), the processes behind its P&L,
// its price or mark, and running totals of every flow that changes its equity, recorded
// separately so that tests can check
//     Δ book equity = net income + revaluations + capital issued − distributions
// rather than assume it.

#include <climits>
#include <cstdint>
#include <vector>

#include "agents/firm_spec.hpp"
#include "market/date.hpp"
#include "market/money.hpp"
#include "market/rng.hpp"

namespace alchemy {

struct DebtState {
  std::string id;
  Money principal;     // outstanding
  double rate = 0.05;  // annual, ACT/365F
  Date maturity;
  bool amortising = false;
  int seniority = 1;
  std::int32_t lender = -1;    // firm index of a network lender, -1 = outside lenders
  std::int32_t contract = -1;  // loan contract index, -1 = not a contract
  bool gpu_collateral = false;
  double max_ltv = 0.0;
  // GPUs pledged to this debt alone (a loan that `finances` a GPU supply is secured by the GPUs
  // each draw paid for): their cost, their depreciated book value, and their GW. Zero: a
  // gpu_collateral debt is secured on the firm's unpledged fleet.
  Money pledged_cost;
  Money pledged_book;
  double pledged_gw = 0.0;
  double pledged_index = 1.0;  // the GPU index when they were bought: their value moves from it
  std::int32_t margin_call_day = INT32_MIN;  // Date::days of an open margin call, else INT32_MIN
  friend bool operator==(const DebtState&, const DebtState&) = default;
};

struct StakeState {
  std::int32_t issuer = 0;  // firm index
  double shares = 0.0;
  Money booked;  // carrying value at the last mark
  friend bool operator==(const StakeState&, const StakeState&) = default;
};

// Cumulative flows that change book equity (since the start of the run).
struct EquityFlows {
  Money net_income;
  Money revaluations;    // marks of stakes and warrants, fleet impairment on collateral seizure
  Money capital_issued;  // new shares sold (raises, tranches, warrant exercise)
  Money distributions;   // buybacks
  friend bool operator==(const EquityFlows&, const EquityFlows&) = default;
};

struct FirmState {
  // Balance sheet: assets
  Money cash;
  Money receivables;  // owed by others (network firms or outside customers)
  Money fleet_book;   // compute fleet at depreciated cost
  Money fleet_gross;  // cost of the fleet still depreciating (straight line)
  Money loans_held;   // principal lent to network firms
  Money other_assets;
  Money operating_assets;
  std::vector<StakeState> stakes;
  Money warrants_booked;  // warrants held, at the last mark
  // Liabilities
  std::vector<DebtState> debt;
  Money payables;           // owed to others (trade payables, overdue amounts)
  Money other_liabilities;  // non-debt liabilities to outsiders at book (FirmSpec)

  // Capacity
  double gw_owned = 0.0;
  double gw_leased = 0.0;

  // Shares and price
  double shares = 0.0;          // outstanding
  double diluted_shares = 0.0;  // treasury-stock method over warrants granted
  double price = 0.0;           // public: market price; private: shadow price (model)
  double mark = 0.0;            // private: accounting mark per share; public: = price
  double peak_price = 0.0;
  // Log of the news factor on the firm's enterprise value: a random walk of its idiosyncratic
  // news and announced deals (MODEL.md §7.7), 0 at the start.
  double news = 0.0;
  double last_round_price = 0.0;  // private: price of the last priced round

  // Revenue and cost processes
  double demand = 0.0;       // annual run-rate of external demand (USD/year)
  double growth = 0.0;       // current annual growth of demand
  double fixed_costs = 0.0;  // annual (USD/year)

  // Status
  bool distressed = false;
  bool defaulted = false;
  bool backstopped = false;  // a `backstop` shock: an outside rescuer pays what it owes when due
  std::int32_t overdue_days = 0;  // consecutive days with an overdue payable

  // Treasury (MODEL.md §7.19): the open episode of a projected gap and where the firm is in its
  // order of actions.
  std::uint64_t treasury_gap_event = 0;          // seq of the episode's treasury_gap event; 0: none
  std::int32_t treasury_step = 0;                // the next action of the order to try
  std::int32_t treasury_wait_until = INT32_MIN;  // Date::days before which it takes no action
  // Its probability of default over the treasury horizon (MODEL.md §7.20), set each tick in the
  // decisions phase: read by its equity value, its lenders and the funding market.
  double default_probability = 0.0;
  // Set each tick in the market phase, before prices move (MODEL.md §7.21, §7.20): what its
  // purchase commitments are worth to it (the value their capacity adds less what they still
  // cost), and its going-concern equity value at the tick's starting prices (value before the
  // survival factor), which equity investors read the next tick; and the enterprise value
  // (going concern before limited liability + debt + payables) with its volatility (its risky
  // share's, MODEL.md §7.7), which the solvency model and lenders read; and the risky part of its
  // value (own business and network claims), on which equity investors' access is read (§7.20).
  double commitment_value = 0.0;
  double going_concern_value = 0.0;
  double enterprise_value = 0.0;
  double enterprise_volatility = 0.0;
  double risky_value = 0.0;
  // The latest event that hit the firm unforeseen by its projection (a margin call, a seizure, a
  // shock naming it or the whole market) and its Date::days: the cause of a gap it opens, or of
  // a missed payment or default it brings about (MODEL.md §7.19).
  std::uint64_t surprise_event = 0;
  std::int32_t surprise_day = INT32_MIN;
  // Its `default` event's seq once it defaulted (0 before): the event a creditor's shortfall line
  // on it points to (MODEL.md §7.23).
  std::uint64_t default_event = 0;

  // Period flows (since the last recorded series row) and trailing figures
  Money period_revenue;
  Money period_net_income;
  double net_income_trailing = 0.0;  // exponentially smoothed annual rate (USD/year)
  Money income_at_last_tick;         // flows.net_income at the end of the previous tick

  EquityFlows flows;
  std::vector<std::int32_t> rule_last_fired;  // days (Date::days) per rule, or INT32_MIN
  Rng rng;

  Money total_debt() const {
    Money d;
    for (const auto& x : debt)
      d += x.principal;
    return d;
  }
  Money stakes_booked() const {
    Money s;
    for (const auto& x : stakes)
      s += x.booked;
    return s;
  }
  Money total_assets() const {
    return cash + receivables + fleet_book + loans_held + other_assets + operating_assets +
           stakes_booked() + warrants_booked;
  }
  Money total_liabilities() const { return total_debt() + payables + other_liabilities; }
  Money book_equity() const { return total_assets() - total_liabilities(); }
  double gw() const { return gw_owned + gw_leased; }

  // P&L bookings: every item of income or expense goes through these two, so net income is the
  // sum of what was booked, recorded apart from the balance sheet it changes.
  void book_revenue(Money m) {
    period_revenue += m;
    book_income(m);
  }
  void book_income(Money m) {
    flows.net_income += m;
    period_net_income += m;
  }

  friend bool operator==(const FirmState&, const FirmState&) = default;
};

}  // namespace alchemy
