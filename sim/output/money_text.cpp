#include "sim/output/money_text.hpp"

#include <cmath>
#include <cstdio>

namespace alchemy {

std::string money_text(double usd) {
  const double a = std::fabs(usd);
  char buf[48];
  if (a >= 1e12) {
    std::snprintf(buf, sizeof buf, "%.2f T", usd / 1e12);
  } else if (a >= 1e9) {
    std::snprintf(buf, sizeof buf, "%.1f B", usd / 1e9);
  } else if (a >= 1e6) {
    std::snprintf(buf, sizeof buf, "%.1f M", usd / 1e6);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f", usd);
  }
  return buf;
}

}  // namespace alchemy
