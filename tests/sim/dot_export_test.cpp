// The DOT picture's styling on a network built by hand, where it is known which contracts are
// parallel, which firm defaulted, which contract ended and which edges form a loop (found by the
// loop analysis itself from an influence matrix written out entry by entry).

#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <sstream>
#include <string>

#include "market/loops.hpp"
#include "market/network.hpp"
#include "sim/analysis/dot_export.hpp"
#include "sim/analysis/kind_palette.hpp"
#include "sim/analysis/loop_edges.hpp"

using namespace alchemy;

namespace {

// a and b finance each other (the loop); c lends to a (no way back: no loop); d defaulted, and its
// supply contract to b ended; a's older funding of b ended too.
//   a → b  stake s1 1 B, funding f1 3 B    parallel, merged: 4 B, both on the loop
//   a → b  funding f0 0.5 B, ended         its own dashed arrow, not on the loop
//   b → a  supply p1 2 B                   on the loop
//   c → a  loan l1 500 M                   not on the loop
//   d → b  supply x1 100 M, ended
Network hand_built() {
  Network n;
  n.add_firm("d", "Dead Co", "cloud");
  n.add_firm("c", "Creditor", "bank");
  n.add_firm("b", "Bee", "lab");
  n.add_firm("a", "Ay", "chipmaker");
  n.add_edge("a", "b", EdgeKind::funding, "f1", 3e9);
  n.add_edge("a", "b", EdgeKind::stake, "s1", 1e9);
  n.add_edge("a", "b", EdgeKind::funding, "f0", 5e8);
  n.add_edge("b", "a", EdgeKind::supply, "p1", 2e9);
  n.add_edge("c", "a", EdgeKind::loan, "l1", 5e8);
  n.add_edge("d", "b", EdgeKind::supply, "x1", 1e8);
  n.deactivate("f0");
  n.deactivate("x1");
  n.mark_inactive("d");
  return n;
}

// The influence graph of hand_built (firm indices a 0, b 1, c 2, d 3): hop j → i is entry (i, j).
//   funding a → b: a's price moves b's value               hop a → b
//   stake a in b: b's price moves a's value                 hop b → a
//   supply b buys from a: b's price moves a's value         hop b → a
//   loan c to a: a's price moves c's value                  hop a → c
const std::vector<std::string> kIds{"a", "b", "c", "d"};
CircuitSearch hand_loops() {
  const InfluenceMatrix w = influence_from_entries(4, {{1, 0, EdgeKind::funding, 0.2},
                                                       {0, 1, EdgeKind::stake, 0.3},
                                                       {0, 1, EdgeKind::supply, 0.1},
                                                       {2, 0, EdgeKind::loan, 0.4}});
  return find_circuits(w);
}

std::string dot_text() {
  DotOptions o;
  o.title = "hand-built on 2025-12-31";
  o.loop_edges = loop_edges(hand_loops(), kIds);
  std::ostringstream out;
  write_dot(hand_built(), out, o);
  return out.str();
}

// The statement of the arrow from → to that contains `marker`.
std::string arrow(const std::string& text, const std::string& from, const std::string& to,
                  const std::string& marker = "") {
  const std::string head = "  \"" + from + "\" -> \"" + to + "\" [";
  for (auto at = text.find(head); at != std::string::npos; at = text.find(head, at + 1)) {
    const std::string line = text.substr(at, text.find('\n', at) - at);
    if (line.find(marker) != std::string::npos) return line;
  }
  return {};
}

std::string node(const std::string& text, const std::string& id) {
  const auto at = text.find("  \"" + id + "\" [");
  return at == std::string::npos ? std::string() : text.substr(at, text.find('\n', at) - at);
}

bool has(const std::string& line, const std::string& attribute) {
  return line.find(attribute) != std::string::npos;
}

}  // namespace

TEST_CASE("loop edges: the circuit a ⇄ b marks the contracts whose channels it uses") {
  const CircuitSearch loops = hand_loops();
  REQUIRE(loops.circuits.size() == 1);  // c and d are on no circuit
  const LoopEdges want{
      {"a", "b", EdgeKind::stake}, {"a", "b", EdgeKind::funding}, {"b", "a", EdgeKind::supply}};
  CHECK(loop_edges(loops, kIds) == want);
  // Each direction rule on its own.
  CHECK(influence_hop("x", "y", EdgeKind::supply) == std::pair<std::string, std::string>{"x", "y"});
  CHECK(influence_hop("x", "y", EdgeKind::lease) == std::pair<std::string, std::string>{"x", "y"});
  CHECK(influence_hop("x", "y", EdgeKind::warrant) ==
        std::pair<std::string, std::string>{"x", "y"});
  CHECK(influence_hop("x", "y", EdgeKind::stake) == std::pair<std::string, std::string>{"y", "x"});
  CHECK(influence_hop("x", "y", EdgeKind::loan) == std::pair<std::string, std::string>{"y", "x"});
  CHECK_FALSE(influence_hop("x", "y", EdgeKind::collateral).has_value());
}

