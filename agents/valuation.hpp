#pragma once
// A firm's fundamental value, the part that does not run through other firms' prices: a revenue
// multiple driven by growth, sentiment and the risk-free rate, times forward revenue from
// outside customers, plus net financial assets. The network parts (stakes, warrants, revenue
// from network customers, funding committed by network investors, loans to network firms) are
// added as channels by the market phase (sim/engine/phase_market.cpp), each at the counterparty's
// price.

#include "agents/firm_spec.hpp"
#include "agents/firm_state.hpp"

namespace alchemy {

// Enterprise value per USD of forward revenue:
//   m = max(0.5, multiple + growth_weight·g − rate_weight·(r − 4 %)) · sentiment^sentiment_beta
double revenue_multiple(const ValuationSpec& v, double growth, double sentiment, double risk_free);

// The share of the gap to fundamental value a price closes over a step of `days` (≥ 1) days,
// from the daily speed κ (clamped to [0, 1]): 1 − (1 − κ)^days (MODEL.md §7.7).
double kappa_over(double daily_kappa, double days);

// Forward (next-year) external revenue: the served run-rate grown by one year of demand growth,
// capped by the revenue capacity of deployed compute when the firm has one.
double forward_external_revenue(const FirmSpec& spec, const FirmState& f);
// The same with the year's growth factor exp(g) given (the market phase keeps it between ticks:
// g changes only at steps of the growth path and with shocks).
double forward_external_revenue(const FirmSpec& spec, const FirmState& f, double growth_factor);

// The annual volatility of the firm's log value from news: its own news and its loading on the
// common factor, sqrt(volatility² + (sentiment_beta × factor_volatility)²) (MODEL.md §7.7).
double value_volatility(const ValuationSpec& v, double factor_volatility);

// The growth the market prices at `today`: the average of the scheduled growth over the next
// year, the current `growth` until each dated step of the path and the step's growth after it
// (MODEL.md §7.7). A step is known in advance, so the value moves toward it over the year before
// it rather than jumping on its date; exp(forward growth) is the next year's demand factor.
double forward_growth(const RevenueSpec& revenue, double growth, Date today);

// The value limited liability adds to equity (MODEL.md §7.7): a one-year European put on the
// enterprise value `ev` struck at the firm's fixed claims `liabilities`, at volatility `sigma` and
// a zero rate (Merton 1974; equity = ev − liabilities + put, the call by put–call parity). 0
// when nothing is owed; max(0, liabilities − ev) when sigma is 0.
double limited_liability_put(double ev, double liabilities, double sigma);

// A live firm's shares trade at no less than the smallest quote increment for stocks below 1 USD,
// 0.0001 USD (SEC Regulation NMS, Rule 612): a firm worth nothing to its shareholders but not in
// default is a penny stock, not a price of 1e-300 at which 10 B would buy 1e313 shares; nor are
// new shares issued below it.
inline constexpr double kMinimumQuote = 1e-4;

// Cash + receivables + loans to outside + other assets − debt − payables, in USD (loans to
// network firms are excluded: they are channels).
double net_financial_assets(const FirmState& f, double network_loans);

// Fully diluted shares by the treasury-stock method: warrants outstanding on the firm add
// n·(1 − K/P) shares when in the money.
double diluted_shares(double shares, double warrant_shares, double strike, double price);

}  // namespace alchemy
