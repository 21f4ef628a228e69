#include "sim/output/output_dir.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <initializer_list>
#include <string_view>
#include <system_error>

#include "sim/output/manifest.hpp"

namespace alchemy {

namespace fs = std::filesystem;

namespace {

// Joins pieces; avoids `"literal" + std::string` chains, on which GCC 12 gives a false
// -Wrestrict warning.
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const auto p : parts) out += p;
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

bool exists_no_follow(const fs::path& p) { return fs::exists(fs::symlink_status(p)); }

// Only earlier outputs (or nothing) are ever deleted.
bool replaceable(const fs::path& p) {
  if (!fs::is_directory(fs::symlink_status(p))) return false;
  return fs::is_empty(p) || fs::is_regular_file(p / kManifestFileName);
}

// renameat2 where the kernel and file system have it; errno-style result, 0 on success.
int rename2(const fs::path& from, const fs::path& to, unsigned flags) {
  return ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags) == 0 ? 0 : errno;
}

bool unsupported(int err) { return err == EINVAL || err == ENOSYS || err == ENOTSUP; }

[[noreturn]] void throw_rename(int err, const fs::path& from, const fs::path& to) {
  throw fs::filesystem_error("cannot rename", from, to, std::error_code(err, std::generic_category()));
}

// Moves folder `from` to `to`. If `to` exists it is replaced when `replace` (and it is an earlier
// output), else nothing happens and false is returned.
bool move_into_place(const fs::path& from, const fs::path& to, bool replace) {
  if (!exists_no_follow(to)) {
    const int err = rename2(from, to, RENAME_NOREPLACE);
    if (err == 0) return true;
    if (err == EEXIST || err == ENOTEMPTY) return false;  // appeared meanwhile
    if (!unsupported(err)) throw_rename(err, from, to);
    fs::rename(from, to);
    return true;
  }
  if (!replace || !replaceable(to)) return false;
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

bool move_output_folder(const fs::path& from, const fs::path& to, bool replace) {
  return move_into_place(from, to, replace);
}

bool is_replaceable_output(const fs::path& p) { return replaceable(p); }

fs::path incomplete_path(const fs::path& target) {
  fs::path p = target;
  p += ".incomplete";
  return p;
}

OutputTransaction::OutputTransaction(fs::path target, bool force)
    : target_(clean_target(target)), force_(force) {
  if (exists_no_follow(target_)) {
    if (!force_) {
      throw OutputDirError(cat({"output folder ", target_.string(),
                                " already exists; use --force to replace it or --out to choose "
                                "another"}));
    }
    if (!replaceable(target_)) {
      throw OutputDirError(cat({"refusing to replace ", target_.string(),
                                ": it is not an earlier alchemy output (a folder with a "
                                "manifest.json, or an empty folder)"}));
    }
  }
  const fs::path parent = target_.parent_path();
  if (!parent.empty()) fs::create_directories(parent);
  work_ = parent / cat({".", target_.filename().string(), ".partial-", std::to_string(::getpid())});
  fs::remove_all(work_);  // left by a killed process that had our pid
  fs::create_directory(work_);
}

fs::path OutputTransaction::commit() {
  if (done_) throw std::logic_error("output folder already committed or abandoned");
  if (!move_into_place(work_, target_, force_)) {
    throw OutputDirError(cat({"output folder ", target_.string(),
                              " appeared while the run was going and is not replaced; the outputs "
                              "are in ", work_.string()}));
  }
  done_ = true;
  return target_;
}

fs::path OutputTransaction::keep_incomplete() {
  if (done_) throw std::logic_error("output folder already committed or abandoned");
  done_ = true;
  const fs::path dest = incomplete_path(target_);
  // An older `.incomplete` is scratch by definition: the newest attempt replaces it.
  return move_into_place(work_, dest, true) ? dest : work_;
}

}  // namespace alchemy
