#pragma once
// Structural credit risk: a firm defaults when the value of its assets falls short of what it
// owes. Merton (1974) looks once, at the horizon; Black & Cox (1976) at every instant (the first
// passage of the asset value through a barrier). Lenders price and ration credit with these
// (MODEL.md §7, "Credit pricing", drafted in docs/drafts/credit-pricing.md).
//
// Notation: V asset value, sigma its annual volatility, D the default point (what is due by the
// horizon), K a barrier, r the continuously compounded risk-free rate, T years. The assets follow
// dV = drift V dt + sigma V dW.
//
// Measures. A price (the credit spread) is computed under the risk-neutral measure, drift = r:
// the measure under which discounted claims are martingales. A probability used to decide whether
// to lend at all forecasts real-world default, which takes the physical drift mu (KMV's expected
// default frequency is of this kind, Crosbie & Bohn 2003). The probabilities therefore take the
// drift as an argument: r for the risk-neutral probability, mu for the physical one. With a risk
// premium (mu > r) the risk-neutral probability is the larger, so passing r when no sourced mu
// exists errs on the lender's side; and a drift estimated from a year of prices has a standard
// error of sigma itself (0.3–0.8 for the firms modelled), larger than any plausible premium.
//
// Inputs are finite; sigma < 0 and T < 0 are read as 0. No function here returns NaN.

#include <span>
#include <string>
#include <vector>

namespace alchemy {

// Merton (1974): P(V_T < D) = N(−d2), d2 = (ln(V/D) + (drift − sigma²/2) T) / (sigma √T).
// Risk-neutral with drift = r, physical with drift = mu. D ≤ 0 gives 0, V ≤ 0 gives 1; with
// sigma = 0 or T = 0 the path is certain: 1 when V e^{drift T} < D, else 0.
double merton_default_probability(double V, double sigma, double D, double drift, double T);

// Merton (1974): the yield spread over r of zero-coupon debt with face D due at T,
//   s = −ln(N(d2) + N(−d1) V / (D e^{−rT})) / T,
// risk-neutral by construction (it is a price). Never negative; 0 for D ≤ 0; +∞ when the debt is
// worth nothing (V ≤ 0) and, as T → 0, when V < D (the debt's value V < D is paid in no time).
double merton_credit_spread(double V, double sigma, double D, double r, double T);

// Black & Cox (1976): the probability that V touches a constant barrier K < V at some time in
// [0, T] (first passage), with nu = drift − sigma²/2 and a = ln(V/K):
//   PD = N((−a − nu T)/(sigma √T)) + (K/V)^{2 nu/sigma²} N((−a + nu T)/(sigma √T)).
// V ≤ K gives 1 (the barrier is reached now), K ≤ 0 or T = 0 gives 0; with sigma = 0 the path
// ln V + nu t is certain: 1 when it reaches ln K by T, else 0. It is at least Merton's
// probability with D = K, since ending below K at T implies having touched K.
double black_cox_default_probability(double V, double sigma, double K, double drift, double T);

// A firm's assets read from its equity. `error` is empty when solved, else says why not.
struct ImpliedAssets {
  double value = 0.0;       // V
  double volatility = 0.0;  // sigma_V
  int iterations = 0;       // root-finding steps on sigma_V
  std::string error;
  bool ok() const { return error.empty(); }
};

// Merton (1974) read backwards (Jones, Mason & Rosenfeld 1984; Hull, "Options, Futures and Other
// Derivatives", credit risk chapter, "Using equity prices to estimate default probabilities"):
// equity E is a call on the assets struck at D, and Itô's lemma ties the volatilities, so solve
//   E = V N(d1) − D e^{−rT} N(d2),   sigma_E E = N(d1) sigma_V V
// for V and sigma_V. For each trial sigma_V the first equation fixes V (the call is increasing in
// V); the equity volatility that V and sigma_V imply runs continuously from at most
// sigma_E at sigma_V = sigma_E E / (E + D e^{−rT}) to at least sigma_E at sigma_V = sigma_E
// (proof in the .cpp), so a solution exists for every E > 0, sigma_E > 0, D ≥ 0, T > 0, and
// bracketed false position (Illinois, safeguarded by bisection) in ln sigma_V converges to it in
// 2–40 steps: to 1e-13 relative, or, where E is a small fraction of D, to the ~1e-16 D/E to which
// doubles resolve E against D (E/D = 1e-6: ~1e-10). Errors: E, sigma_E or T not positive, D
// negative (no solution to look for), or E lost in the rounding of D (below ~1e-16 D).
ImpliedAssets implied_asset_value_and_volatility(double E, double sigma_E, double D, double r,
                                                 double T);

// The first of those equations alone: the asset value V at which equity E is the call on the
// assets, for a known sigma_V (a private firm's, from comparables; E its mark). The call is
// increasing and convex in V, so Newton's method from V = E + D e^{−rT}, where the call is at
// least E, converges monotonically. The result carries sigma_V back as its volatility.
ImpliedAssets implied_asset_value(double E, double sigma_V, double D, double r, double T);

// A listed firm that stands in for a private one's asset volatility.
struct Comparable {
  std::string name;
  double equity_value = 0.0;       // market capitalisation, dollars
  double equity_volatility = 0.0;  // annual, e.g. realised_volatility of its daily closes
  double debt = 0.0;               // its default point over the horizon, dollars
};

struct ComparablesVolatility {
  double volatility = 0.0;               // the mean of the comparables' asset volatilities
  std::vector<double> asset_volatility;  // each comparable's, in the order given
  std::string error;                     // empty when every comparable was unlevered
  bool ok() const { return error.empty(); }
};

// The private-firm case: each comparable's equity volatility is unlevered by the Merton inversion
// above (the same model the firm's own prices would go through; for low leverage it is close to
// sigma_E E / (E + D)), and the asset volatilities are averaged with equal weights, as no
// comparable is known to be closer than another. An empty list, or a comparable that cannot be
// unlevered, is an error naming it.
ComparablesVolatility asset_volatility_from_comparables(std::span<const Comparable> comparables,
                                                        double r, double T);

struct VolatilityEstimate {
  double value = 0.0;
  std::string error;  // empty when estimated
  bool ok() const { return error.empty(); }
};

// Annualised realised volatility of daily closes: sqrt(trading_days_per_year × mean of r_i²),
// r_i = ln(p_i / p_{i−1}). Realised variance takes the squared returns without subtracting their
// mean (Andersen & Bollerslev 1998; Hull's simplification for daily data): the daily mean is
// small against the daily spread, and estimating it only adds noise. So a steady trend c per day
// counts as volatility |c| √days. Needs ≥ 2 prices, each positive.
VolatilityEstimate realised_volatility(std::span<const double> prices,
                                       double trading_days_per_year = 252.0);

}  // namespace alchemy
