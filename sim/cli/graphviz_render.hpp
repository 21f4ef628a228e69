#pragma once
// `alchemy graph --format svg|png`: the DOT picture rendered by Graphviz's `dot`, found on PATH,
// which reads the DOT on its standard input and writes the image on its standard output.

#include <string>
#include <string_view>

namespace alchemy {

// The image `dot -T<format>` makes of `dot_text`. Throws EnvironmentError (exit 3) when `dot`
// cannot be started (not installed: the message says to install Graphviz), and std::runtime_error
// (exit 1: alchemy's DOT should always render) when it fails on the text; its own diagnostics go
// to standard error.
std::string render_with_graphviz(std::string_view dot_text, std::string_view format);

}  // namespace alchemy
