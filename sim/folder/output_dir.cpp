#include "sim/folder/output_dir.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <initializer_list>
#include <string_view>
#include <system_error>

#include "sim/folder/environment_error.hpp"
#include "sim/folder/manifest.hpp"
#include "sim/folder/output_ownership.hpp"
#include "sim/folder/partial_owner.hpp"

namespace alchemy {

namespace fs = std::filesystem;

namespace {

// Joins pieces; avoids `"literal" + std::string` chains, on which GCC 12 gives a false
// -Wrestrict warning.
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const auto p : parts)
    out += p;
  return out;
}

fs::path clean_target(const fs::path& given) {
  fs::path p = given.lexically_normal();
  if (!p.empty() && !p.has_filename()) p = p.parent_path();  // "out/run/" → "out/run"
  if (p.empty() || !p.has_filename() || p.filename() == "." || p.filename() == "..") {
    throw OutputDirError(
        cat({"'", given.string(), "' cannot be an output folder; name a folder such as out/run"}));
  }
  return p;
}

bool exists_no_follow(const fs::path& p) {
  return fs::exists(fs::symlink_status(p));
}

// Only earlier outputs of the same kind (or nothing) are ever deleted.
bool replaceable(const fs::path& p, OutputKind kind) {
  return !not_replaceable_because(p, kind).has_value();
}

// A target or one of its parents that is a file, not a folder: the run could not write there
// whatever the flags (exit 3, with the path that is in the way).
void check_no_file_in_the_way(const fs::path& target) {
  const fs::file_status st = fs::symlink_status(target);
  if (fs::exists(st) && !fs::is_directory(st) && !fs::is_symlink(st)) {
    throw EnvironmentError(cat({"--out ", target.string(),
                                " is a file, not a folder; name a folder (it must not exist "
                                "yet, or be an earlier alchemy output with --force)"}));
  }
  for (fs::path p = target.parent_path(); !p.empty(); p = p.parent_path()) {
    const fs::file_status s = fs::status(p);  // follows symlinks: a link to a folder is fine
    if (fs::exists(s) && !fs::is_directory(s)) {
      throw EnvironmentError(cat({"cannot create the output folder ", target.string(), ": ",
                                  p.string(), " is a file, not a folder"}));
    }
    if (p == p.parent_path()) break;
  }
}

}  // namespace

// Creates `dir` (and its parents), or says why it cannot in the environment's terms.
void create_folder(const fs::path& dir, bool parents, const fs::path& target) {
  std::error_code ec;
  if (parents) {
    fs::create_directories(dir, ec);
  } else if (!fs::create_directory(dir, ec) && !ec) {
    ec = std::make_error_code(std::errc::file_exists);
  }
  if (!ec) return;
  std::string message = cat({"cannot create the output folder ", target.string(), ": ",
                             dir.string(), ": ", ec.message()});
  const std::string hint = environment_hint(ec.value());
  if (!hint.empty()) message += cat({" (", hint, ")"});
  throw EnvironmentError(message);
}

namespace {

// Every file and folder under `dir`, and `dir`, on disk: fsync, so that the rename that makes the
// folder visible can never show a folder whose files a crash then empties.
void sync_path(const fs::path& p, bool directory) {
  const int fd = ::open(p.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0)
    throw fs::filesystem_error("cannot open to sync", p,
                               std::error_code(errno, std::generic_category()));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0 && err != EINVAL) {  // EINVAL: a file system that cannot sync (nothing to do)
    throw fs::filesystem_error("cannot sync", p, std::error_code(err, std::generic_category()));
  }
}

void sync_tree(const fs::path& dir) {
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const fs::file_status s = e.symlink_status();
    if (fs::is_regular_file(s)) sync_path(e.path(), false);
    if (fs::is_directory(s)) sync_path(e.path(), true);
  }
  sync_path(dir, true);
}

// renameat2 where the kernel and file system have it; errno-style result, 0 on success.
int rename2(const fs::path& from, const fs::path& to, unsigned flags) {
  return ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags) == 0 ? 0 : errno;
}

bool unsupported(int err) {
  return err == EINVAL || err == ENOSYS || err == ENOTSUP;
}

[[noreturn]] void throw_rename(int err, const fs::path& from, const fs::path& to) {
  throw fs::filesystem_error("cannot rename", from, to,
                             std::error_code(err, std::generic_category()));
}

