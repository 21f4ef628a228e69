#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "market/feedback_blocks.hpp"

namespace {

// A dependency graph from per-firm lists of the firms each depends on.
struct Graph {
  std::vector<std::size_t> row_ptr{0};
  std::vector<std::uint32_t> col;
};

Graph graph(const std::vector<std::vector<std::uint32_t>>& depends_on) {
  Graph g;
  for (const auto& row : depends_on) {
    g.col.insert(g.col.end(), row.begin(), row.end());
    g.row_ptr.push_back(g.col.size());
  }
  return g;
}

// The stages as lists of firms, and which are loops.
std::vector<std::vector<std::uint32_t>> stages(const alchemy::BlockOrder& b) {
  std::vector<std::vector<std::uint32_t>> out;
  for (std::size_t s = 0; s < b.stage_count(); ++s)
    out.emplace_back(b.firms.begin() + static_cast<std::ptrdiff_t>(b.stage_ptr[s]),
                     b.firms.begin() + static_cast<std::ptrdiff_t>(b.stage_ptr[s + 1]));
  return out;
}

}  // namespace

TEST_CASE("a chain is solved from its end, one firm per level") {
  // 0 depends on 1, 1 on 2: 2 first, then 1, then 0.
  const Graph g = graph({{1}, {2}, {}});
  const auto b = alchemy::block_order(g.row_ptr, g.col);
  CHECK(stages(b) == std::vector<std::vector<std::uint32_t>>{{2}, {1}, {0}});
  CHECK(b.cyclic == std::vector<std::uint8_t>{0, 0, 0});
  CHECK(b.stage_of == std::vector<std::uint32_t>{2, 1, 0});
  CHECK(b.read_later == std::vector<std::uint8_t>{1, 1, 0});  // the last stage feeds no one
}

TEST_CASE("loops are components of their own, and firms on no loop share their level's stage") {
  // 0 and 1 depend on each other; 2 depends on 0; 3 on nothing; 4 on 3; 5 on 2 and 4;
  // 6, 7, 8 form a loop that depends on 5.
  const Graph g = graph({{1}, {0}, {0}, {}, {3}, {2, 4}, {7, 5}, {8}, {6}});
  const auto b = alchemy::block_order(g.row_ptr, g.col);
  // Level 0: {3} and the loop {0, 1}; level 1: {2, 4}; level 2: {5}; level 3: the loop {6, 7, 8}.
  CHECK(stages(b) == std::vector<std::vector<std::uint32_t>>{{3}, {0, 1}, {2, 4}, {5}, {6, 7, 8}});
  CHECK(b.cyclic == std::vector<std::uint8_t>{0, 1, 0, 0, 1});
  CHECK(b.read_later == std::vector<std::uint8_t>{1, 1, 1, 1, 0});
  // Every firm comes after every firm it depends on, or shares a loop with it.
  for (std::uint32_t i = 0; i < g.row_ptr.size() - 1; ++i) {
    for (std::size_t k = g.row_ptr[i]; k < g.row_ptr[i + 1]; ++k) {
      const std::uint32_t j = g.col[k];
      CHECK((b.stage_of[j] < b.stage_of[i] ||
             (b.stage_of[j] == b.stage_of[i] && b.cyclic[b.stage_of[i]] != 0)));
    }
  }
}

TEST_CASE("a chain of 200,000 firms is ordered without recursion, and no firms give no stages") {
  const std::uint32_t n = 200'000;
  Graph g;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (i + 1 < n) g.col.push_back(i + 1);  // i depends on i + 1
    g.row_ptr.push_back(g.col.size());
  }
  const auto b = alchemy::block_order(g.row_ptr, g.col);
  REQUIRE(b.stage_count() == n);
  CHECK(b.firms.front() == n - 1);
  CHECK(b.firms.back() == 0);

  const Graph empty;
  CHECK(alchemy::block_order(empty.row_ptr, empty.col).stage_count() == 0);
}
