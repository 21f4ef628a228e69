#pragma once
// The output folder of a sweep, resumable. Everything is written into `<out>.incomplete`, a
// fixed name (unlike `run`'s `.<out>.partial-<pid>`) so that the same command run again finds
// it: its sweep.journal (sweep_journal.hpp) says which runs are done. When every run is done
// the tables and manifest are written there and the folder is renamed to `<out>` (atomically;
// an existing `<out>` is replaced only with --force, and only if it is an earlier output).
//
// Opening `<out>.incomplete`:
//   - no such folder: created, with a new journal;
//   - a journal of the same sweep (same plan hash, build, and --keep-logs with the same log
//     formats): resumed;
//   - a journal of another sweep, or a folder without a journal (e.g. an interrupted `alchemy
//     run`): refused with a message saying why, or with --force emptied and started over.
// --force never discards the matching partial results of the same sweep: rerunning a batch
// script that says --force after a time limit killed it still resumes.

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "sim/output/run_outputs.hpp"
#include "sim/sweep/sweep_journal.hpp"
#include "sim/sweep/sweep_plan.hpp"
#include "sim/sweep/sweep_runner.hpp"
#include "sim/sweep/sweep_tables.hpp"

namespace alchemy {

class SweepFolder {
 public:
  // Throws OutputDirError (bad input: exit 2) or std::system_error. Notes about resuming or
  // discarding go to `notes` (stderr), or nowhere when null.
  // logs: the formats of each run's kept records (--keep-logs), or nullopt.
  SweepFolder(std::filesystem::path target, const SweepPlan& plan, bool force,
              std::optional<OutputFormats> logs, std::FILE* notes);

  // <target>.incomplete for a target as given on the command line ("out/x/" → "out/x.incomplete").
  static std::filesystem::path work_dir_for(const std::filesystem::path& target);

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& work_dir() const { return work_; }
  // Where per-run logs go (work/runs) and in which formats, when --keep-logs.
  std::optional<RunLogs> logs() const;
  static std::filesystem::path log_root_for(const std::filesystem::path& target);

  // The runs not yet done, in run order; and how many were done before this process started.
  std::vector<std::size_t> remaining() const;
  std::size_t resumed() const { return resumed_; }
  std::size_t done() const;

  // A finished run: to the journal (on disk when this returns). Thread-safe.
  void record(std::size_t run, const std::vector<std::string>& cells);

  // runs.csv and summary.csv (and sweep.sqlite) from the journal, into the work folder. With
  // sqlite logs, sweep.sqlite also gets the record tables of every journaled run, in run order.
  void write_tables(bool csv, bool sqlite) const;
  // summary.csv's table of the runs journaled so far (for what the sweep prints at the end).
  Table summary() const;
  // When the sweep is complete and sweep.sqlite was written: removes the runs' own run.sqlite
  // files, merged into it (and run folders left empty). Until then they are what resuming and
  // the partial sweep.sqlite of an interrupted sweep read.
  void drop_merged_logs(bool sqlite_written);
  // Renames the work folder to the target. Throws OutputDirError if the target appeared and
  // may not be replaced.
  std::filesystem::path commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path work_;
  const SweepPlan& plan_;
  bool force_ = false;
  std::optional<OutputFormats> logs_;
  std::unique_ptr<SweepJournal> journal_;
  JournalRecords records_;
  std::size_t resumed_ = 0;
  mutable std::mutex mutex_;
};

// The build's identity as written in journals: "<version>+<git revision>".
std::string sweep_build_id();

}  // namespace alchemy
