// Which failures are the environment's (exit 3) and what their messages say
// (sim/folder/environment_error.hpp). A full disk cannot be made on demand in a test, but
// /dev/full fails every write with ENOSPC, which is what a full disk gives.

#include <doctest/doctest.h>

#include <cerrno>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

#include "sim/folder/environment_error.hpp"
#include "sim/output/text_output.hpp"

namespace fs = std::filesystem;
using namespace alchemy;

namespace {

std::string message_of(const std::exception& e) {
  return environment_failure(e).value_or("");
}

}  // namespace

TEST_CASE("environment: full, forbidden, read-only and a path through a file are the machine's") {
  for (const int err : {ENOSPC, EDQUOT, EACCES, EPERM, EROFS, ENOTDIR, EIO}) {
    CAPTURE(err);
    CHECK(environment_errno(err));
    CHECK(environment_failure(std::system_error(err, std::generic_category(), "cannot write x")));
  }
  CHECK(message_of(std::system_error(ENOSPC, std::generic_category(), "cannot write x"))
            .find("the disk or quota is full") != std::string::npos);
  CHECK(message_of(std::system_error(EROFS, std::generic_category(), "cannot write x"))
            .find("read-only") != std::string::npos);
}

TEST_CASE("environment: a bad descriptor or argument, or any other exception, is a bug") {
  CHECK_FALSE(environment_errno(EBADF));
  CHECK_FALSE(environment_errno(EINVAL));
  CHECK_FALSE(environment_failure(std::system_error(EBADF, std::generic_category(), "x")));
  CHECK_FALSE(environment_failure(std::runtime_error("money amount out of range")));
  CHECK_FALSE(environment_failure(std::logic_error("already committed")));
  CHECK(message_of(EnvironmentError("--out x is a file")) == "--out x is a file");
}

TEST_CASE("environment: a filesystem error loses its library prefix and keeps its path") {
  const fs::filesystem_error e("cannot create directories", fs::path("a/b"),
                               std::make_error_code(std::errc::not_a_directory));
  const std::string m = message_of(e);
  CHECK(m.rfind("cannot create directories", 0) == 0);
  CHECK(m.find("a/b") != std::string::npos);
  CHECK(m.find("is a file, not a folder") != std::string::npos);
}

TEST_CASE("environment: a file written to a full device fails as the environment") {
  BufferedFile out("/dev/full", 16);
  out.append("more than sixteen bytes, so the buffer is flushed");
  bool thrown = false;
  try {
    out.close();
  } catch (const std::exception& e) {
    thrown = true;
    CHECK(message_of(e).find("No space left on device") != std::string::npos);
  }
  CHECK(thrown);
}
