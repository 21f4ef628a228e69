#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <set>
#include <vector>

#include "market/loops.hpp"
#include "market/rng.hpp"

using alchemy::Circuit;
using alchemy::CircuitOptions;
using alchemy::EdgeKind;
using alchemy::InfluenceEntry;
using alchemy::LoopClass;

namespace {

using Seq = std::vector<std::uint32_t>;

CircuitOptions exhaustive() {
  CircuitOptions o;
  o.max_length = 0;
  o.top_k = 0;
  return o;
}

// Firms 0 amd, 1 coreweave, 2 lender, 3 nvidia, 4 openai. Entry {i, j, kind, w}: W_ij, i.e. the
// influence edge j → i.
alchemy::InfluenceMatrix ai_web() {
  return alchemy::influence_from_entries(
      5, {
             {4, 3, EdgeKind::funding, 0.4},     // NVIDIA's funding commitment to OpenAI
             {3, 4, EdgeKind::supply, 0.3},      // OpenAI's GPU purchases: NVIDIA's revenue
             {0, 4, EdgeKind::supply, 0.25},     // OpenAI's purchases from AMD
             {4, 0, EdgeKind::warrant, 0.25},    // OpenAI's warrants on AMD
             {1, 2, EdgeKind::loan, 0.3},        // CoreWeave's credit line from the lender
             {2, 1, EdgeKind::collateral, 0.2},  // the lender's exposure to CoreWeave's GPUs
             {3, 1, EdgeKind::stake, 0.5},       // NVIDIA's stake in CoreWeave
             {1, 3, EdgeKind::warrant, 0.125},   // CoreWeave's warrant on NVIDIA
             {1, 4, EdgeKind::lease, 0.5},       // OpenAI's lease: CoreWeave's revenue
             {4, 2, EdgeKind::loan, 0.5},        // OpenAI's loan from the lender
         });
}

void check_well_formed(const std::vector<Circuit>& circuits) {
  std::set<Seq> seen;
  for (std::size_t c = 0; c < circuits.size(); ++c) {
    const Circuit& x = circuits[c];
    CHECK(x.firms.front() == *std::min_element(x.firms.begin(), x.firms.end()));
    CHECK(std::set<std::uint32_t>(x.firms.begin(), x.firms.end()).size() == x.length());
    CHECK(seen.insert(x.firms).second);  // each circuit once
    CHECK(x.kinds.size() == x.length());
    if (c > 0) CHECK(alchemy::circuit_before(circuits[c - 1], x));
  }
}

}  // namespace

TEST_CASE("the complete digraph on 4 vertices has 20 elementary circuits, each found once") {
  std::vector<InfluenceEntry> e;
  for (std::uint32_t i = 0; i < 4; ++i) {
    for (std::uint32_t j = 0; j < 4; ++j) {
      if (i != j) e.push_back({i, j, EdgeKind::stake, 0.5});
    }
  }
  const auto w = alchemy::influence_from_entries(4, e);
  {
    const auto r = alchemy::find_circuits(w, exhaustive());
    REQUIRE(r.circuits.size() == 20);
    check_well_formed(r.circuits);
    std::size_t by_length[5] = {0, 0, 0, 0, 0};
    for (const Circuit& c : r.circuits)
      ++by_length[c.length()];
    CHECK(by_length[2] == 6);  // C(4,2)
    CHECK(by_length[3] == 8);  // C(4,3) × 2 orientations
    CHECK(by_length[4] == 6);  // 3!
    // Ties in |gain| are broken by the firm sequence: the 2-cycles come first, in order.
    CHECK(r.circuits[0].firms == Seq{0, 1});
    CHECK(r.circuits[1].firms == Seq{0, 2});
    CHECK(r.circuits[6].firms == Seq{0, 1, 2});
    CHECK(r.circuits[7].firms == Seq{0, 1, 3});
    CHECK(r.circuits[6].gain == 0.125);
  }
}

