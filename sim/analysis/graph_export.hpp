#pragma once
// Writes a contract Network (market/network.hpp) as DOT (Graphviz), GraphML or JSON. Everything is
// in the network's canonical order — firms by id; edges by (from id, to id, kind, contract id) —
// and numbers are printed in their shortest round-trip form, so the same network always gives the
// same bytes, whatever order the scenario listed it in.
//
// Attributes: firms carry id, name, kind and active; edges carry kind, contract, amount (dollars)
// and active. Deactivated edges and inactive firms are written too (flagged), since the graph is
// also a record of what defaulted or ended. DOT is the styled picture of sim/analysis/dot_export
// (parallel contracts merged into one arrow, their data kept as attributes).

#include <optional>
#include <ostream>
#include <string_view>

#include "market/network.hpp"
#include "sim/analysis/dot_export.hpp"

namespace alchemy {

enum class GraphFormat { dot, graphml, json };
std::string_view to_string(GraphFormat f);
std::optional<GraphFormat> graph_format_from_string(
    std::string_view s);  // "dot", "graphml", "json"

// GraphML 1.0 with typed <key> declarations (string, double, boolean); edge ids are
// "<contract>:<kind>", unique by construction.
void write_graphml(const Network& network, std::ostream& out);
// {"firms": [{id, name, kind, active}...], "edges": [{from, to, kind, contract, amount,
// active}...]}
void write_json(const Network& network, std::ostream& out);

// `dot` styles the DOT (title, loop marking); the other formats ignore it.
void write_graph(const Network& network, GraphFormat format, std::ostream& out,
                 const DotOptions& dot = {});

}  // namespace alchemy
