#include "sim/output/progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <string>

namespace alchemy {

namespace {

constexpr auto kCheckEvery = std::chrono::milliseconds(10);

}  // namespace

ProgressBar::ProgressBar(std::FILE* out, bool enabled) : line_(out, enabled) {}

bool ProgressBar::wanted(bool quiet) {
  return !quiet && ::isatty(STDERR_FILENO) == 1;
}

void ProgressBar::begin(const RunHeader& header) {
  total_ = header.total_ticks;
  last_check_ = Clock::now();
  line_.start(last_check_);
}

void ProgressBar::check(std::size_t ticks_done) {
  since_check_ = 0;
  const auto now = Clock::now();
  // Aim at one clock read per ~10 ms whatever a tick costs.
  const auto gap = now - last_check_;
  if (gap < kCheckEvery / 2 && stride_ < (std::size_t{1} << 20)) {
    stride_ *= 2;
  } else if (gap > kCheckEvery * 2 && stride_ > 1) {
    stride_ /= 2;
  }
  last_check_ = now;
  if (line_.redraw_due(now)) draw(ticks_done, now);
}

void ProgressBar::draw(std::size_t done, Clock::time_point now) {
  const double elapsed = line_.elapsed_seconds(now);
  const double share = total_ > 0 ? std::min(1.0, static_cast<double>(done) / total_) : 0.0;
  const std::string eta = share > 0.0 ? ProgressLine::clock_text(elapsed / share - elapsed) : "?";
  line_.draw(now, share,
             std::to_string(done) + "/" + std::to_string(total_) + " ticks  " + date_.iso() +
                 "  elapsed " + ProgressLine::clock_text(elapsed) + "  eta " + eta);
}

void ProgressBar::finish(bool /*complete*/) {
  line_.erase();
}

}  // namespace alchemy
