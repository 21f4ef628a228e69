#include "sim/run/network_recorder.hpp"

#include <algorithm>

#include "sim/engine/tick_workspace.hpp"
#include "sim/run/network_snapshot.hpp"

namespace alchemy {

void NetworkRecorder::attach(RunOptions& options) {
  until_ = options.until;
  auto next = std::move(options.after_tick);
  options.after_tick = [this, next = std::move(next)](const World& w) {
    after_tick(w);
    if (next) next(w);
  };
}

void NetworkRecorder::begin(const RunHeader& h) {
  spec_ = h.scenario;
  compiled_.emplace(compile_scenario(*spec_));
  // The whole calendar of the run, also for a resumed one (its ticks before the checkpoint are
  // skipped by the engine, and their dates simply never come).
  const std::vector<Date> dates = tick_dates(*spec_, until_.value_or(spec_->end));
  month_ends_.clear();
  for (std::size_t t = 0; t < dates.size(); ++t) {
    const bool last = t + 1 == dates.size() || dates[t + 1].month() != dates[t].month() ||
                      dates[t + 1].year() != dates[t].year();
    if (last) month_ends_.push_back(dates[t].days());
  }
  // The loop analysis's memo is kept from month to month; it is a cache (results do not depend
  // on it), as the engine's own loop tracking relies on for resumed runs.
  workspace_ = std::make_shared<TickWorkspace>();
}

void NetworkRecorder::after_tick(const World& w) {
  if (!wanted() || spec_ == nullptr) return;
  if (!std::binary_search(month_ends_.begin(), month_ends_.end(), w.date.days())) return;
  MemorySink discard;
  // The analyses read the world only; TickContext holds it mutable because phases write it.
  TickContext ctx{*spec_, const_cast<World&>(w), discard, *compiled_};
  ctx.own_buffers = workspace_;
  for (const NetworkRow& r : network_snapshot(ctx)) {
    if (file_) file_->row(r);
    if (sqlite_) sqlite_->network_row(r);
    if (also_) also_->push_back(r);
  }
}

}  // namespace alchemy
