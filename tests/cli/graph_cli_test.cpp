// `alchemy graph --format svg|png` on the baseline: Graphviz's output is passed on unchanged (the
// same bytes `dot` makes of `--format dot`). A missing `dot` (exit 3) and a PNG to a terminal
// (exit 2) are in the bad-input catalogue (tests/data/bad/output_locations.tsv, options.tsv).

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "tests/cli/shell_run.hpp"

using alchemy::testing::run_alchemy;

namespace {

const std::filesystem::path kDir = std::filesystem::path(ALCHEMY_TEST_TMP) / "graph_cli";
const std::string kBaseline = "configs/ai_compute_2025.yaml --at 2025-12-31";

bool have_dot() {
  return std::system("command -v dot > /dev/null 2>&1") == 0;
}

}  // namespace

TEST_CASE("graph --format svg and png are Graphviz's rendering of the DOT") {
  if (!have_dot()) {
    MESSAGE("skipped: Graphviz's dot is not installed");
    return;
  }
  const auto svg = run_alchemy("graph " + kBaseline + " --format svg", kDir);
  REQUIRE(svg.code == 0);
  // The same bytes dot makes of the DOT text itself.
  const auto piped = run_alchemy("graph " + kBaseline + " --format dot | dot -Tsvg", kDir);
  REQUIRE(piped.code == 0);
  CHECK(svg.out == piped.out);
  CHECK(svg.out.find("<svg") != std::string::npos);
  CHECK(svg.out.find("ai_compute_2025: contract network on 2025&#45;12&#45;31") !=
        std::string::npos);

  const auto png = run_alchemy("graph " + kBaseline + " --format png", kDir);
  REQUIRE(png.code == 0);
  CHECK(png.out.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
}
