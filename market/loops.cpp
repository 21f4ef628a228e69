#include "market/loops.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/hawick_circuits.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/property_map/property_map.hpp>
#include <cmath>
#include <limits>
#include <utility>

namespace alchemy {

namespace {

// The influence graph with the channels of each pair merged into one hop, stored by source
// (j → i, the transpose of W's rows), targets ascending within a source.
struct HopGraph {
  std::vector<std::size_t> ptr;
  std::vector<std::uint32_t> to;
  std::vector<double> w;
  std::vector<EdgeKindMask> mask;
  std::vector<EdgeKind> kind;
  std::vector<double> max_out;  // largest |hop| out of each firm
  double max_abs = 0.0;         // largest |hop|
  bool has_self_loop = false;

  std::size_t find(std::uint32_t u, std::uint32_t v) const {
    const auto first = to.begin() + static_cast<std::ptrdiff_t>(ptr[u]);
    const auto last = to.begin() + static_cast<std::ptrdiff_t>(ptr[u + 1]);
    const auto it = std::lower_bound(first, last, v);
    return (it != last && *it == v) ? static_cast<std::size_t>(it - to.begin()) : to.size();
  }
};

HopGraph build_hops(const InfluenceMatrix& m) {
  const std::size_t n = m.firm_count();
  struct Merged {
    std::uint32_t i, j;
    double w;
    EdgeKindMask mask;
    EdgeKind kind;
  };
  std::vector<Merged> merged;
  merged.reserve(m.entry_count());
  for (std::uint32_t i = 0; i < n; ++i) {
    for (std::size_t k = m.row_ptr[i]; k < m.row_ptr[i + 1];) {
      Merged h{i, m.col[k], 0.0, 0, m.kind[k]};
      double best = -1.0;
      std::size_t l = k;
      for (; l < m.row_ptr[i + 1] && m.col[l] == h.j; ++l) {
        h.w += m.w[l];
        h.mask |= mask_of(m.kind[l]);
        if (std::abs(m.w[l]) > best) {  // strict: ties keep the earlier kind (enum order)
          best = std::abs(m.w[l]);
          h.kind = m.kind[l];
        }
      }
      if (h.w != 0.0) merged.push_back(h);
      k = l;
    }
  }
  HopGraph g;
  g.ptr.assign(n + 1, 0);
  for (const Merged& h : merged) ++g.ptr[h.j + 1];
  for (std::size_t v = 0; v < n; ++v) g.ptr[v + 1] += g.ptr[v];
  g.to.resize(merged.size());
  g.w.resize(merged.size());
  g.mask.resize(merged.size());
  g.kind.resize(merged.size());
  g.max_out.assign(n, 0.0);
  std::vector<std::size_t> next(g.ptr.begin(), g.ptr.end() - 1);
  for (const Merged& h : merged) {  // rows ascending, so targets land ascending per source
    const std::size_t p = next[h.j]++;
    g.to[p] = h.i;
    g.w[p] = h.w;
    g.mask[p] = h.mask;
    g.kind[p] = h.kind;
    g.max_out[h.j] = std::max(g.max_out[h.j], std::abs(h.w));
    g.max_abs = std::max(g.max_abs, std::abs(h.w));
    if (h.i == h.j) g.has_self_loop = true;
  }
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
      const std::size_t h = g_.find(c.firms[m], c.firms[(m + 1) % k]);
      c.gain *= g_.w[h];
      c.kinds.push_back(g_.kind[h]);
      c.hop_kinds.push_back(g_.mask[h]);
      all |= g_.mask[h];
    }
    c.per_edge_gain = std::pow(std::abs(c.gain), 1.0 / static_cast<double>(k));
    c.loop_class = classify_loop(all);
    return c;
  }

  const HopGraph& g_;
  const CircuitOptions& o_;
  std::vector<Circuit> kept_;
};

struct StopSearch {};

// hawick_circuits visitor: the search state lives outside (the visitor is copied by value).
struct HawickVisitor {
  Collector* collector;
  CircuitSearch* result;
  const CircuitOptions* options;
  std::vector<std::uint32_t>* scratch;

  template <typename Path, typename Graph>
  void cycle(const Path& p, const Graph&) {
    ++result->circuits_seen;
    if (++result->work > options->max_work) throw StopSearch{};
    if (options->max_length != 0 && p.size() > options->max_length) return;
    scratch->assign(p.begin(), p.end());
    collector->offer(*scratch, std::numeric_limits<double>::infinity());
  }
};

void search_hawick(const HopGraph& g, const Components& comps, Collector& collector,
                   const CircuitOptions& o, CircuitSearch& r) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  const std::size_t n = g.ptr.size() - 1;
  Graph bg(n);
  for (std::uint32_t u = 0; u < n; ++u) {
    for (std::size_t k = g.ptr[u]; k < g.ptr[u + 1]; ++k) {
      if (comps.component[g.to[k]] == comps.component[u]) boost::add_edge(u, g.to[k], bg);
    }
  }
  std::vector<std::uint32_t> scratch;
  try {
    boost::hawick_circuits(bg, HawickVisitor{&collector, &r, &o, &scratch});
  } catch (const StopSearch&) {
    r.truncated = true;
  }
  r.exhaustive = true;
}

