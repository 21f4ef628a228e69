#pragma once
// The monthly loop analysis's circuit search as it was before the branch and bound (revision
// c9dca75, market/loops.cpp: the depth-limited DFS used above 64 firms, with its work budget of
// 2*10^8 hops), kept verbatim for bench_loops' side-by-side ratio. Not used by alchemy itself.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "market/loops.hpp"

namespace alchemy::budgeted_dfs {

struct Options {
  std::size_t max_length = 6;
  std::size_t top_k = 100;
  double min_abs_gain = 0.0;
  std::uint64_t max_work = 200'000'000;
};

struct Result {
  std::vector<Circuit> circuits;
  bool truncated = false;
  std::uint64_t circuits_seen = 0;
  std::uint64_t work = 0;
};

using CircuitOptions = Options;
using CircuitSearch = Result;

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

inline HopGraph build_hops(const InfluenceMatrix& m) {
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

inline void search_dfs(const HopGraph& g, const Components& comps, Collector& collector,
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

inline Result find_circuits(const InfluenceMatrix& w, const Options& o) {
  const HopGraph g = build_hops(w);
  const Components comps = strong_components(w);
  Result r;
  Collector collector(g, o);
  search_dfs(g, comps, collector, o, r);
  r.circuits = collector.take();
  return r;
}

}  // namespace alchemy::budgeted_dfs
