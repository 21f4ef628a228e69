#pragma once
// A firm's probability of default over its treasury horizon, the one number that equity holders,
// lenders and the funding market read (MODEL.md §7.20, issue 17 item 3). Two ways to fail:
//
//  - liquidity: the projection shows committed payments that cash and committed inflows do not
//    cover (the need N, first uncovered in month k). The firm survives them if the outside funding
//    market supplies N before then. The expected supply by that date is what is left of this
//    quarter (0 while frozen) plus, for each quarter that starts before the need, the base supply
//    times the expected sentiment factor E[s^ε · 1{s ≥ freeze}] read from the sentiment process
//    (market/funding_outlook.hpp). Liquidity survival = min(1, expected supply / N). Every other
//    firm's raises compete for the same pool, so this is an upper bound on what the firm can get;
//  - solvency: Black & Cox (1976) first passage of the assets V — the firm's stand-alone value
//    (multiple × forward revenue + net financial assets) plus its debt — through the default point
//    K = the committed payments over the horizon that its own committed inflows do not cover
//    (cash is part of V), with asset volatility σ_V = σ_E · E / V from the firm's own price
//    volatility, over the horizon, at the risk-free drift.
//
// Probability of default = 1 − liquidity survival × (1 − solvency PD).

#include <cstdint>

#include "market/money.hpp"

namespace alchemy {

struct TickContext;
struct CashProjection;

struct DefaultOutlook {
  Money need;                     // N: the uncovered committed payments (0: none)
  int need_month = -1;            // the first month whose end cash is below 0; −1: none
  Money expected_funding;         // the supply the market is expected to offer before then
  double liquidity_survival = 1;  // min(1, expected_funding / need)
  double solvency_pd = 0.0;       // Black–Cox over the horizon
  double default_probability = 0.0;
};

// `firm`'s outlook from its projection made this tick.
DefaultOutlook default_outlook(const TickContext& ctx, std::int32_t firm, const CashProjection& p);

}  // namespace alchemy
