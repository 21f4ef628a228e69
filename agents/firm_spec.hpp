#pragma once
// A firm as the scenario states it: identity, starting balance sheet, the processes that drive
// its P&L, valuation parameters and strategy rules. Plain data with defaults per kind
// (kind_defaults in firm_kinds.hpp); a scenario overrides any field per firm.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "market/date.hpp"
#include "market/money.hpp"

namespace alchemy {

enum class FirmKind { lab, chipmaker, cloud, investor, lender };
std::string_view to_string(FirmKind k);
std::optional<FirmKind> firm_kind_from_string(std::string_view s);

struct DebtSpec {
  std::string id;
  Money principal;
  double rate = 0.05;  // annual coupon, ACT/365F
  Date maturity;
  bool amortising = false;
  int seniority = 1;   // 0 = senior secured ... higher = more junior
  std::string lender;  // firm id of a lender inside the network; empty = outside lenders
};

// A change of the revenue growth rate from a date on (a piecewise-constant path).
struct GrowthStep {
  Date from;
  double growth = 0.0;  // annual, continuously compounded
};

struct RevenueSpec {
  Money annual;                         // run-rate of external revenue at the start (USD/year)
  double growth = 0.0;                  // annual growth of demand, continuously compounded
  std::vector<GrowthStep> growth_path;  // overrides `growth` from each date on
  // Multiplies the rate of every growth_path step from kGrowthScaleFrom on (step_growth): a
  // sweep can move the years after the calibrated one without rewriting the path.
  double growth_scale = 1.0;
  double volatility = 0.0;  // annual volatility of the demand level (log random walk)
  // Labs: demand = users × paying_share × arpu_monthly × 12 + enterprise (used when users > 0;
  // users and enterprise grow at the growth rate).
  double users = 0.0;
  double paying_share = 0.0;
  double arpu_monthly = 0.0;
  Money enterprise_annual;
};

// The first day growth_scale acts on: the baseline's 2025 is calibrated against sourced figures
// (MODEL.md §6), so the scale leaves it alone and moves only the projected years.
Date growth_scale_from();

// The annual growth a step of the path sets: its rate, times growth_scale if the step begins on
// or after growth_scale_from() (MODEL.md §7.1).
double step_growth(const RevenueSpec& revenue, const GrowthStep& step);

struct CostSpec {
  double cost_of_revenue = 0.3;  // share of revenue (excl. compute) spent to earn it
  Money fixed_annual;            // staff, R&D, SG&A (USD/year)
  double fixed_growth = 0.0;     // annual growth of the fixed costs
};

struct ComputeSpec {
  double gw = 0.0;                  // owned capacity deployed at the start (GW)
  Money fleet_book;                 // book value of the owned fleet at the start
  double depreciation_years = 5.0;  // straight-line life of GPUs
  Money power_per_gw_year;          // power and operations per GW deployed (owned or leased)
  Money revenue_per_gw_year;        // revenue one GW can serve (0 = capacity never binds)
  Money hardware_per_gw;            // cost of one GW of GPUs and data-centre (for buy_compute)
};

struct ValuationSpec {
  double multiple = 10.0;          // base enterprise value / forward revenue at neutral sentiment
  double growth_weight = 10.0;     // multiple points per unit of annual growth (e.g. 0.5 → +5)
  double rate_weight = 50.0;       // multiple points lost per unit of risk-free rate above 4 %
  double kappa = 1.0;              // daily speed of price toward value (1: price is value)
  double volatility = 0.40;        // annual volatility of idiosyncratic news on log value
  double sentiment_beta = 1.0;     // the multiple moves as sentiment^beta (the common factor)
  double sector_weight = 0.0;      // weight of its daily return in the AI-sector return
  double jump_intensity = 0.0;     // expected news jumps per year
  double jump_size = 0.0;          // std. dev. of a news jump in log value
  double announcement_beta = 0.0;  // news jump per announced deal (0: value change only)
  double impairment_threshold = 0.25;  // private marks: impair when shadow < mark × (1 − this)
};

// What a treasury does when its projected cash falls below its buffer (MODEL.md §7.19). New
// actions take the next values, so that the existing ones keep theirs.
enum class TreasuryAction : std::uint8_t {
  raise_equity,
  raise_debt,
  sell_stakes,
  cut_purchases,
  draw_credit_line,
  sell_assets,
  defer_purchases
};
// Every action, in the order a kind's default order would take them.
inline constexpr TreasuryAction kTreasuryActions[] = {
    TreasuryAction::draw_credit_line, TreasuryAction::raise_equity, TreasuryAction::raise_debt,
    TreasuryAction::sell_stakes,      TreasuryAction::sell_assets,  TreasuryAction::defer_purchases,
    TreasuryAction::cut_purchases};
// The action's name in a scenario's `treasury.actions` and in events' `action` field.
constexpr const char* to_string(TreasuryAction a) {
  switch (a) {
    case TreasuryAction::raise_equity:
      return "raise_equity";
    case TreasuryAction::raise_debt:
      return "raise_debt";
    case TreasuryAction::sell_stakes:
      return "sell_stakes";
    case TreasuryAction::cut_purchases:
      return "cut_purchases";
    case TreasuryAction::draw_credit_line:
      return "draw_credit_line";
    case TreasuryAction::sell_assets:
      return "sell_assets";
    case TreasuryAction::defer_purchases:
      return "defer_purchases";
  }
  return "";
}

// How the firm's treasury looks ahead (MODEL.md §7.18): the cash projection behind
// `runway_months`, `projected_gap` and `months_to_gap`; and its liquidity policy (§7.19): the
// buffer it keeps and the actions it takes, in this order, when the projection falls below it.
struct TreasurySpec {
  int horizon_months = 12;     // months projected, from today
  double buffer_months = 0.0;  // cash kept: months of average operating outflow and debt service
  std::vector<TreasuryAction> actions;  // tried in order, one a day; none: no policy
  int review_days = 30;   // after the last action of the order, days before it starts again
  double max_rate = 1.0;  // raise_debt: refuses debt priced above this annual rate
  // sell_assets: outside buyers pay (1 − this) of the book value of other_assets. Assumption:
  // a seller in need of cash sells at a discount (Shleifer & Vishny 1992, 2011); measured
  // discounts of forced sales run from ~14 % (aircraft, Pulvino 1998) to ~27 % (foreclosed
  // houses, Campbell, Giglio & Pathak 2011); MODEL.md §7.19.
  double asset_haircut = 0.2;
};

struct RuleSpec {
  std::string when;        // condition expression, e.g. "runway_months < 9 and sentiment > 0.8"
  std::string action;      // action name, e.g. "raise_equity"
  Money amount;            // action's amount where it takes one
  double share = 0.0;      // action's share where it takes one (of a commitment, of a stake)
  std::string target;      // counterparty or contract id where the action names one
  int cooldown_days = 90;  // a rule fires at most once per cooldown
  // Guards, so that no rule can drain the firm: a cash-spending action (buyback, buy_compute,
  // vendor_invest) spends at most cash − min_cash; raise_debt refuses a rate above max_rate.
  // The loader requires them on such rules (min_cash > 0, max_rate < 100 %) unless `deliberate`.
  Money min_cash;
  double max_rate = 1.0;
  std::string deliberate;  // why a guard is deliberately absent (listed in the README)
};

// Shares of another firm held at the start (e.g. Microsoft's earlier investment in OpenAI).
struct StakeSpec {
  std::string issuer;  // firm id
  double shares = 0.0;
};

struct FirmSpec {
  std::string id;
  std::string name;
  FirmKind kind = FirmKind::lab;
  bool listed = true;   // public (market price) or private (shadow value + mark)
  double shares = 1e9;  // shares outstanding at the start
  double price = 1.0;   // public: share price; private: price per share of last round
  Money cash;
  Money other_assets;  // non-compute financial assets at book (investments, loans to outsiders)
  // Operating assets at book that the revenue multiple already values (goodwill, intangibles,
  // inventories, deferred tax, right-of-use and other): on the balance sheet, not in the value.
  Money operating_assets;
  // Non-debt liabilities at book (trade payables to outsiders, accrued, deferred revenue, taxes,
  // lease liabilities, other): owed to outside creditors; kept constant until a default.
  Money other_liabilities;
  std::vector<DebtSpec> debt;
  std::vector<StakeSpec> stakes;
  RevenueSpec revenue;
  CostSpec costs;
  ComputeSpec compute;
  ValuationSpec valuation;
  TreasurySpec treasury;
  std::vector<RuleSpec> rules;
  // Default as soon as book equity is negative, even with cash to pay what is due: a bank under
  // a regulator, and the default criterion of Gai & Kapadia (2010). Otherwise a firm defaults
  // only when it cannot pay (overdue beyond the grace period, or distressed and insolvent).
  bool default_when_insolvent = false;
  // Why a load-time consistency check (negative starting book equity, a starting price far
  // from the firm's own model value) deliberately does not apply; empty: every check applies.
  std::string deliberate;
};

}  // namespace alchemy
