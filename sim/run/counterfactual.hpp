#pragma once
// A counterfactual rescue (issue 18, item 3): the run as it was up to the tick before a date, then
// one firm backstopped (MODEL.md §7.15: an outside rescuer pays what it owes when due, so it does
// not default) and the run continued. The fork is the engine's own — the same world copied at
// that tick, so every random stream continues where it was (common random numbers) — and the two
// runs differ only by the rescue. In-process: nothing is written.

#include <cstdint>
#include <functional>
#include <optional>

#include "market/date.hpp"
#include "sim/world/output_sink.hpp"
#include "sim/world/scenario_spec.hpp"
#include "sim/world/world.hpp"

namespace alchemy {

struct RescueFork {
  Date forked_at;   // the tick before `from`: the world both runs share
  World at_fork;    // the world after that tick
  MemorySink fork;  // the fork's records, from the tick after `forked_at` on
};

// Runs `spec` (generated network already expanded) with `seed` from its start to the last tick
// before `from`, rescues `firm` there and continues to `until` (default: the scenario's end).
// Throws std::invalid_argument if `from` is not after the first tick or the firm has defaulted
// by then.
RescueFork rescue_fork(const ScenarioSpec& spec, std::uint64_t seed, std::int32_t firm, Date from,
                       std::optional<Date> until = std::nullopt);

// The fork alone, for a caller that copied the world after the tick before itself (as
// rescue_fork does, inside a run that goes on): `firm` backstopped in a copy of `at_fork`, the run
// continued to `until` (default: the scenario's end) into `sink`, `after_tick` called after each
// of its ticks. Throws std::invalid_argument if the firm has defaulted in `at_fork`.
void continue_rescued(const ScenarioSpec& spec, const World& at_fork, std::int32_t firm,
                      OutputSink& sink, std::optional<Date> until = std::nullopt,
                      const std::function<void(const World&)>& after_tick = {});

// The first `default` of `firm` in a run's events, if any.
std::optional<Date> first_default(const MemorySink& run, std::int32_t firm);

}  // namespace alchemy
