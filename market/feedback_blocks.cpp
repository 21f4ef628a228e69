#include "market/feedback_blocks.hpp"

#include "market/loops.hpp"

#include <algorithm>
#include <tuple>

namespace alchemy {

BlockOrder block_order(std::span<const std::size_t> row_ptr, std::span<const std::uint32_t> col) {
  const std::size_t n = row_ptr.empty() ? 0 : row_ptr.size() - 1;
  const Components comps = strong_components(row_ptr, col);
  const std::vector<std::uint32_t>& comp = comps.component;
  const std::vector<std::size_t>& start = comps.start;
  const std::vector<std::uint32_t>& members = comps.members;
  const auto count = static_cast<std::uint32_t>(comps.count());

  // Levels by Kahn's algorithm on the condensation: a component is taken once every component
  // it depends on has been, and its level is one more than the highest of theirs.
  std::vector<std::uint32_t> waiting(count, 0);  // dependencies not yet taken
  std::vector<std::vector<std::uint32_t>> dependents(count);
  for (std::uint32_t i = 0; i < n; ++i) {
    for (std::size_t k = row_ptr[i]; k < row_ptr[i + 1]; ++k) {
      if (comp[col[k]] == comp[i]) continue;
      ++waiting[comp[i]];
      dependents[comp[col[k]]].push_back(comp[i]);
    }
  }
  std::vector<std::uint32_t> level(count, 0), ready;
  for (std::uint32_t c = 0; c < count; ++c) {
    if (waiting[c] == 0) ready.push_back(c);
  }
  while (!ready.empty()) {
    const std::uint32_t d = ready.back();
    ready.pop_back();
    for (const std::uint32_t c : dependents[d]) {
      level[c] = std::max(level[c], level[d] + 1);
      if (--waiting[c] == 0) ready.push_back(c);
    }
  }

  // Stages: by level; in a level the firms on no loop first (one stage), then each loop's
  // component by its lowest firm (the components' own numbering).
  const auto cyclic = [&](std::uint32_t c) { return comps.size(c) > 1; };
  std::vector<std::uint32_t> by_stage(count);
  for (std::uint32_t c = 0; c < count; ++c)
    by_stage[c] = c;
  std::sort(by_stage.begin(), by_stage.end(), [&](std::uint32_t x, std::uint32_t y) {
    return std::make_tuple(level[x], cyclic(x), x) < std::make_tuple(level[y], cyclic(y), y);
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
  // Which stages a later stage depends on.
  order.read_later.assign(order.stage_count(), 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    for (std::size_t k = row_ptr[i]; k < row_ptr[i + 1]; ++k) {
      if (order.stage_of[col[k]] != order.stage_of[i]) order.read_later[order.stage_of[col[k]]] = 1;
    }
  }
  return order;
}

}  // namespace alchemy
