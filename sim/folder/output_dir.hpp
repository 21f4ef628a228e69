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
//   Before the rename every file and folder of the partial folder is fsynced, and the parent
//   after it, so a crash never shows a committed folder with empty files.
//   A transaction destroyed without commit or keep_incomplete (the command failed before the
//   run, e.g. a refused resume, or could not write its manifest) removes its partial folder.
//   A process killed outright (SIGKILL, a second Ctrl-C) leaves `.<name>.partial-<pid>` behind;
//   the next run into the same parent removes it once its owner is provably gone (same host and
//   boot, no such process, its lock free: sim/folder/partial_owner.hpp).
//
// Safety: with force, `<name>` is replaced only when alchemy wrote it: empty, or a run folder
// whose manifest lists everything in it (sim/folder/output_ownership.hpp); otherwise exit 2
// naming the first foreign file. An --out that is a file, or under one, is an EnvironmentError.

#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "sim/folder/output_ownership.hpp"
#include "sim/folder/partial_owner.hpp"

namespace alchemy {

// The user asked for something we refuse to do (exists without --force, not an output folder):
// bad input, exit code 2, and nothing on disk was touched.
class OutputDirError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class OutputTransaction {
 public:
  // Throws OutputDirError (bad input), or EnvironmentError when the folder cannot be made.
  // Stale partial folders of killed runs in the same parent are removed first, with a note on
  // `notes` (stderr) when not null.
  OutputTransaction(std::filesystem::path target, bool force, std::FILE* notes = stderr);
  // Removes a partial folder that was neither committed nor kept.
  ~OutputTransaction();
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
  std::unique_ptr<PartialOwnership> owner_;  // the partial folder's owner file and lock
};

// `<target>.incomplete`
std::filesystem::path incomplete_path(const std::filesystem::path& target);

// The same moves for callers that manage their own work folder (a resumable sweep keeps it at a
// fixed name): fsyncs folder `from`, moves it to `to` atomically; an existing `to` is replaced
// only when `replace` and alchemy wrote it as a `kind` output. Returns false (and moves nothing)
// otherwise.
bool move_output_folder(const std::filesystem::path& from, const std::filesystem::path& to,
                        bool replace, OutputKind kind);
// Creates folder `dir` (with its parents when `parents`), for output `target`; throws an
// EnvironmentError that names both and says what to do when it cannot.
void create_folder(const std::filesystem::path& dir, bool parents,
                   const std::filesystem::path& target);
// Throws EnvironmentError when `target`, or a folder above it, is a file: nothing can be written
// there, whatever the flags.
void check_output_location(const std::filesystem::path& target);
// Throws OutputDirError when `target` exists and may not be replaced: without force, or with
// force when it is not a `kind` output alchemy wrote (the message names the first foreign file).
void check_replaceable(const std::filesystem::path& target, bool force, OutputKind kind);

}  // namespace alchemy
