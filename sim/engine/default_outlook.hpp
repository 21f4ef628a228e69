#pragma once
// A firm's probability of default over its treasury horizon, the one number that equity holders,
// lenders and the funding market read (MODEL.md §7.20, issue 17 item 3). Two ways to fail:
//
//  - liquidity: the projection shows committed payments that cash and committed inflows do not
//    cover (the need N, first uncovered in month k). The firm survives them if the outside funding
//    market supplies N before then. The expected supply by that date is what is left of this
//    quarter (0 while frozen) plus, for each quarter that starts before the need, the base supply
//    times the expected sentiment factor E[s^ε · 1{s ≥ freeze}] read from the sentiment process
//    (market/funding_outlook.hpp) — if some funder would take the firm at all: equity investors
//    when their participation constraint holds for an issue of N (the going-concern value, its
//    commitments' cost included, leaves the new shares worth their price), lenders when its
//    solvency PD is at most their cut-off. Liquidity survival = min(1, expected supply / N), 0 when
//    no funder would. Every other firm's raises compete for the same pool, so this is an upper
//    bound on what the firm can get;
//  - solvency: Black & Cox (1976) first passage of the assets V — the firm's going-concern equity
//    value E (multiple × forward revenue + net financial assets + its holdings and receipts at
//    their counterparties' prices − the cost of its idle commitments, §7.21) plus its debt —
//    through the default point
//    K = the committed payments over the horizon that its own committed inflows do not cover
//    (cash is part of V) plus half its debt (Crosbie & Bohn 2003), with asset volatility
//    σ_V = σ_E · E / V from the firm's own price volatility, over the horizon, at the risk-free
//    drift; PD 1 when E ≤ 0 (insolvent on its own valuation).
//
// Probability of default = 1 − liquidity survival × (1 − solvency PD).

#include <cstdint>

#include "market/money.hpp"

namespace alchemy {

struct TickContext;
struct CashProjection;
struct ProjectionIndex;

// An equity issue of `amount` at the market's terms (MODEL.md §7.6, §7.19): a discount growing
// with the size, and the investors' participation constraint (Myers 1977): the firm's
// going-concern equity value — commitments included (§7.21), before the survival factor, as the
// market phase last set it — plus the new money, per diluted share after the issue, must be at
// least the issue price.
struct EquityOffer {
  double discount = 0.0;
  double price = 0.0;      // per share
  double shares = 0.0;     // new shares
  double value_net = 0.0;  // (going-concern value + amount) / (D + shares)
  bool accepted = false;   // value_net ≥ price
};
EquityOffer equity_offer(const TickContext& ctx, std::int32_t firm, Money amount);

// The probability that equity investors will take an issue when it is made (MODEL.md §7.20): that
// the risky part of the value, lognormal with log-spread `spread` (σ √t) and no drift, is then at
// least `hurdle`, Φ(ln(risky / hurdle) / spread); 1 when hurdle ≤ 0, 0 when risky ≤ 0.
double equity_access_probability(double risky, double hurdle, double spread);

struct DefaultOutlook {
  Money need;                              // N: the uncovered committed payments (0: none)
  int need_month = -1;                     // the first month whose end cash is below 0; −1: none
  Money expected_funding;                  // the supply the market is expected to offer before then
  bool equity_access = true;               // investors would buy an issue of `need` today
  double equity_access_probability = 1.0;  // ... when the need falls due (MODEL.md §7.20)
  bool debt_access = true;                 // lenders would lend (solvency PD ≤ their cut-off)
  double liquidity_survival = 1;           // access × min(1, expected_funding / need)
  double solvency_pd = 0.0;                // Black–Cox over the horizon
  double default_probability = 0.0;
};

// `firm`'s outlook from its projection `p` made this tick.
DefaultOutlook default_outlook(const TickContext& ctx, std::int32_t firm, const CashProjection& p);

}  // namespace alchemy
