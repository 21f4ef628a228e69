// README.md's scenario reference is generated from the loader's key tables; this keeps the two
// from drifting apart.

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "sim/scenario/scenario_loader.hpp"

namespace {

std::string readme() {
  std::ifstream in(std::string(ALCHEMY_SOURCE_DIR) + "/README.md", std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("README's scenario reference is up to date") {
  const std::string text = readme();
  const std::string begin = "<!-- BEGIN GENERATED SCENARIO REFERENCE";
  const std::string end = "<!-- END GENERATED SCENARIO REFERENCE -->";
  const std::size_t b = text.find(begin);
  REQUIRE_MESSAGE(b != std::string::npos, "README.md lacks the line " << begin << " ... -->");
  const std::size_t from = text.find('\n', b) + 1;
  const std::size_t to = text.find(end, from);
  REQUIRE_MESSAGE(to != std::string::npos, "README.md lacks the line " << end);
  const bool same = text.substr(from, to - from) == alchemy::scenario_reference_markdown();
  CHECK_MESSAGE(same,
                "README.md's scenario reference differs from the key tables; regenerate it with "
                "tools/update-reference [BUILD_DIR] (it rewrites only the lines between the "
                "markers, from `alchemy validate --print-reference`)");
}

TEST_CASE("the reference documents every section and the value syntaxes") {
  const std::string md = alchemy::scenario_reference_markdown();
  for (const char* heading : {"### `top level`",
                              "### `calendar`",
                              "### `market`",
                              "### `market.risk_free[]`",
                              "### `market.sentiment`",
                              "### `market.gpu`",
                              "### `market.funding`",
                              "### `contagion`",
                              "### `loops`",
                              "### `record`",
                              "### `firms[]`",
                              "### `firms[].debt[]`",
                              "### `firms[].revenue`",
                              "### `firms[].revenue.growth_path[]`",
                              "### `firms[].costs`",
                              "### `firms[].compute`",
                              "### `firms[].valuation`",
                              "### `firms[].rules[]`",
                              "### `contracts[]`",
                              "### `contracts[].milestones[]`",
                              "### `shocks[]`",
                              "### `network`",
                              "### Values",
                              "### Shock kinds",
                              "### Rule conditions",
                              "### Rule actions"}) {
    CAPTURE(heading);
    CHECK(md.find(std::string(heading) + "\n") != std::string::npos);
  }
  // Firm sections show one default column per kind.
  CHECK(md.find("| key | type | lab | chipmaker | cloud | investor | lender | meaning |") !=
        std::string::npos);
  // Keys that apply to some contract types say so.
  CHECK(md.find("| `strike` | number 0 to 1e15 | 0.01 | *type warrant only.*") !=
        std::string::npos);
}
