// Clearing: Eisenberg & Noe (2001) and Rogers & Veraart (2013). Every numeric case runs through
// both algorithms (exact fictitious default / GA, and Picard iteration).
//
// Conventions in force in these tests unless a case says otherwise: external liabilities rank
// pari passu with interbank ones (the classical Eisenberg–Noe set-up), and a firm whose payable
// assets equal its nominal liabilities exactly is solvent (clearing.hpp: is_in_default).

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "market/clearing.hpp"
#include "market/rng.hpp"

using alchemy::ClearingAlgorithm;
using alchemy::ClearingInput;
using alchemy::ClearingNetwork;
using alchemy::ClearingOptions;
using alchemy::ClearingResult;
using alchemy::ExternalSeniority;
using alchemy::Liability;

namespace {

constexpr ClearingAlgorithm kBoth[] = {ClearingAlgorithm::exact, ClearingAlgorithm::iterative};

ClearingResult solve(const ClearingInput& in, ClearingAlgorithm algo, double alpha = 1.0,
                     double beta = 1.0, ExternalSeniority s = ExternalSeniority::pari_passu) {
  ClearingOptions o;
  o.algorithm = algo;
  o.alpha = alpha;
  o.beta = beta;
  o.seniority = s;
  return alchemy::clear(in, o);
}

// Liabilities from a dense matrix L[i][j] = what i owes j.
std::vector<Liability> from_matrix(const std::vector<std::vector<double>>& m) {
  std::vector<Liability> out;
  for (std::size_t i = 0; i < m.size(); ++i) {
    for (std::size_t j = 0; j < m[i].size(); ++j) {
      if (m[i][j] != 0.0) {
        out.push_back(
            {static_cast<alchemy::FirmIndex>(i), static_cast<alchemy::FirmIndex>(j), m[i][j]});
      }
    }
  }
  return out;
}

// The example of the `systemicrisk` R package (Gandy & Veraart), documented for its functions
// default_clearing() and default_cascade(): ea = (1/2, 5/8, 3/4), el = (3/2, 1/2, 1/2), x = 1/2,
// L = matrix(c(0,x,1-x, 1-x,0,x, x,1-x,0), nrow = 3) — filled by column, so with x = 1/2 every
// off-diagonal L_ij = 1/2. The package ranks external liabilities pari passu (its relative
// liabilities are L_ij / (Σ_j L_ij + el_i)).
ClearingInput gandy_veraart_example() {
  ClearingInput in;
  in.firm_count = 3;
  in.liabilities = from_matrix({{0, 0.5, 0.5}, {0.5, 0, 0.5}, {0.5, 0.5, 0}});
  in.outside_assets = {0.5, 0.625, 0.75};
  in.external_liabilities = {1.5, 0.5, 0.5};
  return in;
}

// Rogers & Veraart (2013), the asymmetric six-bank network of their numerical section (Fig. 4),
// as also used by the FinNetValu.jl test suite: no external liabilities.
ClearingInput rogers_veraart_asymmetric(double gamma) {
  ClearingInput in;
  in.firm_count = 6;
  in.liabilities = from_matrix({{0, 4.94, 2.47, 5.59, 0, 0},
                                {6, 0, 0, 2, 0, 0},
                                {0, 13, 0, 0, 0, 0},
                                {0, 0, 0, 0, 0, 8},
                                {12, 0, 0, 0, 0, 0},
                                {2.79, 6.21, 0, 0, 0, 0}});
  in.outside_assets = {1, 1, 11.51, 1.4, 12.5, 2};
  for (double& e : in.outside_assets)
    e *= gamma;
  return in;
}

// A random network: each ordered pair owes with probability p, amounts uniform in [0.5, 1.5).
ClearingInput random_network(alchemy::Rng& rng, std::size_t n, double p, double e_scale,
                             double ext_scale) {
  ClearingInput in;
  in.firm_count = n;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (i != j && rng.uniform() < p) {
        in.liabilities.push_back({static_cast<alchemy::FirmIndex>(i),
                                  static_cast<alchemy::FirmIndex>(j), 0.5 + rng.uniform()});
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    in.outside_assets.push_back(e_scale * rng.uniform());
    in.external_liabilities.push_back(ext_scale * rng.uniform());
  }
  return in;
}

// A reference Eisenberg–Noe solver written independently of market/clearing.cpp, in the
// textbook form: relative liabilities Π_ij = L_ij / p̄_i with the outside sink as an extra
// creditor, p ← min(p̄, e + Πᵀp) from p̄ until it stops moving.
std::vector<double> reference_eisenberg_noe(const ClearingInput& in) {
  const std::size_t n = in.firm_count;
  std::vector<std::vector<double>> l(n, std::vector<double>(n, 0.0));
  for (const auto& d : in.liabilities)
    l[d.debtor][d.creditor] += d.amount;
  std::vector<double> pbar(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double ext = in.external_liabilities.empty() ? 0.0 : in.external_liabilities[i];
    pbar[i] = std::accumulate(l[i].begin(), l[i].end(), 0.0) + ext;
  }
  std::vector<double> p = pbar;
  for (int round = 0; round < 200000; ++round) {
    std::vector<double> next(n);
    double moved = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      double a = in.outside_assets[i];
      for (std::size_t j = 0; j < n; ++j) {
        if (pbar[j] > 0.0) a += l[j][i] / pbar[j] * p[j];
      }
      next[i] = std::min(pbar[i], a);
      moved = std::max(moved, std::abs(next[i] - p[i]));
    }
    p = next;
    if (moved < 1e-15) break;
  }
  return p;
}

