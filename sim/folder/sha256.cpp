// OpenSSL 3 deprecates the SHA256_* functions (see Sha256() below for why they are used).
#define OPENSSL_SUPPRESS_DEPRECATED
#include "sim/folder/sha256.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <system_error>

namespace alchemy {

// The one-shot and incremental functions of OpenSSL's SHA-256, not the EVP interface: the context
// is a plain struct, so a hash state copies by value (output_prefix continues a copy), and nothing
// initialises OpenSSL's providers or reads its configuration file at start-up. OpenSSL 3 marks
// them deprecated in favour of EVP but keeps them, with the same assembly (SHA-NI, AVX2) behind.
Sha256::Sha256() {
  SHA256_Init(&ctx_);
}

void Sha256::update(const void* data, std::size_t size) {
  SHA256_Update(&ctx_, data, size);
}

Sha256::Digest Sha256::finish() {
  Digest d;
  SHA256_Final(d.data(), &ctx_);
  return d;
}

std::string to_hex(const Sha256::Digest& d) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string s(64, '0');
  for (std::size_t i = 0; i < d.size(); ++i) {
    s[2 * i] = hex[d[i] >> 4];
    s[2 * i + 1] = hex[d[i] & 0xf];
  }
  return s;
}

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data);
  return to_hex(h.finish());
}

std::string sha256_file_hex(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw std::system_error(errno, std::generic_category(), "cannot read " + file.string());
  Sha256 h;
  const std::size_t size = std::size_t{1} << 20;
  const std::unique_ptr<char[]> buf(new char[size]);
  for (;;) {
    const ssize_t n = ::read(fd, buf.get(), size);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      throw std::system_error(err, std::generic_category(), "cannot read " + file.string());
    }
    if (n == 0) break;
    h.update(buf.get(), static_cast<std::size_t>(n));
  }
  ::close(fd);
  return to_hex(h.finish());
}

}  // namespace alchemy
