#pragma once
// A one-line progress bar on a terminal: ticks done / total, the simulated date, elapsed time
// and ETA, e.g.
//   [###########.........]  1262/2520 ticks  2029-12-31  elapsed 0:12  eta 0:12
// It redraws at most ~10 times a second (progress_line.hpp). tick_done is called every tick, so
// it reads the clock only every `stride` ticks and adapts the stride to keep that to ~100 reads
// a second. The line is erased on finish, so what follows (the summary) starts on a clean line.

#include <chrono>
#include <cstdio>

#include "sim/output/progress_line.hpp"
#include "sim/world/output_sink.hpp"

namespace alchemy {

class ProgressBar final : public OutputSink {
 public:
  // enabled = false makes every call a no-op (--quiet, or stderr not a terminal).
  ProgressBar(std::FILE* out, bool enabled);
  // stderr when it is a terminal and not quiet.
  static bool wanted(bool quiet);

  Wants wants() const override { return {false, true, false}; }  // the date, from market rows
  void begin(const RunHeader& header) override;
  void event(const Event&) override {}
  void market(const MarketRow& row) override { date_ = row.date; }
  void series(const SeriesRow& row) override { date_ = row.date; }
  void tick_done(std::size_t ticks_done) override {
    if (!line_.enabled() || ++since_check_ < stride_) return;
    check(ticks_done);
  }
  void finish(bool complete) override;

 private:
  using Clock = ProgressLine::Clock;
  void check(std::size_t ticks_done);
  void draw(std::size_t ticks_done, Clock::time_point now);

  ProgressLine line_;
  std::size_t total_ = 0;
  Date date_;
  std::size_t stride_ = 1;
  std::size_t since_check_ = 0;
  Clock::time_point last_check_;
};

}  // namespace alchemy
