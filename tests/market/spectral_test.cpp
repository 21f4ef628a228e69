#include <doctest/doctest.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <limits>
#include <vector>

#include "market/rng.hpp"
#include "market/spectral.hpp"

using alchemy::EdgeKind;
using alchemy::InfluenceEntry;
using alchemy::SpectralMethod;

namespace {

// A directed k-cycle 0 → 1 → ... → k−1 → 0 of the influence graph (W_{m+1, m} = g).
std::vector<InfluenceEntry> cycle(std::uint32_t first, std::uint32_t k, double g) {
  std::vector<InfluenceEntry> e;
  for (std::uint32_t m = 0; m < k; ++m) {
    e.push_back({first + (m + 1) % k, first + m, EdgeKind::stake, g});
  }
  return e;
}

double eigen_radius(const alchemy::InfluenceMatrix& w) {
  const auto n = static_cast<Eigen::Index>(w.firm_count());
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(n, n);
  for (std::size_t i = 0; i < w.firm_count(); ++i) {
    for (std::size_t k = w.row_ptr[i]; k < w.row_ptr[i + 1]; ++k) {
      m(static_cast<Eigen::Index>(i), w.col[k]) += w.w[k];
    }
  }
  return Eigen::EigenSolver<Eigen::MatrixXd>(m, false).eigenvalues().cwiseAbs().maxCoeff();
}

// A random nonnegative W on n firms: each pair (i ≠ j) has a supply channel with probability
// `density` (drawn from `structure`), with a weight uniform on [0, 1) (drawn from `weights`).
alchemy::InfluenceMatrix random_nonnegative(std::uint32_t n, double density,
                                            alchemy::Rng& structure, alchemy::Rng& weights) {
  std::vector<InfluenceEntry> e;
  for (std::uint32_t i = 0; i < n; ++i) {
    for (std::uint32_t j = 0; j < n; ++j) {
      if (i != j && structure.uniform() < density)
        e.push_back({i, j, EdgeKind::supply, weights.uniform()});
    }
  }
  return alchemy::influence_from_entries(n, e);
}

}  // namespace

TEST_CASE("a 2-cycle with gains a and b has rho = sqrt(ab)") {
  const auto w = alchemy::influence_from_entries(
      2, {{0, 1, EdgeKind::stake, 0.3}, {1, 0, EdgeKind::supply, 0.7}});
  const auto r = alchemy::spectral_radius(w);
  CHECK(r.method == SpectralMethod::perron_power);
  CHECK(r.exact);
  CHECK(r.converged);
  CHECK(r.rho == doctest::Approx(std::sqrt(0.21)).epsilon(1e-10));
  CHECK(r.rho_lower <= std::sqrt(0.21) + 1e-12);
  CHECK(r.rho_upper >= std::sqrt(0.21) - 1e-12);
  CHECK(r.multiplier() == doctest::Approx(1.0 / (1.0 - std::sqrt(0.21))));
  CHECK_FALSE(r.explosive());
}

TEST_CASE(
    "a directed k-cycle with gain g per edge has rho = g, even where plain power "
    "iteration stalls") {
  for (std::uint32_t k : {3u, 7u, 64u}) {
    const auto w = alchemy::influence_from_entries(k, cycle(0, k, 0.9));
    const auto r = alchemy::spectral_radius(w);
    CHECK(r.rho == doctest::Approx(0.9).epsilon(1e-10));
    CHECK(r.converged);
  }
  // Unequal gains: rho is the geometric mean of the gains around the cycle.
  auto e = cycle(0, 4, 1.0);
  const double g[] = {0.5, 2.0, 0.8, 0.9};
  for (int m = 0; m < 4; ++m)
    e[static_cast<std::size_t>(m)].w = g[m];
  const auto r = alchemy::spectral_radius(alchemy::influence_from_entries(4, e));
  CHECK(r.rho == doctest::Approx(std::pow(0.72, 0.25)).epsilon(1e-10));
}

