// The progress line of runs and sweeps (sim/output/progress_line.hpp), byte for byte as a
// terminal receives it.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "sim/output/progress_bar.hpp"
#include "sim/output/progress_line.hpp"
#include "sim/sweep/sweep_progress.hpp"

using namespace alchemy;
using namespace std::chrono_literals;

namespace {

// A temporary FILE* and what was written to it.
class Capture {
 public:
  Capture() : f_(std::tmpfile()) { REQUIRE(f_ != nullptr); }
  ~Capture() { std::fclose(f_); }
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;
  std::FILE* file() const { return f_; }
  // Everything written since the last call.
  std::string take() {
    std::fflush(f_);
    const long end = std::ftell(f_);
    std::string out(static_cast<std::size_t>(end - read_), '\0');
    std::fseek(f_, read_, SEEK_SET);
    out.resize(std::fread(out.data(), 1, out.size(), f_));
    std::fseek(f_, end, SEEK_SET);
    read_ = end;
    return out;
  }

 private:
  std::FILE* f_;
  long read_ = 0;
};

bool starts_with(const std::string& s, const std::string& p) {
  return s.rfind(p, 0) == 0;
}
bool ends_with(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

}  // namespace

TEST_CASE("ProgressLine::clock_text: m:ss under an hour, h:mm:ss from an hour on") {
  CHECK(ProgressLine::clock_text(0) == "0:00");
  CHECK(ProgressLine::clock_text(0.49) == "0:00");
  CHECK(ProgressLine::clock_text(59) == "0:59");
  CHECK(ProgressLine::clock_text(59.5) == "1:00");  // rounded to the second
  CHECK(ProgressLine::clock_text(61) == "1:01");
  CHECK(ProgressLine::clock_text(3599) == "59:59");
  CHECK(ProgressLine::clock_text(3600) == "1:00:00");
  CHECK(ProgressLine::clock_text(3661) == "1:01:01");
  CHECK(ProgressLine::clock_text(36000 + 59 * 60 + 9) == "10:59:09");
}

TEST_CASE("ProgressLine: draws the bar and text in place, and erases what it drew") {
  Capture out;
  const auto t0 = ProgressLine::Clock::now();
  ProgressLine line(out.file(), true, t0);
  CHECK(out.take().empty());
  line.draw(t0, 0.0, "zero");
  CHECK(out.take() == "\r[....................] zero\033[K");
  line.draw(t0, 0.5, "half 50%");
  CHECK(out.take() == "\r[##########..........] half 50%\033[K");
  line.draw(t0, 0.99, "");
  CHECK(out.take() == "\r[###################.] \033[K");
  line.draw(t0, 1.0, "all");
  CHECK(out.take() == "\r[####################] all\033[K");
  line.erase();
  CHECK(out.take() == "\r\033[K");
  line.erase();  // nothing drawn since
  CHECK(out.take().empty());
}

TEST_CASE("ProgressLine: redraws at most every 100 ms, and elapsed time counts from the start") {
  const auto t0 = ProgressLine::Clock::now();
  ProgressLine line(nullptr, true, t0);
  CHECK_FALSE(line.enabled());  // no FILE: nothing to draw on
  CHECK_FALSE(line.redraw_due(t0 + 99ms));
  CHECK(line.redraw_due(t0 + 100ms));
  line.draw(t0 + 150ms, 0.5, "");  // disabled: no draw, so the last draw is still t0
  CHECK(line.redraw_due(t0 + 150ms));

  Capture out;
  ProgressLine on(out.file(), true, t0);
  on.draw(t0 + 150ms, 0.5, "");
  CHECK_FALSE(on.redraw_due(t0 + 249ms));
  CHECK(on.redraw_due(t0 + 250ms));
  CHECK(on.elapsed_seconds(t0 + 1500ms) == doctest::Approx(1.5));
  on.start(t0 + 1s);
  CHECK(on.started() == t0 + 1s);
  CHECK(on.elapsed_seconds(t0 + 1500ms) == doctest::Approx(0.5));
  CHECK_FALSE(on.redraw_due(t0 + 1099ms));
}

TEST_CASE("ProgressLine: disabled, it writes nothing") {
  Capture out;
  ProgressLine line(out.file(), false);
  line.draw(ProgressLine::Clock::now(), 1.0, "x");
  line.erase();
  CHECK(out.take().empty());
}

TEST_CASE("SweepProgress: its line, drawn at once and at the last run") {
  Capture out;
  {
    SweepProgress p(out.file(), true, 4, 1);  // one run resumed from the journal
    CHECK(out.take() == "\r[#####...............] 1/4 runs  0 runs/s  elapsed 0:00  eta ?\033[K");
    p.run_done();
    p.run_done();  // drawn only when 100 ms have passed, or at the last run
    p.run_done();
    const std::string last = out.take();
    CHECK(starts_with(last, "\r[####################] 4/4 runs  "));
    CHECK(ends_with(last, " runs/s  elapsed 0:00  eta 0:00\033[K"));
    p.finish();
    CHECK(out.take() == "\r\033[K");
  }
  SweepProgress quiet(out.file(), false, 4, 0);
  quiet.run_done();
  quiet.finish();
  CHECK(out.take().empty());
}

TEST_CASE("ProgressBar: ticks, the date, elapsed and ETA, erased on finish") {
  Capture out;
  ProgressBar bar(out.file(), true);
  RunHeader header;
  header.total_ticks = 4;
  bar.begin(header);
  MarketRow row;
  row.date = Date::from_ymd(2025, 1, 2);
  bar.market(row);
  bar.tick_done(1);  // within 100 ms of the start: not drawn
  CHECK(out.take().empty());
  std::this_thread::sleep_for(120ms);
  // The clock is read every `stride` ticks (1 or 2 by now): a few ticks reach a read.
  std::string line;
  for (int i = 0; i < 4 && line.empty(); ++i) {
    bar.tick_done(3);
    line = out.take();
  }
  CHECK(starts_with(line, "\r[###############.....] 3/4 ticks  2025-01-02  elapsed 0:0"));
  CHECK(line.find("  eta 0:0") != std::string::npos);
  CHECK(ends_with(line, "\033[K"));
  bar.finish(true);
  CHECK(out.take() == "\r\033[K");
  bar.finish(true);
  CHECK(out.take().empty());
}
