// `alchemy cascades` as a user runs it, on growth_slows seed 1 (MODEL.md §7.23): OpenAI defaults on
// 2026-07-27, then CoreWeave, xAI, SoftBank, the xAI vehicle, Oracle and AMD in 2028–2030. The
// counterfactual was found by another route — a checkpoint written by `alchemy run
// --checkpoint-every 1y` (2026-01-02), forked with `alchemy fork … --with` a `backstop` shock on
// OpenAI on 2026-07-27 (world_io, the shock scheduler; a shock acts in its day's first phase, the
// in-process rescue from the end of the tick before: the same) — so the in-process rescue fork
// must agree with it: with OpenAI rescued no firm defaults before the end of 2034 (the fork's
// events hold no `default`; its rescuer pays 1,451 times).

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "shell_run.hpp"

namespace {

namespace fs = std::filesystem;
using Run = alchemy::testing::ShellRun;

fs::path tmp_dir() {
  const fs::path dir = fs::path(ALCHEMY_TEST_TMP) / "cascades_cli";
  fs::create_directories(dir);
  return dir;
}

Run run(const std::string& args) {
  return alchemy::testing::run_alchemy(args, tmp_dir());
}

// Each test case runs into its own folder: ctest runs them as separate processes, at once.
fs::path growth_slows_run(const std::string& folder) {
  const fs::path out = tmp_dir() / folder;
  fs::remove_all(out);
  const Run r = run("run " + std::string(ALCHEMY_SOURCE_DIR) +
                    "/configs/scenarios/growth_slows.yaml --seed 1 --quiet --out " + out.string());
  REQUIRE(r.code == 0);
  return out;
}

}  // namespace

TEST_CASE("alchemy cascades: cause links, and the counterfactual agreeing with a checkpoint fork") {
  const fs::path dir = growth_slows_run("growth_slows-1");
  const Run links = run("cascades " + dir.string() + " --format json");
  REQUIRE(links.code == 0);
  const auto j = nlohmann::json::parse(links.out);
  CHECK(j["counterfactual"] == false);
  // Every later firm projected a gap for over a year before it defaulted: its reference is stale
  // and links it to no one, so there are seven cascades of one.
  REQUIRE(j["cascades"].size() == 7);
  CHECK(j["cascades"][0]["root"] == "openai");
  CHECK(j["cascades"][0]["date"] == "2026-07-27");
  for (const auto& c : j["cascades"]) {
    CHECK(c["size_links"] == 1);
    CHECK(c["size_counterfactual"].is_null());
  }

  const Run cf = run("cascades " + dir.string() + " --format json --counterfactual");
  REQUIRE(cf.code == 0);
  const auto k = nlohmann::json::parse(cf.out);
  CHECK(k["counterfactual"] == true);
  REQUIRE(k["cascades"].size() == 7);  // drawn by both definitions: still no link
  const auto& openai = k["cascades"][0];
  CHECK(openai["root"] == "openai");
  CHECK(openai["size_counterfactual"] == 7);  // every default of the run is OpenAI's
  CHECK(openai["size_both"] == 1);
  std::map<std::string, nlohmann::json> rescued_openai;
  for (const auto& c : k["cascades"]) {
    for (const auto& d : c["defaults"]) {
      for (const auto& r : d["rescues"]) {
        if (r["rescued"] == "openai") rescued_openai[d["firm"]] = r;
      }
    }
  }
  // Rescuing OpenAI the tick before its default leaves no later default: each joins.
  REQUIRE(rescued_openai.size() == 6);
  for (const auto& [firm, r] : rescued_openai) {
    CAPTURE(firm);
    CHECK(r["default"].is_null());
    CHECK(r["joins"] == true);
  }

  const Run text = run("cascades " + dir.string());
  REQUIRE(text.code == 0);
  CHECK(text.out.find("cascade started by openai on 2026-07-27: 1 default (cause links 1)\n") == 0);
}

TEST_CASE("alchemy cascades: a folder that is not a run, or a bad format, exits 2") {
  const Run missing = run("cascades " + (tmp_dir() / "nothing-here").string());
  CHECK(missing.code == 2);
  CHECK(missing.err.find("nothing-here") != std::string::npos);
  const fs::path dir = growth_slows_run("growth_slows-1-formats");
  const Run bad = run("cascades " + dir.string() + " --format xml");
  CHECK(bad.code == 2);
}
