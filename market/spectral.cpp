#include "market/spectral.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "market/loops.hpp"

namespace alchemy {

namespace {

// One strong component as a local CSR, channels of a pair added.
struct Block {
  std::vector<std::size_t> ptr{0};
  std::vector<std::uint32_t> col;
  std::vector<double> val;
  std::size_t size() const { return ptr.size() - 1; }
  bool nonnegative() const {
    return std::all_of(val.begin(), val.end(), [](double v) { return v >= 0.0; });
  }
};

struct PowerResult {
  double lower = 0.0;  // bracket on shift + ρ(B)
  double upper = 0.0;
  double shift = 0.0;  // 1 for the power iteration on I + B, 0 for Noda's on B
  int iterations = 0;
  bool converged = false;
};

// Power iteration on I + |B| with the Collatz–Wielandt bracket (see the header).
PowerResult perron_shifted(const Block& b, bool absolute, const SpectralOptions& o) {
  const std::size_t m = b.size();
  std::vector<double> x(m, 1.0), y(m);
  PowerResult r;
  r.shift = 1.0;
  while (r.iterations < o.max_iterations) {
    ++r.iterations;
    double lo = std::numeric_limits<double>::infinity();
    double hi = 0.0;
    double top = 0.0;
    for (std::size_t i = 0; i < m; ++i) {
      double s = x[i];
      for (std::size_t k = b.ptr[i]; k < b.ptr[i + 1]; ++k) {
        s += (absolute ? std::abs(b.val[k]) : b.val[k]) * x[b.col[k]];
      }
      y[i] = s;
      const double ratio = s / x[i];
      lo = std::min(lo, ratio);
      hi = std::max(hi, ratio);
      top = std::max(top, s);
    }
    r.lower = lo;
    r.upper = hi;
    if (hi - lo <= o.tolerance * hi) {
      r.converged = true;
      break;
    }
    for (std::size_t i = 0; i < m; ++i)
      x[i] = y[i] / top;
  }
  return r;
}

// Noda's inverse iteration (Noda 1971; quadratic convergence: Elsner 1976) for the Perron root
// of a small irreducible nonnegative block B, dense. θ starts at the largest row sum, an upper
// bound on ρ; each step solves (θI − B) y = x, which has a positive solution while θ > ρ
// ((θI − B) is then a nonsingular M-matrix, so elimination needs no pivoting), and takes x = y
// normalised and θ = max_i (By)_i / y_i = θ − min_i x_i / y_i. The Collatz–Wielandt bracket
// min_i (By)_i / y_i ≤ ρ ≤ max_i (By)_i / y_i closes quadratically: a handful of steps where the
// power iteration on I + B needs hundreds when a loop's eigenvalues share ρ's modulus (a k-cycle).
// The stopping rule is the power iteration's (bracket width ≤ tolerance × (1 + ρ)).
PowerResult perron_noda(const Block& b, const SpectralOptions& o) {
  const std::size_t m = b.size();
  std::vector<double> dense(m * m, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t k = b.ptr[i]; k < b.ptr[i + 1]; ++k)
      dense[i * m + b.col[k]] += b.val[k];
  }
  std::vector<double> x(m, 1.0), y(m), lu(m * m);
  // Quadratic convergence needs a handful of steps; far more means rounding has taken over.
  const int max_steps = std::min(o.max_iterations, 50);
  PowerResult r;
  // The bracket of x = 1: the smallest and largest row sums.
  double lo = std::numeric_limits<double>::infinity();
  double hi = 0.0;
  for (std::size_t i = 0; i < m; ++i) {
    double s = 0.0;
    for (std::size_t j = 0; j < m; ++j)
      s += dense[i * m + j];
    lo = std::min(lo, s);
    hi = std::max(hi, s);
  }
  while (true) {
    r.lower = lo;
    r.upper = hi;
    if (hi - lo <= o.tolerance * (1.0 + hi)) {
      r.converged = true;
      return r;
    }
    if (r.iterations >= max_steps) return r;
    ++r.iterations;
    // y = (θI − B)⁻¹ x by Gaussian elimination without pivoting, θ = hi.
    const double theta = hi;
    for (std::size_t k = 0; k < m * m; ++k)
      lu[k] = -dense[k];
    for (std::size_t i = 0; i < m; ++i)
      lu[i * m + i] += theta;
    y = x;
    for (std::size_t p = 0; p < m; ++p) {
      const double pivot = lu[p * m + p];
      if (!(pivot > 0.0)) return r;  // θ has reached ρ in rounding: keep the bracket we have
      for (std::size_t i = p + 1; i < m; ++i) {
        const double f = lu[i * m + p] / pivot;
        if (f == 0.0) continue;
        for (std::size_t j = p + 1; j < m; ++j)
          lu[i * m + j] -= f * lu[p * m + j];
        y[i] -= f * y[p];
      }
    }
    for (std::size_t p = m; p-- > 0;) {
      double s = y[p];
      for (std::size_t j = p + 1; j < m; ++j)
        s -= lu[p * m + j] * y[j];
      y[p] = s / lu[p * m + p];
    }
    // The new bracket from (By)_i / y_i = θ − x_i / y_i.
    double min_ratio = std::numeric_limits<double>::infinity();
    double max_ratio = 0.0;
    double top = 0.0;
    for (std::size_t i = 0; i < m; ++i) {
      if (!(y[i] > 0.0) || !std::isfinite(y[i])) return r;  // lost to rounding: stop here
      min_ratio = std::min(min_ratio, x[i] / y[i]);
      max_ratio = std::max(max_ratio, x[i] / y[i]);
      top = std::max(top, y[i]);
    }
    // Each bound only ever tightens (rounding aside, Noda's θ decreases monotonically).
    hi = std::min(hi, theta - min_ratio);
    lo = std::max(lo, theta - max_ratio);
    for (std::size_t i = 0; i < m; ++i)
      x[i] = y[i] / top;
  }
}

// The Perron root of a nonnegative block: Noda's iteration when the block is small enough to
// solve dense, else (or when rounding stops Noda short) the power iteration on I + B.
PowerResult perron_root(const Block& b, const SpectralOptions& o) {
  if (b.size() > o.noda_limit) return perron_shifted(b, false, o);
  const PowerResult noda = perron_noda(b, o);
  if (noda.converged) return noda;
  PowerResult power = perron_shifted(b, false, o);
  power.iterations += noda.iterations;
  return power;
}

double dense_radius(const Block& b, bool& ok) {
  const auto m = static_cast<Eigen::Index>(b.size());
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(m, m);
  for (std::size_t i = 0; i < b.size(); ++i) {
    for (std::size_t k = b.ptr[i]; k < b.ptr[i + 1]; ++k) {
      a(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(b.col[k])) += b.val[k];
    }
  }
  const Eigen::EigenSolver<Eigen::MatrixXd> es(a, /*computeEigenvectors=*/false);
  ok = es.info() == Eigen::Success;
  return ok ? es.eigenvalues().cwiseAbs().maxCoeff() : 0.0;
}

}  // namespace

