#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <vector>

#include "market/exp_kernel.hpp"
#include "market/feedback.hpp"
#include "market/rng.hpp"

using alchemy::EdgeKind;
using alchemy::FeedbackChannels;
using alchemy::FeedbackOptions;
using alchemy::FeedbackState;

namespace {

struct Channel {
  std::uint32_t i, j;
  EdgeKind kind;
  double b, e;
};

// Channels given row by row (rows in order).
FeedbackChannels build(std::size_t n, const std::vector<Channel>& list) {
  FeedbackChannels c;
  c.row_ptr.assign(n + 1, 0);
  for (const Channel& ch : list) {
    ++c.row_ptr[ch.i + 1];
    c.col.push_back(ch.j);
    c.kind.push_back(ch.kind);
    c.b.push_back(ch.b);
    c.elasticity.push_back(ch.e);
  }
  for (std::size_t i = 0; i < n; ++i)
    c.row_ptr[i + 1] += c.row_ptr[i];
  return c;
}

// The right-hand side of the tick equation: log MV_i' = y⁰ + κ (log V − y⁰) + z, y⁰ = log MV⁰_i.
double tick_rhs(double mv0, double kappa, double v, double z) {
  const double y0 = std::log(mv0);
  return y0 + kappa * (std::log(v) - y0) + z;
}

// a_i chosen so that V_i(MV⁰) = MV⁰_i: the start of the tick is an equilibrium.
std::vector<double> equilibrium_a(const FeedbackChannels& c, const std::vector<double>& mv0) {
  std::vector<double> a(mv0);
  for (std::size_t i = 0; i < c.firm_count(); ++i) {
    for (std::size_t k = c.row_ptr[i]; k < c.row_ptr[i + 1]; ++k)
      a[i] -= c.b[k];
  }
  return a;
}

Eigen::MatrixXd dense(const alchemy::InfluenceMatrix& w) {
  const auto n = static_cast<Eigen::Index>(w.firm_count());
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(n, n);
  for (std::size_t i = 0; i < w.firm_count(); ++i) {
    for (std::size_t k = w.row_ptr[i]; k < w.row_ptr[i + 1]; ++k) {
      m(static_cast<Eigen::Index>(i), w.col[k]) += w.w[k];
    }
  }
  return m;
}

// A random network of n firms: every ordered pair linked with probability p, one channel of a
// random kind; b sized so each row's channels total about `share` of the firm's value.
FeedbackChannels random_channels(std::size_t n, double p, double share, std::uint64_t seed,
                                 std::vector<double>& mv0) {
  alchemy::Rng rng(seed);
  mv0.resize(n);
  for (auto& v : mv0)
    v = 1e9 * (1.0 + 99.0 * rng.uniform());
  const EdgeKind kinds[] = {EdgeKind::stake, EdgeKind::supply, EdgeKind::funding};
  const double elasticity[] = {1.0, 0.6, 0.8};
  std::vector<Channel> list;
  for (std::uint32_t i = 0; i < n; ++i) {
    for (std::uint32_t j = 0; j < n; ++j) {
      if (i == j || rng.uniform() >= p) continue;
      const std::size_t q = rng.below(3);
      list.push_back({i, j, kinds[q], share * mv0[i] * rng.uniform() / (p * n), elasticity[q]});
    }
  }
  return build(n, list);
}

}  // namespace

TEST_CASE("exp_kernel is within 2 ulp of std::exp on its domain") {
  alchemy::Rng rng(99);
  double worst = 0.0;
  for (int k = 0; k < 200'000; ++k) {
    const double x = (rng.uniform() - 0.5) * (k % 2 == 0 ? 1400.0 : 2.0);
    const double want = std::exp(x);
    const double ulp = std::nextafter(want, INFINITY) - want;
    worst = std::max(worst, std::abs(alchemy::exp_kernel(x) - want) / ulp);
  }
  CHECK(worst <= 2.0);
  CHECK(alchemy::exp_kernel(0.0) == 1.0);
}

TEST_CASE("exp_any is the kernel on its domain and std::exp beyond it") {
  for (double x : {-700.0, -1.5, 0.0, 0.25, 700.0})
    CHECK(alchemy::exp_any(x) == alchemy::exp_kernel(x));
  CHECK(alchemy::exp_any(800.0) == HUGE_VAL);           // overflow, as std::exp
  CHECK(alchemy::exp_any(-800.0) == std::exp(-800.0));  // a subnormal or 0, as std::exp
  CHECK(std::isnan(alchemy::exp_any(std::nan(""))));
}

