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
// Enumeration. With at most CircuitOptions::exhaustive_limit firms, Boost's hawick_circuits lists
// every elementary circuit (Boost 1.74's has no length bound, so longer circuits are filtered
// afterwards). Above it, a depth-limited DFS: for each start s in index order it follows hops
// inside s's strong component to firms with a larger index, so each circuit is found exactly
// once, from its smallest firm (Johnson 1975's rooting, without the blocking lists). Once top_k
// circuits are held, it prunes a path whose bound |partial gain| × (largest |hop| out of its
// end) × max(1, largest |hop|)^(hops left − 1) is below the k-th best |gain|, so the top-K list is
// exact when the work budget is not exhausted. Both methods give the same list; `truncated` says
// when the budget (max_work) stopped the search early.

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
  std::size_t max_length = 6;            // hops; 0 = unbounded
  std::size_t top_k = 100;               // keep the k largest |gain|; 0 = keep all
  double min_abs_gain = 0.0;             // drop circuits with |gain| below this
  std::size_t exhaustive_limit = 64;     // firm count up to which hawick_circuits is used
  std::uint64_t max_work = 200'000'000;  // hops explored (DFS) or circuits visited (hawick)
};

struct CircuitSearch {
  std::vector<Circuit> circuits;    // canonical order
  bool truncated = false;           // max_work reached: circuits may be missing
  bool exhaustive = false;          // true when hawick_circuits was used
  std::uint64_t circuits_seen = 0;  // circuits met before the top-K / length filters (the DFS
                                    // does not count those its bound pruned)
  std::uint64_t work = 0;
};

// The exhaustive search's circuits for one graph structure, kept between calls: the engine
// analyses the loops every month, and mostly the influence graph has the same hops with other
// weights. Which elementary circuits exist depends on the hops alone, so while they stay the
// circuits are re-scored (gains, dominant kinds, classes, the top-K list) without searching.
// Used only by the exhaustive (hawick) search, and only when it was not truncated.
struct CircuitMemo {
  std::vector<std::uint64_t> hops;  // the key: every hop u → v as u << 32 | v, sorted
  std::size_t max_length = 0;       // the key's options
  std::uint64_t max_work = 0;
  std::vector<std::vector<std::uint32_t>> circuits;  // each as found, within max_length
  std::uint64_t circuits_seen = 0;
  std::uint64_t work = 0;
  bool valid = false;
};

// With a memo, the result is the same as without one (the same circuits, in the same order, with
// the same counts); the memo only saves the search. A search takes its strong components from
// `components` when given (the monthly analysis shares one with spectral_radius).
CircuitSearch find_circuits(const InfluenceMatrix& w, const CircuitOptions& options = {},
                            CircuitMemo* memo = nullptr, ComponentsMemo* components = nullptr);

// Canonical order of circuits (|gain| descending, then the firm sequence).
bool circuit_before(const Circuit& a, const Circuit& b);

}  // namespace alchemy
