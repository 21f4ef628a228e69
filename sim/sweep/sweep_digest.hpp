#pragma once
// What `alchemy sweep` prints when it finishes (unless --quiet), before the folder's name: the
// default probability of every reported firm per point, from summary.csv's table, as a plain-text
// table. A sweep of more than kDigestAllPoints points shows the kDigestEnds points with the
// highest mean pd over the firms and the kDigestEnds with the lowest (ties in point order), and
// says how many it left out.

#include <cstddef>
#include <string>

#include "sim/sweep/sweep_tables.hpp"

namespace alchemy {

inline constexpr std::size_t kDigestAllPoints = 20;
inline constexpr std::size_t kDigestEnds = 5;

// `summary`: summary_table()'s table (point, the `parameters` parameter columns, runs, pd.<firm>…).
std::string sweep_digest(const Table& summary, std::size_t parameters);

}  // namespace alchemy
