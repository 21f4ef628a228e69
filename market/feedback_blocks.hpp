#pragma once
// The order in which the feedback kernel solves the firms (market/feedback.hpp): the strongly
// connected components of its dependency graph, firm i depending on firm j when a channel of
// row i has column j, grouped in levels so that every component comes after all the components
// it depends on.
//
// Why: a firm outside every loop is settled by one evaluation once the firms it depends on are
// settled, so only the loops need iterating (block-triangular Gauss–Jacobi; the condensation of
// a directed graph into its strong components is a DAG, Tarjan 1972). In the baseline most ticks
// have no loop at all, and plain Jacobi spent three sweeps on them to reach what one ordered pass
// gives.
//
// Stages, in solving order:
//   - an acyclic stage holds every firm of one level that is on no loop (each evaluated once, in
//     any order: none depends on another firm of its stage);
//   - a cyclic stage is one strong component with a loop (more than one firm; the channels have no
//     self-loops), iterated to its own fixed point.
// Level 0 firms depend on no other firm; a component's level is one more than the highest level
// of the components it depends on. Within a level the acyclic stage comes first, then the cyclic
// ones by their lowest firm index. Firms within a stage are in ascending index order.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace alchemy {

struct BlockOrder {
  std::vector<std::uint32_t> firms;      // stage by stage
  std::vector<std::size_t> stage_ptr;    // stage s = firms[stage_ptr[s], stage_ptr[s + 1])
  std::vector<std::uint8_t> cyclic;      // per stage: 1 = a strong component with a loop
  std::vector<std::uint32_t> stage_of;   // per firm: its stage
  std::vector<std::uint8_t> read_later;  // per stage: 1 if a firm of a later stage depends on it

  std::size_t stage_count() const { return cyclic.size(); }
};

// The stages of the CSR dependency graph (row_ptr: n + 1 entries; col: the columns, each < n).
// Linear in firms plus channels: the components are market/loops.hpp's strong_components (Boost's
// Tarjan, without recursion), their levels come from Kahn's algorithm on the condensation.
BlockOrder block_order(std::span<const std::size_t> row_ptr, std::span<const std::uint32_t> col);

}  // namespace alchemy
