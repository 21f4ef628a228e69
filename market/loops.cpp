#include "market/loops.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/hawick_circuits.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/property_map/property_map.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace alchemy {

namespace {

// The influence graph with the channels of each pair merged into one hop, stored by source
// (j → i, the transpose of W's rows). Within a source, hops are sorted by |w| descending (ties:
// target ascending), so the DFS can stop scanning a firm's hops at the first one too weak, and
// each hop is one 16-byte record, so a firm's hops share cache lines (the search is bound by
// memory latency: it jumps from firm to firm).
struct Hop {
  std::uint32_t to;
  EdgeKind kind;      // dominant channel
  EdgeKindMask mask;  // all channels
  double w;           // sum over the channels
};

struct HopGraph {
  std::vector<std::size_t> ptr;
  std::vector<Hop> hops;
  std::vector<double> max_out;          // largest |hop| out of each firm
  std::vector<std::uint8_t> self_loop;  // 1 if the firm has a hop to itself
  double max_abs = 0.0;                 // largest |hop|

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
  g.max_out.assign(n, 0.0);
  g.self_loop.assign(n, 0);
  std::vector<std::size_t> next(g.ptr.begin(), g.ptr.end() - 1);
  for (const Merged& h : merged) {
    g.hops[next[h.j]++] = h.hop;
    g.max_out[h.j] = std::max(g.max_out[h.j], std::abs(h.hop.w));
    g.max_abs = std::max(g.max_abs, std::abs(h.hop.w));
    if (h.hop.to == h.j) g.self_loop[h.j] = 1;
  }
  for (std::size_t u = 0; u < n; ++u) {
    std::sort(g.hops.begin() + static_cast<std::ptrdiff_t>(g.ptr[u]),
              g.hops.begin() + static_cast<std::ptrdiff_t>(g.ptr[u + 1]),
              [](const Hop& a, const Hop& b) {
                const double wa = std::abs(a.w);
                const double wb = std::abs(b.w);
                return wa != wb ? wa > wb : a.to < b.to;
              });
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

struct StopSearch {};

// hawick_circuits visitor: the search state lives outside (the visitor is copied by value).
struct HawickVisitor {
  Collector* collector;
  CircuitSearch* result;
  const CircuitOptions* options;
  std::vector<std::uint32_t>* scratch;
  CircuitMemo* memo;  // or nullptr

  template <typename Path, typename Graph>
  void cycle(const Path& p, const Graph&) {
    ++result->circuits_seen;
    if (++result->work > options->max_work) throw StopSearch{};
    if (options->max_length != 0 && p.size() > options->max_length) return;
    scratch->assign(p.begin(), p.end());
    if (memo != nullptr) memo->circuits.push_back(*scratch);
    collector->offer(*scratch, std::numeric_limits<double>::infinity());
  }
};

void search_hawick(const HopGraph& g, const Components& comps, Collector& collector,
                   const CircuitOptions& o, CircuitSearch& r, CircuitMemo* memo) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  const std::size_t n = g.ptr.size() - 1;
  Graph bg(n);
  for (std::uint32_t u = 0; u < n; ++u) {
    for (std::size_t k = g.ptr[u]; k < g.ptr[u + 1]; ++k) {
      const std::uint32_t v = g.hops[k].to;
      if (comps.component[v] == comps.component[u]) boost::add_edge(u, v, bg);
    }
  }
  std::vector<std::uint32_t> scratch;
  try {
    boost::hawick_circuits(bg, HawickVisitor{&collector, &r, &o, &scratch, memo});
  } catch (const StopSearch&) {
    r.truncated = true;
  }
  r.exhaustive = true;
}

// When the memo holds the circuits of a graph with g's hops (and the same options), offers them
// to the collector, which scores them on g's weights, and returns true. Otherwise readies the
// memo for the search that follows (search_hawick fills it) and returns false. The key is every
// hop, sorted: the hops' order in g depends on their weights, the key must not.
bool rescore_from_memo(const HopGraph& g, const CircuitOptions& o, CircuitMemo& memo,
                       Collector& collector, CircuitSearch& r) {
  std::vector<std::uint64_t> key;
  for (std::size_t u = 0; u + 1 < g.ptr.size(); ++u) {
    for (std::size_t k = g.ptr[u]; k < g.ptr[u + 1]; ++k)
      key.push_back((static_cast<std::uint64_t>(u) << 32) | g.hops[k].to);
  }
  std::sort(key.begin(), key.end());
  if (memo.valid && memo.max_length == o.max_length && memo.max_work == o.max_work &&
      memo.hops == key) {
    for (const auto& c : memo.circuits)
      collector.offer(c, std::numeric_limits<double>::infinity());
    r.circuits_seen = memo.circuits_seen;
    r.work = memo.work;
    r.exhaustive = true;
    return true;
  }
  memo.valid = false;
  memo.hops = std::move(key);
  memo.max_length = o.max_length;
  memo.max_work = o.max_work;
  memo.circuits.clear();
  return false;
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
      for (std::size_t q = 1; q < hops_left; ++q)
        b *= growth;
    }
    return b * (1.0 + 1e-12);  // slack for rounding: the bound must not fall below a real gain
  };
  std::vector<std::uint8_t> on_path(n, 0);
  std::vector<std::uint32_t> path;
  std::vector<std::size_t> next_edge;
  std::vector<double> gains;  // gains[p]: product of the first p hops
  for (std::uint32_t s = 0; s < n; ++s) {
    const std::uint32_t cs = comps.component[s];
    if (comps.size(cs) == 1 && g.self_loop[s] == 0) continue;
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
      const Hop& hop = g.hops[k++];
      const std::uint32_t v = hop.to;
      if (++r.work > o.max_work) {
        r.truncated = true;
        for (std::uint32_t x : path)
          on_path[x] = 0;
        return;
      }
      const double gain = gains.back() * hop.w;
      // Hops come by |w| descending: once extending through this hop cannot reach the
      // threshold, extending through the rest of u's hops cannot either; only the hop back to s
      // (closing a circuit, factor 1) may still qualify, so it alone is looked for.
      if (const double t = collector.threshold(); t > 0.0) {
        double extend = 0.0;  // bound on the factor further hops can add
        if (o.max_length == 0) {
          extend = growth > 1.0 ? std::numeric_limits<double>::infinity() : g.max_abs;
        } else if (path.size() < o.max_length) {
          extend = g.max_abs;  // first hop after this one, then `growth` per hop
          for (std::size_t q = path.size() + 1; q < o.max_length; ++q)
            extend *= growth;
        }
        if (std::abs(gain) * extend * (1.0 + 1e-12) < t) {
          for (std::size_t q = k - 1; q < g.ptr[u + 1]; ++q) {
            if (g.hops[q].to != s) continue;
            const double closed = gains.back() * g.hops[q].w;
            ++r.circuits_seen;
            if (o.max_length == 0 || path.size() <= o.max_length) collector.offer(path, closed);
          }
          k = g.ptr[u + 1];
          continue;
        }
      }
      if (v < s || comps.component[v] != cs) continue;
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

CircuitSearch find_circuits(const InfluenceMatrix& w, const CircuitOptions& o, CircuitMemo* memo,
                            ComponentsMemo* components) {
  w.validate();
  const HopGraph g = build_hops(w);
  CircuitSearch r;
  Collector collector(g, o);
  Components own;
  if (w.firm_count() > o.exhaustive_limit) {
    search_dfs(g, strong_components(w, components, own), collector, o, r);
  } else if (memo == nullptr || !rescore_from_memo(g, o, *memo, collector, r)) {
    search_hawick(g, strong_components(w, components, own), collector, o, r, memo);
    if (memo != nullptr) {
      memo->circuits_seen = r.circuits_seen;
      memo->work = r.work;
      memo->valid = !r.truncated;
    }
  }
  r.circuits = collector.take();
  return r;
}

}  // namespace alchemy
