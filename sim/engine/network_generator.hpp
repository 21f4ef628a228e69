#pragma once
// A scenario's `network:` generator made concrete: synthetic firms with the homogeneous balance
// sheets of Gai & Kapadia (2010), linked by interbank loans on a random graph, and the shock that
// starts a cascade (one firm, drawn at random, loses all its outside assets on the first day).
//
// The graph and the shocked firm are drawn from the run's seed, so each seed of a sweep is a new
// network, as in the paper's Monte Carlo. The expansion happens when a run starts (engine.cpp),
// not when the scenario is loaded, for that reason.
//
// Balance sheet of synthetic firm i (market/gai_kapadia.hpp gives the same numbers for the
// standalone solver): total assets A = 1 B USD (the scale does not matter: every threshold is a
// ratio); interbank assets A^IB = interbank_share · A split evenly over i's debtors (none when i
// has no debtor); outside assets A − A^IB; capital K = capital_ratio · A; interbank debts owed to
// each creditor at that creditor's per-link exposure; deposits (outside debt) the rest. When the
// rest is negative (a heavy borrower) the firm holds that much more in outside assets instead, so
// its capital is still exactly K. Loans carry no interest and mature after the run: the model is
// about solvency, not liquidity. Synthetic firms default as soon as their book equity is negative
// (FirmSpec::default_when_insolvent) — with the paper's zero recovery (contagion.alpha = 0 and
// beta = 0 in the scenario) a creditor loses its whole exposure to a defaulted debtor, and a loss
// exactly equal to the capital buffer leaves equity at zero: not a default (Gai–Kapadia's strict
// >).
//
// Synthetic firms are not traded: their prices stay at the starting book equity per share
// (valuation.kappa = 0) until a default wipes them out.
//
// Ids are "syn" + a zero-padded index; they are merged with the scenario's named firms (which keep
// their contracts), all sorted by id.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "market/synthetic_network.hpp"
#include "sim/world/scenario_spec.hpp"

namespace alchemy {

// The model's name as the scenario writes it (`network.generator`).
std::string_view to_string(NetworkModel m);

// Total assets of each synthetic firm.
inline constexpr double kSyntheticFirmAssets = 1e9;

// The random part, drawn from the run's seed: the graph (debtor → creditor edges, synthetic firm
// indices 0..n−1) and the synthetic firm that takes the shock.
struct DrawnNetwork {
  std::vector<DirectedEdge> edges;
  std::size_t shocked = 0;
};
DrawnNetwork draw_network(const NetworkGeneratorSpec& g, std::uint64_t seed);

// `spec` with its generated firms added and the shock scheduled; `spec` itself when it has no
// `network:`. The result has no `network:` (it is already expanded). Throws std::invalid_argument
// when a named firm's id collides with a synthetic one.
ScenarioSpec with_generated_network(const ScenarioSpec& spec, std::uint64_t seed);

}  // namespace alchemy
