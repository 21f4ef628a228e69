#pragma once
// The result tables of a sweep, built from the plan and the journal's records (always in run
// order, so the bytes depend only on the sweep, never on threads, ranks or interruptions).
//
// runs.csv — one row per finished run:
//   run,point,seed_index,seed,<parameter keys...>,<metric columns (run_metrics.hpp)...>
// summary.csv — one row per point with at least one finished run:
//   point,<parameter keys...>,runs,pd.<firm>...,<metric>.mean,<metric>.se,<metric>.p05,
//   <metric>.p50,<metric>.p95 for every number metric
//
//   pd.<firm>   share of the point's runs in which the firm defaulted
//   mean        arithmetic mean over the point's runs (summed in run order)
//   se          standard error of the mean, s/√n with the n−1 sample deviation; empty for n < 2
//   p05..p95    quantiles by linear interpolation between order statistics (type 7 of Hyndman &
//               Fan 1996, the default of R and numpy)
// A metric that is empty in some runs (e.g. peak_rho with no recorded step) is summarised over
// the runs where it is present; all empty gives empty cells. CSV as RFC 4180 with LF line ends.

#include <filesystem>
#include <string>
#include <vector>

#include "sim/sweep/sweep_journal.hpp"
#include "sim/sweep/sweep_plan.hpp"

namespace alchemy {

struct Table {
  enum class Type { integer, real, text };
  std::vector<std::string> header;
  std::vector<Type> types;                     // per column, for typed outputs (SQLite)
  std::vector<std::vector<std::string>> rows;  // cells as written to CSV (unquoted)
};

Table runs_table(const SweepPlan& plan, const JournalRecords& records);
Table summary_table(const SweepPlan& plan, const JournalRecords& records);

// Quantile q of sorted values (type 7). values must not be empty.
double quantile_sorted(const std::vector<double>& sorted, double q);

// Writes `t` as CSV, atomically (a temporary file renamed over `file`).
void write_csv(const Table& t, const std::filesystem::path& file);
// Writes the tables into an SQLite database (replacing the file), one SQL table per Table,
// empty cells as NULL; then appends the record tables (events, series, …: sqlite_writer.hpp) of
// each database in run_databases, in the order given, and indexes them as run.sqlite does.
// Written under a temporary name with no rollback journal (a crash leaves only the temporary
// file) and renamed when complete. Throws std::runtime_error on SQLite errors.
void write_sqlite(const std::vector<std::pair<std::string, const Table*>>& tables,
                  const std::vector<std::filesystem::path>& run_databases,
                  const std::filesystem::path& file);

}  // namespace alchemy
