#include "sim/sweep/log_size_estimate.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "sim/engine/engine.hpp"

namespace alchemy {

namespace {

// Bytes per record, measured as described in the header.
struct PerFormat {
  double series_row;
  double tick;
  double verbose_tick;  // added per tick when events are verbose
};
constexpr PerFormat kCsv{236.0, 59.0, 0.0};
constexpr PerFormat kJsonl{0.0, 207.0, 2420.0};
constexpr PerFormat kSqlite{151.0, 350.0, 1200.0};  // merged into sweep.sqlite

// Ticks that write series rows: the first, the last, and each start of a new period (the rule
// of sim/engine/phase_record.cpp).
std::uint64_t series_steps(const std::vector<Date>& dates, StepUnit every) {
  std::uint64_t steps = 0;
  for (std::size_t t = 0; t < dates.size(); ++t) {
    bool due = t == 0 || t + 1 == dates.size();
    if (!due) {
      const Date d = dates[t], prev = dates[t - 1];
      switch (every) {
        case StepUnit::day:
          due = true;
          break;
        case StepUnit::week:
          due = (d.days() + 3) / 7 != (prev.days() + 3) / 7;
          break;
        case StepUnit::month:
          due = d.month() != prev.month() || d.year() != prev.year();
          break;
      }
    }
    steps += due ? 1 : 0;
  }
  return steps;
}

double bytes_of(const PerFormat& f, std::uint64_t ticks, std::uint64_t rows, bool verbose) {
  return f.series_row * static_cast<double>(rows) +
         (f.tick + (verbose ? f.verbose_tick : 0.0)) * static_cast<double>(ticks);
}

std::string human_bytes(double b) {
  char buf[32];
  if (b >= 1e9) {
    std::snprintf(buf, sizeof buf, "%.1f GB", b / 1e9);
  } else if (b >= 1e6) {
    std::snprintf(buf, sizeof buf, "%.0f MB", b / 1e6);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f kB", b / 1e3);
  }
  return buf;
}

std::string grouped(std::uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
    s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

}  // namespace

LogSizeEstimate estimate_log_size(const SweepPlan& plan, const OutputFormats& formats) {
  constexpr std::size_t kMaxPointsRead = 64;
  const std::size_t points = plan.points();
  const std::size_t read = std::min(points, kMaxPointsRead);
  double bytes = 0.0, ticks = 0.0, rows = 0.0;
  for (std::size_t k = 0; k < read; ++k) {
    const LoadedScenario s = plan.scenario(k * points / read);
    const ScenarioSpec& spec = s.spec;
    const std::vector<Date> dates = tick_dates(spec, spec.end);
    const std::uint64_t firms = spec.firms.size() + (spec.network ? spec.network->n : 0);
    const std::uint64_t t = dates.size();
    const std::uint64_t r = series_steps(dates, spec.record.series_every) * firms;
    const bool verbose = spec.record.verbose_events;
    if (formats.csv) bytes += bytes_of(kCsv, t, r, verbose);
    if (formats.jsonl) bytes += bytes_of(kJsonl, t, r, verbose);
    if (formats.sqlite) bytes += bytes_of(kSqlite, t, r, verbose);
    ticks += static_cast<double>(t);
    rows += static_cast<double>(r);
  }
  // Each point runs `seeds` times; the points read stand for all of them.
  const double scale = read == 0 ? 0.0
                                 : static_cast<double>(plan.seeds()) * static_cast<double>(points) /
                                       static_cast<double>(read);
  LogSizeEstimate e;
  e.runs = plan.runs();
  e.bytes = static_cast<std::uint64_t>(bytes * scale);
  e.ticks = static_cast<std::uint64_t>(ticks * scale);
  e.series_rows = static_cast<std::uint64_t>(rows * scale);
  return e;
}

std::string describe_log_size(const LogSizeEstimate& e, const OutputFormats& formats,
                              const std::string& where) {
  const std::uint64_t per_run = e.runs == 0 ? 0 : e.ticks / e.runs;
  return "--keep-logs: about " + human_bytes(static_cast<double>(e.bytes)) + " of run records (" +
         grouped(e.runs) + " runs × " + grouped(per_run) + " ticks, " + grouped(e.series_rows) +
         " series rows; " + formats.str() + ") in " + where;
}

}  // namespace alchemy