std::string_view to_string(SpectralMethod m) {
  switch (m) {
    case SpectralMethod::acyclic:
      return "acyclic";
    case SpectralMethod::perron_power:
      return "perron_power";
    case SpectralMethod::dense_eigen:
      return "dense_eigen";
    case SpectralMethod::abs_upper_bound:
      return "abs_upper_bound";
  }
  return "unknown";
}

double feedback_multiplier(double rho) {
  return rho < 1.0 ? 1.0 / (1.0 - rho) : std::numeric_limits<double>::infinity();
}

double SpectralResult::multiplier() const {
  return feedback_multiplier(rho);
}

SpectralResult spectral_radius(const InfluenceMatrix& w, const SpectralOptions& o,
                               ComponentsMemo* memo) {
  Components own;
  const Components& comps = strong_components(w, memo, own);  // validates w
  const std::size_t n = w.firm_count();

  // Each firm's position inside its component.
  const std::vector<std::size_t>& start = comps.start;
  const std::vector<std::uint32_t>& members = comps.members;
  std::vector<std::uint32_t> local(n);
  for (std::size_t p = 0; p < n; ++p)
    local[members[p]] = static_cast<std::uint32_t>(p - start[comps.component[members[p]]]);

  SpectralResult r;
  bool any_dense = false;
  bool any_bound = false;
  Block b;
  for (std::uint32_t c = 0; c < comps.count(); ++c) {
    b.ptr.assign(1, 0);
    b.col.clear();
    b.val.clear();
    double max_row_sum = 0.0;
    for (std::size_t p = start[c]; p < start[c + 1]; ++p) {
      const std::uint32_t i = members[p];
      double row_sum = 0.0;
      for (std::size_t k = w.row_ptr[i]; k < w.row_ptr[i + 1]; ++k) {
        const std::uint32_t j = w.col[k];
        if (comps.component[j] != c) continue;
        if (!b.col.empty() && b.ptr.back() < b.col.size() && b.col.back() == local[j]) {
          b.val.back() += w.w[k];  // another channel of the same pair (rows sorted by col)
        } else {
          b.col.push_back(local[j]);
          b.val.push_back(w.w[k]);
        }
      }
      for (std::size_t k = b.ptr.back(); k < b.col.size(); ++k)
        row_sum += std::abs(b.val[k]);
      max_row_sum = std::max(max_row_sum, row_sum);
      b.ptr.push_back(b.col.size());
    }
    if (b.col.empty()) continue;  // a single firm without a self-loop: eigenvalue 0
    ++r.cyclic_components;

    double lower = 0.0;
    double upper = 0.0;
    double estimate = 0.0;
    if (b.size() == 1) {
      lower = upper = estimate = std::abs(b.val[0]);
    } else if (b.nonnegative() || b.size() > o.dense_limit) {
      const bool signed_block = !b.nonnegative();
      if (max_row_sum <= r.rho_lower && !signed_block) continue;  // cannot beat what we have
      const PowerResult p = signed_block ? perron_shifted(b, true, o) : perron_root(b, o);
      r.iterations += p.iterations;
      if (!p.converged) r.converged = false;
      upper = p.upper - p.shift;
      if (signed_block) {
        any_bound = true;
        r.exact = false;
        estimate = upper;
        lower = 0.0;
      } else {
        lower = std::max(0.0, p.lower - p.shift);
        estimate = std::max(0.0, 0.5 * (p.lower + p.upper) - p.shift);
      }
    } else {
      bool ok = false;
      const double rho = dense_radius(b, ok);
      if (ok) {
        any_dense = true;
        lower = upper = estimate = rho;
      } else {  // EigenSolver did not converge: fall back to the bound
        const PowerResult p = perron_shifted(b, true, o);
        r.iterations += p.iterations;
        if (!p.converged) r.converged = false;
        any_bound = true;
        r.exact = false;
        upper = estimate = p.upper - p.shift;
      }
    }
    r.rho_lower = std::max(r.rho_lower, lower);
    r.rho_upper = std::max(r.rho_upper, upper);
    r.rho = std::max(r.rho, estimate);
  }
  if (!r.exact) r.rho = r.rho_upper;
  if (r.cyclic_components == 0) {
    r.method = SpectralMethod::acyclic;
  } else if (any_bound) {
    r.method = SpectralMethod::abs_upper_bound;
  } else if (any_dense) {
    r.method = SpectralMethod::dense_eigen;
  } else {
    r.method = SpectralMethod::perron_power;
  }
  return r;
}

}  // namespace alchemy
