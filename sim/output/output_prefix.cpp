#include "sim/output/output_prefix.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <system_error>
#include <utility>

namespace alchemy {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kBlock = std::size_t{1} << 20;

[[noreturn]] void io_error(const std::string& what, const fs::path& p) {
  throw std::system_error(errno, std::generic_category(), what + " " + p.string());
}

class Fd {
 public:
  Fd(const fs::path& p, int flags, const char* what)
      : fd_(::open(p.c_str(), flags | O_CLOEXEC, 0644)) {
    if (fd_ < 0) io_error(what, p);
  }
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void close(const fs::path& p) {
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0 && errno != EINTR) io_error("cannot close", p);
  }

 private:
  int fd_;
};

// Reads up to n bytes at `offset`; returns how many (0 at the end of the file).
std::size_t read_at(int fd, char* buf, std::size_t n, std::uint64_t offset, const fs::path& p) {
  for (;;) {
    const ssize_t r = ::pread(fd, buf, n, static_cast<off_t>(offset));
    if (r >= 0) return static_cast<std::size_t>(r);
    if (errno != EINTR) io_error("cannot read", p);
  }
}

void write_all(int fd, const char* buf, std::size_t n, const fs::path& p) {
  while (n > 0) {
    const ssize_t w = ::write(fd, buf, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      io_error("cannot write", p);
    }
    buf += w;
    n -= static_cast<std::size_t>(w);
  }
}

}  // namespace

FollowedFile::FollowedFile(std::string name, fs::path written, std::uint64_t skip, Sha256 base,
                           std::uint64_t base_bytes)
    : name_(std::move(name)),
      written_(std::move(written)),
      skip_(skip),
      hash_(base),
      bytes_(base_bytes) {}

OutputPrefix FollowedFile::catch_up() {
  Fd in(written_, O_RDONLY, "cannot read");
  const std::unique_ptr<char[]> buf(new char[kBlock]);
  for (;;) {
    const std::size_t n = read_at(in.get(), buf.get(), kBlock, read_, written_);
    if (n == 0) break;
    const std::uint64_t start = read_;
    read_ += n;
    if (read_ <= skip_) continue;
    const std::size_t from = start >= skip_ ? 0 : static_cast<std::size_t>(skip_ - start);
    hash_.update(buf.get() + from, n - from);
    bytes_ += n - from;
  }
  Sha256 copy = hash_;  // finish() ends a hash; the followed one goes on
  return OutputPrefix{name_, bytes_, to_hex(copy.finish())};
}

Sha256 copy_prefix(const fs::path& from, const fs::path& to, const OutputPrefix& p) {
  std::error_code ec;
  const auto size = fs::file_size(from, ec);
  if (ec) throw PrefixError(from.string() + ": not found (" + ec.message() + ")");
  if (size < p.bytes) {
    throw PrefixError(from.string() + ": holds " + std::to_string(size) +
                      " bytes, fewer than the " + std::to_string(p.bytes) +
                      " the checkpoint says were written by then");
  }
  Fd in(from, O_RDONLY, "cannot read");
  Fd out(to, O_WRONLY | O_CREAT | O_TRUNC, "cannot create");
  const std::unique_ptr<char[]> buf(new char[kBlock]);
  Sha256 hash;
  std::uint64_t done = 0;
  while (done < p.bytes) {
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(kBlock, p.bytes - done));
    const std::size_t n = read_at(in.get(), buf.get(), want, done, from);
    if (n == 0) throw PrefixError(from.string() + ": shorter than expected");
    hash.update(buf.get(), n);
    write_all(out.get(), buf.get(), n, to);
    done += n;
  }
  out.close(to);
  Sha256 copy = hash;
  if (to_hex(copy.finish()) != p.sha256) {
    throw PrefixError(from.string() + ": its first " + std::to_string(p.bytes) +
                      " bytes differ from what the run had written at the checkpoint (not the "
                      "run the checkpoint came from, or modified since)");
  }
  return hash;
}

void append_file(const fs::path& tail, std::uint64_t skip, const fs::path& to) {
  {
    Fd in(tail, O_RDONLY, "cannot read");
    Fd out(to, O_WRONLY | O_APPEND, "cannot append to");
    const std::unique_ptr<char[]> buf(new char[kBlock]);
    std::uint64_t offset = skip;
    for (;;) {
      const std::size_t n = read_at(in.get(), buf.get(), kBlock, offset, tail);
      if (n == 0) break;
      write_all(out.get(), buf.get(), n, to);
      offset += n;
    }
    out.close(to);
  }
  fs::remove(tail);
}

}  // namespace alchemy
