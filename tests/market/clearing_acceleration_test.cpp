// The iterative clearing solver's Anderson acceleration (clearing.hpp, `accelerate`): the same
// clearing vector as plain Picard iteration to 1e-12, the greatest one where there are several,
// independent of the firms' order, and in fewer rounds.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "market/clearing.hpp"
#include "market/rng.hpp"
#include "market/synthetic_network.hpp"

using alchemy::ClearingAlgorithm;
using alchemy::ClearingInput;
using alchemy::ClearingOptions;
using alchemy::ClearingResult;
using alchemy::ExternalSeniority;

namespace {

// Erdős–Rényi debts, each uniform in [0.5, 1.5); outside assets drawn around `assets`, external
// liabilities `external`: with assets a little above external, a share of firms is short before
// any contagion and the rest follow or not (the benchmark's set-up, tools/bench/bench_clearing).
ClearingInput random_network(alchemy::Rng& rng, std::size_t n, double degree, double assets,
                             double external) {
  ClearingInput in;
  in.firm_count = n;
  for (const auto& e : alchemy::erdos_renyi(n, degree, rng))
    in.liabilities.push_back({e.from, e.to, 0.5 + rng.uniform()});
  in.outside_assets.resize(n);
  for (double& a : in.outside_assets)
    a = std::max(0.0, assets + rng.normal());
  in.external_liabilities.assign(n, external);
  return in;
}

ClearingResult solve(const ClearingInput& in, bool accelerate, double alpha = 1.0,
                     double beta = 1.0, ExternalSeniority s = ExternalSeniority::pari_passu) {
  ClearingOptions o;
  o.algorithm = ClearingAlgorithm::iterative;
  o.accelerate = accelerate;
  o.alpha = alpha;
  o.beta = beta;
  o.seniority = s;
  return alchemy::clear(in, o);
}

// The solver as it was before the acceleration, written out from clearing.hpp's definitions: Picard
// iteration of the recovery rates from 1, each round's rate min()-ed with the last, to a movement
// of at most 1e-14 × max p̄; returns each firm's payment p_i (p̄_i when solvent, its realised value
// in default).
std::vector<double> reference_payments(const ClearingInput& in, double alpha, double beta,
                                       ExternalSeniority s) {
  const std::size_t n = in.firm_count;
  std::vector<double> network(n, 0.0), nominal(n);
  for (const auto& l : in.liabilities)
    network[l.debtor] += l.amount;
  double scale = 1.0;
  for (std::size_t i = 0; i < n; ++i) {
    nominal[i] = network[i] + in.external_liabilities[i];
    scale = std::max(scale, nominal[i]);
  }
  const bool senior = s == ExternalSeniority::senior;
  std::vector<double> r(n, 1.0), x(n);
  auto inflows = [&] {
    std::fill(x.begin(), x.end(), 0.0);
    for (const auto& l : in.liabilities)
      x[l.creditor] += l.amount * r[l.debtor];
  };
  auto realised = [&](std::size_t i) {
    return std::max(0.0, alpha * in.outside_assets[i] + beta * x[i]);
  };
  for (double moved = 1.0; moved > 1e-14 * scale;) {
    inflows();
    moved = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      double next = 1.0;
      if (in.outside_assets[i] + x[i] < nominal[i] && network[i] > 0.0) {
        const double ahead = senior ? in.external_liabilities[i] : 0.0;
        next = std::clamp((realised(i) - ahead) / (senior ? network[i] : nominal[i]), 0.0, 1.0);
      }
      moved = std::max(moved, (r[i] - next) * network[i]);
      r[i] = std::min(r[i], next);
    }
  }
  inflows();
  std::vector<double> p(n);
  for (std::size_t i = 0; i < n; ++i)
    p[i] = in.outside_assets[i] + x[i] < nominal[i] ? realised(i) : nominal[i];
  return p;
}

// max_i |a_i − b_i| / max(1, |b_i|)
double gap(const std::vector<double>& a, const std::vector<double>& b) {
  double g = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i)
    g = std::max(g, std::abs(a[i] - b[i]) / std::max(1.0, std::abs(b[i])));
  return g;
}

}  // namespace

