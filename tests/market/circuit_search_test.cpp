// The branch and bound of find_circuits against exhaustive enumeration: Boost's hawick_circuits
// lists every elementary circuit of the same graph, the test scores them (gain multiplied in
// canonical order, from the smallest firm), filters and sorts them as loops.hpp documents, and
// the two lists must be the same circuits with the same gains in the same order. The graphs are
// small enough to enumerate and chosen where a bound could go wrong: gains above 1 (a longer
// completion gains more), self-loops, many equal gains (ties at the k-th place), signed gains,
// gains so small that their products underflow.
#include <doctest/doctest.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/hawick_circuits.hpp>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "market/circuit_bound.hpp"
#include "market/loops.hpp"
#include "market/rng.hpp"

using alchemy::CircuitOptions;
using alchemy::EdgeKind;
using alchemy::InfluenceEntry;

namespace {

using Seq = std::vector<std::uint32_t>;

struct Expected {
  Seq firms;
  double gain;
};

// Every hop u → v of W with its weight: the pair's channels added in W's row order (as the
// analysis merges them).
std::map<std::pair<std::uint32_t, std::uint32_t>, double> hops_of(
    const alchemy::InfluenceMatrix& w) {
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> hops;
  for (std::uint32_t i = 0; i < w.firm_count(); ++i) {
    for (std::size_t k = w.row_ptr[i]; k < w.row_ptr[i + 1]; ++k)
      hops[{w.col[k], i}] += w.w[k];
  }
  std::erase_if(hops, [](const auto& h) { return h.second == 0.0; });
  return hops;
}

struct Collect {
  std::vector<Seq>* out;
  template <typename Path, typename Graph>
  void cycle(const Path& p, const Graph&) {
    out->emplace_back(p.begin(), p.end());
  }
};

// What loops.hpp promises: every elementary circuit of at most max_length hops with |gain| at
// least min_abs_gain, in canonical order, the first top_k.
std::vector<Expected> enumerate(const alchemy::InfluenceMatrix& w, const CircuitOptions& o) {
  const auto hops = hops_of(w);
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  Graph g(w.firm_count());
  for (const auto& h : hops)
    boost::add_edge(h.first.first, h.first.second, g);
  std::vector<Seq> found;
  boost::hawick_circuits(g, Collect{&found});
  std::vector<Expected> out;
  for (Seq c : found) {
    if (o.max_length != 0 && c.size() > o.max_length) continue;
    std::rotate(c.begin(), std::min_element(c.begin(), c.end()), c.end());
    double gain = 1.0;
    for (std::size_t m = 0; m < c.size(); ++m)
      gain *= hops.at({c[m], c[(m + 1) % c.size()]});
    if (std::abs(gain) < o.min_abs_gain) continue;
    out.push_back({c, gain});
  }
  std::sort(out.begin(), out.end(), [](const Expected& a, const Expected& b) {
    if (std::abs(a.gain) != std::abs(b.gain)) return std::abs(a.gain) > std::abs(b.gain);
    return a.firms < b.firms;
  });
  if (o.top_k != 0 && out.size() > o.top_k) out.resize(o.top_k);
  return out;
}

// The search's list must be the enumeration's, entry by entry, bit for bit.
void check_exact(const alchemy::InfluenceMatrix& w, const CircuitOptions& o) {
  const std::vector<Expected> expected = enumerate(w, o);
  const auto found = alchemy::find_circuits(w, o).circuits;
  REQUIRE(found.size() == expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    CHECK(found[k].firms == expected[k].firms);
    CHECK(found[k].gain == expected[k].gain);
  }
}

// A random W on n firms: each ordered pair (self-loops included) with probability `density`,
// weights from `draw`.
template <typename Draw>
alchemy::InfluenceMatrix random_w(alchemy::Rng& rng, std::uint32_t n, double density, Draw draw) {
  std::vector<InfluenceEntry> e;
  for (std::uint32_t i = 0; i < n; ++i) {
    for (std::uint32_t j = 0; j < n; ++j) {
      if (rng.uniform() < density)
        e.push_back({i, j, static_cast<EdgeKind>(rng.below(7)), draw(rng)});
    }
  }
  return alchemy::influence_from_entries(n, std::move(e));
}

std::vector<CircuitOptions> option_grid() {
  std::vector<CircuitOptions> grid;
  for (std::size_t max_length : {0, 1, 2, 3, 5}) {
    for (std::size_t top_k : {0, 1, 3, 10}) {
      for (double min_abs_gain : {0.0, 0.3}) {
        CircuitOptions o;
        o.max_length = max_length;
        o.top_k = top_k;
        o.min_abs_gain = min_abs_gain;
        grid.push_back(o);
      }
    }
  }
  return grid;
}

}  // namespace