TEST_CASE("hand-built AI web: circuits, gains, kinds and classes in canonical order") {
  const auto w = ai_web();
  const auto r = alchemy::find_circuits(w, exhaustive());
  REQUIRE(r.circuits.size() == 7);
  check_well_formed(r.circuits);
  const auto& c = r.circuits;
  CHECK(c[0].firms == Seq{3, 4});  // NVIDIA → OpenAI → NVIDIA
  CHECK(c[0].gain == doctest::Approx(0.12));
  CHECK(c[0].kinds == std::vector<EdgeKind>{EdgeKind::funding, EdgeKind::supply});
  CHECK(c[0].per_edge_gain == doctest::Approx(std::sqrt(0.12)));
  CHECK(c[0].loop_class == LoopClass::cash);

  CHECK(c[1].firms == Seq{1, 3, 4});
  CHECK(c[1].gain == doctest::Approx(0.1));
  CHECK(c[1].kinds == std::vector<EdgeKind>{EdgeKind::stake, EdgeKind::funding, EdgeKind::lease});
  CHECK(c[1].per_edge_gain == doctest::Approx(std::cbrt(0.1)));
  CHECK(c[1].loop_class == LoopClass::cash);

  // Equal gains 0.0625 (exact in binary): ordered by the firm sequence.
  CHECK(c[2].firms == Seq{0, 4});
  CHECK(c[2].gain == 0.0625);
  CHECK(c[2].loop_class == LoopClass::cash);  // warrant + purchases
  CHECK(c[3].firms == Seq{1, 3});
  CHECK(c[3].gain == 0.0625);
  CHECK(c[3].loop_class == LoopClass::equity);

  CHECK(c[4].firms == Seq{1, 2});
  CHECK(c[4].loop_class == LoopClass::capital);
  CHECK(c[5].firms == Seq{1, 2, 4});
  CHECK(c[5].kinds == std::vector<EdgeKind>{EdgeKind::collateral, EdgeKind::loan, EdgeKind::lease});
  CHECK(c[5].gain == doctest::Approx(0.05));
  CHECK(c[5].loop_class == LoopClass::mixed);
  CHECK(c[6].firms == Seq{1, 2, 4, 3});
  CHECK(c[6].gain == doctest::Approx(0.2 * 0.5 * 0.3 * 0.125));

  // Top-K and length limits cut the same list.
  CircuitOptions top3 = exhaustive();
  top3.top_k = 3;
  {
    const auto t = alchemy::find_circuits(w, top3);
    REQUIRE(t.circuits.size() == 3);
    CHECK(t.circuits[2].firms == Seq{0, 4});
  }
  CircuitOptions pairs = exhaustive();
  pairs.max_length = 2;
  {
    const auto t = alchemy::find_circuits(w, pairs);
    REQUIRE(t.circuits.size() == 4);
    CHECK(t.circuits[3].firms == Seq{1, 2});
  }
}

TEST_CASE("loop classes follow the documented rule") {
  using alchemy::classify_loop;
  using alchemy::mask_of;
  CHECK(classify_loop(mask_of(EdgeKind::stake)) == LoopClass::equity);
  CHECK(classify_loop(mask_of(EdgeKind::stake) | mask_of(EdgeKind::warrant)) == LoopClass::equity);
  CHECK(classify_loop(mask_of(EdgeKind::funding) | mask_of(EdgeKind::supply)) == LoopClass::cash);
  CHECK(classify_loop(mask_of(EdgeKind::supply)) == LoopClass::cash);
  CHECK(classify_loop(mask_of(EdgeKind::stake) | mask_of(EdgeKind::collateral)) ==
        LoopClass::capital);
  CHECK(classify_loop(mask_of(EdgeKind::funding)) == LoopClass::capital);
  CHECK(classify_loop(mask_of(EdgeKind::supply) | mask_of(EdgeKind::loan)) == LoopClass::mixed);
  CHECK(alchemy::to_string(LoopClass::capital) == "capital");
}

