#pragma once
// `alchemy sweep` as functions, shared by the one-process path (sim/cli/cli_sweep.cpp) and the MPI
// path (sim/sweep/sweep_mpi.cpp, or sim/sweep/sweep_single_process.cpp when built without MPI).

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "sim/output/run_outputs.hpp"
#include "sim/run/interrupt.hpp"
#include "sim/sweep/sweep_folder.hpp"
#include "sim/sweep/sweep_manifest.hpp"
#include "sim/sweep/sweep_plan.hpp"

namespace alchemy {

// What a sweep writes, chosen by --format (a comma list of jsonl, csv, sqlite) and --keep-logs:
//   csv      runs.csv and summary.csv
//   sqlite   sweep.sqlite: tables runs and summary (the same columns as the CSV files)
// and with --keep-logs, each run's records as `alchemy run --format` writes them, in runs/<run>/:
//   jsonl    events.jsonl
//   csv      series.csv, market.csv, loops.csv
//   sqlite   the run's tables (firms, contracts, events, series, market, loops; `run` is the run
//            index), merged into sweep.sqlite when the sweep completes
// Without --format: csv, and with --keep-logs jsonl,csv logs. jsonl is only a log format, so it
// needs --keep-logs, and the results need csv or sqlite.
struct SweepOutputs {
  bool csv = true;
  bool sqlite = false;
  std::optional<OutputFormats> logs;  // with --keep-logs
};
// Throws std::invalid_argument saying what is wrong (exit 2).
SweepOutputs sweep_outputs(const std::string& format, bool keep_logs);

struct SweepArgs {
  std::string file;
  std::string out;          // default out/<sweep file name without .yaml>
  std::size_t threads = 0;  // 0: all cores (one per rank under MPI)
  bool force = false;
  bool quiet = false;
  bool report = false;  // --report: SWEEP_DIR/report.html once the sweep is complete
  SweepOutputs outputs;
};

std::filesystem::path sweep_out_dir(const SweepArgs& a);

// With --keep-logs (and not --quiet): one line on stderr saying how much the runs' records will
// take (sim/sweep/log_size_estimate.hpp), before anything is run.
void announce_log_size(const SweepPlan& plan, const SweepArgs& args);

// How the runs went, for conclude_sweep.
struct SweepEnd {
  std::string failure;  // a run failed: what and how to reproduce it; empty otherwise
  int signal = 0;       // SIGINT/SIGTERM that stopped the sweep, or 0
};

// "run 17 (point 5, seed …) failed: <what>" and the `alchemy run` command that reproduces it.
std::string describe_failure(const SweepPlan& plan, std::size_t run, const std::string& what);

// After the runs (rank 0 under MPI): when every run is done, writes the tables and manifest,
// commits the folder, writes its report (--report), prints the digest of pd per point
// (sweep_digest.hpp; not with --quiet) and the report's path, and the folder as the last line
// on stdout (exit 0). Otherwise writes the
// tables of the runs done so far into <out>.incomplete, says how to continue, and returns 1
// (a run failed) or 128 + signal (interrupted).
int conclude_sweep(SweepFolder& folder, const SweepPlan& plan, const SweepArgs& args,
                   SweepSession& session, const SweepEnd& end);

// The sweep in this process, on a thread pool. Returns the exit code; throws ConfigError,
// OutputDirError and the like for the caller to map to exit codes.
int run_sweep_locally(const SweepArgs& args, const InterruptHandler& interrupt);

// Whether this process was started by mpirun/mpiexec or srun (their environment variables):
// only then is MPI initialised, so the plain binary never needs an MPI launcher.
inline bool launched_by_mpirun() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
    if (std::getenv(v) != nullptr) return true;
  }
  return false;
}

// The sweep spread over MPI ranks (sweep_mpi.cpp). Without MPI compiled in, says so and returns 2
// (unless the launcher started a single process, which then runs the sweep alone).
int run_sweep_over_mpi(const SweepArgs& args, const InterruptHandler& interrupt);

}  // namespace alchemy
