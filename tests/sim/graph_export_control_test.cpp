// Names may hold any valid UTF-8, control characters included (a YAML "\x01" escape): DOT,
// GraphML and JSON stay well-formed — no raw control character but the newlines between lines,
// nothing XML 1.0 forbids — and JSON keeps the name exactly.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "market/network.hpp"
#include "sim/analysis/graph_export.hpp"

using alchemy::EdgeKind;
using alchemy::Network;

namespace {

const std::string kName = std::string(
    "a\x01"
    "b\tc\nd\re\x7f"
    "f\xef\xbf\xbf"
    "g\\h\"i");

Network with_control_name() {
  Network n;
  n.add_firm("x", kName, "lab");
  n.add_firm("y", "plain", "lab");
  n.add_edge("x", "y", EdgeKind::supply, "c0", 1.0);
  return n;
}

template <typename F>
std::string render(F write) {
  std::ostringstream out;
  write(with_control_name(), out);
  return out.str();
}

// No control character except the line breaks the writer puts between lines (and DEL, when
// `del_ok`: JSON allows it raw).
bool only_line_breaks(const std::string& s, bool del_ok = false) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n') || (u == 0x7f && !del_ok)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("graph export: control characters in names keep every format well-formed") {
  const std::string dot =
      render([](const Network& n, std::ostream& out) { alchemy::write_dot(n, out); });
  CHECK(only_line_breaks(dot));
  CHECK(dot.find("label=\"a\\\\x01b\\\\x09c\\nd\\\\x0De\\\\x7Ff\xef\xbf\xbfg\\\\h\\\"i\"") !=
        std::string::npos);

  const std::string graphml = render(alchemy::write_graphml);
  CHECK(only_line_breaks(graphml));
  CHECK(graphml.find("\xef\xbf\xbf") == std::string::npos);  // U+FFFF is no XML character
  CHECK(graphml.find("<data key=\"name\">a\xef\xbf\xbd"
                     "b&#9;c&#10;d&#13;e\xef\xbf\xbd"
                     "f\xef\xbf\xbdg\\h&quot;i</data>") != std::string::npos);

  const std::string json = render(alchemy::write_json);
  CHECK(only_line_breaks(json, true));
  const auto doc = nlohmann::json::parse(json);
  CHECK(doc["firms"][0]["name"].get<std::string>() == kName);
}