TEST_CASE("log_kernel is within 2 ulp of std::log on positive normal numbers") {
  alchemy::Rng rng(98);
  double worst = 0.0;
  for (int k = 0; k < 200'000; ++k) {
    const double x = k % 2 == 0 ? std::exp((rng.uniform() - 0.5) * 1400.0)
                                : 1.0 + (rng.uniform() - 0.5) * 1e-3;  // near 1: hardest
    const double want = std::log(x);
    const double ulp = std::abs(std::nextafter(want, INFINITY) - want);
    worst = std::max(worst, std::abs(alchemy::log_kernel(x) - want) / ulp);
  }
  CHECK(worst <= 2.0);
  CHECK(alchemy::log_kernel(1.0) == 0.0);
  CHECK(alchemy::log_kernel(0x1p-1022) == doctest::Approx(-1022 * std::log(2.0)));
}

TEST_CASE("a small shock propagates as (I - W)^-1 s near equilibrium") {
  std::vector<double> mv0;
  const FeedbackChannels c = random_channels(8, 0.5, 1.2, 42, mv0);
  const std::size_t n = c.firm_count();
  const std::vector<double> a = equilibrium_a(c, mv0);
  const std::vector<double> kappa(n, 1.0);
  alchemy::Rng rng(7);
  std::vector<double> z(n);
  for (auto& s : z)
    s = 1e-6 * (rng.uniform() - 0.3);

  FeedbackOptions o;
  o.tolerance = 1e-13;
  const auto r = alchemy::solve_feedback(c, FeedbackState{a, mv0, kappa, z, {}}, o);
  REQUIRE(r.converged);
  CHECK(r.floored == 0);

  const Eigen::MatrixXd w = dense(alchemy::diagnostic_linearisation(c, a, mv0));
  CHECK(w.cwiseAbs().rowwise().sum().maxCoeff() > 0.3);  // real feedback, not a trivial case
  Eigen::VectorXd s(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i)
    s(static_cast<Eigen::Index>(i)) = z[i];
  const Eigen::VectorXd expected =
      (Eigen::MatrixXd::Identity(w.rows(), w.cols()) - w).partialPivLu().solve(s);
  for (std::size_t i = 0; i < n; ++i) {
    const double got = std::log(r.mv[i] / mv0[i]);
    const double want = expected(static_cast<Eigen::Index>(i));
    CHECK(std::abs(got - want) <= 1e-4 * std::abs(want));
  }
  // Feedback amplifies: the response exceeds the shock somewhere.
  CHECK((expected - s).cwiseAbs().maxCoeff() > 1e-7);
}

TEST_CASE("with partial adjustment the response is (I - diag(kappa) W)^-1 s") {
  std::vector<double> mv0;
  const FeedbackChannels c = random_channels(6, 0.6, 1.5, 3, mv0);
  const std::size_t n = c.firm_count();
  const std::vector<double> a = equilibrium_a(c, mv0);
  const std::vector<double> kappa{0.2, 0.5, 1.0, 0.7, 0.1, 0.9};
  std::vector<double> z(n, 0.0);
  z[2] = 1e-6;
  FeedbackOptions o;
  o.tolerance = 1e-14;
  const auto r = alchemy::solve_feedback(c, FeedbackState{a, mv0, kappa, z, {}}, o);
  REQUIRE(r.converged);
  Eigen::MatrixXd w = dense(alchemy::diagnostic_linearisation(c, a, mv0));
  for (std::size_t i = 0; i < n; ++i)
    w.row(static_cast<Eigen::Index>(i)) *= kappa[i];
  Eigen::VectorXd s = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  s(2) = 1e-6;
  const Eigen::VectorXd expected =
      (Eigen::MatrixXd::Identity(w.rows(), w.cols()) - w).partialPivLu().solve(s);
  for (std::size_t i = 0; i < n; ++i) {
    const double want = expected(static_cast<Eigen::Index>(i));
    CHECK(std::abs(std::log(r.mv[i] / mv0[i]) - want) <= 1e-4 * std::abs(want) + 1e-15);
  }
}

