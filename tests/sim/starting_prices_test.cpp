// Starting prices against the firms' own model values (sim/engine/model_value.hpp,
// starting_price_warnings in sim/scenario/scenario_consistency.hpp): the shipped scenarios start
// every firm within a factor two of its model value unless the firm says why, and a firm pushed
// out of that band is named with its ratio.

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario/scenario_consistency.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace fs = std::filesystem;
using namespace alchemy;

TEST_CASE("starting prices: the shipped scenarios start every firm near its own model value") {
  std::vector<fs::path> files{fs::path(ALCHEMY_SOURCE_DIR) / "configs/ai_compute_2025.yaml",
                              fs::path(ALCHEMY_SOURCE_DIR) / "configs/telecom_1999.yaml"};
  for (const auto& e : fs::directory_iterator(fs::path(ALCHEMY_SOURCE_DIR) / "configs/scenarios"))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  REQUIRE(files.size() >= 8);
  for (const fs::path& f : files) {
    CAPTURE(f.string());
    CHECK(starting_price_warnings(load_scenario(f, {}).spec).empty());
  }
}

TEST_CASE("starting prices: a firm valued far from its price is named with the ratio") {
  // CoreWeave's growth weight back at 8 values it at ~115 USD a share against its IPO's 40.
  const auto spec = load_scenario(fs::path(ALCHEMY_SOURCE_DIR) / "configs/ai_compute_2025.yaml",
                                  {"firms.coreweave.valuation.growth_weight=8"})
                        .spec;
  const auto warnings = starting_price_warnings(spec);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("firms.coreweave.price: the starting price 40 USD is 0.35×") == 0);
}
