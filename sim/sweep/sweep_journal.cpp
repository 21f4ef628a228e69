#include "sim/sweep/sweep_journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <stdexcept>
#include <system_error>

#include "market/rng.hpp"

namespace alchemy {

namespace {

constexpr std::string_view kMagic = "alchemy-sweep-journal 1";

[[noreturn]] void throw_errno(const std::string& what, const std::filesystem::path& p) {
  throw std::system_error(errno, std::generic_category(), what + " " + p.string());
}

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (true) {
    const std::size_t at = s.find(sep, from);
    out.emplace_back(
        s.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
    if (at == std::string_view::npos) return out;
    from = at + 1;
  }
}

std::string read_all(int fd, const std::filesystem::path& p) {
  std::string out;
  if (::lseek(fd, 0, SEEK_SET) < 0) throw_errno("cannot read", p);
  char buf[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("cannot read", p);
    }
    if (n == 0) return out;
    out.append(buf, static_cast<std::size_t>(n));
  }
}

void write_all(int fd, std::string_view s, const std::filesystem::path& p) {
  while (!s.empty()) {
    const ssize_t n = ::write(fd, s.data(), s.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("cannot write", p);
    }
    s.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

std::string JournalHeader::line() const {
  return std::string(kMagic) + " sweep=" + sweep_hash + " build=" + build + " logs=" + logs;
}

std::optional<JournalHeader> JournalHeader::parse(const std::string& line) {
  if (line.rfind(kMagic, 0) != 0) return std::nullopt;
  JournalHeader h;
  int found = 0;
  for (const std::string& word : split(std::string_view(line).substr(kMagic.size()), ' ')) {
    const auto eq = word.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = word.substr(0, eq), value = word.substr(eq + 1);
    if (key == "sweep") h.sweep_hash = value, ++found;
    if (key == "build") h.build = value, ++found;
    if (key == "logs") h.logs = value, ++found;
  }
  return found == 3 ? std::optional<JournalHeader>(h) : std::nullopt;
}

std::string journal_line(std::size_t run, const std::vector<std::string>& cells) {
  std::string line = std::to_string(run);
  for (const std::string& c : cells)
    line += "," + c;
  line += "," + hex64(stable_hash(line)) + "\n";
  return line;
}

std::optional<std::pair<std::size_t, std::vector<std::string>>> parse_journal_line(
    const std::string& line, std::size_t runs, std::size_t cells) {
  const auto comma = line.rfind(',');
  if (comma == std::string::npos || line.size() - comma - 1 != 16) return std::nullopt;
  if (hex64(stable_hash(std::string_view(line).substr(0, comma))) != line.substr(comma + 1)) {
    return std::nullopt;
  }
  std::vector<std::string> fields = split(std::string_view(line).substr(0, comma), ',');
  if (fields.size() != cells + 1) return std::nullopt;
  std::size_t run = 0;
  const auto [ptr, ec] =
      std::from_chars(fields[0].data(), fields[0].data() + fields[0].size(), run);
  if (ec != std::errc() || ptr != fields[0].data() + fields[0].size() || run >= runs) {
    return std::nullopt;
  }
  fields.erase(fields.begin());
  return std::make_pair(run, std::move(fields));
}

SweepJournal::SweepJournal(const std::filesystem::path& file) : path_(file) {
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw_errno("cannot open", file);
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK) {
      throw std::runtime_error("another alchemy sweep is writing to " +
                               file.parent_path().string() +
                               " (its journal is locked); wait for it or use another --out");
    }
    errno = err;
    throw_errno("cannot lock", file);
  }
  const std::string text = read_all(fd_, file);
  const std::string first = text.substr(0, text.find('\n'));
  if (text.find('\n') != std::string::npos) existing_ = JournalHeader::parse(first);
}

SweepJournal::~SweepJournal() {
  if (fd_ >= 0) ::close(fd_);  // also releases the lock
}

void SweepJournal::start(const JournalHeader& h) {
  std::lock_guard lock(mutex_);
  if (::ftruncate(fd_, 0) != 0) throw_errno("cannot truncate", path_);
  write_all(fd_, h.line() + "\n", path_);
  if (::fdatasync(fd_) != 0) throw_errno("cannot sync", path_);
  existing_ = h;
}

JournalRecords SweepJournal::read(std::size_t runs, std::size_t cells) {
  std::lock_guard lock(mutex_);
  const std::string text = read_all(fd_, path_);
  JournalRecords out;
  std::size_t pos = text.find('\n');
  if (pos == std::string::npos) return out;
  ++pos;
  std::size_t line_no = 1;
  while (pos < text.size()) {
    ++line_no;
    const std::size_t end = text.find('\n', pos);
    const bool last = end == std::string::npos || end + 1 == text.size();
    auto rec = end == std::string::npos
                   ? std::nullopt
                   : parse_journal_line(text.substr(pos, end - pos), runs, cells);
    if (!rec) {
      if (!last) {
        throw std::runtime_error(path_.string() + ":" + std::to_string(line_no) +
                                 ": corrupt record; delete the folder (or use --force) to start "
                                 "the sweep over");
      }
      // A torn last line from a process killed mid-write: cut it off; the run is redone.
      if (::ftruncate(fd_, static_cast<off_t>(pos)) != 0) throw_errno("cannot truncate", path_);
      break;
    }
    out.emplace(rec->first, std::move(rec->second));  // a duplicate keeps the first (equal anyway)
    pos = end + 1;
  }
  return out;
}

void SweepJournal::append(std::size_t run, const std::vector<std::string>& cells) {
  const std::string line = journal_line(run, cells);
  std::lock_guard lock(mutex_);
  write_all(fd_, line, path_);
  if (::fdatasync(fd_) != 0) throw_errno("cannot sync", path_);
}

}  // namespace alchemy
