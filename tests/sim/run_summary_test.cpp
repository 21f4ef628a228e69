// The run summary's "systemic impact at the end" block (sim/output/run_summary.cpp): the live firms
// by original DebtRank on the final state, those whose distress reaches nobody left out, and no
// block at all when the final state has no interfirm exposure.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "engine/scenario_fixtures.hpp"
#include "sim/output/run_summary.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

std::string summary_text(const Chain& c) {
  RunSummary s;
  RunHeader h;
  h.scenario = &c.spec;
  for (const auto& f : c.spec.firms)
    h.firm_ids.push_back(f.id);
  s.begin(h);
  s.end_state(c.world);
  s.finish(true);
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  s.print(f);
  std::rewind(f);
  std::string text;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;)
    text.append(buf, n);
  std::fclose(f);
  return text;
}

// The lines of the DebtRank block (empty if there is none).
std::string block(const std::string& text) {
  const auto at = text.find("systemic impact at the end");
  if (at == std::string::npos) return "";
  return text.substr(at, text.find("\n\n", at) - at);
}

}  // namespace

TEST_CASE("run summary: the firms whose default costs the network most, on the final state") {
  const std::string b = block(summary_text(chain()));
  REQUIRE(!b.empty());
  const auto line_b = b.find("\n  b "), line_c = b.find("\n  c ");
  REQUIRE(line_b != std::string::npos);
  REQUIRE(line_c != std::string::npos);
  CHECK(line_b < line_c);                        // R_b = 0.1905 > R_c = 0.1587
  CHECK(b.find("\n  a ") == std::string::npos);  // R_a = 0: nobody is exposed to a
  CHECK(b.find("original   0.1905  linear   0.1905") != std::string::npos);
  CHECK(b.find("original   0.1587  linear   0.1587") != std::string::npos);
}

TEST_CASE("run summary: defaulted firms are skipped, and no exposure means no block") {
  Chain c = chain();
  c.world.firms[2].defaulted = true;  // c's default has happened: b's stake in c is gone
  std::string b = block(summary_text(c));
  CHECK(b.find("\n  c ") == std::string::npos);
  CHECK(b.find("\n  b ") != std::string::npos);  // a still lent to b
  c.world.firms[1].defaulted = true;             // and with b gone nothing is left
  b = block(summary_text(c));
  CHECK(b.empty());
}

TEST_CASE("run summary: a firm that defaulted before the summary began is shown as defaulted") {
  // As in a run resumed from a checkpoint after c's default: no default event reaches this
  // summary, but the world it ends on says c is gone. Before, its row read "default -".
  Chain c = chain();
  c.world.firms[2].defaulted = true;
  const std::string text = summary_text(c);
  const auto row = text.find("\nc ");
  REQUIRE(row != std::string::npos);
  const std::string line = text.substr(row + 1, text.find('\n', row + 1) - row - 1);
  CHECK(line.find("before") != std::string::npos);
  const auto row_a = text.find("\na ");
  REQUIRE(row_a != std::string::npos);
  CHECK(text.substr(row_a + 1, text.find('\n', row_a + 1) - row_a - 1).find("before") ==
        std::string::npos);
}
