#pragma once
// Failures of the environment, not of the input and not of alchemy: a full disk, no permission,
// a read-only file system, a path through a regular file, a broken standard output. They get
// their own exit code (kEnvironmentExit, README "Exit codes") and a message that says what to
// fix, so that "internal error" (exit 1) is left to real bugs.
//
// Two sources: EnvironmentError, thrown where alchemy itself finds the problem (an --out that is
// a file), and the std::system_error / std::filesystem::filesystem_error of a system call whose
// errno is one the machine, not alchemy, causes (environment_errno).

#include <exception>
#include <optional>
#include <stdexcept>
#include <string>

namespace alchemy {

inline constexpr int kEnvironmentExit = 3;

class EnvironmentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ENOSPC, EDQUOT, EACCES, EPERM, EROFS, ENOTDIR, EEXIST, EISDIR, EIO, EMFILE, ... : the machine's
// doing. EBADF, EINVAL, EFAULT and the like are not: they would be alchemy's bug.
bool environment_errno(int err);

// The message for an environment failure ("cannot write out/x/events.jsonl: No space left on
// device (the disk or quota is full; ...)"), or nullopt when `e` is not one.
std::optional<std::string> environment_failure(const std::exception& e);

// What to do about an errno, for messages: "the disk or quota is full: free space or write
// elsewhere with --out". Empty when there is nothing useful to add.
std::string environment_hint(int err);

}  // namespace alchemy
