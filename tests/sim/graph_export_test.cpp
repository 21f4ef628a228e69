#include <doctest/doctest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "market/network.hpp"
#include "sim/analysis/graph_export.hpp"

using alchemy::EdgeKind;
using alchemy::Network;

namespace {

// Added out of canonical order, with characters that need escaping in every format.
Network small() {
  Network n;
  n.add_firm("openai", "Open \"AI\"", "lab");
  n.add_firm("amd", "AMD & Co <x>", "chipmaker");
  n.add_edge("openai", "amd", EdgeKind::supply, "c2", 90e9);
  n.add_edge("amd", "openai", EdgeKind::warrant, "c1", 2.5e10);
  n.add_edge("openai", "amd", EdgeKind::funding, "c0", 0.1);
  n.deactivate("c0");
  n.mark_inactive("amd");
  return n;
}

template <typename F>
std::string render(F write) {
  std::ostringstream out;
  write(small(), out);
  return out.str();
}

}  // namespace

TEST_CASE("graph formats have names") {
  CHECK(alchemy::graph_format_from_string("graphml") == alchemy::GraphFormat::graphml);
  CHECK(alchemy::to_string(alchemy::GraphFormat::dot) == "dot");
  CHECK_FALSE(alchemy::graph_format_from_string("gexf").has_value());
}

TEST_CASE("DOT export is canonical, escaped and quoted") {
  std::ostringstream out;
  alchemy::write_dot(small(), out);
  const std::string text = out.str();
  REQUIRE(text.rfind("digraph \"alchemy\" {\n", 0) == 0);
  // After the legend: firms by id, then arrows by (from, to), the living before the ended. Widths:
  // 1 + 1.5 log10(250) = 4.597, 1 + 1.5 log10(900) = 5.431, 1 below 100 M.
  const std::string want =
      "  }\n"
      "  \"amd\" [label=\"AMD & Co <x>\\n(defaulted)\", name=\"AMD & Co <x>\", "
      "kind=\"chipmaker\", active=\"false\", style=\"rounded,filled,dashed\", "
      "fillcolor=\"#E0E0E0\", color=\"#9E9E9E\", fontcolor=\"#616161\"];\n"
      "  \"openai\" [label=\"Open \\\"AI\\\"\", name=\"Open \\\"AI\\\"\", kind=\"lab\", "
      "active=\"true\"];\n"
      "  \"amd\" -> \"openai\" [label=\"warrant $25 B\", kinds=\"warrant\", contracts=\"c1\", "
      "amounts=\"2.5e+10\", amount=\"2.5e+10\", active=\"true\", loops=\"false\", "
      "loop=\"false\", color=\"#9467BD\", penwidth=\"4.6\", tooltip=\"c1: warrant $25 B\"];\n"
      "  \"openai\" -> \"amd\" [label=\"supply $90 B\", kinds=\"supply\", contracts=\"c2\", "
      "amounts=\"9e+10\", amount=\"9e+10\", active=\"true\", loops=\"false\", loop=\"false\", "
      "color=\"#2CA02C\", penwidth=\"5.43\", tooltip=\"c2: supply $90 B\"];\n"
      "  \"openai\" -> \"amd\" [label=\"funding $0.1\", kinds=\"funding\", contracts=\"c0\", "
      "amounts=\"0.1\", amount=\"0.1\", active=\"false\", loops=\"false\", loop=\"false\", "
      "color=\"#9E9E9E\", penwidth=\"1\", tooltip=\"c0: funding $0.1\", style=\"dashed\", "
      "fontcolor=\"#9E9E9E\"];\n"
      "}\n";
  const auto legend_end = text.find("  }\n");
  REQUIRE(legend_end != std::string::npos);
  CHECK(text.substr(legend_end) == want);
  std::ostringstream via_switch;
  alchemy::write_graph(small(), alchemy::GraphFormat::dot, via_switch);
  CHECK(via_switch.str() == text);
}

