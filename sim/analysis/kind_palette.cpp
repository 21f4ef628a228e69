#include "sim/analysis/kind_palette.hpp"

namespace alchemy {

std::string_view kind_colour(EdgeKind k) {
  switch (k) {
    case EdgeKind::stake:
      return "#1F77B4";  // blue
    case EdgeKind::supply:
      return "#2CA02C";  // green
    case EdgeKind::funding:
      return "#FF7F0E";  // orange
    case EdgeKind::warrant:
      return "#9467BD";  // purple
    case EdgeKind::lease:
      return "#17BECF";  // cyan
    case EdgeKind::loan:
      return "#8C564B";  // brown
    case EdgeKind::collateral:
      return "#E377C2";  // pink
    case EdgeKind::sentiment:
      return "#7F7F7F";  // grey
  }
  return "#000000";
}

}  // namespace alchemy
