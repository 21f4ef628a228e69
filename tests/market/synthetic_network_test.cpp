// Synthetic networks (Erdős–Rényi, Barabási–Albert, core–periphery) and the Gai & Kapadia (2010)
// default cascade on them.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "market/gai_kapadia.hpp"
#include "market/synthetic_network.hpp"

using alchemy::DirectedEdge;
using alchemy::Rng;

namespace {

void check_simple_and_sorted(const std::vector<DirectedEdge>& edges, std::size_t n) {
  CHECK(std::is_sorted(edges.begin(), edges.end()));
  CHECK(std::adjacent_find(edges.begin(), edges.end()) == edges.end());
  for (const DirectedEdge& e : edges) {
    CHECK(e.from < n);
    CHECK(e.to < n);
    CHECK(e.from != e.to);
  }
}

// Share of single-bank shocks that default at least 5% of an n-bank ER network (Gai & Kapadia's
// definition of contagion), over `draws` networks.
double contagion_frequency(double z, int draws, std::uint64_t seed) {
  const std::size_t n = 1000;
  int hits = 0;
  for (int d = 0; d < draws; ++d) {
    Rng rng(alchemy::derive_seed(seed, static_cast<std::uint64_t>(d)));
    const auto edges = alchemy::erdos_renyi(n, z, rng);
    const auto sys = alchemy::gai_kapadia_balance_sheets(edges, n);
    const auto shocked = static_cast<alchemy::FirmIndex>(rng.below(n));
    if (alchemy::gai_kapadia_cascade(sys, shocked).default_count >= n / 20) ++hits;
  }
  return static_cast<double>(hits) / draws;
}

}  // namespace

TEST_CASE("Erdos-Renyi: edge count within statistical tolerance of n z") {
  // m ~ Binomial(n(n−1), z/(n−1)): mean n z, standard deviation ≈ sqrt(n z). Five deviations.
  for (auto [n, z] : {std::pair<std::size_t, double>{2000, 5.0}, {100000, 3.0}, {500, 0.5}}) {
    Rng rng(11);
    const auto edges = alchemy::erdos_renyi(n, z, rng);
    const double mean = static_cast<double>(n) * z;
    CHECK(std::abs(static_cast<double>(edges.size()) - mean) < 5.0 * std::sqrt(mean));
    if (n <= 2000) check_simple_and_sorted(edges, n);
  }
  // Out-degrees are Binomial(n−1, p) ≈ Poisson(z): variance ≈ z.
  Rng rng(12);
  const std::size_t n = 20000;
  const auto edges = alchemy::erdos_renyi(n, 4.0, rng);
  std::vector<double> out(n, 0.0);
  for (const auto& e : edges)
    out[e.from] += 1.0;
  double mean = 0.0, var = 0.0;
  for (double d : out)
    mean += d / n;
  for (double d : out)
    var += (d - mean) * (d - mean) / (n - 1);
  CHECK(var == doctest::Approx(4.0).epsilon(0.05));
  // Edge cases.
  CHECK(alchemy::erdos_renyi(1, 3.0, rng).empty());
  CHECK(alchemy::erdos_renyi(50, 0.0, rng).empty());
  CHECK(alchemy::erdos_renyi(5, 100.0, rng).size() == 20);  // p capped at 1: complete
}

TEST_CASE("generators are deterministic given the seed") {
  Rng a(99), b(99), c(100);
  CHECK(alchemy::erdos_renyi(3000, 4.0, a) == alchemy::erdos_renyi(3000, 4.0, b));
  CHECK(alchemy::barabasi_albert(3000, 2.5, a) == alchemy::barabasi_albert(3000, 2.5, b));
  CHECK(alchemy::core_periphery(800, 0.1, 0.6, 0.01, 0.05, a) ==
        alchemy::core_periphery(800, 0.1, 0.6, 0.01, 0.05, b));
  CHECK(a == b);
  Rng d(99);
  CHECK(alchemy::erdos_renyi(3000, 4.0, d) != alchemy::erdos_renyi(3000, 4.0, c));
}

TEST_CASE("Barabasi-Albert: mean degree z and a heavy-tailed degree distribution") {
  Rng rng(5);
  const std::size_t n = 5000;
  const auto edges = alchemy::barabasi_albert(n, 3.0, rng);
  check_simple_and_sorted(edges, n);
  // Seed of 4 fully linked nodes (6 links), then 3 links per new node.
  CHECK(edges.size() == 6 + (n - 4) * 3);
  std::vector<int> degree(n, 0);
  for (const auto& e : edges) {
    ++degree[e.from];
    ++degree[e.to];
  }
  // Preferential attachment: the largest degree grows like m·sqrt(n) (≈ 200 here); an ER graph
  // of the same density has its largest total degree near 20.
  CHECK(*std::max_element(degree.begin(), degree.end()) > 60);
  CHECK(*std::min_element(degree.begin(), degree.end()) >= 3);
}

