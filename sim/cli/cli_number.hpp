#pragma once
// A CLI11 check for numeric options: CLI::Range lets `nan` through (every comparison with it is
// false), and `inf` or a subnormal such as 1e-320 are no amounts a user means. Chained after a
// Range (`->check(CLI::Range(0.0, 1.0))->check(finite_number())`); it has no description, so
// the help text stays the Range's.

#include <CLI/CLI.hpp>

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <string>

namespace alchemy {

inline CLI::Validator finite_number() {
  return CLI::Validator(
      [](std::string& input) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(input.c_str(), &end);
        if (input.empty() || end != input.c_str() + input.size()) {
          return "Value " + input + " is not a number";
        }
        if (!std::isfinite(v)) return "Value " + input + " is not a finite number";
        if (v != 0.0 && std::fabs(v) < DBL_MIN) {
          return "Value " + input + " is too close to zero to compute with (write 0)";
        }
        return std::string();
      },
      "");
}

}  // namespace alchemy
