#include "market/loops.hpp"

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/property_map/property_map.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include "market/circuit_bound.hpp"

namespace alchemy {

namespace {

// The influence graph with the channels of each pair merged into one hop, stored by source
// (j → i, the transpose of W's rows), within a source by target.
struct Hop {
  std::uint32_t to;
  EdgeKind kind;      // dominant channel
  EdgeKindMask mask;  // all channels
  double w;           // sum over the channels
};

struct HopGraph {
  std::vector<std::size_t> ptr;
  std::vector<Hop> hops;

  // The hop u → v, or nullptr. Linear: used only for circuits that make the list.
  const Hop* find(std::uint32_t u, std::uint32_t v) const {
    for (std::size_t k = ptr[u]; k < ptr[u + 1]; ++k) {
      if (hops[k].to == v) return &hops[k];
    }
    return nullptr;
  }
};

HopGraph build_hops(const InfluenceMatrix& m) {
  const std::size_t n = m.firm_count();
  struct Merged {
    std::uint32_t j;
    Hop hop;
  };
  std::vector<Merged> merged;
  merged.reserve(m.entry_count());
  for (std::uint32_t i = 0; i < n; ++i) {
    for (std::size_t k = m.row_ptr[i]; k < m.row_ptr[i + 1];) {
      Merged h{m.col[k], Hop{i, m.kind[k], 0, 0.0}};
      double best = -1.0;
      std::size_t l = k;
      for (; l < m.row_ptr[i + 1] && m.col[l] == h.j; ++l) {
        h.hop.w += m.w[l];
        h.hop.mask |= mask_of(m.kind[l]);
        if (std::abs(m.w[l]) > best) {  // strict: ties keep the earlier kind (enum order)
          best = std::abs(m.w[l]);
          h.hop.kind = m.kind[l];
        }
      }
      if (h.hop.w != 0.0) merged.push_back(h);
      k = l;
    }
  }
  HopGraph g;
  g.ptr.assign(n + 1, 0);
  for (const Merged& h : merged)
    ++g.ptr[h.j + 1];
  for (std::size_t v = 0; v < n; ++v)
    g.ptr[v + 1] += g.ptr[v];
  g.hops.resize(merged.size());
  std::vector<std::size_t> next(g.ptr.begin(), g.ptr.end() - 1);
  for (const Merged& h : merged)
    g.hops[next[h.j]++] = h.hop;
  return g;
}

// Keeps the best circuits in canonical order (a heap whose top is the worst kept).
class Collector {
 public:
  Collector(const HopGraph& g, const CircuitOptions& o) : g_(g), o_(o) {}

  // |gain| below which a circuit cannot enter the list.
  double threshold() const {
    if (o_.top_k != 0 && kept_.size() == o_.top_k) return std::abs(kept_.front().gain);
    return o_.min_abs_gain;
  }

  // `firms`: the circuit in influence order, any rotation.
  void offer(const std::vector<std::uint32_t>& firms, double gain_hint) {
    if (std::abs(gain_hint) < threshold()) return;
    Circuit c = make(firms);
    if (std::abs(c.gain) < o_.min_abs_gain) return;
    if (o_.top_k == 0 || kept_.size() < o_.top_k) {
      kept_.push_back(std::move(c));
      if (o_.top_k != 0) std::push_heap(kept_.begin(), kept_.end(), circuit_before);
    } else if (circuit_before(c, kept_.front())) {
      std::pop_heap(kept_.begin(), kept_.end(), circuit_before);
      kept_.back() = std::move(c);
      std::push_heap(kept_.begin(), kept_.end(), circuit_before);
    }
  }

  std::vector<Circuit> take() {
    std::sort(kept_.begin(), kept_.end(), circuit_before);
    return std::move(kept_);
  }

