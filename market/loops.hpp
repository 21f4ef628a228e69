#pragma once
// Loop analysis of the influence graph (DESIGN.md, "Prices and feedback"): its strongly connected
// components and its elementary circuits, each with its gain and a class.
//
// The influence graph has an edge j → i where W_ij ≠ 0 (W as in market/influence_matrix.hpp).
// A hop j → i carries every channel of the pair; its weight is their sum (exact for a
// linearisation) and its kind is the channel with the largest |W_ij| (ties: enum order).
//
// A circuit is reported in influence order: firms[m]'s price moves firms[m+1]'s value, and the
// last firm's moves the first's. Its rotation is canonical: firms[0] is its smallest firm index.
// gain = Π_m W_{firms[m+1], firms[m]} (signed; multiplied in that order), and the per-edge gain
// |gain|^(1/k) compares loops of different lengths k. Results are in canonical order: |gain|
// descending, then the firm sequence lexicographically (firm indices; the engine numbers firms in
// id order so this is also id order).
//
// Loop classes, from K = the set of all channel kinds on all hops of the circuit, first match:
//   sentiment  K ∋ sentiment: the circuit goes through the sentiment node (firms' returns →
//            sentiment → every multiple), whatever else it carries;
//   equity   K ⊆ {stake, warrant}: prices feed prices through equity claims only;
//   cash     K ⊆ {stake, warrant, funding, supply, lease} and K ∩ {supply, lease} ≠ ∅: money
//            goes round through purchases — investment/funding → purchase/supply → revenue (the
//            article's NVIDIA → OpenAI → NVIDIA loop; AMD's warrants to OpenAI, which buys AMD
//            GPUs, count as investment in kind);
//   capital  K ⊆ {stake, funding, warrant, loan, collateral} and K ∩ {funding, loan,
//            collateral} ≠ ∅: financing without goods — investment with (collateralised) debt,
//            or funding commitments going round;
//   mixed    anything else (purchases combined with loans or collateral, ...).
//
// Search: the k strongest elementary circuits, exactly, by branch and bound on |gain|. For each
// root s it follows arcs inside s's strong component to firms with a larger index, so each
// circuit is found exactly once, from its smallest firm (Johnson 1975's rooting, without the
// blocking lists), and multiplies the gains in canonical order, so a circuit's gain has the same
// bits however it is found. Roots go in order of their bound (largest first, then index), so the
// k-th best |gain| — the threshold t below which nothing can enter the list; min_abs_gain until
// top_k circuits are held — rises early.
//
// The bound (market/circuit_bound.hpp). With potentials π, a path P from s to v with h arcs has
// reduced product q = |gain(P)| · π(s)/π(v), and any circuit completing it through v → ... → s
// in at most r more arcs has |gain| = q · (reduced product of the completion) ≤ q · U_r(v), where
// U_r(v) is the largest reduced product of a walk of 1..r arcs out of v and r = max_length − h
// (with no length limit, the component's size − h: a simple circuit visits each firm once). It
// holds whatever the gains: an arc above 1 raises U as often as a walk could repeat it (longer
// completions are bounded, not assumed weaker). The search drops an extension whose bound,
// enlarged by a rounding slack of 10^-12 per arc, is strictly below t (a circuit of exactly t may
// still enter on its firm sequence), and stops scanning a firm's arcs (sorted by reduced gain,
// descending) once even the largest bound of those left is below t; a root whose U is below t
// ends the search. Nothing dropped could have entered the list.
//
// Guarantee: the result is exactly what enumerating every elementary circuit of at most
// max_length arcs, keeping those with |gain| ≥ min_abs_gain, and taking the first top_k in
// canonical order would give (the same circuits, gains and order; ties in |gain| broken by the
// firm sequence, a total order, so the top-k list is unique). The work is exponential in the
// worst case (top_k = 0 lists every circuit); there is no budget and no truncation. Gains that
// underflow below the smallest normal double are covered by an absolute slack (see loops.cpp).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "market/edge_kind.hpp"
#include "market/influence_matrix.hpp"

namespace alchemy {

// Strong components, numbered 0.. in increasing order of their smallest firm index (Boost's own
// numbering depends on the DFS; this one only on the graph).
struct Components {
  std::vector<std::uint32_t> component;  // per firm
  // Component c's firms, ascending: members[start[c], start[c + 1]).
  std::vector<std::size_t> start{0};
  std::vector<std::uint32_t> members;
  std::size_t count() const { return start.size() - 1; }
  std::size_t size(std::size_t c) const { return start[c + 1] - start[c]; }
};
Components strong_components(const InfluenceMatrix& w);
// The same for any CSR graph (row_ptr: n + 1 entries; row i's columns are i's edges, each < n);
// Boost's Tarjan, whose depth-first search keeps its own stack (no recursion).
Components strong_components(std::span<const std::size_t> row_ptr,
                             std::span<const std::uint32_t> col);

// The components of the last structure asked for, recomputed only when the structure (row_ptr
// and col) differs: the monthly loop analysis sees the same hops month after month while their
// weights change, and the search allocates more than anything else it does.
class ComponentsMemo {
 public:
  const Components& of(const InfluenceMatrix& w);

 private:
  bool valid_ = false;
  std::vector<std::size_t> row_ptr_;
  std::vector<std::uint32_t> col_;
  Components components_;
};
// w's strong components: from `memo` when there is one, else found into `own`.
const Components& strong_components(const InfluenceMatrix& w, ComponentsMemo* memo,
                                    Components& own);

enum class LoopClass : std::uint8_t { cash, capital, equity, mixed, sentiment };
std::string_view to_string(LoopClass c);
LoopClass classify_loop(EdgeKindMask kinds_on_circuit);

struct Circuit {
  std::vector<std::uint32_t> firms;     // influence order, firms[0] the smallest index
  std::vector<EdgeKind> kinds;          // kinds[m]: dominant channel of hop firms[m] → firms[m+1]
  std::vector<EdgeKindMask> hop_kinds;  // every channel kind of each hop
  double gain = 0.0;
  double per_edge_gain = 0.0;  // |gain|^(1/length)
  LoopClass loop_class = LoopClass::mixed;
  std::size_t length() const { return firms.size(); }
};

struct CircuitOptions {
  std::size_t max_length = 6;  // arcs; 0 = unbounded
  std::size_t top_k = 100;     // keep the k largest |gain|; 0 = keep all
  double min_abs_gain = 0.0;   // drop circuits with |gain| below this
};

struct CircuitSearch {
  std::vector<Circuit> circuits;    // canonical order
  std::uint64_t circuits_seen = 0;  // circuits closed by the search (those its bound dropped
                                    // before closing are not counted)
  std::uint64_t work = 0;           // arcs examined
};

// A search takes its strong components from `components` when given (the monthly analysis shares
// one with spectral_radius).
CircuitSearch find_circuits(const InfluenceMatrix& w, const CircuitOptions& options = {},
                            ComponentsMemo* components = nullptr);

// Canonical order of circuits (|gain| descending, then the firm sequence).
bool circuit_before(const Circuit& a, const Circuit& b);

}  // namespace alchemy
