#pragma once
// The output folder of a run as a transaction. A run never writes into its final folder:
//
//   1. OutputTransaction(target, force) checks the target, then creates the hidden sibling
//      `.<name>.partial-<pid>` and the run writes there.
//   2. commit(): the partial folder is renamed to `<name>`. An existing `<name>` is replaced only
//      with force, and only now, by an atomic exchange of the two folders (renameat2
//      RENAME_EXCHANGE; two renames where the file system lacks it), after which the old
//      folder is deleted. So a run that fails leaves the old outputs exactly as they were.
//   3. keep_incomplete(): a run that failed or was interrupted renames its partial folder to
//      `<name>.incomplete` (replacing an older `<name>.incomplete`), next to the untouched
//      `<name>`; its manifest says status incomplete or failed.
//   A process killed outright (SIGKILL, a second Ctrl-C) leaves `.<name>.partial-<pid>` behind;
//   it is never read by alchemy and can be deleted.
//
// Safety: with force, `<name>` is replaced only when it is a real folder (not a symlink) that is
// empty or holds a manifest.json, i.e. an earlier alchemy output; `--out ~ --force` is refused.

#include <filesystem>
#include <stdexcept>
#include <string>

namespace alchemy {

// The user asked for something we refuse to do (exists without --force, not an output folder):
// bad input, exit code 2, and nothing on disk was touched.
class OutputDirError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class OutputTransaction {
 public:
  // Throws OutputDirError, or std::filesystem::filesystem_error when the folder cannot be made.
  OutputTransaction(std::filesystem::path target, bool force);
  // Leaves an uncommitted partial folder where it is (the caller decides what it means).
  ~OutputTransaction() = default;
  OutputTransaction(const OutputTransaction&) = delete;
  OutputTransaction& operator=(const OutputTransaction&) = delete;

  // Where the run writes.
  const std::filesystem::path& work_dir() const { return work_; }
  const std::filesystem::path& target() const { return target_; }

  // Moves the work folder to the target; returns the target. Without force, fails with
  // OutputDirError if the target appeared meanwhile (the work folder then stays as it is).
  std::filesystem::path commit();
  // Moves the work folder to `<name>.incomplete`; returns where the outputs now are.
  std::filesystem::path keep_incomplete();

 private:
  std::filesystem::path target_;
  std::filesystem::path work_;
  bool force_ = false;
  bool done_ = false;
};

// `<target>.incomplete`
std::filesystem::path incomplete_path(const std::filesystem::path& target);

// The same moves for callers that manage their own work folder (a resumable sweep keeps it at a
// fixed name): moves folder `from` to `to` atomically; an existing `to` is replaced only when
// `replace` and is_replaceable_output(to). Returns false (and moves nothing) otherwise.
bool move_output_folder(const std::filesystem::path& from, const std::filesystem::path& to,
                        bool replace);
// A real folder (not a symlink) that is empty or holds a manifest.json: an earlier output.
bool is_replaceable_output(const std::filesystem::path& p);

}  // namespace alchemy
