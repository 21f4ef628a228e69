#pragma once
// sweep.journal: what makes a sweep resumable. One header line, then one line per finished run,
// appended as runs finish (in any order) and flushed to disk (fdatasync) before the next:
//
//   alchemy-sweep-journal 1 sweep=<plan hash> build=<version>+<git revision> logs=none|<formats>
//   <run index>,<metric cells as in runs.csv...>,<fnv1a-64 hex of the line before this field>
//
// The final runs.csv and summary.csv are always rebuilt from the journal in run order, so they
// do not depend on the order runs finished in, nor on how many times the sweep was stopped. A
// process killed while appending can leave a torn last line: its checksum fails and it is
// dropped (the file is cut back to the last whole line), so that run is simply done again.
// Metric cells never contain commas (numbers, dates, firm ids).
//
// The journal is locked (flock) while open, so two sweeps cannot write into the same folder.

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace alchemy {

struct JournalHeader {
  std::string sweep_hash;
  std::string build;
  std::string logs = "none";  // the formats of the runs' kept logs ("jsonl,csv"), or none
  std::string line() const;   // without '\n'
  static std::optional<JournalHeader> parse(const std::string& line);
  friend bool operator==(const JournalHeader&, const JournalHeader&) = default;
};

using JournalRecords = std::map<std::size_t, std::vector<std::string>>;  // run → cells

// A record line (with '\n') and its inverse; nullopt for a torn or corrupt line, a run outside
// [0, runs) or the wrong number of cells.
std::string journal_line(std::size_t run, const std::vector<std::string>& cells);
std::optional<std::pair<std::size_t, std::vector<std::string>>> parse_journal_line(
    const std::string& line, std::size_t runs, std::size_t cells);

class SweepJournal {
 public:
  // Opens (creating if needed) and locks `file`. Throws std::system_error, or
  // std::runtime_error when another process holds the lock.
  explicit SweepJournal(const std::filesystem::path& file);
  ~SweepJournal();
  SweepJournal(const SweepJournal&) = delete;
  SweepJournal& operator=(const SweepJournal&) = delete;

  // The header of an existing journal (nullopt when the file was empty or has no valid header).
  const std::optional<JournalHeader>& existing_header() const { return existing_; }
  // Empties the file and writes `h`.
  void start(const JournalHeader& h);
  // Reads the records after the header; drops a torn last line (cutting the file back).
  // Throws std::runtime_error naming the line when a line before the last is corrupt.
  JournalRecords read(std::size_t runs, std::size_t cells);
  // Appends one record and waits until it is on disk. Thread-safe.
  void append(std::size_t run, const std::vector<std::string>& cells);

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::optional<JournalHeader> existing_;
  std::mutex mutex_;
};

inline constexpr const char* kJournalFileName = "sweep.journal";

}  // namespace alchemy
