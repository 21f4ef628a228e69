#pragma once
// Amounts for people to read (the run summary, `alchemy cascades`): "1.25 T", "300.0 B",
// "47.0 M", or whole dollars below a million. Machine-readable files use text_output.hpp instead.

#include <string>

namespace alchemy {

std::string money_text(double usd);

}  // namespace alchemy
