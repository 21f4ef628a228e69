#include "market/debtrank.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace alchemy {

const char* to_string(DebtRankVariant v) {
  return v == DebtRankVariant::original ? "original" : "linear";
}

LeverageMatrix leverage_matrix(std::size_t firm_count, std::span<const Liability> liabilities,
                               std::span<const double> equity) {
  if (equity.size() != firm_count) {
    throw std::invalid_argument("equity: expected one per firm (" + std::to_string(firm_count) +
                                "), got " + std::to_string(equity.size()));
  }
  const CreditorRows rows = group_by_creditor(firm_count, liabilities);
  LeverageMatrix lev;
  lev.firm_count = firm_count;
  lev.row_start.assign(firm_count + 1, 0);
  lev.no_buffer.assign(firm_count, 0);
  lev.debtor.reserve(rows.entry_count());
  lev.value.reserve(rows.entry_count());
  for (std::size_t i = 0; i < firm_count; ++i) {
    if (!std::isfinite(equity[i])) {
      throw std::invalid_argument("equity of firm " + std::to_string(i) + ": not finite");
    }
    lev.row_start[i] = lev.debtor.size();
    if (equity[i] <= 0.0) {
      lev.no_buffer[i] = 1;
      continue;
    }
    for (std::size_t e = rows.row_start[i]; e < rows.row_start[i + 1]; ++e) {
      lev.debtor.push_back(rows.debtor[e]);
      lev.value.push_back(rows.amount[e] / equity[i]);
    }
  }
  lev.row_start[firm_count] = lev.debtor.size();
  return lev;
}

std::vector<double> equity_weights(std::span<const double> equity) {
  double total = 0.0;
  for (double e : equity)
    total += std::max(e, 0.0);
  std::vector<double> v(equity.size());
  for (std::size_t i = 0; i < equity.size(); ++i) {
    v[i] =
        total > 0.0 ? std::max(equity[i], 0.0) / total : 1.0 / static_cast<double>(equity.size());
  }
  return v;
}

namespace {

void check_inputs(const LeverageMatrix& lev, std::span<const double> shock,
                  std::span<const double> weights) {
  if (shock.size() != lev.firm_count) {
    throw std::invalid_argument("shock: expected one h per firm (" +
                                std::to_string(lev.firm_count) + "), got " +
                                std::to_string(shock.size()));
  }
  for (double h : shock) {
    if (!(h >= 0.0 && h <= 1.0)) throw std::invalid_argument("shock: every h must lie in [0, 1]");
  }
  if (!weights.empty() && weights.size() != lev.firm_count) {
    throw std::invalid_argument("weights: expected one per firm");
  }
}

// Battiston et al. (2012): each distressed firm passes its level on once, then goes inactive.
std::size_t propagate_original(const LeverageMatrix& lev, std::vector<double>& h) {
  enum : std::uint8_t { undistressed, distressed, inactive };
  const std::size_t n = lev.firm_count;
  std::vector<std::uint8_t> state(n, undistressed);
  for (std::size_t i = 0; i < n; ++i) {
    if (h[i] > 0.0) state[i] = distressed;
  }
  std::vector<double> passed(n);  // h_j(t−1) of the firms distressed at t−1, else 0
  std::size_t rounds = 0;
  while (std::find(state.begin(), state.end(), distressed) != state.end()) {
    for (std::size_t j = 0; j < n; ++j)
      passed[j] = state[j] == distressed ? h[j] : 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      double in = 0.0;
      for (std::size_t k = lev.row_start[i]; k < lev.row_start[i + 1]; ++k) {
        in += std::min(1.0, lev.value[k]) * passed[lev.debtor[k]];
      }
      if (in > 0.0) h[i] = std::min(1.0, h[i] + in);
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (state[i] == distressed) {
        state[i] = inactive;
      } else if (state[i] == undistressed && h[i] > 0.0) {
        state[i] = distressed;
      }
    }
    ++rounds;
  }
  return rounds;
}

// Bardoscia et al. (2015), eq. 6: increments keep propagating until they die out.
std::size_t propagate_linear(const LeverageMatrix& lev, std::vector<double>& h,
                             const DebtRankOptions& o, bool& converged) {
  const std::size_t n = lev.firm_count;
  std::vector<double> delta = h;  // h(1) − h(0) with h(0) = 0
  std::vector<double> next(n);
  std::size_t rounds = 0;
  converged = false;
  while (rounds < o.max_rounds) {
    double moved = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      double in = 0.0;
      for (std::size_t k = lev.row_start[i]; k < lev.row_start[i + 1]; ++k) {
        in += lev.value[k] * delta[lev.debtor[k]];
      }
      next[i] = std::min(1.0, h[i] + in);
    }
    for (std::size_t i = 0; i < n; ++i) {
      delta[i] = next[i] - h[i];
      moved = std::max(moved, delta[i]);
      h[i] = next[i];
    }
    if (moved == 0.0) {
      converged = true;
      break;
    }
    ++rounds;
    if (moved <= o.tolerance) {
      converged = true;
      break;
    }
  }
  return rounds;
}

}  // namespace

DebtRankResult debtrank(const LeverageMatrix& lev, std::span<const double> shock,
                        std::span<const double> weights, const DebtRankOptions& options) {
  check_inputs(lev, shock, weights);
  const std::size_t n = lev.firm_count;
  DebtRankResult res;
  res.h.assign(shock.begin(), shock.end());
  for (std::size_t i = 0; i < n; ++i) {
    if (lev.no_buffer[i]) res.h[i] = 1.0;
  }
  res.initial_h = res.h;
  if (options.variant == DebtRankVariant::original) {
    res.rounds = propagate_original(lev, res.h);
  } else {
    res.rounds = propagate_linear(lev, res.h, options, res.converged);
  }
  const double uniform = n > 0 ? 1.0 / static_cast<double>(n) : 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = weights.empty() ? uniform : weights[i];
    res.total_loss += v * res.h[i];
    res.debtrank += v * (res.h[i] - res.initial_h[i]);
    if (res.h[i] >= 1.0) ++res.default_count;
  }
  return res;
}

std::vector<double> systemic_impact(const LeverageMatrix& lev, std::span<const double> weights,
                                    const DebtRankOptions& options) {
  const std::size_t n = lev.firm_count;
  std::vector<double> impact(n);
  std::vector<double> shock(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    shock[i] = 1.0;
    impact[i] = debtrank(lev, shock, weights, options).debtrank;
    shock[i] = 0.0;
  }
  return impact;
}

std::vector<ImpactRank> rank_by_impact(std::span<const double> impact) {
  std::vector<ImpactRank> ranks(impact.size());
  for (std::size_t i = 0; i < impact.size(); ++i) {
    ranks[i] = {static_cast<FirmIndex>(i), impact[i]};
  }
  std::stable_sort(ranks.begin(), ranks.end(), [](const ImpactRank& a, const ImpactRank& b) {
    return a.debtrank > b.debtrank;
  });
  return ranks;
}

}  // namespace alchemy
