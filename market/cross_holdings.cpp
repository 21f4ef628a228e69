#include "market/cross_holdings.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace alchemy {

namespace {

// C in compressed rows by holder.
struct HoldingRows {
  std::vector<std::size_t> row_start;
  std::vector<FirmIndex> issuer;
  std::vector<double> share;
};

HoldingRows validate_and_group(const CrossHoldingsInput& in, std::vector<double>& outside_share) {
  const std::size_t n = in.firm_count;
  auto need = [n](const std::vector<double>& v, const char* what) {
    if (v.size() != n) {
      throw std::invalid_argument(std::string(what) + ": expected one per firm (" +
                                  std::to_string(n) + "), got " + std::to_string(v.size()));
    }
  };
  need(in.direct_assets, "direct assets");
  need(in.failure_threshold, "failure thresholds");
  need(in.failure_cost, "failure costs");
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(in.direct_assets[i]) || !std::isfinite(in.failure_threshold[i]) ||
        !std::isfinite(in.failure_cost[i]) || in.failure_cost[i] < 0.0) {
      throw std::invalid_argument("firm " + std::to_string(i) +
                                  ": values must be finite and failure costs nonnegative");
    }
  }
  HoldingRows rows;
  rows.row_start.assign(n + 1, 0);
  outside_share.assign(n, 1.0);
  for (const CrossHolding& h : in.holdings) {
    if (h.holder >= n || h.issuer >= n) throw std::invalid_argument("holding: firm out of range");
    if (h.holder == h.issuer) throw std::invalid_argument("holding: a firm cannot hold itself");
    if (!(h.share >= 0.0 && h.share < 1.0)) {
      throw std::invalid_argument("holding: share must lie in [0, 1)");
    }
    ++rows.row_start[h.holder + 1];
    outside_share[h.issuer] -= h.share;
  }
  for (std::size_t j = 0; j < n; ++j) {
    if (!(outside_share[j] > 0.0)) {
      throw std::invalid_argument("firm " + std::to_string(j) +
                                  ": the shares held in it sum to 1 or more; outside investors "
                                  "must hold a positive share (Ĉ_jj > 0)");
    }
  }
  std::partial_sum(rows.row_start.begin(), rows.row_start.end(), rows.row_start.begin());
  rows.issuer.resize(in.holdings.size());
  rows.share.resize(in.holdings.size());
  std::vector<std::size_t> next(rows.row_start.begin(), rows.row_start.end() - 1);
  for (const CrossHolding& h : in.holdings) {
    const std::size_t at = next[h.holder]++;
    rows.issuer[at] = h.issuer;
    rows.share[at] = h.share;
  }
  return rows;
}

}  // namespace

const char* to_string(CrossHoldingsEquilibrium e) {
  return e == CrossHoldingsEquilibrium::worst ? "worst" : "best";
}

CrossHoldingsResult cross_holdings_equilibrium(const CrossHoldingsInput& in,
                                               const CrossHoldingsOptions& o) {
  std::vector<double> outside_share;
  const HoldingRows rows = validate_and_group(in, outside_share);
  const std::size_t n = in.firm_count;
  const bool dense = o.solver == CrossHoldingsSolver::dense ||
                     (o.solver == CrossHoldingsSolver::automatic && n <= o.dense_max_firms);

  Eigen::PartialPivLU<Eigen::MatrixXd> lu;
  if (dense) {
    Eigen::MatrixXd m =
        Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = rows.row_start[i]; k < rows.row_start[i + 1]; ++k) {
        m(static_cast<Eigen::Index>(i), rows.issuer[k]) -= rows.share[k];
      }
    }
    lu.compute(m);  // I − C is strictly column diagonally dominant: never singular
  }

  // The iteration S_{k+1} = F(S_k) of the header, from S_0 = ∅ (best) or S_0 = all (worst).
  const bool worst = o.equilibrium == CrossHoldingsEquilibrium::worst;
  CrossHoldingsResult res;
  res.book_value.assign(n, 0.0);
  res.market_value.assign(n, 0.0);
  res.failed.assign(n, worst ? 1 : 0);
  res.failure_round.assign(n, worst ? 1 : 0);
  res.failure_count = worst ? n : 0;
  std::vector<double> rhs(n);
  std::vector<double> next(n);
  while (true) {
    ++res.rounds;
    for (std::size_t i = 0; i < n; ++i) {
      rhs[i] = in.direct_assets[i] - (res.failed[i] ? in.failure_cost[i] : 0.0);
    }
    if (dense) {
      const Eigen::VectorXd v =
          lu.solve(Eigen::Map<const Eigen::VectorXd>(rhs.data(), static_cast<Eigen::Index>(n)));
      for (std::size_t i = 0; i < n; ++i)
        res.book_value[i] = v(static_cast<Eigen::Index>(i));
    } else {
      // Jacobi sweeps from the previous round's values (a good start: each round moves them one
      // way only, down for the best case and up for the worst).
      for (std::size_t sweep = 0; sweep < o.max_sweeps; ++sweep) {
        double moved = 0.0, scale = 1.0;
        for (std::size_t i = 0; i < n; ++i) {
          double s = rhs[i];
          for (std::size_t k = rows.row_start[i]; k < rows.row_start[i + 1]; ++k) {
            s += rows.share[k] * res.book_value[rows.issuer[k]];
          }
          next[i] = s;
          moved = std::max(moved, std::abs(s - res.book_value[i]));
          scale = std::max(scale, std::abs(s));
        }
        res.book_value.swap(next);
        if (moved <= o.tolerance * scale) break;
      }
    }
    // Both sequences are monotone, so only one direction of change can occur: the best case
    // only adds failures, the worst case only removes them.
    bool changed = false;
    for (std::size_t i = 0; i < n; ++i) {
      res.market_value[i] = outside_share[i] * res.book_value[i];
      const bool below = res.market_value[i] < in.failure_threshold[i];
      if (!worst && !res.failed[i] && below) {
        res.failed[i] = 1;
        res.failure_round[i] = res.rounds;
        ++res.failure_count;
        changed = true;
      } else if (worst && res.failed[i] && !below) {
        res.failed[i] = 0;
        res.failure_round[i] = 0;
        --res.failure_count;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return res;
}

}  // namespace alchemy
