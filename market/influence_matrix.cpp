#include "market/influence_matrix.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>

namespace alchemy {

bool InfluenceMatrix::nonnegative() const {
  return std::all_of(w.begin(), w.end(), [](double x) { return x >= 0.0; });
}

void InfluenceMatrix::validate() const {
  const std::size_t n = firm_count();
  const std::size_t m = col.size();
  if (row_ptr.empty() || row_ptr.front() != 0 || row_ptr.back() != m) {
    throw std::invalid_argument(
        "influence matrix: row_ptr must start at 0 and end at the entry count");
  }
  if (kind.size() != m || w.size() != m) {
    throw std::invalid_argument("influence matrix: col, kind and w differ in length");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (row_ptr[i] > row_ptr[i + 1]) {
      throw std::invalid_argument("influence matrix: row_ptr decreases");
    }
    for (std::size_t k = row_ptr[i]; k < row_ptr[i + 1]; ++k) {
      if (col[k] >= n) throw std::invalid_argument("influence matrix: column out of range");
      if (!std::isfinite(w[k])) throw std::invalid_argument("influence matrix: non-finite weight");
      if (k > row_ptr[i] && !(std::tie(col[k - 1], kind[k - 1]) < std::tie(col[k], kind[k]))) {
        throw std::invalid_argument("influence matrix: row not sorted by (col, kind) or repeated");
      }
    }
  }
}

InfluenceMatrix influence_from_entries(std::size_t n, std::vector<InfluenceEntry> entries) {
  for (const InfluenceEntry& e : entries) {
    if (e.i >= n || e.j >= n) throw std::invalid_argument("influence entry: index out of range");
    if (!std::isfinite(e.w)) throw std::invalid_argument("influence entry: non-finite weight");
  }
  std::sort(entries.begin(), entries.end(), [](const InfluenceEntry& a, const InfluenceEntry& b) {
    return std::tie(a.i, a.j, a.kind) < std::tie(b.i, b.j, b.kind);
  });
  InfluenceMatrix m;
  m.row_ptr.assign(n + 1, 0);
  for (std::size_t k = 0; k < entries.size();) {
    const InfluenceEntry& first = entries[k];
    double sum = 0.0;
    std::size_t l = k;
    for (; l < entries.size() && entries[l].i == first.i && entries[l].j == first.j &&
           entries[l].kind == first.kind;
         ++l) {
      sum += entries[l].w;
    }
    if (sum != 0.0) {
      m.col.push_back(first.j);
      m.kind.push_back(first.kind);
      m.w.push_back(sum);
      ++m.row_ptr[first.i + 1];
    }
    k = l;
  }
  for (std::size_t i = 0; i < n; ++i)
    m.row_ptr[i + 1] += m.row_ptr[i];
  return m;
}

}  // namespace alchemy