TEST_CASE("a triangular (acyclic) W has rho = 0 exactly") {
  std::vector<InfluenceEntry> e;
  for (std::uint32_t i = 0; i < 20; ++i) {
    for (std::uint32_t j = 0; j < i; ++j)
      e.push_back({i, j, EdgeKind::supply, 0.9});
  }
  const auto r = alchemy::spectral_radius(alchemy::influence_from_entries(20, e));
  CHECK(r.rho == 0.0);
  CHECK(r.method == SpectralMethod::acyclic);
  CHECK(r.cyclic_components == 0);
  CHECK(r.multiplier() == 1.0);
}

TEST_CASE("rho is the largest over strong components, channels of a pair add up") {
  auto e = cycle(0, 2, 0.5);  // rho 0.5
  for (auto& x : cycle(2, 3, 0.8))
    e.push_back(x);                           // rho 0.8
  e.push_back({5, 0, EdgeKind::stake, 5.0});  // big but acyclic: no effect
  e.push_back({6, 6, EdgeKind::stake, 0.6});  // a self-loop: eigenvalue 0.6
  auto r = alchemy::spectral_radius(alchemy::influence_from_entries(7, e));
  CHECK(r.rho == doctest::Approx(0.8).epsilon(1e-10));
  CHECK(r.cyclic_components == 3);

  // Stake 0.2 + supply 0.3 on one hop, 0.5 back: rho = sqrt(0.5 × 0.5).
  const auto w = alchemy::influence_from_entries(2, {{1, 0, EdgeKind::stake, 0.2},
                                                     {1, 0, EdgeKind::supply, 0.3},
                                                     {0, 1, EdgeKind::funding, 0.5}});
  CHECK(alchemy::spectral_radius(w).rho == doctest::Approx(0.5).epsilon(1e-10));
}

TEST_CASE("rho >= 1 is explosive and the multiplier infinite") {
  const auto w = alchemy::influence_from_entries(
      2, {{0, 1, EdgeKind::stake, 1.5}, {1, 0, EdgeKind::stake, 1.5}});
  const auto r = alchemy::spectral_radius(w);
  CHECK(r.rho == doctest::Approx(1.5).epsilon(1e-10));
  CHECK(r.explosive());
  CHECK(r.multiplier() == std::numeric_limits<double>::infinity());
  CHECK(alchemy::feedback_multiplier(1.0) == std::numeric_limits<double>::infinity());
  CHECK(alchemy::feedback_multiplier(0.5) == 2.0);
}

TEST_CASE("signed W: dense eigenvalues when small, an upper bound when large") {
  // A 2-cycle with gains -0.3 and 0.7: eigenvalues ±i sqrt(0.21).
  const auto w = alchemy::influence_from_entries(
      2, {{0, 1, EdgeKind::warrant, -0.3}, {1, 0, EdgeKind::supply, 0.7}});
  auto r = alchemy::spectral_radius(w);
  CHECK(r.method == SpectralMethod::dense_eigen);
  CHECK(r.exact);
  CHECK(r.rho == doctest::Approx(std::sqrt(0.21)).epsilon(1e-12));

  // A signed block above dense_limit: rho(|W|), flagged.
  std::vector<InfluenceEntry> e;
  alchemy::Rng rng(9);
  for (std::uint32_t i = 0; i < 12; ++i) {
    for (std::uint32_t j = 0; j < 12; ++j) {
      if (i != j && rng.uniform() < 0.4) e.push_back({i, j, EdgeKind::stake, rng.uniform() - 0.5});
    }
  }
  const auto signed_w = alchemy::influence_from_entries(12, e);
  alchemy::SpectralOptions small;
  small.dense_limit = 4;
  r = alchemy::spectral_radius(signed_w, small);
  CHECK(r.method == SpectralMethod::abs_upper_bound);
  CHECK_FALSE(r.exact);
  const double exact = alchemy::spectral_radius(signed_w).rho;
  CHECK(exact == doctest::Approx(eigen_radius(signed_w)).epsilon(1e-10));
  CHECK(r.rho >= exact);
  auto abs_e = e;
  for (auto& x : abs_e)
    x.w = std::abs(x.w);
  CHECK(r.rho ==
        doctest::Approx(eigen_radius(alchemy::influence_from_entries(12, abs_e))).epsilon(1e-9));
}