 private:
  Circuit make(const std::vector<std::uint32_t>& firms) const {
    Circuit c;
    const auto smallest = std::min_element(firms.begin(), firms.end());
    c.firms.assign(smallest, firms.end());
    c.firms.insert(c.firms.end(), firms.begin(), smallest);
    const std::size_t k = c.firms.size();
    c.gain = 1.0;
    EdgeKindMask all = 0;
    for (std::size_t m = 0; m < k; ++m) {
      const Hop* h = g_.find(c.firms[m], c.firms[(m + 1) % k]);
      c.gain *= h->w;
      c.kinds.push_back(h->kind);
      c.hop_kinds.push_back(h->mask);
      all |= h->mask;
    }
    c.per_edge_gain = std::pow(std::abs(c.gain), 1.0 / static_cast<double>(k));
    c.loop_class = classify_loop(all);
    return c;
  }

  const HopGraph& g_;
  const CircuitOptions& o_;
  std::vector<Circuit> kept_;
};

// An arc of the search: a hop inside its strong component, with its reduced gain
// (market/circuit_bound.hpp).
struct Arc {
  std::uint32_t to;
  double w;        // the hop's gain, signed
  double reduced;  // w' = |w| π(from) / π(to)
};

// Walk bounds are tabulated up to this many arcs (the default max_length is 6); longer
// completions are bounded past the table (CompletionBounds::walk).
constexpr std::size_t kTableDepth = 8;

// What a computed bound is widened by before it is compared with a computed gain, for circuits
// of at most `arcs` arcs. Relative: 10^-12 per arc, far above the rounding of the gain's own
// product (one ulp per arc) and of the bound's (~110 ulp per arc, circuit_bound.hpp). Absolute:
// a product that falls below the smallest normal double is rounded by up to 2^-1075, and that
// error is then multiplied by the factors after it, each at most `largest` = max(1, every |gain|
// and reduced gain): at most arcs · 2^-1074 · largest^arcs in all (twice that, for the rounding
// of pow). Infinite when it overflows: then nothing is ever pruned.
struct Slack {
  double relative = 0.0;
  double absolute = 0.0;

  Slack(std::size_t arcs, double largest)
      : relative(1e-12 * static_cast<double>(arcs + 2)),
        absolute(std::ldexp(
            static_cast<double>(arcs + 2) * std::pow(largest, static_cast<double>(arcs)), -1073)) {}
  double widen(double bound) const { return bound * (1.0 + relative) + absolute; }
};

// The branch and bound of loops.hpp ("Search").
void branch_and_bound(const HopGraph& g, const Components& comps, Collector& collector,
                      const CircuitOptions& o, CircuitSearch& r) {
  const std::size_t n = g.ptr.size() - 1;
  // The hops inside strong components (the only ones a circuit can use), by source.
  std::vector<std::size_t> ptr(n + 1, 0);
  std::vector<BoundArc> bound_arcs;
  std::vector<double> gains;
  double largest = 1.0;
  std::size_t longest = 0;  // the most arcs any circuit may have
  auto limit = [&](std::uint32_t s) {
    const std::size_t c = comps.size(comps.component[s]);
    return o.max_length == 0 ? c : std::min(o.max_length, c);
  };
  for (std::uint32_t u = 0; u < n; ++u) {
    for (std::size_t k = g.ptr[u]; k < g.ptr[u + 1]; ++k) {
      const Hop& h = g.hops[k];
      if (comps.component[h.to] != comps.component[u]) continue;
      bound_arcs.push_back({h.to, std::abs(h.w)});
      gains.push_back(h.w);
      largest = std::max(largest, std::abs(h.w));
    }
    ptr[u + 1] = bound_arcs.size();
    if (ptr[u + 1] > ptr[u]) longest = std::max(longest, limit(u));
  }
  if (bound_arcs.empty()) return;
  const CompletionBounds bounds(ptr, bound_arcs, std::min(longest, kTableDepth));

  // Each firm's arcs by reduced gain, descending (ties: target ascending), for the scan's stop.
  std::vector<Arc> arcs(bound_arcs.size());
  std::vector<std::size_t> order;
  for (std::uint32_t u = 0; u < n; ++u) {
    order.resize(ptr[u + 1] - ptr[u]);
    std::iota(order.begin(), order.end(), ptr[u]);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const double ra = bounds.reduced(a);
      const double rb = bounds.reduced(b);
      return ra != rb ? ra > rb : bound_arcs[a].to < bound_arcs[b].to;
    });
    for (std::size_t m = 0; m < order.size(); ++m) {
      const std::size_t k = order[m];
      arcs[ptr[u] + m] = Arc{bound_arcs[k].to, gains[k], bounds.reduced(k)};
      largest = std::max(largest, bounds.reduced(k));
    }
  }
  const Slack slack(longest, largest);