double max_relative_gap(const std::vector<double>& a, const std::vector<double>& b) {
  double gap = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    gap = std::max(gap, std::abs(a[i] - b[i]) / std::max(1.0, std::abs(b[i])));
  }
  return gap;
}

void check_invariants(const ClearingInput& in, const ClearingResult& r) {
  const ClearingNetwork net(in.firm_count, in.liabilities, in.external_liabilities);
  double sum = 0.0;
  double to_network = 0.0;
  double received = 0.0;
  for (std::size_t i = 0; i < in.firm_count; ++i) {
    const double pbar = net.nominal_liabilities()[i];
    CHECK(r.payments[i] >= 0.0);
    CHECK(r.payments[i] <= pbar);
    CHECK(r.payments[i] == doctest::Approx(r.payments_to_network[i] + r.payments_to_outside[i]));
    const double g = in.assets_at_face.empty() ? 0.0 : in.assets_at_face[i];
    CHECK(r.payments[i] <= in.outside_assets[i] + g + r.received[i] + 1e-12);
    CHECK(static_cast<bool>(r.defaulted[i]) ==
          alchemy::is_in_default(in.outside_assets[i] + g + r.received[i], pbar));
    sum += r.payments[i];
    to_network += r.payments_to_network[i];
    received += r.received[i];
  }
  CHECK(r.total_paid == doctest::Approx(sum).epsilon(1e-12));
  // What the network pays is what the network receives.
  CHECK(received == doctest::Approx(to_network).epsilon(1e-9));
}

}  // namespace

TEST_CASE("Eisenberg-Noe: systemicrisk package example, three fictitious-default rounds") {
  // Hand derivation (fictitious default algorithm, Eisenberg & Noe 2001, Section 3):
  // p̄ = (2.5, 1.5, 1.5). Round 1, everybody pays p̄: assets e + Πᵀp̄ = (1.5, 1.625, 1.75), so
  // bank 1 defaults. Round 2, p1 = e1 + p2/3 + p3/3 = 1.5: bank 2's assets 0.625 + 0.2·1.5 + 0.5 =
  // 1.425 < 1.5, it defaults too. Round 3, with p3 = 1.5:
  //   p1 = 1 + p2/3,  p2 = 1.125 + p1/5   =>   p1 = 165/112,  p2 = 159/112,
  // and bank 3's assets 0.75 + p1/5 + p2/3 = 85/56 >= 1.5: it pays in full. Nothing changes.
  const ClearingInput in = gandy_veraart_example();
  for (ClearingAlgorithm algo : kBoth) {
    CAPTURE(alchemy::to_string(algo));
    const ClearingResult r = solve(in, algo);
    CHECK(r.payments[0] == doctest::Approx(165.0 / 112.0).epsilon(1e-12));
    CHECK(r.payments[1] == doctest::Approx(159.0 / 112.0).epsilon(1e-12));
    CHECK(r.payments[2] == doctest::Approx(1.5).epsilon(1e-12));
    CHECK(r.defaulted == std::vector<std::uint8_t>{1, 1, 0});
    CHECK(r.default_count == 2);
    CHECK(r.equity[2] == doctest::Approx(1.0 / 56.0).epsilon(1e-12));
    CHECK(r.equity[0] == doctest::Approx(165.0 / 112.0 - 2.5).epsilon(1e-12));
    // The sink is a pari passu creditor: it gets el_i / p̄_i of each payment.
    CHECK(r.payments_to_outside[0] == doctest::Approx(0.6 * 165.0 / 112.0).epsilon(1e-12));
    CHECK(r.network_share[0] == doctest::Approx(0.4));
    CHECK(r.algorithm == algo);
    check_invariants(in, r);
    if (algo == ClearingAlgorithm::exact) CHECK(r.rounds == 3);
  }
}