TEST_CASE(
    "accelerated clearing equals plain Picard iteration, and the solver before it, to 1e-12 on "
    "random networks") {
  alchemy::Rng rng(20261206);
  std::size_t fewer = 0;
  for (int trial = 0; trial < 24; ++trial) {
    const std::size_t n = 300 + rng.below(3000);
    const double degree = 2.0 + 10.0 * rng.uniform();
    const double external = 2.0 + 4.0 * rng.uniform();
    const ClearingInput in = random_network(rng, n, degree, external + rng.uniform(), external);
    const double alpha = trial % 3 == 0 ? 1.0 : 0.5 + 0.5 * rng.uniform();
    const double beta = trial % 3 == 0 ? 1.0 : 0.5 + 0.5 * rng.uniform();
    const ExternalSeniority s =
        trial % 2 == 0 ? ExternalSeniority::pari_passu : ExternalSeniority::senior;
    CAPTURE(trial);
    CAPTURE(n);
    CAPTURE(alpha);
    CAPTURE(beta);
    const ClearingResult plain = solve(in, false, alpha, beta, s);
    const ClearingResult fast = solve(in, true, alpha, beta, s);
    REQUIRE(plain.converged);
    REQUIRE(fast.converged);
    CAPTURE(plain.rounds);
    CAPTURE(fast.rounds);
    CHECK(gap(fast.payments, plain.payments) < 1e-12);
    CHECK(gap(fast.payments, reference_payments(in, alpha, beta, s)) < 1e-12);
    CHECK(gap(fast.payments_to_outside, plain.payments_to_outside) < 1e-12);
    CHECK(gap(fast.received, plain.received) < 1e-12);
    CHECK(fast.defaulted == plain.defaulted);
    if (fast.rounds < plain.rounds) ++fewer;
  }
  // Most draws have a cascade whose tail the acceleration shortens. (Not every one: where the
  // default set keeps growing after it was frozen, each check that finds more costs a round and a
  // new start; tools/bench/bench_clearing measures the time.)
  CAPTURE(fewer);
  CHECK(fewer >= 12);
}

TEST_CASE("accelerated clearing finds the greatest of several clearing vectors") {
  // Two parts in one network. A ring of 400 firms, firm i owing firm i+1 the amount a_i and
  // holding nothing else: p_i = min(a_i, p_{i-1}) clears it for every constant p = t in
  // [0, min a], so it has a continuum of clearing vectors, and the greatest is t = min a, every
  // firm owing more than min a in default (by hand: nobody can pass on more than the smallest
  // debt of the ring). Beside it, 3,000 firms of a random network with a cascade, so that the
  // default set settles and is frozen while the ring's minimum still travels around it, one firm
  // a round: every frozen solve is checked, and more defaults found, until it has.
  alchemy::Rng rng(4242);
  const std::size_t ring = 400;
  ClearingInput in = random_network(rng, 3000, 10.0, 5.5, 5.0);
  const std::size_t offset = in.firm_count;
  in.firm_count += ring;
  std::vector<double> a(ring);
  for (std::size_t i = 0; i < ring; ++i) {
    a[i] = 1.0 + rng.uniform();
    in.liabilities.push_back({static_cast<alchemy::FirmIndex>(offset + i),
                              static_cast<alchemy::FirmIndex>(offset + (i + 1) % ring), a[i]});
    in.outside_assets.push_back(0.0);
    in.external_liabilities.push_back(0.0);
  }
  const double least = *std::min_element(a.begin(), a.end());
  const ClearingResult plain = solve(in, false);
  const ClearingResult fast = solve(in, true);
  CAPTURE(plain.rounds);
  CAPTURE(fast.rounds);
  REQUIRE(fast.converged);
  std::size_t ring_defaults = 0;
  for (std::size_t i = 0; i < ring; ++i) {
    CAPTURE(i);
    CHECK(std::abs(fast.payments[offset + i] - least) < 1e-12);
    // The firm owing min a receives exactly what it owes, up to the rounding of a_j (t / a_j):
    // a tie, whichever way it falls; every other firm of the ring is in default.
    if (a[i] > least) CHECK(fast.defaulted[offset + i] == 1);
    ring_defaults += fast.defaulted[offset + i];
  }
  CHECK(ring_defaults >= ring - 1);
  // The doubling patience keeps the failed checks few: not one per round of the ring.
  CHECK(fast.rounds < 2 * plain.rounds);
  CHECK(gap(fast.payments, plain.payments) < 1e-12);
  CHECK(fast.defaulted == plain.defaulted);
}

TEST_CASE("accelerated clearing does not depend on the firms' order") {
  alchemy::Rng rng(777);
  const std::size_t n = 5000;
  const ClearingInput in = random_network(rng, n, 10.0, 5.5, 5.0);
  // Relabel firm i as perm[i], debts and balance sheets alike.
  std::vector<std::size_t> perm(n);
  std::iota(perm.begin(), perm.end(), std::size_t{0});
  for (std::size_t i = n - 1; i > 0; --i)
    std::swap(perm[i], perm[rng.below(i + 1)]);
  ClearingInput shuffled = in;
  for (auto& l : shuffled.liabilities) {
    l.debtor = static_cast<alchemy::FirmIndex>(perm[l.debtor]);
    l.creditor = static_cast<alchemy::FirmIndex>(perm[l.creditor]);
  }
  for (std::size_t i = 0; i < n; ++i) {
    shuffled.outside_assets[perm[i]] = in.outside_assets[i];
    shuffled.external_liabilities[perm[i]] = in.external_liabilities[i];
  }
  const ClearingResult a = solve(in, true);
  const ClearingResult b = solve(shuffled, true);
  REQUIRE(a.default_count > n / 10);  // a cascade to clear
  std::vector<double> back(n);
  for (std::size_t i = 0; i < n; ++i)
    back[i] = b.payments[perm[i]];
  CHECK(gap(back, a.payments) < 1e-12);
  CHECK(a.default_count == b.default_count);
}
