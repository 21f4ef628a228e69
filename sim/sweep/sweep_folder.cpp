#include "sim/sweep/sweep_folder.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <vector>

#include "sim/folder/manifest.hpp"
#include "sim/folder/output_dir.hpp"
#include "sim/folder/version.hpp"
#include "sim/sweep/sweep_tables.hpp"

namespace alchemy {

namespace fs = std::filesystem;

namespace {

fs::path clean_target(const fs::path& given) {
  fs::path p = given.lexically_normal();
  if (!p.empty() && !p.has_filename()) p = p.parent_path();  // "out/sweep/" → "out/sweep"
  if (p.empty() || !p.has_filename() || p.filename() == "." || p.filename() == "..") {
    throw OutputDirError("'" + given.string() +
                         "' cannot be an output folder; name a folder such as out/sweep");
  }
  return p;
}

bool exists_no_follow(const fs::path& p) {
  return fs::exists(fs::symlink_status(p));
}

// Why a journal's header does not fit this sweep, or "" when it does.
std::string mismatch(const JournalHeader& found, const JournalHeader& want) {
  if (found.sweep_hash != want.sweep_hash) {
    return "they are of a different sweep (the sweep file or its scenario changed since)";
  }
  if (found.build != want.build) {
    return "they were made by another build of alchemy (" + found.build + ", this is " +
           want.build + "), whose results may differ";
  }
  if (found.logs != want.logs) {
    const auto how = [](const std::string& logs) {
      return logs == "none" ? std::string("without --keep-logs")
                            : "with --keep-logs and log formats " + logs;
    };
    return "they were started " + how(found.logs) + ", this sweep is " + how(want.logs);
  }
  return {};
}

// The first thing in a sweep's work folder that a sweep does not write (its journal, tables,
// manifest and runs/ logs), or nullopt.
std::optional<std::string> foreign_in_sweep_work(const fs::path& work) {
  const std::set<std::string> own{kJournalFileName, kManifestFileName, "runs.csv", "summary.csv",
                                  "sweep.sqlite"};
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(work))
    entries.push_back(e.path());
  std::sort(entries.begin(), entries.end());
  for (const fs::path& p : entries) {
    const std::string name = p.filename().string();
    const fs::file_status st = fs::symlink_status(p);
    if (name == "runs" && fs::is_directory(st)) continue;  // each run's kept logs
    if (!own.count(name) || !fs::is_regular_file(st)) {
      return p.string() + " is not a file a sweep writes";
    }
  }
  return std::nullopt;
}

// Empties a folder except for `keep`.
void empty_folder(const fs::path& dir, const fs::path& keep) {
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path() != keep) fs::remove_all(e.path());
  }
}

}  // namespace

std::string sweep_build_id() {
  return std::string(version()) + "+" + std::string(git_revision());
}

fs::path SweepFolder::work_dir_for(const fs::path& target) {
  return incomplete_path(clean_target(target));
}

