#include "sim/output/progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <string>

namespace alchemy {

namespace {

constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr auto kCheckEvery = std::chrono::milliseconds(10);
constexpr int kBarWidth = 20;

std::string clock_text(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  }
  return buf;
}

}  // namespace

ProgressBar::ProgressBar(std::FILE* out, bool enabled) : out_(out), enabled_(enabled && out) {}

bool ProgressBar::wanted(bool quiet) { return !quiet && ::isatty(STDERR_FILENO) == 1; }

void ProgressBar::begin(const RunHeader& header) {
  total_ = header.total_ticks;
  start_ = last_check_ = last_draw_ = Clock::now();
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
  if (now - last_draw_ >= kRedrawEvery) draw(ticks_done, now);
}

void ProgressBar::draw(std::size_t done, Clock::time_point now) {
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double share = total_ > 0 ? std::min(1.0, static_cast<double>(done) / total_) : 0.0;
  const int filled = static_cast<int>(share * kBarWidth);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(kBarWidth - filled), '.');
  const std::string eta = share > 0.0 ? clock_text(elapsed / share - elapsed) : "?";
  // \r and erase-to-end-of-line: we only draw on a terminal.
  std::fprintf(out_, "\r[%s] %zu/%zu ticks  %s  elapsed %s  eta %s\033[K", bar.c_str(), done,
               total_, date_.iso().c_str(), clock_text(elapsed).c_str(), eta.c_str());
  std::fflush(out_);
  drawn_ = true;
}

void ProgressBar::finish(bool /*complete*/) {
  if (!enabled_ || !drawn_) return;
  std::fputs("\r\033[K", out_);
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace alchemy
