#pragma once
// The magnitude suffixes every number in a config, a rule condition or a network file may carry:
// k or K (thousand), M (million), B (billion), T (trillion). One table, so the three parsers
// agree on what "4.3B" means.

namespace alchemy {

// The power of ten of a magnitude suffix, or 0 when `c` is none.
constexpr int magnitude_power(char c) {
  switch (c) {
    case 'k':
    case 'K':
      return 3;
    case 'M':
      return 6;
    case 'B':
      return 9;
    case 'T':
      return 12;
    default:
      return 0;
  }
}

// 10^magnitude_power(c) as a double (1 when `c` is no suffix).
constexpr double magnitude_scale(char c) {
  double scale = 1.0;
  for (int p = magnitude_power(c); p > 0; --p)
    scale *= 10.0;
  return scale;
}

}  // namespace alchemy