SweepFolder::SweepFolder(fs::path target, const SweepPlan& plan, bool force,
                         std::optional<OutputFormats> logs, std::FILE* notes)
    : target_(clean_target(target)), plan_(plan), force_(force), logs_(logs) {
  check_output_location(target_);
  check_replaceable(target_, force_, OutputKind::sweep);
  work_ = incomplete_path(target_);
  const JournalHeader want{plan.hash(), sweep_build_id(), logs ? logs->str() : "none"};
  const fs::path journal_file = work_ / kJournalFileName;

  if (exists_no_follow(work_) && !fs::is_directory(fs::symlink_status(work_))) {
    throw OutputDirError(work_.string() + " exists and is not a folder; move it away");
  }
  const bool had_work = exists_no_follow(work_);
  const bool had_journal = had_work && exists_no_follow(journal_file);
  const bool foreign = had_work && !had_journal && !fs::is_empty(work_);
  if (foreign && !force_) {
    throw OutputDirError(work_.string() +
                         " exists but holds no sweep journal (an interrupted `alchemy run`?); "
                         "delete it, use --force to replace it, or --out to write elsewhere");
  }
  // --force discards partial results only when they are alchemy's: a sweep's files, or an
  // interrupted run's folder its manifest describes; never a file of the user's.
  if (force_ && had_work) {
    const auto why_not = had_journal ? foreign_in_sweep_work(work_)
                                     : not_replaceable_because(work_, OutputKind::run);
    if (why_not) {
      throw OutputDirError("refusing to discard " + work_.string() + " with --force: " + *why_not +
                           "; move it away, or choose another --out");
    }
  }
  create_folder(work_, true, target_);
  journal_ = std::make_unique<SweepJournal>(journal_file);  // locks: one sweep per folder

  const auto& found = journal_->existing_header();
  std::string why;
  if (foreign) why = "it holds no sweep journal";
  if (had_journal && !found) why = "its journal has no valid header";
  if (found) why = mismatch(*found, want);
  if (found && why.empty()) {
    try {
      records_ = journal_->read(plan.runs(), plan.metric_columns().size());
    } catch (const std::runtime_error& e) {
      if (!force_) throw OutputDirError(e.what());
      why = e.what();
    }
  }
  if (!why.empty() || !found) {
    if (!why.empty() && !force_) {
      throw OutputDirError("partial results in " + work_.string() + " cannot be resumed: " + why +
                           "; delete the folder, use --force to discard them, or --out to write "
                           "elsewhere");
    }
    if (!why.empty() && notes) {
      std::fprintf(notes, "discarding partial results in %s: %s\n", work_.string().c_str(),
                   why.c_str());
    }
    empty_folder(work_, journal_file);
    journal_->start(want);
    records_.clear();
  }
  resumed_ = records_.size();
  if (resumed_ > 0 && notes) {
    std::fprintf(notes, "resuming the sweep in %s: %zu of %zu runs already done\n",
                 work_.string().c_str(), resumed_, plan.runs());
  }
}

fs::path SweepFolder::log_root_for(const fs::path& target) {
  return work_dir_for(target) / "runs";
}

std::optional<RunLogs> SweepFolder::logs() const {
  if (!logs_) return std::nullopt;
  return RunLogs{work_ / "runs", *logs_};
}

std::vector<std::size_t> SweepFolder::remaining() const {
  std::lock_guard lock(mutex_);
  std::vector<std::size_t> out;
  for (std::size_t r = 0; r < plan_.runs(); ++r) {
    if (!records_.count(r)) out.push_back(r);
  }
  return out;
}

std::size_t SweepFolder::done() const {
  std::lock_guard lock(mutex_);
  return records_.size();
}

void SweepFolder::record(std::size_t run, const std::vector<std::string>& cells) {
  journal_->append(run, cells);  // first on disk, then counted
  std::lock_guard lock(mutex_);
  records_.emplace(run, cells);
}

void SweepFolder::write_tables(bool csv, bool sqlite) const {
  std::lock_guard lock(mutex_);
  const Table runs = runs_table(plan_, records_);
  const Table summary = summary_table(plan_, records_);
  if (csv) {
    write_csv(runs, work_ / "runs.csv");
    write_csv(summary, work_ / "summary.csv");
  }
  if (!sqlite) return;
  std::vector<fs::path> run_databases;  // in run order, as records are
  if (logs_ && logs_->sqlite) {
    for (const auto& entry : records_) {
      run_databases.push_back(work_ / "runs" / std::to_string(entry.first) / kSqliteFileName);
    }
  }
  write_sqlite({{"runs", &runs}, {"summary", &summary}}, run_databases, work_ / "sweep.sqlite");
}

Table SweepFolder::summary() const {
  std::lock_guard lock(mutex_);
  return summary_table(plan_, records_);
}

void SweepFolder::drop_merged_logs(bool sqlite_written) {
  if (!sqlite_written || !logs_ || !logs_->sqlite) return;
  std::lock_guard lock(mutex_);
  for (const auto& entry : records_) {
    const fs::path dir = work_ / "runs" / std::to_string(entry.first);
    fs::remove(dir / kSqliteFileName);
    if (fs::is_empty(dir)) fs::remove(dir);
  }
  const fs::path root = work_ / "runs";
  if (fs::exists(root) && fs::is_empty(root)) fs::remove(root);
}

fs::path SweepFolder::commit() {
  journal_.reset();  // close (and unlock) before the folder moves
  if (!move_output_folder(work_, target_, force_, OutputKind::sweep)) {
    throw OutputDirError("output folder " + target_.string() +
                         " appeared while the sweep was going and is not replaced; the results "
                         "are in " +
                         work_.string());
  }
  return target_;
}

}  // namespace alchemy
