#include "sim/output/text_output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <system_error>

namespace alchemy {

namespace {
[[noreturn]] void throw_io(int err, const char* what, const std::filesystem::path& p) {
  throw std::system_error(err, std::generic_category(), std::string(what) + " " + p.string());
}
}  // namespace

BufferedFile::BufferedFile(std::filesystem::path path, std::size_t capacity)
    : path_(std::move(path)), buffer_(new char[capacity]), capacity_(capacity) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw_io(errno, "cannot create", path_);
}

BufferedFile::~BufferedFile() {
  try {
    close();
  } catch (...) {
    // A destructor must not throw; callers who care about the error call close() themselves.
  }
}

void BufferedFile::append(std::string_view s) {
  char* p = reserve(s.size());
  std::memcpy(p, s.data(), s.size());
  commit(p + s.size());
}

void BufferedFile::make_room(std::size_t n) {
  flush();
  if (n > capacity_) {
    buffer_.reset(new char[n]);
    capacity_ = n;
  }
}

void BufferedFile::flush() {
  if (fd_ < 0) {
    if (used_ == 0) return;
    throw_io(EBADF, "write to closed file", path_);
  }
  std::size_t done = 0;
  while (done < used_) {
    const ssize_t w = ::write(fd_, buffer_.get() + done, used_ - done);
    if (w < 0) {
      if (errno == EINTR) continue;  // a signal (e.g. the first Ctrl-C) must not lose data
      throw_io(errno, "cannot write", path_);
    }
    done += static_cast<std::size_t>(w);
  }
  flushed_ += used_;
  used_ = 0;
}

void BufferedFile::close() {
  if (fd_ < 0) return;
  try {
    flush();
  } catch (...) {
    ::close(fd_);
    fd_ = -1;
    used_ = 0;
    throw;
  }
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0 && errno != EINTR) throw_io(errno, "cannot close", path_);
}

char* write_int(char* out, std::int64_t v) {
  return std::to_chars(out, out + kMaxIntChars, v).ptr;
}

char* write_uint(char* out, std::uint64_t v) {
  return std::to_chars(out, out + kMaxIntChars, v).ptr;
}

char* write_cents(char* out, std::int64_t cents) {
  // Work on the magnitude as unsigned so INT64_MIN has a magnitude too.
  std::uint64_t mag = static_cast<std::uint64_t>(cents);
  if (cents < 0) {
    *out++ = '-';
    mag = 0 - mag;
  }
  out = std::to_chars(out, out + kMaxIntChars, mag / 100).ptr;
  const auto frac = static_cast<unsigned>(mag % 100);
  out[0] = '.';
  out[1] = static_cast<char>('0' + frac / 10);
  out[2] = static_cast<char>('0' + frac % 10);
  return out + 3;
}

char* write_double(char* out, double v) {
  return std::to_chars(out, out + kMaxDoubleChars, v).ptr;
}

char* IsoDateCache::write(char* out, Date d) {
  if (!valid_ || d.days() != days_) {
    const std::string iso = d.iso();
    // Years outside 0000..9999 do not fit the column; they are not dates a scenario can hold.
    std::memset(iso_, '?', kIsoDateChars);
    std::memcpy(iso_, iso.data(), std::min(iso.size(), kIsoDateChars));
    days_ = d.days();
    valid_ = true;
  }
  std::memcpy(out, iso_, kIsoDateChars);
  return out + kIsoDateChars;
}

std::string json_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char hex[] = "0123456789abcdef";
          out += "\\u00";
          out += hex[(c >> 4) & 0xf];
          out += hex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace alchemy
