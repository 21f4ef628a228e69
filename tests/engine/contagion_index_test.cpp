// The contagion phase's indexes (issue 20, item 1) against brute force, on random small networks
// run through the engine: the claims by debtor and creditor and the debts by lender are what a
// scan of the whole world finds, in the same order; the estates' clearing problem on the firms it
// involves gives every estate the payment, and the default flag, that the problem over every firm
// of the world gives (built here by the scan the engine used before: every claim and every firm's
// debts); and with zero recovery the engine's defaults are those of one Eisenberg–Noe clearing of
// the whole network (the dense exact solver on all firms).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "market/clearing.hpp"
#include "market/rng.hpp"
#include "scenario_fixtures.hpp"
#include "sim/engine/compiled_scenario.hpp"
#include "sim/engine/contagion_index.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/estate.hpp"
#include "sim/engine/network_generator.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

// The estates' problem over every firm, by scanning everything (the code before the indexes).
ClearingInput every_firm_problem(const World& w) {
  const std::size_t n = w.firms.size();
  ClearingInput in;
  in.firm_count = n;
  in.outside_assets.assign(n, 0.0);
  in.external_liabilities.assign(n, 0.0);
  in.assets_at_face.assign(n, 0.0);
  std::vector<std::uint8_t> open(n, 0);
  for (const Estate& e : w.estates) {
    if (e.closed) continue;
    const auto i = static_cast<std::size_t>(e.firm);
    open[i] = 1;
    in.outside_assets[i] = e.cleared_once ? 0.0 : e.outside_book.dollars();
    in.assets_at_face[i] = std::max(0.0, w.firms[i].cash.dollars());
  }
  auto owed = [&](std::int32_t debtor, std::int32_t creditor, Money amount) {
    const auto i = static_cast<std::size_t>(debtor);
    if (open[i]) {
      if (creditor >= 0) {
        in.liabilities.push_back(
            {static_cast<FirmIndex>(debtor), static_cast<FirmIndex>(creditor), amount.dollars()});
      } else {
        in.external_liabilities[i] += amount.dollars();
      }
    } else if (creditor >= 0 && open[static_cast<std::size_t>(creditor)] && !w.firms[i].defaulted) {
      in.liabilities.push_back(
          {static_cast<FirmIndex>(debtor), static_cast<FirmIndex>(creditor), amount.dollars()});
      in.outside_assets[i] += amount.dollars();
    }
  };
  for (const Claim& c : w.claims) {
    if (c.amount.is_positive()) owed(c.debtor, c.creditor, c.amount);
  }
  for (std::size_t j = 0; j < n; ++j) {
    for (const DebtState& d : w.firms[j].debt) {
      if (d.lender >= 0 && d.principal.is_positive())
        owed(static_cast<std::int32_t>(j), d.lender, d.principal);
    }
  }
  return in;
}

struct Checked {
  std::size_t states = 0;    // worlds with an open estate compared
  std::size_t estates = 0;   // estate payments compared
  std::size_t defaults = 0;  // estates in default among them
};

