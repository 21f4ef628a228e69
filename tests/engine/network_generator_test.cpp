// A scenario's `network:` generator run through the engine (issue 5): its balance sheets are Gai &
// Kapadia (2010)'s, and the cascade the engine's contagion phase produces — defaults on negative
// equity, Eisenberg–Noe clearing with zero recovery — is exactly the one the standalone solver of
// market/gai_kapadia.hpp computes on the same graph and shocked bank (that solver is checked
// against the paper's contagion window in tests/market).
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string_view>

#include "market/gai_kapadia.hpp"
#include "scenario_fixtures.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/network_generator.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

ScenarioSpec gai_kapadia_scenario(std::size_t n, double mean_degree) {
  ScenarioSpec s;
  s.name = "gk";
  s.seed = 2010;
  s.start = day(2025, 1, 2);
  s.end = day(2025, 1, 31);
  s.contagion.alpha = 0.0;  // zero recovery, as in the paper
  s.contagion.beta = 0.0;
  s.loops.every = StepUnit::month;
  NetworkGeneratorSpec g;
  g.generator = NetworkModel::erdos_renyi;
  g.n = n;
  g.mean_degree = mean_degree;
  s.network = g;
  return s;
}

double field(const Event& e, std::string_view key) {
  for (std::size_t k = 0; k < e.field_count; ++k) {
    if (key == e.fields[k].key) return e.fields[k].value;
  }
  return -1.0;
}

std::set<std::string> defaulted_ids(const MemorySink& sink) {
  std::set<std::string> out;
  for (const auto& e : sink.events) {
    if (e.type == EventType::default_)
      out.insert(sink.header.firm_ids[static_cast<std::size_t>(e.firm)]);
  }
  return out;
}

}  // namespace

TEST_CASE(
    "generated firms carry Gai-Kapadia balance sheets: capital exactly 4 % of 1 B, books agree") {
  const ScenarioSpec spec = gai_kapadia_scenario(200, 4.0);
  const ScenarioSpec x = with_generated_network(spec, 11);
  REQUIRE(x.firms.size() == 200);
  CHECK_FALSE(x.network.has_value());
  REQUIRE(x.shocks.size() == 1);
  CHECK(x.shocks[0].kind == ShockKind::asset_write_off);
  const World w = make_world(x, 11);
  const DrawnNetwork drawn = draw_network(*spec.network, 11);
  std::vector<int> in_degree(200, 0);
  for (const auto& e : drawn.edges)
    ++in_degree[e.to];
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    CAPTURE(i);
    const FirmState& f = w.firms[i];
    CHECK(f.book_equity() == Money::from_dollars(40e6));
    CHECK(f.total_assets() >= Money::from_dollars(1e9));
    // A^IB = 20 % of assets, spread over the firm's debtors (to the cent per link).
    if (in_degree[i] > 0) {
      CHECK(std::abs(f.loans_held.dollars() - 200e6) <= 0.01 * in_degree[i]);
    } else {
      CHECK(f.loans_held == Money::zero());
    }
  }
}

TEST_CASE("the engine's cascade on a generated network is the Gai-Kapadia cascade") {
  std::size_t contagious = 0;
  for (const double z : {1.0, 2.5, 4.0, 7.0}) {
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
      CAPTURE(z);
      CAPTURE(seed);
      const ScenarioSpec spec = gai_kapadia_scenario(300, z);
      MemorySink sink;
      RunOptions opt;
      opt.until = day(2025, 1, 6);
      run_scenario(spec, seed, sink, opt);

      const DrawnNetwork drawn = draw_network(*spec.network, seed);
      const GaiKapadiaSystem sys = gai_kapadia_balance_sheets(drawn.edges, 300);
      const GaiKapadiaCascade expected =
          gai_kapadia_cascade(sys, static_cast<FirmIndex>(drawn.shocked));
      const ScenarioSpec expanded = with_generated_network(spec, seed);
      std::set<std::string> want;
      for (std::size_t i = 0; i < 300; ++i) {
        if (expected.defaulted[i]) want.insert(expanded.firms[i].id);
      }
      CHECK(defaulted_ids(sink) == want);
      if (expected.default_count >= 15) ++contagious;
      // One cascade event, sized as the solver's.
      const auto cascade = std::find_if(sink.events.begin(), sink.events.end(), [](const Event& e) {
        return e.type == EventType::cascade;
      });
      REQUIRE(cascade != sink.events.end());
      CHECK(field(*cascade, "size") ==
            doctest::Approx(static_cast<double>(expected.default_count)));
    }
  }
  CHECK(contagious > 0);  // the window is hit at least once, so the comparison is not trivial
}

TEST_CASE("a generated network beside named firms keeps the named firms' contracts") {
  ScenarioSpec spec = small_web();
  NetworkGeneratorSpec g;
  g.generator = NetworkModel::barabasi_albert;
  g.n = 30;
  g.mean_degree = 2.0;
  spec.network = g;
  const ScenarioSpec x = with_generated_network(spec, 3);
  REQUIRE(x.firms.size() == spec.firms.size() + 30);
  CHECK(std::is_sorted(x.firms.begin(), x.firms.end(),
                       [](const FirmSpec& a, const FirmSpec& b) { return a.id < b.id; }));
  for (std::size_t c = 0; c < spec.contracts.size(); ++c) {
    CHECK(x.firms[x.contracts[c].from].id == spec.firms[spec.contracts[c].from].id);
    CHECK(x.firms[x.contracts[c].to].id == spec.firms[spec.contracts[c].to].id);
  }
  // Different seeds draw different networks; the same seed the same one.
  CHECK(draw_network(g, 3).edges == draw_network(g, 3).edges);
  CHECK(draw_network(g, 3).edges != draw_network(g, 4).edges);
}