TEST_CASE("Rogers-Veraart: systemicrisk example with alpha = 0.5, beta = 0.7") {
  // The package's second documented call, default_clearing(L, ea, el, alpha=0.5, beta=0.7).
  // Hand derivation (Rogers & Veraart 2013, GA, Definition 3.6): round 1 as above, bank 1
  // defaults. Round 2, p1 = α e1 + β (p2/3 + p3/3) = 0.25 + 0.7 = 0.95; now bank 2's assets are
  // 0.625 + 0.19 + 0.5 = 1.315 < 1.5 and bank 3's 0.75 + 0.19 + 0.5 = 1.44 < 1.5: both default.
  // Round 3, all three in default:
  //   p1 = 0.25   + 0.7 (p2/3 + p3/3)
  //   p2 = 0.3125 + 0.7 (p1/5 + p3/3)
  //   p3 = 0.375  + 0.7 (p1/5 + p2/3)
  // whose solution (exact rational arithmetic) is p = (4225/8416, 160275/311392, 176055/311392).
  const ClearingInput in = gandy_veraart_example();
  for (ClearingAlgorithm algo : kBoth) {
    CAPTURE(alchemy::to_string(algo));
    const ClearingResult r = solve(in, algo, 0.5, 0.7);
    CHECK(r.payments[0] == doctest::Approx(4225.0 / 8416.0).epsilon(1e-12));
    CHECK(r.payments[1] == doctest::Approx(160275.0 / 311392.0).epsilon(1e-12));
    CHECK(r.payments[2] == doctest::Approx(176055.0 / 311392.0).epsilon(1e-12));
    CHECK(r.defaulted == std::vector<std::uint8_t>{1, 1, 1});
    check_invariants(in, r);
    if (algo == ClearingAlgorithm::exact) CHECK(r.rounds == 3);
  }
}

TEST_CASE("senior external liabilities: the same example with outside creditors paid first") {
  // Hand derivation. Senior: a defaulted firm's value goes to outside creditors first, the rest
  // pro rata to the network. Bank 1's assets are at most 0.5 + 0.5 + 0.5 = 1.5 = el_1, so it
  // never pays the network anything. Round 1: bank 1 defaults. Round 2 (r1 = 0): banks 2 and 3
  // have assets 1.125 and 1.25 < 1.5 and default. Round 3, network recovery rates r2, r3 on their
  // unit network debts:  r2 = 0.625 + 0.5 r3 − 0.5,  r3 = 0.75 + 0.5 r2 − 0.5
  //   =>  r2 = 1/3, r3 = 5/12; total payments p2 = 0.5 + 1/3 = 5/6, p3 = 0.5 + 5/12 = 11/12,
  // and bank 1 hands all its assets to the outside: p1 = 0.5 + 0.5 r2 + 0.5 r3 = 7/8.
  const ClearingInput in = gandy_veraart_example();
  for (ClearingAlgorithm algo : kBoth) {
    CAPTURE(alchemy::to_string(algo));
    const ClearingResult r = solve(in, algo, 1.0, 1.0, ExternalSeniority::senior);
    CHECK(r.payments[0] == doctest::Approx(0.875).epsilon(1e-12));
    CHECK(r.payments_to_network[0] == doctest::Approx(0.0));
    CHECK(r.payments_to_outside[0] == doctest::Approx(0.875).epsilon(1e-12));
    CHECK(r.payments[1] == doctest::Approx(5.0 / 6.0).epsilon(1e-12));
    CHECK(r.payments_to_network[1] == doctest::Approx(1.0 / 3.0).epsilon(1e-12));
    CHECK(r.payments[2] == doctest::Approx(11.0 / 12.0).epsilon(1e-12));
    CHECK(r.payments_to_network[2] == doctest::Approx(5.0 / 12.0).epsilon(1e-12));
    CHECK(r.total_to_outside == doctest::Approx(1.875).epsilon(1e-12));
    CHECK(r.defaulted == std::vector<std::uint8_t>{1, 1, 1});
    check_invariants(in, r);
  }
}

