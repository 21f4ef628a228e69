#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/folder/sha256.hpp"

using alchemy::Sha256;
using alchemy::sha256_hex;

// Test vectors of FIPS 180-4 (NIST CSRC "Examples with intermediate values", SHA-256).
TEST_CASE("sha256 matches the FIPS 180-4 test vectors") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1'000'000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 gives the same digest however the input is split") {
  // Lengths around the 55/56/64-byte padding boundaries, fed in odd-sized pieces.
  for (std::size_t len : {55u, 56u, 57u, 63u, 64u, 65u, 119u, 120u, 1000u}) {
    std::string msg;
    for (std::size_t i = 0; i < len; ++i)
      msg += static_cast<char>('a' + i % 26);
    for (std::size_t piece : {1u, 3u, 63u, 64u, 65u}) {
      Sha256 h;
      for (std::size_t at = 0; at < msg.size(); at += piece)
        h.update(msg.substr(at, piece));
      CHECK(alchemy::to_hex(h.finish()) == sha256_hex(msg));
    }
  }
  // 896-bit message of FIPS 180-4 (two blocks before padding).
  CHECK(
      sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                 "klmnopqrlmnopqrsmnopqrstnopqrstu") ==
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_CASE("sha256 of a file equals sha256 of its bytes") {
  const auto dir = std::filesystem::path(ALCHEMY_TEST_TMP) / "sha256";
  std::filesystem::create_directories(dir);
  const auto file = dir / "data.bin";
  std::string bytes(3 << 20, '\0');  // spans several read blocks
  for (std::size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<char>(i * 7919 % 251);
  std::ofstream(file, std::ios::binary) << bytes;
  CHECK(alchemy::sha256_file_hex(file) == sha256_hex(bytes));
  CHECK_THROWS_AS(alchemy::sha256_file_hex(dir / "missing"), std::system_error);
}
