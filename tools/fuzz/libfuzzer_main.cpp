// The libFuzzer entry point of one target (tools/fuzz/fuzz_targets.hpp), chosen at build time by
// ALCHEMY_FUZZ_TARGET (tools/fuzz/CMakeLists.txt builds one executable per target). An exception
// other than bad input escapes the target; it is turned into an abort with its message, so that
// libFuzzer reports it as a crash and saves the input.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "tools/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    alchemy::fuzz::ALCHEMY_FUZZ_TARGET(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: not a bad-input error (would be 'internal error'): %s\n", e.what());
    std::abort();
  }
  return 0;
}
