// Corrupted scenarios: whatever the bytes, loading either succeeds or throws a located
// ConfigError — never another exception, a crash or a hang (run under ASan/UBSan in CI).

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "sim/scenario/config_error.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/scenario_tree.hpp"

using namespace alchemy;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(ALCHEMY_SOURCE_DIR) + "/tests/data/config/" + name,
                   std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string mutate(std::string text, std::mt19937_64& rng) {
  static const std::string kBytes = "0123456789-:.%_ \n\t[]{}#&*!|>'\"?,eEkMBTdwmy$\\";
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const int edits = 1 + static_cast<int>(pick(4));
  for (int i = 0; i < edits && !text.empty(); ++i) {
    const std::size_t at = pick(text.size());
    switch (pick(5)) {
      case 0:
        text[at] = kBytes[pick(kBytes.size())];
        break;
      case 1:
        text.erase(at, 1 + pick(4));
        break;
      case 2:
        text.insert(at, 1, kBytes[pick(kBytes.size())]);
        break;
      case 3: {  // duplicate a line
        const std::size_t from =
            text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
        const std::size_t to = text.find('\n', at);
        text.insert(from,
                    text.substr(from, to == std::string::npos ? std::string::npos : to - from + 1));
        break;
      }
      default:
        text[at] = static_cast<char>(pick(256));
        break;
    }
  }
  return text;
}

}  // namespace

TEST_CASE("corrupted scenarios load or fail with a located ConfigError") {
  // ALCHEMY_FUZZ_ROUNDS=100000 for a longer search; the suite runs a quick fixed sample.
  const char* env = std::getenv("ALCHEMY_FUZZ_ROUNDS");
  const int rounds = env ? std::atoi(env) : 400;
  std::mt19937_64 rng(20251129);
  int loaded = 0, rejected = 0;
  for (const char* name : {"full.yaml", "valid.yaml"}) {
    const std::string original = fixture(name);
    REQUIRE_FALSE(original.empty());
    for (int round = 0; round < rounds; ++round) {
      const std::string text = mutate(original, rng);
      try {
        scenario_from_tree(parse_config_text(text, "fuzz.yaml"));
        ++loaded;
      } catch (const ConfigError& e) {
        ++rejected;
        CHECK(e.where().file.rfind("fuzz.yaml", 0) == 0);
      } catch (const std::exception& e) {
        FAIL("not a ConfigError: " << e.what() << "\n--- input ---\n" << text);
      }
    }
  }
  CHECK(loaded > 0);
  CHECK(rejected > 0);
}
