#include "sim/sweep/sweep_progress.hpp"

#include <algorithm>
#include <string>

namespace alchemy {

SweepProgress::SweepProgress(std::FILE* out, bool enabled, std::size_t total,
                             std::size_t already_done)
    : line_(out, enabled), total_(total), resumed_(already_done), done_(already_done) {
  if (line_.enabled()) draw(line_.started());
}

void SweepProgress::run_done() {
  ++done_;
  if (!line_.enabled()) return;
  const auto now = Clock::now();
  if (line_.redraw_due(now) || done_ == total_) draw(now);
}

void SweepProgress::draw(Clock::time_point now) {
  const double elapsed = line_.elapsed_seconds(now);
  const double share = total_ > 0 ? std::min(1.0, static_cast<double>(done_) / total_) : 1.0;
  const std::size_t fresh = done_ - resumed_;
  const double rate = elapsed > 0.0 ? static_cast<double>(fresh) / elapsed : 0.0;
  const std::string eta =
      rate > 0.0 ? ProgressLine::clock_text(static_cast<double>(total_ - done_) / rate) : "?";
  char rate_text[32];
  std::snprintf(rate_text, sizeof rate_text, "%.3g", rate);
  line_.draw(now, share,
             std::to_string(done_) + "/" + std::to_string(total_) + " runs  " + rate_text +
                 " runs/s  elapsed " + ProgressLine::clock_text(elapsed) + "  eta " + eta);
}

void SweepProgress::finish() {
  line_.erase();
}

}  // namespace alchemy