TEST_CASE("the converged prices satisfy the tick equation") {
  std::vector<double> mv0;
  const FeedbackChannels c = random_channels(30, 0.2, 0.9, 11, mv0);
  const std::size_t n = c.firm_count();
  std::vector<double> a = equilibrium_a(c, mv0);
  alchemy::Rng rng(5);
  std::vector<double> kappa(n), z(n);
  for (std::size_t i = 0; i < n; ++i) {
    a[i] *= 1.0 + 0.2 * (rng.uniform() - 0.5);  // start away from equilibrium
    kappa[i] = 0.1 + 0.9 * rng.uniform();
    z[i] = 0.05 * rng.normal();
  }
  FeedbackOptions o;
  o.tolerance = 1e-13;
  o.damping = 0.8;
  const auto r = alchemy::solve_feedback(c, FeedbackState{a, mv0, kappa, z, {}}, o);
  REQUIRE(r.converged);
  const auto v = alchemy::fundamental_values(c, a, mv0, r.mv);
  for (std::size_t i = 0; i < n; ++i) {
    CHECK(std::log(r.mv[i]) ==
          doctest::Approx(tick_rhs(mv0[i], kappa[i], v[i], z[i])).epsilon(1e-12));
  }

  // The per-channel path (too many elasticity classes allowed: none) gives the same bits.
  FeedbackOptions per_channel = o;
  per_channel.max_elasticity_classes = 0;
  const auto r2 = alchemy::solve_feedback(c, FeedbackState{a, mv0, kappa, z, {}}, per_channel);
  CHECK(r2.iterations == r.iterations);
  CHECK(r2.mv == r.mv);
}

TEST_CASE("a network without loops is solved exactly, in one pass, from the closed form") {
  // 0 holds a stake in 1 (e = 1); 1 sells to 2 (e = 0.6); 2 depends on no one. Solved by hand in
  // that order: y2 = y2⁰ + κ2 (log a2 − y2⁰) + z2, then x2 = exp(y2 − y2⁰), and so on.
  const FeedbackChannels c =
      build(3, {{0, 1, EdgeKind::stake, 3e8, 1.0}, {1, 2, EdgeKind::supply, 2e8, 0.6}});
  const std::vector<double> mv0{1e9, 8e8, 5e8};
  const std::vector<double> a{6e8, 5e8, 5.5e8};
  const std::vector<double> kappa{0.3, 0.5, 0.2};
  const std::vector<double> z{0.01, -0.02, 0.03};
  FeedbackOptions o;
  o.damping = 0.5;  // no effect without a loop: the one evaluation is the fixed point
  const auto r = alchemy::solve_feedback(c, FeedbackState{a, mv0, kappa, z, {}}, o);
  REQUIRE(r.converged);
  CHECK(r.iterations == 1);
  CHECK(r.max_change == 0.0);
  const auto tick = [&](std::size_t i, double v) {
    return std::exp(tick_rhs(mv0[i], kappa[i], v, z[i]));
  };
  const double mv2 = tick(2, a[2]);
  const double mv1 = tick(1, a[1] + 2e8 * std::pow(mv2 / mv0[2], 0.6));
  const double mv0_ = tick(0, a[0] + 3e8 * (mv1 / mv0[1]));
  CHECK(r.mv[2] == doctest::Approx(mv2).epsilon(1e-14));
  CHECK(r.mv[1] == doctest::Approx(mv1).epsilon(1e-14));
  CHECK(r.mv[0] == doctest::Approx(mv0_).epsilon(1e-14));
}

TEST_CASE("a loop is iterated to its fixed point before the firms that depend on it") {
  // 0 and 1 hold stakes in each other (a loop); 2 depends on 0, 3 on 2. The chain below the loop
  // must satisfy its tick equation at the loop's converged values, to rounding.
  const FeedbackChannels c = build(4, {{0, 1, EdgeKind::stake, 3e8, 1.0},
                                       {1, 0, EdgeKind::stake, 2e8, 1.0},
                                       {2, 0, EdgeKind::supply, 4e8, 0.6},
                                       {3, 2, EdgeKind::funding, 1e8, 0.8}});
  const std::vector<double> mv0{1e9, 1e9, 1e9, 1e9};
  const std::vector<double> a = equilibrium_a(c, mv0);
  const std::vector<double> kappa{1.0, 1.0, 0.5, 0.5};
  const std::vector<double> z{0.05, 0.0, 0.0, 0.0};
  FeedbackOptions o;
  o.tolerance = 1e-14;
  const auto r = alchemy::solve_feedback(c, FeedbackState{a, mv0, kappa, z, {}}, o);
  REQUIRE(r.converged);
  CHECK(r.iterations > 2);  // the loop needed sweeps
  const auto v = alchemy::fundamental_values(c, a, mv0, r.mv);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(std::log(r.mv[i]) ==
          doctest::Approx(tick_rhs(mv0[i], kappa[i], v[i], z[i])).epsilon(1e-13));
  }
  // A shock to the loop reaches the chain: 0 up, so 2 (its customer's seller) and 3 up too.
  CHECK(r.mv[2] > mv0[2]);
  CHECK(r.mv[3] > mv0[3]);
}

