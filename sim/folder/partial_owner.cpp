#include "sim/folder/partial_owner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

namespace alchemy {

namespace fs = std::filesystem;

namespace {

std::string read_first_line(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  return line;
}

// The recorded identity, or nullopt when the file is not a complete owner file.
struct Recorded {
  std::string host;
  std::string boot_id;
  pid_t pid = 0;
};

std::optional<Recorded> parse_owner(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != "alchemy partial folder") return std::nullopt;
  Recorded r;
  bool host = false, boot = false, pid = false;
  while (std::getline(in, line)) {
    if (line.starts_with("host ")) r.host = line.substr(5), host = true;
    if (line.starts_with("boot ")) r.boot_id = line.substr(5), boot = true;
    if (line.starts_with("pid ")) {
      const std::string v = line.substr(4);
      long p = 0;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), p);
      pid = ec == std::errc() && end == v.data() + v.size() && p > 0;
      r.pid = static_cast<pid_t>(p);
    }
  }
  if (!host || !boot || !pid) return std::nullopt;
  return r;
}

// An open, exclusively locked owner file of a stale folder; the lock is released on close.
class StaleLock {
 public:
  explicit StaleLock(const fs::path& file) : fd_(::open(file.c_str(), O_RDONLY | O_CLOEXEC)) {}
  ~StaleLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  StaleLock(const StaleLock&) = delete;
  StaleLock& operator=(const StaleLock&) = delete;
  bool opened() const { return fd_ >= 0; }
  bool try_lock() { return fd_ >= 0 && ::flock(fd_, LOCK_EX | LOCK_NB) == 0; }

 private:
  int fd_;
};

// Why the owner may be alive, given its recorded identity (the lock is checked by the caller).
std::optional<std::string> why_alive(const Recorded& r, const MachineIdentity& here,
                                     bool (*pid_alive)(pid_t)) {
  if (here.boot_id.empty()) return "this machine's boot id is unknown";
  if (r.host != here.host) return "it was written on host " + r.host;
  if (r.boot_id != here.boot_id) return "it was written before a reboot, or on another machine";
  if (pid_alive(r.pid)) return "process " + std::to_string(r.pid) + " is running";
  return std::nullopt;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

MachineIdentity MachineIdentity::current() {
  MachineIdentity m;
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) == 0) m.host = host;
  m.boot_id = read_first_line("/proc/sys/kernel/random/boot_id");
  return m;
}

PartialOwnership::PartialOwnership(const fs::path& dir) : file_(dir / kPartialOwnerFile) {
  fd_ = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw std::system_error(errno, std::generic_category(), "cannot create " + file_.string());
  // Locked before the identity is written: a reader that finds a partial file finds it locked.
  if (::flock(fd_, LOCK_EX) != 0) {
    const int err = errno;
    ::close(fd_);
    throw std::system_error(err, std::generic_category(), "cannot lock " + file_.string());
  }
  const MachineIdentity me = MachineIdentity::current();
  const std::string text = "alchemy partial folder\nhost " + me.host + "\nboot " + me.boot_id +
                           "\npid " + std::to_string(::getpid()) + "\n";
  if (::write(fd_, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    const int err = errno;
    ::close(fd_);
    throw std::system_error(err, std::generic_category(), "cannot write " + file_.string());
  }
}

PartialOwnership::~PartialOwnership() {
  if (fd_ >= 0) ::close(fd_);
}

void PartialOwnership::release() {
  if (fd_ < 0) return;
  ::unlink(file_.c_str());  // first: the folder is never without both its file and its lock
  ::close(fd_);
  fd_ = -1;
}

bool is_partial_folder_name(std::string_view name) {
  constexpr std::string_view marker = ".partial-";
  if (name.size() < 2 || name[0] != '.') return false;
  const auto at = name.rfind(marker);
  if (at == std::string_view::npos || at < 2) return false;
  const std::string_view digits = name.substr(at + marker.size());
  if (digits.empty()) return false;
  for (const char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool process_exists(pid_t pid) {
  return ::kill(pid, 0) == 0 || errno != ESRCH;
}

std::optional<std::string> partial_owner_alive(const fs::path& dir, const MachineIdentity& here,
                                               bool (*pid_alive)(pid_t)) {
  const fs::path file = dir / kPartialOwnerFile;
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(file, ec))) return "it has no owner file";
  const auto recorded = parse_owner(slurp(file));
  if (!recorded) return "its owner file is incomplete";
  if (auto why = why_alive(*recorded, here, pid_alive)) return why;
  StaleLock lock(file);
  if (!lock.try_lock()) return "its lock is held";
  return std::nullopt;
}

int remove_stale_partials(const fs::path& parent, const MachineIdentity& here, std::FILE* notes) {
  int removed = 0;
  std::error_code ec;
  const fs::path where = parent.empty() ? fs::path(".") : parent;
  std::vector<fs::path> candidates;  // first listed, then judged: removing while listing skips
  fs::directory_iterator it(where, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (is_partial_folder_name(it->path().filename().string())) candidates.push_back(it->path());
  }
  for (const fs::path& dir : candidates) {
    if (!fs::is_directory(fs::symlink_status(dir, ec)) || ec) continue;
    if (partial_owner_alive(dir, here, process_exists)) continue;
    // Judged gone; hold its lock while removing, so a process that (impossibly) still had it
    // cannot be raced. The owner file is removed last of all, with the folder.
    StaleLock lock(dir / kPartialOwnerFile);
    if (!lock.try_lock()) continue;
    std::error_code rm;
    fs::remove_all(dir, rm);
    if (rm) continue;
    ++removed;
    if (notes) {
      std::fprintf(notes, "removed %s, left by a run that was killed (its process is gone)\n",
                   dir.string().c_str());
    }
  }
  return removed;
}

}  // namespace alchemy
