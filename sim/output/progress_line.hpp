#pragma once
// The one-line progress display of a run (progress_bar.hpp) and of a sweep
// (sim/sweep/sweep_progress.hpp) on a terminal:
//   [###########.........] <text>
// redrawn in place (carriage return, then erase to the end of the line) at most every 100 ms,
// and erased on finish so what follows starts on a clean line. The callers say what the text
// is and when to look at the clock.

#include <chrono>
#include <cstdio>
#include <string>

namespace alchemy {

class ProgressLine {
 public:
  using Clock = std::chrono::steady_clock;

  // enabled = false (or no `out`) makes draw and erase no-ops. The clock starts now.
  ProgressLine(std::FILE* out, bool enabled, Clock::time_point start = Clock::now())
      : out_(out), enabled_(enabled && out != nullptr), start_(start), last_draw_(start) {}

  bool enabled() const { return enabled_; }
  // Restarts the clock (elapsed time counts from here).
  void start(Clock::time_point now) { start_ = last_draw_ = now; }
  Clock::time_point started() const { return start_; }
  // At least 100 ms since the last draw (or the start).
  bool redraw_due(Clock::time_point now) const { return now - last_draw_ >= kRedrawEvery; }
  double elapsed_seconds(Clock::time_point now) const {
    return std::chrono::duration<double>(now - start_).count();
  }
  // Prints "\r[" + a 20-character bar, `share` (0 to 1) of it '#', the rest '.' + "] " + text +
  // "\033[K" and flushes.
  void draw(Clock::time_point now, double share, const std::string& text);
  // Erases the line if one was drawn.
  void erase();

  // Seconds, rounded, as m:ss, or h:mm:ss from an hour on.
  static std::string clock_text(double seconds);

 private:
  static constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
  static constexpr int kBarWidth = 20;

  std::FILE* out_;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_;
  Clock::time_point last_draw_;
};

}  // namespace alchemy