TEST_CASE("two firms in a cycle with an outside creditor: closed form") {
  // A owes B 1 and the outside 0.5; B owes A 1; e_A = 0.4, e_B = 0. Pari passu, A pays B 2/3 of
  // p_A. In the greatest clearing vector both default: p_A = 0.4 + p_B, p_B = (2/3) p_A, so
  // p_A = 1.2 and p_B = 0.8.
  ClearingInput in;
  in.firm_count = 2;
  in.liabilities = {{0, 1, 1.0}, {1, 0, 1.0}};
  in.outside_assets = {0.4, 0.0};
  in.external_liabilities = {0.5, 0.0};
  for (ClearingAlgorithm algo : kBoth) {
    const ClearingResult r = solve(in, algo);
    CHECK(r.payments[0] == doctest::Approx(1.2).epsilon(1e-12));
    CHECK(r.payments[1] == doctest::Approx(0.8).epsilon(1e-12));
    CHECK(r.payments_to_outside[0] == doctest::Approx(0.4).epsilon(1e-12));
  }
}

TEST_CASE("tie rule: payable assets exactly equal to p-bar are not a default") {
  // A owes B 10; B owes the outside 5 and A nothing. With e_A = 10, A's payable assets equal
  // p̄_A exactly: it pays in full and is not in default (clearing.hpp: is_in_default is strict).
  ClearingInput in;
  in.firm_count = 2;
  in.liabilities = {{0, 1, 10.0}};
  in.outside_assets = {10.0, 0.0};
  in.external_liabilities = {0.0, 5.0};
  CHECK_FALSE(alchemy::is_in_default(10.0, 10.0));
  CHECK(alchemy::is_in_default(9.999, 10.0));
  for (ClearingAlgorithm algo : kBoth) {
    for (double alpha : {1.0, 0.5}) {
      const ClearingResult r = solve(in, algo, alpha, alpha);
      CHECK(r.defaulted == std::vector<std::uint8_t>{0, 0});
      CHECK(r.payments[0] == 10.0);
      CHECK(r.equity[0] == 0.0);
      CHECK(r.payments[1] == 5.0);
    }
  }
  // One cent less and A defaults; with default costs the drop is discontinuous (Rogers &
  // Veraart): it pays α e_A = 0.5 · 9.99.
  in.outside_assets[0] = 9.99;
  for (ClearingAlgorithm algo : kBoth) {
    const ClearingResult r = solve(in, algo, 0.5, 0.5);
    CHECK(r.defaulted[0] == 1);
    CHECK(r.payments[0] == doctest::Approx(4.995));
  }
}

TEST_CASE("greatest clearing vector: a cycle with several fixed points pays in full") {
  // A and B owe each other 1 and hold nothing else. Every p = (t, t), t in [0, 1], clears under
  // Eisenberg–Noe; the greatest is full payment, which is also the Rogers–Veraart greatest vector
  // (assets 1 = p̄, so nobody defaults and no default cost is incurred).
  ClearingInput in;
  in.firm_count = 2;
  in.liabilities = {{0, 1, 1.0}, {1, 0, 1.0}};
  in.outside_assets = {0.0, 0.0};
  in.external_liabilities = {0.0, 0.0};
  for (ClearingAlgorithm algo : kBoth) {
    for (double cost : {1.0, 0.3}) {
      const ClearingResult r = solve(in, algo, cost, cost);
      CHECK(r.payments == std::vector<double>{1.0, 1.0});
      CHECK(r.default_count == 0);
    }
  }
}

TEST_CASE("Rogers-Veraart asymmetric network: exact GA and Picard agree, alpha = beta = 1 is EN") {
  // Outside assets scaled by γ as in Rogers & Veraart's Fig. 4 surfaces.
  for (double gamma : {1.0, 0.9, 0.75, 0.5, 0.25, 0.0}) {
    CAPTURE(gamma);
    const ClearingInput in = rogers_veraart_asymmetric(gamma);
    const std::vector<double> en = reference_eisenberg_noe(in);
    for (ClearingAlgorithm algo : kBoth) {
      const ClearingResult r = solve(in, algo, 1.0, 1.0);
      CHECK(max_relative_gap(r.payments, en) < 1e-9);
      check_invariants(in, r);
    }
    for (double alpha : {0.9, 0.5, 0.1}) {
      for (double beta : {0.95, 0.6, 0.0}) {
        const ClearingResult exact = solve(in, ClearingAlgorithm::exact, alpha, beta);
        const ClearingResult iter = solve(in, ClearingAlgorithm::iterative, alpha, beta);
        CHECK(max_relative_gap(iter.payments, exact.payments) < 1e-9);
        CHECK(iter.defaulted == exact.defaulted);
        // Default costs never raise a payment above the Eisenberg–Noe one.
        for (std::size_t i = 0; i < 6; ++i)
          CHECK(exact.payments[i] <= en[i] + 1e-9);
      }
    }
  }
}

