#include "sim/analysis/dot_export.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <vector>

#include "sim/analysis/graph_text.hpp"
#include "sim/analysis/kind_palette.hpp"
#include "sim/analysis/network_arrows.hpp"

namespace alchemy {

namespace {

// `name="value"` pairs of one statement, joined with ", ".
class Attributes {
 public:
  Attributes& add(std::string_view name, std::string_view value) {
    text_ += text_.empty() ? "" : ", ";
    text_ += name;
    text_ += '=';
    text_ += dot_quote(value);
    return *this;
  }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

std::string joined(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts)
    out += (out.empty() ? "" : std::string(sep)) + p;
  return out;
}

const char* boolean(bool b) {
  return b ? "true" : "false";
}

// The pen width rounded to hundredths, so the text stays short and the same on every platform
// that rounds log10 the same way (all IEEE ones do to this precision).
std::string pen_width_text(double amount) {
  return shortest_number(std::round(dot_pen_width(amount) * 100.0) / 100.0);
}

void write_firm(const std::string& id, const FirmProps& f, std::ostream& out) {
  const std::string name = f.name.empty() ? id : f.name;
  Attributes a;
  a.add("label", f.active ? name : name + "\n(defaulted)")
      .add("name", name)
      .add("kind", f.kind)
      .add("active", boolean(f.active));
  if (!f.active) {
    a.add("style", "rounded,filled,dashed")
        .add("fillcolor", kInactiveFill)
        .add("color", kInactiveColour)
        .add("fontcolor", "#616161");
  }
  out << "  " << dot_quote(id) << " [" << a.text() << "];\n";
}

void write_arrow(const NetworkArrow& arrow, std::ostream& out) {
  const EdgeRecord& first = arrow.edges.front();
  const bool active = arrow.active;
  const bool loop = arrow.loop;
  std::array<double, edge_kind_count> by_kind{};
  std::array<int, edge_kind_count> count{};
  std::vector<std::string> kinds, contracts, amounts, loops, tooltip;
  for (std::size_t k = 0; k < arrow.edges.size(); ++k) {
    const EdgeRecord& e = arrow.edges[k];
    by_kind[static_cast<std::size_t>(e.kind)] += e.amount;
    ++count[static_cast<std::size_t>(e.kind)];
    kinds.emplace_back(to_string(e.kind));
    contracts.push_back(e.contract_id);
    amounts.push_back(shortest_number(e.amount));
    loops.emplace_back(boolean(arrow.on_loop[k]));
    tooltip.push_back(e.contract_id + ": " + std::string(to_string(e.kind)) + " " +
                      money_label(e.amount) + (arrow.on_loop[k] ? " (on a loop)" : ""));
  }
  // The label: one line per kind present, in kind order; the colour: the arrow's kind (the one
  // with the largest amount, sim/analysis/network_arrows.hpp).
  std::vector<std::string> lines;
  for (std::size_t k = 0; k < edge_kind_count; ++k) {
    if (count[k] == 0) continue;
    const std::string name(to_string(all_edge_kinds[k]));
    lines.push_back(name + (count[k] > 1 ? " ×" + std::to_string(count[k]) : "") + " " +
                    money_label(by_kind[k]));
  }
  const std::string kind_colour_text(kind_colour(arrow.kind));
  std::string colour = active ? kind_colour_text : std::string(kInactiveColour);
  if (loop) colour = std::string(kLoopColour) + ":" + colour + ":" + std::string(kLoopColour);

  Attributes a;
  a.add("label", joined(lines, "\n"))
      .add("kinds", joined(kinds, ","))
      .add("contracts", joined(contracts, ","))
      .add("amounts", joined(amounts, ","))
      .add("amount", shortest_number(arrow.amount))
      .add("active", boolean(active))
      .add("loops", joined(loops, ","))
      .add("loop", boolean(loop))
      .add("color", colour)
      .add("penwidth", pen_width_text(arrow.amount))
      .add("tooltip", joined(tooltip, "\n"));
  if (loop) a.add("fontcolor", kLoopColour);
  if (!active) a.add("style", "dashed").add("fontcolor", kInactiveColour);
  out << "  " << dot_quote(first.from) << " -> " << dot_quote(first.to) << " [" << a.text()
      << "];\n";
}

// The legend: a box per kind in its colour, then the marks for loops, defaults and ended
// contracts; its label says how width encodes the amount. Small boxes in one row, so that it takes
// little of the picture.
void write_legend(std::ostream& out) {
  out << "  subgraph \"cluster_legend\" {\n"
      << "    graph [label=\"legend (line width: log of the amount, $1 B 2.5, $1 T 7)\", "
         "fontsize=\"10\", style=\"rounded\", color=\"#BDBDBD\"];\n";
  const auto box = [&](std::string_view id, Attributes a) {
    a.add("legend", "true")
        .add("fontsize", "9")
        .add("height", "0.25")
        .add("width", "0")
        .add("margin", "0.06,0.02");
    out << "    " << dot_quote("legend:" + std::string(id)) << " [" << a.text() << "];\n";
  };
  for (const EdgeKind k : all_edge_kinds) {
    box(to_string(k), Attributes()
                          .add("label", std::string(to_string(k)))
                          .add("style", "filled")
                          .add("fillcolor", kind_colour(k))
                          .add("fontcolor", "#FFFFFF"));
  }
  box("loop", Attributes()
                  .add("label", "on a feedback loop")
                  .add("color", kLoopColour)
                  .add("fontcolor", kLoopColour)
                  .add("penwidth", "3"));
  box("ended", Attributes()
                   .add("label", "ended contract")
                   .add("style", "dashed")
                   .add("color", kInactiveColour)
                   .add("fontcolor", kInactiveColour));
  box("defaulted", Attributes()
                       .add("label", "defaulted firm")
                       .add("style", "rounded,filled,dashed")
                       .add("fillcolor", kInactiveFill)
                       .add("color", kInactiveColour)
                       .add("fontcolor", "#616161"));
  out << "  }\n";
}

}  // namespace

double dot_pen_width(double amount) {
  if (!(amount > 1e8)) return 1.0;
  return std::clamp(1.0 + 1.5 * std::log10(amount / 1e8), 1.0, 8.0);
}

std::string money_label(double amount) {
  struct Scale {
    double size;
    const char* word;
  };
  static constexpr std::array<Scale, 4> scales{
      {{1e12, " T"}, {1e9, " B"}, {1e6, " M"}, {1e3, " K"}}};
  const double magnitude = std::fabs(amount);
  char buf[48];
  for (const Scale& s : scales) {
    // Rounded to three digits first, so 999.9 M shows as "$1 B", not "$1e+03 M".
    if (magnitude >= s.size * 0.9995) {
      std::snprintf(buf, sizeof buf, "$%.3g%s", amount / s.size, s.word);
      return buf;
    }
  }
  std::snprintf(buf, sizeof buf, "$%.3g", amount);
  return buf;
}

void write_dot(const Network& network, std::ostream& out, const DotOptions& options) {
  out << "digraph \"alchemy\" {\n";
  Attributes graph;
  if (!options.title.empty()) graph.add("label", options.title).add("labelloc", "t");
  graph.add("fontname", "Helvetica").add("nodesep", "0.5").add("ranksep", "1.1");
  out << "  graph [" << graph.text() << "];\n"
      << "  node [shape=\"box\", style=\"rounded,filled\", fillcolor=\"#FFFFFF\", "
         "fontname=\"Helvetica\"];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=\"10\"];\n";
  write_legend(out);
  for (const std::string& id : network.firm_ids())
    write_firm(id, network.firm(network.index_of(id)), out);

  for (const NetworkArrow& arrow : network_arrows(network, options.loop_edges))
    write_arrow(arrow, out);
  out << "}\n";
}

}  // namespace alchemy