TEST_CASE("power iteration agrees with EigenSolver on random nonnegative W") {
  alchemy::Rng rng(2024);
  for (int trial = 0; trial < 5; ++trial) {
    const std::uint32_t n = 40 + static_cast<std::uint32_t>(rng.below(60));
    const auto w = random_nonnegative(n, 0.05, rng, rng);
    const auto r = alchemy::spectral_radius(w);
    CHECK(r.converged);
    CHECK(r.rho == doctest::Approx(eigen_radius(w)).epsilon(1e-9));
    CHECK(r.rho_lower <= r.rho);
    CHECK(r.rho <= r.rho_upper);
  }
}

TEST_CASE("small nonnegative blocks: Noda's iteration closes the bracket in a few steps") {
  // A 5-cycle with unequal gains: its five eigenvalues share rho's modulus, so the power
  // iteration on I + W converges slowly; rho is the geometric mean of the gains.
  auto e = cycle(0, 5, 1.0);
  const double g[] = {0.1, 0.3, 0.05, 0.2, 0.4};
  double product = 1.0;
  for (int m = 0; m < 5; ++m) {
    e[static_cast<std::size_t>(m)].w = g[m];
    product *= g[m];
  }
  const auto w = alchemy::influence_from_entries(5, e);
  const double exact = std::pow(product, 0.2);
  const auto noda = alchemy::spectral_radius(w);
  CHECK(noda.converged);
  CHECK(noda.method == SpectralMethod::perron_power);
  CHECK(noda.rho == doctest::Approx(exact).epsilon(1e-11));
  CHECK(noda.rho_lower <= exact * (1.0 + 1e-12));
  CHECK(noda.rho_upper >= exact * (1.0 - 1e-12));
  CHECK(noda.iterations <= 10);

  alchemy::SpectralOptions power_only;
  power_only.noda_limit = 0;
  const auto power = alchemy::spectral_radius(w, power_only);
  CHECK(power.converged);
  CHECK(power.rho == doctest::Approx(exact).epsilon(1e-11));
  CHECK(power.iterations > 100);
}

TEST_CASE("Noda's and the power iteration agree with EigenSolver on small random blocks") {
  alchemy::Rng rng(77);
  alchemy::SpectralOptions power_only;
  power_only.noda_limit = 0;
  for (int trial = 0; trial < 20; ++trial) {
    const std::uint32_t n = 2 + static_cast<std::uint32_t>(rng.below(30));
    const auto w = random_nonnegative(n, 0.3, rng, rng);
    const double exact = eigen_radius(w);
    const auto noda = alchemy::spectral_radius(w);
    const auto power = alchemy::spectral_radius(w, power_only);
    CHECK(noda.converged);
    CHECK(power.converged);
    CHECK(noda.rho == doctest::Approx(exact).epsilon(1e-10));
    CHECK(power.rho == doctest::Approx(exact).epsilon(1e-10));
    CHECK(noda.rho_lower <= noda.rho);
    CHECK(noda.rho <= noda.rho_upper);
    CHECK(noda.iterations <= power.iterations);
  }
}

TEST_CASE("spectral_radius with a components memo gives the same result as without") {
  // Random weights on a few structures, revisited: the memo must never hand back components of
  // another structure.
  alchemy::Rng rng(5);
  alchemy::ComponentsMemo memo;
  for (int trial = 0; trial < 30; ++trial) {
    alchemy::Rng structure(static_cast<std::uint64_t>(trial % 3));
    const auto w = random_nonnegative(6, 0.3, structure, rng);
    const auto with = alchemy::spectral_radius(w, {}, &memo);
    const auto without = alchemy::spectral_radius(w);
    CHECK(with.rho == without.rho);
    CHECK(with.rho_lower == without.rho_lower);
    CHECK(with.rho_upper == without.rho_upper);
    CHECK(with.cyclic_components == without.cyclic_components);
  }
}
