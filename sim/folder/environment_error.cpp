#include "sim/folder/environment_error.hpp"

#include <cerrno>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace alchemy {

bool environment_errno(int err) {
  switch (err) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
    case EACCES:
    case EPERM:
    case EROFS:
    case ENOTDIR:
    case EISDIR:
    case EEXIST:
    case ENOTEMPTY:
    case ENOENT:
    case ELOOP:
    case ENAMETOOLONG:
    case EIO:
    case EMFILE:
    case ENFILE:
    case ENOMEM:
    case EBUSY:
    case ETXTBSY:
    case EXDEV:
    case EPIPE:
    case ESTALE:
    case ENXIO:
    case ENODEV:
      return true;
    default:
      return false;
  }
}

std::string environment_hint(int err) {
  switch (err) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
      return "the disk or quota is full: free space, or write elsewhere with --out";
    case EACCES:
    case EPERM:
      return "no permission: choose a folder you may write with --out";
    case EROFS:
      return "the file system is read-only: choose another folder with --out";
    case ENOTDIR:
      return "a part of the path is a file, not a folder";
    case EIO:
      return "the device reported an I/O error";
    default:
      return {};
  }
}

namespace {

// "filesystem error: cannot create directories: Not a directory [a/b]" → without the prefix.
std::string without_prefix(std::string_view what) {
  constexpr std::string_view prefix = "filesystem error: ";
  if (what.starts_with(prefix)) what.remove_prefix(prefix.size());
  return std::string(what);
}

std::string with_hint(std::string message, int err) {
  const std::string hint = environment_hint(err);
  if (!hint.empty()) message += " (" + hint + ")";
  return message;
}

}  // namespace

std::optional<std::string> environment_failure(const std::exception& e) {
  if (dynamic_cast<const EnvironmentError*>(&e)) return std::string(e.what());
  const auto* sys = dynamic_cast<const std::system_error*>(&e);
  if (!sys) return std::nullopt;
  const std::error_code& code = sys->code();
  const bool errno_category =
      code.category() == std::generic_category() || code.category() == std::system_category();
  if (!errno_category || !environment_errno(code.value())) return std::nullopt;
  return with_hint(without_prefix(e.what()), code.value());
}

}  // namespace alchemy
