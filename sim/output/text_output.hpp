#pragma once
// Primitives shared by the machine-readable writers (events.jsonl, series.csv, market.csv):
//   - BufferedFile: a file written with write(2) in large blocks. The writers format straight into
//     its buffer, so there is no iostream, no locale and no allocation per record.
//   - exact, locale-independent number formatting: money from integer cents (never through a
//     double), doubles as the shortest text that reads back to the same double (std::to_chars).
// Output of these functions is part of the file formats: golden-file tests pin it.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "market/date.hpp"

namespace alchemy {

class BufferedFile {
 public:
  // Creates or truncates `path`. Throws std::system_error naming the path.
  explicit BufferedFile(std::filesystem::path path, std::size_t capacity = std::size_t{1} << 20);
  ~BufferedFile();  // flushes and closes; errors are lost here, so call close() to see them
  BufferedFile(const BufferedFile&) = delete;
  BufferedFile& operator=(const BufferedFile&) = delete;

  // At least n writable bytes at the returned pointer: flushes first when they do not fit, and
  // grows the buffer when n exceeds its capacity. Follow with commit(end_of_what_was_written).
  char* reserve(std::size_t n) {
    if (capacity_ - used_ < n) make_room(n);
    return buffer_.get() + used_;
  }
  void commit(const char* end) { used_ = static_cast<std::size_t>(end - buffer_.get()); }
  void append(std::string_view s);

  void flush();  // throws std::system_error
  void close();  // flush, then close; throws std::system_error. Idempotent.
  bool is_open() const { return fd_ >= 0; }
  std::uint64_t bytes_written() const { return flushed_ + used_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  void make_room(std::size_t n);

  std::filesystem::path path_;
  int fd_ = -1;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::size_t used_ = 0;
  std::uint64_t flushed_ = 0;
};

// Upper bounds of what the writers below produce, for BufferedFile::reserve.
inline constexpr std::size_t kMaxIntChars = 20;     // "-9223372036854775808"
inline constexpr std::size_t kMaxCentsChars = 24;   // "-92233720368547758.08"
inline constexpr std::size_t kMaxDoubleChars = 32;  // "-2.2250738585072014e-308" is 24
inline constexpr std::size_t kIsoDateChars = 10;

char* write_int(char* out, std::int64_t v);
char* write_uint(char* out, std::uint64_t v);
// Cents as a decimal with exactly two decimals: -5 → "-0.05", 12345 → "123.45". Exact for the
// whole int64 range.
char* write_cents(char* out, std::int64_t cents);
// The shortest decimal that reads back to the same double (std::to_chars, no locale). The caller
// decides what a non-finite value becomes (JSON null, an empty CSV field); here it is "nan"/"inf".
char* write_double(char* out, double v);

// Formats "YYYY-MM-DD", remembering the last date: records come in date order, so the calendar
// conversion runs once per tick, not once per record.
class IsoDateCache {
 public:
  char* write(char* out, Date d);

 private:
  std::int32_t days_ = 0;
  bool valid_ = false;
  char iso_[kIsoDateChars] = {};
};

// A formatter remembering the last value it wrote: a column whose value repeats row after row
// (a firm's share count, its GW, its debt) is formatted once and copied after. Equal means the
// same bits, so -0.0 and 0.0 stay apart.
template <typename T, std::size_t MaxChars, char* (*Format)(char*, T)>
class Repeated {
 public:
  char* write(char* out, T v) {
    const auto bits = std::bit_cast<std::uint64_t>(v);
    if (!valid_ || bits != bits_) {
      length_ = static_cast<std::uint8_t>(Format(text_, v) - text_);
      bits_ = bits;
      valid_ = true;
    }
    std::memcpy(out, text_, length_);
    return out + length_;
  }

 private:
  std::uint64_t bits_ = 0;
  bool valid_ = false;
  std::uint8_t length_ = 0;
  char text_[MaxChars] = {};
};
using RepeatedDouble = Repeated<double, kMaxDoubleChars, write_double>;
using RepeatedCents = Repeated<std::int64_t, kMaxCentsChars, write_cents>;

// A JSON string literal with quotes: escapes ", \ and control characters; other bytes (UTF-8)
// pass through.
std::string json_quote(std::string_view s);
// A CSV field (RFC 4180): quoted, with "" for ", when it contains , " CR or LF; else as is.
std::string csv_field(std::string_view s);

}  // namespace alchemy
