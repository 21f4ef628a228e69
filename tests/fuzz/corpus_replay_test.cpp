// The fuzz corpus, replayed by the normal suite (built with g++, no libFuzzer): every file under
// tests/data/fuzz/<target>/ — the seeds and every input a fuzzer found to crash, hang or throw —
// goes through its target (tools/fuzz/fuzz_targets.hpp), which may accept it or refuse it as bad
// input (a ConfigError) but must not throw anything else, crash or trip a sanitizer (under
// `make test-sanitize`). So a fixed finding stays fixed.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tools/fuzz/fuzz_targets.hpp"

namespace {

namespace fs = std::filesystem;

void replay(const std::string& name) {
  const alchemy::fuzz::Target* target = nullptr;
  for (const auto& t : alchemy::fuzz::targets()) {
    if (name == t.name) target = &t;
  }
  REQUIRE(target != nullptr);
  const fs::path dir = fs::path(ALCHEMY_SOURCE_DIR) / "tests/data/fuzz" / name;
  REQUIRE_MESSAGE(fs::is_directory(dir), "no corpus at ", dir.string());
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(!files.empty());
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    INFO(name, " corpus file ", f.string());
    CHECK_NOTHROW(target->run(bytes.str()));
  }
  MESSAGE(files.size(), " inputs replayed through fuzz target ", name);
}

}  // namespace

TEST_CASE("fuzz corpus: scenario") {
  replay("scenario");
}
TEST_CASE("fuzz corpus: sweep") {
  replay("sweep");
}
TEST_CASE("fuzz corpus: network_yaml") {
  replay("network_yaml");
}
TEST_CASE("fuzz corpus: network_csv") {
  replay("network_csv");
}
TEST_CASE("fuzz corpus: checkpoint") {
  replay("checkpoint");
}
