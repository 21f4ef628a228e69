#include "sim/report/report_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "sim/folder/environment_error.hpp"
#include "sim/folder/output_dir.hpp"

namespace alchemy {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& p) {
  throw std::system_error(errno, std::generic_category(), what + " " + p.string());
}

}  // namespace

void write_report_file(const fs::path& path, std::string_view page) {
  const fs::file_status st = fs::symlink_status(path);
  if (fs::is_directory(st))
    throw OutputDirError(path.string() + ": is a folder, not a report file");
  if (fs::exists(st) && !is_alchemy_report(path)) {
    throw OutputDirError(path.string() + ": exists and is not a report alchemy wrote (it has no " +
                         std::string(kReportGeneratorMeta) +
                         "); move it away or write elsewhere with --out");
  }
  const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  if (!fs::is_directory(parent)) {
    throw EnvironmentError("cannot write " + path.string() + ": " + parent.string() +
                           " is not a folder");
  }
  // Hidden and named by process, so two reports written at once never share a temporary file.
  const fs::path tmp =
      parent / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("cannot write", tmp);
  std::size_t done = 0;
  while (done < page.size()) {
    const ssize_t n = ::write(fd, page.data() + done, page.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      ::close(fd);
      fs::remove(tmp);
      errno = err;
      fail("cannot write", tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  int err = 0;
  if (::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) {
    fs::remove(tmp);
    errno = err;
    fail("cannot write", tmp);
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp);
    throw fs::filesystem_error("cannot rename", tmp, path, ec);
  }
}

}  // namespace alchemy