  // Roots by their bound, the largest first: a circuit rooted at s is a closed walk out of s.
  std::vector<std::uint32_t> roots;
  std::vector<double> root_bound(n, 0.0);
  for (std::uint32_t s = 0; s < n; ++s) {
    if (ptr[s + 1] == ptr[s]) continue;
    roots.push_back(s);
    root_bound[s] = bounds.walk(s, limit(s));
  }
  std::sort(roots.begin(), roots.end(), [&](std::uint32_t a, std::uint32_t b) {
    return root_bound[a] != root_bound[b] ? root_bound[a] > root_bound[b] : a < b;
  });

  struct Step {
    std::uint32_t firm;
    std::size_t next;  // the next arc to examine
    double gain;       // signed product of the path's gains, from the root
    double reduced;    // reduced product of the path
  };
  std::vector<Step> stack;
  std::vector<std::uint32_t> path;
  std::vector<std::uint8_t> on_path(n, 0);
  for (const std::uint32_t s : roots) {
    // The threshold only rises, and later roots have smaller bounds.
    if (slack.widen(root_bound[s]) < collector.threshold()) break;
    const std::size_t hops = limit(s);
    stack.assign(1, Step{s, ptr[s], 1.0, 1.0});
    path.assign(1, s);
    on_path[s] = 1;
    while (!stack.empty()) {
      Step& top = stack.back();
      if (top.next == ptr[top.firm + 1]) {
        on_path[top.firm] = 0;
        stack.pop_back();
        path.pop_back();
        continue;
      }
      const Arc& a = arcs[top.next++];
      ++r.work;
      const std::size_t left = hops - stack.size();  // arcs a circuit may take after this one
      const double t = collector.threshold();
      // Arcs come by reduced gain, descending: when this one cannot lead to a circuit that
      // qualifies — closing now (factor 1) or through any firm (factor ≤ max(1, best walk)) —
      // no later one of this firm can.
      const double reach = left == 0 ? 1.0 : std::max(1.0, bounds.best_walk(left));
      if (slack.widen(top.reduced * a.reduced * reach) < t) {
        top.next = ptr[top.firm + 1];
        continue;
      }
      if (a.to == s) {
        ++r.circuits_seen;
        collector.offer(path, top.gain * a.w);
        continue;
      }
      if (left == 0 || a.to < s || on_path[a.to] != 0) continue;
      const double reduced = top.reduced * a.reduced;
      if (slack.widen(reduced * bounds.walk(a.to, left)) < t) continue;
      const double gain = top.gain * a.w;
      stack.push_back(Step{a.to, ptr[a.to], gain, reduced});  // `top` is invalid from here
      path.push_back(a.to);
      on_path[a.to] = 1;
    }
  }
}

}  // namespace

Components strong_components(const InfluenceMatrix& w) {
  w.validate();
  return strong_components(w.row_ptr, w.col);
}

const Components& ComponentsMemo::of(const InfluenceMatrix& w) {
  w.validate();
  if (!valid_ || w.row_ptr != row_ptr_ || w.col != col_) {
    components_ = strong_components(w.row_ptr, w.col);
    row_ptr_ = w.row_ptr;
    col_ = w.col;
    valid_ = true;
  }
  return components_;
}

const Components& strong_components(const InfluenceMatrix& w, ComponentsMemo* memo,
                                    Components& own) {
  if (memo != nullptr) return memo->of(w);
  own = strong_components(w);
  return own;
}