void check_indexes(const World& w) {
  ContagionIndex index;
  index.claims.rebuild(w);
  index.lenders.build(w);
  // The scans, each firm's lists gathered in one pass over the claims and one over the debts.
  const std::size_t n = w.firms.size();
  std::vector<std::vector<std::size_t>> scan_debtor(n), scan_creditor(n);
  std::vector<std::vector<std::int32_t>> scan_party(n);
  for (std::size_t k = 0; k < w.claims.size(); ++k) {
    const Claim& c = w.claims[k];
    scan_debtor[static_cast<std::size_t>(c.debtor)].push_back(k);
    scan_party[static_cast<std::size_t>(c.debtor)].push_back(static_cast<std::int32_t>(k));
    if (c.creditor < 0) continue;
    scan_creditor[static_cast<std::size_t>(c.creditor)].push_back(k);
    if (c.creditor != c.debtor)
      scan_party[static_cast<std::size_t>(c.creditor)].push_back(static_cast<std::int32_t>(k));
  }
  std::vector<std::vector<std::pair<std::int32_t, std::int32_t>>> scan_loans(n);
  for (std::size_t b = 0; b < n; ++b) {
    for (std::size_t k = 0; k < w.firms[b].debt.size(); ++k) {
      const std::int32_t lender = w.firms[b].debt[k].lender;
      if (lender >= 0)
        scan_loans[static_cast<std::size_t>(lender)].emplace_back(static_cast<std::int32_t>(b),
                                                                  static_cast<std::int32_t>(k));
    }
  }
  std::vector<std::int32_t> party;
  for (std::size_t i = 0; i < n; ++i) {
    const auto firm = static_cast<std::int32_t>(i);
    std::vector<std::size_t> by_debtor, by_creditor;
    index.claims.for_debtor(firm, [&](std::size_t k) { by_debtor.push_back(k); });
    index.claims.for_creditor(firm, [&](std::size_t k) { by_creditor.push_back(k); });
    index.claims.of_party(firm, party);
    std::vector<std::pair<std::int32_t, std::int32_t>> loans;
    for (const LenderIndex::Loan& l : index.lenders.of(firm))
      loans.emplace_back(l.borrower, l.debt);
    // One assertion per firm and list, so that a long run stays quiet when all is well.
    if (by_debtor != scan_debtor[i] || by_creditor != scan_creditor[i] || party != scan_party[i] ||
        loans != scan_loans[i]) {
      FAIL_CHECK("firm " << i << ": an index differs from the scan");
    }
  }
}

void check_clearing(const World& w, const ContagionSpec& cg, Checked& checked) {
  ContagionIndex index;
  index.claims.rebuild(w);
  index.lenders.build(w);
  const EstateClearing sub = estate_clearing_input(w, index);
  if (sub.estates.empty()) return;
  ++checked.states;
  const ClearingInput all = every_firm_problem(w);
  for (const ClearingAlgorithm algorithm :
       {ClearingAlgorithm::exact, ClearingAlgorithm::iterative}) {
    ClearingOptions opt;
    opt.alpha = cg.alpha;
    opt.beta = cg.beta;
    opt.seniority = cg.external_senior ? ExternalSeniority::senior : ExternalSeniority::pari_passu;
    opt.algorithm = algorithm;
    const ClearingResult a = clear(all, opt);
    const ClearingResult s = clear(sub.input, opt);
    for (const std::size_t k : sub.estates) {
      const auto firm = static_cast<std::size_t>(w.estates[k].firm);
      const std::size_t q = sub.node_of(w.estates[k].firm);
      REQUIRE(q < sub.firms.size());
      REQUIRE(static_cast<std::size_t>(sub.firms[q]) == firm);
      const double scale = std::max(1.0, std::abs(a.payments[firm]));
      CHECK(std::abs(s.payments[q] - a.payments[firm]) <= 1e-12 * scale);
      CHECK(s.defaulted[q] == a.defaulted[firm]);
      ++checked.estates;
      checked.defaults += a.defaulted[firm];
    }
    // A firm left out owes nothing in the whole problem, so it pays nothing there.
    for (std::size_t i = 0; i < w.firms.size(); ++i) {
      if (!std::binary_search(sub.firms.begin(), sub.firms.end(), static_cast<std::int32_t>(i)))
        CHECK(a.payments[i] == 0.0);
    }
  }
}

ScenarioSpec random_network(std::uint64_t seed, Rng& rng) {
  ScenarioSpec s;
  s.name = "random";
  s.seed = seed;
  s.start = day(2025, 1, 2);
  s.end = day(2025, 2, 5);
  const double recoveries[] = {0.0, 0.3, 0.7, 1.0};
  s.contagion.alpha = recoveries[rng.below(4)];
  s.contagion.beta = recoveries[rng.below(4)];
  s.contagion.external_senior = rng.below(2) == 1;
  NetworkGeneratorSpec g;
  const NetworkModel models[] = {NetworkModel::erdos_renyi, NetworkModel::barabasi_albert,
                                 NetworkModel::core_periphery};
  g.generator = models[rng.below(3)];
  g.n = 20 + static_cast<std::size_t>(rng.below(181));
  g.mean_degree = 1.0 + 5.0 * rng.uniform();
  g.capital_ratio = 0.02 + 0.06 * rng.uniform();
  s.network = g;
  return s;
}

}  // namespace

