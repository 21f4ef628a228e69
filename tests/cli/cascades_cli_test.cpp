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
#include "sim/analysis/default_exposure.hpp"
#include "sim/engine/network_generator.hpp"
#include "sim/run/counterfactual.hpp"
#include "sim/scenario/scenario_loader.hpp"

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

  // OpenAI's partners' exposure, as the library computes it on the world of the tick before (the
  // fork's start), and the move it predicts, −net × (1 − PD) / value (MODEL.md §7.15).
  const alchemy::ScenarioSpec spec =
      alchemy::with_generated_network(alchemy::load_scenario(std::string(ALCHEMY_SOURCE_DIR) +
                                                             "/configs/scenarios/growth_slows.yaml")
                                          .spec,
                                      1);
  std::int32_t openai_index = -1;
  for (std::size_t i = 0; i < spec.firms.size(); ++i) {
    if (spec.firms[i].id == "openai") openai_index = static_cast<std::int32_t>(i);
  }
  const alchemy::RescueFork fork =
      alchemy::rescue_fork(spec, 1, openai_index, alchemy::Date::from_ymd(2026, 7, 27),
                           alchemy::Date::from_ymd(2026, 7, 28));
  const alchemy::DefaultExposure x = alchemy::default_exposure(spec, fork.at_fork, openai_index);
  const auto& printed = openai["defaults"][0]["exposure"];
  REQUIRE(printed.is_object());
  CHECK(printed["default_probability"].get<double>() == doctest::Approx(x.default_probability));
  REQUIRE(printed["partners"].size() == x.partners.size());
  REQUIRE(!x.partners.empty());
  for (std::size_t p = 0; p < x.partners.size(); ++p) {
    const auto& j_p = printed["partners"][p];
    CAPTURE(j_p["firm"]);
    CHECK(j_p["firm"] == spec.firms[static_cast<std::size_t>(x.partners[p].partner)].id);
    CHECK(j_p["net"].get<double>() == doctest::Approx(x.partners[p].net));
    CHECK(j_p["backlog"].get<double>() == doctest::Approx(x.partners[p].backlog));
    CHECK(j_p["predicted_move"].get<double>() ==
          doctest::Approx(-j_p["net"].get<double>() * (1.0 - x.default_probability) /
                          j_p["value"].get<double>()));
  }
  CHECK(links.out.find("\"exposure\": {") == std::string::npos);  // null without --counterfactual

  const Run text = run("cascades " + dir.string());
  REQUIRE(text.code == 0);
  CHECK(text.out.find("cascade started by openai on 2026-07-27: 1 default (cause links 1)\n") == 0);
  CHECK(text.out.find("partners' exposure") == std::string::npos);
}

TEST_CASE("alchemy cascades: a folder that is not a run, or a bad format, exits 2") {
  const Run missing = run("cascades " + (tmp_dir() / "nothing-here").string());
  CHECK(missing.code == 2);
  CHECK(missing.err.find("nothing-here") != std::string::npos);
  const fs::path dir = growth_slows_run("growth_slows-1-formats");
  const Run bad = run("cascades " + dir.string() + " --format xml");
  CHECK(bad.code == 2);
}
