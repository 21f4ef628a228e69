#pragma once
// The progress line of a sweep on a terminal, e.g.
//   [#######.............]  141/400 runs  3.2 runs/s  elapsed 0:44  eta 1:21
// Counts include runs resumed from the journal; the rate and ETA count only this session's.
// Redraws at most ~10 times a second (sim/output/progress_line.hpp); finish() erases the line.

#include <cstddef>
#include <cstdio>

#include "sim/output/progress_line.hpp"

namespace alchemy {

class SweepProgress {
 public:
  // enabled = false makes every call a no-op (--quiet, stderr not a terminal, MPI rank > 0).
  SweepProgress(std::FILE* out, bool enabled, std::size_t total, std::size_t already_done);
  void run_done();  // one more run finished
  void finish();

 private:
  using Clock = ProgressLine::Clock;
  void draw(Clock::time_point now);

  ProgressLine line_;
  std::size_t total_;
  std::size_t resumed_;
  std::size_t done_;
};

}  // namespace alchemy