TEST_CASE("a kernel reused over ticks matches one-shot solves, with b changed in between") {
  std::vector<double> mv0;
  FeedbackChannels c = random_channels(20, 0.3, 0.8, 21, mv0);
  const std::size_t n = c.firm_count();
  const std::vector<double> a = equilibrium_a(c, mv0);
  const std::vector<double> kappa(n, 0.7);
  std::vector<double> z(n, 0.01);
  alchemy::FeedbackKernel kernel(c);
  const auto first = kernel.solve(FeedbackState{a, mv0, kappa, z, {}});
  CHECK(first.mv == alchemy::solve_feedback(c, FeedbackState{a, mv0, kappa, z, {}}).mv);
  for (double& b : c.b)
    b *= 0.5;  // a new tick's start-of-tick values
  const auto second = kernel.solve(FeedbackState{a, mv0, kappa, z, {}});
  CHECK(second.mv == alchemy::solve_feedback(c, FeedbackState{a, mv0, kappa, z, {}}).mv);
  CHECK(second.mv != first.mv);
}

TEST_CASE("rebuild() after elasticities change matches a fresh kernel, bit for bit") {
  // The engine changes elasticities in place from tick to tick (a loan's moves with the
  // borrower's leverage). rebuild() keeps its power table when each power's channels still share
  // one elasticity and builds it anew when they do not; both must give a fresh kernel's bits.
  std::vector<double> mv0;
  FeedbackChannels c = random_channels(20, 0.3, 0.8, 33, mv0);
  const std::size_t n = c.firm_count();
  const std::vector<double> a = equilibrium_a(c, mv0);
  const std::vector<double> kappa(n, 0.7);
  const std::vector<double> z(n, 0.02);
  const FeedbackState state{a, mv0, kappa, z, {}};
  alchemy::FeedbackKernel kernel(c);
  const auto fresh = [&] { return alchemy::solve_feedback(c, state).mv; };
  CHECK(kernel.solve(state).mv == fresh());
  // Every channel of one elasticity class moves together (the table keeps its layout).
  for (double& e : c.elasticity) {
    if (e == 0.6) e = 0.45;
  }
  kernel.rebuild();
  const auto together = kernel.solve(state).mv;
  CHECK(together == fresh());
  // One channel leaves its class (the table is rebuilt) ...
  REQUIRE(c.channel_count() > 3);
  c.elasticity[2] = 0.123;
  kernel.rebuild();
  const auto split = kernel.solve(state).mv;
  CHECK(split == fresh());
  CHECK(split != together);
  // ... and comes to equal another class's elasticity (two powers now compute the same values).
  c.elasticity[2] = 1.0;
  kernel.rebuild();
  CHECK(kernel.solve(state).mv == fresh());
}

TEST_CASE("an explosive loop (rho > 1, kappa = 1) is reported as not converged") {
  // Two firms each holding claims on the other worth 1.5 times their own value, net of debt:
  // V_i = -0.5 MV⁰_i + 1.5 MV⁰_i x_j, so W = [[0, 1.5], [1.5, 0]] and rho = 1.5.
  const FeedbackChannels c =
      build(2, {{0, 1, EdgeKind::stake, 1.5e9, 1.0}, {1, 0, EdgeKind::stake, 1.5e9, 1.0}});
  const std::vector<double> mv0{1e9, 1e9};
  const std::vector<double> a{-0.5e9, -0.5e9};
  const std::vector<double> kappa{1.0, 1.0};
  const std::vector<double> z{1e-3, 0.0};
  const auto w = alchemy::diagnostic_linearisation(c, a, mv0);
  CHECK(w.w == std::vector<double>{1.5, 1.5});

  const auto r = alchemy::solve_feedback(c, FeedbackState{a, mv0, kappa, z, {}});
  CHECK_FALSE(r.converged);
  CHECK(r.diverged);
  CHECK(r.mv[0] > mv0[0]);  // the last iterate is returned
  CHECK(r.mv.size() == 2);

  // Damping does not rescue a truly explosive loop; the iteration cap ends it.
  FeedbackOptions o;
  o.damping = 0.5;
  o.max_iterations = 20;
  const auto r2 = alchemy::solve_feedback(c, FeedbackState{a, mv0, kappa, z, {}}, o);
  CHECK_FALSE(r2.converged);
  CHECK(r2.iterations == 20);

  // The same loop below 1 converges.
  const FeedbackChannels damped =
      build(2, {{0, 1, EdgeKind::stake, 0.5e9, 1.0}, {1, 0, EdgeKind::stake, 0.5e9, 1.0}});
  const std::vector<double> a2{0.5e9, 0.5e9};
  CHECK(alchemy::solve_feedback(damped, FeedbackState{a2, mv0, kappa, z, {}}).converged);
}

