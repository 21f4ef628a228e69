#include "sim/world/line_key.hpp"

#include <algorithm>

namespace alchemy {

const char* to_string(LineKind k) {
  switch (k) {
    case LineKind::contract:
      return "contract";
    case LineKind::operations:
      return "operations";
    case LineKind::funding_cost:
      return "funding_cost";
    case LineKind::funding:
      return "funding";
    case LineKind::margin:
      return "margin";
    case LineKind::other:
      break;
  }
  return "other";
}

void add_line(std::vector<LineTotal>& lines, const LineKey& key, Money amount) {
  const auto it =
      std::find_if(lines.begin(), lines.end(), [&](const LineTotal& l) { return l.key == key; });
  if (it != lines.end()) {
    it->amount += amount;
  } else {
    lines.push_back({key, amount});
  }
}

}  // namespace alchemy
