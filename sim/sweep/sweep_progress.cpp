#include "sim/sweep/sweep_progress.hpp"

#include <algorithm>
#include <string>

namespace alchemy {

namespace {

constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
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

SweepProgress::SweepProgress(std::FILE* out, bool enabled, std::size_t total,
                             std::size_t already_done)
    : out_(out),
      enabled_(enabled && out != nullptr),
      total_(total),
      resumed_(already_done),
      done_(already_done),
      start_(Clock::now()),
      last_draw_(start_) {
  if (enabled_) draw(start_);
}

void SweepProgress::run_done() {
  ++done_;
  if (!enabled_) return;
  const auto now = Clock::now();
  if (now - last_draw_ >= kRedrawEvery || done_ == total_) draw(now);
}

void SweepProgress::draw(Clock::time_point now) {
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double share = total_ > 0 ? std::min(1.0, static_cast<double>(done_) / total_) : 1.0;
  const int filled = static_cast<int>(share * kBarWidth);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(kBarWidth - filled), '.');
  const std::size_t fresh = done_ - resumed_;
  const double rate = elapsed > 0.0 ? static_cast<double>(fresh) / elapsed : 0.0;
  const std::string eta = rate > 0.0 ? clock_text(static_cast<double>(total_ - done_) / rate) : "?";
  std::fprintf(out_, "\r[%s] %zu/%zu runs  %.3g runs/s  elapsed %s  eta %s\033[K", bar.c_str(),
               done_, total_, rate, clock_text(elapsed).c_str(), eta.c_str());
  std::fflush(out_);
  drawn_ = true;
}

void SweepProgress::finish() {
  if (!enabled_ || !drawn_) return;
  std::fputs("\r\033[K", out_);
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace alchemy
