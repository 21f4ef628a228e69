#pragma once
// SHA-256 (FIPS 180-4), in the project so manifests need no crypto library. Used to identify a
// resolved scenario and every file a run writes; not for anything security-sensitive.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace alchemy {

class Sha256 {
 public:
  using Digest = std::array<std::uint8_t, 32>;

  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view s) { update(s.data(), s.size()); }
  // The digest of everything passed to update; the object must not be updated afterwards.
  Digest finish();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> block_{};
  std::size_t block_used_ = 0;
  std::uint64_t total_bytes_ = 0;
};

// 64 lowercase hex digits.
std::string to_hex(const Sha256::Digest& d);
std::string sha256_hex(std::string_view data);
// Reads the file in blocks. Throws std::system_error when it cannot be read.
std::string sha256_file_hex(const std::filesystem::path& file);

}  // namespace alchemy
