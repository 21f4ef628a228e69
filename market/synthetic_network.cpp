#include "market/synthetic_network.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace alchemy {

namespace {

void check_probability(double p, const char* what) {
  if (!(p >= 0.0 && p <= 1.0)) {
    throw std::invalid_argument(std::string(what) + ": probability must lie in [0, 1]");
  }
}

// All pairs (i, j) with i in [row0, row0 + rows) and j in [col0, col0 + cols), excluding i == j
// when the two ranges are the same (square), each an edge with probability p. The pairs are
// walked in row-major order and the gap to the next edge is geometric:
// skip = ⌊log U / log(1 − p)⌋ (Batagelj & Brandes 2005), so the cost is the number of edges.
void sample_block(std::size_t row0, std::size_t rows, std::size_t col0, std::size_t cols,
                  bool square, double p, Rng& rng, std::vector<DirectedEdge>& out) {
  const std::uint64_t width = square ? (cols > 0 ? cols - 1 : 0) : cols;
  const std::uint64_t pairs = static_cast<std::uint64_t>(rows) * width;
  if (pairs == 0 || p <= 0.0) return;
  auto emit = [&](std::uint64_t k) {
    const std::uint64_t i = k / width;
    std::uint64_t j = k % width;
    if (square && j >= i) ++j;  // skip the diagonal
    out.push_back({static_cast<FirmIndex>(row0 + i), static_cast<FirmIndex>(col0 + j)});
  };
  if (p >= 1.0) {
    for (std::uint64_t k = 0; k < pairs; ++k)
      emit(k);
    return;
  }
  const double log_q = std::log1p(-p);
  std::uint64_t next = 0;  // index of the next candidate pair
  while (true) {
    const double skip = std::floor(std::log(rng.uniform_open()) / log_q);
    if (skip >= static_cast<double>(pairs - next)) break;
    next += static_cast<std::uint64_t>(skip);
    emit(next);
    if (++next >= pairs) break;
  }
}

void check_size(std::size_t n) {
  if (n > static_cast<std::size_t>(UINT32_MAX)) {
    throw std::invalid_argument("network size: at most 2^32 − 1 nodes");
  }
}

}  // namespace

std::vector<DirectedEdge> erdos_renyi(std::size_t n, double mean_degree, Rng& rng) {
  check_size(n);
  if (!(mean_degree >= 0.0)) throw std::invalid_argument("erdos_renyi: mean degree must be >= 0");
  std::vector<DirectedEdge> edges;
  if (n < 2) return edges;
  const double p = std::min(1.0, mean_degree / static_cast<double>(n - 1));
  edges.reserve(static_cast<std::size_t>(mean_degree * static_cast<double>(n) * 1.05) + 16);
  sample_block(0, n, 0, n, true, p, rng, edges);
  return edges;  // row-major order is already (from, to) order
}

std::vector<DirectedEdge> barabasi_albert(std::size_t n, double mean_degree, Rng& rng) {
  check_size(n);
  if (!(mean_degree >= 0.0)) {
    throw std::invalid_argument("barabasi_albert: mean degree must be >= 0");
  }
  std::vector<DirectedEdge> edges;
  const auto links = static_cast<std::size_t>(std::floor(mean_degree));
  const double extra = mean_degree - static_cast<double>(links);
  const std::size_t seed = std::min(n, std::max<std::size_t>(links + 1, 2));
  // Every endpoint of every link, once per link: a uniform pick from it is a pick proportional to
  // degree.
  std::vector<FirmIndex> ends;
  auto link = [&](FirmIndex a, FirmIndex b) {
    if (rng.uniform() < 0.5) std::swap(a, b);
    edges.push_back({a, b});
    ends.push_back(a);
    ends.push_back(b);
  };
  for (std::size_t i = 0; i < seed; ++i) {
    for (std::size_t j = i + 1; j < seed; ++j)
      link(static_cast<FirmIndex>(i), static_cast<FirmIndex>(j));
  }
  std::vector<FirmIndex> chosen;
  for (std::size_t v = seed; v < n; ++v) {
    std::size_t k = links + (rng.uniform() < extra ? 1 : 0);
    k = std::min(k, v);
    chosen.clear();
    while (chosen.size() < k) {
      FirmIndex u = 0;
      bool fresh = false;
      for (int attempt = 0; attempt < 64 && !fresh; ++attempt) {
        u = ends.empty() ? static_cast<FirmIndex>(rng.below(v)) : ends[rng.below(ends.size())];
        fresh = std::find(chosen.begin(), chosen.end(), u) == chosen.end();
      }
      while (!fresh) {  // degenerate: few nodes have any degree yet
        u = static_cast<FirmIndex>(rng.below(v));
        fresh = std::find(chosen.begin(), chosen.end(), u) == chosen.end();
      }
      chosen.push_back(u);
    }
    for (FirmIndex u : chosen)
      link(static_cast<FirmIndex>(v), u);
  }
  std::sort(edges.begin(), edges.end());
  return edges;
}

std::vector<DirectedEdge> core_periphery(std::size_t n, double core_share, double p_core,
                                         double p_periphery, double p_core_periphery, Rng& rng) {
  check_size(n);
  if (!(core_share >= 0.0 && core_share <= 1.0)) {
    throw std::invalid_argument("core_periphery: core share must lie in [0, 1]");
  }
  check_probability(p_core, "core_periphery p_core");
  check_probability(p_periphery, "core_periphery p_periphery");
  check_probability(p_core_periphery, "core_periphery p_core_periphery");
  const auto core = static_cast<std::size_t>(std::llround(core_share * static_cast<double>(n)));
  const std::size_t rest = n - core;
  std::vector<DirectedEdge> edges;
  sample_block(0, core, 0, core, true, p_core, rng, edges);
  sample_block(0, core, core, rest, false, p_core_periphery, rng, edges);
  sample_block(core, rest, 0, core, false, p_core_periphery, rng, edges);
  sample_block(core, rest, core, rest, true, p_periphery, rng, edges);
  std::sort(edges.begin(), edges.end());
  return edges;
}

}  // namespace alchemy
