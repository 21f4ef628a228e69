#pragma once
// Prefixes of output files, for resumed and forked runs.
//
// A checkpoint records, for every text output of its run (events.jsonl, series.csv,
// market.csv), how many bytes the file held at that moment and their SHA-256. A run resumed
// from the checkpoint copies exactly that prefix from the parent folder (checking the hash, so a
// missing, cut or different file is refused rather than silently spliced) and appends what it
// simulates; the result is byte for byte the file of a run that never stopped.

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "sim/folder/sha256.hpp"

namespace alchemy {

// What a checkpoint says about one output file.
struct OutputPrefix {
  std::string name;  // relative to the run folder, e.g. "events.jsonl"
  std::uint64_t bytes = 0;
  std::string sha256;
};

// The parent's outputs cannot provide a prefix (bad input: exit code 2).
class PrefixError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A file some writer is appending to, followed so that a checkpoint can state its length and
// hash without hashing it from the start each time. The file seen by readers may be longer than
// what the writer writes: `base` is a prefix that precedes it (copied from a parent run), and
// the first `skip` bytes the writer writes (a CSV header already in the prefix) are not part of
// it.
class FollowedFile {
 public:
  FollowedFile(std::string name, std::filesystem::path written, std::uint64_t skip = 0,
               Sha256 base = Sha256(), std::uint64_t base_bytes = 0);
  // Reads what was appended since the last call (the writer must have flushed); returns the
  // prefix as it stands. Throws std::system_error.
  OutputPrefix catch_up();

 private:
  std::string name_;
  std::filesystem::path written_;
  std::uint64_t skip_;
  Sha256 hash_;
  std::uint64_t bytes_;     // of the whole file (base + what was written after skip)
  std::uint64_t read_ = 0;  // bytes of `written_` consumed
};

// Copies the first p.bytes bytes of `from` to `to` (created), checking them against p.sha256.
// Returns the hash state after them, to continue following the file. Throws PrefixError when
// `from` is missing, shorter, or holds other bytes; std::system_error on I/O errors.
Sha256 copy_prefix(const std::filesystem::path& from, const std::filesystem::path& to,
                   const OutputPrefix& p);

// Appends `tail` from byte `skip` on to `to`, then removes `tail`. Throws std::system_error.
void append_file(const std::filesystem::path& tail, std::uint64_t skip,
                 const std::filesystem::path& to);

}  // namespace alchemy
