#pragma once
// The record files of a run folder, chosen by `--format` (a comma list, default "jsonl,csv"):
//   jsonl   events.jsonl                 (sim/output/jsonl_writer.hpp)
//   csv     series.csv and market.csv    (sim/output/series_csv_writer.hpp)
//           and loops.csv                (sim/output/loops_csv_writer.hpp)
//           and, for a run's folder, network.csv (sim/output/network_csv_writer.hpp; its rows
//           come from sim/run/network_recorder.hpp, not from the engine's sink)
//   sqlite  run.sqlite                   (sim/output/sqlite_writer.hpp)
//
// A run that continues another from a checkpoint (resume, fork) first copies the parent's files
// as they were at the checkpoint (sim/output/output_prefix.hpp); its writers then write into hidden
// `.tail-<name>` files, which close() appends to the copies. The CSV writers' header lines are
// skipped there, since the copies start with them.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/output/jsonl_writer.hpp"
#include "sim/output/loops_csv_writer.hpp"
#include "sim/output/network_csv_writer.hpp"
#include "sim/output/output_prefix.hpp"
#include "sim/output/series_csv_writer.hpp"
#include "sim/output/sqlite_writer.hpp"

namespace alchemy {

struct OutputFormats {
  bool jsonl = true;
  bool csv = true;
  bool sqlite = false;
  std::string str() const;  // "jsonl,csv" (canonical order)
  friend bool operator==(const OutputFormats&, const OutputFormats&) = default;
};

// "jsonl,csv,sqlite" in any order, each at most once, at least one. Throws std::invalid_argument
// saying what is wrong.
OutputFormats parse_output_formats(std::string_view list);

// Where a continued run's records before the checkpoint come from.
struct OutputContinuation {
  std::filesystem::path parent_dir;    // the folder of the run the checkpoint came from
  std::vector<OutputPrefix> prefixes;  // the text files, as the checkpoint recorded them
  SqliteContinuation sqlite;           // used when the formats include sqlite
};

class RunOutputs {
 public:
  // Opens the writers in `dir`. With a continuation, copies the parent's prefixes first (throws
  // PrefixError when they are missing or differ; the parent's run.sqlite likewise). `network`:
  // also network.csv when the formats include csv (runs, resumes and forks; not a sweep's logs).
  RunOutputs(const std::filesystem::path& dir, OutputFormats formats, SqliteRunInfo sqlite_info,
             const OutputContinuation* continuation = nullptr, bool network = false);

  void add_to(FanoutSink& sink);
  // Everything written so far reaches the files (for checkpoints).
  void flush();
  // Flushes and closes every writer and completes continued files. Throws on I/O errors.
  void close();

  // The text files as they will read when closed, followed from what the writers wrote.
  std::vector<FollowedFile> followed_files() const;
  SqliteWriter* sqlite() { return sqlite_ ? &*sqlite_ : nullptr; }
  NetworkCsvWriter* network_csv() { return network_ ? &*network_ : nullptr; }
  const OutputFormats& formats() const { return formats_; }

 private:
  struct TextFile {
    std::string name;
    std::filesystem::path written;  // where the writer writes
    std::uint64_t skip = 0;         // header bytes the copied prefix already has
    Sha256 base;                    // hash state after the copied prefix
    std::uint64_t base_bytes = 0;
    bool continued = false;
  };
  std::filesystem::path dir_;
  OutputFormats formats_;
  std::vector<TextFile> files_;
  std::optional<JsonlWriter> jsonl_;
  std::optional<SeriesCsvWriter> csv_;
  std::optional<LoopsCsvWriter> loops_;
  std::optional<NetworkCsvWriter> network_;
  std::optional<SqliteWriter> sqlite_;
  bool closed_ = false;
};

}  // namespace alchemy