TEST_CASE("branch and bound = exhaustive enumeration on random graphs, gains above 1 included") {
  alchemy::Rng rng(20);
  struct Family {
    const char* name;
    double (*draw)(alchemy::Rng&);
  };
  const Family families[] = {
      // Signed, mostly below 1 (the engine's usual W).
      {"signed below 1", [](alchemy::Rng& r) { return r.uniform() * 1.6 - 0.8; }},
      // Up to 3: a longer circuit may gain more than any shorter one.
      {"gains up to 3", [](alchemy::Rng& r) { return 0.05 + 2.95 * r.uniform(); }},
      // Large gains on a few hops and small ones on most, as in the interbank W.
      {"a few large hops",
       [](alchemy::Rng& r) { return r.uniform() < 0.15 ? 1.0 + 4.0 * r.uniform() : r.uniform(); }},
      // Five values, signed: many circuits share a |gain|, so ties decide the k-th place.
      {"ties",
       [](alchemy::Rng& r) {
         const double v[] = {0.5, 1.0, 2.0, -1.0, -0.5};
         return v[r.below(5)];
       }},
      // Products that underflow the doubles' normal range (and to zero).
      {"underflow", [](alchemy::Rng& r) { return (0.5 + r.uniform()) * 1e-120; }},
  };
  const auto grid = option_grid();
  for (const Family& f : families) {
    CAPTURE(f.name);
    for (int trial = 0; trial < 8; ++trial) {
      const auto n = static_cast<std::uint32_t>(1 + rng.below(9));
      const double density = 0.15 + 0.45 * rng.uniform();
      const auto w = random_w(rng, n, density, f.draw);
      CAPTURE(trial);
      for (const CircuitOptions& o : grid) {
        CAPTURE(o.max_length);
        CAPTURE(o.top_k);
        CAPTURE(o.min_abs_gain);
        check_exact(w, o);
      }
    }
  }
}

TEST_CASE("gains above 1: the longest circuits are the strongest, and found first") {
  // The complete digraph on 4 firms, every hop 2: 4-cycles gain 16 (3! = 6 of them), 3-cycles 8
  // (8), 2-cycles 4 (6). A bound that took a closing hop as the best a path can do (|gain| ≤ 1
  // per hop) would stop at the 2-cycles.
  std::vector<InfluenceEntry> e;
  for (std::uint32_t i = 0; i < 4; ++i) {
    for (std::uint32_t j = 0; j < 4; ++j) {
      if (i != j) e.push_back({i, j, EdgeKind::supply, 2.0});
    }
  }
  const auto w = alchemy::influence_from_entries(4, e);
  CircuitOptions o;
  o.top_k = 3;
  const auto r = alchemy::find_circuits(w, o).circuits;
  REQUIRE(r.size() == 3);
  // In influence order from firm 0, the 4-cycles sorted by firm sequence: the first three.
  CHECK(r[0].firms == Seq{0, 1, 2, 3});
  CHECK(r[1].firms == Seq{0, 1, 3, 2});
  CHECK(r[2].firms == Seq{0, 2, 1, 3});
  for (const auto& c : r)
    CHECK(c.gain == 16.0);
  o.top_k = 7;  // the six 4-cycles, then the first 3-cycle
  const auto seven = alchemy::find_circuits(w, o).circuits;
  REQUIRE(seven.size() == 7);
  CHECK(seven[5].firms == Seq{0, 3, 2, 1});
  CHECK(seven[6].firms == Seq{0, 1, 2});
  CHECK(seven[6].gain == 8.0);
  o.max_length = 3;  // the limit binds: the 3-cycles lead
  CHECK(alchemy::find_circuits(w, o).circuits[0].firms == Seq{0, 1, 2});
}

