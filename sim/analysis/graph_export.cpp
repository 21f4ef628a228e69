#include "sim/analysis/graph_export.hpp"

#include <array>
#include <charconv>
#include <nlohmann/json.hpp>
#include <string>

namespace alchemy {

namespace {

// Shortest representation that reads back to the same double (std::to_chars' guarantee).
std::string number(double x) {
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  (void)ec;  // 32 characters always suffice for a double
  return std::string(buf.data(), end);
}

// DOT quoted string: backslash and double quote escaped, newlines as \n.
std::string dot_quote(std::string_view s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      q += '\\';
      q += c;
    } else if (c == '\n') {
      q += "\\n";
    } else {
      q += c;
    }
  }
  return q + '"';
}

std::string xml_escape(std::string_view s) {
  std::string e;
  for (char c : s) {
    switch (c) {
      case '&': e += "&amp;"; break;
      case '<': e += "&lt;"; break;
      case '>': e += "&gt;"; break;
      case '"': e += "&quot;"; break;
      case '\'': e += "&apos;"; break;
      default: e += c;
    }
  }
  return e;
}

const char* boolean(bool b) { return b ? "true" : "false"; }

}  // namespace

std::string_view to_string(GraphFormat f) {
  switch (f) {
    case GraphFormat::dot: return "dot";
    case GraphFormat::graphml: return "graphml";
    case GraphFormat::json: return "json";
  }
  return "unknown";
}

std::optional<GraphFormat> graph_format_from_string(std::string_view s) {
  for (GraphFormat f : {GraphFormat::dot, GraphFormat::graphml, GraphFormat::json}) {
    if (to_string(f) == s) return f;
  }
  return std::nullopt;
}

void write_dot(const Network& network, std::ostream& out) {
  out << "digraph alchemy {\n";
  for (const std::string& id : network.firm_ids()) {
    const FirmProps& f = network.firm(network.index_of(id));
    out << "  " << dot_quote(id) << " [label=" << dot_quote(f.name.empty() ? id : f.name)
        << ", kind=" << dot_quote(f.kind) << ", active=" << boolean(f.active) << "];\n";
  }
  for (const EdgeRecord& e : network.edges()) {
    out << "  " << dot_quote(e.from) << " -> " << dot_quote(e.to)
        << " [label=" << dot_quote(to_string(e.kind)) << ", kind=" << dot_quote(to_string(e.kind))
        << ", contract=" << dot_quote(e.contract_id) << ", amount=" << number(e.amount)
        << ", active=" << boolean(e.active) << "];\n";
  }
  out << "}\n";
}

void write_graphml(const Network& network, std::ostream& out) {
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
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
         "  <graph id=\"alchemy\" edgedefault=\"directed\">\n";
  for (const std::string& id : network.firm_ids()) {
    const FirmProps& f = network.firm(network.index_of(id));
    out << "    <node id=\"" << xml_escape(id) << "\">\n"
        << "      <data key=\"name\">" << xml_escape(f.name) << "</data>\n"
        << "      <data key=\"firm_kind\">" << xml_escape(f.kind) << "</data>\n"
        << "      <data key=\"firm_active\">" << boolean(f.active) << "</data>\n"
        << "    </node>\n";
  }
  for (const EdgeRecord& e : network.edges()) {
    const std::string_view kind = to_string(e.kind);
    out << "    <edge id=\"" << xml_escape(e.contract_id) << ':' << kind << "\" source=\""
        << xml_escape(e.from) << "\" target=\"" << xml_escape(e.to) << "\">\n"
        << "      <data key=\"kind\">" << kind << "</data>\n"
        << "      <data key=\"contract\">" << xml_escape(e.contract_id) << "</data>\n"
        << "      <data key=\"amount\">" << number(e.amount) << "</data>\n"
        << "      <data key=\"active\">" << boolean(e.active) << "</data>\n"
        << "    </edge>\n";
  }
  out << "  </graph>\n</graphml>\n";
}

void write_json(const Network& network, std::ostream& out) {
  nlohmann::ordered_json firms = nlohmann::ordered_json::array();
  for (const std::string& id : network.firm_ids()) {
    const FirmProps& f = network.firm(network.index_of(id));
    firms.push_back({{"id", id}, {"name", f.name}, {"kind", f.kind}, {"active", f.active}});
  }
  nlohmann::ordered_json edges = nlohmann::ordered_json::array();
  for (const EdgeRecord& e : network.edges()) {
    edges.push_back({{"from", e.from},
                     {"to", e.to},
                     {"kind", std::string(to_string(e.kind))},
                     {"contract", e.contract_id},
                     {"amount", e.amount},
                     {"active", e.active}});
  }
  nlohmann::ordered_json doc;
  doc["firms"] = std::move(firms);
  doc["edges"] = std::move(edges);
  out << doc.dump(2) << '\n';
}

void write_graph(const Network& network, GraphFormat format, std::ostream& out) {
  switch (format) {
    case GraphFormat::dot: write_dot(network, out); break;
    case GraphFormat::graphml: write_graphml(network, out); break;
    case GraphFormat::json: write_json(network, out); break;
  }
}

}  // namespace alchemy