TEST_CASE("core-periphery: block densities") {
  Rng rng(8);
  const std::size_t n = 1000;
  const auto edges = alchemy::core_periphery(n, 0.1, 0.5, 0.01, 0.05, rng);
  check_simple_and_sorted(edges, n);
  double core = 0, periphery = 0, cross = 0;
  for (const auto& e : edges) {
    const bool a = e.from < 100, b = e.to < 100;
    (a && b ? core : (!a && !b ? periphery : cross)) += 1;
  }
  // Expected counts 100·99·0.5 = 4950, 900·899·0.01 = 8091, 2·100·900·0.05 = 9000; binomial
  // standard deviations below 100; allow five.
  CHECK(std::abs(core - 4950) < 5 * std::sqrt(4950 * 0.5));
  CHECK(std::abs(periphery - 8091) < 5 * std::sqrt(8091.0));
  CHECK(std::abs(cross - 9000) < 5 * std::sqrt(9000.0));
}

TEST_CASE("Gai-Kapadia balance sheets") {
  // Bank 0 lends to banks 1..4 (they owe it): in-degree 4, exposure 20/4 = 5 per link.
  const std::vector<DirectedEdge> edges{{1, 0}, {2, 0}, {3, 0}, {4, 0}};
  const auto sys = alchemy::gai_kapadia_balance_sheets(edges, 5);
  CHECK(sys.banks[0].interbank_assets == 20.0);
  CHECK(sys.banks[0].external_assets == 80.0);
  CHECK(sys.banks[0].capital == 4.0);
  CHECK(sys.banks[0].in_degree == 4);
  CHECK(sys.banks[1].interbank_assets == 0.0);  // no claims, no interbank assets
  CHECK(sys.banks[1].interbank_liabilities == 5.0);
  CHECK(sys.banks[1].deposits == 100.0 - 4.0 - 5.0);
}

TEST_CASE("Gai-Kapadia tie rule: a loss exactly equal to the capital buffer is not a default") {
  // Convention (market/gai_kapadia.hpp): default iff loss > capital, strictly. With the default
  // balance sheet (A = 100, A^IB = 20, K = 4) a creditor with in-degree j loses 20/j per
  // defaulted debtor.
  auto star = [](std::size_t debtors) {
    std::vector<DirectedEdge> edges;
    for (std::size_t d = 1; d <= debtors; ++d)
      edges.push_back({static_cast<alchemy::FirmIndex>(d), 0});
    return alchemy::gai_kapadia_balance_sheets(edges, debtors + 1);
  };
  // In-degree 5: one default costs 20/5 = 4 = K — survives.
  CHECK(alchemy::gai_kapadia_cascade(star(5), 1).default_count == 1);
  // In-degree 4: 5 > 4 — defaults.
  const auto four = alchemy::gai_kapadia_cascade(star(4), 1);
  CHECK(four.default_count == 2);
  CHECK(four.order == std::vector<alchemy::FirmIndex>{1, 0});
  CHECK(four.rounds == 1);
  // In-degree 15, three defaulted debtors: 3 · 20/15 = 4 = K (inexact in floating point as a sum
  // of 1.333…, exact in the cross-multiplied test 3·20 > 15·4) — survives.
  auto sys = star(15);
  // Debtors 1, 2, 3 all owe bank 16, whose default takes them down first.
  std::vector<DirectedEdge> edges;
  for (alchemy::FirmIndex d = 1; d <= 15; ++d)
    edges.push_back({d, 0});
  for (alchemy::FirmIndex d = 1; d <= 3; ++d)
    edges.push_back({16, d});
  std::sort(edges.begin(), edges.end());
  sys = alchemy::gai_kapadia_balance_sheets(edges, 17);
  const auto three = alchemy::gai_kapadia_cascade(sys, 16);
  CHECK(three.default_count == 4);  // 16, then 1, 2, 3 (in-degree 1 each); bank 0 survives
  CHECK(three.defaulted[0] == 0);
  // A fourth defaulted debtor tips it over: 4 · 20 > 15 · 4.
  edges.push_back({16, 4});
  std::sort(edges.begin(), edges.end());
  sys = alchemy::gai_kapadia_balance_sheets(edges, 17);
  const auto four_of_fifteen = alchemy::gai_kapadia_cascade(sys, 16);
  CHECK(four_of_fifteen.defaulted[0] == 1);
  CHECK(four_of_fifteen.rounds == 2);
  CHECK(four_of_fifteen.order.back() == 0);
}

TEST_CASE("Gai-Kapadia cascade along a chain, round by round") {
  // 0 owes 1, 1 owes 2, 2 owes 3: each creditor has in-degree 1 and loses 20 > 4.
  const std::vector<DirectedEdge> edges{{0, 1}, {1, 2}, {2, 3}};
  const auto sys = alchemy::gai_kapadia_balance_sheets(edges, 4);
  const auto c = alchemy::gai_kapadia_cascade(sys, 0);
  CHECK(c.order == std::vector<alchemy::FirmIndex>{0, 1, 2, 3});
  CHECK(c.rounds == 3);
  // Shocking the last bank hurts nobody: it is nobody's debtor.
  CHECK(alchemy::gai_kapadia_cascade(sys, 3).default_count == 1);
}

TEST_CASE("Gai-Kapadia contagion window on small runs") {
  // Gai & Kapadia (2010), Fig. 3 (capital 4%, interbank assets 20%, zero recovery): no contagion
  // below mean degree ~1 (no giant component), frequent for degrees of a few, none once each
  // exposure is small (z around 10: almost no bank has in-degree <= 4, the only vulnerable ones).
  CHECK(contagion_frequency(0.5, 30, 1) == 0.0);
  CHECK(contagion_frequency(3.0, 30, 2) >= 0.5);
  CHECK(contagion_frequency(12.0, 30, 3) == 0.0);
}