// Moves folder `from` to `to`. If `to` exists it is replaced when `replace` (and it is an earlier
// output), else nothing happens and false is returned.
bool move_into_place(const fs::path& from, const fs::path& to, bool replace, OutputKind kind) {
  if (!exists_no_follow(to)) {
    const int err = rename2(from, to, RENAME_NOREPLACE);
    if (err == 0) return true;
    if (err == EEXIST || err == ENOTEMPTY) return false;  // appeared meanwhile
    if (!unsupported(err)) throw_rename(err, from, to);
    fs::rename(from, to);
    return true;
  }
  if (!replace || !replaceable(to, kind)) return false;
  // Atomic swap: at no moment is there no folder `to`; the old one ends up at `from`.
  const int err = rename2(from, to, RENAME_EXCHANGE);
  if (err == 0) {
    std::error_code ignored;  // the new outputs are in place; a leftover old copy is harmless
    fs::remove_all(from, ignored);
    return true;
  }
  if (!unsupported(err)) throw_rename(err, from, to);
  const fs::path aside =
      to.parent_path() / cat({".", to.filename().string(), ".old-", std::to_string(::getpid())});
  fs::rename(to, aside);
  fs::rename(from, to);
  std::error_code ignored;
  fs::remove_all(aside, ignored);
  return true;
}

}  // namespace

bool move_output_folder(const fs::path& from, const fs::path& to, bool replace, OutputKind kind) {
  sync_tree(from);
  const bool moved = move_into_place(from, to, replace, kind);
  if (moved) sync_path(to.parent_path().empty() ? fs::path(".") : to.parent_path(), true);
  return moved;
}

void check_output_location(const fs::path& target) {
  check_no_file_in_the_way(target);
}

void check_replaceable(const fs::path& target, bool force, OutputKind kind) {
  if (!exists_no_follow(target)) return;
  if (!force) {
    throw OutputDirError(cat({"output folder ", target.string(),
                              " already exists; use --force to replace it or --out to choose "
                              "another"}));
  }
  if (const auto why = not_replaceable_because(target, kind)) {
    throw OutputDirError(cat({"refusing to replace ", target.string(), " with --force: ", *why,
                              "; --force replaces only a folder alchemy wrote itself (move the "
                              "file away, or choose another --out)"}));
  }
}

fs::path incomplete_path(const fs::path& target) {
  fs::path p = target;
  p += ".incomplete";
  return p;
}

OutputTransaction::OutputTransaction(fs::path target, bool force, std::FILE* notes)
    : target_(clean_target(target)), force_(force) {
  check_no_file_in_the_way(target_);
  check_replaceable(target_, force_, OutputKind::run);
  const fs::path parent = target_.parent_path();
  if (!parent.empty()) create_folder(parent, true, target_);
  const MachineIdentity here = MachineIdentity::current();
  remove_stale_partials(parent, here, notes);
  work_ = parent / cat({".", target_.filename().string(), ".partial-", std::to_string(::getpid())});
  if (exists_no_follow(work_)) {
    // Our pid, so its writer is gone if it ran here: removed by the same rule as any other.
    if (partial_owner_alive(work_, here, [](pid_t) { return false; })) {
      throw EnvironmentError(cat({work_.string(),
                                  " exists and may belong to a run on another machine; delete it "
                                  "if no run is writing there"}));
    }
    fs::remove_all(work_);
  }
  create_folder(work_, false, target_);
  try {
    owner_ = std::make_unique<PartialOwnership>(work_);
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(work_, ignored);
    throw;
  }
}

OutputTransaction::~OutputTransaction() {
  if (done_) return;
  // Neither committed nor kept: the run never started, or failed before it could say so (a
  // refused resume, a disk that filled up). What it wrote is of no use to anyone.
  owner_.reset();
  std::error_code ignored;
  fs::remove_all(work_, ignored);
}

fs::path OutputTransaction::commit() {
  if (done_) throw std::logic_error("output folder already committed or abandoned");
  if (owner_) owner_->release();
  if (!move_output_folder(work_, target_, force_, OutputKind::run)) {
    done_ = true;  // the outputs stay where the message says
    throw OutputDirError(cat({"output folder ", target_.string(),
                              " appeared while the run was going and is not replaced; the outputs "
                              "are in ",
                              work_.string()}));
  }
  done_ = true;
  return target_;
}

fs::path OutputTransaction::keep_incomplete() {
  if (done_) throw std::logic_error("output folder already committed or abandoned");
  done_ = true;
  if (owner_) owner_->release();
  const fs::path dest = incomplete_path(target_);
  // An older `.incomplete` run is scratch by definition: the newest attempt replaces it (when
  // alchemy wrote it: see output_ownership.hpp).
  return move_into_place(work_, dest, true, OutputKind::run) ? dest : work_;
}

}  // namespace alchemy
