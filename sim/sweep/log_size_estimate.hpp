#pragma once
// What `alchemy sweep --keep-logs` will write, said before it starts (the example sweep with
// `--format csv,sqlite` writes 1.6 GB). Estimated per run from its scenario's shape — ticks,
// series rows (ticks at `record.series_every` × firms, synthetic ones included), verbosity —
// and a measured size per record and format:
//
//   format  per series row  per tick (market, loops, events)
//   csv     236 B           59 B  (market.csv 54 B, loops.csv 4 B a tick)
//   jsonl   —               207 B (events at default verbosity), 2,420 B with verbose_events
//   sqlite  151 B           350 B, and 1,200 B more a tick with verbose_events
//
// Measured on the baseline (`alchemy run configs/ai_compute_2025.yaml --format jsonl,csv`:
// 2,510 ticks, 25,100 series rows; series.csv 4.69 MB, market.csv 137 kB, loops.csv 11 kB,
// events.jsonl 78 kB; with --verbose-events events.jsonl 6.08 MB) and, for sqlite, on what a
// sweep keeps: the runs' rows merged into sweep.sqlite (4 baseline runs: 14.2 MB, 3.5 MB a run;
// a lone run.sqlite is 4.85 MB, its per-run indexes). Events per tick measured again once firms
// projected their cash (issue 17; they live longer, and their loans repay month after month):
// tests/data/sweep/keep_logs_baseline.yaml's runs write 400–485 kB of events.jsonl each and
// 4.64 MB of sweep.sqlite each, of which 3.75 MB are series rows. On the example sweep with
// `--format csv,sqlite` this gives 1.7 GB (1.6 GB measured). Events depend on what happens
// (1,000 defaults write 180 kB of events in a month) and synthetic firms' rows are shorter (the
// Gai–Kapadia degree sweep: 271 MB estimated, 218 MB written), so the estimate is a size to
// expect, not a bound: tests/sim/log_size_estimate_test.cpp holds it within 20 % of a small
// baseline sweep's real size. Measured again with the default_probability column (issue 17,
// §7.20): that sweep's runs write 6.5 MB of series.csv (236 B a row: firms that live longer carry
// more non-zero figures), 520 kB of events.jsonl and 5.06 MB of sweep.sqlite each.

#include <cstdint>
#include <string>

#include "sim/output/run_outputs.hpp"
#include "sim/sweep/sweep_plan.hpp"

namespace alchemy {

struct LogSizeEstimate {
  std::uint64_t bytes = 0;        // every run's records in the chosen formats
  std::size_t runs = 0;           // runs planned
  std::uint64_t ticks = 0;        // ticks over all runs
  std::uint64_t series_rows = 0;  // series rows over all runs
};

// The size of the runs' records `formats` keeps for the runs of `plan` (the runs' own files,
// or their rows merged into sweep.sqlite). Reads at most 64 points' scenarios, evenly spaced,
// and scales to all points.
LogSizeEstimate estimate_log_size(const SweepPlan& plan, const OutputFormats& formats);

// "--keep-logs: about 1.6 GB of run records (200 runs × 2,510 ticks, jsonl,csv) in out/x"
std::string describe_log_size(const LogSizeEstimate& e, const OutputFormats& formats,
                              const std::string& where);

}  // namespace alchemy