TEST_CASE("random networks: exact and iterative agree to 1e-9 for every convention") {
  alchemy::Rng rng(20240601);
  for (int trial = 0; trial < 40; ++trial) {
    const std::size_t n = 5 + rng.below(40);
    const double p = 0.05 + 0.3 * rng.uniform();
    const ClearingInput in = random_network(rng, n, p, 2.0 * rng.uniform(), 2.0 * rng.uniform());
    const double alpha = trial % 3 == 0 ? 1.0 : rng.uniform();
    const double beta = trial % 3 == 0 ? 1.0 : rng.uniform();
    for (ExternalSeniority s : {ExternalSeniority::pari_passu, ExternalSeniority::senior}) {
      CAPTURE(trial);
      CAPTURE(alchemy::to_string(s));
      CAPTURE(alpha);
      CAPTURE(beta);
      const ClearingResult exact = solve(in, ClearingAlgorithm::exact, alpha, beta, s);
      const ClearingResult iter = solve(in, ClearingAlgorithm::iterative, alpha, beta, s);
      CHECK(exact.algorithm == ClearingAlgorithm::exact);
      CHECK(iter.converged);
      CAPTURE(exact.rounds);
      CAPTURE(iter.rounds);
      CHECK(max_relative_gap(iter.payments, exact.payments) < 1e-9);
      CHECK(max_relative_gap(iter.payments_to_outside, exact.payments_to_outside) < 1e-9);
      check_invariants(in, exact);
      check_invariants(in, iter);
      if (s == ExternalSeniority::pari_passu && alpha == 1.0 && beta == 1.0) {
        CHECK(max_relative_gap(exact.payments, reference_eisenberg_noe(in)) < 1e-9);
      }
    }
  }
}

TEST_CASE("assets at face: realised without the fire-sale cost, and they can stop a cascade") {
  // A (0) owes B (1) 200; B owes the outside 70. A holds 60 of outside assets that must be sold
  // (α = 0.5) and 50 of cash. B holds nothing but its claim on A.
  //   g = 50 at face: A realises 0.5 × 60 + 50 = 80 and pays B 80 ≥ 70, so B pays in full.
  //   the 50 counted as outside assets instead: A realises 0.5 × 110 = 55 < 70, B defaults and
  //   realises β × 55 = 55 (β = 1), all of it to the outside.
  ClearingInput face;
  face.firm_count = 2;
  face.liabilities = {{0, 1, 200.0}};
  face.outside_assets = {60.0, 0.0};
  face.external_liabilities = {0.0, 70.0};
  face.assets_at_face = {50.0, 0.0};
  ClearingInput sold = face;
  sold.outside_assets = {110.0, 0.0};
  sold.assets_at_face.clear();
  for (ClearingAlgorithm algo : kBoth) {
    CAPTURE(alchemy::to_string(algo));
    const ClearingResult f = solve(face, algo, 0.5, 1.0);
    CHECK(f.payments[0] == 80.0);
    CHECK(f.defaulted[0] == 1);
    CHECK(f.defaulted[1] == 0);
    CHECK(f.payments[1] == 70.0);
    CHECK(f.equity[0] == 60.0 + 50.0 - 200.0);
    CHECK(f.equity[1] == 10.0);
    check_invariants(face, f);
    const ClearingResult s = solve(sold, algo, 0.5, 1.0);
    CHECK(s.payments[0] == 55.0);
    CHECK(s.defaulted[1] == 1);
    CHECK(s.payments[1] == doctest::Approx(55.0).epsilon(1e-12));
    check_invariants(sold, s);
  }
  // The default test counts g: 60 + 50 + 0 ≥ 100 pays a debt of 100 in full, whatever α.
  face.liabilities = {{0, 1, 100.0}};
  for (ClearingAlgorithm algo : kBoth) {
    const ClearingResult f = solve(face, algo, 0.0, 0.0);
    CHECK(f.defaulted[0] == 0);
    CHECK(f.payments[0] == 100.0);
  }
}

