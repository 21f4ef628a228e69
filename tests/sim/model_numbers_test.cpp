// MODEL.md quotes the baseline's calibrated and assumed numbers in one table (§6); each row names
// a key of configs/ai_compute_2025.yaml (or of its base, configs/mechanics.yaml) and its value as
// written there. Reading both keeps the description and the config from drifting apart (they once
// said β 0.19/0.75 where the config had 0.065/0.45).
#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <string>

#include "config_paths.hpp"
#include "sim/scenario/config_tree.hpp"

using namespace alchemy;

namespace {

const std::string kSource = ALCHEMY_SOURCE_DIR;

}  // namespace

TEST_CASE("MODEL.md's table of the baseline's numbers matches the config") {
  std::ifstream in(kSource + "/MODEL.md");
  REQUIRE(in);
  const ConfigNode config = load_config_with_bases(kSource + "/configs/ai_compute_2025.yaml");
  const std::regex row(R"(^\| `([a-z0-9_.-]+)` \| ([^|]+?) \| .*\|$)");
  std::string line;
  while (std::getline(in, line) && line.rfind("| key in `configs/ai_compute_2025.yaml`", 0) != 0) {
  }
  REQUIRE(in);             // the table is there
  std::getline(in, line);  // | --- | --- | --- |
  int rows = 0;
  while (std::getline(in, line) && !line.empty()) {
    std::smatch m;
    INFO("MODEL.md: " << line);
    REQUIRE(std::regex_match(line, m, row));
    ++rows;
    const ConfigNode* node = testing::config_at(config, m[1]);
    REQUIRE(node != nullptr);
    REQUIRE(node->is_scalar());
    CHECK(node->text == m[2].str());
  }
  CHECK(rows >= 9);
}
