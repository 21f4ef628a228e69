#pragma once
// The one palette of the contract network's pictures: a colour per contract kind, and the
// colours that mark feedback loops and what has defaulted or ended. The DOT export (and through it
// `--format svg|png`) uses it, and so should any other picture of the network (the HTML report),
// so that a kind has the same colour everywhere. README "The contract network" documents it.
//
// The kinds' colours are Tableau 10 (Vega's category10) without its red, which is kept for loops,
// and without its grey, which is kept for what is no longer alive; all are readable on white.

#include <string_view>

#include "market/edge_kind.hpp"

namespace alchemy {

// "#RRGGBB", one per kind, all different.
std::string_view kind_colour(EdgeKind k);

// An edge on one of the strongest feedback loops (sim/analysis/loop_edges.hpp).
inline constexpr std::string_view kLoopColour = "#D62728";
// A defaulted firm's fill and border, an ended contract's line.
inline constexpr std::string_view kInactiveFill = "#E0E0E0";
inline constexpr std::string_view kInactiveColour = "#9E9E9E";

}  // namespace alchemy
