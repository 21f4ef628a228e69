// Loading a contingent_funding contract: its `probability` key reaches the spec (default 1), only
// this kind takes it, and a value outside 0..1 is a ConfigError at file:line:column.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/scenario/config_error.hpp"
#include "sim/scenario/scenario_loader.hpp"

using namespace alchemy;

namespace {

const std::string kData = std::string(ALCHEMY_SOURCE_DIR) + "/tests/data/config/";

const ContractSpec& contract(const ScenarioSpec& s, const std::string& id) {
  for (const auto& c : s.contracts) {
    if (c.id == id) return c;
  }
  FAIL("no contract " << id);
  return s.contracts.front();
}

ConfigError error_of(const std::string& fixture, const std::vector<std::string>& overrides = {}) {
  try {
    load_scenario(kData + fixture, overrides);
  } catch (const ConfigError& e) {
    return e;
  }
  FAIL("expected a ConfigError from " << fixture);
  return ConfigError({}, "", "");
}

}  // namespace

TEST_CASE("contingent_funding: probability is read, defaults to 1, and is range-checked") {
  const ScenarioSpec s = load_scenario(kData + "contingent_funding.yaml", {}).spec;
  const ContractSpec& c = contract(s, "nv-oai-maybe");
  CHECK(c.type() == ContractType::contingent_funding);
  CHECK(c.as<ContingentFundingTerms>().probability == doctest::Approx(0.35));
  CHECK(c.start == Date::from_ymd(2026, 3, 2));
  CHECK(c.amount == Money::from_dollars(10e9));

  const ScenarioSpec d =
      load_scenario(kData + "contingent_funding.yaml", {"contracts.nv-oai-maybe.probability=null"})
          .spec;
  CHECK(contract(d, "nv-oai-maybe").as<ContingentFundingTerms>().probability == 1.0);

  const ConfigError e = error_of("err_probability.yaml");
  INFO(std::string(e.what()));
  CHECK(e.where().file == kData + "err_probability.yaml");
  CHECK(e.where().line == 9);
  CHECK(e.where().column == 18);
  CHECK(e.key_path() == "contracts.nv-oai-maybe.probability");
  CHECK(std::string(e.what()).find("err_probability.yaml:9:18: ") != std::string::npos);

  // Only this kind takes the key.
  const ConfigError other = error_of("valid.yaml", {"contracts.oai-orcl.probability=0.5"});
  CHECK(std::string(other.what()).find("probability") != std::string::npos);
}