TEST_CASE("GraphML export is well-formed, declares its keys and matches the golden text") {
  const std::string text = render(alchemy::write_graphml);
  const std::string want =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
      "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
      "  <key id=\"firm_kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
      "  <key id=\"firm_active\" for=\"node\" attr.name=\"active\" attr.type=\"boolean\"/>\n"
      "  <key id=\"kind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n"
      "  <key id=\"contract\" for=\"edge\" attr.name=\"contract\" attr.type=\"string\"/>\n"
      "  <key id=\"amount\" for=\"edge\" attr.name=\"amount\" attr.type=\"double\"/>\n"
      "  <key id=\"active\" for=\"edge\" attr.name=\"active\" attr.type=\"boolean\"/>\n"
      "  <graph id=\"alchemy\" edgedefault=\"directed\">\n"
      "    <node id=\"amd\">\n"
      "      <data key=\"name\">AMD &amp; Co &lt;x&gt;</data>\n"
      "      <data key=\"firm_kind\">chipmaker</data>\n"
      "      <data key=\"firm_active\">false</data>\n"
      "    </node>\n"
      "    <node id=\"openai\">\n"
      "      <data key=\"name\">Open &quot;AI&quot;</data>\n"
      "      <data key=\"firm_kind\">lab</data>\n"
      "      <data key=\"firm_active\">true</data>\n"
      "    </node>\n"
      "    <edge id=\"c1:warrant\" source=\"amd\" target=\"openai\">\n"
      "      <data key=\"kind\">warrant</data>\n"
      "      <data key=\"contract\">c1</data>\n"
      "      <data key=\"amount\">2.5e+10</data>\n"
      "      <data key=\"active\">true</data>\n"
      "    </edge>\n"
      "    <edge id=\"c2:supply\" source=\"openai\" target=\"amd\">\n"
      "      <data key=\"kind\">supply</data>\n"
      "      <data key=\"contract\">c2</data>\n"
      "      <data key=\"amount\">9e+10</data>\n"
      "      <data key=\"active\">true</data>\n"
      "    </edge>\n"
      "    <edge id=\"c0:funding\" source=\"openai\" target=\"amd\">\n"
      "      <data key=\"kind\">funding</data>\n"
      "      <data key=\"contract\">c0</data>\n"
      "      <data key=\"amount\">0.1</data>\n"
      "      <data key=\"active\">false</data>\n"
      "    </edge>\n"
      "  </graph>\n"
      "</graphml>\n";
  CHECK(text == want);

  // Parsed by an XML reader: well-formed; every <data key> names a declared <key>.
  std::istringstream in(text);
  boost::property_tree::ptree tree;
  REQUIRE_NOTHROW(boost::property_tree::read_xml(in, tree));
  const auto& root = tree.get_child("graphml");
  std::set<std::string> keys;
  for (const auto& [tag, child] : root) {
    if (tag == "key") keys.insert(child.get<std::string>("<xmlattr>.id"));
  }
  CHECK(keys.size() == 7);
  std::size_t nodes = 0;
  std::size_t edges = 0;
  for (const auto& [tag, child] : root.get_child("graph")) {
    if (tag == "node") ++nodes;
    if (tag == "edge") ++edges;
    for (const auto& [inner, data] : child) {
      if (inner == "data") CHECK(keys.contains(data.get<std::string>("<xmlattr>.key")));
    }
  }
  CHECK(nodes == 2);
  CHECK(edges == 3);
  CHECK(root.get<std::string>("graph.node.data") == "AMD & Co <x>");  // escapes read back
}

TEST_CASE("JSON export is canonical and reads back") {
  const std::string text = render(alchemy::write_json);
  const auto doc = nlohmann::json::parse(text);
  REQUIRE(doc["firms"].size() == 2);
  CHECK(doc["firms"][0]["id"] == "amd");
  CHECK(doc["firms"][0]["active"] == false);
  REQUIRE(doc["edges"].size() == 3);
  CHECK(doc["edges"][0]["contract"] == "c1");
  CHECK(doc["edges"][2]["kind"] == "funding");
  CHECK(doc["edges"][1]["amount"].get<double>() == 90e9);
  const std::string want = R"({
  "firms": [
    {
      "id": "amd",
      "name": "AMD & Co <x>",
      "kind": "chipmaker",
      "active": false
    },
    {
      "id": "openai",
      "name": "Open \"AI\"",
      "kind": "lab",
      "active": true
    }
  ],
  "edges": [
    {
      "from": "amd",
      "to": "openai",
      "kind": "warrant",
      "contract": "c1",
      "amount": 25000000000.0,
      "active": true
    },
    {
      "from": "openai",
      "to": "amd",
      "kind": "supply",
      "contract": "c2",
      "amount": 90000000000.0,
      "active": true
    },
    {
      "from": "openai",
      "to": "amd",
      "kind": "funding",
      "contract": "c0",
      "amount": 0.1,
      "active": false
    }
  ]
}
)";
  CHECK(text == want);
  std::ostringstream via_switch;
  alchemy::write_graph(small(), alchemy::GraphFormat::json, via_switch);
  CHECK(via_switch.str() == text);
}
