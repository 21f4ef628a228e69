#include "sim/analysis/graph_export.hpp"

#include <nlohmann/json.hpp>
#include <string>

#include "sim/analysis/graph_text.hpp"

namespace alchemy {

namespace {

bool is_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

// XML text or attribute value. XML 1.0 cannot hold most control characters, not even as
// references, nor U+FFFE and U+FFFF: those become U+FFFD (the replacement character), so the
// GraphML stays well-formed for any name; tab, newline and carriage return are kept as
// references (an attribute value would otherwise normalise them to spaces).
std::string xml_escape(std::string_view s) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string e;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '&':
        e += "&amp;";
        break;
      case '<':
        e += "&lt;";
        break;
      case '>':
        e += "&gt;";
        break;
      case '"':
        e += "&quot;";
        break;
      case '\'':
        e += "&apos;";
        break;
      case '\t':
        e += "&#9;";
        break;
      case '\n':
        e += "&#10;";
        break;
      case '\r':
        e += "&#13;";
        break;
      default:
        if (is_control(c)) {
          e += kReplacement;
        } else if (s.substr(i, 3) == "\xEF\xBF\xBE" || s.substr(i, 3) == "\xEF\xBF\xBF") {
          e += kReplacement;
          i += 2;
        } else {
          e += c;
        }
    }
  }
  return e;
}

const char* boolean(bool b) {
  return b ? "true" : "false";
}

}  // namespace

std::string_view to_string(GraphFormat f) {
  switch (f) {
    case GraphFormat::dot:
      return "dot";
    case GraphFormat::graphml:
      return "graphml";
    case GraphFormat::json:
      return "json";
  }
  return "unknown";
}

std::optional<GraphFormat> graph_format_from_string(std::string_view s) {
  for (GraphFormat f : {GraphFormat::dot, GraphFormat::graphml, GraphFormat::json}) {
    if (to_string(f) == s) return f;
  }
  return std::nullopt;
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
        << "      <data key=\"amount\">" << shortest_number(e.amount) << "</data>\n"
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
  // Inputs are checked to be UTF-8 when loaded; should invalid bytes reach here all the same, they
  // become U+FFFD rather than an exception half-way through the output.
  out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

void write_graph(const Network& network, GraphFormat format, std::ostream& out,
                 const DotOptions& dot) {
  switch (format) {
    case GraphFormat::dot:
      write_dot(network, out, dot);
      break;
    case GraphFormat::graphml:
      write_graphml(network, out);
      break;
    case GraphFormat::json:
      write_json(network, out);
      break;
  }
}

}  // namespace alchemy
