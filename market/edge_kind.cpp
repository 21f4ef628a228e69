#include "market/edge_kind.hpp"

namespace alchemy {

std::string_view to_string(EdgeKind k) {
  switch (k) {
    case EdgeKind::stake:
      return "stake";
    case EdgeKind::supply:
      return "supply";
    case EdgeKind::funding:
      return "funding";
    case EdgeKind::warrant:
      return "warrant";
    case EdgeKind::lease:
      return "lease";
    case EdgeKind::loan:
      return "loan";
    case EdgeKind::collateral:
      return "collateral";
    case EdgeKind::sentiment:
      return "sentiment";
  }
  return "unknown";
}

std::optional<EdgeKind> edge_kind_from_string(std::string_view s) {
  for (EdgeKind k : all_edge_kinds) {
    if (to_string(k) == s) return k;
  }
  return std::nullopt;
}

}  // namespace alchemy
