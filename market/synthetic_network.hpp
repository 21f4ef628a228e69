#pragma once
// Random directed networks for research runs (Erdős–Rényi, Barabási–Albert, core–periphery).
// Every generator draws from alchemy::Rng only (no std distributions), so a seed gives the same
// network with any compiler, and returns a plain edge list sorted by (from, to), with no self-loops
// and no repeated edges.
//
// Read as a liability network, an edge from → to means "from owes to": `to` holds a claim on
// `from`. Mean degree z is the mean out-degree, which equals the mean in-degree (the convention of
// Gai & Kapadia 2010: "the average number of links" per bank in each direction).

#include <compare>
#include <cstddef>
#include <vector>

#include "market/liability_graph.hpp"
#include "market/rng.hpp"

namespace alchemy {

struct DirectedEdge {
  FirmIndex from = 0;
  FirmIndex to = 0;
  friend constexpr auto operator<=>(const DirectedEdge&, const DirectedEdge&) = default;
};

// Each of the n(n−1) ordered pairs is an edge independently with probability z/(n−1). Sampled by
// geometric skips over the pairs (Batagelj & Brandes 2005), O(n + m) rather than O(n²).
std::vector<DirectedEdge> erdos_renyi(std::size_t n, double mean_degree, Rng& rng);

// Preferential attachment (Barabási & Albert 1999), directed: after a small fully linked seed,
// each new node makes ⌊z⌋ links (one more with probability z − ⌊z⌋) to distinct earlier nodes
// chosen with probability proportional to their total degree; each link's direction is a fair
// coin. Mean out-degree ≈ z; total degrees have the power-law tail of the undirected model.
std::vector<DirectedEdge> barabasi_albert(std::size_t n, double mean_degree, Rng& rng);

// The first round(core_share · n) nodes form the core. An ordered pair is an edge with probability
// p_core inside the core, p_periphery inside the periphery, p_core_periphery between the two
// (either direction). Geometric skips per block: O(n + m).
std::vector<DirectedEdge> core_periphery(std::size_t n, double core_share, double p_core,
                                         double p_periphery, double p_core_periphery, Rng& rng);

}  // namespace alchemy
