#include "agents/firm_kinds.hpp"

namespace alchemy {

namespace {

// Assumption: no firm of the default kinds borrows above 15 % a year (deep high-yield territory:
// a lender asking more is pricing a likely default); MODEL.md §7.
constexpr double kDefaultMaxRate = 0.15;
// Assumption: a chipmaker's buyback leaves at least 5 B of cash (about a quarter of AMD's
// operating costs, a tenth of NVIDIA's); MODEL.md §7.
const Money kDefaultBuybackFloor = Money::from_dollars(5e9);
// Assumption: every kind's treasury looks a year ahead (issue 17; the horizon of a firm's annual
// budget and of the market's one-year channels), MODEL.md §7.18.
constexpr int kDefaultHorizonMonths = 12;
// Assumption: a treasury keeps three months of its projected operating outflows and debt service
// in cash (a quarter's bills: what a firm must pay before the next quarter's funding can arrive),
// MODEL.md §7.19; swept in configs/sweeps/treasury_buffer.yaml.
constexpr double kDefaultBufferMonths = 3.0;

using A = TreasuryAction;

// The liquidity policy of a kind: the buffer and the order of actions.
// draw_credit_line leads every order and defer_purchases comes before cut_purchases: a firm
// without a committed facility, or without a deferrable purchase, has the action dropped when the
// scenario is loaded (scenario_consistency.cpp), so it costs such a firm nothing.
TreasurySpec treasury(std::vector<TreasuryAction> actions) {
  TreasurySpec t;
  t.horizon_months = kDefaultHorizonMonths;
  t.buffer_months = actions.empty() ? 0.0 : kDefaultBufferMonths;
  t.actions = std::move(actions);
  t.max_rate = kDefaultMaxRate;
  return t;
}

}  // namespace

// Defaults are rounded, public-order-of-magnitude figures for each kind of firm in the AI-compute
// web; each is an assumption a scenario can override (MODEL.md, "Initialisation").
FirmSpec kind_defaults(FirmKind kind) {
  FirmSpec f;
  f.kind = kind;
  switch (kind) {
    case FirmKind::lab:
      // Private, cash-burning, valued on growth; revenue needs compute.
      f.listed = false;
      f.costs.cost_of_revenue = 0.30;
      f.compute.depreciation_years = 5.0;
      f.compute.power_per_gw_year = Money::from_dollars(1.0e9);
      f.compute.revenue_per_gw_year = Money::from_dollars(8.0e9);
      f.compute.hardware_per_gw = Money::from_dollars(35.0e9);
      f.valuation = {.multiple = 12.0,
                     .growth_weight = 15.0,
                     .rate_weight = 100.0,
                     .kappa = 1.0,
                     .volatility = 0.35,
                     .sentiment_beta = 1.0,
                     .sector_weight = 0.0,
                     .jump_intensity = 0.0,
                     .jump_size = 0.0,
                     .announcement_beta = 0.0,
                     .impairment_threshold = 0.25};
      // A private lab draws its committed credit lines first (cash already promised), then sells
      // equity (its rounds), borrows, sells what it holds, and last defers, then cuts, what it
      // has ordered.
      f.treasury = treasury({A::draw_credit_line, A::raise_equity, A::raise_debt, A::sell_stakes,
                             A::sell_assets, A::defer_purchases, A::cut_purchases});
      break;
    case FirmKind::chipmaker:
      f.costs.cost_of_revenue = 0.30;
      f.compute.depreciation_years = 5.0;
      f.valuation = {.multiple = 12.0,
                     .growth_weight = 20.0,
                     .rate_weight = 60.0,
                     .kappa = 1.0,
                     .volatility = 0.45,
                     .sentiment_beta = 1.0,
                     .sector_weight = 1.0,
                     .jump_intensity = 0.0,
                     .jump_size = 0.0,
                     .announcement_beta = 0.0,
                     .impairment_threshold = 0.25};
      f.rules = {
          {.when = "drawdown > 30% and runway_months > 60",
           .action = "buyback",
           .amount = Money::from_dollars(10e9),
           .share = 0.0,
           .target = "",
           .cooldown_days = 180,
           .min_cash = kDefaultBuybackFloor,
           .max_rate = 1.0,
           .deliberate = ""},
      };
      // Listed firms with investment-grade access draw their credit lines, then borrow (the
      // pecking order, Myers & Majluf 1984), then issue shares.
      f.treasury = treasury({A::draw_credit_line, A::raise_debt, A::raise_equity, A::sell_stakes,
                             A::sell_assets, A::defer_purchases, A::cut_purchases});
      break;
    case FirmKind::cloud:
      f.costs.cost_of_revenue = 0.45;
      f.compute.depreciation_years = 6.0;
      f.compute.power_per_gw_year = Money::from_dollars(1.0e9);
      f.compute.hardware_per_gw = Money::from_dollars(35.0e9);
      f.valuation = {.multiple = 6.0,
                     .growth_weight = 15.0,
                     .rate_weight = 60.0,
                     .kappa = 1.0,
                     .volatility = 0.40,
                     .sentiment_beta = 1.0,
                     .sector_weight = 1.0,
                     .jump_intensity = 0.0,
                     .jump_size = 0.0,
                     .announcement_beta = 0.0,
                     .impairment_threshold = 0.25};
      f.treasury = treasury({A::draw_credit_line, A::raise_debt, A::raise_equity, A::sell_stakes,
                             A::sell_assets, A::defer_purchases, A::cut_purchases});
      break;
    case FirmKind::investor:
      f.costs.cost_of_revenue = 0.0;
      f.valuation = {.multiple = 1.0,
                     .growth_weight = 0.0,
                     .rate_weight = 0.0,
                     .kappa = 1.0,
                     .volatility = 0.30,
                     .sentiment_beta = 1.0,
                     .sector_weight = 0.0,
                     .jump_intensity = 0.0,
                     .jump_size = 0.0,
                     .announcement_beta = 0.0,
                     .impairment_threshold = 0.25};
      // An investor sells holdings before it borrows against them.
      f.treasury = treasury({A::draw_credit_line, A::sell_stakes, A::sell_assets, A::raise_debt});
      break;
    case FirmKind::lender:
      f.costs.cost_of_revenue = 0.0;
      f.valuation = {.multiple = 1.0,
                     .growth_weight = 0.0,
                     .rate_weight = 0.0,
                     .kappa = 1.0,
                     .volatility = 0.20,
                     .sentiment_beta = 1.0,
                     .sector_weight = 0.0,
                     .jump_intensity = 0.0,
                     .jump_size = 0.0,
                     .announcement_beta = 0.0,
                     .impairment_threshold = 0.25};
      f.treasury = treasury({});  // a bank's liquidity is outside the model
      break;
  }
  return f;
}

}  // namespace alchemy