TEST_CASE("channels of one hop are merged: summed weight, dominant kind, all kinds classify") {
  const auto w = alchemy::influence_from_entries(2, {{1, 0, EdgeKind::stake, 0.1},
                                                     {1, 0, EdgeKind::supply, 0.3},
                                                     {0, 1, EdgeKind::funding, 0.5}});
  const auto r = alchemy::find_circuits(w);
  REQUIRE(r.circuits.size() == 1);
  const Circuit& c = r.circuits[0];
  CHECK(c.gain == doctest::Approx(0.2));
  CHECK(c.kinds == std::vector<EdgeKind>{EdgeKind::supply, EdgeKind::funding});
  CHECK(c.hop_kinds[0] == (alchemy::mask_of(EdgeKind::stake) | alchemy::mask_of(EdgeKind::supply)));
  CHECK(c.loop_class == LoopClass::cash);
}

TEST_CASE("strong components are numbered by their smallest firm") {
  // 0 → 1 → 0 and 2 → 3 → 4 → 2, with 1 → 2 between them, and 5 alone.
  const auto w = alchemy::influence_from_entries(6, {{1, 0, EdgeKind::stake, 1},
                                                     {0, 1, EdgeKind::stake, 1},
                                                     {2, 1, EdgeKind::stake, 1},
                                                     {3, 2, EdgeKind::stake, 1},
                                                     {4, 3, EdgeKind::stake, 1},
                                                     {2, 4, EdgeKind::stake, 1}});
  const auto c = alchemy::strong_components(w);
  CHECK(c.component == std::vector<std::uint32_t>{0, 0, 1, 1, 1, 2});
  REQUIRE(c.count() == 3);
  CHECK(std::vector<std::size_t>{c.size(0), c.size(1), c.size(2)} ==
        std::vector<std::size_t>{2, 3, 1});
  CHECK(c.members == std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5});  // component by component
}

TEST_CASE("a components memo answers for the structure it is given, however the weights move") {
  // 0 ⇄ 1 and 2 alone, then 1 → 2 → 1 closes a second loop (a new structure), then the first
  // structure again with other weights.
  const auto first = alchemy::influence_from_entries(
      3, {{1, 0, EdgeKind::stake, 0.5}, {0, 1, EdgeKind::supply, 0.2}});
  const auto reweighted = alchemy::influence_from_entries(
      3, {{1, 0, EdgeKind::stake, 0.9}, {0, 1, EdgeKind::supply, 0.1}});
  const auto joined = alchemy::influence_from_entries(3, {{1, 0, EdgeKind::stake, 0.5},
                                                          {0, 1, EdgeKind::supply, 0.2},
                                                          {2, 1, EdgeKind::loan, 0.3},
                                                          {1, 2, EdgeKind::loan, 0.3}});
  alchemy::ComponentsMemo memo;
  CHECK(memo.of(first).component == std::vector<std::uint32_t>{0, 0, 1});
  CHECK(memo.of(reweighted).component == std::vector<std::uint32_t>{0, 0, 1});
  CHECK(memo.of(joined).component == std::vector<std::uint32_t>{0, 0, 0});
  CHECK(memo.of(joined).members == std::vector<std::uint32_t>{0, 1, 2});
  CHECK(memo.of(reweighted).component == std::vector<std::uint32_t>{0, 0, 1});
  CHECK(memo.of(reweighted).count() == 2);
}

TEST_CASE("top-K circuits on a large sparse random graph") {
  // 10^5 firms, mean degree 10, W ~ U(0, 0.1): the branch and bound stays fast.
  const std::uint32_t n = 100'000;
  alchemy::Rng rng(1);
  std::vector<InfluenceEntry> e;
  e.reserve(static_cast<std::size_t>(n) * 10);
  for (std::uint32_t i = 0; i < n; ++i) {
    for (int d = 0; d < 10; ++d) {
      const auto j = static_cast<std::uint32_t>(rng.below(n));
      if (j != i) e.push_back({i, j, EdgeKind::supply, 0.1 * rng.uniform()});
    }
  }
  const auto w = alchemy::influence_from_entries(n, std::move(e));
  CircuitOptions o;
  o.max_length = 4;
  o.top_k = 20;
  const std::clock_t start = std::clock();
  const auto r = alchemy::find_circuits(w, o);
  const double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  REQUIRE(r.circuits.size() == 20);
  check_well_formed(r.circuits);
  MESSAGE("10^5 firms: top-20 circuits in " << seconds << " s of CPU, work " << r.work);
}
