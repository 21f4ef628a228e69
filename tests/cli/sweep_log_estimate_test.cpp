// `alchemy sweep --keep-logs` says how much it will write before it starts
// (sim/sweep/log_size_estimate.hpp); the estimate holds within 20 % of what a small sweep of
// the baseline really writes (the runs' files and sweep.sqlite), in each format.

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "sim/sweep/log_size_estimate.hpp"
#include "tests/cli/shell_run.hpp"

namespace fs = std::filesystem;
using alchemy::testing::run_alchemy;

namespace {

const fs::path kSweep = fs::path(ALCHEMY_SOURCE_DIR) / "tests/data/sweep/keep_logs_baseline.yaml";

std::uintmax_t bytes_under(const fs::path& dir) {
  std::uintmax_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) n += e.file_size();
  return n;
}

// The runs' records a sweep folder holds: runs/ and sweep.sqlite (minus its runs and summary
// tables, a few kB, included: they are the sweep's own results, small beside the logs).
std::uintmax_t log_bytes(const fs::path& out) {
  std::uintmax_t n = fs::exists(out / "runs") ? bytes_under(out / "runs") : 0;
  if (fs::exists(out / "sweep.sqlite")) n += fs::file_size(out / "sweep.sqlite");
  return n;
}

}  // namespace

TEST_CASE("sweep --keep-logs: the stated size is within 20 % of what is written") {
  const auto plan = alchemy::SweepPlan::load(kSweep);
  const auto dir = fs::path(ALCHEMY_TEST_TMP) / "sweep_log_estimate";
  fs::remove_all(dir);
  for (const std::string formats : {"jsonl,csv,sqlite", "csv", "jsonl,sqlite"}) {
    CAPTURE(formats);
    const auto parsed = alchemy::parse_output_formats(formats);
    const auto e = alchemy::estimate_log_size(plan, parsed);
    CHECK(e.runs == 4);
    CHECK(e.ticks == 4 * 2510);
    CHECK(e.series_rows == 4 * 32630);  // 13 firms × 2510 ticks
    const fs::path out = dir / formats;
    const auto r = run_alchemy("sweep '" + kSweep.string() + "' --threads 2 --keep-logs --format " +
                                   formats + " --out '" + out.string() + "'",
                               dir);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    // One line on stderr, before the runs, naming the size and the folder.
    CHECK(r.err.rfind("--keep-logs: about ", 0) == 0);
    CHECK(r.err.find(out.string()) != std::string::npos);
    const auto real = static_cast<double>(log_bytes(out));
    const auto est = static_cast<double>(e.bytes);
    MESSAGE(formats << ": estimated " << est << " bytes, written " << real);
    CHECK(est > 0.8 * real);
    CHECK(est < 1.2 * real);
  }
}

TEST_CASE("sweep --keep-logs --quiet says nothing but the folder") {
  const auto dir = fs::path(ALCHEMY_TEST_TMP) / "sweep_log_estimate_quiet";
  fs::remove_all(dir);
  const auto r =
      run_alchemy("sweep '" + kSweep.string() + "' --threads 2 --keep-logs --quiet --out '" +
                      (dir / "out").string() + "'",
                  dir);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(r.err.empty());
}
