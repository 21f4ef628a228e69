#include "market/circuit_bound.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace alchemy {

namespace {

constexpr double kNoArc = -std::numeric_limits<double>::infinity();
// |log π| stays below this, so that π(u)/π(v) neither overflows nor loses more than ~100 ulp
// in exp (the rounding the search's slack allows for).
constexpr double kMaxLogPotential = 50.0;

}  // namespace

CompletionBounds::CompletionBounds(std::span<const std::size_t> ptr, std::span<const BoundArc> arcs,
                                   std::size_t depth, int sweeps)
    : n_(ptr.empty() ? 0 : ptr.size() - 1), depth_(std::max<std::size_t>(depth, 1)) {
  std::vector<double> log_w(arcs.size());
  for (std::size_t k = 0; k < arcs.size(); ++k)
    log_w[k] = std::log(arcs[k].abs_w);

  // The arcs by target (self-loops left out: no potential changes their reduced gain).
  std::vector<std::size_t> in_ptr(n_ + 1, 0);
  for (std::size_t u = 0; u < n_; ++u) {
    for (std::size_t k = ptr[u]; k < ptr[u + 1]; ++k)
      if (arcs[k].to != u) ++in_ptr[arcs[k].to + 1];
  }
  for (std::size_t v = 0; v < n_; ++v)
    in_ptr[v + 1] += in_ptr[v];
  std::vector<std::uint32_t> in_from(in_ptr[n_]);
  std::vector<double> in_log_w(in_ptr[n_]);
  {
    std::vector<std::size_t> next(in_ptr.begin(), in_ptr.end() - 1);
    for (std::uint32_t u = 0; u < n_; ++u) {
      for (std::size_t k = ptr[u]; k < ptr[u + 1]; ++k) {
        if (arcs[k].to == u) continue;
        in_from[next[arcs[k].to]] = u;
        in_log_w[next[arcs[k].to]++] = log_w[k];
      }
    }
  }

  // Max-balancing: log π(v) = (largest log in-gain − largest log out-gain) / 2, with the
  // neighbours' current potentials, in index order.
  phi_.assign(n_, 0.0);
  for (int sweep = 0; sweep < sweeps; ++sweep) {
    for (std::uint32_t v = 0; v < n_; ++v) {
      double in = kNoArc;
      for (std::size_t k = in_ptr[v]; k < in_ptr[v + 1]; ++k)
        in = std::max(in, in_log_w[k] + phi_[in_from[k]]);
      double out = kNoArc;
      for (std::size_t k = ptr[v]; k < ptr[v + 1]; ++k) {
        if (arcs[k].to != v) out = std::max(out, log_w[k] - phi_[arcs[k].to]);
      }
      const double balanced = (in - out) / 2;
      if (std::isfinite(balanced))
        phi_[v] = std::clamp(balanced, -kMaxLogPotential, kMaxLogPotential);
    }
  }

  reduced_.resize(arcs.size());
  for (std::uint32_t u = 0; u < n_; ++u) {
    for (std::size_t k = ptr[u]; k < ptr[u + 1]; ++k) {
      const double x = arcs[k].abs_w * std::exp(phi_[u] - phi_[arcs[k].to]);
      // Raised to the smallest normal double: a reduced gain that underflowed must still bound.
      reduced_[k] = std::isnan(x) ? std::numeric_limits<double>::infinity()
                                  : std::max(x, std::numeric_limits<double>::min());
      max_reduced_ = std::max(max_reduced_, reduced_[k]);
    }
  }

  table_.assign((depth_ + 1) * n_, 0.0);
  best_.assign(depth_ + 1, 0.0);
  for (std::size_t h = 1; h <= depth_; ++h) {
    const double* prev = table_.data() + (h - 1) * n_;
    double* cur = table_.data() + h * n_;
    for (std::uint32_t v = 0; v < n_; ++v) {
      double best = 0.0;
      for (std::size_t k = ptr[v]; k < ptr[v + 1]; ++k)
        best = std::max(best, reduced_[k] * std::max(1.0, prev[arcs[k].to]));
      cur[v] = best;
      best_[h] = std::max(best_[h], best);
    }
  }
}

double CompletionBounds::beyond(std::size_t h) const {
  return std::pow(std::max(1.0, max_reduced_), static_cast<double>(h - depth_));
}

double CompletionBounds::walk(std::uint32_t v, std::size_t h) const {
  if (h <= depth_) return table_[h * n_ + v];
  return table_[depth_ * n_ + v] * beyond(h);
}

double CompletionBounds::best_walk(std::size_t h) const {
  if (h <= depth_) return best_[h];
  return best_[depth_] * beyond(h);
}

}  // namespace alchemy
