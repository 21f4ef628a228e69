#pragma once
// The contract network as a Graphviz DOT picture that stays machine-readable. Every attribute
// value is a quoted DOT string, so any name, id or number parses (`amount="4e+09"`).
//
// Encodings (README "The contract network" documents them for users):
//   arrow        one per (from, to, alive or ended): parallel contracts between the same two firms
//                in the same direction are merged; the label lists each kind with its amount
//   colour       the kind with the largest amount on the arrow (sim/analysis/kind_palette.hpp)
//   pen width    1 + 1.5 × log10(total amount / 100 M USD), clamped to [1, 8]: 100 M and less
//                draw 1, 1 B 2.5, 10 B 4, 100 B 5.5, 1 T 7
//   loop         an arrow with a contract on a feedback loop (sim/analysis/loop_edges.hpp) is
//                drawn between two red lines and its label is red
//   ended        an ended contract's arrow is dashed and grey
//   defaulted    an inactive (defaulted) firm is filled grey with a dashed border
// Data attributes, in the network's canonical order: firms carry name, kind and active; arrows
// carry kinds, contracts, amounts and loops (comma-separated, one entry per contract), amount
// (their total, dollars), active and loop (any contract on a loop). Numbers are shortest round-trip
// decimals. The legend is the cluster "cluster_legend", whose nodes carry legend="true" and ids
// starting "legend:" (which no firm id can: ids have no ':').

#include <ostream>
#include <string>

#include "market/network.hpp"
#include "sim/analysis/loop_edges.hpp"

namespace alchemy {

struct DotOptions {
  std::string title;     // the graph's label, above the picture; empty: none
  LoopEdges loop_edges;  // contract edges on a feedback loop
};

// The pen width of an arrow carrying `amount` dollars (see the top of this file).
double dot_pen_width(double amount);

// "$25 B", "$1.23 T", "$400 M", "$0.1": three significant digits and a scale word.
std::string money_label(double amount);

void write_dot(const Network& network, std::ostream& out, const DotOptions& options = {});

}  // namespace alchemy
