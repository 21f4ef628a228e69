#pragma once
// Statistics of daily log returns pooled over paths (seeds): how far simulated prices behave like
// a random walk and like the stocks they stand for (issue 19's acceptance). Each path is one
// seed's series of daily log returns; a path contributes its own sums, and the sums are pooled
// before they are divided, so a hundred short paths estimate as one long one would, without
// joining returns across paths. Each path's mean is its own (a seed's drift is not noise).
//
// Every function returns nullopt when no path contributes (too short, or no variation).

#include <optional>
#include <vector>

namespace alchemy {

using ReturnPaths = std::vector<std::vector<double>>;

// Annualised volatility: sqrt(periods_per_year × Σ_paths Σ (r − r̄_path)² / Σ_paths (n_path − 1)),
// the pooled sample variance of the returns around each path's mean. Paths of one return add
// nothing.
std::optional<double> annualised_volatility(const ReturnPaths& paths,
                                            double periods_per_year = 252.0);

// Pearson correlation of two sets of paths, pooled: x[k] and y[k] are the same days of path k
// (equal lengths), each centred on its path's mean, Σ x·y / sqrt(Σ x² Σ y²) over all paths.
std::optional<double> pooled_correlation(const ReturnPaths& x, const ReturnPaths& y);

// Lag-1 autocorrelation, pooled: Σ_paths Σ_t (r_t − r̄)(r_{t−1} − r̄) / Σ_paths Σ_t (r_t − r̄)².
std::optional<double> lag1_autocorrelation(const ReturnPaths& paths);

// Lo & MacKinlay (1988)'s variance ratio with overlapping q-period sums and both bias
// corrections, VR(q) = σ̄²_c(q) / σ̄²_a: for a path of T returns with mean μ̂ and log price X,
//   σ̄²_a = Σ_{k=1..T} (X_k − X_{k−1} − μ̂)² / (T − 1),
//   σ̄²_c(q) = Σ_{k=q..T} (X_k − X_{k−q} − q μ̂)² / m,   m = q (T − q + 1)(1 − q/T),
// each unbiased for the one-period variance of a random walk. Pooled: the sums of squares and
// the divisors (T − 1, m) are each added over the paths before dividing. A path with T ≤ q adds
// to the denominator only. 1 for a random walk; above 1 with positive autocorrelation.
std::optional<double> variance_ratio(const ReturnPaths& paths, int q);

}  // namespace alchemy
