#pragma once
// Who owns a hidden partial folder `.<name>.partial-<pid>` (sim/folder/output_dir.hpp), so that
// one left by a killed process can be removed by a later run, and one still being written never
// is. The owner file `.alchemy-owner` inside it says
//
//   alchemy partial folder
//   host <hostname>
//   boot <the kernel's /proc/sys/kernel/random/boot_id>
//   pid <process id>
//
// and its owner holds an flock on it for as long as it writes there. A partial folder is stale,
// and removed, only when its owner is provably gone: the same host and the same boot (a pid means
// nothing on another machine or after a reboot, and a shared file system is seen from many
// hosts), no process with that pid, and the lock free. Anything less certain (no owner file, an
// unreadable one, another host or boot, a live pid, a held lock) keeps the folder.
//
// The owner file is not an output: describe_output_files skips it, and it is deleted before the
// folder is committed or kept as <name>.incomplete.

#include <sys/types.h>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace alchemy {

inline constexpr const char* kPartialOwnerFile = ".alchemy-owner";

// This machine and this boot: what an owner file records.
struct MachineIdentity {
  std::string host;     // gethostname
  std::string boot_id;  // empty when /proc/sys/kernel/random/boot_id cannot be read
  static MachineIdentity current();
};

// The owner file of a partial folder, written and locked by the process that writes there.
class PartialOwnership {
 public:
  // Creates dir/.alchemy-owner, locks it and writes this process's identity into it. Throws
  // std::system_error.
  explicit PartialOwnership(const std::filesystem::path& dir);
  ~PartialOwnership();  // releases the lock (the file stays unless release() deleted it)
  PartialOwnership(const PartialOwnership&) = delete;
  PartialOwnership& operator=(const PartialOwnership&) = delete;

  // Deletes the owner file, then lets the lock go: the folder becomes an output. Idempotent.
  void release();

 private:
  std::filesystem::path file_;
  int fd_ = -1;
};

// Whether a folder's name is that of a partial folder: ".<name>.partial-<digits>".
bool is_partial_folder_name(std::string_view name);

// Why partial folder `dir` must be kept, or nullopt when its owner is provably gone (see above).
// `here` is this machine; `pid_alive` says whether a process id is in use on it.
std::optional<std::string> partial_owner_alive(const std::filesystem::path& dir,
                                               const MachineIdentity& here,
                                               bool (*pid_alive)(pid_t));

// kill(pid, 0): a process with this id exists (also one we may not signal).
bool process_exists(pid_t pid);

// Removes the stale partial folders in `parent` (none outside it), each while holding its lock,
// and says so on `notes` when not null. Returns how many it removed. Never throws: a folder that
// cannot be judged or removed stays.
int remove_stale_partials(const std::filesystem::path& parent, const MachineIdentity& here,
                          std::FILE* notes);

}  // namespace alchemy
