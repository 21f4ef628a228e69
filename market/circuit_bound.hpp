#pragma once
// Upper bounds on what the rest of a circuit can still gain, for the branch and bound of
// find_circuits (market/loops.hpp). Pure arithmetic on a graph of arcs u → v with |gain| > 0.
//
// Potentials. For any positive potential π over the firms, the reduced gain of an arc is
// w'(u → v) = |w(u → v)| · π(u) / π(v). Along a circuit the factors π(u)/π(v) cancel, so a
// circuit's reduced gain equals its |gain|; along a path from s to v the reduced product is
// |gain of the path| · π(s) / π(v). Rescaling therefore changes no circuit, only how tightly a
// path's completion can be bounded: where raw gains exceed 1 on some arcs and are small on the
// arcs back, the potential moves the excess onto the firms and the reduced gains come close to
// the per-edge gain of the strongest circuits (the minimum over π of the largest reduced gain is
// the maximum cycle geometric mean). The potential is found by max-balancing sweeps (Schneider &
// Schneider 1991): each firm's log-potential is set so that its largest reduced in-gain equals
// its largest reduced out-gain, firm by firm in index order, a fixed number of sweeps. Nothing
// depends on how well the sweeps converge: every bound below uses the reduced gains as stored.
//
// Walk bounds. U_h(v) = the largest reduced product of a walk of 1..h arcs out of v (any end, any
// repetition): U_1(v) = max_out w'(v → x), U_h(v) = max over v → x of w'(v → x) · max(1,
// U_{h−1}(x)). A simple path is a walk, so U_h(v) bounds the reduced product of every way to
// close a circuit from v in at most h arcs, whatever the gains (above 1 or not): an arc with a
// gain above 1 is counted as often as a walk could take it, never assumed to shrink the product.
// Computed by dynamic programming up to depth `depth`; beyond it U_h(v) ≤ U_depth(v) ·
// max(1, max w')^(h − depth) (the first arcs of the walk, then any arc), which is infinite when
// that power overflows (no pruning, never a wrong one).
//
// Rounding: reduced gains below the smallest normal double are raised to it (an upper bound stays
// one); the relative rounding of the stored reduced gains and of the products is at most ~110
// units in the last place per arc (|log π| ≤ 50), which find_circuits allows for with a slack of
// 10^-12 per arc.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace alchemy {

struct BoundArc {
  std::uint32_t to;
  double abs_w;  // |gain| of the arc, > 0
};

class CompletionBounds {
 public:
  // `ptr` (n + 1 entries) and `arcs`: the graph by source. `depth` ≥ 1: the walk table's depth.
  CompletionBounds(std::span<const std::size_t> ptr, std::span<const BoundArc> arcs,
                   std::size_t depth, int sweeps = 16);

  // The reduced gain of arcs[k].
  double reduced(std::size_t k) const { return reduced_[k]; }
  // U_h(v): the largest reduced product of a walk of 1..h arcs out of v (0 when h = 0).
  double walk(std::uint32_t v, std::size_t h) const;
  // max over v of U_h(v).
  double best_walk(std::size_t h) const;
  double log_potential(std::uint32_t v) const { return phi_[v]; }

 private:
  double beyond(std::size_t h) const;  // the factor for arcs past the table's depth

  std::size_t n_ = 0;
  std::size_t depth_ = 0;
  std::vector<double> phi_;      // log π per firm
  std::vector<double> reduced_;  // per arc
  std::vector<double> table_;    // table_[h * n + v] = U_h(v), h = 0..depth
  std::vector<double> best_;     // best_[h] = max_v U_h(v)
  double max_reduced_ = 0.0;
};

}  // namespace alchemy
