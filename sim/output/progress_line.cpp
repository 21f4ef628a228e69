#include "sim/output/progress_line.hpp"

namespace alchemy {

std::string ProgressLine::clock_text(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  }
  return buf;
}

void ProgressLine::draw(Clock::time_point now, double share, const std::string& text) {
  if (!enabled_) return;
  last_draw_ = now;
  const int filled = static_cast<int>(share * kBarWidth);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(kBarWidth - filled), '.');
  // Carriage return and erase-to-end-of-line: only drawn on a terminal.
  std::fprintf(out_, "\r[%s] %s\033[K", bar.c_str(), text.c_str());
  std::fflush(out_);
  drawn_ = true;
}

void ProgressLine::erase() {
  if (!enabled_ || !drawn_) return;
  std::fputs("\r\033[K", out_);
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace alchemy
