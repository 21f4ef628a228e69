#include "market/feedback_blocks.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

namespace alchemy {

namespace {

constexpr std::uint32_t unvisited = std::numeric_limits<std::uint32_t>::max();

// Tarjan's strong components, with an explicit call stack. Components are numbered in the order
// Tarjan completes them, which is a reverse topological order of the condensation: a component
// is completed after every component reachable from it, that is, after the ones it depends on.
std::vector<std::uint32_t> strong_components_deps_first(std::span<const std::size_t> row_ptr,
                                                        std::span<const std::uint32_t> col,
                                                        std::uint32_t& count) {
  const std::size_t n = row_ptr.empty() ? 0 : row_ptr.size() - 1;
  std::vector<std::uint32_t> index(n, unvisited), low(n, 0), comp(n, unvisited);
  std::vector<std::uint32_t> stack;
  std::vector<std::uint8_t> on_stack(n, 0);
  struct Frame {
    std::uint32_t v;
    std::size_t next;  // the next channel of row v to follow
  };
  std::vector<Frame> calls;
  std::uint32_t counter = 0;
  count = 0;
  const auto visit = [&](std::uint32_t v) {
    index[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = 1;
    calls.push_back({v, row_ptr[v]});
  };
  for (std::uint32_t root = 0; root < n; ++root) {
    if (index[root] != unvisited) continue;
    visit(root);
    while (!calls.empty()) {
      const std::uint32_t v = calls.back().v;
      if (calls.back().next < row_ptr[v + 1]) {
        const std::uint32_t w = col[calls.back().next++];
        if (index[w] == unvisited) {
          visit(w);
        } else if (on_stack[w] != 0) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      calls.pop_back();
      if (!calls.empty()) low[calls.back().v] = std::min(low[calls.back().v], low[v]);
      if (low[v] != index[v]) continue;
      std::uint32_t x = unvisited;
      while (x != v) {
        x = stack.back();
        stack.pop_back();
        on_stack[x] = 0;
        comp[x] = count;
      }
      ++count;
    }
  }
  return comp;
}

}  // namespace

BlockOrder block_order(std::span<const std::size_t> row_ptr, std::span<const std::uint32_t> col) {
  const std::size_t n = row_ptr.empty() ? 0 : row_ptr.size() - 1;
  std::uint32_t count = 0;
  const std::vector<std::uint32_t> comp = strong_components_deps_first(row_ptr, col, count);

  // Members of each component in ascending firm order (a counting sort).
  std::vector<std::size_t> start(count + 1, 0);
  for (std::size_t v = 0; v < n; ++v)
    ++start[comp[v] + 1];
  for (std::uint32_t c = 0; c < count; ++c)
    start[c + 1] += start[c];
  std::vector<std::uint32_t> members(n);
  {
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    for (std::uint32_t v = 0; v < n; ++v)
      members[next[comp[v]]++] = v;
  }

  // Levels, in completion order (every dependency's level is known by then).
  std::vector<std::uint32_t> level(count, 0);
  for (std::uint32_t c = 0; c < count; ++c) {
    for (std::size_t p = start[c]; p < start[c + 1]; ++p) {
      const std::uint32_t v = members[p];
      for (std::size_t k = row_ptr[v]; k < row_ptr[v + 1]; ++k) {
        if (comp[col[k]] != c) level[c] = std::max(level[c], level[comp[col[k]]] + 1);
      }
    }
  }

  // Stages: by level; in a level the firms on no loop first (one stage), then each loop's
  // component by its lowest firm.
  const auto cyclic = [&](std::uint32_t c) { return start[c + 1] - start[c] > 1; };
  std::vector<std::uint32_t> by_stage(count);
  for (std::uint32_t c = 0; c < count; ++c)
    by_stage[c] = c;
  std::sort(by_stage.begin(), by_stage.end(), [&](std::uint32_t x, std::uint32_t y) {
    return std::make_tuple(level[x], cyclic(x), members[start[x]]) <
           std::make_tuple(level[y], cyclic(y), members[start[y]]);
  });
  BlockOrder order;
  order.firms.reserve(n);
  order.stage_of.assign(n, 0);
  order.stage_ptr.push_back(0);
  for (std::size_t q = 0; q < by_stage.size(); ++q) {
    const std::uint32_t c = by_stage[q];
    const bool joins_previous =
        q > 0 && !cyclic(c) && !cyclic(by_stage[q - 1]) && level[by_stage[q - 1]] == level[c];
    if (!joins_previous) {
      order.cyclic.push_back(cyclic(c) ? 1 : 0);
      order.stage_ptr.push_back(order.firms.size());
    }
    for (std::size_t p = start[c]; p < start[c + 1]; ++p) {
      order.firms.push_back(members[p]);
      order.stage_of[members[p]] = static_cast<std::uint32_t>(order.cyclic.size() - 1);
    }
    order.stage_ptr.back() = order.firms.size();
  }
  return order;
}

}  // namespace alchemy
