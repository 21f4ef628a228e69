// One set of mechanics for every web (issue 22): configs/mechanics.yaml holds the mechanism keys
// (sentiment dynamics, the funding market, the credit model, contagion), and each web takes it
// with `base:` and sets none of them. The list of mechanism keys is the mechanics file itself, so
// a key moved into it is checked from then on.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "config_paths.hpp"
#include "sim/scenario/config_tree.hpp"

using namespace alchemy;

namespace {

const std::string kConfigs = std::string(ALCHEMY_SOURCE_DIR) + "/configs/";

// The mechanism keys, without `assumptions:` (their ranges, which set nothing a run computes).
std::set<std::string> mechanism_keys() {
  std::set<std::string> keys;
  for (const auto& [path, text] :
       testing::config_leaves(parse_config_file(kConfigs + "mechanics.yaml")))
    if (path.rfind("assumptions.", 0) != 0) keys.insert(path);
  return keys;
}

}  // namespace

TEST_CASE("mechanics: the shared file holds mechanics only, and every section the split names") {
  const std::set<std::string> keys = mechanism_keys();
  // 9 sentiment keys, 8 funding keys, 6 contagion keys: every key of those sections but the
  // starting state (sentiment.initial) and the size of the web's capital pool (quarterly_supply).
  CHECK(keys.size() == 23);
  for (const std::string& k : keys) {
    CAPTURE(k);
    const bool mechanism = k.rfind("market.sentiment.", 0) == 0 ||
                           k.rfind("market.funding.", 0) == 0 || k.rfind("contagion.", 0) == 0;
    CHECK(mechanism);
  }
  CHECK(keys.count("market.sentiment.initial") == 0);
  CHECK(keys.count("market.funding.quarterly_supply") == 0);
  CHECK(keys.count("market.sentiment.volatility") == 1);
  CHECK(keys.count("contagion.grace_days") == 1);
}

TEST_CASE("mechanics: both webs take the shared file and set no mechanism key") {
  const std::set<std::string> keys = mechanism_keys();
  for (const char* web : {"ai_compute_2025.yaml", "telecom_1999.yaml"}) {
    CAPTURE(web);
    const ConfigNode own = parse_config_file(kConfigs + web);
    const ConfigNode* base = own.find("base");
    REQUIRE(base != nullptr);
    CHECK(base->text == "mechanics.yaml");
    for (const auto& [path, text] : testing::config_leaves(own)) {
      CAPTURE(path);
      CHECK(keys.count(path) == 0);
    }
    // After the merge the web runs on the shared values, each as the mechanics file writes it.
    const ConfigNode resolved = load_config_with_bases(kConfigs + web);
    const ConfigNode mechanics = parse_config_file(kConfigs + "mechanics.yaml");
    for (const auto& [path, text] : testing::config_leaves(mechanics)) {
      // The ranges' key paths hold dots (tests/sim/assumption_ranges_test.cpp checks them).
      if (path.rfind("assumptions.", 0) == 0) continue;
      CAPTURE(path);
      const ConfigNode* node = testing::config_at(resolved, path);
      REQUIRE(node != nullptr);
      CHECK(node->text == text);
    }
  }
}
