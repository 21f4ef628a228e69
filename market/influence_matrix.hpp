#pragma once
// The influence matrix W in CSR form: the diagnostic linearisation of the price feedback
// (market/feedback.hpp) and the input of the spectral (market/spectral.hpp) and loop
// (market/loops.hpp) analyses. Row i lists the firms j whose price moves i's fundamental value:
// entry (i, j) is W_ij = ∂log V_i / ∂log MV_j, so the influence graph has an edge j → i.
//
// One entry per channel: a pair (i, j) may appear once per EdgeKind (a stake and a supply
// relation, say). Analyses that need one number per pair add the channels up, which is exact for
// a linearisation (the partial derivatives of a sum add). Rows are sorted by (j, kind).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "market/edge_kind.hpp"

namespace alchemy {

struct InfluenceMatrix {
  std::vector<std::size_t> row_ptr{0};  // firm_count() + 1 entries
  std::vector<std::uint32_t> col;       // j, the influencing firm
  std::vector<EdgeKind> kind;           // the channel
  std::vector<double> w;                // W_ij (signed)

  std::size_t firm_count() const { return row_ptr.empty() ? 0 : row_ptr.size() - 1; }
  std::size_t entry_count() const { return col.size(); }
  bool nonnegative() const;
  // Throws std::invalid_argument unless the arrays are consistent: row_ptr starts at 0, is
  // nondecreasing and ends at entry_count(); columns are < firm_count(); weights are finite;
  // rows are sorted by (col, kind) with no repeated (col, kind).
  void validate() const;
};

struct InfluenceEntry {
  std::uint32_t i = 0;  // influenced firm (row)
  std::uint32_t j = 0;  // influencing firm (column)
  EdgeKind kind = EdgeKind::stake;
  double w = 0.0;
};

// Builds W from a list of entries in any order (sorted here); entries with the same (i, j, kind)
// are added up and zero weights dropped. For tests and for small scenarios; the engine's large
// networks come from diagnostic_linearisation() directly. Throws std::invalid_argument for an
// index >= n or a non-finite weight.
InfluenceMatrix influence_from_entries(std::size_t n, std::vector<InfluenceEntry> entries);

}  // namespace alchemy
