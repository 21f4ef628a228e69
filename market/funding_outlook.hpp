#pragma once
// What a firm can expect from the outside funding market over the coming months, read from the
// model's own sentiment process (MODEL.md §7.20). Sentiment's log x follows an Ornstein–Uhlenbeck
// process dx = κ (μ − x) dt + σ dW (sim/engine/phase_market.cpp, without its feedback terms), so
// its value t years ahead is normal with
//   mean  μ + (x0 − μ) e^{−κ t},   variance  σ² (1 − e^{−2 κ t}) / (2 κ)   (σ² t when κ = 0),
// and the quarter's supply is base · s^ε (0 below the freeze level f). The expected supply
// factor E[s^ε · 1{s ≥ f}] of a lognormal s = e^x with x ~ N(m, v) is
//   e^{ε m + ε² v / 2} · N((m + ε v − ln f) / √v)
// (the partial expectation of a lognormal; with v = 0: e^{ε m} when m ≥ ln f, else 0).

namespace alchemy {

struct LogNormalMoments {
  double mean = 0.0;      // of the log
  double variance = 0.0;  // of the log
};

// The log-sentiment t ≥ 0 years ahead, from log level x0, long-run log level mu, reversion
// kappa ≥ 0 and volatility sigma ≥ 0 (annual).
LogNormalMoments sentiment_outlook(double x0, double mu, double kappa, double sigma, double t);

// P(s ≥ freeze): the probability that the funding market is open at that time (freeze > 0).
double open_probability(const LogNormalMoments& x, double freeze);

// E[s^elasticity · 1{s ≥ freeze}]: the expected supply per unit of base supply (freeze > 0).
double expected_supply_factor(const LogNormalMoments& x, double elasticity, double freeze);

}  // namespace alchemy