void search_dfs(const HopGraph& g, const Components& comps, Collector& collector,
                const CircuitOptions& o, CircuitSearch& r) {
  const std::size_t n = g.ptr.size() - 1;
  const double growth = std::max(1.0, g.max_abs);
  // Bound on what a path can still gain with `hops_left` hops, the first out of `v`.
  auto bound = [&](double partial, std::uint32_t v, std::size_t hops_left) {
    if (o.max_length == 0 && growth > 1.0) return std::numeric_limits<double>::infinity();
    double b = std::abs(partial) * g.max_out[v];
    if (o.max_length != 0) {
      for (std::size_t q = 1; q < hops_left; ++q) b *= growth;
    }
    return b * (1.0 + 1e-12);  // slack for rounding: the bound must not fall below a real gain
  };
  std::vector<std::uint8_t> on_path(n, 0);
  std::vector<std::uint32_t> path;
  std::vector<std::size_t> next_edge;
  std::vector<double> gains;  // gains[p]: product of the first p hops
  for (std::uint32_t s = 0; s < n; ++s) {
    const std::uint32_t cs = comps.component[s];
    if (comps.size[cs] == 1 && g.find(s, s) == g.to.size()) continue;
    path.assign(1, s);
    next_edge.assign(1, g.ptr[s]);
    gains.assign(1, 1.0);
    on_path[s] = 1;
    while (!path.empty()) {
      const std::uint32_t u = path.back();
      std::size_t& k = next_edge.back();
      if (k == g.ptr[u + 1]) {
        on_path[u] = 0;
        path.pop_back();
        next_edge.pop_back();
        gains.pop_back();
        continue;
      }
      const std::size_t e = k++;
      const std::uint32_t v = g.to[e];
      if (++r.work > o.max_work) {
        r.truncated = true;
        for (std::uint32_t x : path) on_path[x] = 0;
        return;
      }
      if (v < s || comps.component[v] != cs) continue;
      const double gain = gains.back() * g.w[e];
      if (v == s) {
        ++r.circuits_seen;
        if (o.max_length == 0 || path.size() <= o.max_length) collector.offer(path, gain);
        continue;
      }
      if (on_path[v] != 0) continue;
      if (o.max_length != 0 && path.size() + 1 > o.max_length) continue;
      const std::size_t hops_left = o.max_length == 0 ? 0 : o.max_length - path.size();
      const double t = collector.threshold();
      if (t > 0.0 && bound(gain, v, hops_left) < t) continue;
      path.push_back(v);
      next_edge.push_back(g.ptr[v]);
      gains.push_back(gain);
      on_path[v] = 1;
    }
  }
}

}  // namespace

Components strong_components(const InfluenceMatrix& w) {
  w.validate();
  const std::size_t n = w.firm_count();
  using Csr = boost::compressed_sparse_row_graph<boost::directedS>;
  // W's rows as edges i → j: the reverse of the influence graph, which has the same components.
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  edges.reserve(w.entry_count());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = w.row_ptr[i]; k < w.row_ptr[i + 1]; ++k) edges.emplace_back(i, w.col[k]);
  }
  const Csr g(boost::edges_are_sorted, edges.begin(), edges.end(), n);
  edges = {};
  std::vector<std::size_t> raw(n);
  boost::strong_components(
      g, boost::make_iterator_property_map(raw.begin(), boost::get(boost::vertex_index, g)));
  // Renumber by smallest member.
  Components c;
  c.component.resize(n);
  std::vector<std::uint32_t> renumber(n, std::numeric_limits<std::uint32_t>::max());
  for (std::size_t v = 0; v < n; ++v) {
    std::uint32_t& id = renumber[raw[v]];
    if (id == std::numeric_limits<std::uint32_t>::max()) {
      id = static_cast<std::uint32_t>(c.size.size());
      c.size.push_back(0);
    }
    c.component[v] = id;
    ++c.size[id];
  }
  return c;
}

std::string_view to_string(LoopClass c) {
  switch (c) {
    case LoopClass::cash: return "cash";
    case LoopClass::capital: return "capital";
    case LoopClass::equity: return "equity";
    case LoopClass::mixed: return "mixed";
  }
  return "unknown";
}

LoopClass classify_loop(EdgeKindMask k) {
  using E = EdgeKind;
  const EdgeKindMask equity = mask_of(E::stake) | mask_of(E::warrant);
  const EdgeKindMask cash =
      mask_of(E::stake) | mask_of(E::funding) | mask_of(E::supply) | mask_of(E::lease);
  const EdgeKindMask purchase = mask_of(E::supply) | mask_of(E::lease);
  const EdgeKindMask capital = mask_of(E::stake) | mask_of(E::funding) | mask_of(E::warrant) |
                               mask_of(E::loan) | mask_of(E::collateral);
  const EdgeKindMask financing = mask_of(E::funding) | mask_of(E::loan) | mask_of(E::collateral);
  if (k == 0) return LoopClass::mixed;
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

CircuitSearch find_circuits(const InfluenceMatrix& w, const CircuitOptions& o) {
  const Components comps = strong_components(w);  // validates w
  const HopGraph g = build_hops(w);
  CircuitSearch r;
  Collector collector(g, o);
  if (w.firm_count() <= o.exhaustive_limit) {
    search_hawick(g, comps, collector, o, r);
  } else {
    search_dfs(g, comps, collector, o, r);
  }
  r.circuits = collector.take();
  return r;
}

}  // namespace alchemy
