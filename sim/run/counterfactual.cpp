#include "sim/run/counterfactual.hpp"

#include <stdexcept>

#include "sim/engine/engine.hpp"

namespace alchemy {

namespace {

// Discards what the shared prefix emits.
class NullSink final : public OutputSink {
 public:
  Wants wants() const override { return wants_nothing; }
  void event(const Event&) override {}
};

}  // namespace

RescueFork rescue_fork(const ScenarioSpec& spec, std::uint64_t seed, std::int32_t firm, Date from,
                       std::optional<Date> until) {
  if (firm < 0 || static_cast<std::size_t>(firm) >= spec.firms.size())
    throw std::invalid_argument("rescue_fork: no firm " + std::to_string(firm));
  const std::vector<Date> dates = tick_dates(spec, from);
  std::optional<Date> before;
  for (const Date d : dates) {
    if (d < from) before = d;
  }
  if (!before) throw std::invalid_argument("rescue_fork: " + from.iso() + " is the first tick");
  RescueFork out;
  out.forked_at = *before;
  // The world is copied after the tick, inside a run that goes on: a run that stopped there
  // would record its last tick and reset the period flows, a state the full run never passes
  // through (sim/run/run_checkpointer.hpp).
  bool copied = false;
  RunOptions to_fork;
  to_fork.until = from;
  to_fork.after_tick = [&](const World& w) {
    if (w.date == *before) {
      out.at_fork = w;
      copied = true;
    }
  };
  NullSink discard;
  run_scenario(spec, seed, discard, to_fork);
  if (!copied) throw std::logic_error("rescue_fork: the tick before was not simulated");
  continue_rescued(spec, out.at_fork, firm, out.fork, until);
  return out;
}

void continue_rescued(const ScenarioSpec& spec, const World& at_fork, std::int32_t firm,
                      OutputSink& sink, std::optional<Date> until,
                      const std::function<void(const World&)>& after_tick) {
  if (firm < 0 || static_cast<std::size_t>(firm) >= at_fork.firms.size())
    throw std::invalid_argument("continue_rescued: no firm " + std::to_string(firm));
  if (at_fork.firms[static_cast<std::size_t>(firm)].defaulted) {
    throw std::invalid_argument("rescue_fork: " + spec.firms[static_cast<std::size_t>(firm)].id +
                                " has defaulted by " + at_fork.date.iso());
  }
  World w = at_fork;
  w.firms[static_cast<std::size_t>(firm)].backstopped = true;
  RunOptions rest;
  rest.until = until;
  rest.after_tick = after_tick;
  continue_run(spec, w, sink, rest);
}

std::optional<Date> first_default(const MemorySink& run, std::int32_t firm) {
  for (const Event& e : run.events) {
    if (e.type == EventType::default_ && e.firm == firm) return e.date;
  }
  return std::nullopt;
}

}  // namespace alchemy