TEST_CASE("contagion indexes and the estates' clearing on their own firms match brute force") {
  // Random networks after the shock; then a random share of their firms defaults in two waves,
  // through the engine's own estate code: each wave's estates opened, the problem compared, and
  // the first wave cleared and applied before the second, so the problem mixes new estates with
  // estates already cleared (written-down claims, cash paid out, outside assets sold).
  Rng rng(20);
  Checked checked;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    ScenarioSpec spec = random_network(seed, rng);
    spec.end = spec.start;  // one tick: the shock's
    CAPTURE(seed);
    World world;
    RunOptions options;
    options.after_phase = [&](Phase p, const World& w) {
      if (p == Phase::market) world = w;
    };
    MemorySink sink;
    run_scenario(spec, seed, sink, options);
    const ScenarioSpec expanded = with_generated_network(spec, seed);
    const CompiledScenario compiled = compile_scenario(expanded);
    MemorySink held;
    TickContext ctx{expanded, world, held, compiled};
    ContagionIndex index;
    index.claims.rebuild(world);
    index.lenders.build(world);
    ClearingLosses losses;
    losses.worst.assign(world.firms.size(), Money::zero());
    losses.cause.assign(world.firms.size(), 0);
    const double share = 0.1 + 0.3 * rng.uniform();
    for (int wave = 0; wave < 2; ++wave) {
      check_indexes(world);
      for (std::size_t i = 0; i < world.firms.size(); ++i) {
        FirmState& f = world.firms[i];
        if (f.defaulted || rng.uniform() >= share) continue;
        // A shock first, as the generated network's: a random part of its outside assets lost.
        const Money lost = f.other_assets.times(rng.uniform());
        f.other_assets -= lost;
        f.book_income(-lost);
        f.defaulted = true;
        open_estate(ctx, static_cast<std::int32_t>(i), 1, index);
      }
      check_indexes(world);
      check_clearing(world, expanded.contagion, checked);
      clear_estates(ctx, losses, index);
    }
  }
  // The comparisons were made, on problems with estates in default.
  CHECK(checked.states >= 30);
  CHECK(checked.estates >= 1000);
  CHECK(checked.defaults >= 200);
  MESSAGE("problems ", checked.states, ", estate payments ", checked.estates, ", in default ",
          checked.defaults);
}

TEST_CASE("with zero recovery the engine's defaults are one clearing of the whole network's") {
  Rng rng(2010);
  std::size_t cascades = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    ScenarioSpec spec = random_network(seed, rng);
    spec.contagion.alpha = 0.0;
    spec.contagion.beta = 0.0;
    spec.end = spec.start;
    CAPTURE(seed);
    ClearingInput network;
    std::vector<std::uint8_t> engine_defaults;
    RunOptions options;
    options.after_phase = [&](Phase p, const World& w) {
      if (w.tick != 0) return;
      if (p == Phase::market) {
        // The network after the shock, before any default: debts to firms as liabilities, the
        // rest of each balance sheet outside.
        const std::size_t n = w.firms.size();
        network.firm_count = n;
        network.outside_assets.assign(n, 0.0);
        network.external_liabilities.assign(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
          const FirmState& f = w.firms[i];
          Money inside;
          for (const DebtState& d : f.debt) {
            if (d.lender < 0 || !d.principal.is_positive()) continue;
            network.liabilities.push_back({static_cast<FirmIndex>(i),
                                           static_cast<FirmIndex>(d.lender),
                                           d.principal.dollars()});
            inside += d.principal;
          }
          network.external_liabilities[i] = (f.total_liabilities() - inside).dollars();
          network.outside_assets[i] = std::max(0.0, (f.total_assets() - f.loans_held).dollars());
        }
      } else if (p == Phase::contagion) {
        for (const FirmState& f : w.firms)
          engine_defaults.push_back(f.defaulted ? 1 : 0);
      }
    };
    MemorySink sink;
    run_scenario(spec, seed, sink, options);
    ClearingOptions opt;
    opt.alpha = 0.0;
    opt.beta = 0.0;
    opt.algorithm = ClearingAlgorithm::exact;
    const ClearingResult reference = clear(network, opt);
    CHECK(engine_defaults == reference.defaulted);
    if (reference.default_count >= 2) ++cascades;
  }
  CHECK(cascades >= 5);  // the comparison saw cascades, not only the shocked firm
}