TEST_CASE(
    "assets at face: exact and iterative agree on random networks, and g = 0 changes nothing") {
  alchemy::Rng rng(20261206);
  for (int trial = 0; trial < 30; ++trial) {
    const std::size_t n = 5 + rng.below(40);
    ClearingInput in = random_network(rng, n, 0.05 + 0.3 * rng.uniform(), 2.0 * rng.uniform(),
                                      2.0 * rng.uniform());
    const double alpha = rng.uniform();
    const double beta = rng.uniform();
    std::vector<double> g(n);
    for (double& x : g)
      x = rng.uniform() < 0.5 ? rng.uniform() : 0.0;
    for (ExternalSeniority s : {ExternalSeniority::pari_passu, ExternalSeniority::senior}) {
      CAPTURE(trial);
      in.assets_at_face.clear();
      const ClearingResult without = solve(in, ClearingAlgorithm::exact, alpha, beta, s);
      in.assets_at_face.assign(n, 0.0);
      const ClearingResult zeros = solve(in, ClearingAlgorithm::exact, alpha, beta, s);
      CHECK(zeros.payments == without.payments);
      in.assets_at_face = g;
      const ClearingResult exact = solve(in, ClearingAlgorithm::exact, alpha, beta, s);
      const ClearingResult iter = solve(in, ClearingAlgorithm::iterative, alpha, beta, s);
      CHECK(exact.algorithm == ClearingAlgorithm::exact);
      CHECK(max_relative_gap(iter.payments, exact.payments) < 1e-9);
      check_invariants(in, exact);
      check_invariants(in, iter);
      // Money at face is worth a dollar in default too: adding g never lowers a payment.
      for (std::size_t i = 0; i < n; ++i)
        CHECK(exact.payments[i] >= without.payments[i] - 1e-9);
    }
  }
}

TEST_CASE("payments are monotone in outside assets") {
  // Eisenberg & Noe (2001), Lemma 5 / Rogers & Veraart (2013), Theorem 3.7: the greatest
  // clearing vector is nondecreasing in e.
  alchemy::Rng rng(77);
  for (int trial = 0; trial < 25; ++trial) {
    const std::size_t n = 10 + rng.below(30);
    ClearingInput in = random_network(rng, n, 0.15, 1.0, 1.0);
    const double cost = trial % 2 == 0 ? 1.0 : 0.6;
    const ClearingResult before = solve(in, ClearingAlgorithm::exact, cost, cost);
    for (double& e : in.outside_assets)
      e += rng.uniform() < 0.3 ? 0.5 * rng.uniform() : 0.0;
    for (ClearingAlgorithm algo : kBoth) {
      const ClearingResult after = solve(in, algo, cost, cost);
      for (std::size_t i = 0; i < n; ++i)
        CHECK(after.payments[i] >= before.payments[i] - 1e-9);
    }
  }
}

TEST_CASE("input validation") {
  ClearingInput in;
  in.firm_count = 2;
  in.liabilities = {{0, 0, 1.0}};
  in.outside_assets = {1.0, 1.0};
  CHECK_THROWS_AS(alchemy::clear(in), std::invalid_argument);
  in.liabilities = {{0, 2, 1.0}};
  CHECK_THROWS_AS(alchemy::clear(in), std::invalid_argument);
  in.liabilities = {{0, 1, -1.0}};
  CHECK_THROWS_AS(alchemy::clear(in), std::invalid_argument);
  in.liabilities = {{0, 1, 1.0}};
  in.outside_assets = {1.0};
  CHECK_THROWS_AS(alchemy::clear(in), std::invalid_argument);
  in.outside_assets = {1.0, 1.0};
  in.assets_at_face = {1.0};
  CHECK_THROWS_AS(alchemy::clear(in), std::invalid_argument);
  in.assets_at_face = {1.0, -1.0};
  CHECK_THROWS_AS(alchemy::clear(in), std::invalid_argument);
  in.assets_at_face.clear();
  ClearingOptions o;
  o.alpha = 1.5;
  CHECK_THROWS_AS(alchemy::clear(in, o), std::invalid_argument);
  // Duplicate debts between the same pair add up.
  in.liabilities = {{0, 1, 1.0}, {0, 1, 2.0}};
  in.outside_assets = {0.0, 0.0};
  const ClearingResult r = alchemy::clear(in);
  CHECK(r.payments[0] == 0.0);
  CHECK(r.equity[0] == -3.0);
}
