#pragma once
// Index of a firm or contract of a scenario by its id, for the tests that read a run of the
// baseline or a scenario: a missing id fails the test (it would otherwise index out of range).

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "sim/world/scenario_spec.hpp"

namespace alchemy::testing {

inline std::int32_t firm(const ScenarioSpec& s, const std::string& id) {
  for (std::size_t i = 0; i < s.firms.size(); ++i) {
    if (s.firms[i].id == id) return static_cast<std::int32_t>(i);
  }
  FAIL("no firm " << id);
  return -1;
}

inline std::int32_t contract(const ScenarioSpec& s, const std::string& id) {
  for (std::size_t i = 0; i < s.contracts.size(); ++i) {
    if (s.contracts[i].id == id) return static_cast<std::int32_t>(i);
  }
  FAIL("no contract " << id);
  return -1;
}

}  // namespace alchemy::testing