Components strong_components(std::span<const std::size_t> row_ptr,
                             std::span<const std::uint32_t> col) {
  const std::size_t n = row_ptr.empty() ? 0 : row_ptr.size() - 1;
  using Csr = boost::compressed_sparse_row_graph<boost::directedS>;
  // The rows as edges i → j: for W the reverse of the influence graph, with the same components.
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  edges.reserve(col.size());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = row_ptr[i]; k < row_ptr[i + 1]; ++k)
      edges.emplace_back(i, col[k]);
  }
  const Csr g(boost::edges_are_sorted, edges.begin(), edges.end(), n);
  edges = {};
  std::vector<std::size_t> raw(n);
  boost::strong_components(
      g, boost::make_iterator_property_map(raw.begin(), boost::get(boost::vertex_index, g)));
  // Renumber by smallest member, counting each component's firms.
  Components c;
  c.component.resize(n);
  std::vector<std::uint32_t> renumber(n, std::numeric_limits<std::uint32_t>::max());
  std::vector<std::size_t> sizes;
  for (std::size_t v = 0; v < n; ++v) {
    std::uint32_t& id = renumber[raw[v]];
    if (id == std::numeric_limits<std::uint32_t>::max()) {
      id = static_cast<std::uint32_t>(sizes.size());
      sizes.push_back(0);
    }
    c.component[v] = id;
    ++sizes[id];
  }
  // The members, component by component, each in ascending firm order (a counting sort).
  c.start.assign(sizes.size() + 1, 0);
  for (std::size_t id = 0; id < sizes.size(); ++id)
    c.start[id + 1] = c.start[id] + sizes[id];
  c.members.resize(n);
  std::vector<std::size_t> next(c.start.begin(), c.start.end() - 1);
  for (std::uint32_t v = 0; v < n; ++v)
    c.members[next[c.component[v]]++] = v;
  return c;
}

std::string_view to_string(LoopClass c) {
  switch (c) {
    case LoopClass::cash:
      return "cash";
    case LoopClass::capital:
      return "capital";
    case LoopClass::equity:
      return "equity";
    case LoopClass::mixed:
      return "mixed";
    case LoopClass::sentiment:
      return "sentiment";
  }
  return "unknown";
}

LoopClass classify_loop(EdgeKindMask k) {
  using E = EdgeKind;
  const EdgeKindMask equity = mask_of(E::stake) | mask_of(E::warrant);
  const EdgeKindMask cash = mask_of(E::stake) | mask_of(E::warrant) | mask_of(E::funding) |
                            mask_of(E::supply) | mask_of(E::lease);
  const EdgeKindMask purchase = mask_of(E::supply) | mask_of(E::lease);
  const EdgeKindMask capital = mask_of(E::stake) | mask_of(E::funding) | mask_of(E::warrant) |
                               mask_of(E::loan) | mask_of(E::collateral);
  const EdgeKindMask financing = mask_of(E::funding) | mask_of(E::loan) | mask_of(E::collateral);
  if (k == 0) return LoopClass::mixed;
  if ((k & mask_of(E::sentiment)) != 0) return LoopClass::sentiment;
  if ((k & ~equity) == 0) return LoopClass::equity;
  if ((k & ~cash) == 0 && (k & purchase) != 0) return LoopClass::cash;
  if ((k & ~capital) == 0 && (k & financing) != 0) return LoopClass::capital;
  return LoopClass::mixed;
}

bool circuit_before(const Circuit& a, const Circuit& b) {
  const double ga = std::abs(a.gain);
  const double gb = std::abs(b.gain);
  if (ga != gb) return ga > gb;
  return a.firms < b.firms;
}

CircuitSearch find_circuits(const InfluenceMatrix& w, const CircuitOptions& o,
                            ComponentsMemo* components) {
  w.validate();
  const HopGraph g = build_hops(w);
  Components own;
  CircuitSearch r;
  Collector collector(g, o);
  branch_and_bound(g, strong_components(w, components, own), collector, o, r);
  r.circuits = collector.take();
  return r;
}

}  // namespace alchemy