TEST_CASE("DOT: parallel contracts are one arrow with their total, each kept as data") {
  const std::string text = dot_text();
  const std::string ab = arrow(text, "a", "b", "active=\"true\"");
  REQUIRE_FALSE(ab.empty());
  CHECK(has(ab, "label=\"stake $1 B\\nfunding $3 B\""));
  CHECK(has(ab, "kinds=\"stake,funding\""));  // canonical order: kind, then contract id
  CHECK(has(ab, "contracts=\"s1,f1\""));
  CHECK(has(ab, "amounts=\"1e+09,3e+09\""));
  CHECK(has(ab, "amount=\"4e+09\""));  // 1 B + 3 B
  // Width from the total: 1 + 1.5 log10(4e9 / 1e8) = 3.403…, written to hundredths.
  CHECK(has(ab, "penwidth=\"3.4\""));
  // Two living arrows and one ended from a to b would be three; the ended one is apart.
  const std::string ended = arrow(text, "a", "b", "active=\"false\"");
  CHECK(has(ended, "contracts=\"f0\""));
  CHECK(has(ended, "style=\"dashed\""));
  CHECK(has(ended, "color=\"#9E9E9E\""));
  CHECK(has(ended, "loop=\"false\""));  // f0 is a funding a → b, but ended: no channel
}

TEST_CASE("DOT: colour by kind, the largest amount's kind on a merged arrow") {
  const std::string text = dot_text();
  CHECK(has(arrow(text, "c", "a"), "color=\"" + std::string(kind_colour(EdgeKind::loan)) + "\""));
  CHECK(has(arrow(text, "c", "a"), "penwidth=\"2.05\""));  // 1 + 1.5 log10(5) = 2.048…
  // a → b: funding (3 B) outweighs stake (1 B); on the loop, so between two red lines.
  CHECK(has(arrow(text, "a", "b", "active=\"true\""), "color=\"#D62728:#FF7F0E:#D62728\""));
}

TEST_CASE("DOT: the loop's arrows are marked, the others not") {
  const std::string text = dot_text();
  CHECK(has(arrow(text, "a", "b", "active=\"true\""), "loops=\"true,true\""));
  CHECK(has(arrow(text, "a", "b", "active=\"true\""), "loop=\"true\""));
  CHECK(has(arrow(text, "b", "a"), "loop=\"true\""));
  CHECK(has(arrow(text, "b", "a"), "fontcolor=\"#D62728\""));
  CHECK(has(arrow(text, "c", "a"), "loop=\"false\""));
  CHECK_FALSE(has(arrow(text, "c", "a"), "#D62728"));
  CHECK(has(arrow(text, "d", "b"), "loop=\"false\""));
}

TEST_CASE("DOT: a defaulted firm is filled grey with a dashed border, a living one is not") {
  const std::string text = dot_text();
  CHECK(node(text, "d") ==
        "  \"d\" [label=\"Dead Co\\n(defaulted)\", name=\"Dead Co\", kind=\"cloud\", "
        "active=\"false\", style=\"rounded,filled,dashed\", fillcolor=\"#E0E0E0\", "
        "color=\"#9E9E9E\", fontcolor=\"#616161\"];");
  CHECK(node(text, "a") ==
        "  \"a\" [label=\"Ay\", name=\"Ay\", kind=\"chipmaker\", active=\"true\"];");
  CHECK(has(arrow(text, "d", "b"), "style=\"dashed\""));
}

TEST_CASE("DOT: every attribute value is a quoted string, and the legend names every colour") {
  const std::string text = dot_text();
  // Outside quoted strings, every '=' is followed by '"'.
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (quoted && text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      quoted = !quoted;
    } else if (!quoted && text[i] == '=') {
      REQUIRE(i + 1 < text.size());
      CHECK(text[i + 1] == '"');
    }
  }
  CHECK_FALSE(quoted);
  for (const EdgeKind k : all_edge_kinds) {
    const std::string box = node(text, "legend:" + std::string(to_string(k)));
    CHECK(has(box, "label=\"" + std::string(to_string(k)) + "\""));
    CHECK(has(box, "fillcolor=\"" + std::string(kind_colour(k)) + "\""));
  }
  CHECK(has(node(text, "legend:loop"), "color=\"#D62728\""));
  CHECK(has(node(text, "legend:defaulted"), "fillcolor=\"#E0E0E0\""));
  CHECK(has(text, "graph [label=\"hand-built on 2025-12-31\""));
}

TEST_CASE("DOT: pen width and amount labels") {
  CHECK(dot_pen_width(0.0) == 1.0);
  CHECK(dot_pen_width(1e8) == 1.0);
  CHECK(dot_pen_width(1e9) == doctest::Approx(2.5));
  CHECK(dot_pen_width(1e10) == doctest::Approx(4.0));
  CHECK(dot_pen_width(1e12) == doctest::Approx(7.0));
  CHECK(dot_pen_width(1e15) == 8.0);
  CHECK(dot_pen_width(std::nan("")) == 1.0);
  CHECK(money_label(2.5e10) == "$25 B");
  CHECK(money_label(1.2345e12) == "$1.23 T");
  CHECK(money_label(4e8) == "$400 M");
  CHECK(money_label(999.9e6) == "$1 B");
  CHECK(money_label(0.1) == "$0.1");
}

TEST_CASE("kind palette: one distinct colour per kind, none the loop's or the inactive grey") {
  std::set<std::string_view> seen;
  for (const EdgeKind k : all_edge_kinds) {
    const std::string_view c = kind_colour(k);
    CHECK(c.size() == 7);
    CHECK(c.front() == '#');
    CHECK(c != kLoopColour);
    CHECK(c != kInactiveColour);
    seen.insert(c);
  }
  CHECK(seen.size() == edge_kind_count);
}
