#include "sim/scenario/input_file.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace alchemy {

std::string read_input_file(const std::filesystem::path& file,
                            const std::optional<SourceLocation>& referenced_from) {
  const std::string name = file.string();
  auto refuse = [&](const std::string& why) {
    if (referenced_from) {
      return ConfigError(*referenced_from, "", "cannot read '" + name + "': " + why);
    }
    return ConfigError(SourceLocation{name, 0, 0}, "", "cannot read the file: " + why);
  };
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) throw refuse("no such file");
  if (!std::filesystem::is_regular_file(file, ec)) throw refuse("not a regular file");
  const std::uintmax_t size = std::filesystem::file_size(file, ec);
  if (ec) throw refuse("cannot read its size");
  if (size > kMaxInputBytes) {
    throw refuse("it is " + std::to_string(size) + " bytes, larger than the limit of " +
                 std::to_string(kMaxInputBytes) + " bytes (16 MiB) for an input file");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw refuse("cannot open it");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw refuse("read error");
  std::string bytes = std::move(text).str();
  // The file may have grown between the size check and the read.
  if (bytes.size() > kMaxInputBytes) {
    throw refuse("larger than the limit of " + std::to_string(kMaxInputBytes) +
                 " bytes (16 MiB) for an input file");
  }
  return bytes;
}

namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is not one (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

}  // namespace

void check_utf8(std::string_view text, const std::string& file) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[i]));
      throw ConfigError(
          SourceLocation{file, line, column}, "",
          std::string("invalid UTF-8 (byte ") + hex + "); input files must be UTF-8 text");
    }
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += n;
  }
}

}  // namespace alchemy
