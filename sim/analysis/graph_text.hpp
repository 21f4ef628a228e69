#pragma once
// Text forms shared by the network exports (graph_export, dot_export).

#include <string>
#include <string_view>

namespace alchemy {

// The shortest decimal that reads back to the same double (std::to_chars): 4e+09, 0.1.
std::string shortest_number(double x);

// A DOT quoted string ("…"): backslash and double quote escaped, newlines as \n, and any other
// control character (a name may hold any valid UTF-8) as the visible text \xHH, so the file always
// parses and a label shows what was there.
std::string dot_quote(std::string_view s);

}  // namespace alchemy