TEST_CASE("a self-loop is a circuit of one hop") {
  // 0 → 0 (0.9), 0 → 1 → 0 (0.5 · 0.5), 2 → 2 (−1.5) on a firm alone.
  const auto w = alchemy::influence_from_entries(3, {{0, 0, EdgeKind::stake, 0.9},
                                                     {1, 0, EdgeKind::stake, 0.5},
                                                     {0, 1, EdgeKind::stake, 0.5},
                                                     {2, 2, EdgeKind::loan, -1.5}});
  const auto r = alchemy::find_circuits(w).circuits;
  REQUIRE(r.size() == 3);
  CHECK(r[0].firms == Seq{2});
  CHECK(r[0].gain == -1.5);
  CHECK(r[1].firms == Seq{0});
  CHECK(r[2].firms == Seq{0, 1});
  CHECK(r[2].gain == 0.25);
}

TEST_CASE("completion bounds: reduced gains keep every circuit's gain, walk bounds hold") {
  // On random graphs with gains above 1: the reduced product of every circuit equals its |gain|
  // (the potentials cancel), and U_h(v) is at least the reduced product of every walk of 1..h
  // arcs out of v (all walks enumerated).
  alchemy::Rng rng(7);
  for (int trial = 0; trial < 10; ++trial) {
    const auto n = static_cast<std::uint32_t>(2 + rng.below(6));
    std::vector<std::size_t> ptr(n + 1, 0);
    std::vector<alchemy::BoundArc> arcs;
    for (std::uint32_t u = 0; u < n; ++u) {
      for (std::uint32_t v = 0; v < n; ++v) {
        if (rng.uniform() < 0.4) arcs.push_back({v, 0.1 + 3.0 * rng.uniform()});
      }
      ptr[u + 1] = arcs.size();
    }
    const std::size_t depth = 4;
    const alchemy::CompletionBounds b(ptr, arcs, depth);
    // Every walk of up to depth + 2 arcs (the last two past the table) from every firm.
    struct Walk {
      std::uint32_t at;
      std::size_t arcs;
      double raw;      // product of |gain|
      double reduced;  // product of reduced gains
    };
    for (std::uint32_t s = 0; s < n; ++s) {
      std::vector<Walk> todo{{s, 0, 1.0, 1.0}};
      while (!todo.empty()) {
        const Walk x = todo.back();
        todo.pop_back();
        if (x.arcs > 0) {
          for (std::size_t h = x.arcs; h <= depth + 2; ++h)
            CHECK(b.walk(s, h) >= x.reduced * (1 - 1e-12));
          CHECK(b.best_walk(x.arcs) >= x.reduced * (1 - 1e-12));
          if (x.at == s) {  // a closed walk: the potentials cancel
            CHECK(x.reduced == doctest::Approx(x.raw).epsilon(1e-12));
          }
        }
        if (x.arcs == depth + 2) continue;
        for (std::size_t k = ptr[x.at]; k < ptr[x.at + 1]; ++k)
          todo.push_back({arcs[k].to, x.arcs + 1, x.raw * arcs[k].abs_w, x.reduced * b.reduced(k)});
      }
      CHECK(b.walk(s, 0) == 0.0);
    }
  }
}