TEST_CASE("inactive firms keep their value, distressed firms sit at the floor") {
  // 0 and 1 hold stakes in each other; 2 (inactive) holds a stake in 0; 3 is insolvent.
  const FeedbackChannels c = build(4, {{0, 1, EdgeKind::stake, 2e8, 1.0},
                                       {1, 0, EdgeKind::stake, 2e8, 1.0},
                                       {2, 0, EdgeKind::stake, 5e8, 1.0},
                                       {3, 0, EdgeKind::supply, 1e8, 0.5}});
  const std::vector<double> mv0{1e9, 1e9, 3e6, 1e9};
  const std::vector<double> a{8e8, 8e8, 0.0, -5e9};
  const std::vector<double> kappa{1.0, 1.0, 1.0, 1.0};
  const std::vector<double> z{0.01, 0.0, 0.3, 0.0};
  const std::vector<std::uint8_t> active{1, 1, 0, 1};
  const auto r = alchemy::solve_feedback(c, FeedbackState{a, mv0, kappa, z, active});
  REQUIRE(r.converged);
  CHECK(r.mv[2] == mv0[2]);  // row skipped, no noise
  CHECK(r.mv[0] > mv0[0]);
  CHECK(r.mv[1] > mv0[1]);
  CHECK(r.floored == 1);
  CHECK(r.mv[3] == doctest::Approx(FeedbackOptions{}.value_floor * mv0[3]).epsilon(1e-12));

  const auto w = alchemy::diagnostic_linearisation(c, a, mv0, active);
  CHECK(w.row_ptr == std::vector<std::size_t>{0, 1, 2, 2, 2});  // inactive and floored rows empty
  CHECK(w.w[0] == doctest::Approx(0.2));
}

TEST_CASE("the linearisation is b e / V per channel, sorted, repeats added") {
  // Row 0 lists its channels out of order and twice for (1, supply).
  const FeedbackChannels c = build(3, {{0, 2, EdgeKind::stake, 1.0, 1.0},
                                       {0, 1, EdgeKind::supply, 2.0, 0.5},
                                       {0, 1, EdgeKind::stake, 3.0, 1.0},
                                       {0, 1, EdgeKind::supply, 2.0, 0.5},
                                       {1, 0, EdgeKind::funding, 0.0, 0.8}});
  const std::vector<double> a{2.0, 1.0, 1.0};  // V_0 = 2 + 1 + 2 + 3 + 2 = 10
  const std::vector<double> mv0{10.0, 1.0, 1.0};
  const auto w = alchemy::diagnostic_linearisation(c, a, mv0);
  w.validate();
  CHECK(w.row_ptr == std::vector<std::size_t>{0, 3, 3, 3});  // b = 0 dropped
  CHECK(w.col == std::vector<std::uint32_t>{1, 1, 2});
  CHECK(w.kind == std::vector<EdgeKind>{EdgeKind::stake, EdgeKind::supply, EdgeKind::stake});
  CHECK(w.w[0] == doctest::Approx(0.3));
  CHECK(w.w[1] == doctest::Approx(0.2));  // (2 + 2) × 0.5 / 10
  CHECK(w.w[2] == doctest::Approx(0.1));
}

TEST_CASE("bad inputs are refused") {
  const FeedbackChannels c = build(2, {{0, 1, EdgeKind::stake, 1.0, 1.0}});
  const std::vector<double> good{1.0, 1.0};
  const std::vector<double> bad_mv{1.0, 0.0};
  const std::vector<double> short_v{1.0};
  CHECK_THROWS_AS(alchemy::solve_feedback(c, FeedbackState{good, bad_mv, good, {}, {}}),
                  std::invalid_argument);
  CHECK_THROWS_AS(alchemy::solve_feedback(c, FeedbackState{short_v, good, good, {}, {}}),
                  std::invalid_argument);
  FeedbackOptions o;
  o.damping = 0.0;
  CHECK_THROWS_AS(alchemy::solve_feedback(c, FeedbackState{good, good, good, {}, {}}, o),
                  std::invalid_argument);
  const FeedbackChannels self = build(2, {{0, 0, EdgeKind::stake, 1.0, 1.0}});
  CHECK_THROWS_AS(self.validate(), std::invalid_argument);
}
