#include "sim/analysis/graph_text.hpp"

#include <array>
#include <charconv>
#include <cstdio>

namespace alchemy {

std::string shortest_number(double x) {
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  (void)ec;  // 32 characters always suffice for a double
  return std::string(buf.data(), end);
}

std::string dot_quote(std::string_view s) {
  std::string q = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      q += '\\';
      q += c;
    } else if (c == '\n') {
      q += "\\n";
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\\\x%02X", u);
      q += buf;
    } else {
      q += c;
    }
  }
  return q + '"';
}

}  // namespace alchemy
